//! `Client::with_timeout`: one call given less time than the client's default gives up at
//! its own deadline, retries included, while the client keeps its default.

use std::time::Instant;

use super::*;

#[test]
fn a_per_call_timeout_fires_well_before_the_clients_default() -> TestResult {
    let sandbox = Sandbox::start()?;
    // Answers only after 5 s; the client would wait up to 20 s.
    let slow = fixed_answer(
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n".to_vec(),
        Duration::from_secs(5),
    );
    let client = sandbox
        .client_builder()?
        .base_url(&slow)
        .no_backup()
        .timeout(Duration::from_secs(20))
        .retry_policy(fast_retries(5))
        .build()?;
    let quick = client.with_timeout(Duration::from_millis(300))?;
    assert_eq!(quick.call_timeout(), Some(Duration::from_millis(300)));
    assert_eq!(client.call_timeout(), None, "the client keeps its default");

    let started = Instant::now();
    let err = quick
        .get_user_coupon(&GetUserCouponRequest::new(seed::coupon(seed::COUPON_CODE)?))
        .expect_err("the server answers after the deadline");
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    let last = match err {
        Error::RetriesExhausted { last, .. } => *last,
        other => other,
    };
    let transport = expect_transport(last);
    assert!(
        matches!(transport.kind, TransportErrorKind::Timeout(_)),
        "{transport:?}"
    );
    Ok(())
}

#[test]
fn per_call_timeouts_are_bounded_like_the_builders() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, RetryPolicy::none())?;
    for bad in [Duration::ZERO, Duration::from_secs(2 * 3600)] {
        let err = client.with_timeout(bad).expect_err("out of bounds");
        assert!(
            matches!(
                err,
                Error::Config {
                    setting: "with_timeout",
                    ..
                }
            ),
            "{err}"
        );
    }
    // A view works like its client.
    let view = client.with_timeout(Duration::from_secs(5))?;
    let response = view.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSETIMEOUT001"))?;
    assert_used_once(&sandbox, &response, "MCHUSETIMEOUT001");
    Ok(())
}

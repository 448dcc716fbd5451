//! Clock skew between the client and the gateway, and what the errors say about it.

use super::*;

/// Queues `fault`, calls with retries on, and returns the verification failure, checking
/// that the call was not retried.
fn verification_failure_not_retried(fault: Fault) -> VerifyFailure {
    let sandbox = Sandbox::start().expect("sandbox starts");
    let client = client_with(&sandbox, fast_retries(3)).expect("client builds");
    sandbox.push_fault(fault);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEVERIFY0001"))
        .expect_err("an unverifiable response");
    assert!(!err.is_retry_safe());
    assert_eq!(
        sandbox.requests_served(),
        1,
        "verification failures are final"
    );
    match err {
        Error::Verification(e) => {
            assert_sandbox_request_id(e.request_id.as_deref());
            e.reason
        }
        other => panic!("expected Error::Verification, got {other:?}"),
    }
}

/// The skew `local - server` of a timestamp failure, after checking its Display names it.
fn reported_skew(reason: VerifyFailure) -> i64 {
    let text = reason.to_string();
    let VerifyFailure::TimestampOutOfWindow { server, local, .. } = reason else {
        panic!("expected TimestampOutOfWindow, got {reason:?}");
    };
    let skew = local - server;
    let direction = if skew >= 0 { "ahead of" } else { "behind" };
    let expected = format!(
        "local clock ({local}) is {} s {direction} the server's",
        skew.abs()
    );
    assert!(text.contains(&expected), "{text:?} lacks {expected:?}");
    skew
}

#[test]
fn stale_response_reports_local_clock_600s_ahead() {
    let skew = reported_skew(verification_failure_not_retried(Fault::Stale));
    // The sandbox signs with its clock minus 600 s; the client reads its clock afterwards.
    assert!((600..=601).contains(&skew), "skew {skew}");
}

#[test]
fn future_dated_response_reports_local_clock_600s_behind() {
    let skew = reported_skew(verification_failure_not_retried(Fault::FutureDated));
    assert!((-600..=-599).contains(&skew), "skew {skew}");
}

#[test]
fn sandbox_clock_250s_behind_fails_a_200s_window_and_says_so() -> TestResult {
    let sandbox = Sandbox::start()?;
    // 250 s is within the sandbox's own 300 s check of the request, but outside this
    // client's 200 s window for the response.
    sandbox.set_clock_skew(-250);
    let client = sandbox
        .client_builder()?
        .timestamp_window(200)
        .retry_policy(fast_retries(3))
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSESKEW000001"))
        .expect_err("out of window");
    assert_eq!(sandbox.requests_served(), 1);
    let reason = match err {
        Error::Verification(e) => e.reason,
        other => panic!("expected Error::Verification, got {other:?}"),
    };
    let skew = reported_skew(reason);
    assert!((250..=251).contains(&skew), "skew {skew}");
    Ok(())
}

#[test]
fn local_clock_1000s_ahead_rejects_good_response_as_out_of_window() -> TestResult {
    let sandbox = Arc::new(Sandbox::start()?);
    let observed = Arc::clone(&sandbox);
    // The request is signed with the real time (the sandbox accepts it); once the sandbox has
    // received it, the local clock jumps 1000 s ahead, so the correctly signed response falls
    // outside the window.
    let client = sandbox
        .client_builder()?
        .retry_policy(fast_retries(3))
        .clock(move || {
            let real_now = time::OffsetDateTime::now_utc().unix_timestamp();
            if observed.requests_served() == 0 {
                real_now
            } else {
                real_now + 1000
            }
        })
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECLOCK00001"))
        .expect_err("response outside the window");
    assert_sandbox_request_id(err.request_id());
    assert!(!err.is_retry_safe());
    assert_eq!(sandbox.requests_served(), 1, "not retried");
    let reason = match err {
        Error::Verification(e) => e.reason,
        other => panic!("expected Error::Verification, got {other:?}"),
    };
    let VerifyFailure::TimestampOutOfWindow { window, .. } = reason else {
        panic!("expected TimestampOutOfWindow, got {reason:?}");
    };
    assert_eq!(window, 300);
    let skew = reported_skew(reason);
    assert!((1000..=1001).contains(&skew), "skew {skew}");
    Ok(())
}

/// The sandbox's time offset moves the coupons' date only: a seeded coupon is reported
/// EXPIRED and refused once the offset takes the date past its validity, while the answers
/// stay signed on the real clock, so a client with the system clock verifies them.
#[test]
fn a_time_offset_expires_the_seeded_coupons_and_leaves_the_signatures_on_real_time() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, RetryPolicy::none())?;
    let query = GetUserCouponRequest::new(seed::coupon(seed::COUPON_CODE)?);
    let state = |client: &Client| -> Result<String, Error> {
        Ok(client
            .get_user_coupon(&query)?
            .parse()?
            .coupon_state
            .to_string())
    };
    assert_eq!(state(&client)?, "EFFECTIVE");
    let start = sandbox.now();

    sandbox.set_time_offset(31 * 24 * 3600);
    assert_eq!(sandbox.time_offset(), 31 * 24 * 3600);
    let moved = sandbox.now() - start;
    assert!(
        moved >= time::Duration::days(31)
            && moved < time::Duration::days(31) + time::Duration::minutes(1)
    );
    assert_eq!(state(&client)?, "EXPIRED"); // a verified answer
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOFFSET0001"))
        .expect_err("past its validity");
    let api = err.api_error().expect("a verified API error");
    assert_eq!((api.status, api.code.as_str()), (403, "NOT_ENOUGH"));

    // Back to the present: usable again.
    sandbox.set_time_offset(0);
    assert_eq!(state(&client)?, "EFFECTIVE");
    Ok(())
}

/// The gateway's skew, by contrast, moves the signatures: answers carry the shifted
/// timestamp, so a client whose clock has the same offset verifies them and one on the
/// system clock does not.
#[test]
fn a_skewed_gateway_signs_on_its_clock_and_a_client_on_the_same_clock_verifies() -> TestResult {
    let sandbox = Sandbox::start()?;
    let skew = 3600;
    sandbox.set_clock_skew(skew);
    let shifted = sandbox
        .client_builder()?
        .retry_policy(RetryPolicy::none())
        .clock(move || OffsetDateTime::now_utc().unix_timestamp() + skew)
        .build()?;
    let used = shifted.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSESKEW0001"))?;
    let timestamp: i64 = used
        .raw()
        .header(headers::TIMESTAMP)
        .and_then(|t| t.parse().ok())
        .expect("a Wechatpay-Timestamp");
    let expected = OffsetDateTime::now_utc().unix_timestamp() + skew;
    assert!(
        (timestamp - expected).abs() <= 5,
        "{timestamp} vs {expected}"
    );

    let real = client_with(&sandbox, RetryPolicy::none())?;
    let err = real
        .use_coupon(&use_request(seed::SECOND_COUPON_CODE, "MCHUSESKEW0002"))
        .expect_err("an hour off");
    // The gateway refuses the request signed an hour before its clock.
    assert_eq!(err.api_error().map(|e| e.code.as_str()), Some("SIGN_ERROR"));
    Ok(())
}

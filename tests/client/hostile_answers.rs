//! Hostile 3xx / 2xx answers: redirects, empty and non-UTF-8 signed bodies, huge bodies.

use super::*;

#[test]
fn redirect_is_returned_as_api_error_not_followed_nor_retried() -> TestResult {
    let sandbox = Sandbox::start()?;
    let elsewhere = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Redirect(format!(
        "{}{}",
        elsewhere.base_url(),
        use_path(seed::OPENID, seed::COUPON_CODE)
    )));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEREDIRECT01"))
        .expect_err("a redirect is an error");
    assert_eq!(expect_api(err).status, 302);
    assert_eq!(sandbox.requests_served(), 1);
    assert_eq!(elsewhere.connections_accepted(), 0);
    assert_eq!(
        state_of(&elsewhere, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn signed_empty_2xx_body_is_verified_then_fails_to_decode() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::EmptyBody);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEEMPTY00001"))?;
    assert!(response.raw().body().is_empty());
    let err = response.parse().expect_err("an empty body is no entity");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_sandbox_request_id(err.request_id());
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

#[test]
fn signed_non_utf8_body_is_verified_then_fails_to_decode() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::NonUtf8Body);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSENONUTF801"))?;
    assert!(std::str::from_utf8(response.raw().body()).is_err());
    let err = response.parse().expect_err("a non-UTF-8 body is no entity");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_sandbox_request_id(err.request_id());
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

#[test]
fn huge_body_over_default_limit_is_body_too_large_and_not_retried() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::HugeBody(8 * 1024 * 1024));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEHUGE000001"))
        .expect_err("body over the limit");
    assert!(!err.is_retry_safe());
    assert_eq!(
        expect_transport(err).kind,
        TransportErrorKind::BodyTooLarge {
            limit: DEFAULT_BODY_LIMIT
        }
    );
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

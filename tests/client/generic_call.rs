//! The generic `call`: verified raw responses, the `/v3/` prefix, and its retry rules (GET
//! is retried after 500, POST only after 429).

use super::*;

#[test]
fn generic_call_returns_verified_raw_response() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let body = use_body("MCHUSEGENERIC001");
    let raw = client.call(
        Method::Post,
        &use_path(seed::OPENID, seed::COUPON_CODE),
        &[],
        Some(&body),
    )?;
    assert_eq!(raw.status(), 200);
    assert!(raw.request_id().is_some());
    let coupon: UserProductCouponEntity<'_> = raw.json()?;
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    assert_eq!(
        coupon
            .single_usage_detail
            .and_then(|u| u.use_request_no)
            .as_deref(),
        Some("MCHUSEGENERIC001")
    );
    assert_eq!(sandbox.received_bodies(), vec![body]);
    Ok(())
}

#[test]
fn generic_call_without_v3_prefix_is_rejected_before_io() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let body = use_body("MCHUSEGENERIC002");
    let path = use_path(seed::OPENID, seed::COUPON_CODE);
    let without_prefix = path.strip_prefix("/v3").expect("has /v3");
    let err = client
        .call(Method::Post, without_prefix, &[], Some(&body))
        .expect_err("path must start with /v3/");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(sandbox.requests_served(), 0);
    assert_eq!(sandbox.connections_accepted(), 0);
    Ok(())
}

#[test]
fn generic_get_of_unknown_path_is_404_not_retried() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    let err = client
        .call(
            Method::Get,
            "/v3/marketing/partner/product-coupon/no-such-thing",
            &[],
            None,
        )
        .expect_err("404");
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (404, "NOT_FOUND"));
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

#[test]
fn generic_get_is_retried_after_500() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let err = client
        .call(
            Method::Get,
            "/v3/marketing/partner/product-coupon/no-such-thing",
            &[],
            None,
        )
        .expect_err("the retry reaches the real 404");
    // The retried call ends with the (final) 404 of its second attempt.
    let (attempts, last) = expect_exhausted(err);
    assert_eq!(attempts, 2);
    assert_eq!(expect_api(last).status, 404);
    assert_eq!(sandbox.requests_served(), 2);
    Ok(())
}

#[test]
fn generic_post_is_not_retried_after_500() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let body = use_body("MCHUSEGENERIC501");
    let err = client
        .call(
            Method::Post,
            &use_path(seed::OPENID, seed::COUPON_CODE),
            &[],
            Some(&body),
        )
        .expect_err("500, not retried");
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (500, "SYSTEM_ERROR"));
    assert_eq!(sandbox.requests_served(), 1);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn generic_post_is_retried_after_429() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Status {
        status: 429,
        code: "RATELIMIT_EXCEEDED",
    });
    let body = use_body("MCHUSEGENERIC429");
    let raw = client.call(
        Method::Post,
        &use_path(seed::OPENID, seed::COUPON_CODE),
        &[],
        Some(&body),
    )?;
    assert_eq!(raw.status(), 200);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    assert_resent_identically(&sandbox, 2);
    assert_eq!(sandbox.received_bodies()[0], body);
    Ok(())
}

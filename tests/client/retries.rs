//! Which answers are retried, and how: 429, 500, 202, the attempt bounds, and the client
//! errors that are not retried.

use super::*;

#[test]
fn status_429_once_is_retried_with_identical_body_and_fresh_nonce() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Status {
        status: 429,
        code: "RATELIMIT_EXCEEDED",
    });
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE429RETRY01"))?;
    assert_used_once(&sandbox, &response, "MCHUSE429RETRY01");
    assert_resent_identically(&sandbox, 2);
    Ok(())
}

#[test]
fn status_500_twice_is_retried_with_identical_body_and_fresh_nonces() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    for _ in 0..2 {
        sandbox.push_fault(Fault::Status {
            status: 500,
            code: "SYSTEM_ERROR",
        });
    }
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE500RETRY01"))?;
    assert_used_once(&sandbox, &response, "MCHUSE500RETRY01");
    assert_resent_identically(&sandbox, 3);
    Ok(())
}

#[test]
fn deactivate_after_500_once_is_retried_and_the_coupon_deactivated_once() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let response = client.deactivate_coupon(&deactivate_request(
        seed::SECOND_COUPON_CODE,
        "MCHDEACT500RETRY",
    ))?;
    let coupon = response.parse()?;
    assert_eq!(coupon.coupon_code, seed::SECOND_COUPON_CODE);
    assert_eq!(coupon.coupon_state, UserProductCouponState::Deactivated);
    assert_eq!(
        coupon.deactivate_request_no.as_deref(),
        Some("MCHDEACT500RETRY")
    );
    assert_eq!(
        state_of(&sandbox, seed::SECOND_COUPON_CODE).as_deref(),
        Some("DEACTIVATED")
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    assert_resent_identically(&sandbox, 2);
    Ok(())
}

/// With a 500 on every request, the call fails after `max_attempts` requests with
/// `RetriesExhausted` carrying the last API error.
fn persistent_500_exhausts(max_attempts: u32) -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(max_attempts))?;
    sandbox.set_fault(Some(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    }));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE500ALWAYS1"))
        .expect_err("every attempt fails");
    let display = err.to_string();
    assert!(
        display.contains(&format!("{max_attempts} attempts")),
        "{display}"
    );
    // The last attempt's error is the source, not repeated in the Display.
    assert!(!display.contains("SYSTEM_ERROR"), "{display}");
    let source = std::error::Error::source(&err).expect("the last attempt's error");
    assert!(source.to_string().contains("SYSTEM_ERROR"), "{source}");
    assert_eq!(err.api_error().map(|a| a.status), Some(500));
    assert_eq!(err.attempts(), max_attempts);
    assert!(err.is_retry_safe());
    let (attempts, last) = expect_exhausted(err);
    assert_eq!(attempts, max_attempts);
    let api = expect_api(last);
    assert_eq!((api.status, api.code.as_str()), (500, "SYSTEM_ERROR"));
    assert_sandbox_request_id(api.request_id.as_deref());
    assert_resent_identically(&sandbox, max_attempts as usize);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn persistent_500_fails_with_retries_exhausted_after_3_attempts() -> TestResult {
    persistent_500_exhausts(3)
}

#[test]
fn persistent_500_with_5_attempt_policy_fails_after_5_attempts() -> TestResult {
    persistent_500_exhausts(5)
}

/// Without retries, a `status` answer (injected on every request) is a plain API error
/// after one request, retry safe, and the coupon is untouched; resending the same request
/// once the fault is gone succeeds.
fn status_without_retries_is_retry_safe_and_unprocessed(
    status: u16,
    code: &'static str,
) -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, RetryPolicy::none())?;
    sandbox.set_fault(Some(Fault::Status { status, code }));
    let request = use_request(seed::COUPON_CODE, "MCHUSENORETRY001");
    let err = client.use_coupon(&request).expect_err("injected status");
    assert!(err.is_retry_safe(), "{status} must be retry safe");
    assert_eq!(err.attempts(), 1);
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (status, code));
    assert_eq!(api.endpoint, "use_coupon");
    assert_sandbox_request_id(api.request_id.as_deref());
    assert_eq!(sandbox.requests_served(), 1);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE"),
        "the request must not have been processed"
    );
    sandbox.set_fault(None);
    let resent = client.use_coupon(&request)?;
    assert_used_once(&sandbox, &resent, "MCHUSENORETRY001");
    assert_resent_identically(&sandbox, 2);
    Ok(())
}

#[test]
fn status_429_without_retries_is_retry_safe_and_unprocessed() -> TestResult {
    status_without_retries_is_retry_safe_and_unprocessed(429, "RATELIMIT_EXCEEDED")
}

#[test]
fn status_500_without_retries_is_plain_api_error_after_1_request_and_unprocessed() -> TestResult {
    status_without_retries_is_retry_safe_and_unprocessed(500, "SYSTEM_ERROR")
}

/// Runs `call`, which must fail with a plain API error `status`/`code` after exactly one
/// request although the client retries.
fn assert_not_retried(
    sandbox: &Sandbox,
    status: u16,
    code: &str,
    call: impl FnOnce() -> Result<Verified<UserCoupon>, Error>,
) {
    let before = sandbox.requests_served();
    let err = call().expect_err("a 4xx answer");
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (status, code));
    assert_sandbox_request_id(api.request_id.as_deref());
    assert_eq!(
        sandbox.requests_served() - before,
        1,
        "{status} was retried"
    );
}

#[test]
fn client_errors_400_401_403_404_are_not_retried() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(5))?;

    sandbox.push_fault(Fault::Status {
        status: 400,
        code: "PARAM_ERROR",
    });
    assert_not_retried(&sandbox, 400, "PARAM_ERROR", || {
        client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE400000001"))
    });

    // A real 401: the request timestamp is 400 s ahead of the sandbox clock.
    let skewed = sandbox
        .client_builder()?
        .retry_policy(fast_retries(5))
        .clock(|| time::OffsetDateTime::now_utc().unix_timestamp() + 400)
        .build()?;
    assert_not_retried(&sandbox, 401, "SIGN_ERROR", || {
        skewed.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE401000001"))
    });

    // A real 403: the coupon is already used.
    client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE403FIRST01"))?;
    assert_not_retried(&sandbox, 403, "NOT_ENOUGH", || {
        client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE403SECOND1"))
    });

    // A real 404: no such coupon.
    assert_not_retried(&sandbox, 404, "NOT_FOUND", || {
        client.use_coupon(&use_request("Code_DOES_NOT_EXIST", "MCHUSE404000001"))
    });
    Ok(())
}

#[test]
fn accepted_202_is_retry_safe_unprocessed_and_retried_until_the_coupon_is_used_once() -> TestResult
{
    let sandbox = Sandbox::start()?;
    // Without retries: 202 on a typed call is a retry-safe API error, nothing was done.
    let once = client_with(&sandbox, RetryPolicy::none())?;
    sandbox.push_fault(Fault::Accepted);
    let err = once
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE202RETRY01"))
        .expect_err("202 is not a result");
    assert!(err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!(api.status, 202);
    assert_sandbox_request_id(api.request_id.as_deref());
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    sandbox.clear_received();

    // With retries: the 202 is retried and the coupon used once.
    let client = client_with(&sandbox, fast_retries(3))?;
    let served_before = sandbox.requests_served();
    sandbox.push_fault(Fault::Accepted);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE202RETRY01"))?;
    assert_eq!(response.raw().status(), 200);
    assert_used_once(&sandbox, &response, "MCHUSE202RETRY01");
    assert_eq!(sandbox.requests_served() - served_before, 2);
    let received = sandbox.received_requests();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].body, received[1].body);
    assert_ne!(received[0].nonce, received[1].nonce);
    assert_eq!(sandbox.nonce_reuses(), 0);
    Ok(())
}

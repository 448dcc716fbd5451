//! What a failed call did at WeChat Pay (`Error::outcome`), and the README's answer to an
//! unknown outcome: resend the same request value, which returns the first answer. The
//! sandbox faults that apply a write and then fail (`ProcessThenStatus`,
//! `ProcessThenClose`) show the write applied once and the resend answered with it.

use super::*;

use wechatpay_product_coupon::Outcome;

/// A client that never retries, so each test sees the first attempt's failure.
fn single_attempt(sandbox: &Sandbox) -> Result<Client, Error> {
    client_with(sandbox, RetryPolicy::none())
}

/// The coupon is USED by `out_request_no` although the call failed, and resending the same
/// request value returns that first answer without a second redemption.
fn assert_applied_and_resend_returns_it(
    sandbox: &Sandbox,
    client: &Client,
    out_request_no: &str,
) -> TestResult {
    assert_eq!(
        state_of(sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED"),
        "the write was applied before the failure"
    );
    let resent = client.use_coupon(&use_request(seed::COUPON_CODE, out_request_no))?;
    assert_used_once(sandbox, &resent, out_request_no);
    assert_resent_identically(sandbox, 2);
    Ok(())
}

#[test]
fn an_altered_answer_to_a_write_is_unknown_and_a_resend_returns_the_first_answer() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::TamperBody);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOUTCOME001"))
        .expect_err("an altered body is refused");
    assert_eq!(err.kind(), ErrorKind::Verification);
    assert!(!err.is_retry_safe(), "an altered answer is not retried");
    assert_eq!(err.outcome(), Outcome::Unknown);
    assert!(err.outcome().may_have_applied());
    let text = err.to_string();
    assert!(text.contains("outcome unknown"), "{text}");
    assert!(text.contains("resend the same request"), "{text}");
    assert_applied_and_resend_returns_it(&sandbox, &client, "MCHUSEOUTCOME001")
}

#[test]
fn a_500_after_processing_is_unknown_and_a_resend_returns_the_first_answer() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = single_attempt(&sandbox)?;
    sandbox.push_fault(Fault::ProcessThenStatus {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOUTCOME002"))
        .expect_err("the fault answers 500");
    assert_eq!(err.api_error().map(|a| a.status), Some(500));
    assert_eq!(err.outcome(), Outcome::Unknown);
    assert_applied_and_resend_returns_it(&sandbox, &client, "MCHUSEOUTCOME002")
}

#[test]
fn a_connection_closed_after_processing_is_unknown_and_a_resend_returns_the_first_answer(
) -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = single_attempt(&sandbox)?;
    sandbox.push_fault(Fault::ProcessThenClose);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOUTCOME003"))
        .expect_err("the fault closes the connection");
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    assert_eq!(err.outcome(), Outcome::Unknown);
    assert_applied_and_resend_returns_it(&sandbox, &client, "MCHUSEOUTCOME003")
}

#[test]
fn the_client_retry_after_a_500_following_processing_gets_the_first_answer() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::ProcessThenStatus {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOUTCOME004"))?;
    assert_used_once(&sandbox, &response, "MCHUSEOUTCOME004");
    assert_resent_identically(&sandbox, 2);
    Ok(())
}

#[test]
fn an_earlier_attempt_that_may_have_applied_the_write_makes_the_call_unknown() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(2))?;
    sandbox.push_fault(Fault::ProcessThenClose);
    sandbox.push_fault(Fault::Status {
        status: 429,
        code: "RATELIMIT_EXCEEDED",
    });
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOUTCOME005"))
        .expect_err("both attempts fail");
    let last = err.last_attempt();
    assert_eq!(last.api_error().map(|a| a.status), Some(429));
    assert_eq!(last.outcome(), Outcome::Refused, "the last attempt alone");
    assert_eq!(
        err.outcome(),
        Outcome::Unknown,
        "the first attempt applied it"
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

#[test]
fn failures_that_applied_nothing_say_so() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = single_attempt(&sandbox)?;
    // Refused: a 4xx answer.
    let err = client
        .use_coupon(&use_request("Code_NO_SUCH_COUPON", "MCHUSEOUTCOME006"))
        .expect_err("no such coupon");
    assert_eq!(err.api_error().map(|a| a.status), Some(404));
    assert_eq!(err.outcome(), Outcome::Refused);
    sandbox.push_fault(Fault::Status {
        status: 429,
        code: "RATELIMIT_EXCEEDED",
    });
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOUTCOME007"))
        .expect_err("rate limited");
    assert_eq!(err.outcome(), Outcome::Refused);
    // Not sent: nothing listens on the port.
    let unreachable = sandbox
        .client_builder()?
        .base_url(closed_port_url())
        .retry_policy(RetryPolicy::none())
        .build()?;
    let err = unreachable
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOUTCOME008"))
        .expect_err("connection refused");
    assert_eq!(err.outcome(), Outcome::NotSent);
    // Local: the request is refused before anything is sent.
    let err = client
        .call(Method::Post, "no leading slash", &[], None)
        .expect_err("an invalid path");
    assert_eq!(err.outcome(), Outcome::Local, "{err:?}");
    assert!(!err.outcome().may_have_applied());
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE"),
        "nothing was applied"
    );
    Ok(())
}

#[test]
fn a_verified_answer_that_does_not_decode_is_unknown() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = single_attempt(&sandbox)?;
    sandbox.push_fault(Fault::Body("{\"coupon_code\":13}".into()));
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOUTCOME009"))?;
    let err = response.parse().expect_err("not a user coupon");
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.outcome(), Outcome::Unknown);
    assert_applied_and_resend_returns_it(&sandbox, &client, "MCHUSEOUTCOME009")
}

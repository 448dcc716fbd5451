//! Forged responses: tampered bodies, missing, unknown, malformed and duplicated signature
//! headers, and another key under the configured key ID. None is retried.

use super::*;

/// Queues `fault`, redeems the first seeded coupon with a client that retries, and returns
/// the verification error after checking that the call was not retried.
fn forged_use(fault: Fault) -> VerificationError {
    let sandbox = Sandbox::start().expect("sandbox starts");
    let client = sandbox
        .client_builder()
        .and_then(|b| b.retry_policy(fast_retries(3)).build())
        .expect("client builds");
    sandbox.push_fault(fault);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEFORGED0001"))
        .expect_err("a forged response must fail the call");
    assert_sandbox_request_id(err.request_id());
    assert!(
        !err.is_retry_safe(),
        "verification errors are not retry safe"
    );
    assert_eq!(
        sandbox.requests_served(),
        1,
        "verification failures are final"
    );
    let err = expect_verification(err);
    assert_eq!(err.endpoint, "use_coupon");
    err
}

#[test]
fn tampered_body_is_signature_mismatch() {
    let err = forged_use(Fault::TamperBody);
    assert!(
        matches!(&err.reason, VerifyFailure::SignatureMismatch { serial } if serial == sandbox::PUBLIC_KEY_ID),
        "{err:?}"
    );
}

#[test]
fn unsigned_response_is_missing_header_and_not_retried() {
    let err = forged_use(Fault::Unsigned);
    assert!(
        matches!(err.reason, VerifyFailure::MissingHeader(_)),
        "{err:?}"
    );
}

#[test]
fn unknown_serial_names_received_and_configured_serials() {
    let err = forged_use(Fault::UnknownSerial);
    let text = err.to_string();
    match &err.reason {
        VerifyFailure::UnknownSerial {
            received,
            configured,
        } => {
            assert_ne!(received, sandbox::PUBLIC_KEY_ID);
            assert!(received.starts_with("PUB_KEY_ID_"));
            assert_eq!(configured, &vec![sandbox::PUBLIC_KEY_ID.to_owned()]);
            assert!(text.contains(received.as_str()), "{text}");
            assert!(text.contains(sandbox::PUBLIC_KEY_ID), "{text}");
        }
        other => panic!("expected UnknownSerial, got {other:?}"),
    }
}

#[test]
fn non_base64_signature_is_signature_not_base64() {
    let err = forged_use(Fault::BadBase64);
    assert_eq!(err.reason, VerifyFailure::SignatureNotBase64);
}

#[test]
fn signtest_probe_is_signature_probe() {
    let err = forged_use(Fault::SignTestProbe);
    assert_eq!(err.reason, VerifyFailure::SignatureProbe);
}

#[test]
fn duplicate_signature_header_is_duplicate_header_and_not_retried() {
    let err = forged_use(Fault::DuplicateSignature);
    assert_eq!(
        err.reason,
        VerifyFailure::DuplicateHeader(headers::SIGNATURE)
    );
}

#[test]
fn wrong_wechatpay_public_key_under_the_sandbox_key_id_is_signature_mismatch_naming_the_cause(
) -> TestResult {
    let sandbox = Sandbox::start()?;
    let wrong_key = WechatPayPublicKey::from_pem_file(
        sandbox::PUBLIC_KEY_ID,
        data_path("java_wechat_pay_public_key.pem"),
    )?;
    let client = sandbox_identity_builder(&sandbox.base_url())?
        .wechatpay_public_key(wrong_key)
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEWRONGPUB01"))
        .expect_err("the response is signed with another key");
    assert_sandbox_request_id(err.request_id());
    assert!(!err.is_retry_safe());
    let text = err.to_string();
    assert!(
        text.contains("not WeChat Pay's key for this merchant"),
        "{text}"
    );
    assert!(text.starts_with("use_coupon: "), "{text}");
    let err = expect_verification(err);
    assert_eq!(
        err.reason,
        VerifyFailure::SignatureMismatch {
            serial: sandbox::PUBLIC_KEY_ID.to_owned()
        }
    );
    // The gateway did process the request; only its answer could not be trusted.
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

/// The answer that ends the retries is verified once, after them; a forged one after a
/// retried 500 is reported as the last of the attempts, with its Request-ID.
#[test]
fn a_forged_answer_after_a_retry_is_the_last_attempt_of_retries_exhausted() {
    let sandbox = Sandbox::start().expect("sandbox starts");
    let client = sandbox
        .client_builder()
        .and_then(|b| b.retry_policy(fast_retries(3)).build())
        .expect("client builds");
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    sandbox.push_fault(Fault::TamperBody);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEFORGED0002"))
        .expect_err("a forged response must fail the call");
    assert_eq!(
        sandbox.requests_served(),
        2,
        "no attempt after the forged answer"
    );
    assert_eq!(err.attempts(), 2);
    assert!(!err.is_retry_safe());
    assert_sandbox_request_id(err.request_id());
    let (attempts, last) = expect_exhausted(err);
    assert_eq!(attempts, 2);
    let last = expect_verification(last);
    assert!(
        matches!(last.reason, VerifyFailure::SignatureMismatch { .. }),
        "{last:?}"
    );
}

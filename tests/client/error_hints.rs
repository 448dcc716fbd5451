//! Known gateway error codes get an English hint beside the gateway's message
//! (`ApiError::hint`, and `(hint: …)` in `Display`), and the message itself is unchanged
//! byte for byte. Every code the spec names (`tests/data/gateway_error_codes.txt`) has one.

use super::*;

use wechatpay_product_coupon::error::ApiError;

/// The codes of the data file: (code, status or None for an internal number).
fn spec_codes() -> Vec<(String, Option<u16>)> {
    read_data("gateway_error_codes.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut fields = l.split('\t');
            let code = fields.next().expect("a code").to_owned();
            let status = fields.next().and_then(|s| s.parse().ok());
            (code, status)
        })
        .collect()
}

fn answer(status: u16, code: &str, message: &str, request_id: Option<String>) -> ApiError {
    let body = serde_json::json!({ "code": code, "message": message }).to_string();
    ApiError::from_body("use_coupon", status, body.as_bytes(), request_id)
}

#[test]
fn every_code_the_spec_names_has_a_hint() {
    let codes = spec_codes();
    assert!(codes.len() >= 16, "{codes:?}");
    let generic = answer(400, "INVALID_REQUEST", "x", None).hint();
    for (code, status) in codes {
        match status {
            Some(status) => {
                let hint = answer(status, &code, "x", None).hint();
                assert!(hint.is_some_and(|h| !h.is_empty()), "{code} has no hint");
            }
            None => {
                // An internal number: at the end of the Request-ID, or quoted in the message.
                let id = Some(format!("08F5B8C2B506102C18FDD-{code}"));
                let hint = answer(400, "INVALID_REQUEST", "x", id).hint();
                assert!(hint.is_some(), "{code} has no hint");
                assert_ne!(hint, generic, "{code} needs its own hint");
                let quoted = answer(400, "INVALID_REQUEST", &format!("错误码 {code}"), None);
                assert_eq!(quoted.hint(), hint, "{code} quoted in the message");
            }
        }
    }
    assert_eq!(answer(400, "NO_SUCH_CODE_EVER", "x", None).hint(), None);
}

#[test]
fn the_issue_examples_have_their_hints() {
    let state = answer(403, "NOT_ENOUGH", "用户券状态非法", None);
    assert!(state.hint().is_some_and(|h| h.contains("state")));
    let fast = answer(400, "INVALID_REQUEST", "频率过快", None);
    assert!(fast.hint().is_some_and(|h| h.contains("too frequent")));
}

#[test]
fn the_sandbox_answering_a_known_code_gets_the_hint_beside_the_unchanged_message() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, RetryPolicy::none())?;
    // 403 NOT_ENOUGH 用户券状态非法 (internal 268578367): a use before the send is confirmed.
    let sent = client.send_coupon(&seed::send_request("MCHSENDHINT00001")?)?;
    let code = sent.parse()?.coupon_code.to_string();
    let mut use_sent = use_request(&code, "MCHUSEHINT000001");
    use_sent.stock_id = seed::SEND_STOCK_ID.parse()?;
    let err = client.use_coupon(&use_sent).expect_err("not confirmed yet");
    let api = err.api_error().expect("an API error");
    assert_eq!(api.message.as_bytes(), "用户券状态非法".as_bytes());
    let hint = api.hint().expect("a hint for 268578367");
    assert!(hint.contains("confirm"), "{hint}");
    let text = api.to_string();
    assert!(
        text.contains(&format!("NOT_ENOUGH: 用户券状态非法 (hint: {hint})")),
        "{text}"
    );

    // 429 RATELIMIT_EXCEEDED with the gateway's own message.
    sandbox.push_fault(Fault::Status {
        status: 429,
        code: "RATELIMIT_EXCEEDED",
    });
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEHINT000002"))
        .expect_err("rate limited");
    let api = err.api_error().expect("an API error");
    assert_eq!(api.message, "请求未受理,请降低频率后重试");
    let hint = api.hint().expect("a hint for RATELIMIT_EXCEEDED");
    assert!(hint.contains("resend it unchanged"), "{hint}");
    assert!(api
        .to_string()
        .contains(&format!(": {} (hint: {hint})", api.message)));
    Ok(())
}

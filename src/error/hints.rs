//! English hints for the gateway's error codes ([`ApiError::hint`](super::ApiError::hint)),
//! shown beside the gateway's own (Chinese) message, which is never changed.
//!
//! Two kinds of code: the public `code` of the error body (`PARAM_ERROR`, …), and the
//! internal number WeChat Pay appends to the `Request-ID` after its last `-` (format
//! `{请求标识}-{错误码}`, e.g. `…-268578367`), which names the business reason more precisely;
//! some messages quote that number or its text too. Sources: `docs/protocol-notes.md` §1
//! (the endpoint pages' error tables), §3 (the APIv3 status table, the troubleshooting
//! manual's internal codes); 270924289 频率过快 is quoted from the project's issue 13.
//! `tests/data/gateway_error_codes.txt` lists them all; a test checks each has a hint here.

/// Hints by public error `code`.
const CODE_HINTS: &[(&str, &str)] = &[
    (
        "PARAM_ERROR",
        "a parameter is missing or malformed; `detail.field` names it (a JSON pointer into the body, or the path/query parameter)",
    ),
    (
        "INVALID_REQUEST",
        "the request breaks an APIv3 rule or a business rule of this endpoint (e.g. a coupon in the wrong state); check each field's requirements and their combinations",
    ),
    (
        "SIGN_ERROR",
        "the request signature did not verify: check that the private key matches merchant_serial, that mchid is right, and that the local clock is within 5 minutes",
    ),
    (
        "NO_AUTH",
        "this merchant has no permission for this API or this object; check the product's activation and the brand/sub-merchant authorisation",
    ),
    (
        "NOT_ENOUGH",
        "the user's coupon cannot be used now (not EFFECTIVE, outside its validity period or usable weekdays)",
    ),
    (
        "NOT_FOUND",
        "the product_coupon_id, stock_id or coupon_code does not exist or does not belong to this brand",
    ),
    (
        "ORDER_NOT_EXIST",
        "the referenced order does not exist; check the order number",
    ),
    (
        "RESOURCE_NOT_EXISTS",
        "the referenced object does not exist; check the IDs in the path",
    ),
    (
        "ALREADY_EXISTS",
        "the object already exists; check whether out_request_no was reused for another request",
    ),
    (
        "RATELIMIT_EXCEEDED",
        "the request was not processed because of the rate limit; resend it unchanged later",
    ),
    (
        "FREQUENCY_LIMITED",
        "the request was not processed because of the rate limit; resend it unchanged later",
    ),
    (
        "SYSTEM_ERROR",
        "a WeChat Pay system error; the write may have been applied: resend the same request (same out_request_no) later",
    ),
    (
        "SERVICE_UNAVAILABLE",
        "WeChat Pay could not process the request now; resend the same request later",
    ),
];

/// Hints by internal error number, with the gateway's text for it (matched in messages).
const INTERNAL_HINTS: &[(u32, &str, &str)] = &[
    (
        268578367,
        "用户券状态非法",
        "the user coupon's state does not allow this operation (e.g. a send not yet confirmed: confirm it first)",
    ),
    (
        270924289,
        "频率过快",
        "requests are too frequent; slow down and resend the same request later",
    ),
    (
        268578927,
        "使用了相同单号，但与上次请求的数据不一致",
        "the request number was used before with different data; a resend must repeat the first request byte for byte, a new request needs a new number",
    ),
    (
        272755200,
        "发券请求重入但单号不一致",
        "a send for this user and stock is already in progress under another send_request_no; resend with the first number",
    ),
    (
        268578704,
        "AppID 非法",
        "the appid is invalid or not bound to this merchant",
    ),
];

/// The hint for an error answer: its internal number (from the `Request-ID` suffix, or
/// quoted in the message), else its message's known text, else its public `code`.
pub(super) fn hint(code: &str, message: &str, request_id: Option<&str>) -> Option<&'static str> {
    let internal = request_id
        .and_then(|id| id.rsplit_once('-'))
        .and_then(|(_, n)| n.parse::<u32>().ok());
    let by_number = INTERNAL_HINTS
        .iter()
        .find(|(n, _, _)| Some(*n) == internal || message.contains(&n.to_string()));
    let by_text = || {
        INTERNAL_HINTS
            .iter()
            .find(|(_, text, _)| message.contains(text))
    };
    by_number
        .or_else(by_text)
        .map(|(_, _, hint)| *hint)
        .or_else(|| {
            CODE_HINTS
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(_, hint)| *hint)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_internal_number_is_more_specific_than_the_code() {
        let state = hint("NOT_ENOUGH", "x", Some("08AB-268578367"));
        assert_eq!(state, Some(INTERNAL_HINTS[0].2));
        assert_eq!(
            hint("INVALID_REQUEST", "频率过快", None),
            Some(INTERNAL_HINTS[1].2)
        );
        assert_eq!(hint("X", "错误 270924289", None), Some(INTERNAL_HINTS[1].2));
        assert_eq!(
            hint("NOT_FOUND", "x", Some("08AB-0")),
            Some(CODE_HINTS[5].1)
        );
        assert_eq!(hint("NOVEL_CODE", "x", Some("08AB-1")), None);
    }
}

//! `wpc_last_error_*`: the details of the last failed call, per thread.
//!
//! Every fallible function clears the calling thread's details when it starts and sets them
//! when it fails, so after a failure they describe that failure, and after a success they are
//! empty (`WPC_OK`, empty strings, zeros). Strings returned here are owned by the library and
//! valid until the calling thread's next fallible call; copy them to keep them. They never
//! contain key material or an `Authorization` header.

use std::cell::RefCell;
use std::ffi::{c_char, CString};

use wechatpay_product_coupon::notify::NotificationReply;
use wechatpay_product_coupon::Error;

use crate::error::FfiError;
use crate::guard::boundary_or;
use crate::outcome::wpc_outcome;
use crate::result::wpc_result;

/// The details of one failure, ready for C.
struct Details {
    code: wpc_result,
    message: CString,
    field: CString,
    http_status: u16,
    api_code: CString,
    api_message: CString,
    detail_json: CString,
    request_id: CString,
    retry_safe: bool,
    attempts: u32,
    outcome: wpc_outcome,
    hint: CString,
    json: CString,
    /// What to answer a notification sender (see `wpc_last_error_reply_status`).
    reply_status: u16,
    reply_body: CString,
}

impl Details {
    fn empty() -> Self {
        Details {
            code: wpc_result::WPC_OK,
            message: CString::default(),
            field: CString::default(),
            http_status: 0,
            api_code: CString::default(),
            api_message: CString::default(),
            detail_json: CString::default(),
            request_id: CString::default(),
            retry_safe: false,
            attempts: 0,
            outcome: wpc_outcome::WPC_OUTCOME_NONE,
            hint: CString::default(),
            json: CString::default(),
            reply_status: NotificationReply::success().status,
            reply_body: CString::default(),
        }
    }
}

thread_local! {
    static LAST: RefCell<Details> = RefCell::new(Details::empty());
}

/// A C string of `text`; an interior NUL (e.g. in a server's message) becomes U+FFFD.
pub fn c_string(text: &str) -> CString {
    CString::new(text.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

/// Empties the calling thread's details.
pub fn clear() {
    LAST.with(|d| *d.borrow_mut() = Details::empty());
}

/// Records `err` as the calling thread's last error.
pub fn set(err: &FfiError) {
    let code = err.code();
    let message = err.message();
    let mut field = err.argument().map(str::to_owned);
    let (mut http_status, mut api_code, mut api_message, mut detail) = (0, None, None, None);
    let (mut request_id, mut retry_safe, mut attempts) = (None, false, 1);
    // A C argument error sent nothing.
    let (mut outcome, mut hint, mut sign_mismatch) = (wpc_outcome::WPC_OUTCOME_LOCAL, None, None);
    let mut reply = NotificationReply::internal_error();
    if let FfiError::Core(e) = err {
        reply = NotificationReply::for_error(e);
        match e.last_attempt() {
            Error::InvalidRequest { field: f, .. } => field = Some(f.to_string()),
            Error::Config { setting, .. } => field = Some((*setting).to_owned()),
            Error::Notification(n) => field = Some(n.step.as_str().to_owned()),
            _ => {}
        }
        if let Some(api) = e.api_error() {
            http_status = api.status;
            api_code = Some(api.code.clone());
            api_message = Some(api.message.clone());
            detail = api.detail.clone();
            hint = api.hint();
            sign_mismatch = api.sign_mismatch().map(|m| m.to_string());
        }
        outcome = e.outcome().into();
        request_id = e.request_id().map(str::to_owned);
        retry_safe = e.is_retry_safe();
        attempts = e.attempts();
    }
    let json = serde_json::json!({
        "code": code as u32,
        "name": code.name(),
        "message": message,
        "field": field,
        "http_status": http_status,
        "api_code": api_code,
        "api_message": api_message,
        "detail": detail,
        "request_id": request_id,
        "retry_safe": retry_safe,
        "attempts": attempts,
        "outcome": outcome_name(outcome),
        "hint": hint,
        "sign_mismatch": sign_mismatch,
    });
    let details = Details {
        code,
        message: c_string(&message),
        field: c_string(field.as_deref().unwrap_or_default()),
        http_status,
        api_code: c_string(api_code.as_deref().unwrap_or_default()),
        api_message: c_string(api_message.as_deref().unwrap_or_default()),
        detail_json: c_string(&detail.map(|d| d.to_string()).unwrap_or_default()),
        request_id: c_string(request_id.as_deref().unwrap_or_default()),
        retry_safe,
        attempts,
        outcome,
        hint: c_string(hint.unwrap_or_default()),
        json: c_string(&json.to_string()),
        reply_status: reply.status,
        reply_body: c_string(&reply.body),
    };
    LAST.with(|d| *d.borrow_mut() = details);
}

/// The `outcome` of the JSON details: the core's name for it.
fn outcome_name(outcome: wpc_outcome) -> &'static str {
    match outcome {
        wpc_outcome::WPC_OUTCOME_NONE => "none",
        wpc_outcome::WPC_OUTCOME_LOCAL => "local",
        wpc_outcome::WPC_OUTCOME_NOT_SENT => "not_sent",
        wpc_outcome::WPC_OUTCOME_REFUSED => "refused",
        wpc_outcome::WPC_OUTCOME_UNKNOWN => "unknown",
        wpc_outcome::WPC_OUTCOME_APPLIED => "applied",
    }
}

/// Records a caught panic.
pub fn set_panic() {
    let message = "the library panicked; this is a bug, please report it";
    let internal = NotificationReply::internal_error();
    let details = Details {
        code: wpc_result::WPC_ERR_PANIC,
        message: c_string(message),
        attempts: 1,
        // The panic may have struck after the request was sent.
        outcome: wpc_outcome::WPC_OUTCOME_UNKNOWN,
        reply_status: internal.status,
        reply_body: c_string(&internal.body),
        json: c_string(
            &serde_json::json!({
                "code": wpc_result::WPC_ERR_PANIC as u32,
                "name": "panic",
                "message": message,
                "outcome": outcome_name(wpc_outcome::WPC_OUTCOME_UNKNOWN),
            })
            .to_string(),
        ),
        ..Details::empty()
    };
    // A panic while the details were borrowed leaves them as they are.
    LAST.with(|d| {
        if let Ok(mut d) = d.try_borrow_mut() {
            *d = details;
        }
    });
}

/// The calling thread's last result code.
pub fn code() -> wpc_result {
    LAST.with(|d| d.borrow().code)
}

fn string(pick: impl Fn(&Details) -> *const c_char) -> *const c_char {
    boundary_or(c"".as_ptr(), || LAST.with(|d| pick(&d.borrow())))
}

/// The result code of the calling thread's last fallible call (`WPC_OK` after a success).
#[no_mangle]
pub extern "C" fn wpc_last_error_code() -> wpc_result {
    boundary_or(wpc_result::WPC_ERR_PANIC, code)
}

/// What went wrong, in one line: what was expected, what was found, what to do.
///
/// Ownership: the library's; valid until this thread's next fallible call. Empty when the
/// last call succeeded.
#[no_mangle]
pub extern "C" fn wpc_last_error_message() -> *const c_char {
    string(|d| d.message.as_ptr())
}

/// The request field (`WPC_ERR_INVALID_REQUEST`), client setting (`WPC_ERR_CONFIG`), failed
/// notification step (`WPC_ERR_NOTIFICATION`: `envelope`, `algorithm`, `decrypt`, `payload`) or C
/// argument (`WPC_ERR_NULL_ARGUMENT`, `..._INVALID_UTF8`, `..._INVALID_JSON`,
/// `..._INVALID_ARGUMENT`) the error is about; empty otherwise.
///
/// Ownership: the library's; valid until this thread's next fallible call.
#[no_mangle]
pub extern "C" fn wpc_last_error_field() -> *const c_char {
    string(|d| d.field.as_ptr())
}

/// The HTTP status of WeChat Pay's error answer (`WPC_ERR_API`, also behind
/// `WPC_ERR_RETRIES_EXHAUSTED`); 0 when there was none.
#[no_mangle]
pub extern "C" fn wpc_last_error_http_status() -> u16 {
    boundary_or(0, || LAST.with(|d| d.borrow().http_status))
}

/// WeChat Pay's error `code`, e.g. `NOT_FOUND`; empty when there was none.
///
/// Ownership: the library's; valid until this thread's next fallible call.
#[no_mangle]
pub extern "C" fn wpc_last_error_api_code() -> *const c_char {
    string(|d| d.api_code.as_ptr())
}

/// WeChat Pay's error `message`; empty when there was none.
///
/// Ownership: the library's; valid until this thread's next fallible call.
#[no_mangle]
pub extern "C" fn wpc_last_error_api_message() -> *const c_char {
    string(|d| d.api_message.as_ptr())
}

/// WeChat Pay's error `detail` object as JSON text; empty when there was none.
///
/// Ownership: the library's; valid until this thread's next fallible call.
#[no_mangle]
pub extern "C" fn wpc_last_error_detail_json() -> *const c_char {
    string(|d| d.detail_json.as_ptr())
}

/// WeChat Pay's `Request-ID` of the exchange, to quote to support; empty when no response
/// was received.
///
/// Ownership: the library's; valid until this thread's next fallible call.
#[no_mangle]
pub extern "C" fn wpc_last_error_request_id() -> *const c_char {
    string(|d| d.request_id.as_ptr())
}

/// Whether resending the same request (same JSON, same `out_request_no`) is safe and may
/// succeed: true for 429, 5xx, 202 and transport failures. False does not mean "not
/// applied": ask `wpc_last_error_outcome` before recording a write as failed.
#[no_mangle]
pub extern "C" fn wpc_last_error_retry_safe() -> bool {
    boundary_or(false, || LAST.with(|d| d.borrow().retry_safe))
}

/// How many attempts the failed call made (1 unless it was retried; 0 after a success).
#[no_mangle]
pub extern "C" fn wpc_last_error_attempts() -> u32 {
    boundary_or(0, || LAST.with(|d| d.borrow().attempts))
}

/// All the details as one JSON object: `code`, `name`, `message`, `field`, `http_status`,
/// `api_code`, `api_message`, `detail`, `request_id`, `retry_safe`, `attempts`, `outcome`
/// (`local`, `not_sent`, `refused`, `unknown`), `hint` (or null), `sign_mismatch` (for a
/// `401 SIGN_ERROR`: where the signed message and WeChat Pay's copy differ, or null); empty
/// after a success.
///
/// Ownership: the library's; valid until this thread's next fallible call.
#[no_mangle]
pub extern "C" fn wpc_last_error_json() -> *const c_char {
    string(|d| d.json.as_ptr())
}

/// What the failed call did at WeChat Pay (across all its attempts): `WPC_OUTCOME_LOCAL`,
/// `WPC_OUTCOME_NOT_SENT` or `WPC_OUTCOME_REFUSED` (the write was not made), or
/// `WPC_OUTCOME_UNKNOWN` (it may have been: resend the same request JSON, which returns the
/// first answer, or query the coupon); `WPC_OUTCOME_NONE` after a success.
#[no_mangle]
pub extern "C" fn wpc_last_error_outcome() -> wpc_outcome {
    boundary_or(wpc_outcome::WPC_OUTCOME_UNKNOWN, || {
        LAST.with(|d| d.borrow().outcome)
    })
}

/// An English hint for WeChat Pay's error code (e.g. `NOT_FOUND`, or the internal number
/// 268578367 用户券状态非法), beside the unchanged `wpc_last_error_api_message`; empty when
/// the code is not known or there was no error answer.
///
/// Ownership: the library's; valid until this thread's next fallible call.
#[no_mangle]
pub extern "C" fn wpc_last_error_hint() -> *const c_char {
    string(|d| d.hint.as_ptr())
}

/// The HTTP status to answer a notification with, after `wpc_client_parse_notification` on
/// this thread: 204 after a success (answer with an empty body); after a failure 401 (the
/// signature did not verify), 400 (not a notification envelope, or an unknown algorithm) or
/// 500 (decryption or payload failed, or anything else: WeChat Pay will resend). If your own
/// processing of a parsed notification fails, answer 500 too, so that it is resent.
#[no_mangle]
pub extern "C" fn wpc_last_error_reply_status() -> u16 {
    boundary_or(500, || LAST.with(|d| d.borrow().reply_status))
}

/// The body to answer a notification with, matching `wpc_last_error_reply_status`: empty after
/// a success, `{"code":"FAIL","message":"…"}` (send as `application/json`) after a failure.
///
/// Ownership: the library's; valid until this thread's next fallible call.
#[no_mangle]
pub extern "C" fn wpc_last_error_reply_body() -> *const c_char {
    string(|d| d.reply_body.as_ptr())
}

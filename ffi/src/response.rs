//! [`wpc_response`]: the verified answer of the generic call `wpc_client_call`.

use std::ffi::{c_char, CString};

use wechatpay_product_coupon::RawResponse;

use crate::boundary::{boundary_or, free};
use crate::last_error::c_string;

/// A verified 2xx answer: status, headers and the exact body bytes that were verified.
pub struct wpc_response {
    status: u16,
    headers_json: CString,
    request_id: CString,
    body: Vec<u8>,
}

impl wpc_response {
    pub(crate) fn new(raw: RawResponse) -> Self {
        let headers: Vec<(&str, String)> = raw
            .headers()
            .map(|(name, value)| (name, String::from_utf8_lossy(value).into_owned()))
            .collect();
        let headers_json = serde_json::to_string(&headers).unwrap_or_default();
        let request_id = c_string(raw.request_id().unwrap_or_default());
        wpc_response {
            status: raw.status(),
            headers_json: c_string(&headers_json),
            request_id,
            body: raw.into_body(),
        }
    }

    pub(crate) fn into_raw(self) -> *mut wpc_response {
        Box::into_raw(Box::new(self))
    }
}

/// Reads a field of a response; `fallback` for NULL.
///
/// # Safety
/// `response` must be NULL or a live response.
unsafe fn with<T: Copy>(
    response: *const wpc_response,
    fallback: T,
    read: impl FnOnce(&wpc_response) -> T,
) -> T {
    boundary_or(fallback, || {
        // SAFETY: forwarded to the caller.
        unsafe { response.as_ref() }.map_or(fallback, read)
    })
}

/// The HTTP status (200, 202, 204, …); 0 when `response` is NULL.
///
/// # Safety
/// `response` must be NULL or a live response.
#[no_mangle]
pub unsafe extern "C" fn wpc_response_status(response: *const wpc_response) -> u16 {
    // SAFETY: forwarded to the caller.
    unsafe { with(response, 0, |r| r.status) }
}

/// All headers as a JSON array of `[name, value]` pairs, names in lower case.
///
/// Ownership: the response's; valid until `wpc_response_free(response)`. Empty when
/// `response` is NULL.
///
/// # Safety
/// `response` must be NULL or a live response.
#[no_mangle]
pub unsafe extern "C" fn wpc_response_headers_json(response: *const wpc_response) -> *const c_char {
    // SAFETY: forwarded to the caller.
    unsafe { with(response, c"".as_ptr(), |r| r.headers_json.as_ptr()) }
}

/// WeChat Pay's `Request-ID`; empty when absent or `response` is NULL.
///
/// Ownership: the response's; valid until `wpc_response_free(response)`.
///
/// # Safety
/// `response` must be NULL or a live response.
#[no_mangle]
pub unsafe extern "C" fn wpc_response_request_id(response: *const wpc_response) -> *const c_char {
    // SAFETY: forwarded to the caller.
    unsafe { with(response, c"".as_ptr(), |r| r.request_id.as_ptr()) }
}

/// The body bytes, exactly as verified; NULL when `response` is NULL.
///
/// Ownership: the response's; valid until `wpc_response_free(response)`.
///
/// # Safety
/// `response` must be NULL or a live response.
#[no_mangle]
pub unsafe extern "C" fn wpc_response_body(response: *const wpc_response) -> *const u8 {
    // SAFETY: forwarded to the caller.
    unsafe { with(response, std::ptr::null(), |r| r.body.as_ptr()) }
}

/// The body length; 0 when `response` is NULL.
///
/// # Safety
/// `response` must be NULL or a live response.
#[no_mangle]
pub unsafe extern "C" fn wpc_response_body_len(response: *const wpc_response) -> usize {
    // SAFETY: forwarded to the caller.
    unsafe { with(response, 0, |r| r.body.len()) }
}

/// Frees a response; NULL is a no-op.
///
/// # Safety
/// `response` must be NULL or a response from this library not freed yet.
#[no_mangle]
pub unsafe extern "C" fn wpc_response_free(response: *mut wpc_response) {
    // SAFETY: forwarded to the caller.
    boundary_or((), || unsafe { free(response) })
}

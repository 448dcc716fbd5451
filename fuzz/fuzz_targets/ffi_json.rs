//! The C ABI over arbitrary bytes: the first byte picks the entry point, the rest is its JSON
//! argument (configuration, a request of one of the endpoints, response headers, or a
//! notification's headers). Checked
//! on every input: no panic reaches the boundary (`WPC_ERR_PANIC` never comes back), every
//! result is a known code, a failure leaves out-pointers NULL and leaves a message and a
//! parseable `wpc_last_error_json`, and every object handed out is freed.
//!
//! Requests that pass validation are sent to 127.0.0.1:1 (nothing listens there), so the
//! call path runs to a connect failure without a network.

#![no_main]

use std::ffi::CStr;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wechatpay_product_coupon_ffi::buffer::{wpc_buffer, wpc_buffer_free};
use wechatpay_product_coupon_ffi::client::*;
use wechatpay_product_coupon_ffi::endpoint_calls::wpc_client_use_coupon;
use wechatpay_product_coupon_ffi::last_error::{
    wpc_last_error_json, wpc_last_error_message, wpc_last_error_reply_status,
};
use wechatpay_product_coupon_ffi::notification::wpc_client_parse_notification;
use wechatpay_product_coupon_ffi::result::wpc_result;

/// A client whose every call fails fast: test-only sandbox keys, a closed port, no retry.
fn client() -> *const wpc_client {
    static CLIENT: OnceLock<usize> = OnceLock::new();
    *CLIENT.get_or_init(|| {
        let config = serde_json::json!({
            "mchid": "1900000001",
            "merchant_serial": "5A4E44424F58000000000000000000000001",
            "private_key_pem": include_str!("../../src/sandbox/test_keys/merchant_private_key.pem"),
            "wechatpay_public_key_id": "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
            "wechatpay_public_key_pem": include_str!("../../src/sandbox/test_keys/wechatpay_public_key.pem"),
            "base_url": "http://127.0.0.1:1",
            "no_backup": true,
            "retry": {"max_attempts": 1},
            "connect_timeout_ms": 200,
            "timeout_ms": 500,
            "apiv3_key": "SANDBOX0TEST0ONLY0APIV3KEY000001"
        })
        .to_string();
        let mut client = std::ptr::null_mut();
        // SAFETY: valid pointers to live data and a writable out-pointer.
        let rc = unsafe { wpc_client_new_from_json(config.as_ptr(), config.len(), &mut client) };
        assert_eq!(rc, wpc_result::WPC_OK);
        client as usize
    }) as *const wpc_client
}

/// The invariants of one result.
fn check(rc: wpc_result, out_is_null: bool) {
    assert_ne!(rc, wpc_result::WPC_ERR_PANIC, "a panic reached the boundary");
    if rc == wpc_result::WPC_OK {
        return;
    }
    assert!(out_is_null, "an out-pointer was set on failure ({rc:?})");
    // SAFETY: the library's strings are valid until the next fallible call on this thread.
    let (message, json) = unsafe {
        (
            CStr::from_ptr(wpc_last_error_message()).to_string_lossy().into_owned(),
            CStr::from_ptr(wpc_last_error_json()).to_string_lossy().into_owned(),
        )
    };
    assert!(!message.is_empty(), "no message for {rc:?}");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("last error JSON parses");
    assert_eq!(parsed["code"], rc as u32);
}

fn call_buffer(f: impl FnOnce(*mut *mut wpc_buffer) -> wpc_result) {
    let mut out: *mut wpc_buffer = std::ptr::null_mut();
    let rc = f(&mut out);
    check(rc, out.is_null());
    // SAFETY: NULL or a buffer this call handed out.
    unsafe { wpc_buffer_free(out) };
}

/// Every registered endpoint, from the library's registry.
fn endpoint(selector: u8) -> &'static str {
    let all = wechatpay_product_coupon::api::ENDPOINTS;
    all[usize::from(selector) % all.len()].name
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, json)) = data.split_first() else {
        return;
    };
    let (ptr, len) = (json.as_ptr(), json.len());
    // SAFETY (every call below): `ptr` points to `len` readable bytes for the whole call; the
    // client is live; the out-pointers are writable.
    match mode % 6 {
        0 => {
            let mut out = std::ptr::null_mut();
            let rc = unsafe { wpc_client_new_from_json(ptr, len, &mut out) };
            check(rc, out.is_null());
            unsafe { wpc_client_free(out) };
        }
        1 => {
            let name = endpoint(mode / 5);
            call_buffer(|out| unsafe { wpc_encode_request(name.as_ptr(), name.len(), ptr, len, out) });
        }
        2 => call_buffer(|out| unsafe { wpc_client_use_coupon(client(), ptr, len, out) }),
        3 => {
            let name = endpoint(mode / 5);
            call_buffer(|out| unsafe {
                wpc_client_execute(client(), name.as_ptr(), name.len(), ptr, len, out)
            });
        }
        4 => {
            // Arbitrary headers JSON over a fixed body: never verifies; the reply is a failure.
            let body = br#"{"id":"x","resource":{}}"#;
            call_buffer(|out| unsafe {
                wpc_client_parse_notification(client(), ptr, len, body.as_ptr(), body.len(), out)
            });
            assert!(wpc_last_error_reply_status() >= 400);
        }
        _ => {
            let body = b"{}";
            let rc = unsafe {
                wpc_client_verify_response(client(), ptr, len, body.as_ptr(), body.len(), 1_754_193_600)
            };
            check(rc, true);
            assert_ne!(rc, wpc_result::WPC_OK, "unsigned fuzz input verified");
        }
    }
});

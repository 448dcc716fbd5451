//! The inputs of the C ABI, called directly from Rust:
//!
//! * one rule for every `(pointer, length)` argument of every entry point: length 0 is
//!   empty, even with a NULL pointer (the same result as a non-NULL pointer with length 0,
//!   never `WPC_ERR_NULL_ARGUMENT`); NULL with a nonzero length is `WPC_ERR_NULL_ARGUMENT`
//!   naming the argument. Before, a NULL request was refused while a NULL notification body
//!   of any length was taken as empty.
//! * the `wpc_builder_*` setters check their value when called (the Rust builder's own
//!   checks), returning `WPC_ERR_CONFIG` naming the setting and keeping the previous value,
//!   where `wpc_builder_set_timeouts(b, 0, UINT64_MAX)` used to return `WPC_OK` and fail
//!   only at build.
//!
//! | file | what |
//! | --- | --- |
//! | `pairs.rs` | every `(pointer, length)` argument, NULL with and without a length |
//! | `setters.rs` | the setters' checks |
//!
//! Nothing here reaches a network: the client points at a closed loopback port with one
//! attempt.

use std::ffi::CStr;
use std::ptr::{self, NonNull};

use wechatpay_product_coupon_ffi::buffer::{wpc_buffer, wpc_buffer_free};
use wechatpay_product_coupon_ffi::client::{
    wpc_client, wpc_client_authorization, wpc_client_call, wpc_client_execute, wpc_client_free,
    wpc_client_new_from_json, wpc_client_verify_response, wpc_encode_request,
};
use wechatpay_product_coupon_ffi::config::{
    wpc_builder, wpc_builder_add_platform_certificate_file,
    wpc_builder_add_platform_certificate_pem, wpc_builder_build, wpc_builder_free, wpc_builder_new,
    wpc_builder_set_apiv3_key, wpc_builder_set_backup_base_url, wpc_builder_set_base_url,
    wpc_builder_set_body_limit, wpc_builder_set_certificate_refresh, wpc_builder_set_mchid,
    wpc_builder_set_merchant_serial, wpc_builder_set_private_key_file,
    wpc_builder_set_private_key_pem, wpc_builder_set_rate_limit, wpc_builder_set_retry_policy,
    wpc_builder_set_timeouts, wpc_builder_set_timestamp_window,
    wpc_builder_set_wechatpay_public_key_file, wpc_builder_set_wechatpay_public_key_pem,
};
use wechatpay_product_coupon_ffi::endpoint_calls::{
    wpc_client_confirm_coupon, wpc_client_deactivate_coupon, wpc_client_get_notify_config,
    wpc_client_get_product_coupon, wpc_client_get_user_coupon, wpc_client_list_user_coupons,
    wpc_client_return_coupon, wpc_client_send_coupon, wpc_client_set_notify_config,
    wpc_client_update_product_coupon, wpc_client_use_coupon,
};
use wechatpay_product_coupon_ffi::last_error::{wpc_last_error_field, wpc_last_error_message};
use wechatpay_product_coupon_ffi::notification::wpc_client_parse_notification;
use wechatpay_product_coupon_ffi::response::{wpc_response, wpc_response_free};
use wechatpay_product_coupon_ffi::result::wpc_result;

/// One `(pointer, length)` argument as passed.
type Pair = (*const u8, usize);

fn keys_dir() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../src/sandbox/test_keys").to_owned()
}

fn key_file(name: &str) -> String {
    format!("{}/{name}", keys_dir())
}

/// A client for a closed loopback port: one attempt, an APIv3 key for notifications.
fn client() -> *mut wpc_client {
    let config = serde_json::json!({
        "mchid": "1900000001",
        "merchant_serial": "5A4E44424F58000000000000000000000001",
        "private_key_file": key_file("merchant_private_key.pem"),
        "wechatpay_public_key_id": "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
        "wechatpay_public_key_file": key_file("wechatpay_public_key.pem"),
        "base_url": "http://127.0.0.1:9",
        "no_backup": true,
        "retry": {"max_attempts": 1},
        "apiv3_key": "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
    })
    .to_string();
    let mut out = ptr::null_mut();
    // SAFETY: the config points to live bytes; `out` is writable.
    let rc = unsafe { wpc_client_new_from_json(config.as_ptr(), config.len(), &mut out) };
    assert_eq!(rc, wpc_result::WPC_OK, "{}", last_message());
    out
}

fn last_field() -> String {
    // SAFETY: a NUL-terminated string valid until this thread's next fallible call.
    unsafe { CStr::from_ptr(wpc_last_error_field()) }
        .to_string_lossy()
        .into_owned()
}

fn last_message() -> String {
    // SAFETY: as `last_field`.
    unsafe { CStr::from_ptr(wpc_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

/// Frees whatever a call handed out through a buffer out-pointer.
fn free_buffer(out: *mut wpc_buffer) {
    // SAFETY: NULL or a buffer the call handed out.
    unsafe { wpc_buffer_free(out) }
}

/// A builder setter of one text value.
type TextSetter = unsafe extern "C" fn(*mut wpc_builder, *const u8, usize) -> wpc_result;

/// Runs `set` on a fresh configuration.
fn with_builder(set: impl FnOnce(*mut wpc_builder) -> wpc_result) -> wpc_result {
    let builder = wpc_builder_new();
    let rc = set(builder);
    // SAFETY: the configuration from `wpc_builder_new`, freed once.
    unsafe { wpc_builder_free(builder) };
    rc
}

/// Runs `f` with a client, freed afterwards.
fn with_client(f: impl FnOnce(*const wpc_client) -> wpc_result) -> wpc_result {
    let c = client();
    let rc = f(c);
    // SAFETY: the client from `client()`, freed once, no longer used.
    unsafe { wpc_client_free(c) };
    rc
}

mod pairs;
mod setters;

//! `wpc_sandbox_*` (feature `sandbox`): the in-process WeChat Pay gateway simulator on
//! 127.0.0.1, for C callers' own tests. It uses **test-only** keys; its client configuration
//! (`wpc_sandbox_client_config_json`) carries them.

use std::ffi::{c_char, CString};

use wechatpay_product_coupon::sandbox::{self, Fault, Sandbox};

use crate::boundary::{boundary, boundary_or, free, handle, out, text, FfiError};
use crate::buffer::wpc_buffer;
use crate::last_error::c_string;
use crate::result::wpc_result;

/// A running sandbox. Thread-safe; stops when freed.
pub struct wpc_sandbox {
    sandbox: Sandbox,
    base_url: CString,
    config_json: CString,
}

// The documented promise: one sandbox may be used by many threads at once.
const _: fn() = || {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<wpc_sandbox>();
};

/// Starts a sandbox on `port` of 127.0.0.1 (0 = any free port), seeded with the official
/// examples' coupons (openid `oh-394z-6CGkNoJrsDLTTUKiAnp4`, coupons `Code_123456` and
/// `Code_123457`, product coupon `1000000013`, stock `1000000013001`, appid
/// `wx233544546545989`, brand `120344`).
///
/// Ownership: `*out_sandbox` is the caller's; free it (which stops it) with
/// `wpc_sandbox_free`. On failure it is set to NULL.
///
/// # Safety
/// `out_sandbox` must be NULL or point to writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_sandbox_start(
    port: u16,
    out_sandbox: *mut *mut wpc_sandbox,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let slot = unsafe { out(out_sandbox, "out_sandbox") }?;
        let sandbox = Sandbox::start_on(port)?;
        let base_url = sandbox.base_url();
        let config = serde_json::json!({
            "mchid": sandbox::MCHID,
            "merchant_serial": sandbox::MERCHANT_SERIAL,
            "private_key_pem": sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM,
            "wechatpay_public_key_id": sandbox::PUBLIC_KEY_ID,
            "wechatpay_public_key_pem": sandbox::TEST_WECHATPAY_PUBLIC_KEY_PEM,
            "base_url": base_url,
            "apiv3_key": sandbox::TEST_APIV3_KEY,
        });
        *slot = Box::into_raw(Box::new(wpc_sandbox {
            base_url: c_string(&base_url),
            config_json: c_string(&config.to_string()),
            sandbox,
        }));
        Ok(())
    })
}

/// Stops and frees a sandbox; NULL is a no-op.
///
/// # Safety
/// `sandbox` must be NULL or a sandbox from `wpc_sandbox_start` not freed yet, not in use by
/// another thread.
#[no_mangle]
pub unsafe extern "C" fn wpc_sandbox_free(sandbox: *mut wpc_sandbox) {
    // SAFETY: forwarded to the caller.
    boundary_or((), || unsafe { free(sandbox) })
}

/// Reads a field of a sandbox; `fallback` for NULL.
///
/// # Safety
/// `sandbox` must be NULL or a live sandbox.
unsafe fn with<T: Copy>(
    sandbox: *const wpc_sandbox,
    fallback: T,
    read: impl FnOnce(&wpc_sandbox) -> T,
) -> T {
    boundary_or(fallback, || {
        // SAFETY: forwarded to the caller.
        unsafe { sandbox.as_ref() }.map_or(fallback, read)
    })
}

/// The sandbox's base URL, `http://127.0.0.1:<port>`.
///
/// Ownership: the sandbox's; valid until `wpc_sandbox_free(sandbox)`. Empty when `sandbox`
/// is NULL.
///
/// # Safety
/// `sandbox` must be NULL or a live sandbox.
#[no_mangle]
pub unsafe extern "C" fn wpc_sandbox_base_url(sandbox: *const wpc_sandbox) -> *const c_char {
    // SAFETY: forwarded to the caller.
    unsafe { with(sandbox, c"".as_ptr(), |s| s.base_url.as_ptr()) }
}

/// A client configuration (JSON, for `wpc_client_new_from_json`) for this sandbox: its base
/// URL, merchant and the **test-only** keys, in public-key mode, and its test APIv3 key.
///
/// Ownership: the sandbox's; valid until `wpc_sandbox_free(sandbox)`. Empty when `sandbox`
/// is NULL.
///
/// # Safety
/// `sandbox` must be NULL or a live sandbox.
#[no_mangle]
pub unsafe extern "C" fn wpc_sandbox_client_config_json(
    sandbox: *const wpc_sandbox,
) -> *const c_char {
    // SAFETY: forwarded to the caller.
    unsafe { with(sandbox, c"".as_ptr(), |s| s.config_json.as_ptr()) }
}

/// Issues another EFFECTIVE coupon `coupon_code` of the seed product coupon to `openid`,
/// usable around the sandbox's date.
///
/// # Safety
/// `sandbox` must be NULL or a live sandbox; `openid` and `coupon_code` must be NULL or point
/// to `openid_len` / `coupon_code_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_sandbox_issue_coupon(
    sandbox: *const wpc_sandbox,
    openid: *const u8,
    openid_len: usize,
    coupon_code: *const u8,
    coupon_code_len: usize,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let s = unsafe { handle(sandbox, "sandbox") }?;
        // SAFETY: forwarded to the caller.
        let openid = unsafe { text(openid, openid_len, "openid") }?;
        // SAFETY: forwarded to the caller.
        let code = unsafe { text(coupon_code, coupon_code_len, "coupon_code") }?;
        s.sandbox.issue_coupon(openid, code);
        Ok(())
    })
}

/// The state of a coupon (`EFFECTIVE`, `USED`, `DEACTIVATED`) into `*out_state`; an unknown
/// coupon is `WPC_ERR_INVALID_ARGUMENT`.
///
/// Ownership: `*out_state` is the caller's; free it with `wpc_buffer_free`.
///
/// # Safety
/// As `wpc_sandbox_issue_coupon`; `out_state` must be NULL or point to writable storage for
/// one pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_sandbox_coupon_state(
    sandbox: *const wpc_sandbox,
    openid: *const u8,
    openid_len: usize,
    coupon_code: *const u8,
    coupon_code_len: usize,
    out_state: *mut *mut wpc_buffer,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let slot = unsafe { out(out_state, "out_state") }?;
        // SAFETY: forwarded to the caller.
        let s = unsafe { handle(sandbox, "sandbox") }?;
        // SAFETY: forwarded to the caller.
        let openid = unsafe { text(openid, openid_len, "openid") }?;
        // SAFETY: forwarded to the caller.
        let code = unsafe { text(coupon_code, coupon_code_len, "coupon_code") }?;
        let state = s.sandbox.coupon_state(openid, code).ok_or_else(|| {
            FfiError::InvalidArgument("coupon_code", format!("no coupon {code:?} of {openid:?}"))
        })?;
        *slot = wpc_buffer::from_vec(state.into_bytes()).into_raw();
        Ok(())
    })
}

/// The faults `wpc_sandbox_push_fault` knows, by name.
const FAULTS: &[&str] = &[
    "tamper_body",
    "unsigned",
    "stale",
    "future_dated",
    "unknown_serial",
    "bad_base64",
    "signtest_probe",
    "duplicate_signature",
    "empty_body",
    "non_utf8_body",
    "truncated_body",
    "close",
    "accepted",
    "status_429",
    "status_500",
    "status_503",
    "process_then_500",
    "process_then_close",
];

fn fault(name: &str) -> Option<Fault> {
    Some(match name {
        "tamper_body" => Fault::TamperBody,
        "unsigned" => Fault::Unsigned,
        "stale" => Fault::Stale,
        "future_dated" => Fault::FutureDated,
        "unknown_serial" => Fault::UnknownSerial,
        "bad_base64" => Fault::BadBase64,
        "signtest_probe" => Fault::SignTestProbe,
        "duplicate_signature" => Fault::DuplicateSignature,
        "empty_body" => Fault::EmptyBody,
        "non_utf8_body" => Fault::NonUtf8Body,
        "truncated_body" => Fault::TruncatedBody,
        "close" => Fault::Close,
        "accepted" => Fault::Accepted,
        "status_429" => Fault::Status {
            status: 429,
            code: "RATELIMIT_EXCEEDED",
        },
        "status_500" => Fault::Status {
            status: 500,
            code: "SYSTEM_ERROR",
        },
        "status_503" => Fault::Status {
            status: 503,
            code: "SERVICE_UNAVAILABLE",
        },
        "process_then_500" => Fault::ProcessThenStatus {
            status: 500,
            code: "SYSTEM_ERROR",
        },
        "process_then_close" => Fault::ProcessThenClose,
        _ => return None,
    })
}

/// Makes the sandbox misbehave on the next request it serves: `tamper_body`, `unsigned`,
/// `stale`, `future_dated`, `unknown_serial`, `bad_base64`, `signtest_probe`,
/// `duplicate_signature`, `empty_body`, `non_utf8_body`, `truncated_body`, `close`,
/// `accepted`, `status_429`, `status_500`, `status_503` (these three without processing the
/// request), `process_then_500`, `process_then_close` (a write is applied, then the answer is
/// a 500 or a closed connection: to test exactly-once handling). Faults queue up, one per
/// request.
///
/// # Safety
/// `sandbox` must be NULL or a live sandbox; `name` must be NULL or point to `name_len`
/// readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_sandbox_push_fault(
    sandbox: *const wpc_sandbox,
    name: *const u8,
    name_len: usize,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let s = unsafe { handle(sandbox, "sandbox") }?;
        // SAFETY: forwarded to the caller.
        let name = unsafe { text(name, name_len, "name") }?;
        let fault = fault(name).ok_or_else(|| {
            FfiError::InvalidArgument(
                "name",
                format!("unknown fault {name:?}; known: {}", FAULTS.join(", ")),
            )
        })?;
        s.sandbox.push_fault(fault);
        Ok(())
    })
}

/// How many distinct request nonces the sandbox has seen (every nonce is kept).
///
/// # Safety
/// `sandbox` must be NULL or a live sandbox.
#[no_mangle]
pub unsafe extern "C" fn wpc_sandbox_distinct_nonces(sandbox: *const wpc_sandbox) -> usize {
    // SAFETY: forwarded to the caller.
    unsafe { with(sandbox, 0, |s| s.sandbox.distinct_nonces()) }
}

/// How many requests reused a nonce the sandbox had already seen (0 for a correct client).
///
/// # Safety
/// `sandbox` must be NULL or a live sandbox.
#[no_mangle]
pub unsafe extern "C" fn wpc_sandbox_nonce_reuses(sandbox: *const wpc_sandbox) -> u64 {
    // SAFETY: forwarded to the caller.
    unsafe { with(sandbox, 0, |s| s.sandbox.nonce_reuses()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_fault_is_known() {
        for name in FAULTS {
            assert!(fault(name).is_some(), "{name}");
        }
        assert!(fault("nope").is_none());
    }
}

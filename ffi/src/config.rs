//! A client configuration, given either as JSON (`wpc_client_new_from_json`) or through the
//! `wpc_builder_*` setters of [`wpc_builder`] (this file); both fill the same [`ClientConfig`]
//! (`settings.rs`), which is turned into the core crate's `ClientBuilder` in one place
//! ([`ClientConfig::build`]).
//!
//! The JSON form (every field optional unless noted; unknown fields are an error):
//!
//! ```json
//! {
//!   "mchid": "1900000001",                                   // required
//!   "merchant_serial": "5A4E44424F58000000000000000000000001", // required
//!   "private_key_pem": "-----BEGIN PRIVATE KEY-----…",        // this or private_key_file
//!   "private_key_file": "/path/apiclient_key.pem",
//!   "wechatpay_public_key_id": "PUB_KEY_ID_…",               // with _pem or _file
//!   "wechatpay_public_key_pem": "-----BEGIN PUBLIC KEY-----…",
//!   "wechatpay_public_key_file": "/path/pub_key.pem",
//!   "platform_certificates_pem": ["-----BEGIN CERTIFICATE-----…"],
//!   "platform_certificate_files": ["/path/cert.pem"],
//!   "base_url": "https://api.mch.weixin.qq.com",
//!   "backup_base_url": "https://api2.mch.weixin.qq.com",
//!   "no_backup": false,
//!   "connect_timeout_ms": 5000, "timeout_ms": 30000,
//!   "retry": {"max_attempts": 3, "initial_backoff_ms": 200, "max_backoff_ms": 2000, "max_elapsed_ms": 10000},
//!   "rate_limits": {"use_coupon": 500},   // present: limiter on, documented limits + these
//!   "body_limit": 4194304, "timestamp_window_secs": 300,
//!   "apiv3_key": "…32 bytes…",          // notifications and GET /v3/certificates
//!   "refresh_certificates_secs": 60,     // refresh on an unknown serial, at most this often
//!   "proxy": "http://proxy.internal:3128", // every request, certificate downloads included
//!   "extra_root_certificates_pem": ["-----BEGIN CERTIFICATE-----…"] // beside Mozilla's roots
//! }
//! ```

use std::collections::BTreeMap;
use std::time::Duration;

use wechatpay_product_coupon::aead::ApiV3Key;
use wechatpay_product_coupon::{Client, ClientBuilder, RateLimits, RetryPolicy};

pub use crate::settings::{Built, ClientConfig, RetryConfig};

use crate::boundary::{
    boundary, boundary_or, bytes, free, handle, handle_mut, out, text, FfiError,
};
use crate::client::wpc_client;
use crate::result::wpc_result;

/// A client configuration being assembled by setters. Not thread-safe: one thread at a time.
pub struct wpc_builder {
    config: ClientConfig,
}

/// A new, empty configuration.
///
/// Ownership: the caller's; free it with `wpc_builder_free` (building does not free it).
#[no_mangle]
pub extern "C" fn wpc_builder_new() -> *mut wpc_builder {
    boundary_or(std::ptr::null_mut(), || {
        Box::into_raw(Box::new(wpc_builder {
            config: ClientConfig::default(),
        }))
    })
}

/// Frees a configuration; NULL is a no-op.
///
/// # Safety
/// `builder` must be NULL or a configuration from `wpc_builder_new` not freed yet.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_free(builder: *mut wpc_builder) {
    // SAFETY: forwarded to the caller.
    boundary_or((), || unsafe { free(builder) })
}

/// Applies `set` to the configuration behind `builder`.
///
/// # Safety
/// `builder` must be NULL or a live, unshared configuration.
pub(crate) unsafe fn update(
    builder: *mut wpc_builder,
    set: impl FnOnce(&mut ClientConfig) -> Result<(), FfiError>,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let b = unsafe { handle_mut(builder, "builder") }?;
        set(&mut b.config)
    })
}

/// Checks a value when its setter is called, with the core crate's own checks
/// (`ClientBuilder::check_settings`, the ones `build` makes): a bad value is refused at once,
/// naming its setting, and the configuration keeps its previous value.
fn check(configure: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Result<(), FfiError> {
    Ok(configure(Client::builder()).check_settings()?)
}

/// Sets one text field of the configuration from `(value, value_len)`.
///
/// # Safety
/// As the text setters below.
unsafe fn set_text(
    builder: *mut wpc_builder,
    value: *const u8,
    value_len: usize,
    field: fn(&mut ClientConfig) -> &mut Option<String>,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            *field(c) = Some(text(value, value_len, "value")?.to_owned());
            Ok(())
        })
    }
}

/// Sets the service provider's merchant ID (服务商商户号). Required.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `value` must be NULL or
/// point to `value_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_mchid(
    builder: *mut wpc_builder,
    value: *const u8,
    value_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe { set_text(builder, value, value_len, |c| &mut c.mchid) }
}

/// Sets the merchant API certificate serial (hex). Required.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `value` must be NULL or
/// point to `value_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_merchant_serial(
    builder: *mut wpc_builder,
    value: *const u8,
    value_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe { set_text(builder, value, value_len, |c| &mut c.merchant_serial) }
}

/// Sets the merchant private key as PEM text (PKCS#8 or PKCS#1). This or
/// `wpc_builder_set_private_key_file` is required.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `value` must be NULL or
/// point to `value_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_private_key_pem(
    builder: *mut wpc_builder,
    value: *const u8,
    value_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe { set_text(builder, value, value_len, |c| &mut c.private_key_pem) }
}

/// Sets the merchant private key as the path of a PEM file.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `value` must be NULL or
/// point to `value_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_private_key_file(
    builder: *mut wpc_builder,
    value: *const u8,
    value_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe { set_text(builder, value, value_len, |c| &mut c.private_key_file) }
}

/// Sets the base URL (default `https://api.mch.weixin.qq.com`; `http://` only for
/// loopback hosts). Anything else is `WPC_ERR_CONFIG` naming `base_url`, at once.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `value` must be NULL or
/// point to `value_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_base_url(
    builder: *mut wpc_builder,
    value: *const u8,
    value_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            let url = text(value, value_len, "value")?;
            check(|b| b.base_url(url))?;
            c.base_url = Some(url.to_owned());
            Ok(())
        })
    }
}

/// Sets the backup base URL tried when the primary cannot be reached; the same rules as
/// `wpc_builder_set_base_url` (`WPC_ERR_CONFIG` naming `backup_base_url`, at once).
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `value` must be NULL or
/// point to `value_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_backup_base_url(
    builder: *mut wpc_builder,
    value: *const u8,
    value_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            let url = text(value, value_len, "value")?;
            check(|b| b.backup_base_url(url))?;
            c.backup_base_url = Some(url.to_owned());
            Ok(())
        })
    }
}

/// Sets the WeChat Pay public key: its ID (`PUB_KEY_ID_…`) and PEM text.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `id` and `pem` must be
/// NULL or point to `id_len` / `pem_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_wechatpay_public_key_pem(
    builder: *mut wpc_builder,
    id: *const u8,
    id_len: usize,
    pem: *const u8,
    pem_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            c.wechatpay_public_key_id = Some(text(id, id_len, "id")?.to_owned());
            c.wechatpay_public_key_pem = Some(text(pem, pem_len, "pem")?.to_owned());
            c.wechatpay_public_key_file = None;
            Ok(())
        })
    }
}

/// Sets the WeChat Pay public key: its ID and the path of its PEM file.
///
/// # Safety
/// As `wpc_builder_set_wechatpay_public_key_pem`.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_wechatpay_public_key_file(
    builder: *mut wpc_builder,
    id: *const u8,
    id_len: usize,
    path: *const u8,
    path_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            c.wechatpay_public_key_id = Some(text(id, id_len, "id")?.to_owned());
            c.wechatpay_public_key_file = Some(text(path, path_len, "path")?.to_owned());
            c.wechatpay_public_key_pem = None;
            Ok(())
        })
    }
}

/// Adds a WeChat Pay platform certificate (certificate mode), PEM text.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `pem` must be NULL or
/// point to `pem_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_add_platform_certificate_pem(
    builder: *mut wpc_builder,
    pem: *const u8,
    pem_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            let pem = text(pem, pem_len, "pem")?.to_owned();
            c.platform_certificates_pem.push(pem);
            Ok(())
        })
    }
}

/// Adds a WeChat Pay platform certificate, the path of a PEM file.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `path` must be NULL or
/// point to `path_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_add_platform_certificate_file(
    builder: *mut wpc_builder,
    path: *const u8,
    path_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            let path = text(path, path_len, "path")?.to_owned();
            c.platform_certificate_files.push(path);
            Ok(())
        })
    }
}

/// Never fail over to a backup host.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_no_backup(builder: *mut wpc_builder) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            c.no_backup = true;
            Ok(())
        })
    }
}

/// Sets the connect timeout and the overall timeout of one exchange, in milliseconds
/// (defaults 5000 and 30000). Each must be 100 ms to 1 hour (the Rust crate's `MIN_TIMEOUT`
/// and `MAX_TIMEOUT`); anything else is `WPC_ERR_CONFIG` at once, naming `connect_timeout`
/// or `timeout` in `wpc_last_error_field()`, and neither value is set.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_timeouts(
    builder: *mut wpc_builder,
    connect_timeout_ms: u64,
    timeout_ms: u64,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            check(|b| {
                b.connect_timeout(Duration::from_millis(connect_timeout_ms))
                    .timeout(Duration::from_millis(timeout_ms))
            })?;
            c.connect_timeout_ms = Some(connect_timeout_ms);
            c.timeout_ms = Some(timeout_ms);
            Ok(())
        })
    }
}

/// Sets the retry policy: total attempts (1 = no retry), first and largest backoff, and the
/// time after which no retry starts, in milliseconds (default 3, 200, 2000, 10000). A policy
/// the Rust crate's `RetryPolicy` refuses (no attempt, waits over an hour) is
/// `WPC_ERR_CONFIG` naming `retry_policy`, at once.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_retry_policy(
    builder: *mut wpc_builder,
    max_attempts: u32,
    initial_backoff_ms: u64,
    max_backoff_ms: u64,
    max_elapsed_ms: u64,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            check(|b| {
                b.retry_policy(RetryPolicy {
                    max_attempts,
                    initial_backoff: Duration::from_millis(initial_backoff_ms),
                    max_backoff: Duration::from_millis(max_backoff_ms),
                    max_elapsed: Duration::from_millis(max_elapsed_ms),
                })
            })?;
            c.retry = Some(RetryConfig {
                max_attempts: Some(max_attempts),
                initial_backoff_ms: Some(initial_backoff_ms),
                max_backoff_ms: Some(max_backoff_ms),
                max_elapsed_ms: Some(max_elapsed_ms),
            });
            Ok(())
        })
    }
}

/// Enables the client-side rate limiter with WeChat Pay's documented limits, and sets the
/// limit of the endpoint `name` (e.g. `use_coupon`) to `per_second` (0 = unlimited). Call it
/// again for other endpoints. An unknown name is refused at once (`WPC_ERR_CONFIG`, the
/// message lists the known names).
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `name` must be NULL or
/// point to `name_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_rate_limit(
    builder: *mut wpc_builder,
    name: *const u8,
    name_len: usize,
    per_second: u32,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            let name = text(name, name_len, "name")?.to_owned();
            RateLimits::documented().with_named(&name, per_second)?;
            c.rate_limits
                .get_or_insert_with(BTreeMap::new)
                .insert(name, per_second);
            Ok(())
        })
    }
}

/// Enables the client-side rate limiter with WeChat Pay's documented limits.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_enable_rate_limits(builder: *mut wpc_builder) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            c.rate_limits.get_or_insert_with(BTreeMap::new);
            Ok(())
        })
    }
}

/// Sets the response body limit in bytes (default 4 MiB; 0 is `WPC_ERR_CONFIG` naming
/// `body_limit`, at once).
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_body_limit(
    builder: *mut wpc_builder,
    bytes: u64,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            check(|b| b.body_limit(bytes))?;
            c.body_limit = Some(bytes);
            Ok(())
        })
    }
}

/// Sets the accepted response timestamp skew in seconds (default 300): 1 to 900 (the Rust
/// crate's `MAX_TIMESTAMP_WINDOW_SECS`; wider would accept answers replayed long after they
/// were signed). Anything else is `WPC_ERR_CONFIG` naming `timestamp_window`, at once.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_timestamp_window(
    builder: *mut wpc_builder,
    secs: u64,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            check(|b| b.timestamp_window(secs))?;
            c.timestamp_window_secs = Some(secs);
            Ok(())
        })
    }
}

/// Sets the APIv3 key (APIv3密钥, exactly 32 bytes; anything else is `WPC_ERR_KEY` naming the
/// length found), needed by `wpc_client_parse_notification` and
/// `wpc_client_refresh_platform_certificates`. The library keeps its own copy, wiped when
/// the configuration and the client are freed; wipe yours.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `key` must be NULL or
/// point to `key_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_apiv3_key(
    builder: *mut wpc_builder,
    key: *const u8,
    key_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            c.apiv3_key = Some(ApiV3Key::new(bytes(key, key_len, "key")?)?);
            Ok(())
        })
    }
}

/// Turns on the certificate refresh: when an answer or a notification names a platform
/// certificate serial the client does not hold, it downloads the certificates once and
/// verifies again, at most once per `min_interval_secs` (at least 1, else `WPC_ERR_CONFIG`
/// naming `refresh_certificates` at once; needs the APIv3 key, checked when building). Off by
/// default; never done while building.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_certificate_refresh(
    builder: *mut wpc_builder,
    min_interval_secs: u64,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            check(|b| b.refresh_certificates(Duration::from_secs(min_interval_secs)))?;
            c.refresh_certificates_secs = Some(min_interval_secs);
            Ok(())
        })
    }
}

/// Checks the configuration, loads the keys and builds a client into `*out_client`. Nothing
/// is sent. The configuration is left as it was (build again, or free it).
///
/// Ownership: `*out_client` is the caller's; free it with `wpc_client_free`. On failure it
/// is set to NULL.
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `out_client` must be
/// NULL or point to writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_build(
    builder: *const wpc_builder,
    out_client: *mut *mut wpc_client,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let slot = unsafe { out(out_client, "out_client") }?;
        // SAFETY: forwarded to the caller.
        let b = unsafe { handle(builder, "builder") }?;
        *slot = wpc_client::new(b.config.build()?).into_raw();
        Ok(())
    })
}

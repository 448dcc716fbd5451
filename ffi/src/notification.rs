//! Notifications and platform certificates, which need the APIv3 key
//! (`"apiv3_key"` in the configuration, or `wpc_builder_set_apiv3_key`).
//!
//! A notification handler in C: read the request's headers and raw body, call
//! `wpc_client_parse_notification`, act on the event (deduplicated by its `id`), then answer
//! with `wpc_last_error_reply_status()` and `wpc_last_error_reply_body()`, which say what to
//! answer after the call, success or failure.

use crate::boundary::{boundary, bytes, handle, json, out, FfiError};
use crate::buffer::wpc_buffer;
use crate::client::wpc_client;
use crate::result::wpc_result;

/// Verifies, decrypts and parses a WeChat Pay notification (e.g. `PRODUCT_COUPON_SP.SEND`)
/// that the caller's HTTP server received: `headers_json` is a JSON array of `[name, value]`
/// pairs, all of the request's headers (names in any case); `body` the raw body bytes,
/// exactly as received (length 0, with any pointer, for an empty body). In that order: the signature over the raw
/// body is verified (serial-keyed, timestamp window against the current time, missing headers
/// refused), then `resource` is decrypted with the APIv3 key (AES-256-GCM), then parsed.
///
/// On success `*out_notification` is a JSON object: `id` (deduplicate by it: the same
/// notification can arrive several times), `create_time`, `event_type`, `resource_type`,
/// `summary`, `original_type`, `event` (`{"kind":"coupon_sent",…}` with the coupon's fields,
/// `{"kind":"image_generation",…}`, or `{"kind":"other","event_type":…,"json":{…}}` for any
/// other type) and `plaintext` (the decrypted JSON as sent). A failure is
/// `WPC_ERR_VERIFICATION` (do not trust the body) or `WPC_ERR_NOTIFICATION` (the step in
/// `wpc_last_error_field()`: `envelope`, `algorithm`, `decrypt`, `payload`); without the APIv3
/// key, `WPC_ERR_CONFIG`. Either way `wpc_last_error_reply_status()` / `_reply_body()` give the
/// HTTP answer.
///
/// Ownership: `*out_notification` is the caller's; free it with `wpc_buffer_free`. On failure
/// it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `headers_json` and `body` must be NULL or point to
/// `headers_len` / `body_len` readable bytes; `out_notification` must be NULL or point to
/// writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_parse_notification(
    client: *const wpc_client,
    headers_json: *const u8,
    headers_len: usize,
    body: *const u8,
    body_len: usize,
    out_notification: *mut *mut wpc_buffer,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let slot = unsafe { out(out_notification, "out_notification") }?;
        // SAFETY: forwarded to the caller.
        let client = unsafe { handle(client, "client") }?;
        // SAFETY: forwarded to the caller.
        let pairs: Vec<(String, String)> =
            unsafe { json(headers_json, headers_len, "headers_json") }?;
        // SAFETY: forwarded to the caller.
        let body = unsafe { bytes(body, body_len, "body") }?;
        let headers = pairs.iter().map(|(n, v)| (n.as_str(), v.as_bytes()));
        let notification = client.client().parse_notification(headers, body)?;
        let json = serde_json::to_vec(&notification).map_err(|e| {
            FfiError::InvalidArgument(
                "out_notification",
                format!("the notification did not serialize: {e}"),
            )
        })?;
        *slot = wpc_buffer::from_vec(json).into_raw();
        Ok(())
    })
}

/// Downloads the platform certificates (`GET /v3/certificates`), decrypts each with the APIv3
/// key, verifies the download's signature with the certificate it names (the official
/// downloaders' bootstrap: it proves the download came from whoever holds that certificate's
/// key, not that the certificate is WeChat Pay's; configure a certificate or the public key
/// you obtained out of band to anchor trust), refuses expired certificates (their dates in the
/// message), and installs them into the client: later answers and notifications signed
/// under them verify. For merchants still in certificate mode.
///
/// `out_certificates` may be NULL; otherwise it receives a JSON array of the installed
/// certificates: `[{"serial":"…","not_before":…,"not_after":…}]` (Unix seconds).
///
/// Ownership: `*out_certificates` is the caller's; free it with `wpc_buffer_free`. On failure
/// it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `out_certificates` must be NULL or point to
/// writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_refresh_platform_certificates(
    client: *const wpc_client,
    out_certificates: *mut *mut wpc_buffer,
) -> wpc_result {
    boundary(|| {
        let slot = if out_certificates.is_null() {
            None
        } else {
            // SAFETY: forwarded to the caller.
            Some(unsafe { out(out_certificates, "out_certificates") }?)
        };
        // SAFETY: forwarded to the caller.
        let client = unsafe { handle(client, "client") }?;
        let installed = client.client().refresh_platform_certificates()?;
        if let Some(slot) = slot {
            let listed: Vec<serde_json::Value> = installed
                .iter()
                .map(|cert| {
                    serde_json::json!({
                        "serial": cert.serial(),
                        "not_before": cert.not_before(),
                        "not_after": cert.not_after(),
                    })
                })
                .collect();
            let text = serde_json::Value::from(listed).to_string();
            *slot = wpc_buffer::from_vec(text.into_bytes()).into_raw();
        }
        Ok(())
    })
}

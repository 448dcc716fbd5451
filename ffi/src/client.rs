//! [`wpc_client`]: a configured client, shared by any number of threads, and everything done
//! with it: the typed calls (JSON in, verified JSON out), the generic signed call, and the
//! pure signing and verification functions for callers with their own HTTP stack.

use serde::de::DeserializeOwned;
use wechatpay_product_coupon::endpoint::{ApiRequest, EncodedRequest};
use wechatpay_product_coupon::signing::RequestSigner;
use wechatpay_product_coupon::verify::{self, SignatureHeaders, VerificationError};
use wechatpay_product_coupon::{headers, Client, Error, Method};

use crate::boundary::{
    boundary, boundary_or, bytes, free, handle, json, optional_bytes, optional_text, out, text,
    FfiError,
};
use crate::buffer::wpc_buffer;
use crate::response::wpc_response;
use crate::result::wpc_result;
use crate::settings::{Built, ClientConfig};

/// A configured client: one connection pool, keys parsed once, retries and rate limits as
/// configured. Thread-safe: any number of threads may use one client at the same time.
pub struct wpc_client {
    client: Client,
    signer: RequestSigner,
    window_secs: u64,
}

// The documented promise: one client may be used by many threads at once.
const _: fn() = || {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<wpc_client>();
};

impl wpc_client {
    pub(crate) fn new(built: Built) -> Self {
        wpc_client {
            client: built.client,
            signer: built.signer,
            window_secs: built.window_secs,
        }
    }

    /// The core client.
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn into_raw(self) -> *mut wpc_client {
        Box::into_raw(Box::new(self))
    }
}

/// One typed endpoint as C sees it: its name and how to encode it. The only code per
/// endpoint is reading and encoding its request; sending is one shared copy
/// (`Client::execute_encoded`), which keeps each endpoint's cost in the C library small.
pub(crate) struct Endpoint {
    name: &'static str,
    encode: fn(&str) -> Result<EncodedRequest, FfiError>,
}

impl Endpoint {
    pub(crate) const fn of<R: ApiRequest + DeserializeOwned>() -> Self {
        Endpoint {
            name: R::ENDPOINT.name,
            encode: encode::<R>,
        }
    }

    fn named(name: &str) -> Result<&'static Endpoint, FfiError> {
        ENDPOINTS.iter().find(|e| e.name == name).ok_or_else(|| {
            let known: Vec<&str> = ENDPOINTS.iter().map(|e| e.name).collect();
            FfiError::InvalidArgument(
                "endpoint",
                format!("unknown endpoint {name:?}; known: {}", known.join(", ")),
            )
        })
    }
}

/// Every endpoint of `wpc_client_execute` and `wpc_encode_request`: expanded from the core's
/// registry, so a new endpoint reaches C by name with no change here.
macro_rules! by_name_table {
    ([$krate:tt] $($resource:ident { $($(#[$doc:meta])* $name:ident($req:ident) -> $resp:ident;)* })*) => {
        static ENDPOINTS: &[Endpoint] = &[$($(Endpoint::of::<$krate::api::$req>(),)*)*];
    };
}
wechatpay_product_coupon::for_each_endpoint!(by_name_table);

/// Reads a request from its JSON travel form (the API's field names, path parameters
/// included). An identifier that breaks its rule is `WPC_ERR_INVALID_REQUEST` naming it.
fn request<R: DeserializeOwned>(json: &str) -> Result<R, FfiError> {
    let mut de = serde_json::Deserializer::from_str(json);
    R::deserialize(ObjectOnly(&mut de))
        .and_then(|req| de.end().map(|()| req))
        .map_err(|e| request_error(json, &e))
}

/// serde_json's reader with a request read only from a JSON object: serde's derived
/// `Deserialize` also reads a struct from an array (its fields in order), which no C caller
/// means; asking for a map instead leaves that second reader of each request type out of
/// the library (about 1.5 KB per endpoint).
struct ObjectOnly<'a, 'de>(&'a mut serde_json::Deserializer<serde_json::de::StrRead<'de>>);

impl<'de> serde::Deserializer<'de> for ObjectOnly<'_, 'de> {
    type Error = serde_json::Error;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        serde::Deserializer::deserialize_any(self.0, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The error of a request that did not read (not generic: one copy for every endpoint).
#[inline(never)]
fn request_error(json: &str, e: &serde_json::Error) -> FfiError {
    match crate::request_ids::id_error(json) {
        Some(invalid) => FfiError::Core(invalid),
        None => FfiError::InvalidJson("request", e.to_string()),
    }
}

/// Validates and encodes a request of `R`.
fn encode<R: ApiRequest + DeserializeOwned>(json: &str) -> Result<EncodedRequest, FfiError> {
    Ok(request::<R>(json)?.encode()?)
}

/// Builds a client from its configuration as JSON (see the README or `ffi/src/config.rs` for
/// the fields: `mchid`, `merchant_serial`, `private_key_pem` or `private_key_file`,
/// `wechatpay_public_key_id` with `wechatpay_public_key_pem` or `_file`,
/// `platform_certificates_pem`, `base_url`, `timeout_ms`, `retry`, `rate_limits`, …).
/// Unknown fields are an error. Nothing is sent.
///
/// Ownership: `*out_client` is the caller's; free it with `wpc_client_free`. On failure it
/// is set to NULL.
///
/// # Safety
/// `config_json` must be NULL or point to `config_len` readable bytes; `out_client` must be
/// NULL or point to writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_new_from_json(
    config_json: *const u8,
    config_len: usize,
    out_client: *mut *mut wpc_client,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let slot = unsafe { out(out_client, "out_client") }?;
        // SAFETY: forwarded to the caller.
        let config: ClientConfig = unsafe { json(config_json, config_len, "config_json") }?;
        *slot = wpc_client::new(config.build()?).into_raw();
        Ok(())
    })
}

/// Frees a client; NULL is a no-op. No other thread may be using it.
///
/// # Safety
/// `client` must be NULL or a client from this library not freed yet, and no call on it may
/// be running.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_free(client: *mut wpc_client) {
    // SAFETY: forwarded to the caller.
    boundary_or((), || unsafe { free(client) })
}

/// Calls `endpoint` of the client with a request given as JSON and puts the verified response
/// body into `*out_body`.
///
/// # Safety
/// As for the typed calls below.
pub(crate) unsafe fn call_endpoint(
    client: *const wpc_client,
    endpoint: &'static Endpoint,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> Result<(), FfiError> {
    // SAFETY: forwarded to the caller.
    let slot = unsafe { out(out_body, "out_body") }?;
    // SAFETY: forwarded to the caller.
    let client = unsafe { handle(client, "client") }?;
    // SAFETY: forwarded to the caller.
    let json = unsafe { text(request_json, request_len, "request_json") }?;
    let encoded = (endpoint.encode)(json)?;
    let body = client.client.execute_encoded(&encoded)?.into_body();
    *slot = wpc_buffer::from_vec(body).into_raw();
    Ok(())
}

/// Calls the endpoint named `endpoint` (any registered endpoint, e.g. `use_coupon`,
/// `send_coupon`, `update_product_coupon`; the README lists them) with a request given as
/// JSON in its travel form; otherwise as `wpc_client_use_coupon`. An unknown name is
/// `WPC_ERR_INVALID_ARGUMENT`, and the message lists the known names. This is how every
/// endpoint reaches C: endpoints added from now on get no function of their own (the
/// per-endpoint functions above stay for ABI stability).
///
/// Ownership: `*out_body` is the caller's; free it with `wpc_buffer_free`. On failure it is
/// set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `endpoint` and `request_json` must be NULL or point
/// to `endpoint_len` / `request_len` readable bytes; `out_body` must be NULL or point to
/// writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_execute(
    client: *const wpc_client,
    endpoint: *const u8,
    endpoint_len: usize,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let name = unsafe { text(endpoint, endpoint_len, "endpoint") }?;
        let endpoint = Endpoint::named(name)?;
        // SAFETY: forwarded to the caller.
        unsafe { call_endpoint(client, endpoint, request_json, request_len, out_body) }
    })
}

/// A signed, verified call to any endpoint: `method` (`GET`, `POST`, `PUT`, `PATCH`,
/// `DELETE`), an already percent-encoded absolute `path` under `/v3/` (the product-coupon
/// endpoints are under `/v3/marketing/partner/product-coupon/`), an optional JSON object of
/// query parameters (`{"brand_id":"120344"}`, encoded here; length 0 for none) and an
/// optional body (length 0 for none), sent and signed byte for byte. Any 2xx answer is verified and
/// returned; anything else is `WPC_ERR_API`. GET is retried like the typed calls; other
/// methods only on 429 and connect failures.
///
/// Ownership: `*out_response` is the caller's; free it with `wpc_response_free`. On failure
/// it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; every `(pointer, length)` pair must have length 0
/// or point to that many readable bytes; `out_response` must be NULL or point to writable
/// storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_call(
    client: *const wpc_client,
    method: *const u8,
    method_len: usize,
    path: *const u8,
    path_len: usize,
    query_json: *const u8,
    query_len: usize,
    body: *const u8,
    body_len: usize,
    out_response: *mut *mut wpc_response,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let slot = unsafe { out(out_response, "out_response") }?;
        // SAFETY: forwarded to the caller.
        let client = unsafe { handle(client, "client") }?;
        // SAFETY: forwarded to the caller.
        let method = parse_method(unsafe { text(method, method_len, "method") }?)?;
        // SAFETY: forwarded to the caller.
        let path = unsafe { text(path, path_len, "path") }?;
        // SAFETY: forwarded to the caller.
        let query: std::collections::BTreeMap<String, String> =
            match unsafe { optional_text(query_json, query_len, "query_json") }? {
                None => Default::default(),
                Some(text) => serde_json::from_str(text)
                    .map_err(|e| FfiError::InvalidJson("query_json", e.to_string()))?,
            };
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        // SAFETY: forwarded to the caller.
        let body = unsafe { optional_bytes(body, body_len, "body") }?;
        let raw = client.client.call(method, path, &pairs, body)?;
        *slot = wpc_response::new(raw).into_raw();
        Ok(())
    })
}

fn parse_method(name: &str) -> Result<Method, FfiError> {
    Method::parse(name).ok_or_else(|| {
        FfiError::InvalidArgument(
            "method",
            format!("expected GET, POST, PUT, PATCH or DELETE, found {name:?}"),
        )
    })
}

/// Pure: builds the `Authorization` header value (`WECHATPAY2-SHA256-RSA2048 mchid="…",…`)
/// for a request the caller sends over its own HTTP stack: `method`, the request-target
/// exactly as sent (`target`: path and query), the exact body bytes (length 0 for none), the
/// `timestamp` (Unix seconds; pass the current time), and a `nonce` (length 0 to draw a
/// random 32-character one). Sign and send the same bytes.
///
/// Ownership: `*out_header` is the caller's; free it with `wpc_buffer_free`. On failure it
/// is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; every `(pointer, length)` pair must have length 0
/// or point to that many readable bytes; `out_header` must be NULL or point to writable storage
/// for one pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_authorization(
    client: *const wpc_client,
    method: *const u8,
    method_len: usize,
    target: *const u8,
    target_len: usize,
    body: *const u8,
    body_len: usize,
    timestamp: i64,
    nonce: *const u8,
    nonce_len: usize,
    out_header: *mut *mut wpc_buffer,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let slot = unsafe { out(out_header, "out_header") }?;
        // SAFETY: forwarded to the caller.
        let client = unsafe { handle(client, "client") }?;
        // SAFETY: forwarded to the caller.
        let method = parse_method(unsafe { text(method, method_len, "method") }?)?;
        // SAFETY: forwarded to the caller.
        let target = unsafe { text(target, target_len, "target") }?;
        // SAFETY: forwarded to the caller.
        let body = unsafe { bytes(body, body_len, "body") }?;
        let drawn;
        // SAFETY: forwarded to the caller.
        let nonce = match unsafe { optional_text(nonce, nonce_len, "nonce") }? {
            Some(given) => given,
            None => {
                drawn = client.signer.nonce()?;
                drawn.as_str()
            }
        };
        let header =
            client
                .signer
                .authorization(method.as_str(), target, body, timestamp, nonce)?;
        *slot = wpc_buffer::from_vec(header.into_bytes()).into_raw();
        Ok(())
    })
}

/// Pure: verifies a response the caller received over its own HTTP stack against the
/// client's WeChat Pay keys (as configured, plus any certificates a refresh installed):
/// `headers_json` is a JSON array of `[name, value]` pairs, all of the response's headers (duplicates kept: a repeated signature header is a
/// failure); `body` the raw body bytes (length 0, with any pointer, for an empty body); `now` the local time in Unix
/// seconds (for the timestamp window). `WPC_OK` means the body can be trusted;
/// `WPC_ERR_VERIFICATION` means it must not be.
///
/// # Safety
/// `client` must be NULL or a live client; `headers_json` and `body` must be NULL or point to
/// `headers_len` / `body_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_verify_response(
    client: *const wpc_client,
    headers_json: *const u8,
    headers_len: usize,
    body: *const u8,
    body_len: usize,
    now: i64,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let client = unsafe { handle(client, "client") }?;
        // SAFETY: forwarded to the caller.
        let pairs: Vec<(String, String)> =
            unsafe { json(headers_json, headers_len, "headers_json") }?;
        // SAFETY: forwarded to the caller.
        let body = unsafe { bytes(body, body_len, "body") }?;
        let request_id = pairs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(headers::REQUEST_ID))
            .map(|(_, v)| v.clone());
        let result =
            SignatureHeaders::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_bytes())))
                .and_then(|sig| {
                    let keys = client.client.verifier_keys();
                    verify::verify_response(&keys, &sig, body, now, client.window_secs)
                });
        result.map_err(|reason| {
            FfiError::Core(Error::Verification(VerificationError::new(
                "verify_response",
                reason,
                request_id,
            )))
        })
    })
}

/// Pure: validates a request given as JSON for the typed endpoint named `endpoint` and
/// encodes it as it would be sent: `*out_encoded` is the JSON object
/// `{"method":"POST","target":"/v3/…","body":"{…}"}` (`body` null for GET). Sign the target
/// and body with `wpc_client_authorization`. For a multipart upload (`upload_image`), `body`
/// is the `meta` JSON that is signed, and two more fields give what is sent:
/// `"content_type":"multipart/form-data; boundary=…"` and `"form_base64"` (the whole form).
///
/// Ownership: `*out_encoded` is the caller's; free it with `wpc_buffer_free`. On failure it
/// is set to NULL.
///
/// # Safety
/// `endpoint` and `request_json` must be NULL or point to `endpoint_len` / `request_len`
/// readable bytes; `out_encoded` must be NULL or point to writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_encode_request(
    endpoint: *const u8,
    endpoint_len: usize,
    request_json: *const u8,
    request_len: usize,
    out_encoded: *mut *mut wpc_buffer,
) -> wpc_result {
    boundary(|| {
        // SAFETY: forwarded to the caller.
        let slot = unsafe { out(out_encoded, "out_encoded") }?;
        // SAFETY: forwarded to the caller.
        let name = unsafe { text(endpoint, endpoint_len, "endpoint") }?;
        // SAFETY: forwarded to the caller.
        let json_text = unsafe { text(request_json, request_len, "request_json") }?;
        let encoded = (Endpoint::named(name)?.encode)(json_text)?;
        let body = encoded
            .body
            .as_deref()
            .map(|b| String::from_utf8_lossy(b).into_owned());
        let mut out_json = serde_json::json!({
            "method": encoded.method.as_str(),
            "target": encoded.target,
            "body": body,
        });
        if let Some(form) = &encoded.form {
            use base64::Engine as _;
            out_json["content_type"] = form.content_type().into();
            out_json["form_base64"] = base64::engine::general_purpose::STANDARD
                .encode(form.body())
                .into();
        }
        *slot = wpc_buffer::from_vec(out_json.to_string().into_bytes()).into_raw();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wechatpay_product_coupon::api::GetNotifyConfigRequest;
    use wechatpay_product_coupon::api::GetUserCouponRequest;

    #[test]
    fn a_request_is_read_from_an_object_only_and_whole() {
        let ok = r#"{"openid":"oh-1","coupon_code":"C1","appid":"wx1","product_coupon_id":"1000000013","stock_id":"120344","brand_id":"B1"}"#;
        let read = request::<GetUserCouponRequest>(ok);
        assert!(read.is_ok(), "{:?}", read.err().map(|e| e.message()));
        assert!(request::<GetNotifyConfigRequest>("{}").is_ok());
        // serde's derived reader would take an array of the fields in order.
        let array = request::<GetNotifyConfigRequest>("[]")
            .err()
            .map(|e| e.message());
        assert!(
            array.as_deref().is_some_and(|e| e.contains("sequence")),
            "{array:?}"
        );
        let trailing = request::<GetNotifyConfigRequest>("{} x")
            .err()
            .map(|e| e.message());
        assert!(
            trailing.as_deref().is_some_and(|e| e.contains("trailing")),
            "{trailing:?}"
        );
        let missing = request::<GetUserCouponRequest>("{}")
            .err()
            .map(|e| e.message());
        assert!(
            missing
                .as_deref()
                .is_some_and(|e| e.contains("missing field")),
            "{missing:?}"
        );
    }
}

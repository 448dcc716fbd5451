//! An in-process WeChat Pay simulator on 127.0.0.1 (feature `sandbox`).
//!
//! It checks each request as the gateway does — the `Authorization` signature with the
//! merchant public key, mchid and serial, the 5-minute window, `Accept`/`User-Agent`/
//! `Content-Type`, `Wechatpay-Serial`, the body shape, path parameters kept out of the body —
//! keeps coupon state (EFFECTIVE → USED or DEACTIVATED, idempotent by `out_request_no`), and
//! answers with signed responses. It can be told to misbehave ([`Fault`]) to test clients.
//!
//! All keys it uses are **test-only** keys shipped in `src/sandbox/test_keys/`; they are
//! public, so anything signed with them proves nothing outside tests.
//!
//! ```
//! use wechatpay_product_coupon::sandbox::Sandbox;
//! let sandbox = Sandbox::start().unwrap();
//! let client = sandbox.client().unwrap();
//! assert!(client.base_url().starts_with("http://127.0.0.1:"));
//! ```

mod http;
mod state;

use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};

use crate::client::{Client, ClientBuilder};
use crate::error::Error;
use crate::keys::{MerchantPrivateKey, PlatformCertificate, RsaPublicKey, WechatPayPublicKey};
use crate::signing::{canonical_request, SCHEME};
use crate::verify::{headers, response_message};
use http::{HttpRequest, HttpResponse, Reply, Server};
use state::{ApiError, CouponStore};

/// The sandbox merchant ID (service provider).
pub const MCHID: &str = "1900000001";
/// Serial of the sandbox merchant certificate (`merchant_certificate.pem`).
pub const MERCHANT_SERIAL: &str = "5A4E44424F58000000000000000000000001";
/// ID of the sandbox WeChat Pay public key.
pub const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001";
/// Serial of the sandbox platform certificate (same key as the public key).
pub const PLATFORM_SERIAL: &str = "5A4E44424F58000000000000000000000002";

/// TEST-ONLY merchant private key (PKCS#8).
pub const TEST_MERCHANT_PRIVATE_KEY_PEM: &str = include_str!("test_keys/merchant_private_key.pem");
/// TEST-ONLY merchant certificate.
pub const TEST_MERCHANT_CERTIFICATE_PEM: &str = include_str!("test_keys/merchant_certificate.pem");
/// TEST-ONLY WeChat Pay public key (SPKI), ID [`PUBLIC_KEY_ID`].
pub const TEST_WECHATPAY_PUBLIC_KEY_PEM: &str = include_str!("test_keys/wechatpay_public_key.pem");
/// TEST-ONLY WeChat Pay private key: signs sandbox responses.
pub const TEST_WECHATPAY_PRIVATE_KEY_PEM: &str =
    include_str!("test_keys/wechatpay_private_key.pem");
/// TEST-ONLY platform certificate, serial [`PLATFORM_SERIAL`].
pub const TEST_PLATFORM_CERTIFICATE_PEM: &str =
    include_str!("test_keys/wechatpay_platform_certificate.pem");

/// Seed data the sandbox starts with (the official examples' IDs).
pub mod seed {
    /// OpenID owning the seeded coupons.
    pub const OPENID: &str = "oh-394z-6CGkNoJrsDLTTUKiAnp4";
    /// First seeded coupon (the quickstart uses it).
    pub const COUPON_CODE: &str = "Code_123456";
    /// Second seeded coupon (the quickstart deactivates it).
    pub const SECOND_COUPON_CODE: &str = "Code_123457";
    /// Product coupon.
    pub const PRODUCT_COUPON_ID: &str = "1000000013";
    /// Stock.
    pub const STOCK_ID: &str = "1000000013001";
    /// AppID.
    pub const APPID: &str = "wx233544546545989";
    /// Brand.
    pub const BRAND_ID: &str = "120344";
}

/// Path of a shipped test key file, e.g. `test_key_path("merchant_private_key.pem")`.
/// Points into this crate's source tree, for programs in other languages.
pub fn test_key_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/sandbox/test_keys")
        .join(file)
}

/// A way to misbehave, for testing clients. Faults queued with [`Sandbox::push_fault`] apply
/// to one request each, in order; [`Sandbox::set_fault`] applies to every request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer this error status and code without processing the request.
    Status {
        /// HTTP status, e.g. 429 or 500.
        status: u16,
        /// Error code, e.g. `RATELIMIT_EXCEEDED`.
        code: &'static str,
    },
    /// Answer a signed 202 without processing the request.
    Accepted,
    /// Process, then alter the body after signing.
    TamperBody,
    /// Process, then send no signature headers.
    Unsigned,
    /// Process, then sign with a timestamp 10 minutes old.
    Stale,
    /// Process, then sign with a timestamp 10 minutes ahead.
    FutureDated,
    /// Process, then name an unknown key in `Wechatpay-Serial`.
    UnknownSerial,
    /// Process, then send a signature that is not Base64.
    BadBase64,
    /// Process, then send a `WECHATPAY/SIGNTEST/` probe signature.
    SignTestProbe,
    /// Process, then send `Wechatpay-Signature` twice.
    DuplicateSignature,
    /// Process, then answer a correctly signed 200 with an empty body.
    EmptyBody,
    /// Process, then answer a correctly signed 200 whose body is not UTF-8.
    NonUtf8Body,
    /// Answer a redirect to this URL without processing.
    Redirect(String),
    /// Process, then send a response whose body is `len` bytes of JSON-ish filler (signed).
    HugeBody(usize),
    /// Process, then close the connection half-way through the response body.
    TruncatedBody,
    /// Close the connection without answering, without processing.
    Close,
    /// Read the request, never answer (for this long), without processing.
    Hang(Duration),
    /// Process, then send the response one byte at a time with this delay between bytes.
    Trickle(Duration),
}

/// How many requests [`Sandbox::received_requests`] keeps (the most recent ones).
pub const RECEIVED_REQUESTS_KEPT: usize = 1024;

/// A request as the sandbox received it, before any fault or check applied: what a test
/// needs to see that a retry resent the identical body with a fresh signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The method, e.g. `"POST"`.
    pub method: String,
    /// The request target (path and query) exactly as received.
    pub target: String,
    /// The body bytes exactly as received.
    pub body: Vec<u8>,
    /// The `nonce_str` of the `Authorization` header, if it had one.
    pub nonce: Option<String>,
    /// The `timestamp` of the `Authorization` header, if it had one.
    pub timestamp: Option<String>,
    /// The `signature` of the `Authorization` header, if it had one.
    pub signature: Option<String>,
}

struct Shared {
    store: Mutex<CouponStore>,
    received: Mutex<VecDeque<ReceivedRequest>>,
    nonces: Mutex<HashSet<String>>,
    nonce_reuses: AtomicU64,
    queued: Mutex<VecDeque<Fault>>,
    persistent: Mutex<Option<Fault>>,
    merchant_key: RsaPublicKey,
    wechatpay_key: MerchantPrivateKey,
    clock_skew: AtomicI64,
    request_counter: AtomicU64,
    rng: SystemRandom,
}

/// A running sandbox. Stops when dropped.
pub struct Sandbox {
    server: Server,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.server.local_addr())
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Sandbox {
    /// Starts a sandbox on an ephemeral port of 127.0.0.1.
    pub fn start() -> Result<Sandbox, Error> {
        Self::start_with(Server::start, 0)
    }

    /// Starts a sandbox on the given port of 127.0.0.1 (0 = any free port).
    pub fn start_on(port: u16) -> Result<Sandbox, Error> {
        Self::start_with(|handler| Server::start_on(port, handler), port)
    }

    fn start_with(
        listen: impl FnOnce(http::Handler) -> std::io::Result<Server>,
        port: u16,
    ) -> Result<Sandbox, Error> {
        let merchant = MerchantPrivateKey::from_pem(TEST_MERCHANT_PRIVATE_KEY_PEM)?;
        let merchant_key = RsaPublicKey::from_pkcs1_der(merchant.public_key_pkcs1_der())?;
        let shared = Arc::new(Shared {
            store: Mutex::new(CouponStore::seeded()),
            received: Mutex::new(VecDeque::new()),
            nonces: Mutex::new(HashSet::new()),
            nonce_reuses: AtomicU64::new(0),
            queued: Mutex::new(VecDeque::new()),
            persistent: Mutex::new(None),
            merchant_key,
            wechatpay_key: MerchantPrivateKey::from_pem(TEST_WECHATPAY_PRIVATE_KEY_PEM)?,
            clock_skew: AtomicI64::new(0),
            request_counter: AtomicU64::new(0),
            rng: SystemRandom::new(),
        });
        let handler_state = Arc::clone(&shared);
        let server = listen(Arc::new(move |req| handler_state.handle(req))).map_err(|e| {
            Error::Config(format!("sandbox could not listen on 127.0.0.1:{port}: {e}"))
        })?;
        Ok(Sandbox { server, shared })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.server.local_addr())
    }

    /// A client builder configured for this sandbox: test keys, mchid, serial, base URL.
    pub fn client_builder(&self) -> Result<ClientBuilder, Error> {
        Ok(Client::builder()
            .mchid(MCHID)
            .merchant_serial(MERCHANT_SERIAL)
            .private_key(MerchantPrivateKey::from_pem(TEST_MERCHANT_PRIVATE_KEY_PEM)?)
            .wechatpay_public_key(WechatPayPublicKey::from_pem(
                PUBLIC_KEY_ID,
                TEST_WECHATPAY_PUBLIC_KEY_PEM,
            )?)
            .base_url(self.base_url()))
    }

    /// A client for this sandbox with default settings.
    pub fn client(&self) -> Result<Client, Error> {
        self.client_builder()?.build()
    }

    /// The sandbox platform certificate (to test certificate mode).
    pub fn platform_certificate() -> Result<PlatformCertificate, Error> {
        PlatformCertificate::from_pem(TEST_PLATFORM_CERTIFICATE_PEM)
    }

    /// Queues a fault for the next request not yet served.
    pub fn push_fault(&self, fault: Fault) {
        lock(&self.shared.queued).push_back(fault);
    }

    /// Applies a fault to every request (after queued ones), or stops doing so.
    pub fn set_fault(&self, fault: Option<Fault>) {
        *lock(&self.shared.persistent) = fault;
    }

    /// Shifts the sandbox clock by `secs` (to test the client's window and skew reporting).
    pub fn set_clock_skew(&self, secs: i64) {
        self.shared.clock_skew.store(secs, Ordering::Relaxed);
    }

    /// Issues another EFFECTIVE coupon of the seed product coupon and stock.
    pub fn issue_coupon(&self, openid: &str, coupon_code: &str) {
        lock(&self.shared.store).issue_coupon(openid, coupon_code);
    }

    /// A coupon's state, e.g. `"USED"`.
    pub fn coupon_state(&self, openid: &str, coupon_code: &str) -> Option<String> {
        lock(&self.shared.store).coupon_state(openid, coupon_code)
    }

    /// TCP connections accepted so far (shows connection reuse).
    pub fn connections_accepted(&self) -> u64 {
        self.server.connections_accepted()
    }

    /// Requests parsed so far.
    pub fn requests_served(&self) -> u64 {
        self.server.requests_served()
    }

    /// How many distinct `Authorization` `nonce_str` values the sandbox has seen, over every
    /// request that carried one (including requests answered with a fault). Every nonce is
    /// kept for the life of the sandbox.
    pub fn distinct_nonces(&self) -> usize {
        lock(&self.shared.nonces).len()
    }

    /// How many requests carried a `nonce_str` the sandbox had already seen. A correct
    /// client never reuses a nonce, not even when it retries.
    pub fn nonce_reuses(&self) -> u64 {
        self.shared.nonce_reuses.load(Ordering::Relaxed)
    }

    /// The most recent requests received, oldest first (at most [`RECEIVED_REQUESTS_KEPT`]).
    pub fn received_requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.received).iter().cloned().collect()
    }

    /// The bodies of [`Sandbox::received_requests`], oldest first.
    pub fn received_bodies(&self) -> Vec<Vec<u8>> {
        lock(&self.shared.received)
            .iter()
            .map(|r| r.body.clone())
            .collect()
    }

    /// Forgets the received requests (not the nonces).
    pub fn clear_received(&self) {
        lock(&self.shared.received).clear();
    }

    /// Stops the server (also done on drop).
    pub fn shutdown(&mut self) {
        self.server.shutdown();
    }
}

/// What to do with the response of a processed request.
enum Outcome {
    Answer(u16, Vec<u8>),
}

impl Shared {
    fn now(&self) -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp() + self.clock_skew.load(Ordering::Relaxed)
    }

    fn next_fault(&self) -> Option<Fault> {
        if let Some(f) = lock(&self.queued).pop_front() {
            return Some(f);
        }
        lock(&self.persistent).clone()
    }

    /// Records the request and its `Authorization` nonce, timestamp and signature.
    fn record(&self, req: &HttpRequest) {
        let params = req
            .header("Authorization")
            .and_then(|auth| auth.strip_prefix(SCHEME))
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|params| parse_auth_params(params).ok())
            .unwrap_or_default();
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        };
        let nonce = param("nonce_str");
        if let Some(nonce) = &nonce {
            if !lock(&self.nonces).insert(nonce.clone()) {
                self.nonce_reuses.fetch_add(1, Ordering::Relaxed);
            }
        }
        let mut received = lock(&self.received);
        if received.len() >= RECEIVED_REQUESTS_KEPT {
            received.pop_front();
        }
        received.push_back(ReceivedRequest {
            method: req.method.clone(),
            target: req.target.clone(),
            body: req.body.clone(),
            nonce,
            timestamp: param("timestamp"),
            signature: param("signature"),
        });
    }

    fn handle(&self, req: HttpRequest) -> Reply {
        self.record(&req);
        let fault = self.next_fault();
        let request_id = format!(
            "08SANDBOX{:016X}",
            self.request_counter.fetch_add(1, Ordering::Relaxed) + 1
        );
        // Faults that stop the request before it is processed.
        match &fault {
            Some(Fault::Status { status, code }) => {
                let err = ApiError {
                    status: *status,
                    code: "",
                    message: String::new(),
                };
                return self.error_reply(&request_id, err, Some(*code));
            }
            Some(Fault::Accepted) => return self.signed_reply(&request_id, 202, Vec::new(), None),
            Some(Fault::Redirect(location)) => {
                return Reply::Response(HttpResponse {
                    status: 302,
                    headers: vec![("Location".to_owned(), location.clone())],
                    body: Vec::new(),
                })
            }
            Some(Fault::Close) => return Reply::Close,
            Some(Fault::Hang(d)) => return Reply::Hang(*d),
            _ => {}
        }
        let Outcome::Answer(status, body) = match self.process(&req) {
            Ok(value) => Outcome::Answer(200, serde_json::to_vec(&value).unwrap_or_default()),
            Err(err) => return self.error_reply(&request_id, err, None),
        };
        let body = match &fault {
            Some(Fault::EmptyBody) => Vec::new(),
            Some(Fault::NonUtf8Body) => vec![0xFF, 0xFE, b'{', 0x80, b'}'],
            Some(Fault::HugeBody(len)) => huge_body(*len),
            _ => body,
        };
        let reply = self.signed_reply(&request_id, status, body, fault.as_ref());
        match (fault, reply) {
            (Some(Fault::TruncatedBody), Reply::Response(resp)) => {
                let mut bytes = serialize_head(&resp);
                bytes.extend_from_slice(&resp.body[..resp.body.len() / 2]);
                Reply::Raw(bytes)
            }
            (Some(Fault::Trickle(delay)), Reply::Response(response)) => Reply::Trickle {
                response,
                chunk: 1,
                delay,
            },
            (_, reply) => reply,
        }
    }

    /// Gateway checks, then the business logic.
    fn process(&self, req: &HttpRequest) -> Result<serde_json::Value, ApiError> {
        self.check_headers(req)?;
        self.check_signature(req)?;
        let (path, _query) = req.target.split_once('?').unwrap_or((&req.target, ""));
        let segments: Vec<String> = path
            .strip_prefix(crate::target::API_PREFIX)
            .unwrap_or("")
            .split('/')
            .skip(1)
            .map(percent_decode)
            .collect::<Result<_, _>>()?;
        let body = parse_body(&req.body)?;
        let now = rfc3339_now(self.now());
        let mut store = lock(&self.store);
        match (req.method.as_str(), segments.as_slice()) {
            ("POST", [users, openid, coupons, code, action])
                if users == "users" && coupons == "coupons" =>
            {
                match action.as_str() {
                    "use" => store.use_coupon(openid, code, &body, &now),
                    "deactivate" => store.deactivate_coupon(openid, code, &body, &now),
                    _ => Err(not_found(&req.target)),
                }
            }
            ("PATCH", [product_coupons, id]) if product_coupons == "product-coupons" => {
                store.update_product_coupon(id, &body)
            }
            _ => Err(not_found(&req.target)),
        }
    }

    fn check_headers(&self, req: &HttpRequest) -> Result<(), ApiError> {
        let accept_ok = req
            .header("Accept")
            .is_some_and(|v| v.contains("application/json") || v.contains("*/*"));
        if !accept_ok || req.header("User-Agent").is_none_or(str::is_empty) {
            return Err(invalid_request("Http头缺少Accept或User-Agent"));
        }
        if !req.body.is_empty()
            && !req
                .header("Content-Type")
                .is_some_and(|v| v.starts_with("application/json"))
        {
            return Err(invalid_request("Content-Type must be application/json"));
        }
        match req.header(headers::SERIAL) {
            None => Ok(()),
            Some(s) if s == PUBLIC_KEY_ID || s == PLATFORM_SERIAL => Ok(()),
            Some(s) => Err(invalid_request(&format!(
                "Wechatpay-Serial {s:?} is neither the public key ID {PUBLIC_KEY_ID} nor a platform certificate serial"
            ))),
        }
    }

    fn check_signature(&self, req: &HttpRequest) -> Result<(), ApiError> {
        if req.header_count("Authorization") != 1 {
            return Err(sign_error("Authorization header missing or repeated"));
        }
        let auth = req.header("Authorization").unwrap_or("");
        let params = auth
            .strip_prefix(SCHEME)
            .and_then(|rest| rest.strip_prefix(' '))
            .ok_or_else(|| sign_error("Authorization scheme must be WECHATPAY2-SHA256-RSA2048"))?;
        let fields = parse_auth_params(params)?;
        let get = |k: &str| {
            fields
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| *v)
                .ok_or_else(|| sign_error(&format!("Authorization lacks {k}")))
        };
        let (mchid, nonce, signature, timestamp, serial) = (
            get("mchid")?,
            get("nonce_str")?,
            get("signature")?,
            get("timestamp")?,
            get("serial_no")?,
        );
        if mchid != MCHID {
            return Err(sign_error(&format!(
                "mchid {mchid} is not the sandbox merchant {MCHID}"
            )));
        }
        if serial != MERCHANT_SERIAL {
            return Err(sign_error(&format!(
                "serial_no {serial} is not the sandbox merchant certificate {MERCHANT_SERIAL}"
            )));
        }
        let ts: i64 = timestamp
            .parse()
            .map_err(|_| sign_error("timestamp is not Unix seconds"))?;
        if self.now().abs_diff(ts) >= 300 {
            return Err(sign_error(
                "Http头Authorization中的timestamp与发起请求的时间不得超过5分钟",
            ));
        }
        let message = canonical_request(&req.method, &req.target, ts, nonce, &req.body);
        let mut raw = [0u8; crate::keys::MAX_SIGNATURE_LEN];
        let len = base64_decode(signature, &mut raw)
            .ok_or_else(|| sign_error("signature is not Base64"))?;
        if !self.merchant_key.verify(&message, &raw[..len]) {
            return Err(sign_error("错误的签名,验签失败"));
        }
        Ok(())
    }

    fn error_reply(&self, request_id: &str, err: ApiError, code: Option<&'static str>) -> Reply {
        let code = code.unwrap_or(err.code);
        let message = if err.message.is_empty() {
            default_message(err.status).to_owned()
        } else {
            err.message
        };
        let err = ApiError {
            status: err.status,
            code,
            message,
        };
        let body = serde_json::to_vec(&err.to_json()).unwrap_or_default();
        self.signed_reply(&format!("{request_id}-268435456"), err.status, body, None)
    }

    /// A response signed as WeChat Pay signs it, then altered as `fault` says.
    fn signed_reply(
        &self,
        request_id: &str,
        status: u16,
        body: Vec<u8>,
        fault: Option<&Fault>,
    ) -> Reply {
        let request_id = if request_id.contains('-') {
            request_id.to_owned()
        } else {
            format!("{request_id}-0")
        };
        let timestamp = match fault {
            Some(Fault::Stale) => self.now() - 600,
            Some(Fault::FutureDated) => self.now() + 600,
            _ => self.now(),
        };
        let nonce = self.nonce();
        let ts = timestamp.to_string();
        let signature = self
            .wechatpay_key
            .sign_base64(&response_message(&ts, &nonce, &body))
            .unwrap_or_default();
        let serial = match fault {
            Some(Fault::UnknownSerial) => "PUB_KEY_ID_0000UNKNOWN0000000000000000000000",
            _ => PUBLIC_KEY_ID,
        };
        let signature = match fault {
            Some(Fault::BadBase64) => "not-base64!".to_owned(),
            Some(Fault::SignTestProbe) => format!("WECHATPAY/SIGNTEST/{signature}"),
            _ => signature,
        };
        let mut headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            (headers::REQUEST_ID.to_owned(), request_id),
        ];
        if fault != Some(&Fault::Unsigned) {
            headers.extend([
                (headers::TIMESTAMP.to_owned(), ts),
                (headers::NONCE.to_owned(), nonce),
                (headers::SERIAL.to_owned(), serial.to_owned()),
                ("Wechatpay-Signature-Type".to_owned(), SCHEME.to_owned()),
                (headers::SIGNATURE.to_owned(), signature.clone()),
            ]);
            if fault == Some(&Fault::DuplicateSignature) {
                headers.push((headers::SIGNATURE.to_owned(), signature));
            }
        }
        let mut body = body;
        if fault == Some(&Fault::TamperBody) {
            if let Some(b) = body.iter_mut().find(|b| b.is_ascii_digit()) {
                *b = if *b == b'9' { b'0' } else { *b + 1 };
            }
        }
        Reply::Response(HttpResponse {
            status,
            headers,
            body,
        })
    }

    fn nonce(&self) -> String {
        let mut bytes = [0u8; 16];
        if self.rng.fill(&mut bytes).is_err() {
            bytes = [7; 16];
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn sign_error(message: &str) -> ApiError {
    ApiError {
        status: 401,
        code: "SIGN_ERROR",
        message: message.to_owned(),
    }
}

fn invalid_request(message: &str) -> ApiError {
    ApiError {
        status: 400,
        code: "INVALID_REQUEST",
        message: message.to_owned(),
    }
}

fn not_found(target: &str) -> ApiError {
    ApiError {
        status: 404,
        code: "NOT_FOUND",
        message: format!("no such resource: {target}"),
    }
}

fn default_message(status: u16) -> &'static str {
    match status {
        429 => "请求未受理,请降低频率后重试",
        500 => "系统错误,请稍后重试",
        502 | 503 => "服务不可用,请稍后重试",
        _ => "sandbox injected error",
    }
}

/// `key="value"` pairs separated by commas.
fn parse_auth_params(params: &str) -> Result<Vec<(&str, &str)>, ApiError> {
    params
        .split(',')
        .map(|pair| {
            let (k, v) = pair
                .split_once('=')
                .ok_or_else(|| sign_error("Authorization parameters must be key=\"value\""))?;
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .ok_or_else(|| sign_error("Authorization values must be double-quoted"))?;
            Ok((k.trim(), v))
        })
        .collect()
}

fn base64_decode(text: &str, out: &mut [u8]) -> Option<usize> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode_slice(text.as_bytes(), out)
        .ok()
}

fn parse_body(body: &[u8]) -> Result<serde_json::Value, ApiError> {
    if body.is_empty() {
        return Ok(serde_json::Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| ApiError {
        status: 400,
        code: "PARAM_ERROR",
        message: format!("请求体不是合法的JSON: {e}"),
    })
}

fn percent_decode(segment: &str) -> Result<String, ApiError> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| invalid_request("bad percent-encoding in the path"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| invalid_request("path is not UTF-8 after decoding"))
}

fn rfc3339_now(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC));
    crate::model::format_wire_string(t)
}

fn huge_body(len: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(len);
    body.extend_from_slice(b"{\"filler\":\"");
    body.resize(len.saturating_sub(2).max(body.len()), b'x');
    body.extend_from_slice(b"\"}");
    body
}

fn serialize_head(resp: &HttpResponse) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {} X\r\n", resp.status).into_bytes();
    for (k, v) in &resp.headers {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", resp.body.len()).as_bytes());
    out
}

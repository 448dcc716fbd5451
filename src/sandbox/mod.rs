//! An in-process WeChat Pay gateway simulator on 127.0.0.1 (feature `sandbox`), faithful
//! where the gateway's behaviour is documented, for the quickstart, this crate's tests,
//! your tests, and clients in other languages (`examples/sandbox.rs` runs it standalone).
//!
//! It checks each request as the gateway does (`gateway`): the `Authorization` signature
//! with the merchant certificate, mchid and serial, the 5-minute window, `Accept`/
//! `User-Agent`/`Content-Type`, `Wechatpay-Serial`; a failed signature check is an unsigned
//! `401 SIGN_ERROR` with the documented `detail`. It checks body shapes (`rules`), keeps
//! coupon state, validity and idempotency by `out_request_no` (`store`), and signs answers
//! with the key the request asks for (`Wechatpay-Serial: PUB_KEY_ID_…` → public key,
//! otherwise the platform certificate). It can be told to misbehave ([`Fault`]).
//!
//! | module | concern |
//! | --- | --- |
//! | `identity` | the sandbox merchant and WeChat Pay: IDs, serials, test-only keys |
//! | `fault` | [`Fault`]: ways to misbehave |
//! | `error` | the gateway's error answers |
//! | `gateway` | request checks, response signing |
//! | `routes` | which store operation answers which request |
//! | `rules` | request body rules |
//! | `store` | coupons, their state machine and validity, idempotency |
//! | [`seed`] | the seed IDs, requests and entities (from the official examples) |
//! | `wire` | HTTP/1.1 parsing and serialization (pure) |
//! | `server` | sockets and threads |
//!
//! **Stability.** The sandbox's Rust API follows semver like the rest of the crate, but its
//! behaviour (messages, `Request-ID`s, seed data, what it checks) may change in any release
//! to follow the real gateway more closely: assert on statuses and codes, not on its texts.
//! Where the gateway's behaviour is not documented, the code says what was guessed.
//!
//! All keys it uses are **test-only** keys shipped in `src/sandbox/test_keys/`; they are
//! public, so anything signed with them proves nothing outside tests.
//!
//! ```
//! use wechatpay_product_coupon::sandbox::{seed, Sandbox};
//! let sandbox = Sandbox::start()?;
//! let client = sandbox.client()?;
//! let used = client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?;
//! assert_eq!(used.parse()?.coupon_state.as_str(), "USED");
//! # Ok::<(), wechatpay_product_coupon::Error>(())
//! ```

mod certificates;
mod error;
mod fault;
mod gateway;
mod identity;
mod notifier;
mod routes;
mod rules;
pub mod seed;
mod server;
mod store;
mod wire;

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use time::OffsetDateTime;

pub use fault::Fault;
pub use identity::*;
pub use notifier::{NotificationDelivery, RETRY_DELAYS};
pub use store::CouponValidity;

use crate::client::{Client, ClientBuilder};
use crate::error::Error;
use crate::protocol::certificates::CERTIFICATES_PATH;
use crate::protocol::headers;
use crate::protocol::keys::{MerchantPrivateKey, PlatformCertificate, WechatPayPublicKey};
use crate::protocol::signing::SCHEME;
use error::GatewayError;
use gateway::{Gateway, Signer};
use notifier::Notifier;
use server::{Reply, Server};
use store::CouponStore;
use wire::{HttpRequest, HttpResponse};

/// How many requests [`Sandbox::received_requests`] keeps (the most recent ones).
pub const RECEIVED_REQUESTS_KEPT: usize = 1024;

/// A request as the sandbox received it, before any fault or check applied: what a test
/// needs to see that a retry resent the identical body with a fresh signature.
///
/// ```
/// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
/// let sandbox = Sandbox::start()?;
/// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?;
/// let received = &sandbox.received_requests()[0];
/// assert_eq!(received.method, "POST");
/// assert!(received.target.ends_with("/coupons/Code_123456/use"));
/// assert!(received.nonce.is_some() && received.signature.is_some());
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
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
    /// When it arrived, on the sandbox's monotonic clock.
    pub received_at: std::time::Instant,
}

struct Shared {
    gateway: Arc<Gateway>,
    notifier: Arc<Notifier>,
    store: Mutex<CouponStore>,
    received: Mutex<VecDeque<ReceivedRequest>>,
    nonces: Mutex<HashSet<String>>,
    nonce_reuses: AtomicU64,
    queued: Mutex<VecDeque<Fault>>,
    persistent: Mutex<Option<Fault>>,
    clock_skew: AtomicI64,
    request_counter: AtomicU64,
}

/// A running sandbox. Stops when dropped.
///
/// ```
/// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
/// let sandbox = Sandbox::start()?; // stops when dropped
/// let client = sandbox.client()?;
/// client.deactivate_coupon(&seed::deactivate_request(seed::SECOND_COUPON_CODE, "MCHDEACT0001"))?;
/// assert_eq!(
///     sandbox.coupon_state(seed::OPENID, seed::SECOND_COUPON_CODE).as_deref(),
///     Some("DEACTIVATED"),
/// );
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
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
    /// Starts a sandbox on an ephemeral port of 127.0.0.1, seeded with the official
    /// examples' coupons ([`seed`]), valid around the current date.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// assert!(sandbox.base_url().starts_with("http://127.0.0.1:"));
    /// assert_eq!(sandbox.coupon_state(seed::OPENID, seed::COUPON_CODE).as_deref(), Some("EFFECTIVE"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn start() -> Result<Sandbox, Error> {
        Self::start_on(0)
    }

    /// Starts a sandbox on the given port of 127.0.0.1 (0 = any free port).
    ///
    /// ```
    /// # use wechatpay_product_coupon::sandbox::Sandbox;
    /// let sandbox = Sandbox::start_on(0)?;
    /// assert!(sandbox.base_url().starts_with("http://127.0.0.1:"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn start_on(port: u16) -> Result<Sandbox, Error> {
        let validity = CouponValidity::around(OffsetDateTime::now_utc());
        let shared = Arc::new(Shared {
            gateway: Arc::new(Gateway::load()?),
            notifier: Arc::new(Notifier::new()),
            store: Mutex::new(CouponStore::seeded(&validity)),
            received: Mutex::new(VecDeque::new()),
            nonces: Mutex::new(HashSet::new()),
            nonce_reuses: AtomicU64::new(0),
            queued: Mutex::new(VecDeque::new()),
            persistent: Mutex::new(None),
            clock_skew: AtomicI64::new(0),
            request_counter: AtomicU64::new(0),
        });
        let handler_state = Arc::clone(&shared);
        let server = Server::start_on(port, Arc::new(move |req| handler_state.handle(req)))
            .map_err(|source| Error::Io {
                context: format!("starting the sandbox on 127.0.0.1:{port}"),
                source,
            })?;
        Ok(Sandbox { server, shared })
    }

    /// `http://127.0.0.1:<port>`.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{Sandbox, MCHID, MERCHANT_SERIAL, PUBLIC_KEY_ID, TEST_MERCHANT_PRIVATE_KEY_PEM, TEST_WECHATPAY_PUBLIC_KEY_PEM};
    /// use wechatpay_product_coupon::{Client, MerchantPrivateKey, WechatPayPublicKey};
    /// let sandbox = Sandbox::start()?;
    /// // What `Sandbox::client_builder` does, by hand.
    /// let client = Client::builder()
    ///     .mchid(MCHID)
    ///     .merchant_serial(MERCHANT_SERIAL)
    ///     .private_key(MerchantPrivateKey::from_pem(TEST_MERCHANT_PRIVATE_KEY_PEM)?)
    ///     .wechatpay_public_key(WechatPayPublicKey::from_pem(PUBLIC_KEY_ID, TEST_WECHATPAY_PUBLIC_KEY_PEM)?)
    ///     .base_url(sandbox.base_url())
    ///     .build()?;
    /// assert_eq!(client.base_url(), sandbox.base_url());
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn base_url(&self) -> String {
        format!("http://{}", self.server.local_addr())
    }

    /// A client builder configured for this sandbox in public-key mode: test keys, mchid,
    /// serial, base URL.
    ///
    /// ```
    /// # use wechatpay_product_coupon::sandbox::Sandbox;
    /// # use wechatpay_product_coupon::RetryPolicy;
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client_builder()?.retry_policy(RetryPolicy::none()).build()?;
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
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

    /// A client for this sandbox with default settings (public-key mode).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// let updated = sandbox.client()?.update_product_coupon(&seed::update_request("MCHUPDATE0001", "新名字的商品券"))?;
    /// assert_eq!(updated.parse()?.display_info.name, "新名字的商品券");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn client(&self) -> Result<Client, Error> {
        self.client_builder()?.build()
    }

    /// A client builder for this sandbox in certificate mode: the platform certificate
    /// only, so no `Wechatpay-Serial` is sent and answers are signed with the certificate.
    ///
    /// ```
    /// # use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.certificate_mode_client_builder()?.build()?;
    /// let used = client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?;
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn certificate_mode_client_builder(&self) -> Result<ClientBuilder, Error> {
        Ok(Client::builder()
            .mchid(MCHID)
            .merchant_serial(MERCHANT_SERIAL)
            .private_key(MerchantPrivateKey::from_pem(TEST_MERCHANT_PRIVATE_KEY_PEM)?)
            .platform_certificate(Self::platform_certificate()?)
            .base_url(self.base_url()))
    }

    /// The sandbox platform certificate (to test certificate mode).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{Sandbox, PLATFORM_SERIAL};
    /// let cert = Sandbox::platform_certificate()?;
    /// assert_eq!(cert.serial(), PLATFORM_SERIAL);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn platform_certificate() -> Result<PlatformCertificate, Error> {
        PlatformCertificate::from_pem(TEST_PLATFORM_CERTIFICATE_PEM)
    }

    /// Queues a fault for the next request not yet served.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Fault, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.push_fault(Fault::Status { status: 503, code: "SYSTEM_ERROR" }); // the next request only
    /// let client = sandbox.client()?; // default retry policy: up to 3 attempts
    /// let used = client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?;
    /// assert_eq!(used.parse()?.coupon_state.as_str(), "USED");
    /// assert_eq!(sandbox.requests_served(), 2); // the 503, then the retry
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn push_fault(&self, fault: Fault) {
        lock(&self.shared.queued).push_back(fault);
    }

    /// Applies a fault to every request (after queued ones), or stops doing so.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Fault, Sandbox};
    /// use wechatpay_product_coupon::ErrorKind;
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client()?;
    /// let req = seed::use_request(seed::COUPON_CODE, "MCHUSE0001");
    /// sandbox.set_fault(Some(Fault::Unsigned)); // processed, but answered without a signature
    /// assert_eq!(client.use_coupon(&req).unwrap_err().kind(), ErrorKind::Verification);
    /// sandbox.set_fault(None);
    /// // Resending the same request gets the (now verified) answer of the first one.
    /// assert_eq!(client.use_coupon(&req)?.parse()?.coupon_state.as_str(), "USED");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn set_fault(&self, fault: Option<Fault>) {
        *lock(&self.shared.persistent) = fault;
    }

    /// Shifts the sandbox clock by `secs` (to test the client's window and skew reporting,
    /// and coupon validity).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// use wechatpay_product_coupon::ErrorKind;
    /// let sandbox = Sandbox::start()?;
    /// sandbox.set_clock_skew(120); // the gateway's clock is 2 minutes ahead
    /// let strict = sandbox.client_builder()?.timestamp_window(60).build()?;
    /// let err = strict.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Verification);
    /// assert!(err.to_string().contains("behind the server's"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn set_clock_skew(&self, secs: i64) {
        self.shared.clock_skew.store(secs, Ordering::Relaxed);
    }

    /// The sandbox's clock (the system clock plus any skew).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::Sandbox;
    /// use wechatpay_product_coupon::time::{Duration, OffsetDateTime};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.set_clock_skew(-3600);
    /// let behind = OffsetDateTime::now_utc() - sandbox.now();
    /// assert!(behind >= Duration::minutes(59) && behind <= Duration::minutes(61));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn now(&self) -> OffsetDateTime {
        self.shared.now()
    }

    /// Issues another EFFECTIVE coupon of the seed product coupon and stock to `openid`,
    /// usable around the sandbox's current date ([`CouponValidity::around`]). Reissuing a
    /// code replaces that coupon.
    ///
    /// ```
    /// # use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.issue_coupon(seed::OPENID, "Code_NEW");
    /// assert_eq!(sandbox.coupon_state(seed::OPENID, "Code_NEW").as_deref(), Some("EFFECTIVE"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn issue_coupon(&self, openid: &str, coupon_code: &str) {
        let validity = CouponValidity::around(self.now());
        self.issue_coupon_with(openid, coupon_code, &validity);
    }

    /// Issues a coupon usable only as `validity` says (e.g. in the past, or on weekends).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, CouponValidity, Sandbox};
    /// use wechatpay_product_coupon::time::Duration;
    /// let sandbox = Sandbox::start()?;
    /// let now = sandbox.now();
    /// let expired = CouponValidity::new(now - Duration::days(30), now - Duration::days(1));
    /// sandbox.issue_coupon_with(seed::OPENID, "Code_EXPIRED", &expired);
    /// let err = sandbox.client()?.use_coupon(&seed::use_request("Code_EXPIRED", "MCHUSE0001")).unwrap_err();
    /// assert_eq!(err.api_error().map(|e| (e.status, e.code.as_str())), Some((403, "NOT_ENOUGH")));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn issue_coupon_with(&self, openid: &str, coupon_code: &str, validity: &CouponValidity) {
        lock(&self.shared.store).issue_coupon(openid, coupon_code, validity);
    }

    /// A coupon's state, e.g. `"USED"`.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?;
    /// assert_eq!(sandbox.coupon_state(seed::OPENID, seed::COUPON_CODE).as_deref(), Some("USED"));
    /// assert_eq!(sandbox.coupon_state(seed::OPENID, "Code_NONE"), None);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn coupon_state(&self, openid: &str, coupon_code: &str) -> Option<String> {
        lock(&self.shared.store).coupon_state(openid, coupon_code)
    }

    /// TCP connections accepted so far (shows connection reuse).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client()?;
    /// client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?;
    /// client.use_coupon(&seed::use_request(seed::SECOND_COUPON_CODE, "MCHUSE0002"))?;
    /// assert_eq!(sandbox.connections_accepted(), 1); // the second call reused the connection
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn connections_accepted(&self) -> u64 {
        self.server.connections_accepted()
    }

    /// Requests parsed so far.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// assert_eq!(sandbox.requests_served(), 0);
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?;
    /// assert_eq!(sandbox.requests_served(), 1);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn requests_served(&self) -> u64 {
        self.server.requests_served()
    }

    /// How many distinct `Authorization` `nonce_str` values the sandbox has seen, over every
    /// request that carried one (including requests answered with a fault). Every nonce is
    /// kept for the life of the sandbox.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client()?;
    /// let req = seed::use_request(seed::COUPON_CODE, "MCHUSE0001");
    /// client.use_coupon(&req)?;
    /// client.use_coupon(&req)?; // the same request again, signed afresh
    /// assert_eq!(sandbox.distinct_nonces(), 2);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn distinct_nonces(&self) -> usize {
        lock(&self.shared.nonces).len()
    }

    /// How many requests carried a `nonce_str` the sandbox had already seen. A correct
    /// client never reuses a nonce, not even when it retries.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Fault, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.push_fault(Fault::Status { status: 429, code: "RATELIMIT_EXCEEDED" });
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?; // retried once
    /// assert_eq!(sandbox.nonce_reuses(), 0);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn nonce_reuses(&self) -> u64 {
        self.shared.nonce_reuses.load(Ordering::Relaxed)
    }

    /// The most recent requests received, oldest first (at most [`RECEIVED_REQUESTS_KEPT`]).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Fault, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.push_fault(Fault::Status { status: 500, code: "SYSTEM_ERROR" });
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?;
    /// let received = sandbox.received_requests();
    /// assert_eq!(received.len(), 2); // the 500, then the retry
    /// assert_eq!(received[0].body, received[1].body); // the same bytes…
    /// assert_ne!(received[0].nonce, received[1].nonce); // …signed afresh
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn received_requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.received).iter().cloned().collect()
    }

    /// The bodies of [`Sandbox::received_requests`], oldest first.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?;
    /// let body: serde_json::Value = serde_json::from_slice(&sandbox.received_bodies()[0])?;
    /// assert_eq!(body["out_request_no"], "MCHUSE0001");
    /// assert_eq!(body["use_time"], "2025-08-03T12:00:00+08:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn received_bodies(&self) -> Vec<Vec<u8>> {
        lock(&self.shared.received)
            .iter()
            .map(|r| r.body.clone())
            .collect()
    }

    /// Forgets the received requests (not the nonces).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001"))?;
    /// sandbox.clear_received();
    /// assert!(sandbox.received_requests().is_empty());
    /// assert_eq!(sandbox.distinct_nonces(), 1); // nonces are kept
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn clear_received(&self) {
        lock(&self.shared.received).clear();
    }

    /// Stops the server (also done on drop).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// use wechatpay_product_coupon::{ErrorKind, RetryPolicy};
    /// let mut sandbox = Sandbox::start()?;
    /// let client = sandbox.client_builder()?.retry_policy(RetryPolicy::none()).build()?;
    /// sandbox.shutdown();
    /// let err = client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Transport);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn shutdown(&mut self) {
        self.shared.notifier.stop();
        self.server.shutdown();
    }

    /// The notifications sent so far (to the URL set with the notify-configs endpoint), with
    /// each delivery attempt's outcome, oldest first. Delivery runs in the background: poll
    /// until `finished`.
    ///
    /// ```
    /// use std::net::TcpListener;
    /// use std::io::{Read, Write};
    /// use wechatpay_product_coupon::api::SetNotifyConfigRequest;
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client()?;
    /// // A receiver that answers 500 every time: WeChat Pay retries, then gives up.
    /// let receiver = TcpListener::bind("127.0.0.1:0").map_err(|e| wechatpay_product_coupon::Error::Io { context: "bind".into(), source: e })?;
    /// let url = format!("http://{}/notify", receiver.local_addr().map_err(|e| wechatpay_product_coupon::Error::Io { context: "addr".into(), source: e })?);
    /// std::thread::spawn(move || {
    ///     for stream in receiver.incoming().flatten() {
    ///         let mut stream = stream;
    ///         let mut buf = [0u8; 65536];
    ///         let _ = stream.read(&mut buf);
    ///         let _ = stream.write_all(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    ///     }
    /// });
    /// client.set_notify_config(&SetNotifyConfigRequest::new(url))?;
    /// client.send_coupon(&seed::send_request("MCHSEND0001"))?;
    /// let delivery = loop {
    ///     let all = sandbox.notification_deliveries();
    ///     if all.first().is_some_and(|d| d.finished) { break all[0].clone(); }
    ///     std::thread::sleep(std::time::Duration::from_millis(50));
    /// };
    /// assert!(!delivery.delivered);
    /// assert_eq!(delivery.attempts.len(), 5); // the first try and 4 retries
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn notification_deliveries(&self) -> Vec<NotificationDelivery> {
        self.shared.notifier.deliveries()
    }
}

impl Shared {
    fn now(&self) -> OffsetDateTime {
        let skew = time::Duration::seconds(self.clock_skew.load(Ordering::Relaxed));
        OffsetDateTime::now_utc()
            .checked_add(skew)
            .unwrap_or_else(OffsetDateTime::now_utc)
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
            .header(headers::AUTHORIZATION)
            .and_then(|auth| auth.strip_prefix(SCHEME))
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|params| gateway::parse_auth_params(params).ok())
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
            received_at: std::time::Instant::now(),
        });
    }

    fn handle(self: &Arc<Self>, req: HttpRequest) -> Reply {
        self.record(&req);
        let fault = self.next_fault();
        let request_id = format!(
            "08SANDBOX{:016X}",
            self.request_counter.fetch_add(1, Ordering::Relaxed) + 1
        );
        let now = self.now();
        let unix = now.unix_timestamp();
        let signer = Signer::for_request(&req);
        let error = |err: GatewayError| {
            gateway::response(
                err.status,
                &format!("{request_id}-{}", err.internal_code),
                serde_json::to_vec(&err.to_json()).unwrap_or_default(),
            )
        };
        // Faults that stop the request before it is processed.
        match &fault {
            Some(Fault::Status { status, code }) => {
                let err = GatewayError::new(*status, code, default_message(*status));
                return Reply::Response(self.gateway.signed(signer, unix, error(err), None));
            }
            Some(Fault::Accepted) => {
                let accepted = gateway::response(202, &format!("{request_id}-0"), Vec::new());
                return Reply::Response(self.gateway.signed(signer, unix, accepted, None));
            }
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
        // A request that fails the gateway's checks is answered without a signature.
        if let Err(err) = self.gateway.check_request(&req, unix) {
            return Reply::Response(error(err));
        }
        let (path, _) = req.target.split_once('?').unwrap_or((&req.target, ""));
        let (result, signer) = if req.method == "GET" && path == CERTIFICATES_PATH {
            (Ok(certificates::download_body()), Signer::Platform)
        } else {
            let mut store = lock(&self.store);
            let result = routes::route(&mut store, &req.method, &req.target, &req.body, now)
                .map(|value| serde_json::to_vec(&value).unwrap_or_default());
            for event in store.take_outbox() {
                let shared = Arc::clone(self);
                self.notifier
                    .spawn(Arc::clone(&self.gateway), event, move || shared.now());
            }
            (result, signer)
        };
        let body = match result {
            Ok(body) => body,
            Err(err) => {
                return Reply::Response(self.gateway.signed(signer, unix, error(err), None))
            }
        };
        let body = match &fault {
            Some(Fault::EmptyBody) => Vec::new(),
            Some(Fault::NonUtf8Body) => vec![0xFF, 0xFE, b'{', 0x80, b'}'],
            Some(Fault::HugeBody(len)) => huge_body(*len),
            Some(Fault::Body(replacement)) => replacement.clone().into_bytes(),
            _ => body,
        };
        let ok = gateway::response(200, &format!("{request_id}-0"), body);
        let response = self.gateway.signed(signer, unix, ok, fault.as_ref());
        match fault {
            Some(Fault::TruncatedBody) => {
                let mut bytes = serialize_head(&response);
                bytes.extend_from_slice(&response.body[..response.body.len() / 2]);
                Reply::Raw(bytes)
            }
            Some(Fault::Trickle(delay)) => Reply::Trickle {
                response,
                chunk: 1,
                delay,
            },
            _ => Reply::Response(response),
        }
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

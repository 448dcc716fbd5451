//! An in-process WeChat Pay gateway simulator on 127.0.0.1 (feature `sandbox`), faithful
//! where the gateway's behaviour is documented, for the quickstart, this crate's tests,
//! your tests, and clients in other languages (`examples/sandbox.rs` runs it standalone).
//!
//! It checks each request as the gateway does (`gateway`): the `Authorization` signature
//! with the merchant certificate, mchid and serial, the 5-minute window, `Accept`/
//! `User-Agent`/`Content-Type`, `Wechatpay-Serial`; a failed signature check is an unsigned
//! `401 SIGN_ERROR` with the documented `detail`. It holds each endpoint to its documented
//! per-merchant rate limit (`429 RATELIMIT_EXCEEDED`, [`RateLimitMode`]), checks body shapes
//! (`rules`), keeps coupon state, validity and idempotency by `out_request_no` (`stores`,
//! `idempotency`), and signs answers
//! with the key the request asks for (`Wechatpay-Serial: PUB_KEY_ID_…` → public key,
//! otherwise the platform certificate). It can be told to misbehave ([`Fault`]).
//!
//! | module | concern |
//! | --- | --- |
//! | `identity` | the sandbox merchant and WeChat Pay: IDs, serials, test-only keys |
//! | `fault` | [`Fault`]: ways to misbehave |
//! | `error` | the gateway's error answers |
//! | `gateway` | request checks, response signing |
//! | `shared` | the handling of one request, from receipt to signed answer |
//! | `routes` | the endpoint a request is for (from [`crate::api::ENDPOINTS`]) and its handler |
//! | `call` | what a handler is given: path parameters, query, body, mchid, time |
//! | `clock` | the gateway's clock (skew) and the coupons' (time offset) |
//! | `rate_limit` | the documented per-merchant rate limits ([`RateLimitMode`]) |
//! | `rules` | request body rules, one module per resource |
//! | `stores` | one store per resource (typed entities, lifecycle, validity) and the handlers |
//! | `idempotency` | the one idempotency mechanism of every write (request numbers) |
//! | [`seed`] | the seed IDs, requests and entities (from the official examples) |
//! | `notifier` | notification delivery |
//! | `received` | what is kept of each request, for tests |
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
//! let used = client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?;
//! assert_eq!(used.parse()?.coupon_state.as_str(), "USED");
//! # Ok::<(), wechatpay_product_coupon::Error>(())
//! ```

mod call;
mod certificates;
mod clock;
mod error;
mod fault;
mod gateway;
mod idempotency;
mod identity;
mod multipart;
mod notifier;
mod rate_limit;
mod received;
mod routes;
mod rules;
pub mod seed;
mod server;
mod shared;
mod stores;
mod wire;

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use time::OffsetDateTime;

pub use fault::Fault;
pub use identity::*;
pub use notifier::{NotificationDelivery, RETRY_DELAYS};
pub use rate_limit::RateLimitMode;
pub use received::{ReceivedRequest, RECEIVED_REQUESTS_KEPT};
pub use stores::CouponValidity;

use crate::client::{Client, ClientBuilder};
use crate::error::Error;
use crate::protocol::aead::ApiV3Key;
use crate::protocol::keys::{MerchantPrivateKey, PlatformCertificate, WechatPayPublicKey};
use gateway::Gateway;
use notifier::Notifier;
use rate_limit::RateLimiter;
use server::Server;
use shared::{lock, Shared};
use stores::Stores;

/// A running sandbox. Stops when dropped.
///
/// ```
/// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
/// let sandbox = Sandbox::start()?; // stops when dropped
/// let client = sandbox.client()?;
/// client.deactivate_coupon(&seed::deactivate_request(seed::SECOND_COUPON_CODE, "MCHDEACT0001")?)?;
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
            stores: Mutex::new(
                Stores::seeded(&validity).map_err(|e| Error::config("sandbox seed", e.message))?,
            ),
            rate_limiter: RateLimiter::default(),
            received: Mutex::new(VecDeque::new()),
            nonces: Mutex::new(HashSet::new()),
            nonce_reuses: AtomicU64::new(0),
            queued: Mutex::new(VecDeque::new()),
            persistent: Mutex::new(None),
            clock_skew: AtomicI64::new(0),
            time_offset: AtomicI64::new(0),
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
    /// serial, base URL, and the test APIv3 key ([`TEST_APIV3_KEY`]), so that the client
    /// decrypts the sandbox's notifications ([`Client::parse_notification`]) as it is.
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
            .apiv3_key(ApiV3Key::new(TEST_APIV3_KEY)?)
            .base_url(self.base_url()))
    }

    /// A client for this sandbox with default settings (public-key mode, with the test
    /// APIv3 key: it parses the sandbox's notifications).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// let updated = sandbox.client()?.update_product_coupon(&seed::update_request("MCHUPDATE0001", "新名字的商品券")?)?;
    /// assert_eq!(updated.parse()?.display_info.name, "新名字的商品券");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn client(&self) -> Result<Client, Error> {
        self.client_builder()?.build()
    }

    /// A client builder for this sandbox in certificate mode: the platform certificate
    /// only, so no `Wechatpay-Serial` is sent and answers are signed with the certificate;
    /// with the test APIv3 key, as [`Sandbox::client_builder`].
    ///
    /// ```
    /// # use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.certificate_mode_client_builder()?.build()?;
    /// let used = client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?;
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn certificate_mode_client_builder(&self) -> Result<ClientBuilder, Error> {
        Ok(Client::builder()
            .mchid(MCHID)
            .merchant_serial(MERCHANT_SERIAL)
            .private_key(MerchantPrivateKey::from_pem(TEST_MERCHANT_PRIVATE_KEY_PEM)?)
            .platform_certificate(Self::platform_certificate()?)
            .apiv3_key(ApiV3Key::new(TEST_APIV3_KEY)?)
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
    /// let used = client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?;
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
    /// let req = seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?;
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

    /// Sets how the gateway's per-merchant rate limits are enforced (from now on, with fresh
    /// counts). They are on by default ([`RateLimitMode::Documented`]): past an endpoint's
    /// documented calls per second for one mchid, requests are answered `429
    /// RATELIMIT_EXCEEDED` without being processed.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, RateLimitMode, Sandbox};
    /// use wechatpay_product_coupon::RetryPolicy;
    /// let sandbox = Sandbox::start()?;
    /// sandbox.set_rate_limits(RateLimitMode::Scaled(0.01)); // update: 0.2/s, one call per 5 s
    /// let client = sandbox.client_builder()?.retry_policy(RetryPolicy::none()).build()?;
    /// client.update_product_coupon(&seed::update_request("MCHUPDATE0001", "新名字的商品券")?)?;
    /// let err = client.update_product_coupon(&seed::update_request("MCHUPDATE0002", "又一个名字")?).unwrap_err();
    /// assert_eq!(err.api_error().map(|e| (e.status, e.code.as_str())), Some((429, "RATELIMIT_EXCEEDED")));
    /// sandbox.set_rate_limits(RateLimitMode::Off);
    /// client.update_product_coupon(&seed::update_request("MCHUPDATE0002", "又一个名字")?)?;
    /// assert_eq!(sandbox.rate_limits(), RateLimitMode::Off);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn set_rate_limits(&self, mode: RateLimitMode) {
        self.shared.rate_limiter.set_mode(mode);
    }

    /// How the rate limits are enforced ([`Sandbox::set_rate_limits`]).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{RateLimitMode, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// assert_eq!(sandbox.rate_limits(), RateLimitMode::Documented); // on by default
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn rate_limits(&self) -> RateLimitMode {
        self.shared.rate_limiter.mode()
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
    /// let err = sandbox.client()?.use_coupon(&seed::use_request("Code_EXPIRED", "MCHUSE0001")?).unwrap_err();
    /// assert_eq!(err.api_error().map(|e| (e.status, e.code.as_str())), Some((403, "NOT_ENOUGH")));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn issue_coupon_with(&self, openid: &str, coupon_code: &str, validity: &CouponValidity) {
        lock(&self.shared.stores).issue_coupon(openid, coupon_code, validity);
    }

    /// A coupon's state, e.g. `"USED"`.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?;
    /// assert_eq!(sandbox.coupon_state(seed::OPENID, seed::COUPON_CODE).as_deref(), Some("USED"));
    /// assert_eq!(sandbox.coupon_state(seed::OPENID, "Code_NONE"), None);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn coupon_state(&self, openid: &str, coupon_code: &str) -> Option<String> {
        lock(&self.shared.stores).coupon_state(openid, coupon_code)
    }

    /// TCP connections accepted so far (shows connection reuse).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client()?;
    /// client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?;
    /// client.use_coupon(&seed::use_request(seed::SECOND_COUPON_CODE, "MCHUSE0002")?)?;
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
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?;
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
    /// let req = seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?;
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
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?; // retried once
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
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?;
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
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?;
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
    /// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?;
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
    /// let err = client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?).unwrap_err();
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
    /// client.send_coupon(&seed::send_request("MCHSEND0001")?)?;
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

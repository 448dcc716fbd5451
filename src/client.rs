//! The blocking client: signs, sends over one shared ureq agent, verifies, decodes.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};

use ureq::http;

use crate::error::{ApiError, DecodeError, Error, VerificationError};
use crate::keys::{MerchantPrivateKey, PlatformCertificate, VerifierKeys, WechatPayPublicKey};
use crate::model::request::{
    DeactivateCouponRequest, UpdateProductCouponRequest, UseCouponRequest,
};
use crate::model::response::{ProductCouponEntity, UserProductCouponEntity};
use crate::rate_limit::{Endpoint, RateLimiter, RateLimits};
use crate::retry::RetryPolicy;
use crate::signing::RequestSigner;
use crate::target;
use crate::transport;
use crate::verify::{self, SignatureHeaders};

/// The production host (nearest access point).
pub const DEFAULT_BASE_URL: &str = "https://api.mch.weixin.qq.com";
/// The documented backup host (remote access point).
pub const BACKUP_BASE_URL: &str = "https://api2.mch.weixin.qq.com";
/// Default limit on a response body.
pub const DEFAULT_BODY_LIMIT: u64 = 4 * 1024 * 1024;
/// Default connect timeout (DNS, TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default overall timeout of one HTTP exchange.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` sent on every request.
pub const USER_AGENT: &str = concat!(
    "wechatpay-product-coupon-rust/",
    env!("CARGO_PKG_VERSION"),
    " (ureq)"
);

/// The local clock, as Unix seconds. Replaceable for tests.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

fn system_clock() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// HTTP methods the generic call accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Method {
    /// The upper-case name that is sent and signed.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A client for the partner product-coupon API. Cheap to clone and share across threads:
/// clones share one connection pool, keys and configuration.
///
/// ```no_run
/// use wechatpay_product_coupon::{Client, MerchantPrivateKey, WechatPayPublicKey};
/// # fn main() -> Result<(), wechatpay_product_coupon::Error> {
/// let client = Client::builder()
///     .mchid("1900000001")
///     .merchant_serial("5A4E44424F58000000000000000000000001")
///     .private_key(MerchantPrivateKey::from_pem_file("apiclient_key.pem")?)
///     .wechatpay_public_key(WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0114…", "pub_key.pem")?)
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    agent: ureq::Agent,
    signer: RequestSigner,
    keys: VerifierKeys,
    base_url: String,
    backup_url: Option<String>,
    retry: RetryPolicy,
    limiter: Option<RateLimiter>,
    rng: SystemRandom,
    window_secs: u64,
    body_limit: u64,
    clock: Clock,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("backup_url", &self.inner.backup_url)
            .field("retry", &self.inner.retry)
            .field("rate_limited", &self.inner.limiter.is_some())
            .field("signer", &self.inner.signer)
            .field("keys", &self.inner.keys)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
#[must_use]
pub struct ClientBuilder {
    mchid: Option<String>,
    serial: Option<String>,
    key: Option<MerchantPrivateKey>,
    keys: VerifierKeys,
    base_url: String,
    backup: Backup,
    retry: RetryPolicy,
    rate_limits: Option<RateLimits>,
    connect_timeout: Duration,
    timeout: Duration,
    body_limit: u64,
    window_secs: u64,
    clock: Clock,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("mchid", &self.mchid)
            .field("serial", &self.serial)
            .field("key", &self.key)
            .field("keys", &self.keys)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            mchid: None,
            serial: None,
            key: None,
            keys: VerifierKeys::new(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            backup: Backup::Auto,
            retry: RetryPolicy::default(),
            rate_limits: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            body_limit: DEFAULT_BODY_LIMIT,
            window_secs: verify::DEFAULT_WINDOW_SECS,
            clock: Arc::new(system_clock),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// 核销: redeems a user's coupon.
    ///
    /// Validates, signs, sends, verifies the response signature, and returns the verified
    /// body; [`Verified::parse`] gives the borrowed [`UserProductCouponEntity`].
    pub fn use_coupon(&self, req: &UseCouponRequest) -> Result<Verified<UserCoupon>, Error> {
        req.validate()?;
        let target = target::user_coupon(&req.openid, &req.coupon_code, "use");
        self.typed(Endpoint::UseCoupon, Method::Post, &target, req)
    }

    /// 失效: deactivates a user's coupon.
    pub fn deactivate_coupon(
        &self,
        req: &DeactivateCouponRequest,
    ) -> Result<Verified<UserCoupon>, Error> {
        req.validate()?;
        let target = target::user_coupon(&req.openid, &req.coupon_code, "deactivate");
        self.typed(Endpoint::DeactivateCoupon, Method::Post, &target, req)
    }

    /// 修改: updates a product coupon's display information (for coupons issued afterwards).
    pub fn update_product_coupon(
        &self,
        req: &UpdateProductCouponRequest,
    ) -> Result<Verified<ProductCoupon>, Error> {
        req.validate()?;
        let target = target::product_coupon(&req.product_coupon_id);
        self.typed(Endpoint::UpdateProductCoupon, Method::Patch, &target, req)
    }

    /// A signed, verified call to any endpoint of the API, for those without a typed method.
    ///
    /// `path` is the already-encoded absolute path (encode parameters with
    /// [`target::encode_segment`]); `query` pairs are encoded here; `body` is sent and signed
    /// byte for byte. Any 2xx (including 202 and 204) is verified and returned; anything else
    /// is an [`Error::Api`]. Retries follow the client's [`RetryPolicy`] for GET; other methods
    /// are retried only on 429 and connect-phase failures, since this crate cannot know
    /// whether their body carries an idempotency key.
    pub fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<RawResponse, Error> {
        let target = target::build(path, query)?;
        // Only GET is known to be idempotent here; other methods are retried only when the
        // request certainly was not processed (429, or it never reached the server).
        let retryable = |e: &Error| match e {
            _ if method == Method::Get => e.is_retry_safe(),
            Error::Api(api) => api.status == 429,
            Error::Transport(t) => t.kind.is_connect_phase(),
            _ => false,
        };
        self.with_retries(Endpoint::Other, retryable, || {
            self.exchange(method, &target, body)
        })
    }

    fn typed<M: ResponseModel>(
        &self,
        endpoint: Endpoint,
        method: Method,
        target: &str,
        req: &impl serde::Serialize,
    ) -> Result<Verified<M>, Error> {
        // Serialized once: every retry sends these exact bytes.
        let body = serde_json::to_vec(req)
            .map_err(|e| Error::invalid("body", format!("could not be serialized: {e}")))?;
        let raw = self.with_retries(endpoint, Error::is_retry_safe, || {
            let raw = self.exchange(method, target, Some(&body))?;
            if raw.status == 202 {
                return Err(Error::Api(ApiError {
                    status: 202,
                    code: String::new(),
                    message:
                        "accepted but not processed yet; repeat the request with the same parameters"
                            .to_owned(),
                    detail: None,
                    request_id: raw.request_id().map(str::to_owned),
                }));
            }
            Ok(raw)
        })?;
        Ok(Verified {
            raw,
            model: PhantomData,
        })
    }

    /// Runs `once` until it succeeds, fails with an error `retryable` rejects, or the retry
    /// policy is spent. Each run waits for the rate limiter first.
    fn with_retries<T>(
        &self,
        endpoint: Endpoint,
        retryable: impl Fn(&Error) -> bool,
        mut once: impl FnMut() -> Result<T, Error>,
    ) -> Result<T, Error> {
        let inner = &*self.inner;
        let policy = &inner.retry;
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            if let Some(limiter) = &inner.limiter {
                limiter.acquire(endpoint);
            }
            let err = match once() {
                Ok(value) => return Ok(value),
                Err(err) => err,
            };
            let wait = if attempt < policy.max_attempts && retryable(&err) {
                let wait = policy.backoff(attempt, random_u32(&inner.rng));
                (started.elapsed() + wait <= policy.max_elapsed).then_some(wait)
            } else {
                None
            };
            match wait {
                Some(wait) => {
                    std::thread::sleep(wait);
                    attempt += 1;
                }
                None if attempt == 1 => return Err(err),
                None => {
                    return Err(Error::RetriesExhausted {
                        attempts: attempt,
                        last: Box::new(err),
                    })
                }
            }
        }
    }

    /// One signed exchange with a fresh timestamp and nonce. A connect-phase failure on the
    /// primary host (the request never left) is tried once on the backup host, if any.
    fn exchange(
        &self,
        method: Method,
        target: &str,
        body: Option<&[u8]>,
    ) -> Result<RawResponse, Error> {
        let inner = &*self.inner;
        let body_bytes = body.unwrap_or(b"");
        let timestamp = (inner.clock)();
        let nonce = inner.signer.nonce()?;
        // The host is not part of the signed message, so one signature serves both hosts.
        let authorization = inner.signer.authorization(
            method.as_str(),
            target,
            body_bytes,
            timestamp,
            nonce.as_str(),
        )?;
        let send = |base: &str| self.send_to(base, method, target, body, &authorization);
        match (send(&inner.base_url), &inner.backup_url) {
            (Err(Error::Transport(e)), Some(backup)) if e.kind.is_connect_phase() => send(backup),
            (result, _) => result,
        }
    }

    /// Sends one signed request to `base` and verifies or maps the answer.
    fn send_to(
        &self,
        base: &str,
        method: Method,
        target: &str,
        body: Option<&[u8]>,
        authorization: &str,
    ) -> Result<RawResponse, Error> {
        let inner = &*self.inner;
        let mut url = String::with_capacity(base.len() + target.len());
        url.push_str(base);
        url.push_str(target);

        let mut builder = http::Request::builder()
            .method(method.as_str())
            .uri(url)
            .header(http::header::AUTHORIZATION, authorization)
            .header(http::header::ACCEPT, "application/json")
            .header(http::header::USER_AGENT, USER_AGENT);
        if body.is_some() {
            builder = builder.header(http::header::CONTENT_TYPE, "application/json");
        }
        if let Some(id) = inner.keys.public_key_id() {
            builder = builder.header(verify::headers::SERIAL, id);
        }
        let request = builder
            .body(body.unwrap_or(b""))
            .map_err(|e| Error::Config(format!("could not build the HTTP request: {e}")))?;

        let (head, body) = transport::send(&inner.agent, request, inner.body_limit)?;
        let raw = RawResponse {
            status: head.status.as_u16(),
            headers: head.headers,
            body,
        };
        if (200..300).contains(&raw.status) {
            self.verify(&raw)?;
            Ok(raw)
        } else {
            Err(Error::Api(raw.api_error()))
        }
    }

    fn verify(&self, raw: &RawResponse) -> Result<(), Error> {
        let inner = &*self.inner;
        let pairs = raw.headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes()));
        let result = SignatureHeaders::from_pairs(pairs).and_then(|sig| {
            verify::verify_response(
                &inner.keys,
                &sig,
                &raw.body,
                (inner.clock)(),
                inner.window_secs,
            )
        });
        result.map_err(|reason| {
            Error::Verification(VerificationError {
                reason,
                request_id: raw.request_id().map(str::to_owned),
            })
        })
    }
}

impl ClientBuilder {
    /// The service provider's merchant ID (服务商商户号). Required.
    pub fn mchid(mut self, mchid: impl Into<String>) -> Self {
        self.mchid = Some(mchid.into());
        self
    }

    /// The merchant API certificate serial (hex). Required.
    pub fn merchant_serial(mut self, serial: impl Into<String>) -> Self {
        self.serial = Some(serial.into());
        self
    }

    /// The merchant API private key. Required.
    pub fn private_key(mut self, key: MerchantPrivateKey) -> Self {
        self.key = Some(key);
        self
    }

    /// The WeChat Pay public key (public-key mode). Its ID is sent as `Wechatpay-Serial`.
    pub fn wechatpay_public_key(mut self, key: WechatPayPublicKey) -> Self {
        self.keys = self.keys.with_public_key(key);
        self
    }

    /// A WeChat Pay platform certificate (certificate mode); may be combined with the public key.
    pub fn platform_certificate(mut self, cert: PlatformCertificate) -> Self {
        self.keys = self.keys.with_certificate(cert);
        self
    }

    /// The base URL, default [`DEFAULT_BASE_URL`]. `https://` anything, or `http://` to a
    /// loopback host (127.0.0.0/8, `[::1]`, `localhost`) for the sandbox and tests.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The backup host tried when the primary cannot be reached (DNS, TCP connect or TLS
    /// handshake failed, so the request never left). By default this is
    /// [`BACKUP_BASE_URL`] when the base URL is [`DEFAULT_BASE_URL`], and none otherwise.
    /// Same URL rules as [`ClientBuilder::base_url`].
    pub fn backup_base_url(mut self, url: impl Into<String>) -> Self {
        self.backup = Backup::Url(url.into());
        self
    }

    /// Never fail over to a backup host.
    pub fn no_backup(mut self) -> Self {
        self.backup = Backup::Off;
        self
    }

    /// How failed calls are retried, default [`RetryPolicy::default`] (3 attempts);
    /// [`RetryPolicy::none`] switches retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Enables the client-side rate limiter (off by default), shared by all threads and
    /// clones of the client. Calls wait for a slot rather than fail.
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.rate_limits = Some(limits);
        self
    }

    /// Connect timeout (DNS, TCP, TLS), default 5 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Overall timeout of one HTTP exchange including the body, default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Response body size limit in bytes, default 4 MiB.
    pub fn body_limit(mut self, bytes: u64) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Accepted response timestamp skew in seconds, default 300 (as the official SDKs).
    pub fn timestamp_window(mut self, secs: u64) -> Self {
        self.window_secs = secs;
        self
    }

    /// Replaces the clock (Unix seconds) used for request timestamps and the response window.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Checks the configuration and builds the client. Nothing is sent.
    pub fn build(self) -> Result<Client, Error> {
        let mchid = self
            .mchid
            .ok_or_else(|| Error::Config("mchid is required".to_owned()))?;
        let serial = self
            .serial
            .ok_or_else(|| Error::Config("merchant_serial is required".to_owned()))?;
        let key = self
            .key
            .ok_or_else(|| Error::Config("private_key is required".to_owned()))?;
        if self.keys.is_empty() {
            return Err(Error::Config(
                "a WeChat Pay public key or platform certificate is required to verify responses"
                    .to_owned(),
            ));
        }
        let base = transport::BaseUrl::parse(&self.base_url)?;
        let backup = match self.backup {
            Backup::Off => None,
            Backup::Url(url) => Some(transport::BaseUrl::parse(&url)?),
            Backup::Auto if base.as_str() == DEFAULT_BASE_URL => {
                Some(transport::BaseUrl::parse(BACKUP_BASE_URL)?)
            }
            Backup::Auto => None,
        };
        if self.retry.max_attempts == 0 {
            return Err(Error::Config(
                "retry policy max_attempts must be at least 1 (1 = no retry)".to_owned(),
            ));
        }
        let agent = transport::agent(&base, backup.as_ref(), self.connect_timeout, self.timeout);
        Ok(Client {
            inner: Arc::new(Inner {
                agent,
                signer: RequestSigner::new(mchid, serial, key)?,
                keys: self.keys,
                base_url: base.as_str().to_owned(),
                backup_url: backup.map(|b| b.as_str().to_owned()),
                retry: self.retry,
                limiter: self.rate_limits.map(RateLimiter::new),
                rng: SystemRandom::new(),
                window_secs: self.window_secs,
                body_limit: self.body_limit,
                clock: self.clock,
            }),
        })
    }
}

/// Which backup host to use.
enum Backup {
    /// The documented backup host when the primary is the documented host.
    Auto,
    /// None.
    Off,
    /// This one.
    Url(String),
}

fn random_u32(rng: &SystemRandom) -> u32 {
    let mut bytes = [0u8; 4];
    // A failed draw only loses jitter, never correctness.
    let _ = rng.fill(&mut bytes);
    u32::from_le_bytes(bytes)
}

/// A verified 2xx response: status, headers and the exact body bytes that were verified.
pub struct RawResponse {
    status: u16,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl RawResponse {
    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first value of a header (case-insensitive), if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All headers as `(name, value bytes)`, names in lower case.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes()))
    }

    /// WeChat Pay's `Request-ID`.
    pub fn request_id(&self) -> Option<&str> {
        self.header(verify::headers::REQUEST_ID)
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Decodes the body as JSON into `T`, which may borrow from it.
    pub fn json<'a, T: serde::Deserialize<'a>>(&'a self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::Decode(DecodeError {
                model: std::any::type_name::<T>(),
                message: e.to_string(),
                request_id: self.request_id().map(str::to_owned),
            })
        })
    }

    /// The error of a non-2xx response: `{code, message, detail}` when the body has them.
    fn api_error(&self) -> ApiError {
        #[derive(serde::Deserialize)]
        struct Body {
            #[serde(default)]
            code: String,
            #[serde(default)]
            message: String,
            #[serde(default)]
            detail: Option<serde_json::Value>,
        }
        let (code, message, detail) = match serde_json::from_slice::<Body>(&self.body) {
            Ok(b) => (b.code, b.message, b.detail),
            Err(_) => {
                let text = String::from_utf8_lossy(&self.body);
                let snippet: String = text.chars().take(200).collect();
                (String::new(), snippet, None)
            }
        };
        ApiError {
            status: self.status,
            code,
            message,
            detail,
            request_id: self.request_id().map(str::to_owned),
        }
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A response model family: names the borrowed view a [`Verified`] response decodes into.
pub trait ResponseModel {
    /// The view, borrowing from the body.
    type View<'a>: serde::Deserialize<'a>;
    /// The model name, for errors.
    const NAME: &'static str;
}

/// Marker: the response is a [`UserProductCouponEntity`].
#[derive(Debug)]
pub enum UserCoupon {}
impl ResponseModel for UserCoupon {
    type View<'a> = UserProductCouponEntity<'a>;
    const NAME: &'static str = "UserProductCouponEntity";
}

/// Marker: the response is a [`ProductCouponEntity`].
#[derive(Debug)]
pub enum ProductCoupon {}
impl ResponseModel for ProductCoupon {
    type View<'a> = ProductCouponEntity<'a>;
    const NAME: &'static str = "ProductCouponEntity";
}

/// A verified response of a typed call. It owns the body; [`Verified::parse`] decodes it
/// into a view that borrows from it (zero-copy).
///
/// Decoding is separate from the call on purpose: when the call returns `Ok`, WeChat Pay
/// has done the operation and said so in a verified response, even if a future server
/// version sends something this crate cannot decode.
pub struct Verified<M: ResponseModel> {
    raw: RawResponse,
    model: PhantomData<fn() -> M>,
}

impl<M: ResponseModel> Verified<M> {
    /// Decodes the body into the borrowed model.
    pub fn parse(&self) -> Result<M::View<'_>, Error> {
        serde_json::from_slice(&self.raw.body).map_err(|e| {
            Error::Decode(DecodeError {
                model: M::NAME,
                message: e.to_string(),
                request_id: self.raw.request_id().map(str::to_owned),
            })
        })
    }

    /// The verified raw response.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// WeChat Pay's `Request-ID`.
    pub fn request_id(&self) -> Option<&str> {
        self.raw.request_id()
    }

    /// Unwraps the raw response.
    pub fn into_raw(self) -> RawResponse {
        self.raw
    }
}

impl<M: ResponseModel> fmt::Debug for Verified<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("model", &M::NAME)
            .field("raw", &self.raw)
            .finish()
    }
}

#[cfg(all(test, feature = "sandbox"))]
mod tests {
    use super::*;
    use crate::model::request::ProductCouponDisplayInfo;
    use crate::sandbox::{seed, Fault, Sandbox};

    fn update(n: u32) -> UpdateProductCouponRequest {
        UpdateProductCouponRequest {
            product_coupon_id: seed::PRODUCT_COUPON_ID.to_owned(),
            out_request_no: format!("LIMIT{n:04}"),
            display_info: ProductCouponDisplayInfo {
                name: "限流测试名称".to_owned(),
                image_url: "https://wxpaylogo.qpic.cn/a".to_owned(),
                background_url: "https://wxpaylogo.qpic.cn/b".to_owned(),
                ..Default::default()
            },
            brand_id: seed::BRAND_ID.to_owned(),
        }
    }

    #[test]
    fn every_attempt_of_every_call_goes_through_the_shared_limiter() -> Result<(), Error> {
        let sandbox = Sandbox::start()?;
        let client = sandbox
            .client_builder()?
            .rate_limits(RateLimits {
                use_coupon: 0,
                deactivate_coupon: 0,
                update_product_coupon: 1000,
            })
            .retry_policy(RetryPolicy {
                max_attempts: 2,
                initial_backoff: Duration::from_millis(1),
                max_backoff: Duration::from_millis(1),
                max_elapsed: Duration::from_secs(5),
            })
            .build()?;
        let clone = client.clone();
        clone.update_product_coupon(&update(1))?;
        sandbox.push_fault(Fault::Status {
            status: 500,
            code: "SYSTEM_ERROR",
        });
        client.update_product_coupon(&update(2))?; // one failed attempt + one retry
        let limiter = client
            .inner
            .limiter
            .as_ref()
            .ok_or(Error::Config("no limiter".into()))?;
        assert_eq!(limiter.reserved(Endpoint::UpdateProductCoupon), 3);
        assert_eq!(limiter.reserved(Endpoint::UseCoupon), 0);
        Ok(())
    }

    #[test]
    fn no_limiter_unless_asked() -> Result<(), Error> {
        let sandbox = Sandbox::start()?;
        assert!(sandbox.client()?.inner.limiter.is_none());
        Ok(())
    }
}

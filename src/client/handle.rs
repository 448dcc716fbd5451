//! [`Client`]: the handle every call goes through, and its one generic call path
//! ([`Client::execute`]): validate and encode once, then per attempt rate-limit, sign, send
//! and verify. The typed per-endpoint methods are expanded from the registry in
//! `endpoints.rs`.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use ring::rand::SystemRandom;

use super::observe::{Host, Observability, Trace};
use super::rate_limit::RateLimiter;
use super::refresh::CertificateRefresh;
use super::response::{RawResponse, Verified};
use super::retry::{self, RetryPolicy};
use super::transport::{self, Outgoing};
use crate::error::{ApiError, Error, Outcome, VerificationError, VerifyFailure};
use crate::model::Notification;
use crate::protocol::aead::ApiV3Key;
use crate::protocol::endpoint::{ApiRequest, EncodedRequest, Method};
use crate::protocol::headers;
use crate::protocol::keys::VerifierKeys;
use crate::protocol::notify;
use crate::protocol::signing::{self, RequestSigner};
use crate::protocol::target;
use crate::protocol::verify::{self, SignatureHeaders};

/// The local clock, as Unix seconds ([`ClientBuilder::clock`](super::ClientBuilder::clock) replaces it).
pub(super) type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// What one request carries: the bytes that are signed, and the body sent with its
/// `Content-Type` (the same bytes for JSON; the whole form for a multipart upload, whose
/// `meta` part is what is signed).
#[derive(Clone, Copy)]
pub(super) struct Payload<'a> {
    pub(super) signed: &'a [u8],
    pub(super) sent: Option<(&'a [u8], &'a str)>,
}

impl<'a> Payload<'a> {
    /// A JSON body (or none), signed as sent.
    pub(super) fn json(body: Option<&'a [u8]>) -> Self {
        Payload {
            signed: body.unwrap_or_default(),
            sent: body.map(|b| (b, headers::CONTENT_TYPE_VALUE)),
        }
    }
}

/// The endpoint name of the generic [`Client::call`] in errors.
const GENERIC_CALL: &str = "call";

/// A client for the partner product-coupon API. Cheap to clone and share across threads:
/// clones share one connection pool, keys and configuration (`Client` is `Send + Sync`).
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
    pub(super) inner: Arc<Inner>,
    /// The per-call deadline of a [`with_timeout`](Client::with_timeout) view; `None`: the
    /// client's own timeouts only.
    pub(super) call_timeout: Option<Duration>,
}

pub(super) struct Inner {
    pub(super) agent: ureq::Agent,
    pub(super) signer: RequestSigner,
    /// The verification keys; replaced whole when platform certificates are refreshed.
    pub(super) keys: RwLock<Arc<VerifierKeys>>,
    pub(super) apiv3_key: Option<ApiV3Key>,
    pub(super) refresh: Option<CertificateRefresh>,
    pub(super) base_url: String,
    pub(super) backup_url: Option<String>,
    pub(super) retry: RetryPolicy,
    pub(super) limiter: Option<Arc<dyn RateLimiter>>,
    pub(super) rng: SystemRandom,
    pub(super) window_secs: u64,
    pub(super) body_limit: u64,
    /// The cap of [`Client::user_coupon_pages`] ([`ClientBuilder::max_pages`](super::ClientBuilder::max_pages)).
    pub(super) max_pages: u32,
    pub(super) clock: Clock,
    pub(super) observe: Observability,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("backup_url", &self.inner.backup_url)
            .field("retry", &self.inner.retry)
            .field("rate_limited", &self.inner.limiter.is_some())
            .field("signer", &self.inner.signer)
            .field("keys", &self.verifier_keys())
            .field("apiv3_key", &self.inner.apiv3_key)
            .field("refreshes_certificates", &self.inner.refresh.is_some())
            .field("call_timeout", &self.call_timeout)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL requests go to.
    ///
    /// ```no_run
    /// # let client = wechatpay_product_coupon::Client::from_env()?;
    /// assert!(client.base_url().starts_with("https://"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The backup host tried when the primary cannot be reached, if any.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, MerchantPrivateKey, WechatPayPublicKey};
    /// # let key = MerchantPrivateKey::from_pem_file(concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem"))?;
    /// # let public = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_public_key.pem"))?;
    /// let client = Client::builder()
    ///     .mchid("1900000001")
    ///     .merchant_serial("5A4E44424F58000000000000000000000001")
    ///     .private_key(key)
    ///     .wechatpay_public_key(public)
    ///     .build()?; // the production host, so the documented backup host
    /// assert_eq!(client.backup_base_url(), Some("https://api2.mch.weixin.qq.com"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn backup_base_url(&self) -> Option<&str> {
        self.inner.backup_url.as_deref()
    }

    /// Calls the endpoint of `req`: validates and encodes it once, then (per attempt) waits
    /// for the rate limiter, signs with a fresh timestamp and nonce, sends, and verifies the
    /// response signature. Retries follow the client's [`RetryPolicy`] for the retry-safe
    /// outcomes ([`Error::is_retry_safe`]), resending the same bytes.
    ///
    /// Every typed method is this call; it also serves endpoints added with a request type
    /// of your own (see [`ApiRequest`]).
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::api::{DeactivateCouponRequest, UserCouponRef};
    /// # fn demo(client: &wechatpay_product_coupon::Client, coupon: UserCouponRef) -> Result<(), wechatpay_product_coupon::Error> {
    /// let req = DeactivateCouponRequest::new(coupon, "MCHDEACT0001".parse()?, "商品已下线");
    /// let coupon = client.execute(&req)?;
    /// println!("{}", coupon.parse()?.coupon_state);
    /// # Ok(()) }
    /// ```
    pub fn execute<R: ApiRequest>(&self, req: &R) -> Result<Verified<R::Response>, Error> {
        let encoded = req.encode()?;
        self.execute_encoded(&encoded).map(Verified::new)
    }

    /// [`execute`](Self::execute) for a request already encoded ([`ApiRequest::encode`]):
    /// the part that does not depend on the request type, so callers that pick the endpoint
    /// at run time (the C ABI's by-name dispatch) need one copy of it, not one per endpoint.
    /// The verified body is not parsed.
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::api::{DeactivateCouponRequest, UserCouponRef};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// # fn demo(client: &wechatpay_product_coupon::Client, coupon: UserCouponRef) -> Result<(), wechatpay_product_coupon::Error> {
    /// let encoded = DeactivateCouponRequest::new(coupon, "MCHDEACT0001".parse()?, "商品已下线").encode()?;
    /// let raw = client.execute_encoded(&encoded)?;
    /// println!("{}", String::from_utf8_lossy(raw.body()));
    /// # Ok(()) }
    /// ```
    pub fn execute_encoded(&self, encoded: &EncodedRequest) -> Result<RawResponse, Error> {
        let endpoint = encoded.endpoint.name;
        let trace = self.trace(endpoint, encoded.method, Some(encoded.endpoint.path));
        let content_type = encoded.content_type();
        let payload = Payload {
            signed: encoded.body_bytes(),
            sent: encoded.sent_body().zip(content_type.as_deref()),
        };
        self.verified_after_retries(&trace, Error::is_retry_safe, |deadline| {
            let raw =
                self.send_signed(&trace, encoded.method, &encoded.target, payload, deadline)?;
            if raw.status() == 202 {
                // "Accepted, send it again" is believed only once verified (fail closed).
                let raw = self.verify(&trace, raw)?;
                let request_id = raw.request_id().map(str::to_owned);
                return Err(Error::Api(Box::new(accepted(endpoint, request_id))));
            }
            Ok(raw)
        })
    }

    /// Verifies, decrypts and parses a notification with this client's keys, clock, window
    /// and APIv3 key ([`notify::parse_notification`]; needs
    /// [`ClientBuilder::apiv3_key`](super::ClientBuilder::apiv3_key)). Pure: nothing is sent. Answer WeChat Pay with
    /// [`notify::NotificationReply`], and deduplicate by [`Notification::id`].
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::model::NotificationEvent;
    /// use wechatpay_product_coupon::notify::NotificationReply;
    /// # fn demo(client: &wechatpay_product_coupon::Client, headers: Vec<(String, Vec<u8>)>, body: Vec<u8>) {
    /// // In your HTTP handler: the headers as (name, value) pairs and the raw body bytes.
    /// let pairs = headers.iter().map(|(k, v)| (k.as_str(), v.as_slice()));
    /// let result = client.parse_notification(pairs, &body);
    /// if let Ok(n) = &result {
    ///     if let NotificationEvent::CouponSent(sent) = &n.event {
    ///         println!("record {} then confirm {}", n.id, sent.coupon_code);
    ///     }
    /// }
    /// let reply = NotificationReply::for_result(&result); // status + body to answer
    /// # }
    /// ```
    pub fn parse_notification<'h, I>(&self, headers: I, body: &[u8]) -> Result<Notification, Error>
    where
        I: IntoIterator<Item = (&'h str, &'h [u8])>,
    {
        let apiv3_key = self.apiv3_key("parse_notification")?;
        let headers: Vec<(&str, &[u8])> = headers.into_iter().collect();
        self.with_key_refresh(
            |keys| {
                notify::parse_notification(
                    keys,
                    apiv3_key,
                    headers.iter().copied(),
                    body,
                    (self.inner.clock)(),
                    self.inner.window_secs,
                )
            },
            |e| {
                matches!(
                    e,
                    Error::Verification(VerificationError {
                        reason: VerifyFailure::UnknownSerial { .. },
                        ..
                    })
                )
            },
        )
    }

    /// A signed, verified call to any endpoint of the API, for those without a typed method.
    ///
    /// `path` is the absolute, already-encoded path: the partner product-coupon endpoints
    /// are under `/v3/marketing/partner/product-coupon/` (encode parameters with
    /// [`target::encode_segment`]); `query` pairs are encoded here; `body` is sent and signed
    /// byte for byte. Any 2xx (including 202 and 204) is verified and returned; anything
    /// else is an [`Error::Api`]. Retries follow the client's [`RetryPolicy`] for GET; other
    /// methods are retried only on 429 and connect-phase failures, since this crate cannot
    /// know whether their body carries an idempotency key.
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::{target, Method};
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// let mut path = String::from("/v3/marketing/partner/product-coupon/product-coupons/");
    /// target::encode_segment("1000000013", &mut path);
    /// let raw = client.call(Method::Get, &path, &[("brand_id", "120344")], None)?;
    /// let product: serde_json::Value = raw.json()?;
    /// # Ok(()) }
    /// ```
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
        let trace = self.trace(GENERIC_CALL, method, None);
        self.verified_after_retries(&trace, retryable, |deadline| {
            self.send_signed(&trace, method, &target, Payload::json(body), deadline)
        })
    }

    /// Runs `attempt` under the retry policy, then verifies the answer that ended the loop:
    /// the signature check, and the key refresh it may need, run once per call, outside the
    /// retries. A verification failure after several attempts is reported as the last of
    /// them ([`Error::RetriesExhausted`]), as any other final failure is.
    fn verified_after_retries(
        &self,
        trace: &Trace<'_>,
        retryable: impl Fn(&Error) -> bool,
        mut attempt: impl FnMut(Option<Instant>) -> Result<RawResponse, Error>,
    ) -> Result<RawResponse, Error> {
        let (mut attempts, mut earlier) = (0, Outcome::Local);
        let raw = self.with_retries(trace, retryable, |deadline| {
            attempts += 1;
            let result = attempt(deadline);
            if let Err(e) = &result {
                earlier = earlier.then(e.outcome());
            }
            result
        })?;
        self.verify(trace, raw).map_err(|e| match attempts {
            0 | 1 => e,
            n => Error::RetriesExhausted {
                attempts: n,
                earlier,
                last: Box::new(e),
            },
        })
    }

    /// Runs `once` under the retry policy; every attempt waits for the rate limiter first.
    /// `once` gets the call's deadline (of a [`with_timeout`](Self::with_timeout) view), which
    /// also ends the retries.
    pub(super) fn with_retries<T>(
        &self,
        trace: &Trace<'_>,
        retryable: impl Fn(&Error) -> bool,
        mut once: impl FnMut(Option<Instant>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let inner = &*self.inner;
        let endpoint = trace.endpoint;
        let mut env = retry::SystemEnv::new(&inner.rng);
        let deadline = self.call_timeout.map(|t| Instant::now() + t);
        let policy = match self.call_timeout {
            Some(t) => RetryPolicy {
                max_elapsed: inner.retry.max_elapsed.min(t),
                ..inner.retry
            },
            None => inner.retry,
        };
        retry::run(&policy, retryable, &mut env, |attempt| {
            trace.begin(attempt);
            let Some(limiter) = &inner.limiter else {
                return once(deadline);
            };
            let wait = limiter.reserve(endpoint)?;
            if !wait.is_zero() {
                std::thread::sleep(wait);
            }
            let result = once(deadline);
            if let Err(Error::Api(api)) = &result {
                if api.status == 429 {
                    limiter.throttled(endpoint);
                }
            }
            result
        })
    }

    /// One signed exchange, not yet verified: a 2xx answer as received, any other as an
    /// [`ApiError`]. A connect-phase failure on the primary host (the request never left) is
    /// tried once on the backup host, if any. A `deadline` bounds the exchange (both hosts).
    pub(super) fn send_signed(
        &self,
        trace: &Trace<'_>,
        method: Method,
        target: &str,
        payload: Payload<'_>,
        deadline: Option<Instant>,
    ) -> Result<RawResponse, Error> {
        let inner = &*self.inner;
        let endpoint = trace.endpoint;
        let timestamp = (inner.clock)();
        let nonce = inner.signer.nonce()?;
        // The host is not part of the signed message, so one signature serves both hosts.
        let authorization = inner.signer.authorization(
            method.as_str(),
            target,
            payload.signed,
            timestamp,
            nonce.as_str(),
        )?;
        let keys = self.verifier_keys();
        let out = Outgoing {
            endpoint,
            method,
            target,
            body: payload.sent,
            authorization: &authorization,
            wechatpay_serial: keys.public_key_id(),
        };
        let send = |host: Host, base: &str| {
            // What is left of the call's deadline; at least 1 ms, so that ureq reports the
            // timeout rather than refusing a zero one.
            let timeout = deadline.map(|d| {
                d.saturating_duration_since(Instant::now())
                    .max(Duration::from_millis(1))
            });
            trace.exchange(host, base, payload.signed, || {
                transport::send(&inner.agent, base, &out, inner.body_limit, timeout)
            })
        };
        let received = match (send(Host::Primary, &inner.base_url), &inner.backup_url) {
            (Err(Error::Transport(e)), Some(backup)) if e.kind.is_connect_phase() => {
                send(Host::Backup, backup)?
            }
            (result, _) => result?,
        };
        let raw = RawResponse::new(received.status, received.headers, received.body);
        if !(200..300).contains(&raw.status()) {
            let request_id = raw.request_id().map(str::to_owned);
            let api = if (300..400).contains(&raw.status()) {
                ApiError::redirect(endpoint, raw.status(), raw.header("location"), request_id)
            } else {
                ApiError::from_body(endpoint, raw.status(), raw.body(), request_id)
            };
            // Kept for a SIGN_ERROR only, to say where the gateway's copy differs.
            let signed = || {
                signing::canonical_request(
                    method.as_str(),
                    target,
                    timestamp,
                    nonce.as_str(),
                    payload.signed,
                )
            };
            let api = match api.code.as_str() {
                "SIGN_ERROR" => api.with_signed_message(&signed()),
                _ => api,
            };
            return Err(Error::Api(Box::new(api)));
        }
        Ok(raw)
    }

    /// Verifies a 2xx answer (with the one refresh step on an unknown serial).
    fn verify(&self, trace: &Trace<'_>, raw: RawResponse) -> Result<RawResponse, Error> {
        let verify_with = |keys: &VerifierKeys| {
            SignatureHeaders::from_pairs(raw.headers()).and_then(|sig| {
                verify::verify_response(
                    keys,
                    &sig,
                    raw.body(),
                    (self.inner.clock)(),
                    self.inner.window_secs,
                )
            })
        };
        let result = self.with_key_refresh(verify_with, |reason| {
            matches!(reason, VerifyFailure::UnknownSerial { .. })
        });
        trace.verified(result.is_ok());
        match result {
            Ok(()) => Ok(raw),
            Err(reason) => Err(Error::Verification(VerificationError::new(
                trace.endpoint,
                reason,
                raw.request_id().map(str::to_owned),
            ))),
        }
    }

    /// The keys answers and notifications are verified with now: those configured, plus any
    /// platform certificates installed since by
    /// [`refresh_platform_certificates`](Self::refresh_platform_certificates). For callers
    /// that verify with the pure functions ([`verify`](crate::verify),
    /// [`notify`](crate::notify)) outside the client.
    ///
    /// ```no_run
    /// # fn demo(client: &wechatpay_product_coupon::Client) {
    /// let keys = client.verifier_keys();
    /// println!("{keys:?}");
    /// # }
    /// ```
    pub fn verifier_keys(&self) -> Arc<VerifierKeys> {
        let keys = self
            .inner
            .keys
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&keys)
    }

    /// The observation state of one call to `endpoint` ([`observe`](super::observe)).
    pub(super) fn trace(
        &self,
        endpoint: &'static str,
        method: Method,
        path: Option<&'static str>,
    ) -> Trace<'_> {
        Trace::new(&self.inner.observe, endpoint, method, path)
    }

    /// The configured APIv3 key, or an error naming the setting `what` needs.
    pub(super) fn apiv3_key(&self, what: &str) -> Result<&ApiV3Key, Error> {
        self.inner.apiv3_key.as_ref().ok_or_else(|| {
            Error::config(
                "apiv3_key",
                format!("{what} needs the APIv3 key: set it with ClientBuilder::apiv3_key (or WECHATPAY_APIV3_KEY)"),
            )
        })
    }
}

/// The 202 answer of a typed call: accepted but not processed, resend the same request.
fn accepted(endpoint: &'static str, request_id: Option<String>) -> ApiError {
    ApiError {
        endpoint,
        status: 202,
        code: String::new(),
        message: "accepted but not processed yet; repeat the request with the same parameters"
            .to_owned(),
        detail: None,
        request_id,
        signed_message: None,
    }
}

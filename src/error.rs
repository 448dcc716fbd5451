//! The one error type of the crate, its stable [`ErrorKind`]s, and the detail types it carries.
//!
//! Every message says what was expected and what was found. None contains key material, a
//! full `Authorization` header or an APIv3 key: the values that can appear are serials, key
//! IDs, header names, HTTP statuses, the server's own `code`/`message`/`detail`, and the
//! `Request-ID` to quote to WeChat Pay support.
//!
//! Each error's text is written once: a wrapper either shows its inner error in `Display` or
//! returns it from [`std::error::Error::source`], never both, so a chain printer such as
//! anyhow's `{:#}` prints every message once.

use std::borrow::Cow;
use std::fmt;

pub use crate::protocol::verify::failure::{VerificationError, VerifyFailure};

/// Everything that can go wrong in this crate.
///
/// Match on [`Error::kind`] for a stable classification (it is also the C ABI's result code);
/// match on the variants for their details.
///
/// ```
/// use wechatpay_product_coupon::{Error, ErrorKind};
/// let err = Error::Random;
/// assert_eq!(err.kind(), ErrorKind::Random);
/// assert!(!err.is_retry_safe());
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request broke a documented rule; nothing was sent.
    InvalidRequest {
        /// The JSON path of the offending field, e.g. `display_info.name`.
        field: Cow<'static, str>,
        /// The rule it broke and what was found.
        rule: String,
    },
    /// A key, certificate or PEM text could not be loaded.
    Key {
        /// What the loader expected.
        expected: &'static str,
        /// What it found instead (and, for files, which file).
        found: String,
    },
    /// A client setting is unusable (bad base URL, missing mchid, zero timeout, …).
    Config {
        /// The setting, as named by the builder method, e.g. `timeout`.
        setting: &'static str,
        /// What is wrong with it and what to do.
        problem: String,
    },
    /// The operating system's random generator failed (no nonce could be drawn).
    Random,
    /// The crypto library refused to sign (the key loaded, but signing failed).
    Signing,
    /// The HTTP request could not be assembled from the signed parts.
    RequestBuild(String),
    /// A local I/O operation failed (e.g. the sandbox could not listen on its port).
    Io {
        /// What was being done, e.g. `listening on 127.0.0.1:8080`.
        context: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The HTTP exchange failed before a complete response was read.
    Transport(TransportError),
    /// WeChat Pay answered with a non-2xx status (or 202, "accepted, not processed").
    /// Boxed: it is the largest detail, and every `Result<_, Error>` would carry its size.
    Api(Box<ApiError>),
    /// A 2xx response failed signature verification; its content must not be trusted.
    Verification(VerificationError),
    /// A verified response body did not match the expected model.
    Decode(DecodeError),
    /// The call was retried and the last attempt failed too.
    RetriesExhausted {
        /// Attempts made in total, the first included.
        attempts: u32,
        /// The last attempt's error (for an API error: status, code, message, Request-ID).
        last: Box<Error>,
    },
    /// A notification's signature verified, but it could not be decrypted or read (a
    /// signature failure is [`Error::Verification`]).
    Notification(NotificationError),
}

/// A stable classification of [`Error`]s, one per variant. The numbers are the C ABI's result
/// codes and never change meaning; new kinds get new numbers.
///
/// ```
/// use wechatpay_product_coupon::ErrorKind;
/// assert_eq!(ErrorKind::Api.code(), 10);
/// assert_eq!(ErrorKind::Api.as_str(), "api");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::InvalidRequest`].
    InvalidRequest,
    /// [`Error::Key`].
    Key,
    /// [`Error::Config`].
    Config,
    /// [`Error::Random`].
    Random,
    /// [`Error::Signing`].
    Signing,
    /// [`Error::RequestBuild`].
    RequestBuild,
    /// [`Error::Io`].
    Io,
    /// [`Error::Transport`].
    Transport,
    /// [`Error::Api`].
    Api,
    /// [`Error::Verification`].
    Verification,
    /// [`Error::Decode`].
    Decode,
    /// [`Error::RetriesExhausted`].
    RetriesExhausted,
    /// [`Error::Notification`].
    Notification,
}

impl ErrorKind {
    /// Every kind, in code order.
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::InvalidRequest,
        ErrorKind::Key,
        ErrorKind::Config,
        ErrorKind::Random,
        ErrorKind::Signing,
        ErrorKind::RequestBuild,
        ErrorKind::Io,
        ErrorKind::Transport,
        ErrorKind::Verification,
        ErrorKind::Api,
        ErrorKind::Decode,
        ErrorKind::RetriesExhausted,
        ErrorKind::Notification,
    ];

    /// The stable numeric code (1 and up; 0 is success in the C ABI).
    ///
    /// ```
    /// # use wechatpay_product_coupon::ErrorKind;
    /// assert_eq!(ErrorKind::InvalidRequest.code(), 1);
    /// assert_eq!(ErrorKind::RetriesExhausted.code(), 12);
    /// ```
    pub const fn code(self) -> u32 {
        match self {
            ErrorKind::InvalidRequest => 1,
            ErrorKind::Key => 2,
            ErrorKind::Config => 3,
            ErrorKind::Random => 4,
            ErrorKind::Signing => 5,
            ErrorKind::RequestBuild => 6,
            ErrorKind::Io => 7,
            ErrorKind::Transport => 8,
            ErrorKind::Verification => 9,
            ErrorKind::Api => 10,
            ErrorKind::Decode => 11,
            ErrorKind::RetriesExhausted => 12,
            ErrorKind::Notification => 13,
        }
    }

    /// A stable snake_case name, e.g. `"invalid_request"`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Error, ErrorKind};
    /// assert_eq!(ErrorKind::InvalidRequest.as_str(), "invalid_request");
    /// assert_eq!(Error::Signing.kind().to_string(), "signing"); // `Display` is the same name
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::Key => "key",
            ErrorKind::Config => "config",
            ErrorKind::Random => "random",
            ErrorKind::Signing => "signing",
            ErrorKind::RequestBuild => "request_build",
            ErrorKind::Io => "io",
            ErrorKind::Transport => "transport",
            ErrorKind::Verification => "verification",
            ErrorKind::Api => "api",
            ErrorKind::Decode => "decode",
            ErrorKind::RetriesExhausted => "retries_exhausted",
            ErrorKind::Notification => "notification",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The stable kind of this error (for [`Error::RetriesExhausted`], that variant's kind;
    /// [`Error::last_attempt`] gives the final attempt's error).
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Error, ErrorKind};
    /// assert_eq!(Error::Signing.kind(), ErrorKind::Signing);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            Error::Key { .. } => ErrorKind::Key,
            Error::Config { .. } => ErrorKind::Config,
            Error::Random => ErrorKind::Random,
            Error::Signing => ErrorKind::Signing,
            Error::RequestBuild(_) => ErrorKind::RequestBuild,
            Error::Io { .. } => ErrorKind::Io,
            Error::Transport(_) => ErrorKind::Transport,
            Error::Api(_) => ErrorKind::Api,
            Error::Verification(_) => ErrorKind::Verification,
            Error::Decode(_) => ErrorKind::Decode,
            Error::RetriesExhausted { .. } => ErrorKind::RetriesExhausted,
            Error::Notification(_) => ErrorKind::Notification,
        }
    }

    /// Whether sending the same request again — same body, same `out_request_no`, fresh
    /// signature — is safe and may succeed.
    ///
    /// True for 429, 5xx and 202 answers (WeChat Pay: "请稍后使用原参数重试") and for transport
    /// failures, where the outcome is unknown and `out_request_no` makes the retry idempotent.
    /// False for other 4xx, verification, decode, validation and configuration errors.
    ///
    /// ```
    /// # use wechatpay_product_coupon::Error;
    /// assert!(!Error::Random.is_retry_safe());
    /// ```
    pub fn is_retry_safe(&self) -> bool {
        match self {
            Error::Api(e) => e.status == 429 || e.status == 202 || (500..600).contains(&e.status),
            Error::Transport(e) => !matches!(e.kind, TransportErrorKind::BodyTooLarge { .. }),
            Error::RetriesExhausted { last, .. } => last.is_retry_safe(),
            _ => false,
        }
    }

    /// The `Request-ID` WeChat Pay assigned to the exchange, when a response was received
    /// (for retried calls, the last attempt's).
    ///
    /// ```
    /// # use wechatpay_product_coupon::Error;
    /// assert_eq!(Error::Random.request_id(), None);
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        match self.last_attempt() {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Verification(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::Transport(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The error of the final attempt: `last` inside [`Error::RetriesExhausted`], otherwise
    /// this error itself.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Error, ErrorKind};
    /// let err = Error::RetriesExhausted { attempts: 3, last: Box::new(Error::Random) };
    /// assert_eq!(err.last_attempt().kind(), ErrorKind::Random);
    /// assert_eq!(err.attempts(), 3);
    /// ```
    pub fn last_attempt(&self) -> &Error {
        match self {
            Error::RetriesExhausted { last, .. } => last.last_attempt(),
            other => other,
        }
    }

    /// How many attempts the call made (1 unless it was retried).
    ///
    /// ```
    /// # use wechatpay_product_coupon::Error;
    /// assert_eq!(Error::Random.attempts(), 1);
    /// ```
    pub fn attempts(&self) -> u32 {
        match self {
            Error::RetriesExhausted { attempts, .. } => *attempts,
            _ => 1,
        }
    }

    /// The WeChat Pay error answer (status, `code`, `message`, `detail`, `Request-ID`), seeing
    /// through [`Error::RetriesExhausted`]; `None` when no error answer was received.
    ///
    /// ```
    /// # use wechatpay_product_coupon::Error;
    /// # fn handle(err: Error) {
    /// if let Some(api) = err.api_error() {
    ///     eprintln!("HTTP {} {}: {}", api.status, api.code, api.message);
    /// }
    /// # }
    /// ```
    pub fn api_error(&self) -> Option<&ApiError> {
        match self.last_attempt() {
            Error::Api(api) => Some(api.as_ref()),
            _ => None,
        }
    }

    pub(crate) fn invalid(field: impl Into<Cow<'static, str>>, rule: impl Into<String>) -> Self {
        Error::InvalidRequest {
            field: field.into(),
            rule: rule.into(),
        }
    }

    pub(crate) fn key(expected: &'static str, found: impl Into<String>) -> Self {
        Error::Key {
            expected,
            found: found.into(),
        }
    }

    pub(crate) fn config(setting: &'static str, problem: impl Into<String>) -> Self {
        Error::Config {
            setting,
            problem: problem.into(),
        }
    }

    /// The error a [`RateLimiter`](crate::RateLimiter) of your own returns to refuse a call
    /// (e.g. its shared store is down and it fails closed): an [`Error::Config`] naming the
    /// setting `rate_limiter`, not retried.
    ///
    /// ```
    /// use wechatpay_product_coupon::{Error, ErrorKind};
    /// let err = Error::rate_limiter("the shared quota store is unreachable; failing closed");
    /// assert_eq!(err.kind(), ErrorKind::Config);
    /// assert!(err.to_string().contains("rate_limiter"));
    /// assert!(!err.is_retry_safe());
    /// ```
    pub fn rate_limiter(problem: impl Into<String>) -> Self {
        Error::config("rate_limiter", problem)
    }

    /// The whole chain in one line, each cause once: what to print or log for a person.
    /// `Display` alone shows only the outermost error (e.g. `the call failed after 3
    /// attempts`); its causes are behind [`source`](std::error::Error::source).
    ///
    /// ```
    /// # use wechatpay_product_coupon::Error;
    /// # fn demo(client: &wechatpay_product_coupon::Client, req: &wechatpay_product_coupon::api::UseCouponRequest) {
    /// if let Err(e) = client.use_coupon(req) {
    ///     // e.g. "use_coupon: the call failed after 3 attempts: use_coupon: HTTP 500 SYSTEM_ERROR: 系统异常，请稍后重试 (Request-ID …)"
    ///     eprintln!("error: {}", e.report());
    /// }
    /// # }
    /// ```
    pub fn report(&self) -> Report<'_> {
        Report(self)
    }
}

/// The one-line chain of an error and its causes, from [`Error::report`]: each level's
/// message once, joined by `: `.
///
/// ```
/// use wechatpay_product_coupon::error::Report;
/// let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
/// let outer = std::io::Error::new(std::io::ErrorKind::Other, io);
/// assert_eq!(Report::of(&outer).to_string(), "no such file");
/// ```
#[derive(Clone, Copy)]
pub struct Report<'e>(&'e (dyn std::error::Error + 'static));

impl<'e> Report<'e> {
    /// The report of any error, e.g. one wrapping this crate's.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::Report;
    /// let e = std::fmt::Error;
    /// assert_eq!(Report::of(&e).to_string(), e.to_string());
    /// ```
    pub fn of(error: &'e (dyn std::error::Error + 'static)) -> Self {
        Report(error)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.to_string();
        f.write_str(&shown)?;
        let mut next = self.0.source();
        while let Some(cause) = next {
            let text = cause.to_string();
            // A wrapper that already prints its cause's text (std's io::Error does) adds
            // nothing new: show each message once.
            if !shown.contains(&text) {
                write!(f, ": {text}")?;
                shown = text;
            }
            next = cause.source();
        }
        Ok(())
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest { field, rule } => {
                write!(f, "invalid request: field `{field}`: {rule}")
            }
            Error::Key { expected, found } => {
                write!(f, "key loading failed: expected {expected}, found {found}")
            }
            Error::Config { setting, problem } => {
                write!(f, "invalid configuration: `{setting}`: {problem}")
            }
            Error::Random => f.write_str(
                "the operating system's random generator failed; no nonce could be drawn",
            ),
            Error::Signing => f.write_str(
                "the crypto library refused to sign with the merchant private key; \
                 check that the key is a valid RSA key (e.g. `openssl rsa -check -in key.pem`)",
            ),
            Error::RequestBuild(msg) => write!(f, "could not build the HTTP request: {msg}"),
            // The OS error is the source; it is not repeated here.
            Error::Io { context, .. } => write!(f, "local I/O failed while {context}"),
            Error::Transport(e) => e.fmt(f),
            Error::Api(e) => e.fmt(f),
            Error::Verification(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            // The last attempt's error is the source; it is not repeated here.
            Error::RetriesExhausted { attempts, .. } => {
                write!(f, "the call failed after {attempts} attempts")
            }
            Error::Notification(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::RetriesExhausted { last, .. } => Some(last.as_ref()),
            // Detail structs are shown by Display and have no source of their own.
            _ => None,
        }
    }
}

/// Writes ` (Request-ID …)` when there is one.
fn fmt_request_id(f: &mut fmt::Formatter<'_>, request_id: &Option<String>) -> fmt::Result {
    match request_id {
        Some(id) => write!(f, " (Request-ID {id})"),
        None => Ok(()),
    }
}

/// Writes `endpoint: ` when the endpoint is known.
fn fmt_endpoint(f: &mut fmt::Formatter<'_>, endpoint: &'static str) -> fmt::Result {
    if endpoint.is_empty() {
        Ok(())
    } else {
        write!(f, "{endpoint}: ")
    }
}

/// A failed HTTP exchange.
///
/// Its [`kind`](TransportError::kind) tells whether the request may have reached WeChat Pay:
///
/// ```
/// use wechatpay_product_coupon::Error;
///
/// /// Whether a failed call certainly changed nothing at WeChat Pay.
/// fn certainly_not_sent(err: &Error) -> bool {
///     match err.last_attempt() {
///         Error::Transport(t) => t.kind.is_connect_phase(),
///         Error::InvalidRequest { .. } | Error::Config { .. } | Error::Key { .. } => true,
///         _ => false,
///     }
/// }
/// assert!(!certainly_not_sent(&Error::Signing));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// The endpoint called (e.g. `use_coupon`; `call` for the generic call).
    pub endpoint: &'static str,
    /// What failed.
    pub kind: TransportErrorKind,
    /// The underlying error's text.
    pub message: String,
    /// Set when the response head had arrived (e.g. a body over the size limit).
    pub request_id: Option<String>,
}

/// The phase a transport failure happened in; decides whether the request reached the server.
///
/// ```
/// use wechatpay_product_coupon::error::{TimeoutKind, TransportErrorKind};
/// assert!(TransportErrorKind::Timeout(TimeoutKind::Connect).is_connect_phase());
/// // A read timeout: the request was sent, the outcome is unknown.
/// assert!(!TransportErrorKind::Timeout(TimeoutKind::Response).is_connect_phase());
/// assert!(!TransportErrorKind::BodyTooLarge { limit: 4 << 20 }.is_connect_phase());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// DNS, TCP connect or TLS handshake failed: the request never reached the server.
    Connect,
    /// A configured timeout fired; which one tells how far the exchange got.
    Timeout(TimeoutKind),
    /// The connection broke, or the peer spoke malformed HTTP, after the request may have
    /// been sent: the outcome is unknown.
    Io,
    /// The response body exceeded the configured limit (in bytes).
    BodyTooLarge {
        /// The configured limit in bytes.
        limit: u64,
    },
}

impl TransportErrorKind {
    /// Whether the request certainly never reached the server (connect-phase failure).
    ///
    /// ```
    /// # use wechatpay_product_coupon::error::TransportErrorKind;
    /// assert!(TransportErrorKind::Connect.is_connect_phase());
    /// assert!(!TransportErrorKind::Io.is_connect_phase());
    /// ```
    pub fn is_connect_phase(&self) -> bool {
        matches!(
            self,
            TransportErrorKind::Connect
                | TransportErrorKind::Timeout(TimeoutKind::Resolve | TimeoutKind::Connect)
        )
    }
}

/// Which timeout fired.
///
/// ```
/// use wechatpay_product_coupon::error::{TimeoutKind, TransportErrorKind};
/// // Only resolve and connect timeouts fire before the request is sent.
/// let before_sending = [TimeoutKind::Resolve, TimeoutKind::Connect];
/// for kind in [TimeoutKind::Send, TimeoutKind::Response, TimeoutKind::Body, TimeoutKind::Overall] {
///     assert!(!before_sending.contains(&kind));
///     assert!(!TransportErrorKind::Timeout(kind).is_connect_phase());
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Resolving the host name.
    Resolve,
    /// Connecting, including the TLS handshake.
    Connect,
    /// Sending the request head or body.
    Send,
    /// Waiting for the response head.
    Response,
    /// Reading the response body.
    Body,
    /// The overall per-call budget.
    Overall,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_endpoint(f, self.endpoint)?;
        match self.kind {
            TransportErrorKind::Connect => {
                write!(f, "could not connect (request not sent): {}", self.message)?
            }
            TransportErrorKind::Timeout(which) => {
                let what = match which {
                    TimeoutKind::Resolve => "resolve timeout (request not sent)",
                    TimeoutKind::Connect => "connect timeout (request not sent)",
                    TimeoutKind::Send => "send timeout (outcome unknown)",
                    TimeoutKind::Response => {
                        "read timeout waiting for the response (outcome unknown)"
                    }
                    TimeoutKind::Body => "read timeout reading the response body (outcome unknown)",
                    TimeoutKind::Overall => "overall call timeout (outcome unknown)",
                };
                write!(f, "{what}: {}", self.message)?
            }
            TransportErrorKind::Io => write!(
                f,
                "connection failed mid-exchange (outcome unknown): {}",
                self.message
            )?,
            TransportErrorKind::BodyTooLarge { limit } => write!(
                f,
                "response body larger than the configured limit of {limit} bytes"
            )?,
        }
        fmt_request_id(f, &self.request_id)
    }
}

impl std::error::Error for TransportError {}

/// A non-2xx answer from WeChat Pay (or a 202 on a typed call).
///
/// Error bodies are not signed by WeChat Pay, so these fields are informational.
///
/// ```
/// use wechatpay_product_coupon::error::ApiError;
/// let err = ApiError::from_body(
///     "use_coupon",
///     400,
///     r#"{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"use_time"}}"#.as_bytes(),
///     Some("08AAAA".into()),
/// );
/// assert_eq!(err.code, "PARAM_ERROR");
/// assert_eq!(err.detail.as_ref().and_then(|d| d["field"].as_str()), Some("use_time"));
/// assert!(err.to_string().starts_with("use_coupon: WeChat Pay answered HTTP 400 PARAM_ERROR"));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The endpoint called (e.g. `use_coupon`; `call` for the generic call).
    pub endpoint: &'static str,
    /// HTTP status.
    pub status: u16,
    /// The error code, e.g. `PARAM_ERROR`, `NOT_FOUND`; empty when the body had none.
    pub code: String,
    /// The server's message; when the body was not the documented JSON, its first bytes.
    pub message: String,
    /// The free-form `detail` object, when present.
    pub detail: Option<serde_json::Value>,
    /// The `Request-ID` header.
    pub request_id: Option<String>,
}

impl ApiError {
    /// The error of a non-2xx response: `{code, message, detail}` when the body has them,
    /// otherwise the first 200 characters of the body as the message. For callers with
    /// their own HTTP stack.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::ApiError;
    /// let err = ApiError::from_body("use_coupon", 404, br#"{"code":"NOT_FOUND","message":"no"}"#, None);
    /// assert_eq!((err.status, err.code.as_str()), (404, "NOT_FOUND"));
    /// ```
    pub fn from_body(
        endpoint: &'static str,
        status: u16,
        body: &[u8],
        request_id: Option<String>,
    ) -> Self {
        #[derive(serde::Deserialize)]
        struct Body {
            #[serde(default)]
            code: String,
            #[serde(default)]
            message: String,
            #[serde(default)]
            detail: Option<serde_json::Value>,
        }
        let (code, message, detail) = match serde_json::from_slice::<Body>(body) {
            Ok(b) => (b.code, b.message, b.detail),
            Err(_) => {
                let text = String::from_utf8_lossy(body);
                (String::new(), text.chars().take(200).collect(), None)
            }
        };
        ApiError {
            endpoint,
            status,
            code,
            message,
            detail,
            request_id,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_endpoint(f, self.endpoint)?;
        write!(f, "WeChat Pay answered HTTP {}", self.status)?;
        if !self.code.is_empty() {
            write!(f, " {}", self.code)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(detail) = &self.detail {
            write!(f, " detail={detail}")?;
        }
        fmt_request_id(f, &self.request_id)
    }
}

impl std::error::Error for ApiError {}

/// A verified body that does not fit the expected model.
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::ProductCoupon;
/// let err = ProductCoupon::parse(br#"{"product_coupon_id": 13}"#).unwrap_err();
/// assert_eq!(err.model, "ProductCouponEntity");
/// assert!(err.message.contains("expected a string"));
/// assert_eq!(err.request_id, None); // set when the body came from a call
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The model being decoded, e.g. `UserProductCouponEntity`.
    pub model: &'static str,
    /// serde_json's message, with line and column.
    pub message: String,
    /// The `Request-ID` header, when present.
    pub request_id: Option<String>,
}

impl DecodeError {
    /// A decode failure of `model`, e.g. for a body received over your own HTTP stack.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::DecodeError;
    /// let err = DecodeError::new("UserProductCouponEntity", "missing field `coupon_code`", None);
    /// assert!(err.to_string().contains("missing field"));
    /// ```
    pub fn new(
        model: &'static str,
        message: impl Into<String>,
        request_id: Option<String>,
    ) -> Self {
        DecodeError {
            model,
            message: message.into(),
            request_id,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the verified response as {}: {}",
            self.model, self.message
        )?;
        fmt_request_id(f, &self.request_id)
    }
}

impl std::error::Error for DecodeError {}

/// A notification that verified but could not be read: which step failed and why.
///
/// ```
/// use wechatpay_product_coupon::error::{NotificationError, NotificationStep};
/// use wechatpay_product_coupon::{Error, ErrorKind};
/// let err = Error::Notification(NotificationError::new(
///     NotificationStep::Decrypt,
///     "the tag does not match",
///     Some("EV-2018022511223320873".into()),
/// ));
/// assert_eq!(err.kind(), ErrorKind::Notification);
/// assert_eq!(
///     err.to_string(),
///     "notification EV-2018022511223320873: decrypting `resource` failed: the tag does not match"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NotificationError {
    /// The step that failed.
    pub step: NotificationStep,
    /// What was wrong, in words (never key material or decrypted data).
    pub problem: String,
    /// The notification's `id`, when the envelope could be read.
    pub notification_id: Option<String>,
}

impl NotificationError {
    /// A failure at `step`.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::{NotificationError, NotificationStep};
    /// let err = NotificationError::new(NotificationStep::Envelope, "expected a JSON object", None);
    /// assert!(err.to_string().starts_with("notification: reading the envelope failed"));
    /// ```
    pub fn new(step: NotificationStep, problem: impl Into<String>, id: Option<String>) -> Self {
        NotificationError {
            step,
            problem: problem.into(),
            notification_id: id,
        }
    }
}

/// The step of reading a notification that failed, after its signature verified.
///
/// ```
/// use wechatpay_product_coupon::error::NotificationStep;
/// assert_eq!(NotificationStep::Decrypt.as_str(), "decrypt");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NotificationStep {
    /// The body is not the documented JSON envelope (`id`, `event_type`, `resource`, …).
    Envelope,
    /// `resource.algorithm` is not `AEAD_AES_256_GCM`.
    Algorithm,
    /// AES-256-GCM decryption failed: most often the configured APIv3 key is not the one set
    /// in the merchant platform; also a bad nonce length, bad Base64 or a truncated ciphertext.
    Decrypt,
    /// The decrypted payload is not the JSON documented for its event type.
    Payload,
}

impl NotificationStep {
    /// A stable snake_case name: `envelope`, `algorithm`, `decrypt`, `payload`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::error::NotificationStep;
    /// assert_eq!(NotificationStep::Payload.as_str(), "payload");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            NotificationStep::Envelope => "envelope",
            NotificationStep::Algorithm => "algorithm",
            NotificationStep::Decrypt => "decrypt",
            NotificationStep::Payload => "payload",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            NotificationStep::Envelope => "reading the envelope failed",
            NotificationStep::Algorithm => "unsupported `resource.algorithm`",
            NotificationStep::Decrypt => "decrypting `resource` failed",
            NotificationStep::Payload => "reading the decrypted payload failed",
        }
    }
}

impl fmt::Display for NotificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("notification")?;
        if let Some(id) = &self.notification_id {
            write!(f, " {id}")?;
        }
        write!(f, ": {}: {}", self.step.describe(), self.problem)
    }
}

impl std::error::Error for NotificationError {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn codes_are_distinct_and_listed_in_order() {
        let codes: Vec<u32> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ErrorKind::ALL.len());
        assert_eq!(codes, (1..=ErrorKind::ALL.len() as u32).collect::<Vec<_>>());
    }

    /// Every message of a `source()` chain, as anyhow's `{:#}` prints them.
    fn chain(err: &Error) -> Vec<String> {
        let mut out = vec![err.to_string()];
        let mut next = err.source();
        while let Some(e) = next {
            out.push(e.to_string());
            next = e.source();
        }
        out
    }

    #[test]
    fn no_message_of_a_chain_repeats_another() {
        let api = Error::Api(Box::new(ApiError::from_body(
            "use_coupon",
            500,
            br#"{"code":"SYSTEM_ERROR","message":"boom"}"#,
            Some("RID-1".into()),
        )));
        let errors = [
            Error::RetriesExhausted {
                attempts: 3,
                last: Box::new(api),
            },
            Error::Io {
                context: "listening on 127.0.0.1:1".into(),
                source: std::io::Error::new(std::io::ErrorKind::AddrInUse, "address in use"),
            },
        ];
        for err in &errors {
            let messages = chain(err);
            assert!(messages.len() >= 2, "{messages:?}");
            for (i, a) in messages.iter().enumerate() {
                for b in &messages[i + 1..] {
                    assert!(!a.contains(b.as_str()), "{a:?} repeats {b:?}");
                }
            }
        }
    }

    #[test]
    fn accessors_see_through_retries() {
        let err = Error::RetriesExhausted {
            attempts: 2,
            last: Box::new(Error::Api(Box::new(ApiError::from_body(
                "use_coupon",
                503,
                b"not json",
                Some("RID".into()),
            )))),
        };
        assert_eq!(err.kind(), ErrorKind::RetriesExhausted);
        assert_eq!(err.last_attempt().kind(), ErrorKind::Api);
        assert_eq!(err.api_error().map(|a| a.status), Some(503));
        assert_eq!(err.request_id(), Some("RID"));
        assert_eq!(err.attempts(), 2);
        assert!(err.is_retry_safe());
    }
}

//! The one error type of the crate, and the detail types it carries.
//!
//! Every message says what was expected and what was found. None contains key material, a
//! full `Authorization` header or an APIv3 key: the values that can appear are serials, key
//! IDs, header names, HTTP statuses, the server's own `code`/`message`/`detail`, and the
//! `Request-ID` to quote to WeChat Pay support.

use std::borrow::Cow;
use std::fmt;

/// Everything that can go wrong in this crate.
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
        /// What it found instead.
        found: String,
    },
    /// The client configuration is unusable (bad base URL, missing mchid, …).
    Config(String),
    /// The HTTP exchange failed before a complete response was read.
    Transport(TransportError),
    /// WeChat Pay answered with a non-2xx status (or 202, "accepted, not processed").
    Api(ApiError),
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
}

impl Error {
    /// Whether sending the same request again — same body, same `out_request_no`, fresh
    /// signature — is safe and may succeed.
    ///
    /// True for 429, 5xx and 202 answers (WeChat Pay: "请稍后使用原参数重试") and for transport
    /// failures, where the outcome is unknown and `out_request_no` makes the retry idempotent.
    /// False for other 4xx, verification, decode, validation and configuration errors.
    pub fn is_retry_safe(&self) -> bool {
        match self {
            Error::Api(e) => e.status == 429 || e.status == 202 || (500..600).contains(&e.status),
            Error::Transport(e) => !matches!(e.kind, TransportErrorKind::BodyTooLarge { .. }),
            Error::RetriesExhausted { last, .. } => last.is_retry_safe(),
            _ => false,
        }
    }

    /// The `Request-ID` WeChat Pay assigned to the exchange, when a response was received.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Verification(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::Transport(e) => e.request_id.as_deref(),
            Error::RetriesExhausted { last, .. } => last.request_id(),
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
            Error::Config(msg) => write!(f, "invalid configuration: {msg}"),
            Error::Transport(e) => e.fmt(f),
            Error::Api(e) => e.fmt(f),
            Error::Verification(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::RetriesExhausted { attempts, last } => {
                write!(f, "failed after {attempts} attempts; last: {last}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Api(e) => Some(e),
            Error::Verification(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::RetriesExhausted { last, .. } => Some(last.as_ref()),
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

/// A failed HTTP exchange.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// What failed.
    pub kind: TransportErrorKind,
    /// The underlying error's text.
    pub message: String,
    /// Set when the response head had arrived (e.g. a body over the size limit).
    pub request_id: Option<String>,
}

/// The phase a transport failure happened in; decides whether the request reached the server.
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
    pub fn is_connect_phase(&self) -> bool {
        matches!(
            self,
            TransportErrorKind::Connect
                | TransportErrorKind::Timeout(TimeoutKind::Resolve | TimeoutKind::Connect)
        )
    }
}

/// Which timeout fired.
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
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
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

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

/// A 2xx response that failed verification.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerificationError {
    /// What failed.
    pub reason: VerifyFailure,
    /// The `Request-ID` header, when present.
    pub request_id: Option<String>,
}

/// Why a response failed verification.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyFailure {
    /// A required `Wechatpay-*` header is absent.
    MissingHeader(&'static str),
    /// A `Wechatpay-*` header appears more than once.
    DuplicateHeader(&'static str),
    /// A header is present but not usable (not text, not a number, …).
    MalformedHeader {
        /// The header name.
        header: &'static str,
        /// What was wrong.
        problem: String,
    },
    /// `Wechatpay-Timestamp` is outside the accepted window around the local clock.
    TimestampOutOfWindow {
        /// The response's timestamp (Unix seconds).
        server: i64,
        /// The local clock (Unix seconds).
        local: i64,
        /// The window in seconds.
        window: u64,
    },
    /// `Wechatpay-Serial` names no configured public key or platform certificate.
    UnknownSerial {
        /// The serial the response carried.
        received: String,
        /// The serials/IDs this client holds.
        configured: Vec<String>,
    },
    /// `Wechatpay-Signature` is not valid Base64.
    SignatureNotBase64,
    /// A `WECHATPAY/SIGNTEST/` probe: WeChat Pay checking that we verify. Always a failure.
    SignatureProbe,
    /// The RSA signature does not match the timestamp, nonce and body.
    SignatureMismatch {
        /// The serial of the key that was used.
        serial: String,
    },
}

impl fmt::Display for VerifyFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyFailure::MissingHeader(h) => write!(f, "header {h} is missing"),
            VerifyFailure::DuplicateHeader(h) => write!(f, "header {h} appears more than once"),
            VerifyFailure::MalformedHeader { header, problem } => {
                write!(f, "header {header} is malformed: {problem}")
            }
            VerifyFailure::TimestampOutOfWindow {
                server,
                local,
                window,
            } => {
                let skew = local - server;
                let direction = if skew >= 0 { "ahead of" } else { "behind" };
                write!(
                    f,
                    "Wechatpay-Timestamp {server} is outside the {window} s window: the local clock \
                     ({local}) is {} s {direction} the server's; if this repeats, check the local \
                     clock (NTP) before suspecting forgery",
                    skew.unsigned_abs()
                )
            }
            VerifyFailure::UnknownSerial {
                received,
                configured,
            } => write!(
                f,
                "Wechatpay-Serial {received:?} matches no configured key (configured: {})",
                configured.join(", ")
            ),
            VerifyFailure::SignatureNotBase64 => {
                write!(f, "Wechatpay-Signature is not valid Base64")
            }
            VerifyFailure::SignatureProbe => write!(
                f,
                "Wechatpay-Signature is a WECHATPAY/SIGNTEST/ probe (deliberately invalid)"
            ),
            VerifyFailure::SignatureMismatch { serial } => write!(
                f,
                "signature does not match the response (key {serial}): body, timestamp or nonce altered"
            ),
        }
    }
}

impl fmt::Display for VerificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "response verification failed: {}", self.reason)?;
        fmt_request_id(f, &self.request_id)
    }
}

impl std::error::Error for VerificationError {}

/// A verified body that does not fit the expected model.
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

//! [`VerificationError`]: a response (or notification) that failed verification, and why
//! ([`VerifyFailure`]). The verification itself is in `protocol::verify`, which re-exports
//! these types; they live here, with the other errors, so that the error module imports
//! nothing from the layers above it.

use std::fmt;

/// The `endpoint` of a [`VerificationError`] about a notification.
pub const NOTIFICATION_ENDPOINT: &str = "notification";

/// A 2xx response (or a notification) that failed verification.
///
/// ```
/// use wechatpay_product_coupon::verify::{VerificationError, VerifyFailure};
/// use wechatpay_product_coupon::{Error, ErrorKind};
/// let err = Error::Verification(VerificationError::new(
///     "use_coupon",
///     VerifyFailure::SignatureNotBase64,
///     Some("08AB12CD".into()),
/// ));
/// assert_eq!(err.kind(), ErrorKind::Verification);
/// assert_eq!(err.request_id(), Some("08AB12CD"));
/// assert!(!err.is_retry_safe()); // a forged or altered answer is never retried
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerificationError {
    /// The endpoint called (e.g. `use_coupon`; `call` for the generic call).
    pub endpoint: &'static str,
    /// What failed.
    pub reason: VerifyFailure,
    /// The `Request-ID` header, when present.
    pub request_id: Option<String>,
}

impl VerificationError {
    /// Wraps a failure with the endpoint and `Request-ID`, e.g. for a response received over
    /// your own HTTP stack.
    ///
    /// ```
    /// use wechatpay_product_coupon::verify::{VerificationError, VerifyFailure};
    /// let err = VerificationError::new("use_coupon", VerifyFailure::SignatureProbe, None);
    /// assert!(err.to_string().starts_with("use_coupon: response verification failed"));
    /// ```
    pub fn new(endpoint: &'static str, reason: VerifyFailure, request_id: Option<String>) -> Self {
        VerificationError {
            endpoint,
            reason,
            request_id,
        }
    }
}

impl fmt::Display for VerificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Notifications are verified like responses; the message says which one failed.
        match self.endpoint {
            NOTIFICATION_ENDPOINT => f.write_str("notification")?,
            "" => f.write_str("response")?,
            endpoint => write!(f, "{endpoint}: response")?,
        }
        write!(f, " verification failed: {}", self.reason)?;
        if self.endpoint != NOTIFICATION_ENDPOINT {
            // A 2xx answer came back: a write was probably applied (Outcome::Unknown).
            f.write_str(
                "; outcome unknown: a write was probably applied, so resend the same request \
                 (WeChat Pay returns the first answer) or query the coupon",
            )?;
        }
        match &self.request_id {
            Some(id) => write!(f, " (Request-ID {id})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for VerificationError {}

/// Why a response failed verification.
///
/// ```
/// use wechatpay_product_coupon::verify::VerifyFailure;
/// let failure = VerifyFailure::TimestampOutOfWindow { server: 1_754_193_600, local: 1_754_194_200, window: 300 };
/// // The message points at the likely cause.
/// assert!(failure.to_string().contains("is 600 s ahead of the server's"));
/// ```
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
                "signature does not match the response under key {serial}: either the key \
                 configured for {serial} is not WeChat Pay's key for this merchant (check that \
                 the public key file is the one downloaded with that ID from the merchant \
                 platform), or the body, timestamp or nonce were altered in transit"
            ),
        }
    }
}

impl std::error::Error for VerifyFailure {}

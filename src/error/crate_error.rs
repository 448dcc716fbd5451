//! [`Error`], the one error type of the crate: its variants, the accessors that see through
//! retries, its `Display` and its `source()` chain.

use std::borrow::Cow;
use std::fmt;

use super::report::Report;

use super::api::ApiError;
use super::decode::DecodeError;
use super::kind::ErrorKind;
use super::notification::NotificationError;
use super::outcome::Outcome;
use super::transport::{TransportError, TransportErrorKind};
use super::verification::{VerificationError, NOTIFICATION_ENDPOINT};

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
        /// The combined [`Outcome`] of the attempts before the last: [`Outcome::Unknown`] if
        /// any of them may have applied the write. [`Error::outcome`] combines it with the
        /// last attempt's, so an early attempt that may have applied the write is not hidden
        /// by a last attempt that was refused.
        earlier: Outcome,
        /// The last attempt's error (for an API error: status, code, message, Request-ID).
        last: Box<Error>,
    },
    /// A notification's signature verified, but it could not be decrypted or read (a
    /// signature failure is [`Error::Verification`]).
    Notification(NotificationError),
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
    /// Not retry-safe does not mean "not applied": after a verification or decode failure of
    /// a write's answer the write was probably applied. Ask [`Error::outcome`] what the call
    /// did before recording a write as failed.
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

    /// What the failed call did at WeChat Pay, across all its attempts: nothing
    /// ([`Outcome::Local`], [`Outcome::NotSent`], [`Outcome::Refused`]) or possibly the write
    /// ([`Outcome::Unknown`]: resend the same request value, which returns the first answer,
    /// or query the coupon). See [`Outcome`] for the table and the decisions behind it.
    ///
    /// ```
    /// use wechatpay_product_coupon::verify::{VerificationError, VerifyFailure};
    /// use wechatpay_product_coupon::{Error, Outcome};
    /// // A use answered 2xx, but the answer was altered: the coupon was probably used.
    /// let err = Error::Verification(VerificationError::new(
    ///     "use_coupon",
    ///     VerifyFailure::SignatureNotBase64,
    ///     None,
    /// ));
    /// assert!(!err.is_retry_safe()); // not resent automatically …
    /// assert_eq!(err.outcome(), Outcome::Unknown); // … and not failed: resend the same request
    /// ```
    pub fn outcome(&self) -> Outcome {
        match self {
            Error::InvalidRequest { .. }
            | Error::Key { .. }
            | Error::Config { .. }
            | Error::Random
            | Error::Signing
            | Error::RequestBuild(_)
            | Error::Io { .. }
            | Error::Notification(_) => Outcome::Local,
            // A notification is verified locally; nothing was sent.
            Error::Verification(v) if v.endpoint == NOTIFICATION_ENDPOINT => Outcome::Local,
            Error::Transport(t) if t.kind.is_connect_phase() => Outcome::NotSent,
            Error::Transport(_) | Error::Verification(_) | Error::Decode(_) => Outcome::Unknown,
            Error::Api(api) => api.outcome(),
            Error::RetriesExhausted { earlier, last, .. } => earlier.then(last.outcome()),
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
    /// # use wechatpay_product_coupon::Outcome;
    /// let err = Error::RetriesExhausted {
    ///     attempts: 3,
    ///     earlier: Outcome::NotSent,
    ///     last: Box::new(Error::Random),
    /// };
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
    /// use wechatpay_product_coupon::Error;
    /// let err = Error::RetriesExhausted {
    ///     attempts: 3,
    ///     earlier: wechatpay_product_coupon::Outcome::Refused,
    ///     last: Box::new(Error::rate_limiter("the shared quota store is down")),
    /// };
    /// assert!(!err.to_string().contains("quota")); // Display: the outermost error only
    /// let report = err.report().to_string(); // what to print: `eprintln!("error: {}", e.report())`
    /// assert!(report.contains("3 attempts: "));
    /// assert!(report.ends_with("the shared quota store is down"));
    /// ```
    pub fn report(&self) -> Report<'_> {
        Report::of(self)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

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
                earlier: Outcome::Unknown,
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
            earlier: Outcome::NotSent,
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
        assert_eq!(
            err.outcome(),
            Outcome::Unknown,
            "a 503 may have applied the write"
        );
    }

    #[test]
    fn an_earlier_attempt_that_may_have_applied_the_write_is_not_hidden() {
        let refused = || {
            Box::new(Error::Api(Box::new(ApiError::from_body(
                "use_coupon",
                429,
                br#"{"code":"RATELIMIT_EXCEEDED","message":"slow down"}"#,
                None,
            ))))
        };
        let after = |earlier| Error::RetriesExhausted {
            attempts: 2,
            earlier,
            last: refused(),
        };
        assert_eq!(after(Outcome::Unknown).outcome(), Outcome::Unknown);
        assert_eq!(after(Outcome::NotSent).outcome(), Outcome::Refused);
    }
}

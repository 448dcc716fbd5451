//! [`TransportError`]: a failed HTTP exchange, and the phase ([`TransportErrorKind`],
//! [`TimeoutKind`]) that tells whether the request reached WeChat Pay.

use std::fmt;

use super::text::{fmt_endpoint, fmt_request_id};

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
    /// What failed, naming the host and the cause once, e.g. `https://… refused the
    /// connection; check …` or `TLS handshake with https://… failed: invalid peer
    /// certificate: UnknownIssuer, …`.
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

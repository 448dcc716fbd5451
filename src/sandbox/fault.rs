//! [`Fault`]: the ways the sandbox can be told to misbehave, to test clients.

use std::time::Duration;

/// A way to misbehave, for testing clients. Faults queued with [`Sandbox::push_fault`](super::Sandbox::push_fault) apply
/// to one request each, in order; [`Sandbox::set_fault`](super::Sandbox::set_fault) applies to every request.
///
/// ```
/// use wechatpay_product_coupon::sandbox::{seed, Fault, Sandbox};
/// let sandbox = Sandbox::start()?;
/// sandbox.push_fault(Fault::TamperBody);
/// let client = sandbox.client()?;
/// let err = client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?).unwrap_err();
/// assert_eq!(err.kind(), wechatpay_product_coupon::ErrorKind::Verification);
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
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
    /// Process, then answer a correctly signed 200 with this body instead: an answer a real
    /// server could give that the sandbox never would (e.g. a list page whose
    /// `next_page_token` is the token it was asked for).
    Body(String),
    /// Answer a redirect to this URL without processing.
    Redirect(String),
    /// Process, then send a response whose body is `len` bytes of JSON-ish filler (signed).
    HugeBody(usize),
    /// Process, then close the connection half-way through the response body.
    TruncatedBody,
    /// Close the connection without answering, without processing.
    Close,
    /// Process the request (a write is applied), then answer this error status and code
    /// instead of the result: the client sees a failure although the write was made (a
    /// gateway `500 SYSTEM_ERROR` after committing). To test exactly-once handling: the
    /// client's [`Error::outcome`](crate::Error::outcome) is
    /// [`Outcome::Unknown`](crate::Outcome::Unknown) for a 5xx, and resending the same
    /// request value returns the first answer.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Fault, Sandbox};
    /// use wechatpay_product_coupon::{Outcome, RetryPolicy};
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client_builder()?.retry_policy(RetryPolicy::none()).build()?;
    /// let request = seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?;
    /// sandbox.push_fault(Fault::ProcessThenStatus { status: 500, code: "SYSTEM_ERROR" });
    /// let err = client.use_coupon(&request).unwrap_err();
    /// assert_eq!(err.outcome(), Outcome::Unknown);
    /// let state = sandbox.coupon_state(seed::OPENID, seed::COUPON_CODE);
    /// assert_eq!(state.as_deref(), Some("USED")); // applied nonetheless
    /// let first_answer = client.use_coupon(&request)?; // the same request value
    /// assert_eq!(first_answer.parse()?.coupon_state.to_string(), "USED");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    ProcessThenStatus {
        /// HTTP status, e.g. 500.
        status: u16,
        /// Error code, e.g. `SYSTEM_ERROR`.
        code: &'static str,
    },
    /// Process the request (a write is applied), then close the connection without
    /// answering: the client sees a connection failure mid-exchange
    /// ([`Outcome::Unknown`](crate::Outcome::Unknown)) although the write was made.
    ProcessThenClose,
    /// Read the request, never answer (for this long), without processing.
    Hang(Duration),
    /// Process, then send the response one byte at a time with this delay between bytes.
    Trickle(Duration),
}

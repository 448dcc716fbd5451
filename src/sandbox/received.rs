//! [`ReceivedRequest`]: what the sandbox keeps of each request, for tests.

/// How many requests [`Sandbox::received_requests`](super::Sandbox::received_requests) keeps (the most recent ones).
pub const RECEIVED_REQUESTS_KEPT: usize = 1024;

/// A request as the sandbox received it, before any fault or check applied: what a test
/// needs to see that a retry resent the identical body with a fresh signature.
///
/// ```
/// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
/// let sandbox = Sandbox::start()?;
/// sandbox.client()?.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?)?;
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

//! [`Client::with_timeout`]: a view of a client whose calls each end by a deadline shorter
//! (or longer) than the client's own timeout, sharing its connection pool and keys.

use std::time::Duration;

use super::builder::check_timeout;
use super::Client;
use crate::error::Error;

impl Client {
    /// A view of this client whose every call (all its attempts, their waits and the backup
    /// host included) ends within `timeout` of its start: for the one call that must answer
    /// quickly, e.g. a redemption at a checkout, while the client keeps its default for the
    /// others. The view shares the connection pool, keys and rate limiter (it is a clone).
    ///
    /// When the deadline passes, the call fails with a timeout ([`Error::Transport`] with
    /// [`TimeoutKind`](crate::error::TimeoutKind)) — for a write the outcome is then unknown:
    /// resend the same request to learn it. No retry starts past the deadline.
    ///
    /// `timeout` is bounded like [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)
    /// (more than zero, at most 1 hour); outside the bounds this is an
    /// [`Error::Config`] naming `with_timeout`.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// # fn demo(client: &wechatpay_product_coupon::Client, req: &wechatpay_product_coupon::api::UseCouponRequest) -> Result<(), wechatpay_product_coupon::Error> {
    /// let quick = client.with_timeout(Duration::from_secs(2))?;
    /// let used = quick.use_coupon(req)?; // gives up after 2 s, retries included
    /// # Ok(()) }
    /// ```
    pub fn with_timeout(&self, timeout: Duration) -> Result<Client, Error> {
        check_timeout("with_timeout", timeout)?;
        Ok(Client {
            inner: self.inner.clone(),
            call_timeout: Some(timeout),
        })
    }

    /// The per-call deadline of a [`with_timeout`](Self::with_timeout) view; `None` for a
    /// client built by the builder (each exchange then has the client's timeout).
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// assert_eq!(client.with_timeout(Duration::from_secs(2))?.call_timeout(), Some(Duration::from_secs(2)));
    /// # Ok(()) }
    /// ```
    pub fn call_timeout(&self) -> Option<Duration> {
        self.call_timeout
    }
}

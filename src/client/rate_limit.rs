//! Client-side rate limiting: the [`RateLimiter`] trait the client asks before every
//! attempt, and its default implementation, [`LocalRateLimiter`]: per endpoint, shared by
//! every thread (and clone) using one client. It waits rather than fails: each call reserves
//! the next free slot and sleeps until it comes.

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::api::{endpoint_named, ENDPOINTS};
use crate::error::Error;
use crate::protocol::endpoint::Endpoint;

/// Calls per second allowed per endpoint, keyed by the endpoint's identity
/// ([`Endpoint::name`]); `0` or absent means unlimited. The generic
/// [`Client::call`](crate::Client::call) is never limited.
///
/// ```
/// use wechatpay_product_coupon::api::UseCouponRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// use wechatpay_product_coupon::RateLimits;
///
/// // WeChat Pay's documented limits, with use_coupon held lower.
/// let limits = RateLimits::documented().with(UseCouponRequest::ENDPOINT, 100);
/// assert_eq!(limits.get("use_coupon"), Some(100));
/// assert_eq!(limits.get("update_product_coupon"), Some(20));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimits {
    per_second: Vec<(&'static str, u32)>,
}

impl RateLimits {
    /// WeChat Pay's documented per-merchant limit of every typed endpoint
    /// ([`Endpoint::rate_limit`]: 500/s for use and deactivate, 20/s for update).
    ///
    /// ```
    /// # use wechatpay_product_coupon::RateLimits;
    /// let limits = RateLimits::documented();
    /// assert_eq!(limits.get("use_coupon"), Some(500));
    /// assert_eq!(limits.get("update_product_coupon"), Some(20));
    /// assert_eq!(limits, RateLimits::default());
    /// ```
    pub fn documented() -> Self {
        RateLimits {
            per_second: ENDPOINTS.iter().map(|e| (e.name, e.rate_limit)).collect(),
        }
    }

    /// No limit on any endpoint (add some with [`RateLimits::with`]).
    ///
    /// ```
    /// # use wechatpay_product_coupon::RateLimits;
    /// assert_eq!(RateLimits::none().get("use_coupon"), None);
    /// ```
    pub fn none() -> Self {
        RateLimits {
            per_second: Vec::new(),
        }
    }

    /// Sets `endpoint`'s limit in calls per second (`0` = unlimited).
    ///
    /// ```
    /// use wechatpay_product_coupon::api::DeactivateCouponRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// use wechatpay_product_coupon::RateLimits;
    /// let limits = RateLimits::none().with(DeactivateCouponRequest::ENDPOINT, 50);
    /// assert_eq!(limits.get("deactivate_coupon"), Some(50));
    /// assert_eq!(limits.get("use_coupon"), None); // unlimited
    /// ```
    pub fn with(mut self, endpoint: Endpoint, per_second: u32) -> Self {
        self.per_second.retain(|(name, _)| *name != endpoint.name);
        self.per_second.push((endpoint.name, per_second));
        self
    }

    /// Sets a limit by endpoint name, e.g. from a configuration file; unknown names are an
    /// error listing the known ones.
    ///
    /// ```
    /// # use wechatpay_product_coupon::RateLimits;
    /// let limits = RateLimits::none().with_named("deactivate_coupon", 50)?;
    /// assert_eq!(limits.get("deactivate_coupon"), Some(50));
    /// assert!(RateLimits::none().with_named("use", 50).is_err());
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn with_named(self, name: &str, per_second: u32) -> Result<Self, Error> {
        match endpoint_named(name) {
            Some(endpoint) => Ok(self.with(endpoint, per_second)),
            None => Err(Error::config(
                "rate_limits",
                format!(
                    "unknown endpoint {name:?}; known: {}",
                    ENDPOINTS
                        .iter()
                        .map(|e| e.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// The limit of the endpoint called `name`, if one is set.
    ///
    /// ```
    /// # use wechatpay_product_coupon::RateLimits;
    /// let limits = RateLimits::documented().with_named("use_coupon", 0)?;
    /// assert_eq!(limits.get("use_coupon"), Some(0)); // set, and 0 means unlimited
    /// assert_eq!(limits.get("no_such_endpoint"), None);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<u32> {
        self.per_second
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, rate)| *rate)
    }
}

impl Default for RateLimits {
    /// [`RateLimits::documented`].
    fn default() -> Self {
        Self::documented()
    }
}

/// Strict spacing: at `rate` per second, slots are `1/rate` apart, so no one-second window
/// ever holds more than `rate + 1` calls.
struct Schedule {
    interval: Duration,
    next_free: Option<Instant>,
}

impl Schedule {
    fn reserve(&mut self, now: Instant) -> Duration {
        let slot = match self.next_free {
            Some(t) if t > now => t,
            _ => now,
        };
        // An interval too large to add (impossible at >= 1 call/s) just stops spacing.
        self.next_free = slot.checked_add(self.interval);
        slot.saturating_duration_since(now)
    }
}

/// What the client asks before each attempt of a call (retries included), so that calls
/// stay within WeChat Pay's per-merchant quotas. Give one to
/// [`ClientBuilder::rate_limiter`](crate::ClientBuilder::rate_limiter) to replace the
/// default [`LocalRateLimiter`], e.g. with a quota shared by every instance of a service.
///
/// `endpoint` is the registry name ([`Endpoint::name`], e.g. `use_coupon`; `call` for the
/// generic [`Client::call`](crate::Client::call), `download_certificates` for certificate
/// downloads); [`endpoint_named`] gives its documented quota.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use std::time::Duration;
/// use wechatpay_product_coupon::{Error, RateLimiter};
///
/// /// Lets everything through, counting.
/// #[derive(Debug, Default)]
/// struct Counting(AtomicU64);
///
/// impl RateLimiter for Counting {
///     fn reserve(&self, _endpoint: &str) -> Result<Duration, Error> {
///         self.0.fetch_add(1, Ordering::Relaxed);
///         Ok(Duration::ZERO)
///     }
/// }
/// let limiter = Counting::default();
/// assert_eq!(limiter.reserve("use_coupon")?, Duration::ZERO);
/// limiter.throttled("use_coupon"); // the default does nothing
/// # Ok::<(), Error>(())
/// ```
pub trait RateLimiter: Send + Sync + fmt::Debug {
    /// Reserves one attempt of a call to `endpoint` and returns how long to wait before
    /// sending it (zero: now); the client sleeps that long. An error refuses the attempt
    /// (e.g. a shared limiter that fails closed) and ends the call with that error, before
    /// anything is signed or sent.
    fn reserve(&self, endpoint: &str) -> Result<Duration, Error>;

    /// WeChat Pay answered `429 RATELIMIT_EXCEEDED` to `endpoint`: a limiter may slow down.
    /// The default does nothing.
    fn throttled(&self, endpoint: &str) {
        let _ = endpoint;
    }
}

/// A shared limiter: keep one `Arc` to read its state while the client uses another.
impl<T: RateLimiter + ?Sized> RateLimiter for std::sync::Arc<T> {
    fn reserve(&self, endpoint: &str) -> Result<Duration, Error> {
        (**self).reserve(endpoint)
    }

    fn throttled(&self, endpoint: &str) {
        (**self).throttled(endpoint)
    }
}

/// The default [`RateLimiter`]: strict spacing per endpoint within this process, at the
/// rates of a [`RateLimits`] (which [`ClientBuilder::rate_limits`](crate::ClientBuilder::rate_limits)
/// sets).
///
/// ```
/// use std::time::Duration;
/// use wechatpay_product_coupon::{LocalRateLimiter, RateLimiter, RateLimits};
/// let limiter = LocalRateLimiter::new(&RateLimits::documented());
/// assert_eq!(limiter.reserve("update_product_coupon")?, Duration::ZERO);
/// assert!(limiter.reserve("update_product_coupon")? > Duration::from_millis(40)); // 20/s
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub struct LocalRateLimiter {
    schedules: Vec<(&'static str, Mutex<Schedule>)>,
}

impl fmt::Debug for LocalRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limited: Vec<&str> = self.schedules.iter().map(|(name, _)| *name).collect();
        f.debug_struct("LocalRateLimiter")
            .field("limited", &limited)
            .finish()
    }
}

impl RateLimiter for LocalRateLimiter {
    fn reserve(&self, endpoint: &str) -> Result<Duration, Error> {
        Ok(self.reserve_at(endpoint, Instant::now()))
    }
}

impl LocalRateLimiter {
    /// A limiter at `limits`' rates (endpoints at 0 or absent are not limited).
    ///
    /// ```
    /// use wechatpay_product_coupon::{LocalRateLimiter, RateLimits};
    /// let limiter = LocalRateLimiter::new(&RateLimits::none());
    /// assert!(format!("{limiter:?}").contains("limited: []"));
    /// ```
    pub fn new(limits: &RateLimits) -> Self {
        let schedules = limits
            .per_second
            .iter()
            .filter(|(_, rate)| *rate > 0)
            .map(|(name, rate)| {
                let schedule = Schedule {
                    interval: Duration::from_secs(1) / *rate,
                    next_free: None,
                };
                (*name, Mutex::new(schedule))
            })
            .collect();
        LocalRateLimiter { schedules }
    }

    /// Reserves a slot for `endpoint` at `now` and returns how long to wait for it (pure:
    /// no sleeping).
    fn reserve_at(&self, endpoint: &str, now: Instant) -> Duration {
        match self.schedules.iter().find(|(name, _)| *name == endpoint) {
            Some((_, m)) => m.lock().unwrap_or_else(|e| e.into_inner()).reserve(now),
            None => Duration::ZERO,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USE: &str = "use_coupon";
    const DEACTIVATE: &str = "deactivate_coupon";
    const UPDATE: &str = "update_product_coupon";

    #[test]
    fn calls_are_spaced_by_the_rate_and_idle_time_is_not_banked() {
        let limiter = LocalRateLimiter::new(&RateLimits::default());
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        // update: 20/s => 50 ms apart.
        assert_eq!(limiter.reserve_at(UPDATE, t0), ms(0));
        assert_eq!(limiter.reserve_at(UPDATE, t0), ms(50));
        assert_eq!(limiter.reserve_at(UPDATE, t0), ms(100));
        assert_eq!(limiter.reserve_at(UPDATE, t0 + ms(20)), ms(130));
        // After a long idle period the next call goes at once, and only one.
        let later = t0 + Duration::from_secs(5);
        assert_eq!(limiter.reserve_at(UPDATE, later), ms(0));
        assert_eq!(limiter.reserve_at(UPDATE, later), ms(50));
    }

    #[test]
    fn endpoints_have_separate_schedules_and_others_are_unlimited() {
        let limiter = LocalRateLimiter::new(&RateLimits::default());
        let t0 = Instant::now();
        assert_eq!(limiter.reserve_at(USE, t0), Duration::ZERO);
        assert_eq!(limiter.reserve_at(USE, t0), Duration::from_millis(2));
        assert_eq!(limiter.reserve_at(DEACTIVATE, t0), Duration::ZERO);
        for _ in 0..100 {
            assert_eq!(limiter.reserve_at("call", t0), Duration::ZERO);
        }
    }

    #[test]
    fn zero_and_absent_mean_unlimited() {
        let limits = RateLimits::none().with_named(USE, 0);
        let limiter = LocalRateLimiter::new(&limits.unwrap_or_else(|_| RateLimits::none()));
        let t0 = Instant::now();
        for _ in 0..1000 {
            assert_eq!(limiter.reserve_at(USE, t0), Duration::ZERO);
            assert_eq!(limiter.reserve_at(UPDATE, t0), Duration::ZERO);
        }
    }

    #[test]
    fn huge_rates_do_not_panic() {
        let limits = RateLimits::none().with_named(USE, u32::MAX);
        let limiter = LocalRateLimiter::new(&limits.unwrap_or_else(|_| RateLimits::none()));
        let t0 = Instant::now();
        assert_eq!(limiter.reserve_at(USE, t0), Duration::ZERO);
        assert!(limiter.reserve_at(USE, t0) <= Duration::from_nanos(1));
    }

    #[test]
    fn reservations_from_many_threads_never_share_a_slot() {
        let limiter = std::sync::Arc::new(LocalRateLimiter::new(&RateLimits::default()));
        let t0 = Instant::now();
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let l = std::sync::Arc::clone(&limiter);
                std::thread::spawn(move || {
                    (0..50).map(|_| l.reserve_at(USE, t0)).collect::<Vec<_>>()
                })
            })
            .collect();
        let mut waits: Vec<Duration> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect();
        waits.sort();
        let expected: Vec<Duration> = (0..400u32).map(|i| Duration::from_millis(2) * i).collect();
        assert_eq!(waits, expected);
    }
}

//! The gateway's documented per-merchant rate limits: each endpoint allows
//! [`Endpoint::rate_limit`](crate::endpoint::Endpoint::rate_limit) calls per second per
//! service-provider mchid (频率限制, e.g. 500/s for send, confirm, use and deactivate, 20/s
//! for update). Past it the gateway answers `429 RATELIMIT_EXCEEDED` without processing the
//! request. Time is the real monotonic clock ([`Instant`]), never the sandbox's skewable one.
//!
//! How the gateway counts is not documented; the sandbox uses a token bucket per (mchid,
//! endpoint): it holds one second's worth of calls (at least one), starts full, and refills
//! continuously at the rate. So a burst of one second's quota passes, and a client pacing
//! its calls at the documented rate (e.g. the client's own limiter) is never refused.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Instant;

use crate::endpoint::Endpoint;
use crate::error::Error;

/// Whether and how the sandbox enforces the gateway's per-merchant rate limits
/// ([`Sandbox::set_rate_limits`](super::Sandbox::set_rate_limits)); on by default.
///
/// ```
/// use wechatpay_product_coupon::sandbox::RateLimitMode;
/// assert_eq!(RateLimitMode::default(), RateLimitMode::Documented);
/// assert_eq!("off".parse::<RateLimitMode>()?, RateLimitMode::Off);
/// assert_eq!("0.01".parse::<RateLimitMode>()?, RateLimitMode::Scaled(0.01));
/// assert!("fast".parse::<RateLimitMode>().is_err());
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum RateLimitMode {
    /// No limit.
    Off,
    /// The documented limits ([`Endpoint::rate_limit`](crate::endpoint::Endpoint::rate_limit)).
    #[default]
    Documented,
    /// The documented limits times this factor (e.g. `0.01`: 5/s instead of 500/s), to reach
    /// them quickly in tests. A factor that is not a positive finite number means no limit.
    Scaled(f64),
}

impl RateLimitMode {
    /// The calls per second this mode allows `endpoint`, `None` for no limit.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::UseCouponRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// use wechatpay_product_coupon::sandbox::RateLimitMode;
    /// let endpoint = UseCouponRequest::ENDPOINT; // 500/s
    /// assert_eq!(RateLimitMode::Documented.per_second(&endpoint), Some(500.0));
    /// assert_eq!(RateLimitMode::Scaled(0.01).per_second(&endpoint), Some(5.0));
    /// assert_eq!(RateLimitMode::Off.per_second(&endpoint), None);
    /// ```
    pub fn per_second(&self, endpoint: &Endpoint) -> Option<f64> {
        let documented = f64::from(endpoint.rate_limit);
        let rate = match *self {
            RateLimitMode::Off => return None,
            RateLimitMode::Documented => documented,
            RateLimitMode::Scaled(factor) => documented * factor,
        };
        (rate.is_finite() && rate > 0.0).then_some(rate)
    }
}

impl fmt::Display for RateLimitMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateLimitMode::Off => f.write_str("off"),
            RateLimitMode::Documented => f.write_str("documented"),
            RateLimitMode::Scaled(factor) => write!(f, "documented × {factor}"),
        }
    }
}

impl FromStr for RateLimitMode {
    type Err = Error;

    /// `off`, `documented`, or a positive factor such as `0.01`.
    fn from_str(text: &str) -> Result<Self, Error> {
        match text {
            "off" => Ok(RateLimitMode::Off),
            "documented" => Ok(RateLimitMode::Documented),
            _ => match text.parse::<f64>() {
                Ok(factor) if factor.is_finite() && factor > 0.0 => {
                    Ok(RateLimitMode::Scaled(factor))
                }
                _ => Err(Error::config(
                    "rate_limits",
                    format!("{text:?} is not off, documented or a positive factor"),
                )),
            },
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The bucket of one (mchid, endpoint).
#[derive(Debug, Clone, Copy)]
struct Bucket {
    /// Calls it can admit now (fractions accrue between calls).
    tokens: f64,
    /// When `tokens` was last brought up to date.
    updated: Instant,
}

/// The buckets by (mchid, endpoint name).
type Buckets = HashMap<(String, &'static str), Bucket>;

/// The rate limiter of a sandbox: the mode and the buckets.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    state: Mutex<(RateLimitMode, Buckets)>,
}

impl RateLimiter {
    /// Switches to `mode`, with full buckets.
    pub(crate) fn set_mode(&self, mode: RateLimitMode) {
        let mut state = lock(&self.state);
        *state = (mode, HashMap::new());
    }

    /// The mode.
    pub(crate) fn mode(&self) -> RateLimitMode {
        lock(&self.state).0
    }

    /// Whether a call by `mchid` to `endpoint` at `now` is within the limit (and counts it
    /// if so).
    pub(crate) fn admit(&self, mchid: &str, endpoint: &Endpoint, now: Instant) -> bool {
        let mut state = lock(&self.state);
        let Some(rate) = state.0.per_second(endpoint) else {
            return true;
        };
        // One second's worth of calls, at least one.
        let capacity = rate.floor().max(1.0);
        let bucket = state
            .1
            .entry((mchid.to_owned(), endpoint.name))
            .or_insert(Bucket {
                tokens: capacity,
                updated: now,
            });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.updated = bucket.updated.max(now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::endpoint_named;
    use std::time::Duration;

    fn endpoint(name: &str) -> Endpoint {
        endpoint_named(name).unwrap()
    }

    #[test]
    fn documented_limits_count_per_mchid_and_endpoint_per_second() {
        let limiter = RateLimiter::default();
        let update = endpoint("update_product_coupon"); // 20/s
        let start = Instant::now();
        for _ in 0..20 {
            assert!(limiter.admit("1900000001", &update, start));
        }
        assert!(!limiter.admit("1900000001", &update, start));
        // Another mchid, another endpoint: their own quotas.
        assert!(limiter.admit("1900000002", &update, start));
        assert!(limiter.admit("1900000001", &endpoint("get_product_coupon"), start));
        // The bucket refills at 20/s: one call per 50 ms…
        let soon = start + Duration::from_millis(50);
        assert!(limiter.admit("1900000001", &update, soon));
        assert!(!limiter.admit("1900000001", &update, soon));
        // …up to one second's worth.
        let later = start + Duration::from_secs(5);
        assert_eq!(
            (0..30)
                .filter(|_| limiter.admit("1900000001", &update, later))
                .count(),
            20
        );
    }

    #[test]
    fn scaled_limits_below_one_per_second_admit_one_call_at_a_time() {
        let limiter = RateLimiter::default();
        limiter.set_mode(RateLimitMode::Scaled(0.01));
        let update = endpoint("update_product_coupon"); // 0.2/s: one call per 5 s
        let start = Instant::now();
        assert!(limiter.admit("m", &update, start));
        assert!(!limiter.admit("m", &update, start + Duration::from_secs(4)));
        assert!(limiter.admit("m", &update, start + Duration::from_secs(5)));
        let use_coupon = endpoint("use_coupon"); // 5/s
        assert_eq!(
            (0..10)
                .filter(|_| limiter.admit("m", &use_coupon, start))
                .count(),
            5
        );
    }

    #[test]
    fn off_and_non_positive_factors_do_not_limit() {
        let limiter = RateLimiter::default();
        let update = endpoint("update_product_coupon");
        for mode in [
            RateLimitMode::Off,
            RateLimitMode::Scaled(0.0),
            RateLimitMode::Scaled(f64::NAN),
        ] {
            limiter.set_mode(mode);
            let now = Instant::now();
            assert!(
                (0..1000).all(|_| limiter.admit("m", &update, now)),
                "{mode}"
            );
        }
        assert_eq!(limiter.mode().to_string(), "documented × NaN");
    }
}

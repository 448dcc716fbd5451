//! When and how long to wait before resending a request.
//!
//! `out_request_no` is the idempotency key of every write in this API: WeChat Pay answers a
//! repeated `out_request_no` with the first result. A retry therefore resends the identical
//! body bytes (re-signed with a fresh timestamp and nonce) and cannot double a redemption.
//! Only outcomes that say "not processed" or "unknown" are retried: 429, 5xx, 202 and
//! transport failures ([`Error::is_retry_safe`](crate::Error::is_retry_safe)).

use std::time::Duration;

/// How many times, and how patiently, a call is retried.
///
/// Backoff is exponential with full jitter: before attempt `n + 1` the client sleeps a random
/// time in `[0, min(max_backoff, initial_backoff * 2^(n-1))]`. No retry starts once
/// `max_elapsed` would be exceeded by its wait (an attempt already running is bounded by the
/// client's timeouts, not by `max_elapsed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts including the first; 1 means no retry.
    pub max_attempts: u32,
    /// Upper bound of the first backoff.
    pub initial_backoff: Duration,
    /// Upper bound of any backoff.
    pub max_backoff: Duration,
    /// No retry starts after this much time since the first attempt began.
    pub max_elapsed: Duration,
}

impl RetryPolicy {
    /// Never retry.
    pub const fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            max_elapsed: Duration::ZERO,
        }
    }

    /// The backoff before attempt `attempt + 1`, given a uniform random `u32`.
    /// Pure, so tests can check the bounds without sleeping.
    pub fn backoff(&self, attempt: u32, random: u32) -> Duration {
        let shift = attempt.saturating_sub(1).min(20);
        let cap = self
            .initial_backoff
            .saturating_mul(1u32 << shift)
            .min(self.max_backoff);
        let nanos = cap.as_nanos();
        // Full jitter: scale the cap by random / 2^32.
        let jittered = (nanos * u128::from(random)) >> 32;
        Duration::from_nanos(u64::try_from(jittered).unwrap_or(u64::MAX))
    }
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff up to 200 ms then 400 ms (capped at 2 s), at most 10 s in total —
    /// WeChat Pay's guidance is "一般重试2~3次都可以解决问题".
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(2),
            max_elapsed: Duration::from_secs(10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_and_is_capped() {
        let p = RetryPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(500),
            max_elapsed: Duration::from_secs(60),
        };
        let max = u32::MAX;
        assert_eq!(p.backoff(1, 0), Duration::ZERO);
        assert!(p.backoff(1, max) <= Duration::from_millis(100));
        assert!(p.backoff(1, max) > Duration::from_millis(99));
        assert!(p.backoff(2, max) > Duration::from_millis(199));
        assert!(p.backoff(3, max) > Duration::from_millis(399));
        assert!(p.backoff(4, max) <= Duration::from_millis(500));
        assert!(p.backoff(40, max) <= Duration::from_millis(500));
        assert_eq!(p.backoff(2, 1 << 31), Duration::from_millis(100));
    }

    #[test]
    fn none_means_one_attempt() {
        assert_eq!(RetryPolicy::none().max_attempts, 1);
        assert_eq!(RetryPolicy::none().backoff(1, u32::MAX), Duration::ZERO);
    }
}

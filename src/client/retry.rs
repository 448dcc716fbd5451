//! When and how long to wait before resending a request.
//!
//! `out_request_no` is the idempotency key of every write in this API: WeChat Pay answers a
//! repeated `out_request_no` with the first result. A retry therefore resends the identical
//! body bytes (re-signed with a fresh timestamp and nonce) and cannot double a redemption.
//! Only outcomes that say "not processed" or "unknown" are retried: 429, 5xx, 202 and
//! transport failures ([`Error::is_retry_safe`](crate::Error::is_retry_safe)).
//!
//! [`run`] is the retry loop itself, with sleeping, randomness and elapsed time injected
//! ([`RetryEnv`]) so it is tested without a server or a real clock.

use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};

use crate::error::{Error, Outcome};

/// How many times, and how patiently, a call is retried.
///
/// ```
/// use std::time::Duration;
/// use wechatpay_product_coupon::RetryPolicy;
/// let patient = RetryPolicy { max_attempts: 5, max_elapsed: Duration::from_secs(30), ..RetryPolicy::default() };
/// assert_eq!(patient.max_backoff, Duration::from_secs(2));
/// assert_eq!(RetryPolicy::none().max_attempts, 1);
/// ```
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
    ///
    /// ```
    /// # use wechatpay_product_coupon::RetryPolicy;
    /// assert_eq!(RetryPolicy::none().max_attempts, 1);
    /// ```
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
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use wechatpay_product_coupon::RetryPolicy;
    /// let p = RetryPolicy::default();
    /// assert_eq!(p.backoff(1, 0), Duration::ZERO);
    /// assert!(p.backoff(2, u32::MAX) <= Duration::from_millis(400));
    /// ```
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

    /// Checks that the policy can be followed: at least one attempt, and waits no longer than
    /// an hour (larger values are almost certainly a unit mistake, and `Duration::MAX` would
    /// overflow the clock arithmetic).
    pub(crate) fn check(&self) -> Result<(), Error> {
        const HOUR: Duration = Duration::from_secs(3600);
        if self.max_attempts == 0 {
            return Err(Error::config(
                "retry_policy",
                "max_attempts must be at least 1 (1 = no retry; use RetryPolicy::none())",
            ));
        }
        for (name, value) in [
            ("initial_backoff", self.initial_backoff),
            ("max_backoff", self.max_backoff),
            ("max_elapsed", self.max_elapsed),
        ] {
            if value > HOUR {
                return Err(Error::config(
                    "retry_policy",
                    format!("{name} must be at most 1 hour, found {value:?}"),
                ));
            }
        }
        Ok(())
    }
}

/// What the retry loop needs from the world: randomness for jitter, sleeping, and time
/// elapsed since the first attempt. The client uses [`SystemEnv`]; tests use a fake.
pub(crate) trait RetryEnv {
    /// A uniform random `u32` (a failed draw may return anything: it only loses jitter).
    fn random_u32(&mut self) -> u32;
    /// Waits.
    fn sleep(&mut self, wait: Duration);
    /// Time since the first attempt started.
    fn elapsed(&self) -> Duration;
}

/// The real world: ring's `SystemRandom`, `thread::sleep`, `Instant`.
pub(crate) struct SystemEnv<'r> {
    rng: &'r SystemRandom,
    started: Instant,
}

impl<'r> SystemEnv<'r> {
    pub(crate) fn new(rng: &'r SystemRandom) -> Self {
        SystemEnv {
            rng,
            started: Instant::now(),
        }
    }
}

impl RetryEnv for SystemEnv<'_> {
    fn random_u32(&mut self) -> u32 {
        let mut bytes = [0u8; 4];
        // A failed draw only loses jitter, never correctness.
        let _ = self.rng.fill(&mut bytes);
        u32::from_le_bytes(bytes)
    }

    fn sleep(&mut self, wait: Duration) {
        std::thread::sleep(wait);
    }

    fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// Runs `attempt` (given its 1-based number) until it succeeds, fails with an error
/// `retryable` rejects, or `policy` is spent. After more than one attempt the error is
/// [`Error::RetriesExhausted`].
pub(crate) fn run<T>(
    policy: &RetryPolicy,
    retryable: impl Fn(&Error) -> bool,
    env: &mut impl RetryEnv,
    mut attempt: impl FnMut(u32) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut n = 1;
    // What the failed attempts before the current one may have done ("nothing" so far).
    let mut earlier = Outcome::Local;
    loop {
        let err = match attempt(n) {
            Ok(value) => return Ok(value),
            Err(err) => err,
        };
        let wait = if n < policy.max_attempts && retryable(&err) {
            let wait = policy.backoff(n, env.random_u32());
            env.elapsed()
                .checked_add(wait)
                .is_some_and(|end| end <= policy.max_elapsed)
                .then_some(wait)
        } else {
            None
        };
        match wait {
            Some(wait) => {
                env.sleep(wait);
                earlier = earlier.then(err.outcome());
                n += 1;
            }
            None if n == 1 => return Err(err),
            None => {
                return Err(Error::RetriesExhausted {
                    attempts: n,
                    earlier,
                    last: Box::new(err),
                })
            }
        }
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

    /// A fake world: records sleeps, advances a fake clock by them (plus `per_attempt`).
    struct FakeEnv {
        sleeps: Vec<Duration>,
        now: Duration,
        random: u32,
    }

    impl RetryEnv for FakeEnv {
        fn random_u32(&mut self) -> u32 {
            self.random
        }
        fn sleep(&mut self, wait: Duration) {
            self.sleeps.push(wait);
            self.now += wait;
        }
        fn elapsed(&self) -> Duration {
            self.now
        }
    }

    fn fake() -> FakeEnv {
        FakeEnv {
            sleeps: Vec::new(),
            now: Duration::ZERO,
            random: u32::MAX,
        }
    }

    fn policy(max_attempts: u32) -> RetryPolicy {
        RetryPolicy {
            max_attempts,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            max_elapsed: Duration::from_secs(10),
        }
    }

    /// An attempt that fails with a retry-safe error `failures` times, then succeeds.
    fn flaky(failures: u32, calls: &mut u32) -> impl FnMut(u32) -> Result<u32, Error> + '_ {
        move |n| {
            *calls += 1;
            assert_eq!(n, *calls, "attempts are numbered from 1");
            if n <= failures {
                Err(Error::Random)
            } else {
                Ok(n)
            }
        }
    }

    #[test]
    fn succeeds_after_retryable_failures_sleeping_between_attempts() {
        let (mut env, mut calls) = (fake(), 0);
        let result = run(&policy(3), |_| true, &mut env, flaky(2, &mut calls));
        assert_eq!(result.ok(), Some(3));
        assert_eq!(env.sleeps.len(), 2);
        assert!(env.sleeps[1] > env.sleeps[0], "{:?}", env.sleeps);
    }

    #[test]
    fn exhausting_the_attempts_wraps_the_last_error() {
        let (mut env, mut calls) = (fake(), 0);
        let err = run(&policy(3), |_| true, &mut env, flaky(9, &mut calls)).err();
        assert!(matches!(
            err,
            Some(Error::RetriesExhausted { attempts: 3, .. })
        ));
        assert_eq!(calls, 3);
    }

    #[test]
    fn a_non_retryable_first_error_is_returned_as_is() {
        let (mut env, mut calls) = (fake(), 0);
        let err = run(&policy(3), |_| false, &mut env, flaky(9, &mut calls)).err();
        assert!(matches!(err, Some(Error::Random)));
        assert_eq!((calls, env.sleeps.len()), (1, 0));
    }

    #[test]
    fn no_retry_starts_past_max_elapsed() {
        let (mut env, mut calls) = (fake(), 0);
        env.now = Duration::from_millis(9_950);
        let err = run(&policy(3), |_| true, &mut env, flaky(9, &mut calls)).err();
        assert!(matches!(err, Some(Error::Random)), "{err:?}");
        assert_eq!(calls, 1);
    }

    #[test]
    fn huge_durations_neither_panic_nor_retry() {
        let p = RetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            max_elapsed: Duration::MAX,
        };
        let (mut env, mut calls) = (fake(), 0);
        env.now = Duration::MAX;
        let err = run(&p, |_| true, &mut env, flaky(9, &mut calls)).err();
        assert!(matches!(err, Some(Error::Random)));
        assert!(p.check().is_err());
        assert!(RetryPolicy::default().check().is_ok());
    }

    #[test]
    fn none_means_one_attempt() {
        assert_eq!(RetryPolicy::none().max_attempts, 1);
        assert_eq!(RetryPolicy::none().backoff(1, u32::MAX), Duration::ZERO);
    }
}

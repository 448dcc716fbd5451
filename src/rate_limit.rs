//! An optional client-side rate limiter, per endpoint, shared by every thread (and clone)
//! using one client. It waits rather than fails: each call reserves the next free slot and
//! sleeps until it comes.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Calls per second allowed per endpoint; `0` means unlimited. The defaults are WeChat Pay's
/// documented per-merchant limits: 500/s for use and deactivate, 20/s for update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// 核销 (use).
    pub use_coupon: u32,
    /// 失效 (deactivate).
    pub deactivate_coupon: u32,
    /// 修改 (update).
    pub update_product_coupon: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            use_coupon: 500,
            deactivate_coupon: 500,
            update_product_coupon: 20,
        }
    }
}

/// The endpoints the limiter knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    UseCoupon,
    DeactivateCoupon,
    UpdateProductCoupon,
    /// The generic call: not limited.
    Other,
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
        self.next_free = Some(slot + self.interval);
        slot - now
    }
}

/// One schedule per limited endpoint.
pub(crate) struct RateLimiter {
    schedules: [Option<Mutex<Schedule>>; 3],
    /// Slots handed out, per endpoint (lets tests prove every call went through the limiter).
    #[cfg(test)]
    reserved: [std::sync::atomic::AtomicU64; 3],
}

impl RateLimiter {
    pub(crate) fn new(limits: RateLimits) -> Self {
        let schedule = |per_sec: u32| {
            (per_sec > 0).then(|| {
                Mutex::new(Schedule {
                    interval: Duration::from_secs(1) / per_sec,
                    next_free: None,
                })
            })
        };
        RateLimiter {
            schedules: [
                schedule(limits.use_coupon),
                schedule(limits.deactivate_coupon),
                schedule(limits.update_product_coupon),
            ],
            #[cfg(test)]
            reserved: Default::default(),
        }
    }

    /// Reserves a slot at `now` and returns how long to wait for it (pure: no sleeping).
    pub(crate) fn reserve(&self, endpoint: Endpoint, now: Instant) -> Duration {
        let index = match endpoint {
            Endpoint::UseCoupon => 0,
            Endpoint::DeactivateCoupon => 1,
            Endpoint::UpdateProductCoupon => 2,
            Endpoint::Other => return Duration::ZERO,
        };
        #[cfg(test)]
        self.reserved[index].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        match &self.schedules[index] {
            Some(m) => m.lock().unwrap_or_else(|e| e.into_inner()).reserve(now),
            None => Duration::ZERO,
        }
    }

    /// Waits for a slot.
    pub(crate) fn acquire(&self, endpoint: Endpoint) {
        let wait = self.reserve(endpoint, Instant::now());
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }
}

#[cfg(all(test, feature = "sandbox"))]
impl RateLimiter {
    /// Slots reserved so far for `endpoint` (test-only).
    pub(crate) fn reserved(&self, endpoint: Endpoint) -> u64 {
        let index = match endpoint {
            Endpoint::UseCoupon => 0,
            Endpoint::DeactivateCoupon => 1,
            Endpoint::UpdateProductCoupon => 2,
            Endpoint::Other => return 0,
        };
        self.reserved[index].load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_spaced_by_the_rate_and_idle_time_is_not_banked() {
        let limiter = RateLimiter::new(RateLimits::default());
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        // update: 20/s => 50 ms apart.
        assert_eq!(limiter.reserve(Endpoint::UpdateProductCoupon, t0), ms(0));
        assert_eq!(limiter.reserve(Endpoint::UpdateProductCoupon, t0), ms(50));
        assert_eq!(limiter.reserve(Endpoint::UpdateProductCoupon, t0), ms(100));
        assert_eq!(
            limiter.reserve(Endpoint::UpdateProductCoupon, t0 + ms(20)),
            ms(130)
        );
        // After a long idle period the next call goes at once, and only one.
        let later = t0 + Duration::from_secs(5);
        assert_eq!(limiter.reserve(Endpoint::UpdateProductCoupon, later), ms(0));
        assert_eq!(
            limiter.reserve(Endpoint::UpdateProductCoupon, later),
            ms(50)
        );
    }

    #[test]
    fn endpoints_have_separate_schedules_and_other_is_unlimited() {
        let limiter = RateLimiter::new(RateLimits::default());
        let t0 = Instant::now();
        assert_eq!(limiter.reserve(Endpoint::UseCoupon, t0), Duration::ZERO);
        assert_eq!(
            limiter.reserve(Endpoint::UseCoupon, t0),
            Duration::from_millis(2)
        );
        assert_eq!(
            limiter.reserve(Endpoint::DeactivateCoupon, t0),
            Duration::ZERO
        );
        for _ in 0..100 {
            assert_eq!(limiter.reserve(Endpoint::Other, t0), Duration::ZERO);
        }
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(RateLimits {
            use_coupon: 0,
            ..RateLimits::default()
        });
        let t0 = Instant::now();
        for _ in 0..1000 {
            assert_eq!(limiter.reserve(Endpoint::UseCoupon, t0), Duration::ZERO);
        }
    }

    #[test]
    fn reservations_from_many_threads_never_share_a_slot() {
        let limiter = std::sync::Arc::new(RateLimiter::new(RateLimits::default()));
        let t0 = Instant::now();
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let l = std::sync::Arc::clone(&limiter);
                std::thread::spawn(move || {
                    (0..50)
                        .map(|_| l.reserve(Endpoint::UseCoupon, t0))
                        .collect::<Vec<_>>()
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

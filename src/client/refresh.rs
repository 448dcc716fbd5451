//! [`CertificateRefresh`]: the optional certificate refresh on an unknown serial happens at
//! most once per interval, so a forged serial cannot make the client download on every call.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// When the client last refreshed on its own, so that it does so at most once per interval.
pub(super) struct CertificateRefresh {
    min_interval: Duration,
    last: Mutex<Option<Instant>>,
}

impl CertificateRefresh {
    pub(super) fn new(min_interval: Duration) -> Self {
        CertificateRefresh {
            min_interval,
            last: Mutex::new(None),
        }
    }

    /// Takes the refresh slot if the interval has passed since the last one.
    pub(super) fn claim(&self) -> bool {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let due = last.is_none_or(|at| at.elapsed() >= self.min_interval);
        if due {
            *last = Some(Instant::now());
        }
        due
    }
}

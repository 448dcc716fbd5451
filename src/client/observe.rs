//! Observing calls: one [`Attempt`] per HTTP exchange, given to the observer set with
//! [`ClientBuilder::observer`](crate::ClientBuilder::observer) and written as one `debug` line
//! through the [`log`] facade; retries are logged at `info`, a failover to the backup host at
//! `warn`.
//!
//! What is logged is chosen so that a log never holds a secret: the endpoint's name, method
//! and path *template* (never the filled path, whose segments are user IDs), the host role,
//! the status or failure kind, the `Request-ID`, the attempt number and the time taken. No
//! header (so no `Authorization` and no signature), no key, and no body unless
//! [`ClientBuilder::log_bodies`](crate::ClientBuilder::log_bodies) asks for them.
//!
//! ```
//! use wechatpay_product_coupon::observe::{Attempt, Outcome};
//! /// A failure worth an alert: no answer, or an answer that did not verify.
//! fn alarming(a: &Attempt<'_>) -> bool {
//!     matches!(a.outcome, Outcome::Transport(_) | Outcome::Unverified { .. })
//! }
//! # let _ = alarming;
//! ```

use std::cell::{Cell, RefCell};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::transport::Received;
use crate::error::{Error, TransportErrorKind};
use crate::protocol::endpoint::Method;
use crate::protocol::headers;

/// The observer of every attempt ([`ClientBuilder::observer`](crate::ClientBuilder::observer)).
pub(crate) type Observer = Arc<dyn Fn(&Attempt<'_>) + Send + Sync>;

/// How much of a body [`ClientBuilder::log_bodies`](crate::ClientBuilder::log_bodies) writes
/// to one log line; the rest is counted, not shown.
const LOGGED_BODY_LIMIT: usize = 4096;

/// The observability settings of a client, set on its builder.
#[derive(Clone, Default)]
pub(crate) struct Observability {
    pub(crate) observer: Option<Observer>,
    pub(crate) log_bodies: bool,
}

impl fmt::Debug for Observability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Observability")
            .field("observer", &self.observer.is_some())
            .field("log_bodies", &self.log_bodies)
            .finish()
    }
}

/// Which host an attempt went to.
///
/// ```
/// use wechatpay_product_coupon::observe::Host;
/// assert_eq!(Host::Backup.to_string(), "backup");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Host {
    /// The base URL ([`ClientBuilder::base_url`](crate::ClientBuilder::base_url)).
    Primary,
    /// The backup host, tried within the same attempt when the primary could not be reached
    /// ([`ClientBuilder::backup_base_url`](crate::ClientBuilder::backup_base_url)).
    Backup,
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Host::Primary => "primary",
            Host::Backup => "backup",
        })
    }
}

/// How one attempt ended.
///
/// ```
/// use wechatpay_product_coupon::error::TransportErrorKind;
/// use wechatpay_product_coupon::observe::Outcome;
/// assert_eq!(Outcome::Status(429).to_string(), "status 429");
/// assert_eq!(Outcome::Unverified { status: 200 }.to_string(), "status 200, unverified");
/// assert!(Outcome::Transport(TransportErrorKind::Connect).to_string().starts_with("transport error"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// An answer with this status: a verified 2xx, or a non-2xx error answer (which the
    /// client does not verify: it is never taken as a success).
    Status(u16),
    /// A 2xx answer that was refused: its signature, timestamp or (for a certificate
    /// download) contents did not verify.
    Unverified {
        /// The answer's status.
        status: u16,
    },
    /// No complete answer: the exchange failed at the transport level.
    Transport(TransportErrorKind),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Status(status) => write!(f, "status {status}"),
            Outcome::Unverified { status } => write!(f, "status {status}, unverified"),
            Outcome::Transport(kind) => write!(f, "transport error {kind:?}"),
        }
    }
}

/// One HTTP exchange of a call, as given to the observer: enough to count calls by endpoint
/// and outcome, time them, and find them in WeChat Pay's records by `Request-ID`.
///
/// A call makes one attempt per try of its retry policy; an attempt whose primary host could
/// not be reached is observed twice, once per host (same `attempt` number). Certificate
/// downloads (`download_certificates`) and every page of
/// [`Client::user_coupon_pages`](crate::Client::user_coupon_pages) are observed too.
///
/// ```
/// use wechatpay_product_coupon::observe::{Attempt, Host, Outcome};
/// fn describe(a: &Attempt<'_>) -> String {
///     format!("{} #{} on {}: {} in {:?}", a.endpoint, a.attempt, a.host, a.outcome, a.elapsed)
/// }
/// # let _ = describe;
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The endpoint's name, e.g. `use_coupon` (`call` for [`Client::call`](crate::Client::call),
    /// `download_certificates` for the platform-certificate download).
    pub endpoint: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The endpoint's path template (e.g. `…/users/{openid}/coupons/{coupon_code}/use`), never
    /// the filled path; `None` for [`Client::call`](crate::Client::call), whose path is the
    /// caller's.
    pub path: Option<&'static str>,
    /// The attempt number within the call, from 1.
    pub attempt: u32,
    /// The host it went to.
    pub host: Host,
    /// How it ended.
    pub outcome: Outcome,
    /// The time the exchange took (sending and reading the whole answer; not the rate
    /// limiter's wait, the backoff, or verification).
    pub elapsed: Duration,
    /// WeChat Pay's `Request-ID` of the answer, when one arrived.
    pub request_id: Option<&'a str>,
}

/// A 2xx answer waiting for its verification before it is observed.
struct Pending {
    host: Host,
    status: u16,
    elapsed: Duration,
    request_id: Option<String>,
}

/// The observation state of one call, handed through its attempts by the call path
/// (`handle.rs`); the logic is here.
pub(super) struct Trace<'c> {
    settings: &'c Observability,
    /// The endpoint's name (also used for errors and the rate limiter).
    pub(super) endpoint: &'static str,
    method: Method,
    path: Option<&'static str>,
    attempt: Cell<u32>,
    /// The outcome of the previous exchange, for the retry and failover log lines.
    last: Cell<Option<Outcome>>,
    pending: RefCell<Option<Pending>>,
}

impl<'c> Trace<'c> {
    pub(super) fn new(
        settings: &'c Observability,
        endpoint: &'static str,
        method: Method,
        path: Option<&'static str>,
    ) -> Self {
        Trace {
            settings,
            endpoint,
            method,
            path,
            attempt: Cell::new(1),
            last: Cell::new(None),
            pending: RefCell::new(None),
        }
    }

    /// Attempt `n` (from 1) starts; a retry is logged at `info` with what it follows.
    pub(super) fn begin(&self, n: u32) {
        self.flush();
        self.attempt.set(n);
        if n > 1 {
            let after = self.last.get().map(|o| o.to_string());
            log::info!(
                "{}: retrying, attempt {n}, after {}",
                self.endpoint,
                after.as_deref().unwrap_or("an error before sending")
            );
        }
    }

    /// Runs one exchange with `host` (at `base`), observes it (a 2xx only once it has been
    /// verified: see [`verified`](Self::verified)) and returns its result. Trying the backup
    /// host is logged at `warn`.
    pub(super) fn exchange(
        &self,
        host: Host,
        base: &str,
        signed_body: &[u8],
        send: impl FnOnce() -> Result<Received, Error>,
    ) -> Result<Received, Error> {
        if host == Host::Backup {
            let why = self.last.get().map(|o| o.to_string());
            log::warn!(
                "{}: attempt {}: the primary host could not be reached ({}); trying the backup host {base}",
                self.endpoint,
                self.attempt.get(),
                why.as_deref().unwrap_or("no answer"),
            );
        }
        if self.settings.log_bodies && !signed_body.is_empty() {
            log::debug!("{} request body: {}", self.endpoint, Shown(signed_body));
        }
        let started = Instant::now();
        let result = send();
        let elapsed = started.elapsed();
        match &result {
            Ok(received) => {
                let request_id = received
                    .headers
                    .get(headers::REQUEST_ID)
                    .and_then(|v| v.to_str().ok());
                if self.settings.log_bodies {
                    log::debug!(
                        "{} response body (status {}): {}",
                        self.endpoint,
                        received.status,
                        Shown(&received.body)
                    );
                }
                if (200..300).contains(&received.status) {
                    *self.pending.borrow_mut() = Some(Pending {
                        host,
                        status: received.status,
                        elapsed,
                        request_id: request_id.map(str::to_owned),
                    });
                } else {
                    self.emit(host, Outcome::Status(received.status), elapsed, request_id);
                }
            }
            Err(Error::Transport(t)) => {
                let outcome = Outcome::Transport(t.kind);
                self.emit(host, outcome, elapsed, t.request_id.as_deref());
            }
            // Nothing was exchanged (the request could not be built).
            Err(_) => {}
        }
        result
    }

    /// The 2xx answer of the last exchange was verified (`ok`) or refused: observes it.
    pub(super) fn verified(&self, ok: bool) {
        if let Some(p) = self.pending.borrow_mut().take() {
            let outcome = if ok {
                Outcome::Status(p.status)
            } else {
                Outcome::Unverified { status: p.status }
            };
            self.emit(p.host, outcome, p.elapsed, p.request_id.as_deref());
        }
    }

    /// Observes a 2xx answer whose verification never ran, so that no exchange goes unseen.
    fn flush(&self) {
        if let Some(p) = self.pending.borrow_mut().take() {
            self.emit(
                p.host,
                Outcome::Status(p.status),
                p.elapsed,
                p.request_id.as_deref(),
            );
        }
    }

    /// Logs one attempt at `debug` and hands it to the observer.
    fn emit(&self, host: Host, outcome: Outcome, elapsed: Duration, request_id: Option<&str>) {
        self.last.set(Some(outcome));
        let attempt = Attempt {
            endpoint: self.endpoint,
            method: self.method,
            path: self.path,
            attempt: self.attempt.get(),
            host,
            outcome,
            elapsed,
            request_id,
        };
        log::debug!(
            "{} {} {} attempt={} host={} outcome=\"{}\" request_id={} elapsed={:?}",
            attempt.endpoint,
            attempt.method.as_str(),
            attempt.path.unwrap_or("(path of Client::call)"),
            attempt.attempt,
            attempt.host,
            attempt.outcome,
            attempt.request_id.unwrap_or("-"),
            attempt.elapsed,
        );
        if let Some(observer) = &self.settings.observer {
            observer(&attempt);
        }
    }
}

impl Drop for Trace<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

/// A body for a log line: lossy UTF-8, cut at [`LOGGED_BODY_LIMIT`] bytes.
struct Shown<'a>(&'a [u8]);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.0.get(..LOGGED_BODY_LIMIT).unwrap_or(self.0);
        f.write_str(&String::from_utf8_lossy(shown))?;
        if shown.len() < self.0.len() {
            write!(f, "… ({} bytes in all)", self.0.len())?;
        }
        Ok(())
    }
}

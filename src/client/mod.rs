//! The blocking client (feature `client`): one generic call path that validates, encodes
//! once, rate-limits, retries, signs, sends, verifies.
//!
//! ```text
//! Client::use_coupon(&req) ─┐  (one method per registered endpoint, from the registry)
//! Client::execute(&req) ◄───┘  req.encode()  (validate, target + body, once)      protocol
//!   ├─ retry::run ─ per attempt: RateLimiter::reserve(endpoint)                    client
//!   │    └─ send_signed: timestamp + nonce → RequestSigner::authorization          protocol
//!   │         └─ transport::send (primary, then backup on connect failure)        client (ureq)
//!   │              └─ non-2xx: ApiError (a 202 is verified, then retried)
//!   └─ once, for the answer that ended the loop: verify::verify_response (the key
//!      refresh on an unknown serial, shared with notifications) → Verified<R::Response>
//! ```
//!
//! | module | what it holds |
//! | --- | --- |
//! | `handle` | [`Client`] and its generic call path ([`Client::execute`], [`Client::call`]) |
//! | `endpoints` | the typed methods, one per registered endpoint, expanded from the registry |
//! | `builder` | [`ClientBuilder`]: settings, their checks, [`ClientBuilder::from_env`] |
//! | `call_timeout` | [`Client::with_timeout`]: a view with a per-call deadline |
//! | `transport` | base URL rules, the ureq agent, request headers, error mapping |
//! | `tls` | which TLS failures mean "not sent", and Mozilla's roots beside extra roots |
//! | `retry` | [`RetryPolicy`] and the retry loop |
//! | `rate_limit` | [`RateLimits`] and the per-endpoint limiter |
//! | `response` | [`RawResponse`], [`Verified`] |
//! | `batches` | the batch helpers: lists longer than one call takes, split into calls of 200, answers merged |
//! | `pages` | [`Pages`] ([`UserCouponPages`], [`StockPages`], [`AssociatedStorePages`]): a list endpoint's pages, fetched lazily |
//! | `certificates` | platform-certificate download and installation, and the one refresh step on an unknown serial |
//! | `refresh` | the optional refresh's once-per-interval rule |
//! | `observe` | [`observe::Attempt`] for the observer hook, and the `log` lines of every attempt, retry and failover |

mod batches;
mod builder;
mod call_timeout;
mod certificates;
mod endpoints;
mod handle;
pub mod observe;
mod pages;
mod rate_limit;
mod refresh;
mod response;
mod retry;
pub(crate) mod tls;
mod transport;

pub use builder::{
    ClientBuilder, BACKUP_BASE_URL, DEFAULT_BASE_URL, DEFAULT_BODY_LIMIT, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT, ENV_VARS, MAX_TIMEOUT, MAX_TIMESTAMP_WINDOW_SECS,
    MIN_TIMEOUT,
};
pub use handle::Client;
use handle::{Clock, Inner};
pub use pages::{AssociatedStorePages, Pages, StockPages, UserCouponPages};
pub use rate_limit::{LocalRateLimiter, RateLimiter, RateLimits};
pub use response::{RawResponse, Verified};
pub use retry::RetryPolicy;
pub use transport::USER_AGENT;

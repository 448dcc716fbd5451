//! [`ClientBuilder`]: every setting of a [`Client`], checked once in
//! [`ClientBuilder::build`] so that no setting can make a later call panic or always fail.
//!
//! | file | what it holds |
//! | --- | --- |
//! | `mod.rs` | [`ClientBuilder`], its defaults, [`Client::builder`] |
//! | `settings.rs` | the setters, one per setting |
//! | `observability.rs` | the observer hook and body logging ([`crate::observe`]) |
//! | `env.rs` | [`ClientBuilder::from_env`] and [`ENV_VARS`] |
//! | `network.rs` | the network settings: proxy and extra root certificates |
//! | `validate.rs` | [`ClientBuilder::build`]: every setting checked, then the client assembled |
//! | `pages.rs` | [`ClientBuilder::max_pages`]: the cap on [`Client::user_coupon_pages`] |

mod env;
mod network;
mod observability;
mod pages;
mod settings;
mod validate;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::client::observe::Observability;
use crate::client::rate_limit::{RateLimiter, RateLimits};
use crate::client::retry::RetryPolicy;
use crate::client::{Client, Clock};
use crate::protocol::aead::ApiV3Key;
use crate::protocol::keys::{MerchantPrivateKey, VerifierKeys};
use crate::protocol::verify;

pub use env::ENV_VARS;
pub use pages::DEFAULT_MAX_PAGES;
pub(crate) use validate::check_timeout;

/// The production host (nearest access point).
pub const DEFAULT_BASE_URL: &str = "https://api.mch.weixin.qq.com";
/// The documented backup host (remote access point).
pub const BACKUP_BASE_URL: &str = "https://api2.mch.weixin.qq.com";
/// Default limit on a response body.
pub const DEFAULT_BODY_LIMIT: u64 = 4 * 1024 * 1024;
/// Default connect timeout (DNS, TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default overall timeout of one HTTP exchange.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The shortest [`timeout`](ClientBuilder::timeout) and
/// [`connect_timeout`](ClientBuilder::connect_timeout) accepted: 100 ms. Below that, even a
/// loopback TLS handshake or a signed answer can take longer, so every call would time out.
pub const MIN_TIMEOUT: Duration = Duration::from_millis(100);
/// The longest [`timeout`](ClientBuilder::timeout) and
/// [`connect_timeout`](ClientBuilder::connect_timeout) accepted: 1 hour. One exchange with
/// WeChat Pay taking longer means something is wrong (and `Duration::MAX` would overflow the
/// clock arithmetic of the HTTP stack).
pub const MAX_TIMEOUT: Duration = Duration::from_secs(3600);
/// The widest [`timestamp_window`](ClientBuilder::timestamp_window) accepted: 900 s
/// (15 minutes). The gateway refuses requests more than 5 minutes off its clock, and the
/// official SDKs refuse answers 5 minutes off (the default window, 300 s); three times that
/// leaves room for a skewed clock, while a wider window would accept a recorded answer
/// replayed long after it was signed (`u64::MAX` would switch the check off).
pub const MAX_TIMESTAMP_WINDOW_SECS: u64 = 900;

fn system_clock() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Configures a [`Client`]. Nothing is checked or sent until [`ClientBuilder::build`].
///
/// ```no_run
/// use std::time::Duration;
/// use wechatpay_product_coupon::{Client, MerchantPrivateKey, RateLimits, RetryPolicy, WechatPayPublicKey};
/// # fn main() -> Result<(), wechatpay_product_coupon::Error> {
/// let client = Client::builder()
///     .mchid("1900000001")
///     .merchant_serial("5A4E44424F58000000000000000000000001")
///     .private_key(MerchantPrivateKey::from_pem_file("apiclient_key.pem")?)
///     .wechatpay_public_key(WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0114…", "pub_key.pem")?)
///     .timeout(Duration::from_secs(10))
///     .retry_policy(RetryPolicy::default())
///     .rate_limits(RateLimits::documented())
///     .build()?;
/// # Ok(()) }
/// ```
#[must_use]
pub struct ClientBuilder {
    mchid: Option<String>,
    serial: Option<String>,
    key: Option<MerchantPrivateKey>,
    keys: VerifierKeys,
    base_url: String,
    backup: Backup,
    retry: RetryPolicy,
    rate_limits: Option<RateLimits>,
    limiter: Option<Arc<dyn RateLimiter>>,
    connect_timeout: Duration,
    timeout: Duration,
    body_limit: u64,
    window_secs: u64,
    clock: Clock,
    apiv3_key: Option<ApiV3Key>,
    refresh_interval: Option<Duration>,
    network: network::NetworkSettings,
    max_pages: u32,
    observe: Observability,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("mchid", &self.mchid)
            .field("serial", &self.serial)
            .field("key", &self.key)
            .field("keys", &self.keys)
            .field("base_url", &self.base_url)
            .field("apiv3_key", &self.apiv3_key)
            .field("refresh_interval", &self.refresh_interval)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    ///
    /// ```
    /// # use wechatpay_product_coupon::Client;
    /// let err = Client::builder().build().unwrap_err();
    /// assert!(err.to_string().contains("mchid"));
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }
}

/// Which backup host to use.
enum Backup {
    /// The documented backup host when the primary is the documented host.
    Auto,
    /// None.
    Off,
    /// This one.
    Url(String),
}

impl ClientBuilder {
    pub(super) fn new() -> Self {
        ClientBuilder {
            mchid: None,
            serial: None,
            key: None,
            keys: VerifierKeys::new(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            backup: Backup::Auto,
            retry: RetryPolicy::default(),
            rate_limits: None,
            limiter: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            body_limit: DEFAULT_BODY_LIMIT,
            window_secs: verify::DEFAULT_WINDOW_SECS,
            clock: Arc::new(system_clock),
            apiv3_key: None,
            refresh_interval: None,
            network: network::NetworkSettings::default(),
            max_pages: DEFAULT_MAX_PAGES,
            observe: Observability::default(),
        }
    }
}

#[cfg(test)]
mod tests;

//! [`ClientBuilder`]: every setting of a [`Client`], checked once in
//! [`ClientBuilder::build`] so that no setting can make a later call panic or always fail.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use ring::rand::SystemRandom;

use super::rate_limit::{LocalRateLimiter, RateLimiter, RateLimits};
use super::refresh::CertificateRefresh;
use super::retry::RetryPolicy;
use super::transport::{self, BaseUrl};
use super::{Client, Clock, Inner};
use crate::error::Error;
use crate::protocol::aead::ApiV3Key;
use crate::protocol::keys::{
    MerchantPrivateKey, PlatformCertificate, VerifierKeys, WechatPayPublicKey,
};
use crate::protocol::signing::RequestSigner;
use crate::protocol::verify;

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
/// The longest timeout accepted: one exchange with WeChat Pay taking longer means something
/// is wrong (and `Duration::MAX` would overflow the clock arithmetic of the HTTP stack).
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

/// The environment variables [`ClientBuilder::from_env`] reads: `(name, required, meaning)`.
pub const ENV_VARS: [(&str, bool, &str); 7] = [
    (
        "WECHATPAY_BASE_URL",
        false,
        "base URL (default https://api.mch.weixin.qq.com)",
    ),
    ("WECHATPAY_MCHID", true, "service provider merchant ID"),
    (
        "WECHATPAY_MCH_SERIAL",
        true,
        "merchant API certificate serial (hex)",
    ),
    (
        "WECHATPAY_PRIVATE_KEY",
        true,
        "path of the merchant private key PEM",
    ),
    (
        "WECHATPAY_PUBLIC_KEY_ID",
        true,
        "WeChat Pay public key ID (PUB_KEY_ID_…)",
    ),
    (
        "WECHATPAY_PUBLIC_KEY",
        true,
        "path of the WeChat Pay public key PEM",
    ),
    (
        "WECHATPAY_APIV3_KEY",
        false,
        "APIv3 key (32 bytes): decrypts notifications and certificate downloads",
    ),
];

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

    /// A client configured from the `WECHATPAY_*` environment variables
    /// ([`ClientBuilder::from_env`]).
    ///
    /// ```no_run
    /// let client = wechatpay_product_coupon::Client::from_env()?;
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
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
        }
    }

    /// A builder configured from the environment ([`ENV_VARS`]): `WECHATPAY_MCHID`,
    /// `WECHATPAY_MCH_SERIAL`, `WECHATPAY_PRIVATE_KEY` (path to PEM),
    /// `WECHATPAY_PUBLIC_KEY_ID`, `WECHATPAY_PUBLIC_KEY` (path to PEM), and optionally
    /// `WECHATPAY_BASE_URL`. Keys are loaded here; a missing variable is an error naming it.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let client = wechatpay_product_coupon::ClientBuilder::from_env()?
    ///     .timeout(Duration::from_secs(10))
    ///     .build()?;
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] over any source of variables.
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &'static str| {
            lookup(name).filter(|v| !v.is_empty()).ok_or_else(|| {
                Error::config(
                    name,
                    format!(
                        "environment variable {name} is not set; set all of {}",
                        ENV_VARS
                            .iter()
                            .filter(|(_, required, _)| *required)
                            .map(|(n, _, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
        };
        let mut builder = ClientBuilder::new()
            .mchid(var("WECHATPAY_MCHID")?)
            .merchant_serial(var("WECHATPAY_MCH_SERIAL")?)
            .private_key(MerchantPrivateKey::from_pem_file(Path::new(&var(
                "WECHATPAY_PRIVATE_KEY",
            )?))?)
            .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
                var("WECHATPAY_PUBLIC_KEY_ID")?,
                Path::new(&var("WECHATPAY_PUBLIC_KEY")?),
            )?);
        // Unset means production; set but empty is a mistake, never silently production.
        match lookup("WECHATPAY_BASE_URL") {
            None => {}
            Some(url) if url.trim().is_empty() => {
                return Err(Error::config(
                    "WECHATPAY_BASE_URL",
                    "is set but empty; unset it for the production host or give a URL",
                ))
            }
            Some(url) => builder = builder.base_url(url),
        }
        match lookup("WECHATPAY_APIV3_KEY") {
            None => {}
            Some(key) if key.is_empty() => {
                return Err(Error::config(
                    "WECHATPAY_APIV3_KEY",
                    "is set but empty; unset it or give the 32-byte APIv3 key",
                ))
            }
            Some(key) => builder = builder.apiv3_key(ApiV3Key::new(key)?),
        }
        Ok(builder)
    }

    /// The service provider's merchant ID (服务商商户号). Required.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let key = MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?;
    /// # let public_key = WechatPayPublicKey::from_pem_file(
    /// #     "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #     format!("{dir}/wechatpay_public_key.pem"),
    /// # )?;
    /// let err = Client::builder()
    ///     .mchid("mch-1900000001") // must be digits only: refused by `build`
    ///     .merchant_serial("5A4E44424F58000000000000000000000001")
    ///     .private_key(key)
    ///     .wechatpay_public_key(public_key)
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "mchid", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn mchid(mut self, mchid: impl Into<String>) -> Self {
        self.mchid = Some(mchid.into());
        self
    }

    /// The merchant API certificate serial (hex). Required.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let key = MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?;
    /// # let public_key = WechatPayPublicKey::from_pem_file(
    /// #     "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #     format!("{dir}/wechatpay_public_key.pem"),
    /// # )?;
    /// let err = Client::builder()
    ///     .mchid("1900000001")
    ///     .merchant_serial("serial-1") // must be hex: refused by `build`
    ///     .private_key(key)
    ///     .wechatpay_public_key(public_key)
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "merchant_serial", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn merchant_serial(mut self, serial: impl Into<String>) -> Self {
        self.serial = Some(serial.into());
        self
    }

    /// The merchant API private key. Required.
    ///
    /// ```
    /// use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem");
    /// let key = MerchantPrivateKey::from_pem_file(path)?; // e.g. apiclient_key.pem
    /// let builder = Client::builder().private_key(key);
    ///
    /// // Without one, `build` names the missing setting.
    /// let err = Client::builder().mchid("1900000001").merchant_serial("5A4E").build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "private_key", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn private_key(mut self, key: MerchantPrivateKey) -> Self {
        self.key = Some(key);
        self
    }

    /// The WeChat Pay public key (public-key mode). Its ID is sent as `Wechatpay-Serial`, so
    /// WeChat Pay signs responses with it.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let key = MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?;
    /// # let public_key = WechatPayPublicKey::from_pem_file(
    /// #     "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #     format!("{dir}/wechatpay_public_key.pem"),
    /// # )?;
    /// assert_eq!(public_key.id(), "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001");
    /// let client = Client::builder()
    ///     .mchid("1900000001")
    ///     .merchant_serial("5A4E44424F58000000000000000000000001")
    ///     .private_key(key)
    ///     .wechatpay_public_key(public_key) // verifies responses; its ID goes out as Wechatpay-Serial
    ///     .base_url("http://127.0.0.1:9")
    ///     .build()?;
    /// # Ok::<(), Error>(())
    /// ```
    pub fn wechatpay_public_key(mut self, key: WechatPayPublicKey) -> Self {
        self.keys = self.keys.with_public_key(key);
        self
    }

    /// A WeChat Pay platform certificate (certificate mode); may be combined with the public
    /// key during a migration. Without a public key, no `Wechatpay-Serial` is sent and
    /// WeChat Pay signs responses with its platform certificate.
    ///
    /// ```
    /// use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey, PlatformCertificate};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let key = MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?;
    /// let cert = PlatformCertificate::from_pem_file(format!("{dir}/wechatpay_platform_certificate.pem"))?;
    /// assert_eq!(cert.serial(), "5A4E44424F58000000000000000000000002");
    /// let client = Client::builder()
    ///     .mchid("1900000001")
    ///     .merchant_serial("5A4E44424F58000000000000000000000001")
    ///     .private_key(key)
    ///     .platform_certificate(cert) // certificate mode: no public key configured
    ///     .base_url("http://127.0.0.1:9")
    ///     .build()?;
    /// # Ok::<(), Error>(())
    /// ```
    pub fn platform_certificate(mut self, cert: PlatformCertificate) -> Self {
        self.keys = self.keys.with_certificate(cert);
        self
    }

    /// The base URL, default [`DEFAULT_BASE_URL`]. `https://` anything, or `http://` to a
    /// loopback host (127.0.0.0/8, `[::1]`, `localhost`) for the sandbox and tests.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// // `configured()`: a builder with mchid, serial, keys and a loopback base URL set.
    /// let client = configured()?.base_url("http://127.0.0.1:9/").build()?;
    /// assert_eq!(client.base_url(), "http://127.0.0.1:9"); // a trailing `/` is dropped
    ///
    /// // Plain http is refused for any other host.
    /// let err = configured()?.base_url("http://api.mch.weixin.qq.com").build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "base_url", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The backup host tried when the primary cannot be reached (DNS, TCP connect or TLS
    /// handshake failed, so the request never left). By default this is
    /// [`BACKUP_BASE_URL`] when the base URL is [`DEFAULT_BASE_URL`], and none otherwise.
    /// Same URL rules as [`ClientBuilder::base_url`].
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// // `configured()`: a builder with mchid, serial, keys and a loopback base URL set.
    /// let client = configured()?.backup_base_url("http://127.0.0.2:9").build()?;
    ///
    /// let err = configured()?.backup_base_url("ftp://127.0.0.2").build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "backup_base_url", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn backup_base_url(mut self, url: impl Into<String>) -> Self {
        self.backup = Backup::Url(url.into());
        self
    }

    /// Never fail over to a backup host.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// // `configured()`: a builder with mchid, serial, keys and a loopback base URL set.
    /// // Production host, but never the documented backup host.
    /// let client = configured()?
    ///     .base_url(wechatpay_product_coupon::DEFAULT_BASE_URL)
    ///     .no_backup()
    ///     .build()?;
    /// assert_eq!(client.base_url(), "https://api.mch.weixin.qq.com");
    /// # Ok::<(), Error>(())
    /// ```
    pub fn no_backup(mut self) -> Self {
        self.backup = Backup::Off;
        self
    }

    /// How failed calls are retried, default [`RetryPolicy::default`] (3 attempts);
    /// [`RetryPolicy::none`] switches retries off.
    ///
    /// ```
    /// use wechatpay_product_coupon::RetryPolicy;
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// // `configured()`: a builder with mchid, serial, keys and a loopback base URL set.
    /// let client = configured()?.retry_policy(RetryPolicy::none()).build()?;
    ///
    /// // A policy that could never make an attempt is refused.
    /// let never = RetryPolicy { max_attempts: 0, ..RetryPolicy::default() };
    /// let err = configured()?.retry_policy(never).build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "retry_policy", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Enables the client-side rate limiter (off by default), shared by all threads and
    /// clones of the client. Calls wait for a slot rather than fail.
    ///
    /// ```
    /// use wechatpay_product_coupon::RateLimits;
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// // `configured()`: a builder with mchid, serial, keys and a loopback base URL set.
    /// // The documented limits, with update held at 5 calls per second.
    /// let limits = RateLimits::documented().with_named("update_product_coupon", 5)?;
    /// let client = configured()?.rate_limits(limits).build()?;
    /// # Ok::<(), Error>(())
    /// ```
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.rate_limits = Some(limits);
        self
    }

    /// Uses `limiter` for every attempt of every call instead of the built-in
    /// [`LocalRateLimiter`] (and instead of [`rate_limits`](Self::rate_limits)): e.g. a quota
    /// shared by every instance of a service. See [`RateLimiter`].
    ///
    /// ```
    /// use std::time::Duration;
    /// use wechatpay_product_coupon::{Error, RateLimiter};
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// /// One call every 100 ms, whatever the endpoint.
    /// #[derive(Debug, Default)]
    /// struct Slow(std::sync::Mutex<Option<std::time::Instant>>);
    /// impl RateLimiter for Slow {
    ///     fn reserve(&self, _endpoint: &str) -> Result<Duration, Error> {
    ///         let mut last = self.0.lock().unwrap_or_else(|e| e.into_inner());
    ///         let now = std::time::Instant::now();
    ///         let next = last.map_or(now, |t| (t + Duration::from_millis(100)).max(now));
    ///         *last = Some(next);
    ///         Ok(next - now)
    ///     }
    /// }
    /// let client = configured()?.rate_limiter(Slow::default()).build()?;
    /// # Ok::<(), Error>(())
    /// ```
    pub fn rate_limiter(mut self, limiter: impl RateLimiter + 'static) -> Self {
        self.limiter = Some(Arc::new(limiter));
        self
    }

    /// Connect timeout (DNS, TCP, TLS), default 5 s; more than 0 and at most 1 hour.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// // `configured()`: a builder with mchid, serial, keys and a loopback base URL set.
    /// let client = configured()?.connect_timeout(Duration::from_secs(2)).build()?;
    ///
    /// let err = configured()?.connect_timeout(Duration::ZERO).build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "connect_timeout", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Overall timeout of one HTTP exchange including the body, default 30 s; more than 0
    /// and at most 1 hour.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// // `configured()`: a builder with mchid, serial, keys and a loopback base URL set.
    /// let client = configured()?.timeout(Duration::from_secs(10)).build()?;
    ///
    /// let err = configured()?.timeout(Duration::from_secs(2 * 3600)).build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "timeout", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Response body size limit in bytes, default 4 MiB; at least 1.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// // `configured()`: a builder with mchid, serial, keys and a loopback base URL set.
    /// let client = configured()?.body_limit(64 * 1024).build()?;
    ///
    /// let err = configured()?.body_limit(0).build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "body_limit", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn body_limit(mut self, bytes: u64) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Accepted response timestamp skew in seconds, default 300 (as the official SDKs); at
    /// least 1.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// // `configured()`: a builder with mchid, serial, keys and a loopback base URL set.
    /// let client = configured()?.timestamp_window(120).build()?;
    ///
    /// let err = configured()?.timestamp_window(0).build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "timestamp_window", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn timestamp_window(mut self, secs: u64) -> Self {
        self.window_secs = secs;
        self
    }

    /// Replaces the clock (Unix seconds) used for request timestamps and the response
    /// window.
    ///
    /// ```
    /// # use wechatpay_product_coupon::Client;
    /// let builder = Client::builder().clock(|| 1_754_193_600);
    /// ```
    pub fn clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The APIv3 key (APIv3密钥): needed by [`Client::parse_notification`] and the platform
    /// certificate download. It never appears in `Debug` or errors.
    ///
    /// With an APIv3 key, a client may also be built without any verification key, to
    /// bootstrap certificate mode: call [`Client::refresh_platform_certificates`] first (or
    /// enable [`refresh_certificates`](Self::refresh_certificates)).
    ///
    /// ```
    /// use wechatpay_product_coupon::aead::ApiV3Key;
    /// use wechatpay_product_coupon::Client;
    /// let builder = Client::builder().apiv3_key(ApiV3Key::new("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")?);
    /// assert!(!format!("{builder:?}").contains("a7cde1"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn apiv3_key(mut self, key: ApiV3Key) -> Self {
        self.apiv3_key = Some(key);
        self
    }

    /// Off by default. When on, a response signed under a serial the client does not know
    /// makes it download the platform certificates (`GET /v3/certificates`, verified as
    /// [`Client::download_platform_certificates`] says), add them, and verify the response
    /// again; at most once per `min_interval` (at least 1 s), so a forged serial cannot make
    /// it download on every call. Never done in `build`. Requires
    /// [`apiv3_key`](Self::apiv3_key).
    ///
    /// ```
    /// use std::time::Duration;
    /// use wechatpay_product_coupon::{aead::ApiV3Key, Client, Error, MerchantPrivateKey};
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// let builder = || -> Result<_, Error> {
    ///     Ok(Client::builder()
    ///         .mchid("1900000001")
    ///         .merchant_serial("5A4E44424F58000000000000000000000001")
    ///         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    ///         .base_url("http://127.0.0.1:9")) // nothing is downloaded by `build`
    /// };
    /// // Certificate mode, bootstrapped: no certificate yet, the APIv3 key fetches them.
    /// let client = builder()?
    ///     .apiv3_key(ApiV3Key::new("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")?)
    ///     .refresh_certificates(Duration::from_secs(60))
    ///     .build()?;
    /// let err = builder()?.refresh_certificates(Duration::from_secs(60)).build().unwrap_err();
    /// assert!(matches!(err, Error::Config { .. })); // no key at all
    /// # Ok::<(), Error>(())
    /// ```
    pub fn refresh_certificates(mut self, min_interval: Duration) -> Self {
        self.refresh_interval = Some(min_interval);
        self
    }

    /// Checks the configuration and builds the client. Nothing is sent.
    ///
    /// Every setting that would make calls fail or panic is refused here with an error
    /// naming it: a missing mchid, serial, private key or verification key; a bad base URL;
    /// zero or over-an-hour timeouts; a zero body limit or timestamp window; a retry policy
    /// with zero attempts or waits over an hour.
    ///
    /// ```
    /// use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// let client = Client::builder()
    ///     .mchid("1900000001")
    ///     .merchant_serial("5A4E44424F58000000000000000000000001")
    ///     .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    ///     .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    ///         "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    ///         format!("{dir}/wechatpay_public_key.pem"),
    ///     )?)
    ///     .base_url("http://127.0.0.1:9") // nothing is sent by `build`
    ///     .build()?;
    /// assert_eq!(client.base_url(), "http://127.0.0.1:9");
    ///
    /// // A missing setting is named in the error.
    /// let err = Client::builder().mchid("1900000001").build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "merchant_serial", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let mchid = self.mchid.ok_or_else(|| {
            Error::config("mchid", "is required: the service provider's merchant ID")
        })?;
        let serial = self.serial.ok_or_else(|| {
            Error::config(
                "merchant_serial",
                "is required: the merchant API certificate serial",
            )
        })?;
        let key = self.key.ok_or_else(|| {
            Error::config(
                "private_key",
                "is required: the merchant API private key (apiclient_key.pem)",
            )
        })?;
        if self.keys.is_empty() && self.apiv3_key.is_none() {
            return Err(Error::config(
                "wechatpay_public_key",
                "a WeChat Pay public key (or platform certificate) is required to verify \
                 responses; in certificate mode, an APIv3 key lets the client download them",
            ));
        }
        let refresh = match self.refresh_interval {
            None => None,
            Some(_) if self.apiv3_key.is_none() => {
                return Err(Error::config(
                    "refresh_certificates",
                    "needs the APIv3 key (`apiv3_key`) to decrypt the downloaded certificates",
                ))
            }
            Some(interval) if interval < Duration::from_secs(1) => {
                return Err(Error::config(
                    "refresh_certificates",
                    format!("the minimum interval must be at least 1 s, found {interval:?}"),
                ))
            }
            Some(interval) => Some(CertificateRefresh::new(interval)),
        };
        check_timeout("connect_timeout", self.connect_timeout)?;
        check_timeout("timeout", self.timeout)?;
        if self.body_limit == 0 {
            return Err(Error::config(
                "body_limit",
                "must be at least 1 byte (every response would be too large); the default is 4 MiB",
            ));
        }
        if self.window_secs == 0 {
            return Err(Error::config(
                "timestamp_window",
                "must be at least 1 second (every response would be outside it); the default is 300",
            ));
        }
        self.retry.check()?;
        let base = BaseUrl::parse("base_url", &self.base_url)?;
        let backup = match self.backup {
            Backup::Off => None,
            Backup::Url(url) => Some(BaseUrl::parse("backup_base_url", &url)?),
            Backup::Auto if base.as_str() == DEFAULT_BASE_URL => {
                Some(BaseUrl::parse("backup_base_url", BACKUP_BASE_URL)?)
            }
            Backup::Auto => None,
        };
        let agent = transport::agent(&base, backup.as_ref(), self.connect_timeout, self.timeout);
        Ok(Client {
            inner: Arc::new(Inner {
                agent,
                signer: RequestSigner::new(mchid, serial, key)?,
                keys: std::sync::RwLock::new(Arc::new(self.keys)),
                apiv3_key: self.apiv3_key,
                refresh,
                base_url: base.as_str().to_owned(),
                backup_url: backup.map(|b| b.as_str().to_owned()),
                retry: self.retry,
                limiter: self.limiter.clone().or_else(|| {
                    let local = LocalRateLimiter::new(self.rate_limits.as_ref()?);
                    Some(Arc::new(local) as Arc<dyn RateLimiter>)
                }),
                rng: SystemRandom::new(),
                window_secs: self.window_secs,
                body_limit: self.body_limit,
                clock: self.clock,
            }),
        })
    }
}

fn check_timeout(setting: &'static str, value: Duration) -> Result<(), Error> {
    if value.is_zero() {
        return Err(Error::config(
            setting,
            "must be more than zero (every call would time out at once)",
        ));
    }
    if value > MAX_TIMEOUT {
        return Err(Error::config(
            setting,
            format!("must be at most 1 hour, found {value:?}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const KEY: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/sandbox/test_keys/merchant_private_key.pem"
    );
    const PUB: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/sandbox/test_keys/wechatpay_public_key.pem"
    );

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    const FULL: [(&str, &str); 6] = [
        ("WECHATPAY_BASE_URL", "http://127.0.0.1:9"),
        ("WECHATPAY_MCHID", "1900000001"),
        (
            "WECHATPAY_MCH_SERIAL",
            "5A4E44424F58000000000000000000000001",
        ),
        ("WECHATPAY_PRIVATE_KEY", KEY),
        (
            "WECHATPAY_PUBLIC_KEY_ID",
            "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
        ),
        ("WECHATPAY_PUBLIC_KEY", PUB),
    ];

    #[test]
    fn from_env_reads_every_documented_variable() {
        let client = ClientBuilder::from_lookup(env(&FULL)).and_then(ClientBuilder::build);
        let client = client.map_err(|e| e.to_string());
        assert_eq!(
            client.as_ref().map(|c| c.base_url()),
            Ok("http://127.0.0.1:9")
        );
        let debug = format!("{client:?}");
        assert!(debug.contains("1900000001") && debug.contains("PUB_KEY_ID_0000SANDBOX"));
    }

    #[test]
    fn from_env_names_the_missing_variable_and_defaults_the_base_url() {
        let without_mchid: Vec<_> = FULL
            .iter()
            .copied()
            .filter(|(n, _)| *n != "WECHATPAY_MCHID")
            .collect();
        let err = ClientBuilder::from_lookup(env(&without_mchid)).err();
        assert!(
            matches!(
                err,
                Some(Error::Config {
                    setting: "WECHATPAY_MCHID",
                    ..
                })
            ),
            "{err:?}"
        );
        let without_url: Vec<_> = FULL
            .iter()
            .copied()
            .filter(|(n, _)| *n != "WECHATPAY_BASE_URL")
            .collect();
        let empty_url: Vec<_> = without_url
            .iter()
            .copied()
            .chain([("WECHATPAY_BASE_URL", "")])
            .collect();
        let err = ClientBuilder::from_lookup(env(&empty_url)).err();
        assert!(
            matches!(
                err,
                Some(Error::Config {
                    setting: "WECHATPAY_BASE_URL",
                    ..
                })
            ),
            "{err:?}"
        );
        let client = ClientBuilder::from_lookup(env(&without_url)).and_then(ClientBuilder::build);
        assert_eq!(
            client.map(|c| c.base_url().to_owned()).ok().as_deref(),
            Some(DEFAULT_BASE_URL)
        );
    }

    fn sandbox_builder() -> ClientBuilder {
        ClientBuilder::from_lookup(env(&FULL)).unwrap_or_else(|_| ClientBuilder::new())
    }

    fn refused(builder: ClientBuilder) -> Option<&'static str> {
        match builder.build() {
            Err(Error::Config { setting, .. }) => Some(setting),
            _ => None,
        }
    }

    #[test]
    fn settings_that_would_fail_or_panic_every_call_are_refused_by_name() {
        assert_eq!(
            refused(sandbox_builder().timeout(Duration::MAX)),
            Some("timeout")
        );
        assert_eq!(
            refused(sandbox_builder().connect_timeout(Duration::MAX)),
            Some("connect_timeout")
        );
        assert_eq!(
            refused(sandbox_builder().timeout(Duration::ZERO)),
            Some("timeout")
        );
        assert_eq!(
            refused(sandbox_builder().connect_timeout(Duration::ZERO)),
            Some("connect_timeout")
        );
        assert_eq!(refused(sandbox_builder().body_limit(0)), Some("body_limit"));
        assert_eq!(
            refused(sandbox_builder().timestamp_window(0)),
            Some("timestamp_window")
        );
        let no_attempts = RetryPolicy {
            max_attempts: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(
            refused(sandbox_builder().retry_policy(no_attempts)),
            Some("retry_policy")
        );
        let forever = RetryPolicy {
            max_backoff: Duration::MAX,
            ..RetryPolicy::default()
        };
        assert_eq!(
            refused(sandbox_builder().retry_policy(forever)),
            Some("retry_policy")
        );
        assert_eq!(
            refused(sandbox_builder().base_url("ftp://x")),
            Some("base_url")
        );
        assert_eq!(
            refused(sandbox_builder().backup_base_url("http://example.com")),
            Some("backup_base_url")
        );
        assert_eq!(refused(ClientBuilder::new()), Some("mchid"));
        // The limits themselves are fine.
        assert!(sandbox_builder()
            .timeout(MAX_TIMEOUT)
            .timestamp_window(u64::MAX)
            .body_limit(1)
            .build()
            .is_ok());
        assert_eq!(Error::config("x", "y").kind(), ErrorKind::Config);
    }
}

//! The setters of [`ClientBuilder`], one per setting. Nothing is checked here: every value is
//! checked once, by [`ClientBuilder::check_settings`] (called by [`ClientBuilder::build`]).

use std::sync::Arc;
use std::time::Duration;

use super::{Backup, ClientBuilder};
use crate::client::rate_limit::{RateLimiter, RateLimits};
use crate::client::retry::RetryPolicy;
use crate::protocol::aead::ApiV3Key;
use crate::protocol::keys::{MerchantPrivateKey, PlatformCertificate, WechatPayPublicKey};

impl ClientBuilder {
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
    /// Normalised to upper case: the gateway's serials are upper-case hex (as
    /// `openssl x509 -noout -serial` prints them) and it answers `401` to a lower-case copy, so
    /// `"5a4e…"` is sent as `"5A4E…"`. Anything but hex digits is refused by `build`.
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
    ///
    /// // A lower-case serial is sent in upper case.
    /// # let key = MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?;
    /// # let public_key = WechatPayPublicKey::from_pem_file(
    /// #     "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #     format!("{dir}/wechatpay_public_key.pem"),
    /// # )?;
    /// let client = Client::builder()
    ///     .mchid("1900000001")
    ///     .merchant_serial("5a4e44424f58000000000000000000000001")
    ///     .private_key(key)
    ///     .wechatpay_public_key(public_key)
    ///     .base_url("http://127.0.0.1:9")
    ///     .build()?;
    /// assert!(format!("{client:?}").contains("5A4E44424F58000000000000000000000001"));
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
    /// [`DEFAULT_BASE_URL`]: super::DEFAULT_BASE_URL
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
    /// [`BACKUP_BASE_URL`]: super::BACKUP_BASE_URL
    /// [`DEFAULT_BASE_URL`]: super::DEFAULT_BASE_URL
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
    /// [`LocalRateLimiter`](crate::LocalRateLimiter) (and instead of [`rate_limits`](Self::rate_limits)): e.g. a quota
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

    /// Connect timeout (DNS, TCP, TLS), default 5 s; from [`MIN_TIMEOUT`] (100 ms) to
    /// [`MAX_TIMEOUT`] (1 hour), anything else refused by `build` naming `connect_timeout`.
    ///
    /// [`MIN_TIMEOUT`]: super::MIN_TIMEOUT
    /// [`MAX_TIMEOUT`]: super::MAX_TIMEOUT
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

    /// Overall timeout of one HTTP exchange including the body, default 30 s; from
    /// [`MIN_TIMEOUT`] (100 ms: shorter, every call would time out) to [`MAX_TIMEOUT`]
    /// (1 hour), anything else refused by `build` naming `timeout`.
    ///
    /// [`MIN_TIMEOUT`]: super::MIN_TIMEOUT
    /// [`MAX_TIMEOUT`]: super::MAX_TIMEOUT
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
    /// let err = configured()?.timeout(Duration::from_nanos(1)).build().unwrap_err();
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

    /// Accepted response timestamp skew in seconds, default 300 (as the official SDKs); from 1
    /// to [`MAX_TIMESTAMP_WINDOW_SECS`] (900), anything else refused by `build` naming
    /// `timestamp_window`. The window is the replay protection of answers: the gateway
    /// documents 5 minutes for request timestamps, 15 minutes leaves room for a skewed
    /// clock, and a wider window (`u64::MAX` would switch the check off) would accept an
    /// answer recorded and replayed long after it was signed.
    ///
    /// [`MAX_TIMESTAMP_WINDOW_SECS`]: super::MAX_TIMESTAMP_WINDOW_SECS
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
    /// let err = configured()?.timestamp_window(u64::MAX).build().unwrap_err();
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
    /// [`Client::parse_notification`]: crate::Client::parse_notification
    /// [`Client::refresh_platform_certificates`]: crate::Client::refresh_platform_certificates
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
    /// [`Client::download_platform_certificates`]: crate::Client::download_platform_certificates
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
}

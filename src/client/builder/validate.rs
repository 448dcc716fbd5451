//! [`ClientBuilder::build`]: every setting is checked once, here, so that no setting can make a
//! later call panic or always fail; then the client is assembled.

use std::sync::Arc;
use std::time::Duration;

use ring::rand::SystemRandom;

use super::{
    Backup, ClientBuilder, BACKUP_BASE_URL, DEFAULT_BASE_URL, MAX_TIMEOUT,
    MAX_TIMESTAMP_WINDOW_SECS, MIN_TIMEOUT,
};
use crate::client::rate_limit::{LocalRateLimiter, RateLimiter};
use crate::client::refresh::CertificateRefresh;
use crate::client::transport::{self, BaseUrl};
use crate::client::{Client, Inner};
use crate::error::Error;
use crate::protocol::signing::RequestSigner;

impl ClientBuilder {
    /// Checks the configuration and builds the client. Nothing is sent.
    ///
    /// Every setting that would make calls fail or panic is refused here with an error
    /// naming it: every value [`check_settings`](Self::check_settings) checks (base URLs, timeouts, body limit,
    /// timestamp window, retry policy, page cap), then a missing mchid, serial, private key or
    /// verification key.
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
        self.check_settings()?;
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
            Some(interval) => Some(CertificateRefresh::new(interval)),
        };
        let base = BaseUrl::parse("base_url", &self.base_url)?;
        let backup = match self.backup {
            Backup::Off => None,
            Backup::Url(url) => Some(BaseUrl::parse("backup_base_url", &url)?),
            Backup::Auto if base.as_str() == DEFAULT_BASE_URL => {
                Some(BaseUrl::parse("backup_base_url", BACKUP_BASE_URL)?)
            }
            Backup::Auto => None,
        };
        let network = self.network.check()?;
        let agent = transport::agent(
            &base,
            backup.as_ref(),
            self.connect_timeout,
            self.timeout,
            network,
        );
        Ok(Client {
            call_timeout: None,
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
                max_pages: self.max_pages,
                clock: self.clock,
                observe: self.observe,
            }),
        })
    }
}

impl ClientBuilder {
    /// Checks every value set so far, as [`build`](Self::build) does, without requiring the
    /// settings still missing (mchid, serial, keys): so a value read from a configuration
    /// file can be refused, naming its setting, when it is read. The bounds:
    ///
    /// * `base_url`, `backup_base_url`: `https://`, or `http://` to a loopback host;
    /// * `timeout`, `connect_timeout`: [`MIN_TIMEOUT`](super::MIN_TIMEOUT) (100 ms) to
    ///   [`MAX_TIMEOUT`](super::MAX_TIMEOUT) (1 hour);
    /// * `body_limit`: at least 1 byte;
    /// * `timestamp_window`: 1 to [`MAX_TIMESTAMP_WINDOW_SECS`](super::MAX_TIMESTAMP_WINDOW_SECS)
    ///   (900) seconds;
    /// * `retry_policy`: as [`RetryPolicy`](crate::RetryPolicy) says;
    /// * `refresh_certificates`: an interval of at least 1 s;
    /// * `max_pages`: at least 1.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wechatpay_product_coupon::{Client, Error};
    /// assert!(Client::builder().timeout(Duration::from_secs(10)).check_settings().is_ok());
    ///
    /// let err = Client::builder().timeout(Duration::from_nanos(1)).check_settings().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "timeout", .. }));
    /// assert!(err.to_string().contains("at least 100ms"), "{err}");
    /// ```
    pub fn check_settings(&self) -> Result<(), Error> {
        BaseUrl::parse("base_url", &self.base_url)?;
        if let Backup::Url(url) = &self.backup {
            BaseUrl::parse("backup_base_url", url)?;
        }
        check_timeout("connect_timeout", self.connect_timeout)?;
        check_timeout("timeout", self.timeout)?;
        if self.body_limit == 0 {
            return Err(Error::config(
                "body_limit",
                "must be at least 1 byte (every response would be too large); the default is 4 MiB",
            ));
        }
        check_window(self.window_secs)?;
        self.retry.check()?;
        if let Some(interval) = self.refresh_interval {
            if interval < Duration::from_secs(1) {
                return Err(Error::config(
                    "refresh_certificates",
                    format!("the minimum interval must be at least 1 s, found {interval:?}"),
                ));
            }
        }
        self.check_max_pages()
    }
}

pub(crate) fn check_timeout(setting: &'static str, value: Duration) -> Result<(), Error> {
    if value < MIN_TIMEOUT {
        return Err(Error::config(
            setting,
            format!(
                "must be at least {MIN_TIMEOUT:?} (shorter, every call would time out), \
                 found {value:?}; the bounds are {MIN_TIMEOUT:?} to 1 hour"
            ),
        ));
    }
    if value > MAX_TIMEOUT {
        return Err(Error::config(
            setting,
            format!(
                "must be at most 1 hour, found {value:?}; the bounds are {MIN_TIMEOUT:?} to 1 hour"
            ),
        ));
    }
    Ok(())
}

fn check_window(secs: u64) -> Result<(), Error> {
    if secs == 0 || secs > MAX_TIMESTAMP_WINDOW_SECS {
        return Err(Error::config(
            "timestamp_window",
            format!(
                "must be 1 to {MAX_TIMESTAMP_WINDOW_SECS} seconds, found {secs}: zero refuses \
                 every answer, and a wider window would accept answers replayed long after \
                 they were signed; the default is 300 (5 minutes, as the gateway and the \
                 official SDKs)"
            ),
        ));
    }
    Ok(())
}

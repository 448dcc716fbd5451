//! [`ClientBuilder::from_env`]: a builder configured from the `WECHATPAY_*` environment
//! variables ([`ENV_VARS`]).

use std::path::Path;

use super::ClientBuilder;
use crate::client::Client;
use crate::error::Error;
use crate::protocol::aead::ApiV3Key;
use crate::protocol::keys::{MerchantPrivateKey, WechatPayPublicKey};

/// The environment variables [`ClientBuilder::from_env`] reads: `(name, required, meaning)`.
pub const ENV_VARS: [(&str, bool, &str); 9] = [
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
    (
        "WECHATPAY_PROXY",
        false,
        "proxy for every request: http://host:port (HTTP CONNECT), or socks5://… with the socks-proxy feature",
    ),
    (
        "WECHATPAY_EXTRA_ROOTS_PEM",
        false,
        "path of a PEM of CA certificates trusted beside Mozilla's roots",
    ),
];

impl Client {
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

impl ClientBuilder {
    /// A builder configured from the environment: every variable of [`ENV_VARS`] (the
    /// README's table is generated from it), the required ones being the mchid, the merchant
    /// serial, the private key and the WeChat Pay public key (ID and PEM path). Keys are
    /// loaded here; a missing required variable is an error naming it.
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
        match lookup("WECHATPAY_PROXY") {
            None => {}
            Some(url) if url.trim().is_empty() => {
                return Err(Error::config(
                    "WECHATPAY_PROXY",
                    "is set but empty; unset it for no proxy or give http://host:port",
                ))
            }
            Some(url) => builder = builder.proxy(url),
        }
        match lookup("WECHATPAY_EXTRA_ROOTS_PEM") {
            None => {}
            Some(path) if path.trim().is_empty() => {
                return Err(Error::config(
                    "WECHATPAY_EXTRA_ROOTS_PEM",
                    "is set but empty; unset it or give the path of a PEM of CA certificates",
                ))
            }
            Some(path) => {
                let pem = std::fs::read(&path).map_err(|e| {
                    Error::config(
                        "WECHATPAY_EXTRA_ROOTS_PEM",
                        format!(
                            "cannot read {path:?} ({e}); give the path of a PEM of CA certificates"
                        ),
                    )
                })?;
                builder = builder.extra_root_certificates_pem(pem);
            }
        }
        Ok(builder)
    }
}

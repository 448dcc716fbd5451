//! [`ClientConfig`]: every setting of a client, whether given as JSON
//! (`wpc_client_new_from_json`, the JSON form is documented in `config.rs`) or through the
//! `wpc_builder_*` setters (`config.rs`), and [`ClientConfig::build`], the one place it is
//! turned into the core crate's client.
//!
//! A leaf: it imports nothing else of this crate, so that `client.rs` (a client from JSON) and
//! `config.rs` (a client from the setters) both use it without importing each other.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use wechatpay_product_coupon::aead::ApiV3Key;
use wechatpay_product_coupon::signing::RequestSigner;
use wechatpay_product_coupon::{
    Client, Error, MerchantPrivateKey, PlatformCertificate, RateLimits, RetryPolicy,
    WechatPayPublicKey,
};

/// The retry policy in milliseconds; absent fields keep the default policy's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryConfig {
    /// Total attempts including the first; 1 = no retry.
    pub max_attempts: Option<u32>,
    /// Upper bound of the first backoff.
    pub initial_backoff_ms: Option<u64>,
    /// Upper bound of any backoff.
    pub max_backoff_ms: Option<u64>,
    /// No retry starts after this long.
    pub max_elapsed_ms: Option<u64>,
}

/// Every setting of a client (see the module documentation for the JSON form).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// The service provider's merchant ID.
    pub mchid: Option<String>,
    /// The merchant API certificate serial.
    pub merchant_serial: Option<String>,
    /// The merchant private key, PEM text.
    pub private_key_pem: Option<String>,
    /// The merchant private key, a PEM file.
    pub private_key_file: Option<String>,
    /// The WeChat Pay public key ID.
    pub wechatpay_public_key_id: Option<String>,
    /// The WeChat Pay public key, PEM text.
    pub wechatpay_public_key_pem: Option<String>,
    /// The WeChat Pay public key, a PEM file.
    pub wechatpay_public_key_file: Option<String>,
    /// Platform certificates, PEM texts.
    #[serde(default)]
    pub platform_certificates_pem: Vec<String>,
    /// Platform certificates, PEM files.
    #[serde(default)]
    pub platform_certificate_files: Vec<String>,
    /// The base URL.
    pub base_url: Option<String>,
    /// The backup base URL.
    pub backup_base_url: Option<String>,
    /// Never fail over to a backup host.
    #[serde(default)]
    pub no_backup: bool,
    /// Connect timeout.
    pub connect_timeout_ms: Option<u64>,
    /// Overall timeout of one exchange.
    pub timeout_ms: Option<u64>,
    /// Retry policy.
    pub retry: Option<RetryConfig>,
    /// Rate limits by endpoint name; present = limiter enabled with the documented limits
    /// overridden by these.
    pub rate_limits: Option<BTreeMap<String, u32>>,
    /// Response body limit in bytes.
    pub body_limit: Option<u64>,
    /// Accepted response timestamp skew in seconds.
    pub timestamp_window_secs: Option<u64>,
    /// The APIv3 key (exactly 32 bytes), for notifications and certificate downloads.
    #[serde(default, deserialize_with = "apiv3_key")]
    pub apiv3_key: Option<ApiV3Key>,
    /// Refresh the platform certificates when an answer names an unknown serial, at most
    /// once per this many seconds (needs `apiv3_key`; off when absent).
    pub refresh_certificates_secs: Option<u64>,
    /// The proxy every request goes through (`http://host:port`: HTTP CONNECT).
    pub proxy: Option<String>,
    /// CA certificates (PEM texts) trusted beside Mozilla's roots.
    #[serde(default)]
    pub extra_root_certificates_pem: Vec<String>,
}

/// Reads the APIv3 key from JSON text, wiping the intermediate copy; the error names the
/// length found, never the key.
fn apiv3_key<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ApiV3Key>, D::Error> {
    let Some(text) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let mut bytes = text.into_bytes();
    let key = ApiV3Key::new(&bytes);
    bytes.fill(0);
    std::hint::black_box(&bytes);
    key.map(Some)
        .map_err(|e| serde::de::Error::custom(format_args!("apiv3_key: {e}")))
}

/// What a configuration builds: the client, plus the signer and keys of the pure functions.
pub struct Built {
    /// The client.
    pub client: Client,
    /// The same merchant identity, for `wpc_client_authorization`.
    pub signer: RequestSigner,
    /// The accepted timestamp skew.
    pub window_secs: u64,
}

impl ClientConfig {
    fn private_key(&self) -> Result<MerchantPrivateKey, Error> {
        match (&self.private_key_pem, &self.private_key_file) {
            (Some(pem), None) => MerchantPrivateKey::from_pem(pem),
            (None, Some(file)) => MerchantPrivateKey::from_pem_file(file),
            (None, None) => Err(config_error(
                "private_key",
                "is required: set private_key_pem or private_key_file",
            )),
            (Some(_), Some(_)) => Err(config_error(
                "private_key",
                "set private_key_pem or private_key_file, not both",
            )),
        }
    }

    fn public_key(&self) -> Result<Option<WechatPayPublicKey>, Error> {
        let id = self.wechatpay_public_key_id.as_deref();
        match (
            id,
            &self.wechatpay_public_key_pem,
            &self.wechatpay_public_key_file,
        ) {
            (None, None, None) => Ok(None),
            (Some(id), Some(pem), None) => WechatPayPublicKey::from_pem(id, pem).map(Some),
            (Some(id), None, Some(file)) => WechatPayPublicKey::from_pem_file(id, file).map(Some),
            _ => Err(config_error(
                "wechatpay_public_key",
                "set wechatpay_public_key_id with one of wechatpay_public_key_pem or \
                 wechatpay_public_key_file",
            )),
        }
    }

    fn certificates(&self) -> Result<Vec<PlatformCertificate>, Error> {
        let from_text = self
            .platform_certificates_pem
            .iter()
            .map(|pem| PlatformCertificate::from_pem(pem));
        let from_files = self
            .platform_certificate_files
            .iter()
            .map(PlatformCertificate::from_pem_file);
        from_text.chain(from_files).collect()
    }

    /// Builds the client and the pure layer's signer and keys. Nothing is sent. Every key is
    /// parsed here, once per holder, never per call.
    pub fn build(&self) -> Result<Built, Error> {
        let mchid = self.mchid.clone().unwrap_or_default();
        let serial = self.merchant_serial.clone().unwrap_or_default();
        let mut builder = Client::builder()
            .mchid(mchid.clone())
            .merchant_serial(serial.clone())
            .private_key(self.private_key()?);
        if let Some(key) = self.public_key()? {
            builder = builder.wechatpay_public_key(key);
        }
        for cert in self.certificates()? {
            builder = builder.platform_certificate(cert);
        }
        if let Some(url) = &self.base_url {
            builder = builder.base_url(url.clone());
        }
        if let Some(url) = &self.backup_base_url {
            builder = builder.backup_base_url(url.clone());
        }
        if self.no_backup {
            builder = builder.no_backup();
        }
        if let Some(ms) = self.connect_timeout_ms {
            builder = builder.connect_timeout(Duration::from_millis(ms));
        }
        if let Some(ms) = self.timeout_ms {
            builder = builder.timeout(Duration::from_millis(ms));
        }
        if let Some(retry) = &self.retry {
            let default = RetryPolicy::default();
            let ms = |v: Option<u64>, d: Duration| v.map(Duration::from_millis).unwrap_or(d);
            builder = builder.retry_policy(RetryPolicy {
                max_attempts: retry.max_attempts.unwrap_or(default.max_attempts),
                initial_backoff: ms(retry.initial_backoff_ms, default.initial_backoff),
                max_backoff: ms(retry.max_backoff_ms, default.max_backoff),
                max_elapsed: ms(retry.max_elapsed_ms, default.max_elapsed),
            });
        }
        if let Some(limits) = &self.rate_limits {
            let mut all = RateLimits::documented();
            for (name, per_second) in limits {
                all = all.with_named(name, *per_second)?;
            }
            builder = builder.rate_limits(all);
        }
        if let Some(bytes) = self.body_limit {
            builder = builder.body_limit(bytes);
        }
        if let Some(key) = &self.apiv3_key {
            builder = builder.apiv3_key(key.clone());
        }
        if let Some(secs) = self.refresh_certificates_secs {
            builder = builder.refresh_certificates(Duration::from_secs(secs));
        }
        if let Some(url) = &self.proxy {
            builder = builder.proxy(url.clone());
        }
        for pem in &self.extra_root_certificates_pem {
            builder = builder.extra_root_certificates_pem(pem.clone());
        }
        let window_secs = self.timestamp_window_secs.unwrap_or(300);
        builder = builder.timestamp_window(window_secs);
        let client = builder.build()?;
        Ok(Built {
            client,
            signer: RequestSigner::new(mchid, serial, self.private_key()?)?,
            window_secs,
        })
    }
}

fn config_error(setting: &'static str, problem: &str) -> Error {
    Error::Config {
        setting,
        problem: problem.to_owned(),
    }
}

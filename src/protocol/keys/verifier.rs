//! [`VerifierKeys`]: the keys that may sign WeChat Pay responses, by serial.

use std::fmt;

use super::certificate::PlatformCertificate;
use super::public_key::WechatPayPublicKey;
use super::rsa_public::RsaPublicKey;

/// The keys that may sign WeChat Pay responses, chosen by the response's `Wechatpay-Serial`.
///
/// Holds a public key and platform certificates side by side, for the migration from
/// certificates to the public key.
///
/// ```
/// use wechatpay_product_coupon::{PlatformCertificate, VerifierKeys, WechatPayPublicKey};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
/// let public_key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", format!("{dir}/wechatpay_public_key.pem"))?;
/// let cert = PlatformCertificate::from_pem_file(format!("{dir}/wechatpay_platform_certificate.pem"))?;
/// // Mid-migration: responses signed with either key verify.
/// let keys = VerifierKeys::new().with_public_key(public_key).with_certificate(cert);
/// assert_eq!(keys.serials(), ["PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", "5A4E44424F58000000000000000000000002"]);
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct VerifierKeys {
    entries: Vec<(String, RsaPublicKey)>,
    public_key_id: Option<String>,
}

impl VerifierKeys {
    /// An empty set.
    ///
    /// ```
    /// # use wechatpay_product_coupon::VerifierKeys;
    /// let keys = VerifierKeys::new();
    /// assert!(keys.is_empty() && keys.public_key_id().is_none());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the WeChat Pay public key. Its ID becomes the `Wechatpay-Serial` request header.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{PlatformCertificate, VerifierKeys, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let public_key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", format!("{dir}/wechatpay_public_key.pem"))?;
    /// # let cert = PlatformCertificate::from_pem_file(format!("{dir}/wechatpay_platform_certificate.pem"))?;
    /// let keys = VerifierKeys::new().with_public_key(public_key);
    /// assert_eq!(keys.public_key_id(), Some("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn with_public_key(mut self, key: WechatPayPublicKey) -> Self {
        self.public_key_id = Some(key.id.clone());
        self.insert(key.id, key.key);
        self
    }

    /// Adds a platform certificate.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{PlatformCertificate, VerifierKeys, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let public_key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", format!("{dir}/wechatpay_public_key.pem"))?;
    /// # let cert = PlatformCertificate::from_pem_file(format!("{dir}/wechatpay_platform_certificate.pem"))?;
    /// let keys = VerifierKeys::new().with_certificate(cert.clone()).with_certificate(cert);
    /// assert_eq!(keys.serials(), ["5A4E44424F58000000000000000000000002"]); // one entry per serial
    /// assert_eq!(keys.public_key_id(), None); // certificate mode
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn with_certificate(mut self, cert: PlatformCertificate) -> Self {
        self.insert(cert.serial, cert.key);
        self
    }

    fn insert(&mut self, serial: String, key: RsaPublicKey) {
        self.entries.retain(|(s, _)| *s != serial);
        self.entries.push((serial, key));
    }

    /// The key for a `Wechatpay-Serial` value (exact match; serials are compared as sent).
    pub(crate) fn get(&self, serial: &str) -> Option<&RsaPublicKey> {
        self.entries
            .iter()
            .find(|(s, _)| s == serial)
            .map(|(_, key)| key)
    }

    /// The configured serials and IDs, for error messages.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{PlatformCertificate, VerifierKeys, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let public_key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", format!("{dir}/wechatpay_public_key.pem"))?;
    /// # let cert = PlatformCertificate::from_pem_file(format!("{dir}/wechatpay_platform_certificate.pem"))?;
    /// let keys = VerifierKeys::new().with_certificate(cert).with_public_key(public_key);
    /// assert_eq!(keys.serials(), ["5A4E44424F58000000000000000000000002", "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001"]);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn serials(&self) -> Vec<String> {
        self.entries.iter().map(|(s, _)| s.clone()).collect()
    }

    /// The public key ID, when a public key is configured.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{PlatformCertificate, VerifierKeys, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let public_key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", format!("{dir}/wechatpay_public_key.pem"))?;
    /// # let cert = PlatformCertificate::from_pem_file(format!("{dir}/wechatpay_platform_certificate.pem"))?;
    /// assert_eq!(VerifierKeys::new().with_certificate(cert).public_key_id(), None);
    /// assert_eq!(VerifierKeys::new().with_public_key(public_key).public_key_id(), Some("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn public_key_id(&self) -> Option<&str> {
        self.public_key_id.as_deref()
    }

    /// Whether no key is configured.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{PlatformCertificate, VerifierKeys, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let public_key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", format!("{dir}/wechatpay_public_key.pem"))?;
    /// # let cert = PlatformCertificate::from_pem_file(format!("{dir}/wechatpay_platform_certificate.pem"))?;
    /// assert!(VerifierKeys::new().is_empty());
    /// assert!(!VerifierKeys::new().with_certificate(cert).is_empty());
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Debug for VerifierKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifierKeys")
            .field("serials", &self.serials())
            .finish()
    }
}

//! [`WechatPayPublicKey`]: the WeChat Pay public key and its ID (public-key mode).

use std::fmt;
use std::path::Path;

use super::load::{check_key_id, find_block, in_file, pem_text, read_blocks, read_file};
use super::rsa_public::RsaPublicKey;
use crate::error::Error;

const EXPECT_PUBLIC: &str =
    "an RSA public key in PEM, SPKI (BEGIN PUBLIC KEY) or PKCS#1 (BEGIN RSA PUBLIC KEY)";

/// The WeChat Pay public key (`pub_key.pem`) and its ID (`PUB_KEY_ID_…`), which verifies
/// responses in public-key mode and is sent as `Wechatpay-Serial` on every request.
///
/// ```
/// use wechatpay_product_coupon::WechatPayPublicKey;
/// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_public_key.pem"); // TEST-ONLY key
/// let key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", path)?; // pub_key.pem
/// assert_eq!(key.id(), "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001");
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Clone)]
pub struct WechatPayPublicKey {
    pub(super) id: String,
    pub(super) key: RsaPublicKey,
}

impl WechatPayPublicKey {
    /// Loads the key from PEM text: SPKI (`BEGIN PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`).
    ///
    /// ```
    /// # use wechatpay_product_coupon::WechatPayPublicKey;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_public_key.pem"); // TEST-ONLY key
    /// let pem = std::fs::read_to_string(path)?;
    /// let key = WechatPayPublicKey::from_pem("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", &pem)?;
    ///
    /// // Swapped arguments are caught, and the PEM text is not echoed.
    /// let err = WechatPayPublicKey::from_pem(pem.as_str(), "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001").unwrap_err();
    /// assert!(err.to_string().contains("swapped"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pem(id: impl Into<String>, pem_text: &str) -> Result<Self, Error> {
        let id = id.into();
        check_key_id(&id)?;
        let blocks = read_blocks(pem_text, EXPECT_PUBLIC)?;
        let block = find_block(&blocks, &["PUBLIC KEY", "RSA PUBLIC KEY"], EXPECT_PUBLIC)?;
        let key = RsaPublicKey::from_block(block, EXPECT_PUBLIC)?;
        Ok(WechatPayPublicKey { id, key })
    }

    /// Loads the key from PEM bytes.
    ///
    /// ```
    /// # use wechatpay_product_coupon::WechatPayPublicKey;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_public_key.pem"); // TEST-ONLY key
    /// let bytes = std::fs::read(path)?;
    /// let key = WechatPayPublicKey::from_pem_bytes("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", &bytes)?;
    /// assert_eq!(key.id(), "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pem_bytes(id: impl Into<String>, pem_bytes: &[u8]) -> Result<Self, Error> {
        Self::from_pem(id, pem_text(pem_bytes, EXPECT_PUBLIC)?)
    }

    /// Loads the key from a PEM file. Errors name the file.
    ///
    /// ```
    /// # use wechatpay_product_coupon::WechatPayPublicKey;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_public_key.pem"); // TEST-ONLY key
    /// let key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", path)?;
    ///
    /// // A malformed ID is reported before the file is read.
    /// let err = WechatPayPublicKey::from_pem_file("PUB KEY", path).unwrap_err();
    /// assert!(err.to_string().contains("\"PUB KEY\""));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn from_pem_file(id: impl Into<String>, path: impl AsRef<Path>) -> Result<Self, Error> {
        let id = id.into();
        // A bad ID is not the file's fault: report it before reading the file.
        check_key_id(&id)?;
        let path = path.as_ref();
        let text = read_file(path, EXPECT_PUBLIC)?;
        in_file(path, Self::from_pem(id, &text))
    }

    /// The public key ID, e.g. `PUB_KEY_ID_0114…`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::WechatPayPublicKey;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_public_key.pem"); // TEST-ONLY key
    /// let key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", path)?;
    /// assert_eq!(key.id(), "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl fmt::Debug for WechatPayPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WechatPayPublicKey")
            .field("id", &self.id)
            .field("bits", &self.key.bits)
            .finish()
    }
}

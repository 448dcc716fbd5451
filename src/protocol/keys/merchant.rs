//! [`MerchantPrivateKey`]: the merchant API private key that signs every request.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::rsa::KeyPair as RsaKeyPair;
use ring::signature;

use super::load::{
    article, check_bits, describe_rejection, find_block, in_file, pem_text, read_blocks, read_file,
};
use crate::error::Error;
use crate::protocol::der::{self, KeyAlgorithm};

const EXPECT_PRIVATE: &str =
    "an RSA private key in PEM, PKCS#8 (BEGIN PRIVATE KEY) or PKCS#1 (BEGIN RSA PRIVATE KEY)";

/// The largest RSA signature ring produces (8192-bit keys).
pub(crate) const MAX_SIGNATURE_LEN: usize = 1024;

/// The merchant API private key (`apiclient_key.pem`) that signs every request.
///
/// ```
/// use wechatpay_product_coupon::MerchantPrivateKey;
/// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem"); // TEST-ONLY key
/// let key = MerchantPrivateKey::from_pem_file(path)?; // apiclient_key.pem
/// assert_eq!(key.bits(), 2048);
/// // `Debug` shows what identifies the key, never its material.
/// assert_eq!(format!("{key:?}"), r#"MerchantPrivateKey { format: "PKCS#8", bits: 2048, .. }"#);
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub struct MerchantPrivateKey {
    key_pair: RsaKeyPair,
    format: &'static str,
}

impl MerchantPrivateKey {
    /// Loads a key from PEM text: PKCS#8 (`BEGIN PRIVATE KEY`, what WeChat Pay issues) or
    /// PKCS#1 (`BEGIN RSA PRIVATE KEY`). Surrounding text and CRLF line endings are fine.
    ///
    /// ```
    /// # use wechatpay_product_coupon::MerchantPrivateKey;
    /// let err = MerchantPrivateKey::from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("found a certificate"));
    /// ```
    pub fn from_pem(pem_text: &str) -> Result<Self, Error> {
        let blocks = read_blocks(pem_text, EXPECT_PRIVATE)?;
        let block = find_block(&blocks, &["PRIVATE KEY", "RSA PRIVATE KEY"], EXPECT_PRIVATE)?;
        let (format, pkcs1) = if block.label == "PRIVATE KEY" {
            let (algorithm, key) = der::pkcs8(&block.der).map_err(|e| {
                Error::key(
                    EXPECT_PRIVATE,
                    format!("a PKCS#8 private key with invalid DER: {}", e.0),
                )
            })?;
            if algorithm != KeyAlgorithm::Rsa {
                return Err(Error::key(
                    EXPECT_PRIVATE,
                    format!(
                        "{} private key (PKCS#8, BEGIN PRIVATE KEY); WeChat Pay APIv3 keys are RSA",
                        algorithm.article_name()
                    ),
                ));
            }
            ("PKCS#8", key)
        } else {
            ("PKCS#1", block.der.as_slice())
        };
        let bits = der::rsa_private_key_bits(pkcs1).map_err(|e| {
            Error::key(
                EXPECT_PRIVATE,
                format!("an RSA private key ({format}) with invalid DER: {}", e.0),
            )
        })?;
        check_bits(bits, EXPECT_PRIVATE, format!("RSA private key ({format})"))?;
        let result = if format == "PKCS#8" {
            RsaKeyPair::from_pkcs8(&block.der)
        } else {
            RsaKeyPair::from_der(&block.der)
        };
        match result {
            Ok(key_pair) => Ok(MerchantPrivateKey { key_pair, format }),
            Err(rejected) => Err(Error::key(
                EXPECT_PRIVATE,
                format!(
                    "{} {bits}-bit RSA private key ({format}) that the crypto library rejected: {}",
                    article(bits),
                    describe_rejection(&rejected)
                ),
            )),
        }
    }

    /// Loads a key from PEM bytes (must be UTF-8/ASCII).
    ///
    /// ```
    /// # use wechatpay_product_coupon::MerchantPrivateKey;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem"); // TEST-ONLY key
    /// let bytes = std::fs::read(path)?;
    /// let key = MerchantPrivateKey::from_pem_bytes(&bytes)?;
    ///
    /// // Binary DER is not PEM: the error says so.
    /// let err = MerchantPrivateKey::from_pem_bytes(&[0x30, 0x82, 0x04, 0xbe]).unwrap_err();
    /// assert!(err.to_string().contains("not text"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pem_bytes(pem_bytes: &[u8]) -> Result<Self, Error> {
        Self::from_pem(pem_text(pem_bytes, EXPECT_PRIVATE)?)
    }

    /// Loads a key from a PEM file. Errors name the file.
    ///
    /// ```
    /// # use wechatpay_product_coupon::MerchantPrivateKey;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem"); // TEST-ONLY key
    /// let key = MerchantPrivateKey::from_pem_file(path)?;
    ///
    /// let err = MerchantPrivateKey::from_pem_file("/no/such/apiclient_key.pem").unwrap_err();
    /// assert!(err.to_string().contains("/no/such/apiclient_key.pem"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let text = read_file(path, EXPECT_PRIVATE)?;
        in_file(path, Self::from_pem(&text))
    }

    /// The modulus size in bits.
    ///
    /// ```
    /// # use wechatpay_product_coupon::MerchantPrivateKey;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem"); // TEST-ONLY key
    /// assert_eq!(MerchantPrivateKey::from_pem_file(path)?.bits(), 2048);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn bits(&self) -> usize {
        self.key_pair.public().modulus_len() * 8
    }

    /// The public half as a PKCS#1 `RSAPublicKey` DER (to check a signature elsewhere).
    ///
    /// ```
    /// # use wechatpay_product_coupon::MerchantPrivateKey;
    /// use base64::Engine as _;
    /// use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem"); // TEST-ONLY key
    /// let key = MerchantPrivateKey::from_pem_file(path)?;
    /// let signature = base64::engine::general_purpose::STANDARD.decode(key.sign_base64(b"message")?)?;
    /// let public = UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, key.public_key_pkcs1_der());
    /// assert!(public.verify(b"message", &signature).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn public_key_pkcs1_der(&self) -> &[u8] {
        self.key_pair.public().as_ref()
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 / SHA-256 and returns it in standard Base64.
    ///
    /// ```
    /// # use wechatpay_product_coupon::MerchantPrivateKey;
    /// use wechatpay_product_coupon::signing::canonical_request;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem"); // TEST-ONLY key
    /// let key = MerchantPrivateKey::from_pem_file(path)?;
    /// let message = canonical_request("GET", "/v3/certificates", 1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242", b"");
    /// let signature = key.sign_base64(&message)?;
    /// assert_eq!(signature.len(), 344); // 256 bytes of a 2048-bit key, in Base64
    /// assert_eq!(signature, key.sign_base64(&message)?); // PKCS#1 v1.5 is deterministic
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn sign_base64(&self, message: &[u8]) -> Result<String, Error> {
        let mut sig = [0u8; MAX_SIGNATURE_LEN];
        let len = self.sign_into(&SystemRandom::new(), message, &mut sig)?;
        Ok(base64::engine::general_purpose::STANDARD.encode(&sig[..len]))
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 / SHA-256 into `out`, returning the length used.
    pub(crate) fn sign_into(
        &self,
        rng: &SystemRandom,
        message: &[u8],
        out: &mut [u8; MAX_SIGNATURE_LEN],
    ) -> Result<usize, Error> {
        let len = self.key_pair.public().modulus_len();
        // Loading caps keys at 8192 bits, so the buffer always fits; failing is still an error.
        let buf = out.get_mut(..len).ok_or(Error::Signing)?;
        self.key_pair
            .sign(&signature::RSA_PKCS1_SHA256, rng, message, buf)
            .map_err(|_| Error::Signing)?;
        Ok(len)
    }
}

impl fmt::Debug for MerchantPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MerchantPrivateKey")
            .field("format", &self.format)
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}

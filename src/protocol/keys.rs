//! Loading the merchant private key, the WeChat Pay public key and platform certificates.
//!
//! Keys are parsed once, when loaded; signing and verifying never re-parse. `Debug` output
//! never shows key material, only what identifies the key (format, size, serial or ID).

use std::fmt;

use base64::Engine as _;
use std::path::Path;

use ring::rand::SystemRandom;
use ring::rsa::KeyPair as RsaKeyPair;
use ring::signature::{self, UnparsedPublicKey};

use crate::error::Error;
use crate::protocol::der::{self, KeyAlgorithm};
use crate::protocol::pem::{self, PemBlock};

const EXPECT_PRIVATE: &str =
    "an RSA private key in PEM, PKCS#8 (BEGIN PRIVATE KEY) or PKCS#1 (BEGIN RSA PRIVATE KEY)";
const EXPECT_PUBLIC: &str =
    "an RSA public key in PEM, SPKI (BEGIN PUBLIC KEY) or PKCS#1 (BEGIN RSA PUBLIC KEY)";
const EXPECT_CERT: &str = "an X.509 certificate in PEM (BEGIN CERTIFICATE) with an RSA key";

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

/// An RSA public key, held as PKCS#1 DER, checked at load time.
#[derive(Clone)]
pub(crate) struct RsaPublicKey {
    pkcs1: Vec<u8>,
    bits: usize,
}

impl RsaPublicKey {
    fn from_pkcs1(pkcs1: &[u8], expected: &'static str, what: &str) -> Result<Self, Error> {
        let bits = der::rsa_public_key_bits(pkcs1)
            .map_err(|e| Error::key(expected, format!("{what} with invalid DER: {}", e.0)))?;
        check_bits(bits, expected, format!("RSA key in {what}"))?;
        Ok(RsaPublicKey {
            pkcs1: pkcs1.to_vec(),
            bits,
        })
    }

    /// The RSA key of a `SubjectPublicKeyInfo`; other algorithms are named in the error.
    fn from_spki(spki: &[u8], expected: &'static str, what: &str) -> Result<Self, Error> {
        let (algorithm, key) =
            der::spki(spki).map_err(|e| Error::key(expected, format!("{what}: {}", e.0)))?;
        if algorithm != KeyAlgorithm::Rsa {
            return Err(Error::key(
                expected,
                format!(
                    "{what} holding {} public key; WeChat Pay APIv3 keys are RSA",
                    algorithm.article_name()
                ),
            ));
        }
        Self::from_pkcs1(key, expected, what)
    }

    fn from_block(block: &PemBlock, expected: &'static str) -> Result<Self, Error> {
        let what = pem::describe_label(&block.label);
        match block.label.as_str() {
            "RSA PUBLIC KEY" => Self::from_pkcs1(&block.der, expected, &what),
            _ => Self::from_spki(&block.der, expected, &what),
        }
    }

    /// Verifies an RSASSA-PKCS1-v1_5 / SHA-256 signature.
    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &self.pkcs1)
            .verify(message, signature)
            .is_ok()
    }
}

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
    id: String,
    key: RsaPublicKey,
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

/// A WeChat Pay platform certificate (the older verification mode), identified by its serial.
///
/// ```
/// use wechatpay_product_coupon::PlatformCertificate;
/// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_platform_certificate.pem"); // TEST-ONLY
/// let cert = PlatformCertificate::from_pem_file(path)?;
/// assert_eq!(cert.serial(), "5A4E44424F58000000000000000000000002");
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Clone)]
pub struct PlatformCertificate {
    serial: String,
    key: RsaPublicKey,
    not_before: i64,
    not_after: i64,
}

impl PlatformCertificate {
    /// Loads a certificate from PEM text (`BEGIN CERTIFICATE`). The serial is read from the
    /// certificate and rendered as upper-case hex, as WeChat Pay sends it in `Wechatpay-Serial`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::PlatformCertificate;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_platform_certificate.pem"); // TEST-ONLY
    /// let cert = PlatformCertificate::from_pem(&std::fs::read_to_string(path)?)?;
    /// assert_eq!(cert.serial(), "5A4E44424F58000000000000000000000002");
    ///
    /// // A key where a certificate is expected is named in the error.
    /// let err = PlatformCertificate::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("found a public key"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pem(pem_text: &str) -> Result<Self, Error> {
        let blocks = read_blocks(pem_text, EXPECT_CERT)?;
        let block = find_block(&blocks, &["CERTIFICATE"], EXPECT_CERT)?;
        let parts = der::certificate_parts(&block.der).map_err(|e| {
            Error::key(
                EXPECT_CERT,
                format!("a certificate with invalid DER: {}", e.0),
            )
        })?;
        let key = RsaPublicKey::from_spki(parts.spki, EXPECT_CERT, "a certificate")?;
        Ok(PlatformCertificate {
            serial: parts.serial_hex,
            key,
            not_before: parts.not_before,
            not_after: parts.not_after,
        })
    }

    /// Loads a certificate from PEM bytes.
    ///
    /// ```
    /// # use wechatpay_product_coupon::PlatformCertificate;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_platform_certificate.pem"); // TEST-ONLY
    /// let cert = PlatformCertificate::from_pem_bytes(&std::fs::read(path)?)?;
    /// assert_eq!(cert.serial(), "5A4E44424F58000000000000000000000002");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pem_bytes(pem_bytes: &[u8]) -> Result<Self, Error> {
        Self::from_pem(pem_text(pem_bytes, EXPECT_CERT)?)
    }

    /// Loads a certificate from a PEM file. Errors name the file.
    ///
    /// ```
    /// # use wechatpay_product_coupon::PlatformCertificate;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_platform_certificate.pem"); // TEST-ONLY
    /// let cert = PlatformCertificate::from_pem_file(path)?;
    ///
    /// let err = PlatformCertificate::from_pem_file("/no/such/wechatpay_cert.pem").unwrap_err();
    /// assert!(err.to_string().contains("/no/such/wechatpay_cert.pem"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let text = read_file(path, EXPECT_CERT)?;
        in_file(path, Self::from_pem(&text))
    }

    /// The serial number as upper-case hex.
    ///
    /// ```
    /// # use wechatpay_product_coupon::PlatformCertificate;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/wechatpay_platform_certificate.pem"); // TEST-ONLY
    /// let cert = PlatformCertificate::from_pem_file(path)?;
    /// // As `openssl x509 -noout -serial` prints it, and as `Wechatpay-Serial` carries it.
    /// assert_eq!(cert.serial(), "5A4E44424F58000000000000000000000002");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// The start of the validity period (`notBefore`), Unix seconds.
    ///
    /// ```
    /// # use wechatpay_product_coupon::PlatformCertificate;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/java_download_certificate_plaintext.pem");
    /// let cert = PlatformCertificate::from_pem_file(path)?;
    /// assert_eq!(cert.not_before(), 1_695_136_558); // 2023-09-19T15:15:58Z, as `openssl x509 -startdate`
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn not_before(&self) -> i64 {
        self.not_before
    }

    /// The end of the validity period (`notAfter`), Unix seconds.
    ///
    /// ```
    /// # use wechatpay_product_coupon::PlatformCertificate;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/java_download_certificate_plaintext.pem");
    /// let cert = PlatformCertificate::from_pem_file(path)?;
    /// assert_eq!(cert.not_after(), 1_852_816_558); // 2028-09-17T15:15:58Z
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn not_after(&self) -> i64 {
        self.not_after
    }

    /// Checks that `now` (Unix seconds) is within the validity period; the error gives both
    /// dates. Loading does not check it (a test may load any certificate); a certificate
    /// download does, for each certificate.
    ///
    /// ```
    /// # use wechatpay_product_coupon::PlatformCertificate;
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/java_download_certificate_plaintext.pem");
    /// let cert = PlatformCertificate::from_pem_file(path)?;
    /// assert!(cert.check_valid_at(1_754_064_001).is_ok()); // 2025-08-01
    /// let err = cert.check_valid_at(1_900_000_000).unwrap_err(); // 2030
    /// assert!(err.to_string().contains("expired on 2028-09-17T15:15:58Z"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn check_valid_at(&self, now: i64) -> Result<(), Error> {
        let (from, until) = (utc_text(self.not_before), utc_text(self.not_after));
        let problem = if now > self.not_after {
            format!("expired on {until}")
        } else if now < self.not_before {
            format!("not valid before {from}")
        } else {
            return Ok(());
        };
        Err(Error::key(
            "a platform certificate within its validity period",
            format!(
                "certificate {} valid from {from} until {until}: {problem} (now {})",
                self.serial,
                utc_text(now)
            ),
        ))
    }
}

/// Unix seconds as RFC 3339 UTC text (the number itself if out of range).
fn utc_text(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| secs.to_string())
}

impl fmt::Debug for PlatformCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformCertificate")
            .field("serial", &self.serial)
            .field("bits", &self.key.bits)
            .field("not_before", &utc_text(self.not_before))
            .field("not_after", &utc_text(self.not_after))
            .finish()
    }
}

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

fn check_key_id(id: &str) -> Result<(), Error> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        // Never echo long or PEM-like text: swapped arguments would put a key into the error.
        let found = if id.contains("-----") {
            "text that looks like PEM (are the id and pem arguments swapped?)".to_owned()
        } else if id.chars().count() > 64 {
            format!(
                "a {}-character string that is not an ID",
                id.chars().count()
            )
        } else {
            format!("{id:?}")
        };
        return Err(Error::key(
            "a public key ID such as PUB_KEY_ID_0114232134912410000000000000000000 (letters, digits, _)",
            found,
        ));
    }
    Ok(())
}

fn read_blocks(text: &str, expected: &'static str) -> Result<Vec<PemBlock>, Error> {
    pem::parse(text).map_err(|e| Error::key(expected, e.describe()))
}

fn find_block<'b>(
    blocks: &'b [PemBlock],
    labels: &[&str],
    expected: &'static str,
) -> Result<&'b PemBlock, Error> {
    if let Some(block) = blocks.iter().find(|b| labels.contains(&b.label.as_str())) {
        return Ok(block);
    }
    let found: Vec<String> = blocks
        .iter()
        .map(|b| pem::describe_label(&b.label))
        .collect();
    Err(Error::key(expected, found.join(" and ")))
}

fn pem_text<'t>(bytes: &'t [u8], expected: &'static str) -> Result<&'t str, Error> {
    std::str::from_utf8(bytes).map_err(|_| {
        Error::key(
            expected,
            "bytes that are not text (binary DER? convert with `openssl … -outform PEM`)",
        )
    })
}

/// Rejects RSA sizes outside what ring (and WeChat Pay) accept, naming the size found.
fn check_bits(bits: usize, expected: &'static str, what: String) -> Result<(), Error> {
    if (2048..=8192).contains(&bits) {
        return Ok(());
    }
    Err(Error::key(
        expected,
        format!(
            "{} {bits}-bit {what}; 2048 to 8192 bits are accepted",
            article(bits)
        ),
    ))
}

/// "a" or "an" before a number of bits as it is read aloud ("an 8192-bit", "an 1100-bit").
fn article(bits: usize) -> &'static str {
    let digits = bits.to_string();
    let eleven_or_eighteen =
        digits.len() == 4 && (digits.starts_with("11") || digits.starts_with("18"));
    if digits.starts_with('8') || eleven_or_eighteen {
        "an"
    } else {
        "a"
    }
}

/// ring's reason for rejecting a key whose algorithm and size were fine, in plain words
/// (its own names, such as `InconsistentComponents`, mean nothing to a user).
fn describe_rejection(rejected: &ring::error::KeyRejected) -> &'static str {
    match rejected.to_string().as_str() {
        "InvalidEncoding" => "its DER encoding is invalid",
        "InconsistentComponents" => "its components are inconsistent (a corrupted key?)",
        "VersionNotSupported" => "its version is not supported (multi-prime keys are not)",
        "InvalidComponent" => "one of its components is invalid",
        "PublicKeyIsMissing" => "its public key is missing",
        _ => "it is malformed",
    }
}

/// Adds the file name to a key error found while loading it.
fn in_file<T>(path: &Path, result: Result<T, Error>) -> Result<T, Error> {
    result.map_err(|e| match e {
        Error::Key { expected, found } => Error::Key {
            expected,
            found: format!("{found} (in file {})", path.display()),
        },
        other => other,
    })
}

fn read_file(path: &Path, expected: &'static str) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::key(
            expected,
            format!("an unreadable file {}: {e}", path.display()),
        )
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::key(
            expected,
            format!("an empty file {}", path.display()),
        ));
    }
    let text = in_file(path, pem_text(&bytes, expected))?.to_owned();
    // Best-effort wipe of the raw copy; `text` is dropped by the caller after parsing.
    let mut bytes = bytes;
    bytes.fill(0);
    std::hint::black_box(&bytes);
    Ok(text)
}

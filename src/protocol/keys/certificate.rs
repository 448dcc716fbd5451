//! [`PlatformCertificate`]: a WeChat Pay platform certificate (certificate mode), its serial
//! and validity period.

use std::fmt;
use std::path::Path;

use super::load::{find_block, in_file, pem_text, read_blocks, read_file};
use super::rsa_public::RsaPublicKey;
use crate::error::Error;
use crate::protocol::der;

const EXPECT_CERT: &str = "an X.509 certificate in PEM (BEGIN CERTIFICATE) with an RSA key";

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
    pub(super) serial: String,
    pub(super) key: RsaPublicKey,
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

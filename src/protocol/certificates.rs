//! Platform certificates (for merchants still in certificate mode): reading the answer of
//! `GET /v3/certificates`, whose certificates are AES-256-GCM-encrypted with the APIv3 key
//! (AAD `certificate`), as a pure function of headers, body, keys and clock.
//!
//! **The bootstrap, and what it does not protect against.** The answer is signed by one of
//! the certificates it carries. Like the official downloaders (wechatpay-java
//! `CertificateProvider`, wechatpay-go `downloader`), the signature is checked with the
//! certificate named by `Wechatpay-Serial` among those just decrypted (or among the keys
//! already configured). That is acceptable because only WeChat Pay and you know the APIv3
//! key: a certificate that decrypts under it was put there by WeChat Pay, and the signature
//! proves the answer came from the holder of that certificate's key. It does **not** protect
//! against an attacker who knows your APIv3 key (rotate it if it leaks), and nothing checks
//! the certificate chain: the first download trusts TLS to `api.mch.weixin.qq.com`. When you
//! can, compare the serials with those shown in the merchant platform, or move to the
//! WeChat Pay public key.

use crate::error::{DecodeError, Error, VerificationError};
use crate::model::Text;
use crate::protocol::aead::ApiV3Key;
use crate::protocol::headers;
use crate::protocol::keys::{PlatformCertificate, VerifierKeys};
use crate::protocol::notify::AEAD_AES_256_GCM;
use crate::protocol::verify::{verify_response, SignatureHeaders};

/// The request-target of the download.
pub const CERTIFICATES_PATH: &str = "/v3/certificates";
/// The endpoint name of the download in errors.
pub const DOWNLOAD_ENDPOINT: &str = "download_certificates";
/// The associated data WeChat Pay encrypts certificates with.
pub const CERTIFICATE_AAD: &str = "certificate";

/// The answer of `GET /v3/certificates`.
#[derive(serde::Deserialize)]
struct Download<'a> {
    #[serde(borrow)]
    data: Vec<Entry<'a>>,
}

#[derive(serde::Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    serial_no: Text<'a>,
    #[serde(borrow)]
    encrypt_certificate: Encrypted<'a>,
}

#[derive(serde::Deserialize)]
struct Encrypted<'a> {
    #[serde(borrow)]
    algorithm: Text<'a>,
    #[serde(borrow)]
    nonce: Text<'a>,
    #[serde(borrow, default)]
    associated_data: Option<Text<'a>>,
    #[serde(borrow)]
    ciphertext: Text<'a>,
}

/// Reads a certificate download: decrypts each certificate with `apiv3_key`, loads it,
/// checks that its serial is the one announced, verifies the answer's signature with the
/// certificate `Wechatpay-Serial` names (among those decrypted and `configured`), and
/// checks that each certificate is valid at `now` (Unix seconds). See the module
/// documentation for what this bootstrap does and does not protect against.
///
/// Errors: a signature failure is [`Error::Verification`] (endpoint
/// `download_certificates`); a certificate that does not decrypt, load, match its serial or
/// is outside its validity is [`Error::Key`] naming it (with its dates); a body that is not
/// the documented JSON is [`Error::Decode`].
///
/// ```
/// use wechatpay_product_coupon::aead::ApiV3Key;
/// use wechatpay_product_coupon::certificates::read_certificate_download;
/// use wechatpay_product_coupon::verify::response_message;
/// use wechatpay_product_coupon::{MerchantPrivateKey, VerifierKeys};
///
/// // wechatpay-java's download vector (TEST keys), re-signed with a key we hold.
/// let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
/// let ciphertext = std::fs::read_to_string(format!("{data}/java_download_certificate_ciphertext.b64"))?;
/// let body = format!(
///     r#"{{"data":[{{"serial_no":"5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC","effective_time":"2023-09-19T23:15:58+08:00","expire_time":"2028-09-17T23:15:58+08:00","encrypt_certificate":{{"algorithm":"AEAD_AES_256_GCM","nonce":"14b16c03dc1b","associated_data":"certificate","ciphertext":"{}"}}}}]}}"#,
///     ciphertext.trim()
/// );
/// let apiv3_key = ApiV3Key::new("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")?;
/// // Nobody outside WeChat Pay holds that certificate's private key, so the download cannot
/// // verify: the signature below is made with another key and is refused.
/// let other = MerchantPrivateKey::from_pem_file(format!("{data}/java_wechat_pay_private_key.pem"))?;
/// let signature = other.sign_base64(&response_message("1754064001", "N", body.as_bytes()))?;
/// let headers: [(&str, &[u8]); 4] = [
///     ("Wechatpay-Timestamp", b"1754064001"),
///     ("Wechatpay-Nonce", b"N"),
///     ("Wechatpay-Signature", signature.as_bytes()),
///     ("Wechatpay-Serial", b"5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC"),
/// ];
/// let err = read_certificate_download(&apiv3_key, &VerifierKeys::new(), headers, body.as_bytes(), 1_754_064_001, 300)
///     .unwrap_err();
/// assert!(err.to_string().contains("download_certificates: response verification failed"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_certificate_download<'h, I>(
    apiv3_key: &ApiV3Key,
    configured: &VerifierKeys,
    headers: I,
    body: &[u8],
    now: i64,
    window_secs: u64,
) -> Result<Vec<PlatformCertificate>, Error>
where
    I: IntoIterator<Item = (&'h str, &'h [u8])>,
{
    let mut request_id: Option<&'h [u8]> = None;
    let pairs = headers.into_iter().inspect(|(name, value)| {
        if name.eq_ignore_ascii_case(headers::REQUEST_ID) {
            request_id = Some(value);
        }
    });
    let signature = SignatureHeaders::from_pairs(pairs);
    let request_id = request_id
        .and_then(|v| std::str::from_utf8(v).ok())
        .map(str::to_owned);
    let download: Download<'_> = serde_json::from_slice(body).map_err(|e| {
        Error::Decode(DecodeError::new(
            "CertificateDownload",
            e.to_string(),
            request_id.clone(),
        ))
    })?;
    let mut certificates = Vec::with_capacity(download.data.len());
    for entry in &download.data {
        certificates.push(decrypt_entry(apiv3_key, entry)?);
    }
    let keys = certificates
        .iter()
        .cloned()
        .fold(configured.clone(), VerifierKeys::with_certificate);
    signature
        .and_then(|sig| verify_response(&keys, &sig, body, now, window_secs))
        .map_err(|reason| {
            Error::Verification(VerificationError::new(
                DOWNLOAD_ENDPOINT,
                reason,
                request_id.clone(),
            ))
        })?;
    for cert in &certificates {
        cert.check_valid_at(now)?;
    }
    if certificates.is_empty() {
        return Err(Error::key(
            "at least one platform certificate in the download",
            "an empty `data` list",
        ));
    }
    Ok(certificates)
}

/// Decrypts and loads one certificate of a download.
fn decrypt_entry(apiv3_key: &ApiV3Key, entry: &Entry<'_>) -> Result<PlatformCertificate, Error> {
    const EXPECTED: &str = "a platform certificate encrypted with the configured APIv3 key";
    let serial = entry.serial_no.as_str();
    let encrypted = &entry.encrypt_certificate;
    if encrypted.algorithm != AEAD_AES_256_GCM {
        return Err(Error::key(
            EXPECTED,
            format!(
                "certificate {serial} encrypted with {:?}, not {AEAD_AES_256_GCM}",
                encrypted.algorithm.chars().take(64).collect::<String>()
            ),
        ));
    }
    let aad = encrypted.associated_data.as_deref().unwrap_or_default();
    let pem = apiv3_key
        .decrypt(&encrypted.nonce, aad, &encrypted.ciphertext)
        .map_err(|e| Error::key(EXPECTED, format!("certificate {serial}: {e}")))?;
    let cert = PlatformCertificate::from_pem_bytes(&pem)?;
    if cert.serial() != serial {
        return Err(Error::key(
            "a downloaded certificate whose serial is the announced `serial_no`",
            format!(
                "serial_no {serial} announcing certificate {}",
                cert.serial()
            ),
        ));
    }
    Ok(cert)
}

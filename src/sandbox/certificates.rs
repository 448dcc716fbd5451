//! `GET /v3/certificates`: the sandbox's platform certificate, encrypted with the test APIv3
//! key (AES-256-GCM, AAD `certificate`), in the documented shape. The answer is signed with
//! that certificate's key whatever the request's `Wechatpay-Serial`, as the official
//! downloaders expect (they verify the download with the certificate it carries).

use ring::rand::{SecureRandom, SystemRandom};
use serde_json::json;

use super::identity::{PLATFORM_SERIAL, TEST_APIV3_KEY, TEST_PLATFORM_CERTIFICATE_PEM};
use super::seed::beijing_text;
use crate::protocol::aead::ApiV3Key;
use crate::protocol::certificates::CERTIFICATE_AAD;
use crate::protocol::keys::PlatformCertificate;

/// The body of the download answer.
pub(crate) fn download_body() -> Vec<u8> {
    let rng = SystemRandom::new();
    let mut bytes = [0u8; 6];
    if rng.fill(&mut bytes).is_err() {
        bytes = [3; 6];
    }
    let nonce: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let ciphertext = ApiV3Key::new(TEST_APIV3_KEY)
        .ok()
        .and_then(|key| {
            key.encrypt(
                &nonce,
                CERTIFICATE_AAD,
                TEST_PLATFORM_CERTIFICATE_PEM.as_bytes(),
            )
            .ok()
        })
        .unwrap_or_default();
    let (from, until) = PlatformCertificate::from_pem(TEST_PLATFORM_CERTIFICATE_PEM)
        .map(|c| (c.not_before(), c.not_after()))
        .unwrap_or_default();
    let text = |secs: i64| {
        time::OffsetDateTime::from_unix_timestamp(secs)
            .map(beijing_text)
            .unwrap_or_default()
    };
    let body = json!({
        "data": [{
            "serial_no": PLATFORM_SERIAL,
            "effective_time": text(from),
            "expire_time": text(until),
            "encrypt_certificate": {
                "algorithm": "AEAD_AES_256_GCM",
                "nonce": nonce,
                "associated_data": CERTIFICATE_AAD,
                "ciphertext": ciphertext,
            },
        }],
    });
    serde_json::to_vec(&body).unwrap_or_default()
}

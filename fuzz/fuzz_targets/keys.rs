//! Key loading: arbitrary bytes as PEM text, and as the DER inside each PEM label the crate
//! reads. Loading must never panic; errors are expected for almost every input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_product_coupon::{MerchantPrivateKey, PlatformCertificate, WechatPayPublicKey};

const KEY_ID: &str = "PUB_KEY_ID_FUZZ";

/// Labels whose Base64 body is decoded and handed to the DER readers (ours or ring's).
const LABELS: [&str; 5] = [
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "CERTIFICATE",
];

/// Standard Base64 with padding, in 64-character lines as PEM writes it.
fn pem_wrap(label: &str, der: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::with_capacity(der.len().div_ceil(3) * 4);
    for chunk in der.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                b64.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 0x3F) as usize]));
            } else {
                b64.push('=');
            }
        }
    }
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn load_all(pem: &[u8]) {
    if let Ok(key) = MerchantPrivateKey::from_pem_bytes(pem) {
        // ring accepts 2048..=8192-bit RSA keys only.
        assert!((2048..=8192).contains(&key.bits()), "{key:?}");
        let _ = format!("{key:?}");
    }
    if let Ok(key) = WechatPayPublicKey::from_pem_bytes(KEY_ID, pem) {
        assert_eq!(key.id(), KEY_ID);
        let _ = format!("{key:?}");
    }
    if let Ok(cert) = PlatformCertificate::from_pem_bytes(pem) {
        let serial = cert.serial();
        assert!(!serial.is_empty(), "{cert:?}");
        assert!(
            serial
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)),
            "{cert:?}"
        );
        let _ = format!("{cert:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    load_all(data);
    for label in LABELS {
        load_all(pem_wrap(label, data).as_bytes());
    }
});

//! Response verification: accepted vectors (public-key and certificate mode), and every
//! rejection with its exact `VerifyFailure`. Pure: no sockets, `now` is injected.

#[path = "../common/mod.rs"]
mod common;

mod accepted;
mod signature_headers;
mod tampering;
mod timestamp_window;

use common::*;
use std::ffi::OsStr;
use std::path::Path;

use base64::Engine as _;
use wechatpay_product_coupon::headers;
use wechatpay_product_coupon::verify::{
    self, SignatureHeaders, VerifyFailure, DEFAULT_WINDOW_SECS, SIGNTEST_PREFIX,
};
use wechatpay_product_coupon::{PlatformCertificate, VerifierKeys, WechatPayPublicKey};

const GO_CERT_SERIAL: &str = "D7CE59D1F522D701";
const GO_NOW: i64 = 1624523846;
const SANDBOX_PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001";
const SANDBOX_PLATFORM_SERIAL: &str = "5A4E44424F58000000000000000000000002";

fn s(v: &serde_json::Value) -> String {
    v.as_str().expect("a JSON string").to_owned()
}

/// A response as the verifier sees it: the four headers (as ordered pairs) and the raw body.
#[derive(Clone, Debug)]
struct Response {
    timestamp: String,
    nonce: String,
    signature: String,
    serial: String,
    body: Vec<u8>,
}

impl Response {
    fn ts(&self) -> i64 {
        self.timestamp.parse().expect("numeric timestamp")
    }

    /// The headers with WeChat Pay's spelling, plus unrelated ones that must be ignored.
    fn pairs(&self) -> Vec<(String, Vec<u8>)> {
        vec![
            ("Content-Type".into(), b"application/json".to_vec()),
            (
                headers::TIMESTAMP.into(),
                self.timestamp.clone().into_bytes(),
            ),
            (headers::NONCE.into(), self.nonce.clone().into_bytes()),
            (
                headers::SIGNATURE.into(),
                self.signature.clone().into_bytes(),
            ),
            (headers::SERIAL.into(), self.serial.clone().into_bytes()),
            (
                headers::REQUEST_ID.into(),
                b"08F4B1A9B30610E5A2C7F7AB0C-0".to_vec(),
            ),
        ]
    }

    fn verify(&self, keys: &VerifierKeys, now: i64) -> Result<(), VerifyFailure> {
        verify_pairs(keys, &self.pairs(), &self.body, now)
    }
}

fn verify_pairs(
    keys: &VerifierKeys,
    pairs: &[(String, Vec<u8>)],
    body: &[u8],
    now: i64,
) -> Result<(), VerifyFailure> {
    let sig = SignatureHeaders::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_slice())))?;
    verify::verify_response(keys, &sig, body, now, DEFAULT_WINDOW_SECS)
}

fn from_pairs(pairs: &[(String, Vec<u8>)]) -> Result<SignatureHeaders<'_>, VerifyFailure> {
    SignatureHeaders::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_slice())))
}

fn public_key() -> WechatPayPublicKey {
    WechatPayPublicKey::from_pem(PUB_KEY_ID, &read_data("java_wechat_pay_public_key.pem"))
        .expect("public key loads")
}

fn go_certificate() -> PlatformCertificate {
    PlatformCertificate::from_pem(&read_data("go_notify_test_platform_certificate.pem"))
        .expect("certificate loads")
}

fn public_key_mode() -> VerifierKeys {
    VerifierKeys::new().with_public_key(public_key())
}

fn certificate_mode() -> VerifierKeys {
    VerifierKeys::new().with_certificate(go_certificate())
}

fn both_modes() -> VerifierKeys {
    VerifierKeys::new()
        .with_public_key(public_key())
        .with_certificate(go_certificate())
}

/// The derived public-key-mode response vector.
fn derived_response() -> Response {
    let v = read_json("derived_vectors.json");
    let r = &v["response_verification_public_key_mode"];
    Response {
        timestamp: s(&r["Wechatpay-Timestamp"]),
        nonce: s(&r["Wechatpay-Nonce"]),
        signature: s(&r["Wechatpay-Signature"]),
        serial: s(&r["Wechatpay-Serial"]),
        body: s(&r["body"]).into_bytes(),
    }
}

/// The derived 204 (empty body) vector: same timestamp, nonce and key as the one above.
fn derived_204() -> Response {
    let v = read_json("derived_vectors.json");
    let base = derived_response();
    Response {
        signature: s(&v["response_verification_empty_body_204"]["Wechatpay-Signature"]),
        body: Vec::new(),
        ..base
    }
}

/// The official Go notification vector (certificate mode).
fn go_notification() -> Response {
    let v = read_json("official_vectors.json");
    let h = &v["go_notify_full"]["headers"];
    Response {
        timestamp: s(&h["Wechatpay-Timestamp"]),
        nonce: s(&h["Wechatpay-Nonce"]),
        signature: s(&h["Wechatpay-Signature"]),
        serial: s(&h["Wechatpay-Serial"]),
        body: std::fs::read(data_path("go_notify_body.json")).expect("go_notify_body.json"),
    }
}

fn replace_header(pairs: &mut [(String, Vec<u8>)], name: &str, value: &[u8]) {
    let slot = pairs
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .expect("header present");
    slot.1 = value.to_vec();
}

/// Signs `timestamp\nnonce\nbody\n` with `openssl dgst -sha256 -sign key` (Base64 result).
fn openssl_sign_response(key: &Path, timestamp: &str, nonce: &str, body: &[u8]) -> String {
    let scratch = Scratch::new("sign");
    let mut message = format!("{timestamp}\n{nonce}\n").into_bytes();
    message.extend_from_slice(body);
    message.push(b'\n');
    let msg = scratch.path("msg.bin");
    std::fs::write(&msg, &message).expect("write message");
    let sig = scratch.path("sig.bin");
    let (ok, _, stderr) = openssl([
        OsStr::new("dgst"),
        OsStr::new("-sha256"),
        OsStr::new("-sign"),
        key.as_os_str(),
        OsStr::new("-out"),
        sig.as_os_str(),
        msg.as_os_str(),
    ]);
    assert!(ok, "openssl dgst -sign failed: {stderr}");
    base64::engine::general_purpose::STANDARD.encode(std::fs::read(&sig).expect("signature"))
}

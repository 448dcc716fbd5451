//! Notifications: the official AES-256-GCM vectors, the derived `PRODUCT_COUPON_SP.SEND`
//! vector, a cross-check of AES-256-GCM against Node's `crypto` (an independent
//! implementation), and every rejection with the step it names. Pure: `now` is injected.

#[path = "../common/mod.rs"]
mod common;

mod accepted;
mod rejections;
mod vectors;

use common::*;
use std::process::Command;

use wechatpay_product_coupon::aead::{AeadError, ApiV3Key};
use wechatpay_product_coupon::error::{NotificationStep, VerifyFailure};
use wechatpay_product_coupon::model::{Notification, NotificationEvent};
use wechatpay_product_coupon::notify::{parse_notification, NotificationReply};
use wechatpay_product_coupon::verify::response_message;
use wechatpay_product_coupon::{
    Error, MerchantPrivateKey, PlatformCertificate, VerifierKeys, WechatPayPublicKey,
};

/// wechatpay-java `TestConfig.API_V3_KEY` (a public test key).
const JAVA_APIV3_KEY: &str = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
/// The derived vector's `Wechatpay-Timestamp`.
const TS: i64 = 1_754_064_001;

fn vector() -> serde_json::Value {
    derived()["notification_product_coupon_sp_send"].clone()
}

fn keys() -> VerifierKeys {
    let pem = read_data("java_wechat_pay_public_key.pem");
    let key = WechatPayPublicKey::from_pem(PUB_KEY_ID, &pem).expect("test public key");
    VerifierKeys::new().with_public_key(key)
}

fn apiv3_key() -> ApiV3Key {
    ApiV3Key::new(JAVA_APIV3_KEY).expect("32-byte key")
}

/// The private half of `java_wechat_pay_public_key.pem` (wechatpay-java test resources), to
/// sign crafted notifications as WeChat Pay would.
fn wechatpay_signer() -> MerchantPrivateKey {
    MerchantPrivateKey::from_pem(&read_data("java_wechat_pay_private_key.pem")).expect("test key")
}

/// A notification request: headers as owned pairs, and the raw body.
#[derive(Clone)]
struct Request {
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Request {
    /// The derived vector, verbatim.
    fn vector() -> Self {
        let v = vector();
        let headers = v["headers"]
            .as_object()
            .expect("headers object")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("text").as_bytes().to_vec()))
            .collect();
        let body = v["body"].as_str().expect("body").as_bytes().to_vec();
        Request { headers, body }
    }

    /// `body`, signed at `ts` with the test WeChat Pay key under `PUB_KEY_ID`.
    fn signed(body: &str, ts: i64) -> Self {
        let ts = ts.to_string();
        let nonce = "n0nce4test00000000000000000000ab";
        let signature = wechatpay_signer()
            .sign_base64(&response_message(&ts, nonce, body.as_bytes()))
            .expect("sign");
        Request {
            headers: vec![
                ("Wechatpay-Timestamp".into(), ts.into_bytes()),
                ("Wechatpay-Nonce".into(), nonce.as_bytes().to_vec()),
                ("Wechatpay-Signature".into(), signature.into_bytes()),
                ("Wechatpay-Serial".into(), PUB_KEY_ID.as_bytes().to_vec()),
                (
                    "Wechatpay-Signature-Type".into(),
                    b"WECHATPAY2-SHA256-RSA2048".to_vec(),
                ),
                ("Request-ID".into(), b"08AAAA-0".to_vec()),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    fn without(mut self, header: &str) -> Self {
        self.headers
            .retain(|(k, _)| !k.eq_ignore_ascii_case(header));
        self
    }

    fn set(mut self, header: &str, value: &str) -> Self {
        for (k, v) in &mut self.headers {
            if k.eq_ignore_ascii_case(header) {
                *v = value.as_bytes().to_vec();
            }
        }
        self
    }

    fn parse_with(
        &self,
        keys: &VerifierKeys,
        key: &ApiV3Key,
        now: i64,
    ) -> Result<Notification, Error> {
        let pairs = self.headers.iter().map(|(k, v)| (k.as_str(), v.as_slice()));
        parse_notification(keys, key, pairs, &self.body, now, 300)
    }

    fn parse(&self, now: i64) -> Result<Notification, Error> {
        self.parse_with(&keys(), &apiv3_key(), now)
    }
}

/// An envelope around `resource` (a JSON object text), for crafted notifications.
fn envelope(event_type: &str, resource: &str) -> String {
    format!(
        r#"{{"id":"EV-TEST-1","create_time":"2025-08-02T00:00:01+08:00","resource_type":"encrypt-resource","event_type":"{event_type}","summary":"商品券通知","resource":{resource}}}"#
    )
}

/// A resource encrypting `plaintext` with the Java test key.
fn resource(nonce: &str, aad: Option<&str>, plaintext: &str) -> String {
    let ciphertext = apiv3_key()
        .encrypt(nonce, aad.unwrap_or_default(), plaintext.as_bytes())
        .expect("encrypt");
    let aad = aad.map_or(String::new(), |a| format!(r#","associated_data":"{a}""#));
    format!(
        r#"{{"original_type":"product_coupon","algorithm":"AEAD_AES_256_GCM","ciphertext":"{ciphertext}","nonce":"{nonce}"{aad}}}"#
    )
}

fn step(result: Result<Notification, Error>) -> NotificationStep {
    match result {
        Err(Error::Notification(n)) => n.step,
        other => panic!("expected a notification error, got {other:?}"),
    }
}

fn failure(result: Result<Notification, Error>) -> VerifyFailure {
    match result {
        Err(Error::Verification(v)) => {
            assert_eq!(v.endpoint, "notification");
            v.reason
        }
        other => panic!("expected a verification error, got {other:?}"),
    }
}

fn send_plaintext() -> String {
    vector()["expected_plaintext"]
        .as_str()
        .expect("text")
        .to_owned()
}

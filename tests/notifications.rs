//! Notifications: the official AES-256-GCM vectors, the derived `PRODUCT_COUPON_SP.SEND`
//! vector, a cross-check of AES-256-GCM against Node's `crypto` (an independent
//! implementation), and every rejection with the step it names. Pure: `now` is injected.

mod common;

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
const PUB_KEY_ID: &str = "PUB_KEY_ID_illustrative";
/// The derived vector's `Wechatpay-Timestamp`.
const TS: i64 = 1_754_064_001;

fn vector() -> serde_json::Value {
    let all: serde_json::Value =
        serde_json::from_str(&read_data("derived_vectors.json")).expect("derived vectors parse");
    all["notification_product_coupon_sp_send"].clone()
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

// ---------------------------------------------------------------------------------------------
// Official AES-256-GCM vectors
// ---------------------------------------------------------------------------------------------

#[test]
fn java_aead_aes_cipher_test_vector_decrypts_and_encrypts() {
    // wechatpay-java AeadAesCipherTest.
    let key = apiv3_key();
    let plain = key.decrypt(
        "uluk4a9R25RW",
        "associatedData",
        "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=",
    );
    assert_eq!(plain.as_deref(), Ok(&b"message"[..]));
    let sealed = key.encrypt("uluk4a9R25RW", "associatedData", b"message");
    assert_eq!(sealed.as_deref(), Ok("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI="));
}

#[test]
fn java_certificate_download_vector_decrypts_to_the_certificate() {
    // wechatpay-java TestConfig.DOWNLOAD_CERTIFICATE_RESPONSE: AAD "certificate".
    let ciphertext = read_data("java_download_certificate_ciphertext.b64");
    let plain = apiv3_key()
        .decrypt("14b16c03dc1b", "certificate", ciphertext.trim())
        .expect("the official vector decrypts");
    let expected = read_data("java_download_certificate_plaintext.pem");
    assert_eq!(String::from_utf8_lossy(&plain).trim(), expected.trim());
    let cert = PlatformCertificate::from_pem_bytes(&plain).expect("a certificate");
    assert_eq!(cert.serial(), "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC");
    // Another AAD fails authentication: the AAD is bound.
    let other = apiv3_key().decrypt("14b16c03dc1b", "", ciphertext.trim());
    assert_eq!(other, Err(AeadError::Authentication));
}

#[test]
fn aes_256_gcm_agrees_with_node_crypto_both_ways() {
    // Node's `crypto` (OpenSSL underneath) is an implementation independent of ring.
    let script = r#"
const c = require('crypto');
const [key, nonce, aad, ours, plain] = process.argv.slice(1);
const d = c.createDecipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
const raw = Buffer.from(ours, 'base64');
d.setAuthTag(raw.subarray(raw.length - 16));
d.setAAD(Buffer.from(aad));
const opened = Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]).toString();
const e = c.createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
e.setAAD(Buffer.from(aad));
const sealed = Buffer.concat([e.update(Buffer.from(plain)), e.final(), e.getAuthTag()]).toString('base64');
console.log(JSON.stringify({opened, sealed}));
"#;
    let key = apiv3_key();
    for (nonce, aad, plain) in [
        ("0123456789ab", "product_coupon", send_plaintext()),
        ("zzzzzzzzzzzz", "", "{}".to_owned()),
        ("AbCdEfGhIjKl", "certificate", "多字节 UTF-8 ✓".to_owned()),
    ] {
        let ours = key.encrypt(nonce, aad, plain.as_bytes()).expect("encrypt");
        let out = Command::new("node")
            .args(["-e", script, JAVA_APIV3_KEY, nonce, aad, &ours, &plain])
            .output()
            .expect("node must be installed for this cross-check");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let node: serde_json::Value = serde_json::from_slice(&out.stdout).expect("node JSON");
        assert_eq!(
            node["opened"],
            plain.as_str(),
            "node opens what ring sealed"
        );
        let theirs = node["sealed"].as_str().expect("text");
        assert_eq!(
            theirs, ours,
            "the same key, nonce and AAD give the same bytes"
        );
        let opened = key
            .decrypt(nonce, aad, theirs)
            .expect("ring opens what node sealed");
        assert_eq!(opened, plain.as_bytes());
    }
}

// ---------------------------------------------------------------------------------------------
// The derived PRODUCT_COUPON_SP.SEND vector
// ---------------------------------------------------------------------------------------------

#[test]
fn the_derived_send_notification_verifies_decrypts_and_parses() {
    let n = Request::vector()
        .parse(TS + 10)
        .expect("the vector is accepted");
    assert_eq!(n.id, "EV-2018022511223320873");
    assert_eq!(n.event_type, "PRODUCT_COUPON_SP.SEND");
    assert_eq!(n.create_time, "2025-08-02T00:00:01+08:00");
    assert_eq!(n.resource_type, "encrypt-resource");
    assert_eq!(n.summary, "商品券通知");
    assert_eq!(n.original_type, "product_coupon");
    assert_eq!(n.plaintext, send_plaintext());
    let NotificationEvent::CouponSent(sent) = &n.event else {
        panic!("expected CouponSent, got {:?}", n.event);
    };
    assert_eq!(sent.coupon_code, "Code_123456");
    assert_eq!(sent.openid, "oh-394z-6CGkNoJrsDLTTUKiAnp4");
    assert_eq!(sent.product_coupon_id, "1000000013");
    assert_eq!(sent.stock_id, "1000000013001");
    assert_eq!(sent.brand_id, "120344");
    assert_eq!(sent.send_request_no, "MCHSEND202003101234");
    assert_eq!(sent.send_channel.as_ref().map(|c| c.as_str()), Some("API"));
    assert_eq!(
        sent.unionid.as_deref(),
        Some("o6_bmasdasdsad6_2sgVt7hMZOPfL")
    );
    assert_eq!(
        sent.valid_end_time.as_ref().map(|t| t.as_str()),
        Some("2025-08-31T23:59:59+08:00")
    );
    // The event serializes with its kind, for storage and for the C ABI.
    let json = serde_json::to_value(&n).expect("serialize");
    assert_eq!(json["event"]["kind"], "coupon_sent");
    assert_eq!(json["event"]["coupon_code"], "Code_123456");
}

#[test]
fn header_names_are_case_insensitive_and_other_headers_are_ignored() {
    let mut req = Request::vector();
    for (k, _) in &mut req.headers {
        *k = k.to_ascii_lowercase();
    }
    req.headers
        .push(("X-Forwarded-For".into(), b"10.0.0.1".to_vec()));
    assert!(req.parse(TS).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Rejections: signature first
// ---------------------------------------------------------------------------------------------

#[test]
fn a_tampered_body_is_rejected_before_anything_is_decrypted() {
    let mut req = Request::vector();
    let body = String::from_utf8(req.body.clone()).expect("utf-8");
    req.body = body.replace("商品券通知", "商品券通知!").into_bytes();
    assert!(matches!(
        failure(req.parse(TS)),
        VerifyFailure::SignatureMismatch { .. }
    ));
    // Re-serialized JSON (same content, other bytes) is a tampered body too.
    let mut req = Request::vector();
    let value: serde_json::Value = serde_json::from_slice(&req.body).expect("json");
    req.body = serde_json::to_vec_pretty(&value).expect("json");
    assert!(matches!(
        failure(req.parse(TS)),
        VerifyFailure::SignatureMismatch { .. }
    ));
}

#[test]
fn a_stale_or_future_notification_is_rejected() {
    let req = Request::vector();
    assert!(req.parse(TS + 299).is_ok());
    for now in [TS + 300, TS - 300, TS + 86_400] {
        assert!(
            matches!(
                failure(req.parse(now)),
                VerifyFailure::TimestampOutOfWindow { .. }
            ),
            "now = {now}"
        );
    }
}

#[test]
fn an_unknown_serial_is_rejected_and_named() {
    let req = Request::vector().set("Wechatpay-Serial", "PUB_KEY_ID_other");
    match failure(req.parse(TS)) {
        VerifyFailure::UnknownSerial {
            received,
            configured,
        } => {
            assert_eq!(received, "PUB_KEY_ID_other");
            assert_eq!(configured, [PUB_KEY_ID]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_missing_signature_header_is_rejected_by_name() {
    for header in [
        "Wechatpay-Timestamp",
        "Wechatpay-Nonce",
        "Wechatpay-Signature",
        "Wechatpay-Serial",
    ] {
        let req = Request::vector().without(header);
        assert_eq!(failure(req.parse(TS)), VerifyFailure::MissingHeader(header));
        let empty = Request::vector().set(header, "");
        assert_eq!(
            failure(empty.parse(TS)),
            VerifyFailure::MissingHeader(header)
        );
    }
    let mut twice = Request::vector();
    twice
        .headers
        .push(("wechatpay-nonce".into(), b"again".to_vec()));
    assert_eq!(
        failure(twice.parse(TS)),
        VerifyFailure::DuplicateHeader("Wechatpay-Nonce")
    );
}

#[test]
fn signtest_probes_and_bad_base64_are_rejected() {
    let probe = Request::vector().set("Wechatpay-Signature", "WECHATPAY/SIGNTEST/AAAA");
    assert_eq!(failure(probe.parse(TS)), VerifyFailure::SignatureProbe);
    let garbage = Request::vector().set("Wechatpay-Signature", "@@@");
    assert_eq!(
        failure(garbage.parse(TS)),
        VerifyFailure::SignatureNotBase64
    );
}

#[test]
fn an_unsigned_garbage_body_is_a_signature_failure_not_a_parse_failure() {
    // Fail closed, in order: nothing of an unverified body is read.
    let mut req = Request::vector();
    req.body = b"not json at all".to_vec();
    assert!(matches!(
        failure(req.parse(TS)),
        VerifyFailure::SignatureMismatch { .. }
    ));
    let wrong_key = ApiV3Key::new("b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb").expect("key");
    let mut req = Request::vector();
    req.body.push(b' ');
    assert!(matches!(
        failure(req.parse_with(&keys(), &wrong_key, TS)),
        VerifyFailure::SignatureMismatch { .. }
    ));
}

#[test]
fn verification_errors_carry_the_request_id_and_say_notification() {
    let err = Request::signed("{}", TS)
        .set("Wechatpay-Signature", "WECHATPAY/SIGNTEST/AAAA")
        .parse(TS)
        .expect_err("probe");
    assert_eq!(err.request_id(), Some("08AAAA-0"));
    assert!(
        err.to_string()
            .starts_with("notification verification failed"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Rejections after verification: algorithm, decryption, payload
// ---------------------------------------------------------------------------------------------

#[test]
fn the_wrong_apiv3_key_fails_at_decryption_and_says_so() {
    let wrong = ApiV3Key::new("b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb").expect("key");
    let result = Request::vector().parse_with(&keys(), &wrong, TS);
    let message = result
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert_eq!(step(result), NotificationStep::Decrypt);
    assert!(message.contains("APIv3 key"), "{message}");
    assert!(message.contains("EV-2018022511223320873"), "{message}");
    assert!(
        !message.contains("b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"),
        "{message}"
    );
}

#[test]
fn a_bad_nonce_length_fails_at_decryption() {
    for nonce in ["short", "0123456789abc", ""] {
        let body = envelope(
            "PRODUCT_COUPON_SP.SEND",
            &format!(
                r#"{{"algorithm":"AEAD_AES_256_GCM","ciphertext":"ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=","nonce":"{nonce}","associated_data":"x"}}"#
            ),
        );
        let result = Request::signed(&body, TS).parse(TS);
        let message = result
            .as_ref()
            .err()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert_eq!(step(result), NotificationStep::Decrypt);
        assert!(
            message.contains(&format!("found {}", nonce.len())),
            "{message}"
        );
    }
}

#[test]
fn a_truncated_or_non_base64_ciphertext_fails_at_decryption() {
    for (ciphertext, expected) in [
        ("AAAA", "shorter than its 16-byte tag"),
        ("%%%", "not valid Base64"),
        ("", "shorter"),
    ] {
        let body = envelope(
            "PRODUCT_COUPON_SP.SEND",
            &format!(
                r#"{{"algorithm":"AEAD_AES_256_GCM","ciphertext":"{ciphertext}","nonce":"0123456789ab"}}"#
            ),
        );
        let result = Request::signed(&body, TS).parse(TS);
        let message = result
            .as_ref()
            .err()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert_eq!(step(result), NotificationStep::Decrypt);
        assert!(message.contains(expected), "{message}");
    }
    // A genuine ciphertext cut short loses its tag: authentication fails.
    let full = resource("0123456789ab", Some("product_coupon"), &send_plaintext());
    let value: serde_json::Value = serde_json::from_str(&full).expect("json");
    let cut = value["ciphertext"].as_str().expect("text");
    let cut = &cut[..cut.len() - 8];
    let body = envelope(
        "PRODUCT_COUPON_SP.SEND",
        &full.replace(value["ciphertext"].as_str().expect("text"), cut),
    );
    assert_eq!(
        step(Request::signed(&body, TS).parse(TS)),
        NotificationStep::Decrypt
    );
}

#[test]
fn an_unknown_algorithm_is_refused_by_name() {
    let body = envelope(
        "PRODUCT_COUPON_SP.SEND",
        &resource("0123456789ab", Some("product_coupon"), &send_plaintext())
            .replace("AEAD_AES_256_GCM", "AEAD_SM4_GCM"),
    );
    let result = Request::signed(&body, TS).parse(TS);
    let message = result
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert_eq!(step(result), NotificationStep::Algorithm);
    assert!(
        message.contains("AEAD_SM4_GCM") && message.contains("EV-TEST-1"),
        "{message}"
    );
}

#[test]
fn a_signed_body_that_is_not_an_envelope_fails_at_the_envelope() {
    for body in ["not json", "{}", r#"{"id":"x","event_type":"E"}"#, "[]"] {
        assert_eq!(
            step(Request::signed(body, TS).parse(TS)),
            NotificationStep::Envelope,
            "{body}"
        );
    }
}

#[test]
fn a_send_payload_missing_a_required_field_fails_at_the_payload() {
    let plain = send_plaintext().replace(r#""coupon_code":"Code_123456","#, "");
    let body = envelope(
        "PRODUCT_COUPON_SP.SEND",
        &resource("0123456789ab", Some("product_coupon"), &plain),
    );
    let result = Request::signed(&body, TS).parse(TS);
    let message = result
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert_eq!(step(result), NotificationStep::Payload);
    assert!(message.contains("coupon_code"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Accepted variants
// ---------------------------------------------------------------------------------------------

#[test]
fn an_empty_or_absent_associated_data_is_accepted() {
    for aad in [None, Some("")] {
        let body = envelope(
            "PRODUCT_COUPON_SP.SEND",
            &resource("0123456789ab", aad, &send_plaintext()),
        );
        let n = Request::signed(&body, TS).parse(TS).expect("accepted");
        assert!(matches!(n.event, NotificationEvent::CouponSent(_)));
    }
}

#[test]
fn image_generation_is_typed_and_unknown_events_come_back_as_json() {
    let plain = r#"{"brand_id":"120344","task_id":"T-1","image_generation_type":"CUT_OUT","task_state":"SUCCESS","cut_out_result":{"image_url":"https://img/1.png"}}"#;
    let body = envelope(
        "PRODUCT_COUPON_SP.IMAGE_GENERATION",
        &resource("0123456789ab", Some("product_coupon"), plain),
    );
    let n = Request::signed(&body, TS).parse(TS).expect("accepted");
    let NotificationEvent::ImageGeneration(task) = &n.event else {
        panic!("{:?}", n.event);
    };
    assert_eq!(task.task_id, "T-1");
    let url = task
        .cut_out_result
        .as_ref()
        .and_then(|r| r.image_url.as_ref());
    assert_eq!(url.map(|u| u.as_str()), Some("https://img/1.png"));

    let plain = r#"{"coupon_code":"C1","whatever":[1,2]}"#;
    let body = envelope(
        "PRODUCT_COUPON_SP.USE",
        &resource("0123456789ab", Some("product_coupon"), plain),
    );
    let n = Request::signed(&body, TS)
        .parse(TS)
        .expect("an unknown event is no error");
    match &n.event {
        NotificationEvent::Other { event_type, json } => {
            assert_eq!(event_type, "PRODUCT_COUPON_SP.USE");
            assert_eq!(json["whatever"][1], 2);
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// What to answer
// ---------------------------------------------------------------------------------------------

#[test]
fn the_reply_helper_maps_each_outcome_to_a_status_and_body() {
    let ok = Request::vector().parse(TS);
    assert_eq!(
        NotificationReply::for_result(&ok),
        NotificationReply::success()
    );
    let cases: [(Result<Notification, Error>, u16); 4] = [
        (Request::vector().without("Wechatpay-Nonce").parse(TS), 401),
        (Request::vector().parse(TS + 600), 401),
        (Request::signed("{}", TS).parse(TS), 400),
        (
            Request::vector().parse_with(&keys(), &ApiV3Key::new([7u8; 32]).expect("key"), TS),
            500,
        ),
    ];
    for (result, status) in cases {
        let reply = NotificationReply::for_result(&result);
        assert_eq!(reply.status, status, "{result:?}");
        let body: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON body");
        assert_eq!(body["code"], "FAIL");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert_eq!(reply.content_type(), Some("application/json"));
    }
}

#[test]
fn apiv3_keys_of_the_wrong_length_are_refused_without_echoing_them() {
    let err = ApiV3Key::new("testAPIv3Key0000").expect_err("16 bytes is AES-128, refused");
    let text = err.to_string();
    assert!(text.contains("16 bytes"), "{text}");
    assert!(!text.contains("testAPIv3Key0000"), "{text}");
    assert_eq!(format!("{:?}", apiv3_key()), "ApiV3Key(..)");
}

//! Notifications: arbitrary headers and bodies through `parse_notification`, plus signed
//! envelopes whose `resource` fields are fuzzed, so that decryption and payload parsing are
//! reached (a fuzzer cannot forge an RSA signature, so the target signs with the sandbox's
//! TEST-ONLY WeChat Pay key).
//!
//! Byte 0 picks the mode; the rest is its input:
//!
//! ```text
//! mode % 4 == 0  unsigned: rest = header block, 0x00, body. The header block is lines
//!                "name:value" split on '\n' (lossy UTF-8). Must never verify.
//! mode % 4 == 1  signed body: rest is the body, signed correctly. Verification passes, so
//!                any error must be a `Notification` error naming its step.
//! mode % 4 == 2  signed envelope: rest = fields split on 0xFF: event_type, algorithm, nonce,
//!                associated_data, plaintext. Bit 2 of the mode: seal the plaintext with the
//!                test APIv3 key (when the nonce is 12 bytes), else use it as the ciphertext;
//!                bit 3: flip one ciphertext character; bit 4: drop `associated_data`.
//! mode % 4 == 3  like 2, sealed honestly, but parsed with a different APIv3 key: must fail
//!                at decryption (or earlier, at the envelope or the algorithm).
//! ```
//!
//! Checked on every input: no panic; the reply helper answers 2xx exactly for `Ok`, and a
//! `{"code":"FAIL",...}` JSON body otherwise; a parsed notification's event type matches
//! the envelope's.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wechatpay_product_coupon::aead::ApiV3Key;
use wechatpay_product_coupon::error::NotificationStep;
use wechatpay_product_coupon::model::Notification;
use wechatpay_product_coupon::notify::{parse_notification, NotificationReply, AEAD_AES_256_GCM};
use wechatpay_product_coupon::verify::response_message;
use wechatpay_product_coupon::{Error, MerchantPrivateKey, VerifierKeys, WechatPayPublicKey};

const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001";
/// The sandbox's test APIv3 key (`sandbox::TEST_APIV3_KEY`), and another one.
const APIV3_KEY: &str = "SANDBOX0TEST0ONLY0APIV3KEY000001";
const OTHER_APIV3_KEY: &str = "SANDBOX0TEST0ONLY0APIV3KEY000002";
const NOW: i64 = 1_754_193_600;

struct Fixture {
    keys: VerifierKeys,
    signer: MerchantPrivateKey,
    apiv3_key: ApiV3Key,
    other_key: ApiV3Key,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let public_key = WechatPayPublicKey::from_pem(
            PUBLIC_KEY_ID,
            include_str!("../../src/sandbox/test_keys/wechatpay_public_key.pem"),
        )
        .expect("sandbox public key loads");
        Fixture {
            keys: VerifierKeys::new().with_public_key(public_key),
            signer: MerchantPrivateKey::from_pem(include_str!(
                "../../src/sandbox/test_keys/wechatpay_private_key.pem"
            ))
            .expect("sandbox WeChat Pay private key loads"),
            apiv3_key: ApiV3Key::new(APIV3_KEY).expect("32 bytes"),
            other_key: ApiV3Key::new(OTHER_APIV3_KEY).expect("32 bytes"),
        }
    })
}

/// Signature headers for `body`, as WeChat Pay sends them.
fn signed_headers(body: &[u8]) -> Vec<(String, Vec<u8>)> {
    let ts = NOW.to_string();
    let nonce = "FUZZN0NCE0000000000000000000000A";
    let signature = fixture()
        .signer
        .sign_base64(&response_message(&ts, nonce, body))
        .expect("signing with a loaded key");
    vec![
        ("Wechatpay-Timestamp".into(), ts.into_bytes()),
        ("Wechatpay-Nonce".into(), nonce.into()),
        ("Wechatpay-Signature".into(), signature.into_bytes()),
        ("Wechatpay-Serial".into(), PUBLIC_KEY_ID.into()),
        ("Request-ID".into(), b"FUZZ-0".to_vec()),
    ]
}

fn parse(headers: &[(String, Vec<u8>)], body: &[u8], key: &ApiV3Key) -> Result<Notification, Error> {
    let pairs = headers.iter().map(|(k, v)| (k.as_str(), v.as_slice()));
    let result = parse_notification(&fixture().keys, key, pairs, body, NOW, 300);
    let reply = NotificationReply::for_result(&result);
    match &result {
        Ok(_) => assert!((200..300).contains(&reply.status)),
        Err(_) => {
            assert!(reply.status >= 400, "a failure answered {}", reply.status);
            let json: serde_json::Value =
                serde_json::from_str(&reply.body).expect("the reply body is JSON");
            assert_eq!(json["code"], "FAIL");
        }
    }
    result
}

fn step(result: &Result<Notification, Error>) -> Option<NotificationStep> {
    match result {
        Err(Error::Notification(n)) => Some(n.step),
        _ => None,
    }
}

/// A signed envelope built from fuzzed resource fields; returns (event_type, body).
fn envelope(mode: u8, rest: &[u8]) -> (String, Vec<u8>) {
    let mut fields = rest.split(|&b| b == 0xFF);
    let mut next = || String::from_utf8_lossy(fields.next().unwrap_or_default()).into_owned();
    let (event_type, algorithm, nonce, aad, plaintext) = (next(), next(), next(), next(), next());
    let sealed = (mode & 4 != 0)
        .then(|| fixture().apiv3_key.encrypt(&nonce, &aad, plaintext.as_bytes()).ok())
        .flatten();
    let mut ciphertext = sealed.unwrap_or(plaintext);
    if mode & 8 != 0 && !ciphertext.is_empty() {
        let at = usize::from(mode >> 4) % ciphertext.len();
        if ciphertext.is_char_boundary(at) && ciphertext.is_char_boundary(at + 1) {
            let flipped = if &ciphertext[at..=at] == "A" { "B" } else { "A" };
            ciphertext.replace_range(at..=at, flipped);
        }
    }
    let mut resource = serde_json::json!({
        "original_type": "product_coupon",
        "algorithm": if algorithm.is_empty() { AEAD_AES_256_GCM.to_owned() } else { algorithm },
        "ciphertext": ciphertext,
        "nonce": nonce,
    });
    if mode & 16 == 0 {
        resource["associated_data"] = aad.into();
    }
    let body = serde_json::json!({
        "id": "EV-FUZZ-1",
        "create_time": "2025-08-03T12:00:00+08:00",
        "resource_type": "encrypt-resource",
        "event_type": event_type,
        "summary": "商品券通知",
        "resource": resource,
    });
    (event_type, body.to_string().into_bytes())
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let f = fixture();
    match mode % 4 {
        0 => {
            let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            let (block, body) = (&rest[..split], rest.get(split + 1..).unwrap_or_default());
            let headers: Vec<(String, Vec<u8>)> = block
                .split(|&b| b == b'\n')
                .map(|line| {
                    let colon = line.iter().position(|&b| b == b':').unwrap_or(line.len());
                    let value = line.get(colon + 1..).unwrap_or_default();
                    (String::from_utf8_lossy(&line[..colon]).into_owned(), value.to_vec())
                })
                .collect();
            let result = parse(&headers, body, &f.apiv3_key);
            assert!(
                matches!(result, Err(Error::Verification(_))),
                "an unsigned notification was not refused at verification: {result:?}"
            );
        }
        1 => {
            let result = parse(&signed_headers(rest), rest, &f.apiv3_key);
            assert!(result.is_ok() || step(&result).is_some(), "{result:?}");
        }
        _ => {
            let (event_type, body) = envelope(mode, rest);
            let wrong_key = mode % 4 == 3;
            let key = if wrong_key { &f.other_key } else { &f.apiv3_key };
            let result = parse(&signed_headers(&body), &body, key);
            match &result {
                Ok(n) => {
                    assert!(!wrong_key, "decrypted with the wrong APIv3 key");
                    assert_eq!(n.event_type, event_type);
                }
                Err(_) => assert!(step(&result).is_some(), "{result:?}"),
            }
        }
    }
});

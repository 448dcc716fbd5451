//! Response verification: accepted vectors (public-key and certificate mode), and every
//! rejection with its exact `VerifyFailure`. Pure: no sockets, `now` is injected.

mod common;

use common::*;
use std::ffi::OsStr;
use std::path::Path;

use base64::Engine as _;
use wechatpay_product_coupon::headers;
use wechatpay_product_coupon::verify::{
    self, SignatureHeaders, VerifyFailure, DEFAULT_WINDOW_SECS, SIGNTEST_PREFIX,
};
use wechatpay_product_coupon::{PlatformCertificate, VerifierKeys, WechatPayPublicKey};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const PUB_KEY_ID: &str = "PUB_KEY_ID_illustrative";
const GO_CERT_SERIAL: &str = "D7CE59D1F522D701";
const GO_NOW: i64 = 1624523846;
const SANDBOX_PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001";
const SANDBOX_PLATFORM_SERIAL: &str = "5A4E44424F58000000000000000000000002";

fn json(name: &str) -> serde_json::Value {
    serde_json::from_str(&read_data(name)).unwrap_or_else(|e| panic!("{name} parses: {e}"))
}

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
    let v = json("derived_vectors.json");
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
    let v = json("derived_vectors.json");
    let base = derived_response();
    Response {
        signature: s(&v["response_verification_empty_body_204"]["Wechatpay-Signature"]),
        body: Vec::new(),
        ..base
    }
}

/// The official Go notification vector (certificate mode).
fn go_notification() -> Response {
    let v = json("official_vectors.json");
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

// ---------------------------------------------------------------------------------------------
// Accepted responses
// ---------------------------------------------------------------------------------------------

#[test]
fn accepts_derived_public_key_mode_response() {
    let r = derived_response();
    let v = json("derived_vectors.json");
    assert_eq!(
        verify::response_message(&r.timestamp, &r.nonce, &r.body),
        s(&v["response_verification_public_key_mode"]["message"]).into_bytes()
    );
    assert_eq!(r.verify(&public_key_mode(), r.ts()), Ok(()));
}

#[test]
fn accepts_derived_204_empty_body_response() {
    let r = derived_204();
    let v = json("derived_vectors.json");
    assert_eq!(
        verify::response_message(&r.timestamp, &r.nonce, b""),
        s(&v["response_verification_empty_body_204"]["message"]).into_bytes()
    );
    assert_eq!(r.verify(&public_key_mode(), r.ts()), Ok(()));
}

#[test]
fn accepts_official_go_notification_in_certificate_mode() {
    let r = go_notification();
    assert_eq!(r.serial, GO_CERT_SERIAL);
    assert_eq!(go_certificate().serial(), GO_CERT_SERIAL);
    assert!(!r.body.ends_with(b"\n"), "body must be the exact bytes");
    assert_eq!(r.verify(&certificate_mode(), GO_NOW), Ok(()));
}

#[test]
fn keys_holding_public_key_and_certificate_pick_the_key_by_serial() {
    let keys = both_modes();
    let mut serials = keys.serials();
    serials.sort();
    assert_eq!(
        serials,
        vec![GO_CERT_SERIAL.to_owned(), PUB_KEY_ID.to_owned()]
    );
    assert_eq!(keys.public_key_id(), Some(PUB_KEY_ID));

    let public = derived_response();
    assert_eq!(public.verify(&keys, public.ts()), Ok(()));
    let empty = derived_204();
    assert_eq!(empty.verify(&keys, empty.ts()), Ok(()));
    let cert = go_notification();
    assert_eq!(cert.verify(&keys, GO_NOW), Ok(()));

    // The serial decides the key: each response under the other's serial fails.
    let swapped = Response {
        serial: GO_CERT_SERIAL.into(),
        ..derived_response()
    };
    assert_eq!(
        swapped.verify(&keys, swapped.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: GO_CERT_SERIAL.into()
        })
    );
    let swapped = Response {
        serial: PUB_KEY_ID.into(),
        ..go_notification()
    };
    assert_eq!(
        swapped.verify(&keys, GO_NOW),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
}

#[test]
fn accepts_a_response_signed_by_openssl() {
    let key = data_path("java_wechat_pay_private_key.pem");
    let timestamp = "1757490000";
    let nonce = "Xq3vN8pLm2Rt7YwK5sZb9HcJ4fGd6Ua1";
    let body = r#"{"coupon_code":"Code_123456","coupon_state":"USED","display_info":{"name":"全场满100立打8折"}}"#;
    let r = Response {
        timestamp: timestamp.into(),
        nonce: nonce.into(),
        signature: openssl_sign_response(&key, timestamp, nonce, body.as_bytes()),
        serial: PUB_KEY_ID.into(),
        body: body.as_bytes().to_vec(),
    };
    assert_eq!(r.verify(&public_key_mode(), r.ts()), Ok(()));
    // Empty body, signed the same way.
    let r = Response {
        signature: openssl_sign_response(&key, timestamp, nonce, b""),
        body: Vec::new(),
        ..r
    };
    assert_eq!(r.verify(&public_key_mode(), r.ts()), Ok(()));
}

#[test]
fn accepts_sandbox_responses_signed_by_openssl_in_both_modes() {
    // The sandbox's public key and its platform certificate are different keys (as WeChat
    // Pay's are): each mode's responses are signed with its own private key.
    let dir = manifest().join("src/sandbox/test_keys");
    let keys = VerifierKeys::new()
        .with_public_key(
            WechatPayPublicKey::from_pem_file(
                SANDBOX_PUBLIC_KEY_ID,
                dir.join("wechatpay_public_key.pem"),
            )
            .expect("sandbox public key"),
        )
        .with_certificate(
            PlatformCertificate::from_pem_file(dir.join("wechatpay_platform_certificate.pem"))
                .expect("sandbox certificate"),
        );
    let timestamp = "1754064001";
    let nonce = "abcdefghijklmnopqrstuvwxyz012345";
    let body = br#"{"product_coupon_id":"1000000013"}"#;
    let public_key_signature = openssl_sign_response(
        &dir.join("wechatpay_private_key.pem"),
        timestamp,
        nonce,
        body,
    );
    let certificate_signature = openssl_sign_response(
        &dir.join("wechatpay_platform_private_key.pem"),
        timestamp,
        nonce,
        body,
    );
    assert_ne!(public_key_signature, certificate_signature);
    let response = |serial: &str, signature: &str| Response {
        timestamp: timestamp.into(),
        nonce: nonce.into(),
        signature: signature.into(),
        serial: serial.into(),
        body: body.to_vec(),
    };
    for (serial, signature) in [
        (SANDBOX_PUBLIC_KEY_ID, &public_key_signature),
        (SANDBOX_PLATFORM_SERIAL, &certificate_signature),
    ] {
        let r = response(serial, signature);
        assert_eq!(r.verify(&keys, r.ts()), Ok(()), "serial {serial}");
    }
    // Each signature under the other mode's serial is checked with the other key and fails.
    for (serial, signature) in [
        (SANDBOX_PUBLIC_KEY_ID, &certificate_signature),
        (SANDBOX_PLATFORM_SERIAL, &public_key_signature),
    ] {
        let r = response(serial, signature);
        assert_eq!(
            r.verify(&keys, r.ts()),
            Err(VerifyFailure::SignatureMismatch {
                serial: serial.into()
            }),
            "serial {serial}"
        );
    }
}

#[test]
fn another_keys_signature_under_a_configured_id_is_a_mismatch_naming_the_likely_cause() {
    // (1) The official Go notification, signed by the Go platform certificate's key, presented
    // under the configured public key ID: the configured key is not the one that signed.
    let forged = Response {
        serial: PUB_KEY_ID.into(),
        ..go_notification()
    };
    // (2) The derived response, genuinely signed by the Java SDK's WeChat Pay key, checked
    // with a different public key configured under the same ID (a wrong pub_key.pem).
    let wrong_key = VerifierKeys::new().with_public_key(
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &read_data("go_test_public_key_spki.pem"))
            .expect("loads"),
    );
    // (3) The derived response body re-signed by openssl with another private key.
    let r = derived_response();
    let resigned = Response {
        signature: openssl_sign_response(
            &data_path("go_test_private_key_pkcs8.pem"),
            &r.timestamp,
            &r.nonce,
            &r.body,
        ),
        ..r.clone()
    };
    let failures = [
        forged.verify(&public_key_mode(), GO_NOW),
        r.verify(&wrong_key, r.ts()),
        resigned.verify(&public_key_mode(), r.ts()),
    ];
    for failure in failures {
        let err = failure.expect_err("another key's signature must not verify");
        assert_eq!(
            err,
            VerifyFailure::SignatureMismatch {
                serial: PUB_KEY_ID.into()
            }
        );
        let text = err.to_string();
        assert!(
            text.contains("not WeChat Pay's key for this merchant"),
            "Display does not name the likely cause: {text}"
        );
        assert!(
            text.contains(PUB_KEY_ID),
            "Display does not name the key: {text}"
        );
        assert!(text.contains("altered in transit"), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Tampering
// ---------------------------------------------------------------------------------------------

#[test]
fn one_flipped_body_byte_is_a_signature_mismatch() {
    let r = derived_response();
    for index in [0, r.body.len() / 2, r.body.len() - 1] {
        let mut tampered = r.clone();
        tampered.body[index] ^= 0x01;
        assert_eq!(
            tampered.verify(&public_key_mode(), r.ts()),
            Err(VerifyFailure::SignatureMismatch {
                serial: PUB_KEY_ID.into()
            }),
            "byte {index}"
        );
    }
    let mut tampered = go_notification();
    let middle = tampered.body.len() / 2;
    tampered.body[middle] ^= 0x20;
    assert_eq!(
        tampered.verify(&certificate_mode(), GO_NOW),
        Err(VerifyFailure::SignatureMismatch {
            serial: GO_CERT_SERIAL.into()
        })
    );
}

#[test]
fn body_with_an_appended_newline_is_a_signature_mismatch() {
    let mut r = derived_response();
    r.body.push(b'\n');
    assert_eq!(
        r.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
    // The 204 signature does not cover a non-empty body.
    let mut r = derived_204();
    r.body = b"{}".to_vec();
    assert_eq!(
        r.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
}

#[test]
fn altered_timestamp_or_nonce_is_a_signature_mismatch() {
    let r = derived_response();
    let shifted = Response {
        timestamp: (r.ts() + 1).to_string(),
        ..r.clone()
    };
    assert_eq!(
        shifted.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
    let mut nonce = r.nonce.clone().into_bytes();
    nonce[0] = if nonce[0] == b'a' { b'b' } else { b'a' };
    let renonced = Response {
        nonce: String::from_utf8(nonce).expect("ASCII"),
        ..r.clone()
    };
    assert_eq!(
        renonced.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
}

#[test]
fn a_signature_of_another_message_is_a_signature_mismatch() {
    // The 204 signature presented with the non-empty body (and vice versa).
    let r = Response {
        signature: derived_204().signature,
        ..derived_response()
    };
    assert_eq!(
        r.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
    // A truncated signature (still valid Base64) is a mismatch too.
    let r = Response {
        signature: base64::engine::general_purpose::STANDARD.encode([0u8; 16]),
        ..derived_response()
    };
    assert_eq!(
        r.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Timestamp window
// ---------------------------------------------------------------------------------------------

#[test]
fn timestamp_299_seconds_either_way_is_accepted() {
    let r = derived_response();
    let t = r.ts();
    assert_eq!(DEFAULT_WINDOW_SECS, 300);
    assert_eq!(r.verify(&public_key_mode(), t + 299), Ok(()));
    assert_eq!(r.verify(&public_key_mode(), t - 299), Ok(()));
}

#[test]
fn timestamp_300_seconds_either_way_is_rejected_with_server_and_local_values() {
    let r = derived_response();
    let t = r.ts();
    for (now, direction) in [(t + 300, "ahead of"), (t - 300, "behind")] {
        let err = r
            .verify(&public_key_mode(), now)
            .expect_err("outside the window");
        assert_eq!(
            err,
            VerifyFailure::TimestampOutOfWindow {
                server: t,
                local: now,
                window: 300,
            }
        );
        let text = err.to_string();
        assert!(text.contains(&format!("is 300 s {direction}")), "{text}");
        assert!(text.contains(&t.to_string()), "{text}");
        assert!(text.contains(&now.to_string()), "{text}");
    }
}

#[test]
fn timestamp_out_of_window_display_states_the_skew_in_seconds() {
    let r = derived_response();
    let t = r.ts();
    let err = r
        .verify(&public_key_mode(), t + 3725)
        .expect_err("an hour off");
    assert!(matches!(
        err,
        VerifyFailure::TimestampOutOfWindow {
            server,
            local,
            window: 300
        } if server == t && local == t + 3725
    ));
    let text = err.to_string();
    assert!(text.contains("3725 s ahead of"), "{text}");
    let err = r
        .verify(&public_key_mode(), t - 86_400)
        .expect_err("a day off");
    assert!(err.to_string().contains("86400 s behind"), "{err}");
}

#[test]
fn window_is_checked_before_the_signature() {
    // A good signature outside the window is still rejected for the timestamp, and a forged
    // one outside the window is rejected for the timestamp rather than the signature.
    let r = Response {
        signature: "AAAA".into(),
        ..derived_response()
    };
    assert!(matches!(
        r.verify(&public_key_mode(), r.ts() + 10_000),
        Err(VerifyFailure::TimestampOutOfWindow { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Serial
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_serial_lists_received_and_configured() {
    let r = Response {
        serial: "PUB_KEY_ID_0114232134912410000000000000000000".into(),
        ..derived_response()
    };
    let err = r.verify(&both_modes(), r.ts()).expect_err("unknown serial");
    let VerifyFailure::UnknownSerial {
        received,
        configured,
    } = &err
    else {
        panic!("expected UnknownSerial, got {err:?}");
    };
    assert_eq!(received, "PUB_KEY_ID_0114232134912410000000000000000000");
    let mut configured = configured.clone();
    configured.sort();
    assert_eq!(
        configured,
        vec![GO_CERT_SERIAL.to_owned(), PUB_KEY_ID.to_owned()]
    );
    let text = err.to_string();
    assert!(
        text.contains("PUB_KEY_ID_0114232134912410000000000000000000"),
        "{text}"
    );
    assert!(text.contains(PUB_KEY_ID), "{text}");
    assert!(text.contains(GO_CERT_SERIAL), "{text}");
}

#[test]
fn serials_are_compared_exactly() {
    // Lower-case hex of a certificate serial is not the configured serial.
    let r = Response {
        serial: GO_CERT_SERIAL.to_lowercase(),
        ..go_notification()
    };
    assert_eq!(
        r.verify(&certificate_mode(), GO_NOW),
        Err(VerifyFailure::UnknownSerial {
            received: GO_CERT_SERIAL.to_lowercase(),
            configured: vec![GO_CERT_SERIAL.to_owned()],
        })
    );
}

#[test]
fn empty_key_set_rejects_with_unknown_serial() {
    let r = derived_response();
    assert_eq!(
        r.verify(&VerifierKeys::new(), r.ts()),
        Err(VerifyFailure::UnknownSerial {
            received: PUB_KEY_ID.into(),
            configured: Vec::new(),
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Signature header content
// ---------------------------------------------------------------------------------------------

#[test]
fn non_base64_signature_is_rejected() {
    for bad in [
        "not*base64",
        "rGNegzlbQvGv6Iq2MW7ncn8sx4tJfwS61SH9geztUv0e3C1Mq~==",
        "abc",
        "A===",
    ] {
        let r = Response {
            signature: bad.into(),
            ..derived_response()
        };
        assert_eq!(
            r.verify(&public_key_mode(), r.ts()),
            Err(VerifyFailure::SignatureNotBase64),
            "signature {bad:?}"
        );
    }
    // URL-safe alphabet is not the standard one.
    let url_safe = derived_response()
        .signature
        .replace('+', "-")
        .replace('/', "_");
    assert_ne!(url_safe, derived_response().signature);
    let r = Response {
        signature: url_safe,
        ..derived_response()
    };
    assert_eq!(
        r.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureNotBase64)
    );
}

#[test]
fn signtest_probe_is_rejected_as_a_probe() {
    for probe in [
        SIGNTEST_PREFIX.to_owned(),
        format!(
            "{SIGNTEST_PREFIX}rGNegzlbQvGv6Iq2MW7ncn8sx4tJfwS61SH9geztUv0e3C1MqhqMgSZHlilJHqKV"
        ),
        format!("{SIGNTEST_PREFIX}{}", derived_response().signature),
    ] {
        let r = Response {
            signature: probe.clone(),
            ..derived_response()
        };
        let err = r
            .verify(&public_key_mode(), r.ts())
            .expect_err("probe must fail");
        assert_eq!(err, VerifyFailure::SignatureProbe, "{probe}");
        assert!(err.to_string().contains("WECHATPAY/SIGNTEST/"));
    }
}

#[test]
fn empty_signature_header_is_rejected_as_missing() {
    let r = Response {
        signature: String::new(),
        ..derived_response()
    };
    assert_eq!(
        r.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::MissingHeader(headers::SIGNATURE))
    );
}

// ---------------------------------------------------------------------------------------------
// Header presence, uniqueness and form
// ---------------------------------------------------------------------------------------------

#[test]
fn each_missing_signature_header_is_reported_by_name() {
    let r = derived_response();
    for name in [
        headers::TIMESTAMP,
        headers::NONCE,
        headers::SIGNATURE,
        headers::SERIAL,
    ] {
        let pairs: Vec<_> = r.pairs().into_iter().filter(|(n, _)| n != name).collect();
        let err =
            verify_pairs(&public_key_mode(), &pairs, &r.body, r.ts()).expect_err("missing header");
        assert_eq!(err, VerifyFailure::MissingHeader(name));
        assert!(err.to_string().contains(name), "{err}");
    }
}

#[test]
fn each_duplicated_signature_header_is_rejected() {
    let r = derived_response();
    for name in [
        headers::TIMESTAMP,
        headers::NONCE,
        headers::SIGNATURE,
        headers::SERIAL,
    ] {
        // Same spelling, same value.
        let mut pairs = r.pairs();
        let copy = pairs
            .iter()
            .find(|(n, _)| n == name)
            .cloned()
            .expect("present");
        pairs.push(copy.clone());
        assert_eq!(
            verify_pairs(&public_key_mode(), &pairs, &r.body, r.ts()),
            Err(VerifyFailure::DuplicateHeader(name))
        );
        // Different spelling, different value.
        let mut pairs = r.pairs();
        pairs.insert(0, (name.to_lowercase(), b"other".to_vec()));
        let err = verify_pairs(&public_key_mode(), &pairs, &r.body, r.ts())
            .expect_err("duplicate header");
        assert_eq!(err, VerifyFailure::DuplicateHeader(name));
        assert!(err.to_string().contains(name), "{err}");
    }
}

#[test]
fn header_names_are_case_insensitive() {
    let r = derived_response();
    for rename in [
        str::to_lowercase as fn(&str) -> String,
        str::to_uppercase,
        |n: &str| {
            n.chars()
                .enumerate()
                .map(|(i, c)| {
                    if i % 2 == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect()
        },
    ] {
        let pairs: Vec<_> = r
            .pairs()
            .into_iter()
            .map(|(n, v)| (rename(&n), v))
            .collect();
        let sig = from_pairs(&pairs).expect("headers found");
        assert_eq!(sig.timestamp, r.timestamp);
        assert_eq!(sig.nonce, r.nonce);
        assert_eq!(sig.signature, r.signature);
        assert_eq!(sig.serial, r.serial);
        assert_eq!(
            verify_pairs(&public_key_mode(), &pairs, &r.body, r.ts()),
            Ok(()),
            "names {:?}",
            pairs.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn non_ascii_header_values_are_malformed() {
    let r = derived_response();
    let cases: [(&str, &[u8]); 5] = [
        (
            headers::NONCE,
            "é63973074d9d78aff8fb62277b5f95a0".as_bytes(),
        ),
        (headers::SERIAL, "PUB_KEY_ID_证书".as_bytes()),
        (headers::SIGNATURE, &[0xff, 0xfe, b'A', b'A']),
        (headers::TIMESTAMP, "１７５７４８８８４０".as_bytes()),
        (headers::NONCE, b"e6397307 4d9d78aff8fb62277b5f95a0"),
    ];
    for (name, value) in cases {
        let mut pairs = r.pairs();
        replace_header(&mut pairs, name, value);
        match verify_pairs(&public_key_mode(), &pairs, &r.body, r.ts()) {
            Err(VerifyFailure::MalformedHeader { header, problem }) => {
                assert_eq!(header, name);
                assert!(!problem.is_empty());
            }
            other => panic!("{name} = {value:?}: expected MalformedHeader, got {other:?}"),
        }
    }
}

#[test]
fn non_numeric_timestamp_is_malformed() {
    let r = derived_response();
    for bad in [
        "1757488840s",
        "17574888a0",
        "1.7e9",
        "0x68c1",
        "now",
        "99999999999999999999",
    ] {
        let with_bad = Response {
            timestamp: bad.into(),
            ..r.clone()
        };
        let err = with_bad
            .verify(&public_key_mode(), r.ts())
            .expect_err("non-numeric timestamp");
        match &err {
            VerifyFailure::MalformedHeader { header, problem } => {
                assert_eq!(*header, headers::TIMESTAMP);
                assert!(problem.contains(bad), "{problem}");
            }
            other => panic!("{bad:?}: expected MalformedHeader, got {other:?}"),
        }
        assert!(err.to_string().contains(headers::TIMESTAMP), "{err}");
    }
}

#[test]
fn empty_timestamp_nonce_or_serial_is_reported_as_missing() {
    let r = derived_response();
    for name in [headers::TIMESTAMP, headers::NONCE, headers::SERIAL] {
        let mut pairs = r.pairs();
        replace_header(&mut pairs, name, b"");
        assert_eq!(
            verify_pairs(&public_key_mode(), &pairs, &r.body, r.ts()),
            Err(VerifyFailure::MissingHeader(name))
        );
    }
}

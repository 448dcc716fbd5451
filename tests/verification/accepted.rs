//! Accepted responses, in public-key and certificate mode.

use super::*;

#[test]
fn accepts_derived_public_key_mode_response() {
    let r = derived_response();
    let v = read_json("derived_vectors.json");
    assert_eq!(
        verify::response_message(&r.timestamp, &r.nonce, &r.body),
        s(&v["response_verification_public_key_mode"]["message"]).into_bytes()
    );
    assert_eq!(r.verify(&public_key_mode(), r.ts()), Ok(()));
}

#[test]
fn accepts_derived_204_empty_body_response() {
    let r = derived_204();
    let v = read_json("derived_vectors.json");
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

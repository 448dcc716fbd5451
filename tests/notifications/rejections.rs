//! Rejections: the signature first, then algorithm, decryption and payload.

use super::*;

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

//! The signature headers: serial, signature content, presence, uniqueness and form.

use super::*;

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

//! The signer: nonces, input validation, secrecy.

use super::*;

// ---------------------------------------------------------------------------------------------
// Nonces
// ---------------------------------------------------------------------------------------------

#[test]
fn nonces_are_32_ascii_alphanumerics_and_1000_draws_are_distinct() {
    let signer = signer(go_key_pkcs8());
    let mut seen = HashSet::new();
    for _ in 0..1000 {
        let nonce = signer.nonce().expect("nonce");
        let text = nonce.as_str();
        assert_eq!(text.len(), 32);
        assert_eq!(NONCE_LEN, 32);
        assert!(
            text.bytes().all(|b| b.is_ascii_alphanumeric()),
            "non-alphanumeric nonce {text:?}"
        );
        assert!(seen.insert(text.to_owned()), "repeated nonce {text:?}");
    }
    assert_eq!(seen.len(), 1000);
}

#[test]
fn a_generated_nonce_is_accepted_by_authorization() {
    let signer = signer(go_key_pkcs8());
    let nonce = signer.nonce().expect("nonce");
    let auth = signer
        .authorization("GET", GET_TARGET, b"", TIMESTAMP, nonce.as_str())
        .expect("authorization");
    assert!(auth.starts_with(SCHEME));
    assert!(auth.contains(&format!("nonce_str=\"{}\"", nonce.as_str())));
}

// ---------------------------------------------------------------------------------------------
// Input validation
// ---------------------------------------------------------------------------------------------

fn assert_invalid_field(result: Result<String, Error>, expected_field: &str) {
    match result {
        Err(Error::InvalidRequest { field, rule }) => {
            assert_eq!(field, expected_field, "rule: {rule}");
        }
        other => panic!("expected InvalidRequest for {expected_field}, got {other:?}"),
    }
}

#[test]
fn authorization_rejects_a_lower_case_method_naming_the_field() {
    let signer = signer(go_key_pkcs8());
    for method in ["post", "Post", "pAtCh", ""] {
        let result = signer.authorization(method, PATCH_TARGET, b"", TIMESTAMP, NONCE);
        assert_invalid_field(result, "method");
    }
    let err = signer
        .authorization("post", PATCH_TARGET, b"", TIMESTAMP, NONCE)
        .expect_err("lower-case method");
    assert!(err.to_string().contains("method"), "{err}");
}

#[test]
fn authorization_rejects_a_nonce_with_non_alphanumerics_naming_the_field() {
    let signer = signer(go_key_pkcs8());
    for nonce in [
        "593BEC0C-930BF1AF",
        "593BEC0C 930BF1AF",
        "nonce\"injection",
        "abc,def",
        "非ASCII",
        "",
    ] {
        let result = signer.authorization("POST", PATCH_TARGET, b"", TIMESTAMP, nonce);
        assert_invalid_field(result, "nonce");
    }
    let err = signer
        .authorization("POST", PATCH_TARGET, b"", TIMESTAMP, "a\"b")
        .expect_err("bad nonce");
    assert!(err.to_string().contains("nonce"), "{err}");
}

/// Asserts a `Config` error for `expected_setting` whose problem quotes `value`.
fn assert_config_error(result: Result<RequestSigner, Error>, expected_setting: &str, value: &str) {
    let err = result.expect_err("invalid signer configuration");
    match &err {
        Error::Config { setting, problem } => {
            assert_eq!(*setting, expected_setting, "{err}");
            assert!(problem.contains(&format!("{value:?}")), "{problem}");
        }
        other => panic!("{value:?}: expected Error::Config, got {other:?}"),
    }
    assert!(err.to_string().contains(expected_setting), "{err}");
}

#[test]
fn signer_new_rejects_a_non_digit_mchid_with_config_error() {
    for mchid in ["19000a0001", "", " 1900000001", "1900000001\n", "１９００"] {
        assert_config_error(
            RequestSigner::new(mchid, SERIAL, go_key_pkcs8()),
            "mchid",
            mchid,
        );
    }
}

#[test]
fn signer_new_rejects_a_non_hex_serial_with_config_error() {
    for serial in [
        "0C4AEF34B89340881BB2B25226393DC2E47F094G",
        "",
        "0C4A EF34",
        "PUB_KEY_ID_0114",
    ] {
        assert_config_error(
            RequestSigner::new(MCHID, serial, go_key_pkcs8()),
            "merchant_serial",
            serial,
        );
    }
}

#[test]
fn signer_accessors_return_what_was_configured() {
    let signer = signer(go_key_pkcs8());
    assert_eq!(signer.mchid(), MCHID);
    assert_eq!(signer.serial_no(), SERIAL);
}

// ---------------------------------------------------------------------------------------------
// Secrecy
// ---------------------------------------------------------------------------------------------

#[test]
fn request_signer_debug_contains_no_line_of_the_private_key_pem() {
    for (name, pem) in [
        ("pkcs8", read_data("go_test_private_key_pkcs8.pem")),
        ("pkcs1", read_data("derived_go_test_private_key_pkcs1.pem")),
    ] {
        let signer = signer(MerchantPrivateKey::from_pem(&pem).expect("key"));
        for debug in [format!("{signer:?}"), format!("{signer:#?}")] {
            assert!(debug.contains(MCHID), "{debug}");
            let lines = pem_body_lines(&pem);
            assert!(lines.len() > 10, "expected a real PEM body");
            for line in lines {
                assert!(
                    !debug.contains(&line),
                    "{name}: Debug of RequestSigner leaks the PEM line {line:?}"
                );
            }
        }
    }
}

//! Secrecy: no `Debug` output or error message shows key material.

use super::*;

#[test]
fn debug_of_private_keys_contains_no_pem_body_line() {
    for pem in [
        go_pkcs8_pem(),
        go_pkcs1_pem(),
        read_data("java_merchant_private_key.pem"),
        read_sandbox("merchant_private_key.pem"),
    ] {
        let key = MerchantPrivateKey::from_pem(&pem).expect("loads");
        for debug in [format!("{key:?}"), format!("{key:#?}")] {
            assert!(debug.contains("2048"), "{debug}");
            assert_no_pem_line(&debug, &pem, "Debug of MerchantPrivateKey");
        }
    }
}

#[test]
fn debug_of_public_key_certificate_and_verifier_keys_contains_no_pem_body_line() {
    let pub_pem = read_data("java_wechat_pay_public_key.pem");
    let pub_pkcs1_pem = generated("java_wechat_pay_public_key_pkcs1.pem");
    let cert_pem = read_data("java_wechat_pay_certificate.pem");
    let go_cert_pem = read_data("go_notify_test_platform_certificate.pem");

    let key = WechatPayPublicKey::from_pem(PUB_KEY_ID, &pub_pem).expect("loads");
    let key1 = WechatPayPublicKey::from_pem(PUB_KEY_ID, &pub_pkcs1_pem).expect("loads");
    let cert = PlatformCertificate::from_pem(&cert_pem).expect("loads");
    let go_cert = PlatformCertificate::from_pem(&go_cert_pem).expect("loads");
    let keys = VerifierKeys::new()
        .with_public_key(key.clone())
        .with_certificate(cert.clone())
        .with_certificate(go_cert.clone());

    let pems = [&pub_pem, &pub_pkcs1_pem, &cert_pem, &go_cert_pem];
    let debugs = [
        ("WechatPayPublicKey", format!("{key:?}"), PUB_KEY_ID),
        ("WechatPayPublicKey", format!("{key1:#?}"), PUB_KEY_ID),
        (
            "PlatformCertificate",
            format!("{cert:#?}"),
            "440024045C4A427599D09BB4E3DE0279F2E813FD",
        ),
        (
            "PlatformCertificate",
            format!("{go_cert:?}"),
            "D7CE59D1F522D701",
        ),
        ("VerifierKeys", format!("{keys:?}"), "D7CE59D1F522D701"),
        ("VerifierKeys", format!("{keys:#?}"), PUB_KEY_ID),
    ];
    for (what, debug, identifier) in debugs {
        assert!(
            debug.contains(identifier),
            "{what} Debug lacks {identifier}: {debug}"
        );
        for pem in pems {
            assert_no_pem_line(&debug, pem, what);
        }
    }
}

#[test]
fn loader_errors_contain_no_pem_body_line() {
    let priv_pem = go_pkcs8_pem();
    let priv1_pem = go_pkcs1_pem();
    let wx_priv_pem = read_data("java_wechat_pay_private_key.pem");
    let pub_pem = read_data("java_wechat_pay_public_key.pem");
    let cert_pem = read_data("java_merchant_certificate.pem");
    let enc_pem = generated("encrypted_pkcs8_rsa2048_private_key.pem");
    let enc1_pem = generated("encrypted_pkcs1_rsa2048_private_key.pem");
    let ec_pem = generated("ec_p256_private_key_pkcs8.pem");
    let small_pem = generated("rsa1024_private_key_pkcs8.pem");
    let small_pub_pem = generated("rsa1024_public_key_spki.pem");

    // A real key with one body line corrupted, and one with its END line cut off.
    let line = priv_pem.lines().nth(5).expect("body line").to_owned();
    let corrupted = priv_pem.replacen(&line, &format!("{line}*"), 1);
    let truncated = priv_pem[..priv_pem.find("-----END").expect("END")].to_owned();

    let errors: Vec<Error> = vec![
        MerchantPrivateKey::from_pem(&cert_pem).expect_err("cert as private"),
        MerchantPrivateKey::from_pem(&pub_pem).expect_err("public as private"),
        MerchantPrivateKey::from_pem(&enc_pem).expect_err("encrypted"),
        MerchantPrivateKey::from_pem(&enc1_pem).expect_err("legacy encrypted"),
        MerchantPrivateKey::from_pem(&ec_pem).expect_err("EC"),
        MerchantPrivateKey::from_pem(&small_pem).expect_err("1024"),
        MerchantPrivateKey::from_pem(&corrupted).expect_err("corrupted"),
        MerchantPrivateKey::from_pem(&truncated).expect_err("truncated"),
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &priv_pem).expect_err("private as public"),
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &priv1_pem).expect_err("pkcs1 private as public"),
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &wx_priv_pem).expect_err("private as public"),
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &cert_pem).expect_err("cert as public"),
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &small_pub_pem).expect_err("1024 public"),
        WechatPayPublicKey::from_pem("bad id", &pub_pem).expect_err("bad id"),
        PlatformCertificate::from_pem(&pub_pem).expect_err("public as cert"),
        PlatformCertificate::from_pem(&wx_priv_pem).expect_err("private as cert"),
        PlatformCertificate::from_pem(&priv1_pem).expect_err("pkcs1 private as cert"),
    ];
    let pems = [
        &priv_pem,
        &priv1_pem,
        &wx_priv_pem,
        &pub_pem,
        &cert_pem,
        &enc_pem,
        &enc1_pem,
        &ec_pem,
        &small_pem,
        &small_pub_pem,
    ];
    for err in &errors {
        assert!(matches!(err, Error::Key { .. }), "{err:?}");
        for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            for pem in pems {
                assert_no_pem_line(&text, pem, "a loader error");
            }
        }
    }
}

/// Every bad input this file feeds a loader, with the error it gives.
fn every_bad_input(scratch: &Scratch) -> Vec<(String, Error)> {
    let priv_pem = go_pkcs8_pem();
    let priv1_pem = go_pkcs1_pem();
    let line = priv_pem.lines().nth(3).expect("body line").to_owned();
    let bad_b64 = priv_pem.replacen(&line, &format!("#{}", &line[1..]), 1);
    let truncated = priv_pem[..priv_pem.find("-----END").expect("END")].to_owned();
    let der = base64::engine::general_purpose::STANDARD
        .decode(pem_body_lines(&priv_pem).concat())
        .expect("PEM body is Base64");
    let der_file = scratch.write("apiclient_key.der", &der);
    let empty_file = scratch.write("empty.pem", b"");
    let blank_file = scratch.write("blank.pem", b" \n\t\r\n");
    let missing = scratch.path("missing/apiclient_key.pem");
    let garbage8 = "-----BEGIN PRIVATE KEY-----\nAAECAwQFBgcICQ==\n-----END PRIVATE KEY-----\n";
    let garbage1 =
        "-----BEGIN RSA PRIVATE KEY-----\nAAECAwQFBgcICQ==\n-----END RSA PRIVATE KEY-----\n";
    let garbage_cert = "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n";
    let empty_serial =
        std::fs::read(manifest().join("fuzz/regressions/keys/certificate-empty-serial.pem"))
            .expect("regression input");

    let private_texts: Vec<(&str, String)> = vec![
        ("empty text", String::new()),
        ("blank text", "   \n\r\n\t".into()),
        ("words", "just some words, no key".into()),
        (
            "java merchant certificate",
            read_data("java_merchant_certificate.pem"),
        ),
        (
            "sandbox certificate",
            read_sandbox("merchant_certificate.pem"),
        ),
        ("SPKI public key", read_data("go_test_public_key_spki.pem")),
        (
            "PKCS#1 public key",
            generated("java_wechat_pay_public_key_pkcs1.pem"),
        ),
        ("bad Base64", bad_b64),
        ("garbage PKCS#8", garbage8.into()),
        ("garbage PKCS#1", garbage1.into()),
        ("no END line", truncated),
        (
            "encrypted PKCS#8",
            generated("encrypted_pkcs8_rsa2048_private_key.pem"),
        ),
        (
            "encrypted PKCS#1",
            generated("encrypted_pkcs1_rsa2048_private_key.pem"),
        ),
        ("EC PKCS#8", generated("ec_p256_private_key_pkcs8.pem")),
        ("EC SEC1", generated("ec_p256_private_key_sec1.pem")),
        ("Ed25519", generated("ed25519_private_key_pkcs8.pem")),
        ("RSA-1024", generated("rsa1024_private_key_pkcs8.pem")),
        ("RSA-8200", crafted_rsa_private_key_pem(8200)),
        ("inconsistent", inconsistent_private_key_pem()),
        ("multi-prime version", multi_prime_version_private_key_pem()),
    ];
    let public_texts: Vec<(&str, String)> = vec![
        ("empty text", String::new()),
        (
            "PKCS#8 private key",
            read_data("java_wechat_pay_private_key.pem"),
        ),
        ("PKCS#1 private key", priv1_pem.clone()),
        ("certificate", read_data("java_wechat_pay_certificate.pem")),
        ("EC public key", generated("ec_p256_public_key_spki.pem")),
        (
            "Ed25519 public key",
            generated("ed25519_public_key_spki.pem"),
        ),
        (
            "RSA-1024 public key",
            generated("rsa1024_public_key_spki.pem"),
        ),
        ("RSA-8200 public key", crafted_rsa_public_key_pem(8200)),
        ("garbage", garbage_cert.replace("CERTIFICATE", "PUBLIC KEY")),
    ];
    let cert_texts: Vec<(&str, String)> = vec![
        ("empty text", String::new()),
        ("public key", read_data("java_wechat_pay_public_key.pem")),
        (
            "PKCS#8 private key",
            read_data("java_wechat_pay_private_key.pem"),
        ),
        ("PKCS#1 private key", priv1_pem.clone()),
        ("garbage DER", garbage_cert.into()),
        ("EC certificate", generated("ec_p256_certificate.pem")),
        ("RSA-1024 certificate", generated("rsa1024_certificate.pem")),
    ];

    let mut out: Vec<(String, Error)> = Vec::new();
    let mut push = |what: String, result: Result<(), Error>| {
        out.push((what.clone(), result.expect_err(&what)));
    };
    for (what, text) in &private_texts {
        push(
            format!("private key from {what}"),
            MerchantPrivateKey::from_pem(text).map(drop),
        );
    }
    for (what, text) in &public_texts {
        push(
            format!("public key from {what}"),
            WechatPayPublicKey::from_pem(PUB_KEY_ID, text).map(drop),
        );
    }
    for (what, text) in &cert_texts {
        push(
            format!("certificate from {what}"),
            PlatformCertificate::from_pem(text).map(drop),
        );
    }
    for id in ["", "PUB KEY ID", "ID\"x", priv_pem.as_str()] {
        push(
            format!("public key ID {id:.12?}"),
            WechatPayPublicKey::from_pem(id, &read_data("java_wechat_pay_public_key.pem"))
                .map(drop),
        );
    }
    for (what, bytes) in [
        ("non-UTF-8 bytes", vec![0xff, 0xfe, 0x80, 0x00, 0xc3]),
        ("DER bytes", der.clone()),
        ("empty bytes", Vec::new()),
    ] {
        push(
            format!("private key from {what}"),
            MerchantPrivateKey::from_pem_bytes(&bytes).map(drop),
        );
        push(
            format!("public key from {what}"),
            WechatPayPublicKey::from_pem_bytes(PUB_KEY_ID, &bytes).map(drop),
        );
        push(
            format!("certificate from {what}"),
            PlatformCertificate::from_pem_bytes(&bytes).map(drop),
        );
    }
    push(
        "certificate with an empty serial".into(),
        PlatformCertificate::from_pem_bytes(&empty_serial).map(drop),
    );
    for path in [
        der_file,
        empty_file,
        blank_file,
        missing,
        data_path("generated/ec_p256_private_key_sec1.pem"),
        data_path("generated/ed25519_private_key_pkcs8.pem"),
        data_path("generated/ec_p256_public_key_spki.pem"),
        data_path("generated/rsa1024_public_key_spki.pem"),
        data_path("generated/rsa1024_certificate.pem"),
    ] {
        let name = path.display().to_string();
        push(
            format!("private key file {name}"),
            MerchantPrivateKey::from_pem_file(&path).map(drop),
        );
        push(
            format!("public key file {name}"),
            WechatPayPublicKey::from_pem_file(PUB_KEY_ID, &path).map(drop),
        );
        push(
            format!("certificate file {name}"),
            PlatformCertificate::from_pem_file(&path).map(drop),
        );
    }
    out
}

#[test]
fn key_errors_never_contain_ring_internal_names() {
    let scratch = Scratch::new("ring-names");
    let errors = every_bad_input(&scratch);
    assert!(errors.len() > 60, "only {} bad inputs", errors.len());
    for (what, err) in &errors {
        assert!(matches!(err, Error::Key { .. }), "{what}: {err:?}");
        for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            for name in RING_INTERNAL_NAMES {
                assert!(
                    !text.contains(name),
                    "{what}: the error shows ring's internal name {name}: {text}"
                );
            }
        }
    }
}

#[test]
fn swapped_public_key_arguments_do_not_echo_the_pem_into_the_error() {
    // `from_pem(pem, id)` instead of `from_pem(id, pem)`: both are strings, so it compiles.
    // Someone confusing files may even pass the merchant private key here.
    let priv_pem = go_pkcs8_pem();
    let err = WechatPayPublicKey::from_pem(priv_pem.as_str(), PUB_KEY_ID)
        .expect_err("a PEM text is not a key ID");
    assert!(matches!(err, Error::Key { .. }), "{err:?}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert_no_pem_line(&text, &priv_pem, "the bad-key-ID error");
    }
}

#[test]
fn certificate_with_an_empty_serial_is_rejected() {
    // Found by the `keys` fuzz target (fuzz/regressions/keys/certificate-empty-serial.pem):
    // the sandbox certificate with its serialNumber replaced by an empty INTEGER.
    let pem = std::fs::read(manifest().join("fuzz/regressions/keys/certificate-empty-serial.pem"))
        .expect("regression input");
    let err = PlatformCertificate::from_pem_bytes(&pem).expect_err("empty serial must be rejected");
    assert!(err.to_string().contains("serialNumber is empty"), "{err}");
}

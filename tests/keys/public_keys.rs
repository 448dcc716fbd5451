//! The WeChat Pay public key: accepted forms and rejected inputs.

use super::*;

#[test]
fn spki_public_key_loads_and_verifies_the_derived_response_vector() {
    let key =
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &read_data("java_wechat_pay_public_key.pem"))
            .expect("SPKI loads");
    assert_eq!(key.id(), PUB_KEY_ID);
    assert_eq!(verifies_derived_response(key), Ok(()));
}

#[test]
fn pkcs1_public_key_loads_and_verifies_the_derived_response_vector() {
    let pem = generated("java_wechat_pay_public_key_pkcs1.pem");
    assert!(pem.contains("BEGIN RSA PUBLIC KEY"));
    let key = WechatPayPublicKey::from_pem(PUB_KEY_ID, &pem).expect("PKCS#1 loads");
    assert_eq!(verifies_derived_response(key), Ok(()));
}

#[test]
fn public_key_from_bytes_and_file_load() {
    let pem = read_data("java_wechat_pay_public_key.pem");
    let key = WechatPayPublicKey::from_pem_bytes(PUB_KEY_ID, pem.as_bytes()).expect("bytes");
    assert_eq!(verifies_derived_response(key), Ok(()));
    let key = WechatPayPublicKey::from_pem_file(
        PUB_KEY_ID,
        data_path("generated/java_wechat_pay_public_key_pkcs1.pem"),
    )
    .expect("file");
    assert_eq!(verifies_derived_response(key), Ok(()));
    let crlf = pem.replace('\n', "\r\n");
    let key = WechatPayPublicKey::from_pem(PUB_KEY_ID, &format!("pub_key.pem:\r\n{crlf}"))
        .expect("CRLF with leading text");
    assert_eq!(verifies_derived_response(key), Ok(()));
}

#[test]
fn a_different_public_key_does_not_verify_the_derived_response_vector() {
    let key = WechatPayPublicKey::from_pem(PUB_KEY_ID, &read_data("go_test_public_key_spki.pem"))
        .expect("loads");
    assert!(matches!(
        verifies_derived_response(key),
        Err(wechatpay_product_coupon::verify::VerifyFailure::SignatureMismatch { .. })
    ));
}

#[test]
fn bad_public_key_ids_are_rejected() {
    let pem = read_data("java_wechat_pay_public_key.pem");
    for id in [
        "",
        "PUB KEY ID",
        " PUB_KEY_ID_0114",
        "PUB_KEY_ID_0114\n",
        "PUB-KEY-ID",
        "ID\"x",
    ] {
        let err = assert_key_error(
            WechatPayPublicKey::from_pem(id, &pem),
            "public key ID",
            &[&format!("{id:?}")],
        );
        assert!(err.to_string().contains("PUB_KEY_ID_"), "{err}");
    }
}

#[test]
fn private_key_passed_as_public_key_is_rejected_naming_it() {
    assert_key_error(
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &read_data("java_wechat_pay_private_key.pem")),
        PUBLIC,
        &["PKCS#8 private key", "BEGIN PRIVATE KEY"],
    );
    assert_key_error(
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &go_pkcs1_pem()),
        PUBLIC,
        &["PKCS#1 RSA private key", "BEGIN RSA PRIVATE KEY"],
    );
}

#[test]
fn certificate_passed_as_public_key_is_rejected_naming_it() {
    assert_key_error(
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &read_data("java_wechat_pay_certificate.pem")),
        PUBLIC,
        &["certificate"],
    );
}

#[test]
fn ec_public_key_and_certificate_are_rejected_named_as_ec() {
    let err = assert_key_error(
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &generated("ec_p256_public_key_spki.pem")),
        PUBLIC,
        &["an EC (or SM2) public key", "keys are RSA"],
    );
    assert!(err.to_string().contains("EC (or SM2) public key"), "{err}");
    let err = assert_key_error(
        PlatformCertificate::from_pem(&generated("ec_p256_certificate.pem")),
        CERT,
        &["certificate", "an EC (or SM2) public key", "keys are RSA"],
    );
    assert!(err.to_string().contains("EC (or SM2) public key"), "{err}");
}

#[test]
fn ed25519_keys_are_rejected_named_as_ed25519() {
    let err = assert_key_error(
        MerchantPrivateKey::from_pem(&generated("ed25519_private_key_pkcs8.pem")),
        PRIVATE,
        &["an Ed25519 private key", "PKCS#8", "keys are RSA"],
    );
    assert!(err.to_string().contains("Ed25519 private key"), "{err}");
    let err = assert_key_error(
        WechatPayPublicKey::from_pem(PUB_KEY_ID, &generated("ed25519_public_key_spki.pem")),
        PUBLIC,
        &["an Ed25519 public key", "keys are RSA"],
    );
    assert!(err.to_string().contains("Ed25519 public key"), "{err}");
    // The same, loaded from the files: the algorithm and the file are both named.
    let path = data_path("generated/ed25519_private_key_pkcs8.pem");
    let err = assert_key_error(
        MerchantPrivateKey::from_pem_file(&path),
        PRIVATE,
        &["Ed25519"],
    );
    assert_names_path(&err, &path);
    let path = data_path("generated/ed25519_public_key_spki.pem");
    let err = assert_key_error(
        WechatPayPublicKey::from_pem_file(PUB_KEY_ID, &path),
        PUBLIC,
        &["Ed25519"],
    );
    assert_names_path(&err, &path);
}

#[test]
fn missing_public_key_file_is_a_key_error_naming_the_path() {
    let path = std::env::temp_dir().join(format!(
        "wpc-keys-definitely-missing-{}/pub_key.pem",
        std::process::id()
    ));
    let err = assert_key_error(
        WechatPayPublicKey::from_pem_file(PUB_KEY_ID, &path),
        PUBLIC,
        &["unreadable file"],
    );
    assert!(err.to_string().contains(&path.display().to_string()));
}

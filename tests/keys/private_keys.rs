//! The merchant private key: accepted forms and rejected inputs.

use super::*;

#[test]
fn pkcs8_and_pkcs1_keys_load_and_sign_identically() {
    let pkcs8 = MerchantPrivateKey::from_pem(&go_pkcs8_pem()).expect("PKCS#8 loads");
    let pkcs1 = MerchantPrivateKey::from_pem(&go_pkcs1_pem()).expect("PKCS#1 loads");
    assert_eq!(pkcs8.bits(), 2048);
    assert_eq!(pkcs1.bits(), 2048);
    assert_eq!(pkcs8.public_key_pkcs1_der(), pkcs1.public_key_pkcs1_der());
    for message in [
        b"source".as_slice(),
        b"".as_slice(),
        "全场满100立打8折".as_bytes(),
        &[0u8, 1, 2, 255],
    ] {
        assert_eq!(
            pkcs8.sign_base64(message).expect("signs"),
            pkcs1.sign_base64(message).expect("signs"),
            "message {message:?}"
        );
    }
    signs_go_vector(&pkcs1);
    assert!(format!("{pkcs8:?}").contains("PKCS#8"));
    assert!(format!("{pkcs1:?}").contains("PKCS#1"));
}

#[test]
fn private_key_with_crlf_line_endings_loads() {
    for pem in [go_pkcs8_pem(), go_pkcs1_pem()] {
        let crlf = pem.replace("\r\n", "\n").replace('\n', "\r\n");
        assert!(crlf.contains("\r\n"));
        signs_go_vector(&MerchantPrivateKey::from_pem(&crlf).expect("CRLF PEM loads"));
    }
}

#[test]
fn private_key_with_leading_and_trailing_text_loads() {
    for pem in [go_pkcs8_pem(), go_pkcs1_pem()] {
        let wrapped = format!(
            "Bag Attributes\n    localKeyID: 01 00 00 00\n    friendlyName: apiclient\nKey Attributes: <No Attributes>\n{pem}\nsome trailing notes -- keep safe\n"
        );
        signs_go_vector(&MerchantPrivateKey::from_pem(&wrapped).expect("wrapped PEM loads"));
    }
}

#[test]
fn private_key_with_indentation_loads() {
    for pem in [go_pkcs8_pem(), go_pkcs1_pem()] {
        let spaces: String = pem.lines().map(|l| format!("    {l}\n")).collect();
        signs_go_vector(&MerchantPrivateKey::from_pem(&spaces).expect("indented PEM loads"));
        let tabs: String = pem.lines().map(|l| format!("\t\t{l}  \r\n")).collect();
        signs_go_vector(&MerchantPrivateKey::from_pem(&tabs).expect("tab-indented PEM loads"));
    }
}

#[test]
fn private_key_from_pem_bytes_loads() {
    for pem in [go_pkcs8_pem(), go_pkcs1_pem()] {
        signs_go_vector(&MerchantPrivateKey::from_pem_bytes(pem.as_bytes()).expect("bytes load"));
    }
}

#[test]
fn private_key_from_pem_file_loads() {
    let scratch = Scratch::new("privfile");
    for (name, pem) in [("pkcs8.pem", go_pkcs8_pem()), ("pkcs1.pem", go_pkcs1_pem())] {
        let path = scratch.write(name, pem.as_bytes());
        signs_go_vector(&MerchantPrivateKey::from_pem_file(&path).expect("file loads"));
    }
}

#[test]
fn sandbox_and_java_private_keys_load() {
    for path in [
        sandbox_path("merchant_private_key.pem"),
        sandbox_path("wechatpay_private_key.pem"),
        data_path("java_merchant_private_key.pem"),
        data_path("java_wechat_pay_private_key.pem"),
        sandbox_path("wechatpay_platform_private_key.pem"),
    ] {
        let key = MerchantPrivateKey::from_pem_file(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(key.bits(), 2048);
    }
}

// ---------------------------------------------------------------------------------------------
// Merchant private key: rejected inputs
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_private_key_file_is_a_key_error_naming_the_path() {
    let path = std::env::temp_dir().join(format!(
        "wpc-keys-definitely-missing-{}/apiclient_key.pem",
        std::process::id()
    ));
    let err = assert_key_error(
        MerchantPrivateKey::from_pem_file(&path),
        PRIVATE,
        &["unreadable file"],
    );
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "error does not name the path: {err}"
    );
}

#[test]
fn certificate_passed_as_private_key_is_rejected_naming_certificate() {
    for cert in [
        read_data("java_merchant_certificate.pem"),
        read_sandbox("merchant_certificate.pem"),
    ] {
        let err = assert_key_error(
            MerchantPrivateKey::from_pem(&cert),
            PRIVATE,
            &["certificate", "BEGIN CERTIFICATE"],
        );
        assert!(err.to_string().contains("certificate"));
    }
}

#[test]
fn public_key_passed_as_private_key_is_rejected_naming_public_key() {
    assert_key_error(
        MerchantPrivateKey::from_pem(&read_data("go_test_public_key_spki.pem")),
        PRIVATE,
        &["public key", "BEGIN PUBLIC KEY"],
    );
    assert_key_error(
        MerchantPrivateKey::from_pem(&generated("java_wechat_pay_public_key_pkcs1.pem")),
        PRIVATE,
        &["public key", "BEGIN RSA PUBLIC KEY"],
    );
}

#[test]
fn empty_or_blank_text_is_rejected_as_no_pem_block() {
    for text in ["", "   \n\r\n\t", "just some words, no key"] {
        assert_key_error(
            MerchantPrivateKey::from_pem(text),
            PRIVATE,
            &["no PEM block"],
        );
    }
    assert_key_error(
        MerchantPrivateKey::from_pem_bytes(b""),
        PRIVATE,
        &["no PEM block"],
    );
}

#[test]
fn garbage_base64_is_rejected() {
    let text =
        "-----BEGIN PRIVATE KEY-----\nThis is *not* Base64 at all!!\n-----END PRIVATE KEY-----\n";
    assert_key_error(
        MerchantPrivateKey::from_pem(text),
        PRIVATE,
        &["Base64", "PRIVATE KEY"],
    );
    // A real key with one character of a body line replaced.
    let pem = go_pkcs8_pem();
    let line = pem.lines().nth(3).expect("body line").to_owned();
    let broken = pem.replacen(&line, &format!("#{}", &line[1..]), 1);
    assert_key_error(MerchantPrivateKey::from_pem(&broken), PRIVATE, &["Base64"]);
}

#[test]
fn valid_base64_that_is_not_a_key_is_rejected_as_invalid_der() {
    let text = "-----BEGIN PRIVATE KEY-----\nAAECAwQFBgcICQ==\n-----END PRIVATE KEY-----\n";
    assert_key_error(
        MerchantPrivateKey::from_pem(text),
        PRIVATE,
        &["PKCS#8", "invalid DER"],
    );
    let text = "-----BEGIN RSA PRIVATE KEY-----\nAAECAwQFBgcICQ==\n-----END RSA PRIVATE KEY-----\n";
    assert_key_error(
        MerchantPrivateKey::from_pem(text),
        PRIVATE,
        &["PKCS#1", "invalid DER"],
    );
}

#[test]
fn well_formed_keys_the_crypto_library_rejects_are_described_in_plain_words() {
    // A 2048-bit key whose components do not fit together (ring: InconsistentComponents).
    assert_key_error(
        MerchantPrivateKey::from_pem(&inconsistent_private_key_pem()),
        PRIVATE,
        &["2048-bit RSA private key (PKCS#1)", "rejected"],
    );
    // A multi-prime version number (ring: VersionNotSupported).
    assert_key_error(
        MerchantPrivateKey::from_pem(&multi_prime_version_private_key_pem()),
        PRIVATE,
        &["2048-bit RSA private key (PKCS#1)", "rejected", "version"],
    );
}

#[test]
fn pem_without_end_line_is_rejected() {
    let pem = go_pkcs8_pem();
    let truncated = &pem[..pem.find("-----END").expect("END line")];
    assert_key_error(
        MerchantPrivateKey::from_pem(truncated),
        PRIVATE,
        &["without its END line"],
    );
}

#[test]
fn encrypted_pkcs8_private_key_is_rejected_mentioning_encrypted() {
    let pem = generated("encrypted_pkcs8_rsa2048_private_key.pem");
    assert!(pem.contains("BEGIN ENCRYPTED PRIVATE KEY"));
    assert_key_error(
        MerchantPrivateKey::from_pem(&pem),
        PRIVATE,
        &["encrypted", "decrypt"],
    );
}

#[test]
fn legacy_encrypted_pkcs1_private_key_is_rejected_mentioning_encrypted() {
    let pem = generated("encrypted_pkcs1_rsa2048_private_key.pem");
    assert!(pem.contains("Proc-Type: 4,ENCRYPTED"));
    assert_key_error(
        MerchantPrivateKey::from_pem(&pem),
        PRIVATE,
        &["encrypted", "decrypt"],
    );
}

#[test]
fn ec_private_keys_in_pkcs8_and_sec1_are_rejected_named_as_ec_keys() {
    // PKCS#8 wrapping an EC key: the label looks right, the algorithm inside is EC.
    let err = assert_key_error(
        MerchantPrivateKey::from_pem(&generated("ec_p256_private_key_pkcs8.pem")),
        PRIVATE,
        &["an EC (or SM2) private key", "PKCS#8", "keys are RSA"],
    );
    assert!(err.to_string().contains("EC (or SM2) private key"), "{err}");
    // SEC1 `BEGIN EC PRIVATE KEY`.
    let err = assert_key_error(
        MerchantPrivateKey::from_pem(&generated("ec_p256_private_key_sec1.pem")),
        PRIVATE,
        &["an EC private key", "BEGIN EC PRIVATE KEY", "RSA"],
    );
    assert!(err.to_string().contains("EC private key"), "{err}");
}

#[test]
fn rsa_keys_outside_2048_to_8192_bits_are_rejected_stating_size_and_range() {
    let cases: [(&str, Result<(), Error>, &str); 6] = [
        (
            "1024-bit PKCS#8 private key",
            MerchantPrivateKey::from_pem(&generated("rsa1024_private_key_pkcs8.pem")).map(drop),
            "1024-bit RSA private key (PKCS#8)",
        ),
        (
            "1024-bit SPKI public key",
            WechatPayPublicKey::from_pem(PUB_KEY_ID, &generated("rsa1024_public_key_spki.pem"))
                .map(drop),
            "1024-bit",
        ),
        (
            "certificate with a 1024-bit key",
            PlatformCertificate::from_pem(&generated("rsa1024_certificate.pem")).map(drop),
            "1024-bit",
        ),
        (
            "8200-bit PKCS#1 private key",
            MerchantPrivateKey::from_pem(&crafted_rsa_private_key_pem(8200)).map(drop),
            "8200-bit RSA private key (PKCS#1)",
        ),
        (
            "8200-bit PKCS#1 public key",
            WechatPayPublicKey::from_pem(PUB_KEY_ID, &crafted_rsa_public_key_pem(8200)).map(drop),
            "8200-bit",
        ),
        (
            "2040-bit PKCS#1 public key",
            WechatPayPublicKey::from_pem(PUB_KEY_ID, &crafted_rsa_public_key_pem(2040)).map(drop),
            "2040-bit",
        ),
    ];
    for (what, result, size) in cases {
        let err = result.expect_err(what);
        let text = err.to_string();
        assert!(text.contains(size), "{what}: {text}");
        assert!(
            text.contains("2048 to 8192 bits are accepted"),
            "{what}: {text}"
        );
        assert_no_ring_internals(&err);
    }
    // The bounds themselves pass (a public key is only checked for structure and size when
    // loaded; the crypto library parses it when verifying).
    for bits in [2048, 8192] {
        let key = WechatPayPublicKey::from_pem(PUB_KEY_ID, &crafted_rsa_public_key_pem(bits));
        assert!(key.is_ok(), "a {bits}-bit public key is in range: {key:?}");
    }
}

#[test]
fn non_utf8_bytes_are_rejected_as_not_text() {
    assert_key_error(
        MerchantPrivateKey::from_pem_bytes(&[0xff, 0xfe, 0x80, 0x00, 0xc3]),
        PRIVATE,
        &["not text"],
    );
    // Binary DER of a real key (what `-outform DER` gives) is not PEM text either.
    let der = base64::engine::general_purpose::STANDARD
        .decode(pem_body_lines(&go_pkcs8_pem()).concat())
        .expect("PEM body is Base64");
    assert!(std::str::from_utf8(&der).is_err());
    assert_key_error(
        MerchantPrivateKey::from_pem_bytes(&der),
        PRIVATE,
        &["not text", "DER"],
    );
    let scratch = Scratch::new("der");
    let path = scratch.write("apiclient_key.der", &der);
    assert_key_error(
        MerchantPrivateKey::from_pem_file(&path),
        PRIVATE,
        &["not text"],
    );
}

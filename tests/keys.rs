//! Key loading: every accepted format, every rejected one with its error text (what was
//! expected, what was found), certificate serials against `openssl`, and secrecy of `Debug`
//! output and error messages.

mod common;

use common::*;
use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use wechatpay_product_coupon::verify::{self, SignatureHeaders, DEFAULT_WINDOW_SECS};
use wechatpay_product_coupon::{
    Error, MerchantPrivateKey, PlatformCertificate, VerifierKeys, WechatPayPublicKey,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const PUB_KEY_ID: &str = "PUB_KEY_ID_illustrative";

fn generated(name: &str) -> String {
    read_data(&format!("generated/{name}"))
}

fn read_sandbox(name: &str) -> String {
    std::fs::read_to_string(sandbox_path(name))
        .unwrap_or_else(|e| panic!("cannot read src/sandbox/test_keys/{name}: {e}"))
}

fn assert_no_pem_line(text: &str, pem: &str, what: &str) {
    for line in pem_body_lines(pem) {
        assert!(
            !text.contains(&line),
            "{what} leaks the PEM body line {line:?}: {text}"
        );
    }
}

/// Asserts `result` is an `Error::Key` whose `expected` contains `expected_has` and whose
/// `found` contains every one of `found_has` (case-insensitive), and that the Display text
/// states both ("expected …, found …"). Returns the error.
fn assert_key_error<T: fmt::Debug>(
    result: Result<T, Error>,
    expected_has: &str,
    found_has: &[&str],
) -> Error {
    let err = match result {
        Err(err) => err,
        Ok(v) => panic!("expected a key error, loaded {v:?}"),
    };
    match &err {
        Error::Key { expected, found } => {
            assert!(
                expected.contains(expected_has),
                "expected-part {expected:?} should mention {expected_has:?}"
            );
            for needle in found_has {
                assert!(
                    found.to_lowercase().contains(&needle.to_lowercase()),
                    "found-part {found:?} should mention {needle:?}"
                );
            }
            let display = err.to_string();
            assert_no_ring_internals(&err);
            assert!(
                display.contains(&format!("expected {expected}")),
                "Display does not state what was expected: {display}"
            );
            assert!(
                display.contains(&format!("found {found}")),
                "Display does not state what was found: {display}"
            );
        }
        other => panic!("expected Error::Key, got {other:?}"),
    }
    err
}

/// ring's internal `KeyRejected` names: meaningless to a user, never part of a key error.
const RING_INTERNAL_NAMES: [&str; 9] = [
    "TooSmall",
    "TooLarge",
    "WrongAlgorithm",
    "InvalidEncoding",
    "InconsistentComponents",
    "UnexpectedError",
    "VersionNotSupported",
    "InvalidComponent",
    "PublicKeyIsMissing",
];

fn assert_no_ring_internals(err: &Error) {
    for text in [err.to_string(), format!("{err:?}")] {
        for name in RING_INTERNAL_NAMES {
            assert!(
                !text.contains(name),
                "key error shows ring's internal name {name}: {text}"
            );
        }
    }
}

/// Asserts a key error names `path` (the file it was loaded from).
fn assert_names_path(err: &Error, path: &Path) {
    let text = err.to_string();
    assert!(
        text.contains(&path.display().to_string()),
        "error does not name the file {}: {text}",
        path.display()
    );
}

/// A DER TLV (definite length).
fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A positive DER INTEGER of exactly `bits` significant bits (top bit set, odd).
fn der_integer_of_bits(bits: usize) -> Vec<u8> {
    let mut magnitude = vec![0x5Au8; bits.div_ceil(8)];
    let lead = bits - (magnitude.len() - 1) * 8;
    magnitude[0] = (1u16 << (lead - 1)) as u8 | 0x01;
    *magnitude.last_mut().expect("non-empty") |= 0x01;
    let mut content = Vec::new();
    if magnitude[0] & 0x80 != 0 {
        content.push(0);
    }
    content.extend_from_slice(&magnitude);
    der_tlv(0x02, &content)
}

fn pem_of(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("Base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// A PKCS#1 `RSA PUBLIC KEY` with a `bits`-bit modulus (structurally valid, not a real key).
fn crafted_rsa_public_key_pem(bits: usize) -> String {
    let mut seq = der_integer_of_bits(bits);
    seq.extend(der_tlv(0x02, &[0x01, 0x00, 0x01]));
    pem_of("RSA PUBLIC KEY", &der_tlv(0x30, &seq))
}

/// A PKCS#1 `RSA PRIVATE KEY` with a `bits`-bit modulus (structurally valid, not a real key).
fn crafted_rsa_private_key_pem(bits: usize) -> String {
    let mut seq = der_tlv(0x02, &[0x00]);
    seq.extend(der_integer_of_bits(bits));
    seq.extend(der_tlv(0x02, &[0x01, 0x00, 0x01]));
    seq.extend(der_integer_of_bits(bits - 1));
    for _ in 0..5 {
        seq.extend(der_integer_of_bits(bits / 2));
    }
    pem_of("RSA PRIVATE KEY", &der_tlv(0x30, &seq))
}

/// The Go test key (PKCS#1 DER) with one byte changed by `edit`, as PEM.
fn edited_go_pkcs1_pem(edit: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut der = base64::engine::general_purpose::STANDARD
        .decode(pem_body_lines(&go_pkcs1_pem()).concat())
        .expect("PEM body is Base64");
    edit(&mut der);
    pem_of("RSA PRIVATE KEY", &der)
}

/// The Go test key with its `qInv` component corrupted: well-formed DER of a 2048-bit key that
/// the crypto library rejects as inconsistent.
fn inconsistent_private_key_pem() -> String {
    edited_go_pkcs1_pem(|der| {
        let i = der.len() - 20;
        der[i] ^= 0x55;
    })
}

/// The Go test key with its PKCS#1 version set to 1 (multi-prime) but no other primes.
fn multi_prime_version_private_key_pem() -> String {
    edited_go_pkcs1_pem(|der| {
        // 30 82 LL LL | 02 01 00 (version 0)
        assert_eq!(&der[4..7], &[0x02, 0x01, 0x00], "PKCS#1 version");
        der[6] = 0x01;
    })
}

const PRIVATE: &str = "RSA private key";
const PUBLIC: &str = "RSA public key";
const CERT: &str = "X.509 certificate";

fn go_pkcs8_pem() -> String {
    read_data("go_test_private_key_pkcs8.pem")
}

fn go_pkcs1_pem() -> String {
    read_data("derived_go_test_private_key_pkcs1.pem")
}

fn go_signature() -> String {
    read_data("go_sign_source_expected_signature.txt")
        .trim()
        .to_owned()
}

fn signs_go_vector(key: &MerchantPrivateKey) {
    assert_eq!(key.sign_base64(b"source").expect("signs"), go_signature());
}

fn derived() -> serde_json::Value {
    serde_json::from_str(&read_data("derived_vectors.json")).expect("derived_vectors.json parses")
}

/// Verifies the derived public-key-mode response vector with `key`.
fn verifies_derived_response(
    key: WechatPayPublicKey,
) -> Result<(), wechatpay_product_coupon::verify::VerifyFailure> {
    let v = derived();
    let r = &v["response_verification_public_key_mode"];
    let field = |name: &str| r[name].as_str().expect("vector field").to_owned();
    let (ts, nonce, sig, serial, body) = (
        field("Wechatpay-Timestamp"),
        field("Wechatpay-Nonce"),
        field("Wechatpay-Signature"),
        field("Wechatpay-Serial"),
        field("body"),
    );
    let headers = SignatureHeaders::from_pairs([
        ("Wechatpay-Timestamp", ts.as_bytes()),
        ("Wechatpay-Nonce", nonce.as_bytes()),
        ("Wechatpay-Signature", sig.as_bytes()),
        ("Wechatpay-Serial", serial.as_bytes()),
    ])
    .expect("headers");
    let now: i64 = ts.parse().expect("numeric timestamp");
    let keys = VerifierKeys::new().with_public_key(key);
    verify::verify_response(&keys, &headers, body.as_bytes(), now, DEFAULT_WINDOW_SECS)
}

fn openssl_serial(path: &Path) -> String {
    let (ok, stdout, stderr) = openssl([
        OsStr::new("x509"),
        OsStr::new("-noout"),
        OsStr::new("-serial"),
        OsStr::new("-in"),
        path.as_os_str(),
    ]);
    assert!(ok, "openssl x509 failed: {stderr}");
    let text = String::from_utf8(stdout).expect("ASCII output");
    text.trim()
        .strip_prefix("serial=")
        .unwrap_or_else(|| panic!("unexpected openssl output {text:?}"))
        .to_owned()
}

// ---------------------------------------------------------------------------------------------
// Merchant private key: accepted forms
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// WeChat Pay public key
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Loading from files: every loader names the file
// ---------------------------------------------------------------------------------------------

#[test]
fn file_load_failures_name_the_file_for_all_three_loaders() {
    // Each loader given the wrong kind of file, and files with content problems found at
    // different stages (PEM, DER, algorithm, size).
    let cases: Vec<(std::path::PathBuf, Result<(), Error>, &str)> = vec![
        {
            let path = data_path("java_merchant_certificate.pem");
            let r = MerchantPrivateKey::from_pem_file(&path).map(drop);
            (path, r, "certificate")
        },
        {
            let path = data_path("go_test_public_key_spki.pem");
            let r = MerchantPrivateKey::from_pem_file(&path).map(drop);
            (path, r, "public key")
        },
        {
            let path = data_path("generated/ec_p256_private_key_pkcs8.pem");
            let r = MerchantPrivateKey::from_pem_file(&path).map(drop);
            (path, r, "EC (or SM2) private key")
        },
        {
            let path = data_path("generated/rsa1024_private_key_pkcs8.pem");
            let r = MerchantPrivateKey::from_pem_file(&path).map(drop);
            (path, r, "1024-bit")
        },
        {
            let path = data_path("generated/encrypted_pkcs8_rsa2048_private_key.pem");
            let r = MerchantPrivateKey::from_pem_file(&path).map(drop);
            (path, r, "encrypted")
        },
        {
            let path = data_path("java_wechat_pay_certificate.pem");
            let r = WechatPayPublicKey::from_pem_file(PUB_KEY_ID, &path).map(drop);
            (path, r, "certificate")
        },
        {
            let path = data_path("java_wechat_pay_private_key.pem");
            let r = WechatPayPublicKey::from_pem_file(PUB_KEY_ID, &path).map(drop);
            (path, r, "private key")
        },
        {
            let path = data_path("generated/rsa1024_public_key_spki.pem");
            let r = WechatPayPublicKey::from_pem_file(PUB_KEY_ID, &path).map(drop);
            (path, r, "1024-bit")
        },
        {
            let path = data_path("java_wechat_pay_public_key.pem");
            let r = PlatformCertificate::from_pem_file(&path).map(drop);
            (path, r, "public key")
        },
        {
            let path = data_path("java_wechat_pay_private_key.pem");
            let r = PlatformCertificate::from_pem_file(&path).map(drop);
            (path, r, "private key")
        },
        {
            let path = data_path("generated/ec_p256_certificate.pem");
            let r = PlatformCertificate::from_pem_file(&path).map(drop);
            (path, r, "EC (or SM2) public key")
        },
        {
            let path = data_path("generated/rsa1024_certificate.pem");
            let r = PlatformCertificate::from_pem_file(&path).map(drop);
            (path, r, "1024-bit")
        },
    ];
    for (path, result, found_has) in cases {
        let err = assert_key_error(result, "", &[found_has]);
        assert_names_path(&err, &path);
    }

    // Files whose content fails before any key is parsed: no PEM, garbage Base64, not text.
    let scratch = Scratch::new("named");
    let no_pem = scratch.write("notes.txt", b"apiclient_key.pem goes here\n");
    let bad_b64 = scratch.write(
        "bad.pem",
        b"-----BEGIN CERTIFICATE-----\n*not base64*\n-----END CERTIFICATE-----\n",
    );
    let binary = scratch.write("key.der", &[0x30, 0x82, 0xff, 0xfe, 0x80]);
    for path in [&no_pem, &bad_b64, &binary] {
        let errors = [
            MerchantPrivateKey::from_pem_file(path).map(drop),
            WechatPayPublicKey::from_pem_file(PUB_KEY_ID, path).map(drop),
            PlatformCertificate::from_pem_file(path).map(drop),
        ];
        for result in errors {
            let err = assert_key_error(result, "", &[]);
            assert_names_path(&err, path);
        }
    }
}

#[test]
fn empty_and_whitespace_only_files_are_reported_as_empty_files_by_all_three_loaders() {
    let scratch = Scratch::new("empty");
    let empty = scratch.write("empty.pem", b"");
    let blank = scratch.write("blank.pem", b"  \r\n\n\t \n");
    for path in [&empty, &blank] {
        let expected = format!("an empty file {}", path.display());
        let results = [
            (PRIVATE, MerchantPrivateKey::from_pem_file(path).map(drop)),
            (
                PUBLIC,
                WechatPayPublicKey::from_pem_file(PUB_KEY_ID, path).map(drop),
            ),
            (CERT, PlatformCertificate::from_pem_file(path).map(drop)),
        ];
        for (kind, result) in results {
            let err = assert_key_error(result, kind, &[&expected]);
            assert!(err.to_string().contains(&expected), "{err}");
            assert!(!err.to_string().contains("no PEM block"), "{err}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Platform certificates
// ---------------------------------------------------------------------------------------------

/// Every certificate the tests load, with its serial where a source states it.
fn certificate_files() -> [(PathBuf, Option<&'static str>); 7] {
    [
        (
            data_path("java_wechat_pay_certificate.pem"),
            Some("440024045C4A427599D09BB4E3DE0279F2E813FD"),
        ),
        (
            data_path("go_notify_test_platform_certificate.pem"),
            Some("D7CE59D1F522D701"),
        ),
        (
            data_path("java_merchant_certificate.pem"),
            Some("5F1C72E2A8931B72A2E13AF8DEE92471EB397115"),
        ),
        (
            data_path("java_download_certificate_plaintext.pem"),
            Some("5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC"),
        ),
        (
            data_path("go_pem_test_certificate.pem"),
            Some("0C4AEF34B89340881BB2B25226393DC2E47F094B"),
        ),
        (
            sandbox_path("merchant_certificate.pem"),
            Some("5A4E44424F58000000000000000000000001"),
        ),
        (
            sandbox_path("wechatpay_platform_certificate.pem"),
            Some("5A4E44424F58000000000000000000000002"),
        ),
    ]
}

#[test]
fn certificate_serials_match_openssl() {
    for (path, known) in certificate_files() {
        let cert = PlatformCertificate::from_pem_file(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let theirs = openssl_serial(&path);
        assert_eq!(cert.serial(), theirs, "{}", path.display());
        if let Some(known) = known {
            assert_eq!(cert.serial(), known, "{}", path.display());
        }
    }
}

/// `notBefore`/`notAfter` from `openssl x509 -dates -dateopt iso_8601`, as Unix seconds
/// (converted here by the civil-calendar formula, independently of the crate's DER reader).
fn openssl_dates(path: &Path) -> (i64, i64) {
    let (ok, stdout, stderr) = openssl([
        OsStr::new("x509"),
        OsStr::new("-noout"),
        OsStr::new("-dates"),
        OsStr::new("-dateopt"),
        OsStr::new("iso_8601"),
        OsStr::new("-in"),
        path.as_os_str(),
    ]);
    assert!(ok, "openssl x509 -dates failed: {stderr}");
    let text = String::from_utf8(stdout).expect("ASCII output");
    let field = |name: &str| {
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {text:?}"));
        unix_seconds(line.trim())
    };
    (field("notBefore="), field("notAfter="))
}

/// `YYYY-MM-DD HH:MM:SSZ` → Unix seconds (Howard Hinnant's days-from-civil).
fn unix_seconds(iso: &str) -> i64 {
    let num = |range: std::ops::Range<usize>| -> i64 {
        iso.get(range)
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("date {iso:?}"))
    };
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let (hh, mm, ss) = (num(11..13), num(14..16), num(17..19));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hh * 3600 + mm * 60 + ss
}

#[test]
fn certificate_validity_dates_match_openssl() {
    assert_eq!(unix_seconds("1970-01-01 00:00:00Z"), 0);
    assert_eq!(unix_seconds("2000-03-01 00:00:00Z"), 951_868_800);
    for (path, _) in certificate_files() {
        let cert = PlatformCertificate::from_pem_file(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (not_before, not_after) = openssl_dates(&path);
        assert_eq!(
            (cert.not_before(), cert.not_after()),
            (not_before, not_after),
            "{}",
            path.display()
        );
    }
}

#[test]
fn certificate_from_text_and_bytes_give_the_same_serial() {
    let pem = read_data("java_wechat_pay_certificate.pem");
    let a = PlatformCertificate::from_pem(&pem).expect("text");
    let b = PlatformCertificate::from_pem_bytes(pem.as_bytes()).expect("bytes");
    let c = PlatformCertificate::from_pem(&pem.replace('\n', "\r\n")).expect("CRLF");
    assert_eq!(a.serial(), b.serial());
    assert_eq!(a.serial(), c.serial());
}

#[test]
fn public_key_passed_as_certificate_is_rejected() {
    assert_key_error(
        PlatformCertificate::from_pem(&read_data("java_wechat_pay_public_key.pem")),
        CERT,
        &["public key", "BEGIN PUBLIC KEY"],
    );
}

#[test]
fn private_key_passed_as_certificate_is_rejected() {
    assert_key_error(
        PlatformCertificate::from_pem(&read_data("java_wechat_pay_private_key.pem")),
        CERT,
        &["private key"],
    );
}

#[test]
fn certificate_block_with_garbage_der_is_rejected() {
    let text = "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n";
    assert_key_error(PlatformCertificate::from_pem(text), CERT, &["invalid DER"]);
}

// ---------------------------------------------------------------------------------------------
// Secrecy: Debug output and error messages
// ---------------------------------------------------------------------------------------------

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

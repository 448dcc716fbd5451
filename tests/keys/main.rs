//! Key loading: every accepted format, every rejected one with its error text (what was
//! expected, what was found), certificate serials against `openssl`, and secrecy of `Debug`
//! output and error messages.

#[path = "../common/mod.rs"]
mod common;

mod certificates;
mod files;
mod private_keys;
mod public_keys;
mod secrecy;

use common::*;
use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use wechatpay_product_coupon::verify::{self, SignatureHeaders, DEFAULT_WINDOW_SECS};
use wechatpay_product_coupon::{
    Error, MerchantPrivateKey, PlatformCertificate, VerifierKeys, WechatPayPublicKey,
};

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

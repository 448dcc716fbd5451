//! Response verification: our path (pick the signature headers out of a realistic header list,
//! then `verify_response`: timestamp window, key lookup, Base64, message, RSA) vs a bare ring
//! `UnparsedPublicKey::verify` of the same message and signature with the same key (the floor).
//!
//! Input: the seed's 200 `use` response body (`tests/data/use_response_example_S1.json`),
//! signed at setup with the Java SDK's WeChat Pay test private key.

use std::hint::black_box;
use std::path::PathBuf;

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion};
use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use wechatpay_product_coupon::verify::{response_message, verify_response, SignatureHeaders};
use wechatpay_product_coupon::{
    MerchantPrivateKey, PlatformCertificate, VerifierKeys, WechatPayPublicKey,
};

const PUB_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000000000";
const TIMESTAMP: &str = "1757488840";
const NONCE: &str = "e63973074d9d78aff8fb62277b5f95a0";

fn data(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(file)
}

/// The DER inside the first PEM block of `pem`.
fn pem_der(pem: &str) -> Vec<u8> {
    let b64: String = pem
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .map(str::trim)
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("PEM body is Base64")
}

/// One DER TLV: (tag, contents, rest).
fn tlv(der: &[u8]) -> (u8, &[u8], &[u8]) {
    let tag = der[0];
    let (len, header) = match der[1] {
        n if n < 0x80 => (usize::from(n), 2),
        n => {
            let count = usize::from(n & 0x7f);
            let len = der[2..2 + count]
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (len, 2 + count)
        }
    };
    (tag, &der[header..header + len], &der[header + len..])
}

/// `SubjectPublicKeyInfo` → the PKCS#1 `RSAPublicKey` inside its BIT STRING.
fn spki_to_pkcs1(spki: &[u8]) -> Vec<u8> {
    let (tag, seq, _) = tlv(spki);
    assert_eq!(tag, 0x30, "SPKI is a SEQUENCE");
    let (tag, _algorithm, rest) = tlv(seq);
    assert_eq!(tag, 0x30, "AlgorithmIdentifier is a SEQUENCE");
    let (tag, bits, _) = tlv(rest);
    assert_eq!(tag, 0x03, "subjectPublicKey is a BIT STRING");
    assert_eq!(bits[0], 0, "no unused bits");
    bits[1..].to_vec()
}

fn bench_verification(c: &mut Criterion) {
    let body = std::fs::read(data("use_response_example_S1.json")).expect("use response");
    let signing_key =
        MerchantPrivateKey::from_pem_file(data("java_wechat_pay_private_key.pem")).expect("key");
    let signature = signing_key
        .sign_base64(&response_message(TIMESTAMP, NONCE, &body))
        .expect("sign");

    let keys = VerifierKeys::new()
        .with_public_key(
            WechatPayPublicKey::from_pem_file(PUB_KEY_ID, data("java_wechat_pay_public_key.pem"))
                .expect("public key"),
        )
        .with_certificate(
            PlatformCertificate::from_pem_file(data("java_wechat_pay_certificate.pem"))
                .expect("platform certificate"),
        );

    // What a server sends (lower-case names, as `http::HeaderMap` hands them over).
    let content_length = body.len().to_string();
    let headers: Vec<(&str, &[u8])> = vec![
        ("content-type", b"application/json".as_slice()),
        ("content-length", content_length.as_bytes()),
        (
            "request-id",
            b"08F78BB5AF0610D302189F911620F5D3BC4F-0".as_slice(),
        ),
        ("wechatpay-nonce", NONCE.as_bytes()),
        ("wechatpay-signature", signature.as_bytes()),
        ("wechatpay-timestamp", TIMESTAMP.as_bytes()),
        ("wechatpay-serial", PUB_KEY_ID.as_bytes()),
        (
            "wechatpay-signature-type",
            b"WECHATPAY2-SHA256-RSA2048".as_slice(),
        ),
    ];
    let now = TIMESTAMP.parse::<i64>().expect("timestamp") + 2;

    // The floor: the same key as PKCS#1 DER, the message and raw signature prepared once.
    let spki = pem_der(
        &std::fs::read_to_string(data("java_wechat_pay_public_key.pem")).expect("public key"),
    );
    let pkcs1 = spki_to_pkcs1(&spki);
    assert_eq!(
        pkcs1,
        signing_key.public_key_pkcs1_der(),
        "the public key file and the private key are a pair"
    );
    let message = response_message(TIMESTAMP, NONCE, &body);
    let raw_signature = base64::engine::general_purpose::STANDARD
        .decode(&signature)
        .expect("Base64");

    // Both paths must accept before anything is timed.
    let sig = SignatureHeaders::from_pairs(headers.iter().copied()).expect("headers");
    verify_response(&keys, &sig, &body, now, 300).expect("our path verifies");
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &pkcs1)
        .verify(&message, &raw_signature)
        .expect("ring verifies");

    let mut group = c.benchmark_group("verification");
    group.bench_function("from_pairs_and_verify_response", |b| {
        b.iter(|| {
            let sig =
                SignatureHeaders::from_pairs(black_box(&headers).iter().copied()).expect("headers");
            verify_response(black_box(&keys), &sig, black_box(&body), now, 300).expect("verifies")
        })
    });
    group.bench_function("bare_ring_verify", |b| {
        b.iter(|| {
            UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, black_box(&pkcs1))
                .verify(black_box(&message), black_box(&raw_signature))
                .expect("verifies")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_verification);
criterion_main!(benches);

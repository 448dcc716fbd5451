//! Request signing: our complete `Authorization` header vs a bare ring RSA-SHA256 signature
//! of the same canonical message with the same key (the floor).
//!
//! Input: the derived `use` vector (`tests/data/derived_vectors.json`,
//! `request_signing_post_use`) and the Go SDK test key.

use std::hint::black_box;
use std::path::PathBuf;

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion};
use ring::rand::SystemRandom;
use ring::rsa::KeyPair;
use ring::signature::RSA_PKCS1_SHA256;
use wechatpay_product_coupon::signing::{canonical_request, RequestSigner};
use wechatpay_product_coupon::MerchantPrivateKey;

const MCHID: &str = "1900000001";
const SERIAL: &str = "0C4AEF34B89340881BB2B25226393DC2E47F094B";

fn data(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(file)
}

/// The `use` vector: (method, target, body, timestamp, nonce, expected signature).
struct Vector {
    method: String,
    target: String,
    body: String,
    timestamp: i64,
    nonce: String,
    signature: String,
}

fn use_vector() -> Vector {
    let text = std::fs::read_to_string(data("derived_vectors.json")).expect("derived vectors");
    let all: serde_json::Value = serde_json::from_str(&text).expect("vectors are JSON");
    let v = &all["request_signing_post_use"];
    let s = |k: &str| v[k].as_str().expect(k).to_owned();
    Vector {
        method: s("method"),
        target: s("canonical_url"),
        body: s("body"),
        timestamp: s("timestamp").parse().expect("timestamp"),
        nonce: s("nonce"),
        signature: s("signature"),
    }
}

/// The PKCS#8 DER inside a `BEGIN PRIVATE KEY` PEM file.
fn pkcs8_der(pem: &str) -> Vec<u8> {
    let b64: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("PEM body is Base64")
}

fn bench_signing(c: &mut Criterion) {
    let v = use_vector();
    let key_path = data("go_test_private_key_pkcs8.pem");
    let signer = RequestSigner::new(
        MCHID,
        SERIAL,
        MerchantPrivateKey::from_pem_file(&key_path).expect("Go test key"),
    )
    .expect("signer");

    // The floor: the same key, parsed by ring directly, signing the same canonical message.
    let pem = std::fs::read_to_string(&key_path).expect("key file");
    let key_pair = KeyPair::from_pkcs8(&pkcs8_der(&pem)).expect("ring parses the key");
    let rng = SystemRandom::new();
    let message = canonical_request(
        &v.method,
        &v.target,
        v.timestamp,
        &v.nonce,
        v.body.as_bytes(),
    );
    let mut sig = vec![0u8; key_pair.public().modulus_len()];

    // Both paths must produce the known-answer signature before anything is timed.
    let header = signer
        .authorization(
            &v.method,
            &v.target,
            v.body.as_bytes(),
            v.timestamp,
            &v.nonce,
        )
        .expect("authorization");
    assert!(
        header.contains(&format!("signature=\"{}\"", v.signature)),
        "authorization does not carry the vector's signature: {header}"
    );
    key_pair
        .sign(&RSA_PKCS1_SHA256, &rng, &message, &mut sig)
        .expect("ring signs");
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(&sig),
        v.signature
    );

    let mut group = c.benchmark_group("signing");
    group.bench_function("authorization_header", |b| {
        b.iter(|| {
            signer
                .authorization(
                    black_box(&v.method),
                    black_box(&v.target),
                    black_box(v.body.as_bytes()),
                    black_box(v.timestamp),
                    black_box(&v.nonce),
                )
                .expect("authorization")
        })
    });
    group.bench_function("bare_ring_sign", |b| {
        b.iter(|| {
            key_pair
                .sign(&RSA_PKCS1_SHA256, &rng, black_box(&message), &mut sig)
                .expect("ring signs");
            black_box(&sig);
        })
    });
    group.finish();
}

criterion_group!(benches, bench_signing);
criterion_main!(benches);

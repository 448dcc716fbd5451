//! Notifications: our `parse_notification` (signature headers, window, key by serial, RSA
//! verify over the raw body, envelope JSON, Base64, AES-256-GCM open, typed `SEND` payload)
//! vs the floor: a bare ring RSA verify of the same message and signature plus a bare ring
//! AES-256-GCM open of the same ciphertext, with everything a floor can prepare (PKCS#1 key,
//! message, raw signature, raw ciphertext) prepared once.
//!
//! Input: the derived `PRODUCT_COUPON_SP.SEND` notification vector
//! (`tests/data/derived_vectors.json`), verbatim. Besides the two Criterion functions, an
//! interleaved pass alternates batches of both (order flipped every batch) and prints the
//! two medians and their ratio, which is the figure the README quotes. `WPC_BENCH_ONLY`
//! (see below) counts instructions instead.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion};
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use wechatpay_product_coupon::aead::ApiV3Key;
use wechatpay_product_coupon::model::NotificationEvent;
use wechatpay_product_coupon::notify::parse_notification;
use wechatpay_product_coupon::verify::response_message;
use wechatpay_product_coupon::{MerchantPrivateKey, VerifierKeys, WechatPayPublicKey};

fn data(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(file)
}

/// Everything both paths need, prepared once.
struct Fixture {
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    keys: VerifierKeys,
    apiv3_key: ApiV3Key,
    now: i64,
    // The floor's inputs.
    pkcs1: Vec<u8>,
    message: Vec<u8>,
    raw_signature: Vec<u8>,
    aes_key: [u8; 32],
    nonce: [u8; 12],
    aad: Vec<u8>,
    sealed: Vec<u8>,
}

impl Fixture {
    fn new() -> Self {
        let all: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(data("derived_vectors.json")).expect("vectors"),
        )
        .expect("vectors parse");
        let v = &all["notification_product_coupon_sp_send"];
        let header = |name: &str| v["headers"][name].as_str().expect("header").to_owned();
        let headers: Vec<(String, Vec<u8>)> = v["headers"]
            .as_object()
            .expect("headers")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("text").as_bytes().to_vec()))
            .collect();
        let body = v["body"].as_str().expect("body").as_bytes().to_vec();
        let serial = header("Wechatpay-Serial");
        let keys = VerifierKeys::new().with_public_key(
            WechatPayPublicKey::from_pem_file(&serial, data("java_wechat_pay_public_key.pem"))
                .expect("public key"),
        );
        let key_text = v["apiv3_key"].as_str().expect("APIv3 key");
        let timestamp = header("Wechatpay-Timestamp");
        let envelope: serde_json::Value = serde_json::from_slice(&body).expect("envelope");
        let resource = &envelope["resource"];
        let b64 = base64::engine::general_purpose::STANDARD;
        let private = MerchantPrivateKey::from_pem_file(data("java_wechat_pay_private_key.pem"))
            .expect("key");
        Fixture {
            message: response_message(&timestamp, &header("Wechatpay-Nonce"), &body),
            raw_signature: b64.decode(header("Wechatpay-Signature")).expect("Base64"),
            pkcs1: private.public_key_pkcs1_der().to_vec(),
            aes_key: key_text.as_bytes().try_into().expect("32 bytes"),
            nonce: resource["nonce"]
                .as_str()
                .expect("nonce")
                .as_bytes()
                .try_into()
                .expect("12 bytes"),
            aad: resource["associated_data"]
                .as_str()
                .unwrap_or_default()
                .as_bytes()
                .to_vec(),
            sealed: b64
                .decode(resource["ciphertext"].as_str().expect("ciphertext"))
                .expect("Base64"),
            now: timestamp.parse::<i64>().expect("timestamp") + 2,
            apiv3_key: ApiV3Key::new(key_text).expect("32 bytes"),
            headers,
            body,
            keys,
        }
    }

    /// Ours: headers and raw body in, typed event out.
    fn ours(&self) -> usize {
        let pairs = self.headers.iter().map(|(k, v)| (k.as_str(), v.as_slice()));
        let n = parse_notification(
            &self.keys,
            &self.apiv3_key,
            pairs,
            black_box(&self.body),
            self.now,
            300,
        )
        .expect("the vector parses");
        match &n.event {
            NotificationEvent::CouponSent(sent) => sent.coupon_code.len(),
            other => panic!("not a SEND event: {other:?}"),
        }
    }

    /// The floor: ring verify of the prepared message, ring open of the prepared ciphertext.
    fn floor(&self) -> usize {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, black_box(&self.pkcs1))
            .verify(black_box(&self.message), black_box(&self.raw_signature))
            .expect("ring verifies");
        let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &self.aes_key).expect("key"));
        let mut data = black_box(&self.sealed).clone();
        let plain = key
            .open_in_place(
                Nonce::assume_unique_for_key(self.nonce),
                Aad::from(&self.aad),
                &mut data,
            )
            .expect("ring opens");
        plain.len()
    }
}

fn bench_notification(c: &mut Criterion) {
    let f = Fixture::new();
    // Both paths must succeed before anything is timed.
    assert!(f.ours() > 0 && f.floor() > 0);

    // For instruction counts, which this noisy machine cannot disturb:
    // `WPC_BENCH_ONLY=ours|floor valgrind --tool=callgrind <bench binary> --bench` runs one
    // path 1,000 times and nothing else; subtract a run with `none` for the fixed cost.
    if let Ok(only) = std::env::var("WPC_BENCH_ONLY") {
        let run: &dyn Fn() -> usize = match only.as_str() {
            "ours" => &|| f.ours(),
            "floor" => &|| f.floor(),
            _ => &|| 0,
        };
        for _ in 0..1000 {
            black_box(run());
        }
        return;
    }

    let mut group = c.benchmark_group("notification");
    group.bench_function("parse_notification_send", |b| b.iter(|| f.ours()));
    group.bench_function("bare_ring_verify_and_aes_open", |b| b.iter(|| f.floor()));
    group.finish();

    interleaved(&f);
}

/// Batches of both paths alternated (the order flipping every batch), so that drift in the
/// machine affects both alike; prints per-call medians and their ratio.
fn interleaved(f: &Fixture) {
    const ROUNDS: usize = 2000;
    const BATCH: u32 = 10;
    let time = |run: &dyn Fn() -> usize| {
        let start = Instant::now();
        for _ in 0..BATCH {
            black_box(run());
        }
        start.elapsed() / BATCH
    };
    let (mut ours, mut floor) = (Vec::new(), Vec::new());
    for i in 0..ROUNDS {
        if i % 2 == 0 {
            ours.push(time(&|| f.ours()));
            floor.push(time(&|| f.floor()));
        } else {
            floor.push(time(&|| f.floor()));
            ours.push(time(&|| f.ours()));
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (o, fl) = (median(&mut ours), median(&mut floor));
    println!(
        "notification interleaved over {ROUNDS} batches of {BATCH}: ours median {o:?}, floor median {fl:?}, ours/floor = {:.4}",
        o.as_secs_f64() / fl.as_secs_f64()
    );
}

criterion_group!(benches, bench_notification);
criterion_main!(benches);

//! Encoding the three requests (`ApiRequest::encode`: validation, request-target with the
//! path parameters, JSON body), with the values of the official examples: use (S1),
//! deactivate (S0), update (S2). This is all the per-request work before signing. For `use`,
//! the same run also measures plain `serde_json::to_vec` of the request (the floor) and the
//! validation alone.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wechatpay_product_coupon::endpoint::ApiRequest;
use wechatpay_product_coupon::sandbox::seed;

fn bench_request_body(c: &mut Criterion) {
    // The seed requests carry the official examples' values.
    let use_req = seed::use_request(seed::COUPON_CODE, "MCHUSE202003101234").unwrap();
    let deactivate_req =
        seed::deactivate_request(seed::COUPON_CODE, "MCHDEACTIVATE202003101234").unwrap();
    let update_req =
        seed::update_request("12345_20250101_A3489", "全场满100立打8折-新名字").unwrap();

    // The use body is byte for byte the body of the derived signing vector.
    let vectors: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/data/derived_vectors.json"
        ))
        .expect("derived vectors"),
    )
    .expect("JSON");
    let encoded = use_req.encode().expect("the use example encodes");
    assert_eq!(
        encoded.body_bytes(),
        vectors["request_signing_post_use"]["body"]
            .as_str()
            .expect("body")
            .as_bytes()
    );

    let mut group = c.benchmark_group("request_body");
    group.throughput(Throughput::Bytes(encoded.body_bytes().len() as u64));
    group.bench_function("use", |b| {
        b.iter(|| black_box(&use_req).encode().expect("use"))
    });
    // The floor: serializing the same value with serde_json alone (its travel form, path
    // parameters included), no validation, no request-target.
    group.bench_function("use_serde_json_floor", |b| {
        b.iter(|| serde_json::to_vec(black_box(&use_req)).expect("use"))
    });
    // Validation alone (the endpoint's own rules).
    group.bench_function("use_check_only", |b| {
        b.iter(|| black_box(&use_req).check().expect("use"))
    });
    let len = deactivate_req
        .encode()
        .expect("deactivate")
        .body_bytes()
        .len();
    group.throughput(Throughput::Bytes(len as u64));
    group.bench_function("deactivate", |b| {
        b.iter(|| black_box(&deactivate_req).encode().expect("deactivate"))
    });
    let len = update_req.encode().expect("update").body_bytes().len();
    group.throughput(Throughput::Bytes(len as u64));
    group.bench_function("update", |b| {
        b.iter(|| black_box(&update_req).encode().expect("update"))
    });
    group.finish();
}

criterion_group!(benches, bench_request_body);
criterion_main!(benches);

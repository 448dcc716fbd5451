//! The cost of the C boundary: one `use_coupon` through the C ABI (request JSON in, verified
//! body copied into a library-owned buffer) against the same call from Rust, in the same run,
//! against the in-process sandbox over loopback.
//!
//! A full call varies by about ±10 % between runs on a noisy machine, more than the boundary
//! costs, so the same run also measures the boundary's own work directly: decoding the request
//! JSON, moving the verified body into a `wpc_buffer`, and the boundary bookkeeping (panic
//! catching, the thread's error details). The boundary's share of a call is that sum over the
//! Rust call's median.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use wechatpay_product_coupon::api::UseCouponRequest;
use wechatpay_product_coupon::sandbox::{self, seed, RateLimitMode, Sandbox};
use wechatpay_product_coupon_ffi::boundary::boundary;
use wechatpay_product_coupon_ffi::buffer::{wpc_buffer, wpc_buffer_free};
use wechatpay_product_coupon_ffi::client::{wpc_client, wpc_client_free, wpc_client_new_from_json};
use wechatpay_product_coupon_ffi::endpoint_calls::wpc_client_use_coupon;
use wechatpay_product_coupon_ffi::result::wpc_result;

/// Issues `count` coupons and returns their use requests (untimed).
fn fresh(sandbox: &Sandbox, next: &mut u64, count: u64) -> Vec<UseCouponRequest> {
    (0..count)
        .map(|_| {
            *next += 1;
            let code = format!("FFI_{next}");
            sandbox.issue_coupon(seed::OPENID, &code);
            seed::use_request(&code, &format!("FFIUSE{next}")).unwrap()
        })
        .collect()
}

fn ffi_client(sandbox: &Sandbox) -> *mut wpc_client {
    let config = serde_json::json!({
        "mchid": sandbox::MCHID,
        "merchant_serial": sandbox::MERCHANT_SERIAL,
        "private_key_pem": sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM,
        "wechatpay_public_key_id": sandbox::PUBLIC_KEY_ID,
        "wechatpay_public_key_pem": sandbox::TEST_WECHATPAY_PUBLIC_KEY_PEM,
        "base_url": sandbox.base_url(),
    })
    .to_string();
    let mut client = std::ptr::null_mut();
    // SAFETY: valid input and a writable out-pointer.
    let rc = unsafe { wpc_client_new_from_json(config.as_ptr(), config.len(), &mut client) };
    assert_eq!(rc, wpc_result::WPC_OK);
    client
}

fn bench_ffi(c: &mut Criterion) {
    let sandbox = Sandbox::start().expect("sandbox");
    // The client's cost is measured, not the gateway's quota: one thread can pass the
    // documented 500 calls/s, which the sandbox would answer with 429s.
    sandbox.set_rate_limits(RateLimitMode::Off);
    let rust_client = sandbox.client().expect("client");
    let c_client = ffi_client(&sandbox);
    let mut next = 0u64;

    let mut group = c.benchmark_group("ffi_call");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("rust_use_coupon", |b| {
        b.iter_custom(|iters| {
            let requests = fresh(&sandbox, &mut next, iters);
            let start = Instant::now();
            for req in &requests {
                let verified = rust_client.use_coupon(req).expect("use_coupon");
                black_box(verified.raw().body());
            }
            start.elapsed()
        })
    });
    group.bench_function("c_abi_use_coupon", |b| {
        b.iter_custom(|iters| {
            // A C caller holds JSON, not a Rust value: serialized before timing.
            let requests: Vec<String> = fresh(&sandbox, &mut next, iters)
                .iter()
                .map(|r| serde_json::to_string(r).expect("request JSON"))
                .collect();
            let start = Instant::now();
            for json in &requests {
                let mut body: *mut wpc_buffer = std::ptr::null_mut();
                // SAFETY: live client, valid input, writable out-pointer; the buffer is freed.
                let rc = unsafe {
                    wpc_client_use_coupon(c_client, json.as_ptr(), json.len(), &mut body)
                };
                assert_eq!(rc, wpc_result::WPC_OK);
                // SAFETY: a buffer handed out by the call above.
                unsafe { wpc_buffer_free(body) };
            }
            start.elapsed()
        })
    });
    group.finish();

    // The boundary's own work, on the same request and a body of the same size.
    let request_json =
        serde_json::to_string(&seed::use_request(seed::COUPON_CODE, "FFIUSE0").unwrap())
            .expect("JSON");
    let body = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/use_response_example_S1.json"
    ))
    .expect("use response");
    let mut group = c.benchmark_group("ffi_boundary");
    group.bench_function("decode_request_json", |b| {
        b.iter(|| {
            serde_json::from_str::<UseCouponRequest>(black_box(&request_json)).expect("request")
        })
    });
    group.bench_function("body_into_buffer", |b| {
        b.iter_batched(
            || body.clone(), // exact capacity: the worst case, the NUL forces a reallocation
            |body| {
                let raw = wpc_buffer::from_vec(body).into_raw();
                // SAFETY: the buffer just handed out.
                unsafe { wpc_buffer_free(raw) };
            },
            criterion::BatchSize::SmallInput,
        )
    });
    group.bench_function("boundary_bookkeeping", |b| b.iter(|| boundary(|| Ok(()))));
    group.finish();

    interleaved(&sandbox, &rust_client, c_client, &mut next);

    // SAFETY: the client is not in use any more.
    unsafe { wpc_client_free(c_client) };
}

/// The two full calls alternated pair by pair (the order flipping every pair), so that drift
/// in the machine or the sandbox affects both alike; prints both medians and their ratio.
fn interleaved(
    sandbox: &Sandbox,
    rust_client: &wechatpay_product_coupon::Client,
    c_client: *mut wpc_client,
    next: &mut u64,
) {
    const PAIRS: u64 = 1000;
    let requests = fresh(sandbox, next, 2 * PAIRS);
    let (mut rust, mut c_abi) = (Vec::new(), Vec::new());
    for (i, pair) in requests.chunks(2).enumerate() {
        let json = serde_json::to_string(&pair[1]).expect("request JSON");
        let time_rust = || {
            let start = Instant::now();
            let verified = rust_client.use_coupon(&pair[0]).expect("use_coupon");
            black_box(verified.raw().body());
            start.elapsed()
        };
        let time_c = || {
            let start = Instant::now();
            let mut body: *mut wpc_buffer = std::ptr::null_mut();
            // SAFETY: live client, valid input, writable out-pointer; the buffer is freed.
            let rc =
                unsafe { wpc_client_use_coupon(c_client, json.as_ptr(), json.len(), &mut body) };
            assert_eq!(rc, wpc_result::WPC_OK);
            // SAFETY: a buffer handed out by the call above.
            unsafe { wpc_buffer_free(body) };
            start.elapsed()
        };
        if i % 2 == 0 {
            rust.push(time_rust());
            c_abi.push(time_c());
        } else {
            c_abi.push(time_c());
            rust.push(time_rust());
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (r, c) = (median(&mut rust), median(&mut c_abi));
    println!(
        "ffi_call interleaved over {PAIRS} pairs: rust median {r:?}, C ABI median {c:?}, C/rust = {:.4}",
        c.as_secs_f64() / r.as_secs_f64()
    );
}

criterion_group!(benches, bench_ffi);
criterion_main!(benches);

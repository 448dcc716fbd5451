//! A full `use_coupon` call (validate, serialize, sign, HTTP over loopback, verify, parse)
//! against the in-process sandbox, one calling thread: one client reused for every call vs a
//! fresh `sandbox.client()` per call (key parsing and a new TCP connection each time).
//!
//! Every call redeems a fresh coupon with a fresh `out_request_no`: before each timed batch
//! the bench issues exactly as many coupons as Criterion asks iterations for (untimed).
//! Throughput is one element per call, so Criterion prints calls/s.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wechatpay_product_coupon::api::UseCouponRequest;
use wechatpay_product_coupon::model::UserProductCouponState;
use wechatpay_product_coupon::sandbox::{seed, RateLimitMode, Sandbox};
use wechatpay_product_coupon::Client;

/// Issues `count` new coupons and returns one use request per coupon.
fn fresh_requests(sandbox: &Sandbox, next: &mut u64, count: u64) -> Vec<UseCouponRequest> {
    (0..count)
        .map(|_| {
            *next += 1;
            let code = format!("BENCH_{next}");
            sandbox.issue_coupon(seed::OPENID, &code);
            seed::use_request(&code, &format!("BENCHUSE{next}")).unwrap()
        })
        .collect()
}

/// One full call: send, verify, decode; the coupon must come back USED.
fn use_once(client: &Client, req: &UseCouponRequest) {
    let verified = client.use_coupon(req).expect("use_coupon");
    let coupon = verified.parse().expect("parse");
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    black_box(&coupon);
}

fn bench_roundtrip(c: &mut Criterion) {
    let sandbox = Sandbox::start().expect("sandbox");
    // The client's cost is measured, not the gateway's quota: one thread can pass the
    // documented 500 calls/s, which the sandbox would answer with 429s.
    sandbox.set_rate_limits(RateLimitMode::Off);
    let mut next = 0u64;

    let mut group = c.benchmark_group("roundtrip");
    group
        .throughput(Throughput::Elements(1))
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    let client = sandbox.client().expect("client");
    let before = sandbox.connections_accepted();
    group.bench_function("use_coupon_reused_client", |b| {
        b.iter_custom(|iters| {
            let requests = fresh_requests(&sandbox, &mut next, iters);
            let start = Instant::now();
            for req in &requests {
                use_once(&client, req);
            }
            start.elapsed()
        })
    });
    let reused_connections = sandbox.connections_accepted() - before;
    drop(client);

    let before = sandbox.connections_accepted();
    let mut fresh_calls = 0u64;
    group.bench_function("use_coupon_fresh_client", |b| {
        b.iter_custom(|iters| {
            let requests = fresh_requests(&sandbox, &mut next, iters);
            fresh_calls += iters;
            let start = Instant::now();
            for req in &requests {
                let client = sandbox.client().expect("client");
                use_once(&client, req);
            }
            start.elapsed()
        })
    });
    let fresh_connections = sandbox.connections_accepted() - before;
    group.finish();

    // What the fresh-client case adds per call, without the connection: parsing both test
    // keys from PEM and building the ureq agent.
    let mut group = c.benchmark_group("client_setup");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("sandbox_client", |b| {
        b.iter(|| sandbox.client().expect("client"))
    });
    group.finish();

    // Evidence that the two cases differ as intended.
    println!(
        "roundtrip: reused client opened {reused_connections} connection(s); \
         fresh clients opened {fresh_connections} for {fresh_calls} calls"
    );
}

criterion_group!(benches, bench_roundtrip);
criterion_main!(benches);

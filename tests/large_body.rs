//! A 64 MiB response body against the default 4 MiB limit: the client must fail with
//! `BodyTooLarge` without ever holding the body (no single allocation over the 4 MiB limit).
//!
//! This is a test binary of its own because its global allocator records the largest
//! allocation of the whole process; other tests running in parallel would disturb it.
//! The server is a raw `std::net` listener on 127.0.0.1, so no sandbox feature is needed.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use wechatpay_product_coupon::api::{AssociatedOrderInfo, UseCouponRequest, UserCouponRef};
use wechatpay_product_coupon::error::TransportErrorKind;
use wechatpay_product_coupon::{
    Client, Error, MerchantPrivateKey, RetryPolicy, WechatPayPublicKey, DEFAULT_BODY_LIMIT,
};

/// The system allocator, recording the largest single allocation requested.
struct MaxRecorder;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; the only addition is an atomic max.
unsafe impl GlobalAlloc for MaxRecorder {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: MaxRecorder = MaxRecorder;

const BODY_LEN: usize = 64 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;
const MIB: usize = 1024 * 1024;

/// Serves one connection: reads the request, then answers 200 with a 64 MiB body streamed
/// from one 64 KiB buffer, stopping quietly when the client goes away.
fn serve_64_mib_once() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("local addr");
    thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
        // Read the whole request (head and Content-Length body) so that closing later is an
        // orderly close, not a reset.
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            if let Some(head) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                let head_text = String::from_utf8_lossy(&request[..head]).to_ascii_lowercase();
                let body_len = head_text
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if request.len() >= head + 4 + body_len {
                    break;
                }
            }
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {BODY_LEN}\r\n\r\n"
        );
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        let chunk = [b'x'; CHUNK];
        for _ in 0..BODY_LEN / CHUNK {
            if stream.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    format!("http://{addr}")
}

fn key_path(file: &str) -> std::path::PathBuf {
    common::sandbox_path(file)
}

/// A valid `use` request for the official examples' coupon (built here: this test needs only
/// the `client` feature, and the shared seed requests live behind `sandbox`).
fn use_request(coupon_code: &str, out_request_no: &str) -> UseCouponRequest {
    let coupon = UserCouponRef {
        openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse().unwrap(),
        coupon_code: coupon_code.parse().unwrap(),
        product_coupon_id: "1000000013".parse().unwrap(),
        stock_id: "1000000013001".parse().unwrap(),
        appid: "wx233544546545989".parse().unwrap(),
        brand_id: "120344".parse().unwrap(),
    };
    UseCouponRequest::new(
        coupon,
        out_request_no.parse().unwrap(),
        time::macros::datetime!(2025-08-03 12:00:00 +08:00),
        AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
    )
}

#[test]
fn body_of_64_mib_is_body_too_large_without_large_allocations() -> Result<(), Error> {
    assert_eq!(DEFAULT_BODY_LIMIT, 4_194_304);
    let base_url = serve_64_mib_once();
    let client = Client::builder()
        .mchid("1900000001")
        .merchant_serial("5A4E44424F58000000000000000000000001")
        .private_key(MerchantPrivateKey::from_pem_file(key_path(
            "merchant_private_key.pem",
        ))?)
        .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
            "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
            key_path("wechatpay_public_key.pem"),
        )?)
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .build()?;
    let request = use_request("Code_123456", "MCHUSEHUGE640001");

    LARGEST.store(0, Ordering::Relaxed);
    let result = client.use_coupon(&request);
    let largest = LARGEST.load(Ordering::Relaxed);

    let err = result.expect_err("a 64 MiB body is over the limit");
    assert_eq!(err.kind(), wechatpay_product_coupon::ErrorKind::Transport);
    match err {
        Error::Transport(e) => assert_eq!(
            e.kind,
            TransportErrorKind::BodyTooLarge { limit: 4_194_304 },
            "{e:?}"
        ),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert!(
        largest <= 4 * MIB,
        "an allocation of {largest} bytes happened while reading the body"
    );
    Ok(())
}

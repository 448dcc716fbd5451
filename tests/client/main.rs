//! Client behaviour common to every endpoint, against the embedded sandbox: retries (which
//! errors, how many attempts, identical body with a fresh signature each time), backup-host
//! failover, connections reset or cut mid-body, timeouts, hostile answers, clock skew, many
//! threads sharing one client, the rate limiter, forged responses, which key signs a response
//! (public key or platform certificate), platform certificates (download, expiry, refresh),
//! the generic call, TLS (an untrusted certificate, extra roots), the proxy setting, the
//! per-call timeout, the text of the errors a user reads, the per-attempt observer and the log
//! lines (levels, fields, no secrets), and what the gateway answers (unsigned `401 SIGN_ERROR`,
//! content type, chunked request bodies); what a failed call did (`outcomes`: resending after an
//! unknown outcome returns the first answer), where a refused signature differs
//! (`sign_errors`), and the English hints of gateway codes (`error_hints`). The endpoints
//! themselves are tested in the `endpoints` crate.
//!
//! Every test starts its own sandbox (and, where needed, a small raw `std::net` server) on
//! 127.0.0.1, so the tests are independent and run in parallel. Nothing here measures speed:
//! the tests assert outcomes, request counts and error kinds; the rate limiter test asserts
//! a lower bound on the spacing of requests. The 64 MiB body test lives in
//! `tests/large_body.rs`, which has a global allocator of its own.

#[path = "../common/mod.rs"]
mod common;

mod call_timeout;
mod clock_skew;
mod concurrency;
mod connections;
mod error_hints;
mod error_reports;
mod failover;
mod forged_responses;
mod gateway;
mod generic_call;
mod hostile_answers;
mod logging;
mod observer;
mod outcomes;
mod pagination;
mod platform_certificates;
mod proxy;
mod rate_limiter;
mod retries;
mod sign_errors;
mod tls;
mod verifier_keys;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use common::*;
use time::OffsetDateTime;
use wechatpay_product_coupon::aead::ApiV3Key;
use wechatpay_product_coupon::api::GetUserCouponRequest;
use wechatpay_product_coupon::endpoint::ApiRequest;
use wechatpay_product_coupon::error::{TransportErrorKind, VerificationError};
use wechatpay_product_coupon::model::{
    ProductCouponState, UserCoupon, UserProductCouponEntity, UserProductCouponState,
};
use wechatpay_product_coupon::sandbox::{self, seed, Fault, Sandbox};
use wechatpay_product_coupon::signing;
use wechatpay_product_coupon::verify::VerifyFailure;
use wechatpay_product_coupon::{
    headers, Client, ClientBuilder, Error, ErrorKind, MerchantPrivateKey, Method, RateLimits,
    RetryPolicy, Verified, VerifierKeys, WechatPayPublicKey, DEFAULT_BODY_LIMIT,
};

fn client_with(sandbox: &Sandbox, policy: RetryPolicy) -> Result<Client, Error> {
    sandbox.client_builder()?.retry_policy(policy).build()
}

/// The coupon was redeemed by the request numbered `out_request_no`, once: the response says
/// USED with that use request number, the sandbox agrees, and the other seeded coupon is
/// untouched.
fn assert_used_once(sandbox: &Sandbox, response: &Verified<UserCoupon>, out_request_no: &str) {
    let coupon = response.parse().expect("the verified entity parses");
    assert_eq!(coupon.coupon_code, seed::COUPON_CODE);
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    let usage = coupon.single_usage_detail.expect("a usage detail");
    assert_eq!(usage.use_request_no.as_deref(), Some(out_request_no));
    assert_eq!(
        state_of(sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    assert_eq!(
        state_of(sandbox, seed::SECOND_COUPON_CODE).as_deref(),
        Some("EFFECTIVE"),
        "only the requested coupon may be used"
    );
}

/// The sandbox received exactly `n` requests, all for the same target with the identical
/// body bytes, each signed afresh: distinct nonces, distinct signatures, no nonce reused.
fn assert_resent_identically(sandbox: &Sandbox, n: usize) {
    let received = sandbox.received_requests();
    assert_eq!(received.len(), n, "requests received");
    assert_eq!(sandbox.requests_served(), n as u64);
    let first = &received[0];
    assert!(!first.body.is_empty());
    for r in &received {
        assert_eq!(r.target, first.target);
        assert_eq!(r.body, first.body, "every attempt must send the same bytes");
    }
    let nonces: HashSet<&str> = received
        .iter()
        .map(|r| r.nonce.as_deref().expect("a nonce_str"))
        .collect();
    assert_eq!(nonces.len(), n, "every attempt needs a fresh nonce");
    let signatures: HashSet<&str> = received
        .iter()
        .map(|r| r.signature.as_deref().expect("a signature"))
        .collect();
    assert_eq!(signatures.len(), n, "every attempt is signed afresh");
    assert_eq!(sandbox.distinct_nonces(), n);
    assert_eq!(sandbox.nonce_reuses(), 0);
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("local addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

//! Fault injection against the client's resilience features: retries (which errors, how
//! many attempts, identical body with a fresh signature each time), backup-host failover,
//! connections reset or cut mid-body, timeouts, hostile response bodies, clock skew, many
//! threads sharing one client, the rate limiter, and the generic call's retry rules.
//!
//! Every test starts its own sandbox (and, where needed, a small raw `std::net` server) on
//! 127.0.0.1, so the tests are independent and run in parallel. Nothing here measures speed:
//! the tests assert outcomes, request counts and error kinds; the rate limiter test asserts
//! a lower bound on the spacing of requests. The 64 MiB body test lives in
//! `tests/large_body.rs`, which has a global allocator of its own.

mod common;
use common::fast_retries;

use common::{deactivate_request, update_request, use_request};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use wechatpay_product_coupon::endpoint::ApiRequest;
use wechatpay_product_coupon::error::{ApiError, TransportError, TransportErrorKind};
use wechatpay_product_coupon::model::{UserCoupon, UserProductCouponState};
use wechatpay_product_coupon::sandbox::{seed, Fault, Sandbox};
use wechatpay_product_coupon::verify::VerifyFailure;
use wechatpay_product_coupon::{
    Client, Error, Method, RateLimits, RetryPolicy, Verified, DEFAULT_BODY_LIMIT,
};

type TestResult = Result<(), Error>;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn client_with(sandbox: &Sandbox, policy: RetryPolicy) -> Result<Client, Error> {
    sandbox.client_builder()?.retry_policy(policy).build()
}

fn use_path(coupon_code: &str) -> String {
    format!(
        "/v3/marketing/partner/product-coupon/users/{}/coupons/{coupon_code}/use",
        seed::OPENID
    )
}

fn state_of(sandbox: &Sandbox, code: &str) -> Option<String> {
    sandbox.coupon_state(seed::OPENID, code)
}

fn expect_api(err: Error) -> ApiError {
    match err {
        Error::Api(e) => *e,
        other => panic!("expected a plain Error::Api, got {other:?}"),
    }
}

fn expect_transport(err: Error) -> TransportError {
    match err {
        Error::Transport(e) => e,
        other => panic!("expected a plain Error::Transport, got {other:?}"),
    }
}

/// The attempt count and the last error of `Error::RetriesExhausted`.
fn expect_exhausted(err: Error) -> (u32, Error) {
    match err {
        Error::RetriesExhausted { attempts, last } => (attempts, *last),
        other => panic!("expected Error::RetriesExhausted, got {other:?}"),
    }
}

fn assert_sandbox_request_id(request_id: Option<&str>) {
    let id = request_id.expect("a Request-ID");
    assert!(id.starts_with("08SANDBOX"), "unexpected Request-ID {id:?}");
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

// ---------------------------------------------------------------------------------------------
// 1–5. Which answers are retried, and how
// ---------------------------------------------------------------------------------------------

#[test]
fn status_429_once_is_retried_with_identical_body_and_fresh_nonce() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Status {
        status: 429,
        code: "RATELIMIT_EXCEEDED",
    });
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE429RETRY01"))?;
    assert_used_once(&sandbox, &response, "MCHUSE429RETRY01");
    assert_resent_identically(&sandbox, 2);
    Ok(())
}

#[test]
fn status_500_twice_is_retried_with_identical_body_and_fresh_nonces() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    for _ in 0..2 {
        sandbox.push_fault(Fault::Status {
            status: 500,
            code: "SYSTEM_ERROR",
        });
    }
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE500RETRY01"))?;
    assert_used_once(&sandbox, &response, "MCHUSE500RETRY01");
    assert_resent_identically(&sandbox, 3);
    Ok(())
}

#[test]
fn deactivate_after_500_once_is_retried_and_the_coupon_deactivated_once() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let response = client.deactivate_coupon(&deactivate_request(
        seed::SECOND_COUPON_CODE,
        "MCHDEACT500RETRY",
    ))?;
    let coupon = response.parse()?;
    assert_eq!(coupon.coupon_code, seed::SECOND_COUPON_CODE);
    assert_eq!(coupon.coupon_state, UserProductCouponState::Deactivated);
    assert_eq!(
        coupon.deactivate_request_no.as_deref(),
        Some("MCHDEACT500RETRY")
    );
    assert_eq!(
        state_of(&sandbox, seed::SECOND_COUPON_CODE).as_deref(),
        Some("DEACTIVATED")
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    assert_resent_identically(&sandbox, 2);
    Ok(())
}

/// With a 500 on every request, the call fails after `max_attempts` requests with
/// `RetriesExhausted` carrying the last API error.
fn persistent_500_exhausts(max_attempts: u32) -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(max_attempts))?;
    sandbox.set_fault(Some(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    }));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE500ALWAYS1"))
        .expect_err("every attempt fails");
    let display = err.to_string();
    assert!(
        display.contains(&format!("{max_attempts} attempts")),
        "{display}"
    );
    // The last attempt's error is the source, not repeated in the Display.
    assert!(!display.contains("SYSTEM_ERROR"), "{display}");
    let source = std::error::Error::source(&err).expect("the last attempt's error");
    assert!(source.to_string().contains("SYSTEM_ERROR"), "{source}");
    assert_eq!(err.api_error().map(|a| a.status), Some(500));
    assert_eq!(err.attempts(), max_attempts);
    assert!(err.is_retry_safe());
    let (attempts, last) = expect_exhausted(err);
    assert_eq!(attempts, max_attempts);
    let api = expect_api(last);
    assert_eq!((api.status, api.code.as_str()), (500, "SYSTEM_ERROR"));
    assert_sandbox_request_id(api.request_id.as_deref());
    assert_resent_identically(&sandbox, max_attempts as usize);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn persistent_500_fails_with_retries_exhausted_after_3_attempts() -> TestResult {
    persistent_500_exhausts(3)
}

#[test]
fn persistent_500_with_5_attempt_policy_fails_after_5_attempts() -> TestResult {
    persistent_500_exhausts(5)
}

/// Without retries, a `status` answer (injected on every request) is a plain API error
/// after one request, retry safe, and the coupon is untouched; resending the same request
/// once the fault is gone succeeds.
fn status_without_retries_is_retry_safe_and_unprocessed(
    status: u16,
    code: &'static str,
) -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, RetryPolicy::none())?;
    sandbox.set_fault(Some(Fault::Status { status, code }));
    let request = use_request(seed::COUPON_CODE, "MCHUSENORETRY001");
    let err = client.use_coupon(&request).expect_err("injected status");
    assert!(err.is_retry_safe(), "{status} must be retry safe");
    assert_eq!(err.attempts(), 1);
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (status, code));
    assert_eq!(api.endpoint, "use_coupon");
    assert_sandbox_request_id(api.request_id.as_deref());
    assert_eq!(sandbox.requests_served(), 1);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE"),
        "the request must not have been processed"
    );
    sandbox.set_fault(None);
    let resent = client.use_coupon(&request)?;
    assert_used_once(&sandbox, &resent, "MCHUSENORETRY001");
    assert_resent_identically(&sandbox, 2);
    Ok(())
}

#[test]
fn status_429_without_retries_is_retry_safe_and_unprocessed() -> TestResult {
    status_without_retries_is_retry_safe_and_unprocessed(429, "RATELIMIT_EXCEEDED")
}

#[test]
fn status_500_without_retries_is_plain_api_error_after_1_request_and_unprocessed() -> TestResult {
    status_without_retries_is_retry_safe_and_unprocessed(500, "SYSTEM_ERROR")
}

/// Runs `call`, which must fail with a plain API error `status`/`code` after exactly one
/// request although the client retries.
fn assert_not_retried(
    sandbox: &Sandbox,
    status: u16,
    code: &str,
    call: impl FnOnce() -> Result<Verified<UserCoupon>, Error>,
) {
    let before = sandbox.requests_served();
    let err = call().expect_err("a 4xx answer");
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (status, code));
    assert_sandbox_request_id(api.request_id.as_deref());
    assert_eq!(
        sandbox.requests_served() - before,
        1,
        "{status} was retried"
    );
}

#[test]
fn client_errors_400_401_403_404_are_not_retried() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(5))?;

    sandbox.push_fault(Fault::Status {
        status: 400,
        code: "PARAM_ERROR",
    });
    assert_not_retried(&sandbox, 400, "PARAM_ERROR", || {
        client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE400000001"))
    });

    // A real 401: the request timestamp is 400 s ahead of the sandbox clock.
    let skewed = sandbox
        .client_builder()?
        .retry_policy(fast_retries(5))
        .clock(|| time::OffsetDateTime::now_utc().unix_timestamp() + 400)
        .build()?;
    assert_not_retried(&sandbox, 401, "SIGN_ERROR", || {
        skewed.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE401000001"))
    });

    // A real 403: the coupon is already used.
    client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE403FIRST01"))?;
    assert_not_retried(&sandbox, 403, "NOT_ENOUGH", || {
        client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE403SECOND1"))
    });

    // A real 404: no such coupon.
    assert_not_retried(&sandbox, 404, "NOT_FOUND", || {
        client.use_coupon(&use_request("Code_DOES_NOT_EXIST", "MCHUSE404000001"))
    });
    Ok(())
}

#[test]
fn accepted_202_is_retry_safe_unprocessed_and_retried_until_the_coupon_is_used_once() -> TestResult
{
    let sandbox = Sandbox::start()?;
    // Without retries: 202 on a typed call is a retry-safe API error, nothing was done.
    let once = client_with(&sandbox, RetryPolicy::none())?;
    sandbox.push_fault(Fault::Accepted);
    let err = once
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE202RETRY01"))
        .expect_err("202 is not a result");
    assert!(err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!(api.status, 202);
    assert_sandbox_request_id(api.request_id.as_deref());
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    sandbox.clear_received();

    // With retries: the 202 is retried and the coupon used once.
    let client = client_with(&sandbox, fast_retries(3))?;
    let served_before = sandbox.requests_served();
    sandbox.push_fault(Fault::Accepted);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSE202RETRY01"))?;
    assert_eq!(response.raw().status(), 200);
    assert_used_once(&sandbox, &response, "MCHUSE202RETRY01");
    assert_eq!(sandbox.requests_served() - served_before, 2);
    let received = sandbox.received_requests();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].body, received[1].body);
    assert_ne!(received[0].nonce, received[1].nonce);
    assert_eq!(sandbox.nonce_reuses(), 0);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. Backup host
// ---------------------------------------------------------------------------------------------

#[test]
fn refused_primary_fails_over_to_backup_within_one_attempt() -> TestResult {
    let sandbox = Sandbox::start()?;
    // No retries: the failover happens inside the single attempt.
    let client = sandbox
        .client_builder()?
        .base_url(closed_port_url())
        .backup_base_url(sandbox.base_url())
        .retry_policy(RetryPolicy::none())
        .build()?;
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEBACKUP0001"))?;
    assert_used_once(&sandbox, &response, "MCHUSEBACKUP0001");
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

#[test]
fn refused_primary_without_backup_fails_with_connect_phase_error() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .base_url(closed_port_url())
        .backup_base_url(sandbox.base_url())
        .no_backup()
        .retry_policy(fast_retries(3))
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSENOBACKUP01"))
        .expect_err("nothing listens on the primary");
    let (attempts, last) = expect_exhausted(err);
    assert_eq!(attempts, 3, "connect failures are retried");
    let transport = expect_transport(last);
    assert!(transport.kind.is_connect_phase(), "{transport:?}");

    // Without retries, the same failure is a plain connect-phase transport error.
    let once = sandbox
        .client_builder()?
        .base_url(closed_port_url())
        .retry_policy(RetryPolicy::none())
        .build()?;
    let err = once
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSENOBACKUP02"))
        .expect_err("nothing listens");
    assert!(err.is_retry_safe());
    let transport = expect_transport(err);
    assert!(transport.kind.is_connect_phase(), "{transport:?}");
    assert_eq!(transport.endpoint, "use_coupon");

    assert_eq!(sandbox.connections_accepted(), 0);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn backup_is_not_tried_after_a_non_connect_failure() -> TestResult {
    let primary = Sandbox::start()?;
    let backup = Sandbox::start()?;
    primary.set_fault(Some(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    }));
    let client = primary
        .client_builder()?
        .backup_base_url(backup.base_url())
        .retry_policy(fast_retries(3))
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEPRIMARY501"))
        .expect_err("the primary answers 500");
    let (attempts, last) = expect_exhausted(err);
    assert_eq!(attempts, 3);
    assert_eq!(expect_api(last).status, 500);
    assert_eq!(primary.requests_served(), 3);
    assert_eq!(backup.requests_served(), 0);
    assert_eq!(backup.connections_accepted(), 0);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. Connection reset and truncated body
// ---------------------------------------------------------------------------------------------

/// The length of the HTTP message at the start of `buf` (head plus `Content-Length` body),
/// once `buf` holds all of it.
fn complete_message_len(buf: &[u8]) -> Option<usize> {
    let head_len = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&buf[..head_len]).ok()?;
    let body_len = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .map_or(Some(0), |(_, v)| v.trim().parse::<usize>().ok())?;
    (buf.len() >= head_len + body_len).then_some(head_len + body_len)
}

fn head_len(message: &[u8]) -> usize {
    message
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head")
        + 4
}

/// Reads one complete HTTP message from `stream`.
fn read_message(stream: &mut TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(len) = complete_message_len(&buf) {
            buf.truncate(len);
            return buf;
        }
        let n = stream.read(&mut chunk).expect("read");
        assert!(n > 0, "peer closed mid-message");
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Waits until the whole request is queued on `stream` and returns a copy of it, leaving it
/// unread in the socket.
fn peek_message(stream: &TcpStream) -> Vec<u8> {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = stream.peek(&mut buf).expect("peek");
        assert!(n > 0, "client closed before sending its request");
        if let Some(len) = complete_message_len(&buf[..n]) {
            return buf[..len].to_vec();
        }
        thread::sleep(Duration::from_millis(1));
    }
}

/// Sends `request` to the sandbox on a fresh connection and returns its whole response.
fn ask_sandbox(sandbox: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut upstream = TcpStream::connect(sandbox).expect("connect to the sandbox");
    upstream.write_all(request).expect("forward the request");
    read_message(&mut upstream)
}

/// A relay on 127.0.0.1 in front of a sandbox, serving `connections` connections one after
/// the other, one request each. On the first `resets` connections it only *peeks* at the
/// request, lets the sandbox process it, sends the client the response head and half of its
/// body, and closes: the request bytes are still unread in the socket, so the kernel resets
/// the connection (RST) instead of closing it gracefully. Other connections are relayed
/// normally.
fn reset_relay(sandbox: &Sandbox, resets: usize, connections: usize) -> String {
    let upstream: SocketAddr = sandbox
        .base_url()
        .trim_start_matches("http://")
        .parse()
        .expect("sandbox address");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("local addr");
    thread::spawn(move || {
        for index in 0..connections {
            let (mut client, _) = listener.accept().expect("accept");
            if index < resets {
                let request = peek_message(&client);
                let response = ask_sandbox(upstream, &request);
                let head = head_len(&response);
                let cut = head + (response.len() - head) / 2;
                // The client may already be gone; either way the socket is dropped unread.
                let _ = client.write_all(&response[..cut]);
                drop(client);
            } else {
                let request = read_message(&mut client);
                let response = ask_sandbox(upstream, &request);
                let _ = client.write_all(&response);
            }
        }
    });
    format!("http://{addr}")
}

#[test]
fn reset_relay_really_resets_the_connection_mid_body() -> TestResult {
    // Checks the harness: a raw client of the relay receives part of a response and then
    // ECONNRESET, not an orderly end of stream.
    let sandbox = Sandbox::start()?;
    let relay = reset_relay(&sandbox, 1, 1);
    let mut stream =
        TcpStream::connect(relay.trim_start_matches("http://")).expect("connect to the relay");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("set a read timeout");
    let request = b"GET /v3/marketing/partner/product-coupon/x HTTP/1.1\r\nHost: relay\r\n\r\n";
    stream.write_all(request).expect("send");
    let mut received = 0;
    let mut chunk = [0u8; 4096];
    let end = loop {
        match stream.read(&mut chunk) {
            Ok(0) => break None,
            Ok(n) => received += n,
            Err(e) => break Some(e.kind()),
        }
    };
    assert!(received > 0, "part of the response arrives first");
    assert_eq!(end, Some(std::io::ErrorKind::ConnectionReset));
    Ok(())
}

// ureq reports a connection reset while reading the body like an early end of stream
// ("Peer disconnected"); both are `TransportErrorKind::Io`, outcome unknown.
#[test]
fn connection_reset_mid_body_without_retries_is_retry_safe_io_error() -> TestResult {
    let sandbox = Sandbox::start()?;
    let relay = reset_relay(&sandbox, 1, 1);
    let client = sandbox
        .client_builder()?
        .base_url(relay)
        .retry_policy(RetryPolicy::none())
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSERESET00001"))
        .expect_err("the connection was reset");
    assert!(err.is_retry_safe());
    let transport = expect_transport(err);
    assert_eq!(transport.kind, TransportErrorKind::Io, "{transport:?}");
    assert!(!transport.kind.is_connect_phase());
    // The outcome was unknown to the client: the sandbox did process it.
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

#[test]
fn connection_reset_mid_body_once_is_retried_and_the_coupon_used_once() -> TestResult {
    let sandbox = Sandbox::start()?;
    let relay = reset_relay(&sandbox, 1, 2);
    let client = sandbox
        .client_builder()?
        .base_url(relay)
        .retry_policy(fast_retries(3))
        .build()?;
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSERESET00002"))?;
    // The first attempt was processed; the retry, with the same out_request_no, got the
    // same result instead of a second redemption (or a 403).
    assert_used_once(&sandbox, &response, "MCHUSERESET00002");
    assert_resent_identically(&sandbox, 2);
    Ok(())
}

#[test]
fn truncated_body_without_retries_is_retry_safe_io_error() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, RetryPolicy::none())?;
    sandbox.push_fault(Fault::TruncatedBody);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSETRUNC00001"))
        .expect_err("the body was cut");
    assert!(err.is_retry_safe());
    let transport = expect_transport(err);
    assert_eq!(transport.kind, TransportErrorKind::Io, "{transport:?}");
    assert!(!transport.kind.is_connect_phase());
    assert_eq!(sandbox.requests_served(), 1);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

#[test]
fn truncated_body_once_is_retried_and_the_coupon_used_once() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::TruncatedBody);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSETRUNC00002"))?;
    assert_used_once(&sandbox, &response, "MCHUSETRUNC00002");
    assert_resent_identically(&sandbox, 2);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 8. Timeouts
// ---------------------------------------------------------------------------------------------

fn assert_timeout(err: Error) {
    assert!(err.is_retry_safe());
    let transport = expect_transport(err);
    assert!(
        matches!(transport.kind, TransportErrorKind::Timeout(_)),
        "{transport:?}"
    );
    assert!(!transport.kind.is_connect_phase(), "{transport:?}");
}

#[test]
fn server_that_never_answers_is_timeout() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()?;
    sandbox.push_fault(Fault::Hang(Duration::from_secs(30)));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEHANG000001"))
        .expect_err("no answer");
    assert_timeout(err);
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

#[test]
fn trickling_server_is_timeout() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()?;
    sandbox.push_fault(Fault::Trickle(Duration::from_millis(20)));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSETRICKLE001"))
        .expect_err("too slow");
    assert_timeout(err);
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 10. Hostile 3xx / 2xx answers
// ---------------------------------------------------------------------------------------------

#[test]
fn redirect_is_returned_as_api_error_not_followed_nor_retried() -> TestResult {
    let sandbox = Sandbox::start()?;
    let elsewhere = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Redirect(format!(
        "{}{}",
        elsewhere.base_url(),
        use_path(seed::COUPON_CODE)
    )));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEREDIRECT01"))
        .expect_err("a redirect is an error");
    assert_eq!(expect_api(err).status, 302);
    assert_eq!(sandbox.requests_served(), 1);
    assert_eq!(elsewhere.connections_accepted(), 0);
    assert_eq!(
        state_of(&elsewhere, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn signed_empty_2xx_body_is_verified_then_fails_to_decode() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::EmptyBody);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEEMPTY00001"))?;
    assert!(response.raw().body().is_empty());
    let err = response.parse().expect_err("an empty body is no entity");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_sandbox_request_id(err.request_id());
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

#[test]
fn signed_non_utf8_body_is_verified_then_fails_to_decode() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::NonUtf8Body);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSENONUTF801"))?;
    assert!(std::str::from_utf8(response.raw().body()).is_err());
    let err = response.parse().expect_err("a non-UTF-8 body is no entity");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_sandbox_request_id(err.request_id());
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

#[test]
fn huge_body_over_default_limit_is_body_too_large_and_not_retried() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::HugeBody(8 * 1024 * 1024));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEHUGE000001"))
        .expect_err("body over the limit");
    assert!(!err.is_retry_safe());
    assert_eq!(
        expect_transport(err).kind,
        TransportErrorKind::BodyTooLarge {
            limit: DEFAULT_BODY_LIMIT
        }
    );
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 11. Clock skew
// ---------------------------------------------------------------------------------------------

/// Queues `fault`, calls with retries on, and returns the verification failure, checking
/// that the call was not retried.
fn verification_failure_not_retried(fault: Fault) -> VerifyFailure {
    let sandbox = Sandbox::start().expect("sandbox starts");
    let client = client_with(&sandbox, fast_retries(3)).expect("client builds");
    sandbox.push_fault(fault);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEVERIFY0001"))
        .expect_err("an unverifiable response");
    assert!(!err.is_retry_safe());
    assert_eq!(
        sandbox.requests_served(),
        1,
        "verification failures are final"
    );
    match err {
        Error::Verification(e) => {
            assert_sandbox_request_id(e.request_id.as_deref());
            e.reason
        }
        other => panic!("expected Error::Verification, got {other:?}"),
    }
}

/// The skew `local - server` of a timestamp failure, after checking its Display names it.
fn reported_skew(reason: VerifyFailure) -> i64 {
    let text = reason.to_string();
    let VerifyFailure::TimestampOutOfWindow { server, local, .. } = reason else {
        panic!("expected TimestampOutOfWindow, got {reason:?}");
    };
    let skew = local - server;
    let direction = if skew >= 0 { "ahead of" } else { "behind" };
    let expected = format!(
        "local clock ({local}) is {} s {direction} the server's",
        skew.abs()
    );
    assert!(text.contains(&expected), "{text:?} lacks {expected:?}");
    skew
}

#[test]
fn stale_response_reports_local_clock_600s_ahead() {
    let skew = reported_skew(verification_failure_not_retried(Fault::Stale));
    // The sandbox signs with its clock minus 600 s; the client reads its clock afterwards.
    assert!((600..=601).contains(&skew), "skew {skew}");
}

#[test]
fn future_dated_response_reports_local_clock_600s_behind() {
    let skew = reported_skew(verification_failure_not_retried(Fault::FutureDated));
    assert!((-600..=-599).contains(&skew), "skew {skew}");
}

#[test]
fn sandbox_clock_250s_behind_fails_a_200s_window_and_says_so() -> TestResult {
    let sandbox = Sandbox::start()?;
    // 250 s is within the sandbox's own 300 s check of the request, but outside this
    // client's 200 s window for the response.
    sandbox.set_clock_skew(-250);
    let client = sandbox
        .client_builder()?
        .timestamp_window(200)
        .retry_policy(fast_retries(3))
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSESKEW000001"))
        .expect_err("out of window");
    assert_eq!(sandbox.requests_served(), 1);
    let reason = match err {
        Error::Verification(e) => e.reason,
        other => panic!("expected Error::Verification, got {other:?}"),
    };
    let skew = reported_skew(reason);
    assert!((250..=251).contains(&skew), "skew {skew}");
    Ok(())
}

#[test]
fn local_clock_1000s_ahead_rejects_good_response_as_out_of_window() -> TestResult {
    let sandbox = Arc::new(Sandbox::start()?);
    let observed = Arc::clone(&sandbox);
    // The request is signed with the real time (the sandbox accepts it); once the sandbox has
    // received it, the local clock jumps 1000 s ahead, so the correctly signed response falls
    // outside the window.
    let client = sandbox
        .client_builder()?
        .retry_policy(fast_retries(3))
        .clock(move || {
            let real_now = time::OffsetDateTime::now_utc().unix_timestamp();
            if observed.requests_served() == 0 {
                real_now
            } else {
                real_now + 1000
            }
        })
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECLOCK00001"))
        .expect_err("response outside the window");
    assert_sandbox_request_id(err.request_id());
    assert!(!err.is_retry_safe());
    assert_eq!(sandbox.requests_served(), 1, "not retried");
    let reason = match err {
        Error::Verification(e) => e.reason,
        other => panic!("expected Error::Verification, got {other:?}"),
    };
    let VerifyFailure::TimestampOutOfWindow { window, .. } = reason else {
        panic!("expected TimestampOutOfWindow, got {reason:?}");
    };
    assert_eq!(window, 300);
    let skew = reported_skew(reason);
    assert!((1000..=1001).contains(&skew), "skew {skew}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 12–13. Many threads, one client
// ---------------------------------------------------------------------------------------------

const _: () = {
    const fn assert_send_sync_clone<T: Send + Sync + Clone>() {}
    assert_send_sync_clone::<Client>();
};

#[test]
fn sixteen_threads_share_one_client_with_unique_nonces_and_reused_connections() -> TestResult {
    const THREADS: usize = 16;
    const CALLS: usize = 200;
    let sandbox = Sandbox::start()?;
    // 3,200 use calls from one mchid as fast as 16 threads go: past the documented 500/s, so
    // the gateway would answer 429s (and the client retry them); this test counts requests
    // and nonces exactly, so it turns the sandbox's rate limits off.
    sandbox.set_rate_limits(wechatpay_product_coupon::sandbox::RateLimitMode::Off);
    for t in 0..THREADS {
        for i in 0..CALLS {
            sandbox.issue_coupon(seed::OPENID, &format!("Code_M{t}_{i}"));
        }
    }
    let client = sandbox.client()?;
    thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let client = client.clone();
                scope.spawn(move || -> TestResult {
                    for i in 0..CALLS {
                        let code = format!("Code_M{t}_{i}");
                        let response =
                            client.use_coupon(&use_request(&code, &format!("MCHUSE_M{t}_{i}")))?;
                        let coupon = response.parse()?;
                        assert_eq!(coupon.coupon_code, code);
                        assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("worker thread panicked"))
    })?;
    for t in 0..THREADS {
        for i in 0..CALLS {
            let code = format!("Code_M{t}_{i}");
            assert_eq!(state_of(&sandbox, &code).as_deref(), Some("USED"), "{code}");
        }
    }
    let total = THREADS * CALLS;
    assert_eq!(sandbox.requests_served(), total as u64);
    assert_eq!(sandbox.distinct_nonces(), total);
    assert_eq!(sandbox.nonce_reuses(), 0);
    let connections = sandbox.connections_accepted();
    assert!(
        connections <= 32,
        "{connections} connections for {total} calls"
    );
    Ok(())
}

#[test]
fn rate_limited_updates_from_4_threads_all_succeed() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .rate_limits(RateLimits::none().with_named("update_product_coupon", 1000)?)
        .build()?;
    thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|t| {
                let client = client.clone();
                scope.spawn(move || -> TestResult {
                    for i in 0..5 {
                        let request = update_request(
                            &format!("MCHUPDATE_R{t}_{i}"),
                            &format!("Name {t}-{i}"),
                        );
                        let response = client.update_product_coupon(&request)?;
                        let coupon = response.parse()?;
                        assert_eq!(coupon.display_info.name, request.display_info.name);
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("worker thread panicked"))
    })?;
    assert_eq!(sandbox.requests_served(), 20);
    Ok(())
}

#[test]
fn every_attempt_of_every_call_waits_for_the_shared_rate_limiter() -> TestResult {
    let sandbox = Sandbox::start()?;
    // 10 updates per second: slots 100 ms apart. Retries back off only about 1 ms, so a retry
    // that skipped the limiter would arrive a few ms after the failed attempt. (The bound
    // asserted below, 45 ms, leaves room for scheduling delays on a loaded machine; at 20/s
    // the 5 ms margin was exceeded under load.)
    let client = sandbox
        .client_builder()?
        .rate_limits(RateLimits::none().with_named("update_product_coupon", 10)?)
        .retry_policy(fast_retries(3))
        .build()?;
    // Open the connection with a call the limiter does not hold back, so that connection
    // setup does not delay the first update's arrival.
    client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEWARMUP0001"))?;
    sandbox.clear_received();

    client.update_product_coupon(&update_request("MCHUPDATELIMIT01", "限流测试一"))?;
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let retried =
        client.update_product_coupon(&update_request("MCHUPDATELIMIT02", "限流测试二"))?;
    assert_eq!(retried.parse()?.display_info.name, "限流测试二");

    let received = sandbox.received_requests();
    assert_eq!(received.len(), 3, "one update, then one retried once");
    assert_eq!(
        received[1].body, received[2].body,
        "the retry resent the update"
    );
    for (i, pair) in received.windows(2).enumerate() {
        let gap = pair[1].received_at.duration_since(pair[0].received_at);
        assert!(
            gap >= Duration::from_millis(45),
            "requests {i} and {} arrived {gap:?} apart; the limiter spaces them 100 ms",
            i + 1
        );
    }
    Ok(())
}

#[test]
fn client_without_rate_limits_sends_updates_without_waiting_for_slots() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, RetryPolicy::none())?;
    for i in 0..3 {
        let name = format!("不限流{i}号");
        let response = client
            .update_product_coupon(&update_request(&format!("MCHUPDATENOLIMIT{i}"), &name))?;
        assert_eq!(response.parse()?.display_info.name, name.as_str());
    }
    assert_eq!(sandbox.received_requests().len(), 3);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 14. The generic call's retry rules
// ---------------------------------------------------------------------------------------------

#[test]
fn generic_get_of_unknown_path_is_404_not_retried() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    let err = client
        .call(
            Method::Get,
            "/v3/marketing/partner/product-coupon/no-such-thing",
            &[],
            None,
        )
        .expect_err("404");
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (404, "NOT_FOUND"));
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

#[test]
fn generic_get_is_retried_after_500() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let err = client
        .call(
            Method::Get,
            "/v3/marketing/partner/product-coupon/no-such-thing",
            &[],
            None,
        )
        .expect_err("the retry reaches the real 404");
    // The retried call ends with the (final) 404 of its second attempt.
    let (attempts, last) = expect_exhausted(err);
    assert_eq!(attempts, 2);
    assert_eq!(expect_api(last).status, 404);
    assert_eq!(sandbox.requests_served(), 2);
    Ok(())
}

/// The wire body of a seed use request (path parameters go into the target, not the body).
fn use_body(out_request_no: &str) -> Vec<u8> {
    ApiRequest::encode(&use_request(seed::COUPON_CODE, out_request_no))
        .expect("the seed request is valid")
        .body
        .expect("use has a body")
}

#[test]
fn generic_post_is_not_retried_after_500() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let body = use_body("MCHUSEGENERIC501");
    let err = client
        .call(Method::Post, &use_path(seed::COUPON_CODE), &[], Some(&body))
        .expect_err("500, not retried");
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (500, "SYSTEM_ERROR"));
    assert_eq!(sandbox.requests_served(), 1);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn generic_post_is_retried_after_429() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, fast_retries(3))?;
    sandbox.push_fault(Fault::Status {
        status: 429,
        code: "RATELIMIT_EXCEEDED",
    });
    let body = use_body("MCHUSEGENERIC429");
    let raw = client.call(Method::Post, &use_path(seed::COUPON_CODE), &[], Some(&body))?;
    assert_eq!(raw.status(), 200);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    assert_resent_identically(&sandbox, 2);
    assert_eq!(sandbox.received_bodies()[0], body);
    Ok(())
}

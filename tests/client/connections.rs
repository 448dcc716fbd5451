//! Broken connections: reset or truncated mid-body, servers that never answer or trickle.

use super::*;

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

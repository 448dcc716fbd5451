//! Tests of the HTTP server: framing, keep-alive, misbehaving replies, shutdown.

use super::*;
use std::io::ErrorKind;

/// Short client-side timeout so broken behaviour fails fast.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);

/// A response parsed by the test client.
#[derive(Debug)]
struct Parsed {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Parsed {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn header_count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .count()
    }
}

/// A tiny HTTP client over one TCP connection.
struct Client {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    fn connect(server: &Server) -> Client {
        let stream = TcpStream::connect(server.local_addr()).unwrap();
        stream.set_read_timeout(Some(CLIENT_TIMEOUT)).unwrap();
        Client {
            stream,
            buf: Vec::new(),
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).unwrap();
    }

    fn read_more(&mut self) -> usize {
        let mut chunk = [0u8; 4096];
        let n = self.stream.read(&mut chunk).unwrap();
        self.buf.extend_from_slice(&chunk[..n]);
        n
    }

    fn response(&mut self) -> Parsed {
        let end = loop {
            if let Some(pos) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break pos;
            }
            assert!(self.read_more() > 0, "EOF before response head");
        };
        let head = String::from_utf8(self.buf.drain(..end + 4).collect()).unwrap();
        let mut lines = head.trim_end().split("\r\n");
        let status_line = lines.next().unwrap();
        assert!(status_line.starts_with("HTTP/1.1 "), "{status_line}");
        let status = status_line[9..12].parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.to_owned(), v.trim().to_owned())
            })
            .collect();
        let len: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.parse().unwrap());
        while self.buf.len() < len {
            assert!(self.read_more() > 0, "EOF inside body");
        }
        let body = self.buf.drain(..len).collect();
        Parsed {
            status,
            headers,
            body,
        }
    }

    /// Asserts that the server closes the connection with nothing more to read.
    fn assert_closed(&mut self) {
        let mut rest = Vec::new();
        match self.stream.read_to_end(&mut rest) {
            Ok(_) => assert!(rest.is_empty(), "unexpected bytes: {rest:?}"),
            Err(e) => assert_eq!(e.kind(), ErrorKind::ConnectionReset),
        }
    }
}

/// A server echoing method, target and body, and reporting a header.
fn echo_server() -> Server {
    Server::start_on(
        0,
        Arc::new(|req: HttpRequest| {
            let body = format!(
                "{} {} x-test={:?} x-test-count={} body={}",
                req.method,
                req.target,
                req.header("X-TEST"),
                req.header_count("x-test"),
                String::from_utf8_lossy(&req.body)
            );
            Reply::Response(HttpResponse {
                status: 200,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: body.into_bytes(),
            })
        }),
    )
    .unwrap()
}

/// A server answering every request with a fixed reply.
fn fixed_server(reply: Reply) -> Server {
    Server::start_on(0, Arc::new(move |_req: HttpRequest| reply.clone())).unwrap()
}

#[test]
fn get_round_trip() {
    let server = echo_server();
    let mut client = Client::connect(&server);
    client.send(
        b"GET /v3/a%20b?x=1&y=%2F HTTP/1.1\r\nHost: x\r\nx-test: \t spaced value \t\r\nX-Test: 2\r\n\r\n",
    );
    let response = client.response();
    assert_eq!(response.status, 200);
    assert_eq!(
        String::from_utf8(response.body.clone()).unwrap(),
        "GET /v3/a%20b?x=1&y=%2F x-test=Some(\"spaced value\") x-test-count=2 body="
    );
    assert_eq!(response.header("content-type"), Some("text/plain"));
    assert_eq!(response.header_count("content-length"), 1);
    assert_eq!(response.header("connection"), None);
}

#[test]
fn post_round_trip_with_body() {
    let server = echo_server();
    let mut client = Client::connect(&server);
    let body = "{\"k\":\"值\"}";
    client.send(
        format!(
            "POST /use HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    let response = client.response();
    assert_eq!(response.status, 200);
    assert_eq!(
        String::from_utf8(response.body).unwrap(),
        format!("POST /use x-test=None x-test-count=0 body={body}")
    );
}

#[test]
fn keep_alive_reuses_one_connection() {
    let server = echo_server();
    let mut client = Client::connect(&server);
    for i in 0..2 {
        client.send(format!("GET /{i} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes());
        let response = client.response();
        assert!(String::from_utf8(response.body)
            .unwrap()
            .starts_with(&format!("GET /{i} ")));
    }
    assert_eq!(server.connections_accepted(), 1);
    assert_eq!(server.requests_served(), 2);
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let server = echo_server();
    let mut client = Client::connect(&server);
    client.send(
        b"POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /b HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert!(client.response().body.ends_with(b"body=hi"));
    let second = client.response();
    assert!(second.body.starts_with(b"GET /b "));
    assert_eq!(second.header("connection"), Some("close"));
    client.assert_closed();
    assert_eq!(server.requests_served(), 2);
}

#[test]
fn connection_close_closes() {
    let server = echo_server();
    let mut client = Client::connect(&server);
    client.send(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let response = client.response();
    assert_eq!(response.status, 200);
    assert_eq!(response.header("connection"), Some("close"));
    client.assert_closed();
}

#[test]
fn http10_closes_unless_keep_alive_requested() {
    let server = echo_server();
    let mut client = Client::connect(&server);
    client.send(b"GET /ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assert_eq!(client.response().header("connection"), Some("keep-alive"));
    client.send(b"GET /plain HTTP/1.0\r\n\r\n");
    let response = client.response();
    assert_eq!(response.header("connection"), Some("close"));
    client.assert_closed();
    assert_eq!(server.connections_accepted(), 1);
}

#[test]
fn handler_headers_are_not_duplicated() {
    let server = fixed_server(Reply::Response(HttpResponse {
        status: 200,
        headers: vec![
            ("content-length".into(), "999".into()),
            ("Connection".into(), "close".into()),
            ("Request-ID".into(), "abc".into()),
        ],
        body: b"ok".to_vec(),
    }));
    let mut client = Client::connect(&server);
    client.send(b"GET / HTTP/1.1\r\n\r\n");
    let response = client.response();
    assert_eq!(response.body, b"ok");
    assert_eq!(response.header_count("content-length"), 1);
    assert_eq!(response.header("content-length"), Some("2"));
    assert_eq!(response.header_count("connection"), 1);
    assert_eq!(response.header("request-id"), Some("abc"));
    // The handler asked to close, so the server closes.
    client.assert_closed();
}

#[test]
fn no_content_has_no_length_or_body() {
    let server = fixed_server(Reply::Response(HttpResponse {
        status: 204,
        headers: Vec::new(),
        body: b"ignored".to_vec(),
    }));
    let mut client = Client::connect(&server);
    client.send(b"POST / HTTP/1.1\r\nConnection: close\r\n\r\n");
    let mut all = Vec::new();
    client.stream.read_to_end(&mut all).unwrap();
    assert_eq!(all, b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
}

#[test]
fn oversize_body_gets_413_and_close() {
    let server = echo_server();
    let mut client = Client::connect(&server);
    client.send(b"POST / HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n");
    let response = client.response();
    assert_eq!(response.status, 413);
    assert_eq!(response.header("connection"), Some("close"));
    client.assert_closed();
    assert_eq!(server.requests_served(), 0);
}

#[test]
fn body_at_limit_is_accepted() {
    let server = fixed_server(Reply::Response(HttpResponse {
        status: 200,
        headers: Vec::new(),
        body: Vec::new(),
    }));
    let mut client = Client::connect(&server);
    let mut request = b"POST / HTTP/1.1\r\nContent-Length: 1048576\r\n\r\n".to_vec();
    request.resize(request.len() + 1024 * 1024, b'a');
    client.send(&request);
    assert_eq!(client.response().status, 200);
}

#[test]
fn chunked_body_is_read_and_the_connection_kept() {
    let server = echo_server();
    let mut client = Client::connect(&server);
    client.send(b"POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    let response = client.response();
    assert_eq!(response.status, 200);
    assert!(
        response.body.ends_with(b"body=hello"),
        "{:?}",
        response.body
    );
    client.send(b"GET /after HTTP/1.1\r\n\r\n");
    assert!(client.response().body.starts_with(b"GET /after "));
    assert_eq!(server.connections_accepted(), 1);
}

#[test]
fn gzip_transfer_coding_gets_501_and_close() {
    let server = echo_server();
    let mut client = Client::connect(&server);
    client.send(b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n");
    let response = client.response();
    assert_eq!(response.status, 501);
    assert_eq!(response.header("connection"), Some("close"));
    client.assert_closed();
}

#[test]
fn bad_requests_get_400() {
    let cases: [&[u8]; 6] = [
        b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
        b"POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\nx",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        b"GET  / HTTP/1.1\r\n\r\n",
    ];
    let server = echo_server();
    for case in cases {
        let mut client = Client::connect(&server);
        client.send(case);
        let response = client.response();
        assert_eq!(response.status, 400, "{}", String::from_utf8_lossy(case));
        client.assert_closed();
    }
    let mut client = Client::connect(&server);
    client.send(b"GET / HTTP/2.0\r\n\r\n");
    assert_eq!(client.response().status, 505);
}

#[test]
fn oversize_headers_get_431() {
    let server = echo_server();
    let mut client = Client::connect(&server);
    let big = "a".repeat(70 * 1024);
    client.send(format!("GET / HTTP/1.1\r\nX-Big: {big}\r\n\r\n").as_bytes());
    let response = client.response();
    assert_eq!(response.status, 431);
    client.assert_closed();
}

#[test]
fn handler_panic_gives_500_and_server_survives() {
    let server = Server::start_on(
        0,
        Arc::new(|req: HttpRequest| {
            if req.target == "/panic" {
                panic!("boom");
            }
            Reply::Response(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: b"fine".to_vec(),
            })
        }),
    )
    .unwrap();
    let mut client = Client::connect(&server);
    client.send(b"GET /panic HTTP/1.1\r\n\r\n");
    assert_eq!(client.response().status, 500);
    client.send(b"GET /ok HTTP/1.1\r\n\r\n");
    assert_eq!(client.response().body, b"fine");
}

#[test]
fn raw_writes_exact_bytes_then_closes() {
    let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nshort".to_vec();
    let server = fixed_server(Reply::Raw(raw.clone()));
    let mut client = Client::connect(&server);
    client.send(b"GET / HTTP/1.1\r\n\r\n");
    let mut all = Vec::new();
    client.stream.read_to_end(&mut all).unwrap();
    assert_eq!(all, raw);
}

#[test]
fn close_writes_nothing() {
    let server = fixed_server(Reply::Close);
    let mut client = Client::connect(&server);
    client.send(b"GET / HTTP/1.1\r\n\r\n");
    client.assert_closed();
    assert_eq!(server.requests_served(), 1);
}

#[test]
fn hang_times_out_the_client_and_ends_at_shutdown() {
    let mut server = fixed_server(Reply::Hang(Duration::from_secs(60)));
    let mut client = Client::connect(&server);
    client
        .stream
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    client.send(b"GET / HTTP/1.1\r\n\r\n");
    let mut byte = [0u8; 1];
    let err = client.stream.read(&mut byte).unwrap_err();
    assert!(is_timeout(&err), "{err:?}");
    let started = Instant::now();
    server.shutdown();
    client
        .stream
        .set_read_timeout(Some(CLIENT_TIMEOUT))
        .unwrap();
    client.assert_closed();
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn hang_ends_after_its_duration() {
    let server = fixed_server(Reply::Hang(Duration::from_millis(200)));
    let mut client = Client::connect(&server);
    client.send(b"GET / HTTP/1.1\r\n\r\n");
    let started = Instant::now();
    client.assert_closed();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[test]
fn trickle_sends_whole_response_slowly_then_closes() {
    let server = fixed_server(Reply::Trickle {
        response: HttpResponse {
            status: 200,
            headers: Vec::new(),
            body: b"0123456789".to_vec(),
        },
        chunk: 16,
        delay: Duration::from_millis(20),
    });
    let mut client = Client::connect(&server);
    let started = Instant::now();
    client.send(b"GET / HTTP/1.1\r\n\r\n");
    let mut all = Vec::new();
    client.stream.read_to_end(&mut all).unwrap();
    let expected = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789";
    assert_eq!(all, expected);
    // 66 bytes in 16-byte pieces: 5 writes, 4 delays.
    assert!(started.elapsed() >= Duration::from_millis(80));
}

#[test]
fn shutdown_is_prompt_with_idle_client_and_idempotent() {
    let mut server = echo_server();
    let addr = server.local_addr();
    let mut idle = Client::connect(&server);
    // Make sure the connection has been accepted before stopping.
    let mut busy = Client::connect(&server);
    busy.send(b"GET / HTTP/1.1\r\n\r\n");
    busy.response();
    let started = Instant::now();
    server.shutdown();
    assert!(started.elapsed() < Duration::from_secs(2));
    idle.assert_closed();
    assert!(started.elapsed() < Duration::from_secs(2));
    server.shutdown();
    assert!(TcpStream::connect(addr).is_err());
    drop(server);
}

#[test]
fn start_on_binds_requested_port() {
    let port = {
        let probe = echo_server();
        probe.local_addr().port()
    };
    let server = Server::start_on(port, Arc::new(|_req: HttpRequest| Reply::Close)).unwrap();
    assert_eq!(server.local_addr().port(), port);
    assert!(server.local_addr().ip().is_loopback());
}

#[test]
fn head_response_has_length_but_no_body() {
    let server = fixed_server(Reply::Response(HttpResponse {
        status: 200,
        headers: Vec::new(),
        body: b"hello".to_vec(),
    }));
    let mut client = Client::connect(&server);
    client.send(b"HEAD / HTTP/1.1\r\nConnection: close\r\n\r\n");
    let mut all = Vec::new();
    client.stream.read_to_end(&mut all).unwrap();
    assert_eq!(
        all,
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n"
    );
}

#[test]
fn request_header_helpers() {
    let request = HttpRequest {
        method: "GET".into(),
        target: "/".into(),
        headers: vec![("Accept".into(), "a".into()), ("accept".into(), "b".into())],
        body: Vec::new(),
    };
    assert_eq!(request.header("ACCEPT"), Some("a"));
    assert_eq!(request.header_count("Accept"), 2);
    assert_eq!(request.header("missing"), None);
    assert_eq!(request.header_count("missing"), 0);
}

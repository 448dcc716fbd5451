//! What the axum and actix-web tests share: the sandbox, a raw HTTP client, a recorder that
//! captures a notification as the sandbox sent it, and the scenarios, each run against a
//! receiver started by the framework's test (`start`: receiver in, its address out).

#![allow(dead_code)] // each test binary uses its own part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use wechatpay_product_coupon::api::SetNotifyConfigRequest;
use wechatpay_product_coupon::model::{Notification, NotificationEvent, COUPON_SENT};
use wechatpay_product_coupon::sandbox::{seed, NotificationDelivery, Sandbox};
use wechatpay_product_coupon::Client;
use wechatpay_product_coupon_receivers::{Receiver, NOTIFY_PATH};

/// A receiver's HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

/// A notification as received on the wire: headers and raw body.
#[derive(Debug, Clone)]
pub struct Captured {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// POSTs `body` with `headers` to `addr` (HTTP/1.1, one request per connection).
pub fn post(addr: SocketAddr, headers: &[(String, String)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(addr).expect("connect to the receiver");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut head = format!("POST {NOTIFY_PATH} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        if !matches!(
            lower.as_str(),
            "host" | "connection" | "content-length" | "transfer-encoding"
        ) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).expect("write head");
    stream.write_all(body).expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the answer");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let content_type = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("content-type")
            .then(|| v.trim().to_owned())
    });
    Answer {
        status,
        content_type,
        body: body.to_owned(),
    }
}

/// Captures the first notification POSTed to it (answering 204), as the sandbox sent it.
pub fn capture_one(sandbox: &Sandbox, client: &Client) -> Captured {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind recorder");
    let url = format!("http://{}/recorder", listener.local_addr().expect("addr"));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).expect("request line");
        let (mut headers, mut length) = (Vec::new(), 0);
        loop {
            line.clear();
            reader.read_line(&mut line).expect("header");
            let Some((k, v)) = line.trim_end().split_once(':') else {
                break;
            };
            let (k, v) = (k.trim().to_owned(), v.trim().to_owned());
            if k.eq_ignore_ascii_case("content-length") {
                length = v.parse().expect("length");
            }
            headers.push((k, v));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("body");
        let _ = reader
            .get_mut()
            .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n");
        let _ = tx.send(Captured { headers, body });
    });
    client
        .set_notify_config(&SetNotifyConfigRequest::new(url))
        .expect("set the notify URL");
    client
        .send_coupon(&seed::send_request("MCHSEND_CAPTURE").expect("a send request"))
        .expect("send");
    let captured = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the sandbox posted a notification");
    wait_finished(sandbox);
    captured
}

/// Waits (up to 10 s) until the sandbox's first delivery is over, and returns it.
pub fn wait_finished(sandbox: &Sandbox) -> NotificationDelivery {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(d) = sandbox.notification_deliveries().into_iter().next() {
            if d.finished {
                return d;
            }
        }
        assert!(Instant::now() < deadline, "the delivery did not finish");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A receiver that passes each notification it accepts to the returned channel.
pub fn forwarding_receiver(client: Client) -> (Receiver, mpsc::Receiver<Notification>) {
    let (tx, rx) = mpsc::channel();
    let receiver = Receiver::new(client, move |n| {
        tx.send(n)?;
        Ok(())
    });
    (receiver, rx)
}

/// The sandbox posts the notification of a send to the receiver: the receiver hands your
/// code a verified `CouponSent` for that coupon, and the sandbox records a 204 on the first
/// attempt.
pub fn the_sandboxs_notification_reaches_user_code(start: fn(Receiver) -> SocketAddr) {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client"); // it has the sandbox's APIv3 key
    let (receiver, events) = forwarding_receiver(client.clone());
    let addr = start(receiver);
    client
        .set_notify_config(&SetNotifyConfigRequest::new(format!(
            "http://{addr}{NOTIFY_PATH}"
        )))
        .expect("set the notify URL");
    let sent = client
        .send_coupon(&seed::send_request("MCHSEND_RECEIVER").expect("a send request"))
        .expect("send");
    let code = sent.parse().expect("parse").coupon_code.to_string();

    let notification = events
        .recv_timeout(Duration::from_secs(10))
        .expect("user code got the notification");
    assert_eq!(notification.event_type, COUPON_SENT);
    match &notification.event {
        NotificationEvent::CouponSent(event) => {
            assert_eq!(event.coupon_code.as_str(), code);
            assert_eq!(event.openid.as_str(), seed::OPENID);
            assert_eq!(event.send_request_no.as_str(), "MCHSEND_RECEIVER");
        }
        other => panic!("not a send: {other:?}"),
    }
    let delivery = wait_finished(&sandbox);
    assert!(delivery.delivered, "{delivery:?}");
    assert_eq!(delivery.attempts, vec![Ok(204)]);
    assert_eq!(delivery.id, notification.id);
}

/// A genuine notification is accepted (204); the same with one byte of the body changed is
/// refused with 401 and a JSON `FAIL`, without reaching user code.
pub fn a_tampered_notification_is_refused(start: fn(Receiver) -> SocketAddr) {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    let genuine = capture_one(&sandbox, &client);
    let (receiver, events) = forwarding_receiver(client);
    let addr = start(receiver);

    let mut tampered = genuine.body.clone();
    let at = tampered
        .windows(b"ciphertext".len())
        .position(|w| w == b"ciphertext")
        .expect("an encrypted resource")
        + 20;
    tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
    let refused = post(addr, &genuine.headers, &tampered);
    assert_eq!(refused.status, 401, "{refused:?}");
    assert_eq!(refused.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        refused.body,
        r#"{"code":"FAIL","message":"signature verification failed"}"#
    );
    assert!(
        events.try_recv().is_err(),
        "a refused notification reached user code"
    );

    let accepted = post(addr, &genuine.headers, &genuine.body);
    assert_eq!((accepted.status, accepted.body.as_str()), (204, ""));
    assert!(events.try_recv().is_ok());
}

/// When user code cannot record the notification, the answer is a 500, so that WeChat Pay
/// delivers it again.
pub fn a_failure_of_user_code_is_a_500(start: fn(Receiver) -> SocketAddr) {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = sandbox.client().expect("client");
    let genuine = capture_one(&sandbox, &client);
    let addr = start(Receiver::new(
        client,
        |_| Err("the database is down".into()),
    ));
    let answer = post(addr, &genuine.headers, &genuine.body);
    assert_eq!(answer.status, 500, "{answer:?}");
    assert_eq!(answer.body, r#"{"code":"FAIL","message":"internal error"}"#);
}

//! A `401 SIGN_ERROR` explains itself: the error carries the gateway's `sign_information`
//! next to the message this client signed (`ApiError::signed_message`), and says where they
//! first differ (`ApiError::sign_mismatch`) — the same message (so the key is wrong), a
//! refused timestamp (so the clock is wrong), or the first part changed in transit.

use super::*;

use wechatpay_product_coupon::error::{ApiError, SignMismatch, SignedPart};

/// A wrong merchant key, a wrong clock: the client's 401 for a use of the seed coupon.
fn sign_error(client: &Client, out_request_no: &str) -> ApiError {
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, out_request_no))
        .expect_err("the gateway refuses the signature");
    assert_eq!(err.outcome(), wechatpay_product_coupon::Outcome::Refused);
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (401, "SIGN_ERROR"));
    api
}

#[test]
fn a_wrong_private_key_is_named_as_the_cause() -> TestResult {
    let sandbox = Sandbox::start()?;
    let other_key = MerchantPrivateKey::from_pem_file(data_path("go_test_private_key_pkcs8.pem"))?;
    let client = sandbox.client_builder()?.private_key(other_key).build()?;
    let api = sign_error(&client, "MCHUSESIGNKEY001");

    // Both copies of the message are there, and agree.
    let sent = &sandbox.received_requests()[0];
    let signed = api
        .signed_message()
        .expect("the message this client signed");
    let target = encoded_use(seed::COUPON_CODE, "MCHUSESIGNKEY001").target;
    assert!(
        signed.starts_with(&format!("POST\n{target}\n")),
        "{signed:?}"
    );
    assert!(signed.ends_with(&format!("{}\n", String::from_utf8_lossy(&sent.body))));
    let signature = sent.signature.as_deref().expect("a signature");
    let text = api.to_string();
    for shown in [signed, text.as_str()] {
        assert!(!shown.contains(signature), "the signature is never shown");
        assert!(!shown.contains("WECHATPAY2-SHA256-RSA2048 "));
    }
    let info = api
        .sign_information()
        .expect("the gateway's sign_information");
    assert_eq!(info.method.as_deref(), Some("POST"));
    assert_eq!(info.url.as_deref(), Some(target.as_str()));
    assert_eq!(info.sign_message_length, Some(signed.len() as u64));

    let mismatch = api.sign_mismatch().expect("a diagnosis");
    assert!(
        matches!(mismatch, SignMismatch::AgreesAsShown { shown: 64 }),
        "{mismatch:?}"
    );
    // The gateway's message is unchanged; the diagnosis follows it.
    assert!(
        text.contains("SIGN_ERROR: 错误的签名，验签失败 (hint: "),
        "{text}"
    );
    assert!(text.contains("wrong private key"), "{text}");
    Ok(())
}

#[test]
fn a_wrong_clock_is_named_as_the_cause() -> TestResult {
    let sandbox = Sandbox::start()?;
    let late = OffsetDateTime::now_utc().unix_timestamp() - 3600;
    let client = sandbox.client_builder()?.clock(move || late).build()?;
    let api = sign_error(&client, "MCHUSESIGNCLK001");
    assert!(api.message.contains("timestamp"), "{}", api.message);
    assert_eq!(
        api.sign_mismatch(),
        Some(SignMismatch::Timestamp { signed: late })
    );
    let text = api.to_string();
    assert!(text.contains(&format!("signed timestamp {late}")), "{text}");
    assert!(text.contains("clock"), "{text}");
    Ok(())
}

/// A proxy that forwards one request to `upstream` with the byte at `offset` of its body
/// upper-cased (after the client signed it), and relays the answer; its base URL.
fn body_altering_proxy(upstream: SocketAddr, offset: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    thread::spawn(move || {
        let Ok((mut client, _)) = listener.accept() else {
            return;
        };
        let (head, mut body) = read_message(&mut client);
        if let Some(b) = body.get_mut(offset) {
            b.make_ascii_uppercase();
        }
        let mut server = TcpStream::connect(upstream).expect("connect upstream");
        server.write_all(&head).expect("forward head");
        server.write_all(&body).expect("forward body");
        let (head, body) = read_message(&mut server);
        client.write_all(&head).expect("relay head");
        client.write_all(&body).expect("relay body");
    });
    url
}

/// One HTTP/1.1 message with a `Content-Length` body: (head with its blank line, body).
fn read_message(stream: &mut TcpStream) -> (Vec<u8>, Vec<u8>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).expect("read");
        assert!(n > 0, "connection closed before the end of the head");
        bytes.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse().expect("a length"));
    while bytes.len() < head_end + length {
        let n = stream.read(&mut buf).expect("read");
        assert!(n > 0, "connection closed before the end of the body");
        bytes.extend_from_slice(&buf[..n]);
    }
    let body = bytes.split_off(head_end);
    (bytes, body)
}

#[test]
fn a_body_changed_in_transit_is_named_with_its_first_differing_byte() -> TestResult {
    let sandbox = Sandbox::start()?;
    let upstream: SocketAddr = sandbox
        .base_url()
        .trim_start_matches("http://")
        .parse()
        .expect("the sandbox listens on an address");
    // Byte 2 is the first letter of the first key of the JSON body.
    let proxy = body_altering_proxy(upstream, 2);
    let client = sandbox
        .client_builder()?
        .base_url(proxy)
        .retry_policy(RetryPolicy::none())
        .build()?;
    let api = sign_error(&client, "MCHUSESIGNBODY01");
    let mismatch = api.sign_mismatch().expect("a diagnosis");
    let SignMismatch::Part {
        part,
        offset,
        gateway,
        signed,
    } = &mismatch
    else {
        panic!("expected the differing part, got {mismatch:?}");
    };
    assert_eq!((*part, *offset), (SignedPart::Body, 2));
    assert_eq!(
        gateway.as_bytes()[2],
        signed.as_bytes()[2].to_ascii_uppercase()
    );
    let text = api.to_string();
    assert!(text.contains("the signed body differs at byte 2"), "{text}");
    Ok(())
}

#[test]
fn the_documented_sign_error_answer_is_read_and_compared() {
    // A real answer of the gateway (tests/data/README.md gives its source).
    let body = read_bytes("sign_error_example.json");
    let api = ApiError::from_body("call", 401, &body, None);
    let info = api.sign_information().expect("sign_information");
    assert_eq!(info.method.as_deref(), Some("GET"));
    assert_eq!(
        info.url.as_deref(),
        Some("/v3/certificates?algorithm_type=RSA")
    );
    assert_eq!(info.sign_message_length, Some(85));
    assert_eq!(api.sign_mismatch(), None, "no signed message to compare");

    // The message that example's client signed: its nonce is cut to `vDit…` in the answer;
    // fill it to the documented length.
    let prefix = "GET\n/v3/certificates?algorithm_type=RSA\n1680144553\n";
    let nonce = format!("vDit{}", "X".repeat(85 - prefix.len() - 2 - 4));
    let same = format!("{prefix}{nonce}\n\n");
    assert_eq!(same.len(), 85);
    let compared = api.clone().with_signed_message(same.as_bytes());
    assert_eq!(compared.sign_mismatch(), Some(SignMismatch::SameMessage));
    let later = same.replace("1680144553", "1680144999");
    let compared = api.with_signed_message(later.as_bytes());
    assert!(
        matches!(
            compared.sign_mismatch(),
            Some(SignMismatch::Part {
                part: SignedPart::Timestamp,
                offset: 7,
                ..
            })
        ),
        "{:?}",
        compared.sign_mismatch()
    );
}

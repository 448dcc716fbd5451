//! End-to-end tests over loopback against the embedded sandbox: the three calls, idempotency,
//! validation before I/O, API errors (including the gateway's unsigned `401 SIGN_ERROR`),
//! forged responses, which key signs a response (public key or platform certificate), the
//! generic call, and gateway behaviour (content type, chunked request bodies, coupon
//! validity).
//!
//! Every test starts its own `Sandbox` on an ephemeral port of 127.0.0.1, so the tests are
//! independent and run in parallel. Where a test must see what the client hides (the headers
//! of an error answer, a chunked request body, a request without `Wechatpay-Serial`), it talks
//! HTTP/1.1 to the sandbox over a raw `std::net::TcpStream`.

mod common;
use common::fast_retries;

use common::{data_path, deactivate_request, update_request, use_request};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use time::macros::datetime;
use time::{OffsetDateTime, UtcOffset};
use wechatpay_product_coupon::api::{AssociatedOrderInfo, UseCouponRequest};
use wechatpay_product_coupon::endpoint::{ApiRequest, EncodedRequest};
use wechatpay_product_coupon::error::{ApiError, VerificationError};
use wechatpay_product_coupon::model::{
    ProductCouponState, UserProductCouponEntity, UserProductCouponState,
};
use wechatpay_product_coupon::sandbox::{self, seed, CouponValidity, Fault, Sandbox};
use wechatpay_product_coupon::signing::{self, RequestSigner};
use wechatpay_product_coupon::verify::{self, SignatureHeaders, VerifyFailure};
use wechatpay_product_coupon::{
    headers, Client, ClientBuilder, Error, MerchantPrivateKey, Method, VerifierKeys,
    WechatPayPublicKey,
};

type TestResult = Result<(), Error>;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The content type of every sandbox answer.
const JSON_UTF8: &str = "application/json; charset=utf-8";

/// The four signature headers of a response.
const SIGNATURE_HEADERS: [&str; 4] = [
    headers::SIGNATURE,
    headers::SERIAL,
    headers::TIMESTAMP,
    headers::NONCE,
];

/// The JSON body of `use_request`, as the generic call sends it (path parameters excluded).
fn use_body(out_request_no: &str) -> Vec<u8> {
    encoded_use(seed::COUPON_CODE, out_request_no)
        .body
        .expect("use has a body")
}

fn use_path(openid: &str, coupon_code: &str) -> String {
    format!("/v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/use")
}

/// The wire form (method, target, body) of a seed use request.
fn encoded_use(coupon_code: &str, out_request_no: &str) -> EncodedRequest {
    ApiRequest::encode(&use_request(coupon_code, out_request_no))
        .expect("the seed request is valid")
}

/// A builder with the sandbox identity (mchid, serial, merchant key) and base URL but no
/// verification key.
fn sandbox_identity_builder(base_url: &str) -> Result<ClientBuilder, Error> {
    Ok(Client::builder()
        .mchid(sandbox::MCHID)
        .merchant_serial(sandbox::MERCHANT_SERIAL)
        .private_key(MerchantPrivateKey::from_pem(
            sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM,
        )?)
        .base_url(base_url))
}

/// The sandbox's WeChat Pay public key under `id`.
fn sandbox_public_key(id: &str) -> Result<WechatPayPublicKey, Error> {
    WechatPayPublicKey::from_pem(id, sandbox::TEST_WECHATPAY_PUBLIC_KEY_PEM)
}

/// A request signer holding the sandbox merchant's identity and key.
fn sandbox_signer() -> Result<RequestSigner, Error> {
    RequestSigner::new(
        sandbox::MCHID,
        sandbox::MERCHANT_SERIAL,
        MerchantPrivateKey::from_pem(sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM)?,
    )
}

/// A request signer with the sandbox identity but another merchant's private key.
fn wrong_key_signer() -> Result<RequestSigner, Error> {
    RequestSigner::new(
        sandbox::MCHID,
        sandbox::MERCHANT_SERIAL,
        MerchantPrivateKey::from_pem_file(data_path("go_test_private_key_pkcs8.pem"))?,
    )
}

fn state_of(sandbox: &Sandbox, code: &str) -> Option<String> {
    sandbox.coupon_state(seed::OPENID, code)
}

fn expect_api(err: Error) -> ApiError {
    match err {
        Error::Api(e) => *e,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn expect_verification(err: Error) -> VerificationError {
    match err {
        Error::Verification(e) => e,
        other => panic!("expected Error::Verification, got {other:?}"),
    }
}

fn assert_sandbox_request_id(err: &Error) {
    let id = err
        .request_id()
        .unwrap_or_else(|| panic!("no Request-ID on {err:?}"));
    assert!(id.starts_with("08SANDBOX"), "unexpected Request-ID {id:?}");
}

fn beijing() -> UtcOffset {
    UtcOffset::from_hms(8, 0, 0).expect("a valid offset")
}

const DAY_SECS: i64 = 24 * 60 * 60;

// ---------------------------------------------------------------------------------------------
// Raw HTTP/1.1 over TcpStream
// ---------------------------------------------------------------------------------------------

/// A request written byte by byte, signed like the client signs.
struct RawRequest {
    method: &'static str,
    target: String,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    chunks: Option<usize>,
}

impl RawRequest {
    /// `encoded`, signed by `signer` at `timestamp`, with the headers the client sends
    /// (`Wechatpay-Serial` only when `serial` is given) and `Connection: close`.
    fn signed(
        signer: &RequestSigner,
        encoded: &EncodedRequest,
        timestamp: i64,
        serial: Option<&str>,
    ) -> Result<Self, Error> {
        let body = encoded.body_bytes().to_vec();
        let nonce = signer.nonce()?;
        let method = encoded.method.as_str();
        let authorization =
            signer.authorization(method, &encoded.target, &body, timestamp, nonce.as_str())?;
        let mut headers = vec![
            ("Host".to_owned(), "127.0.0.1".to_owned()),
            (headers::ACCEPT.to_owned(), headers::ACCEPT_VALUE.to_owned()),
            (
                headers::USER_AGENT.to_owned(),
                "sandbox-integration-test/1.0".to_owned(),
            ),
            (headers::AUTHORIZATION.to_owned(), authorization),
            ("Connection".to_owned(), "close".to_owned()),
        ];
        if !body.is_empty() {
            headers.push((
                headers::CONTENT_TYPE.to_owned(),
                headers::CONTENT_TYPE_VALUE.to_owned(),
            ));
        }
        if let Some(serial) = serial {
            headers.push((headers::SERIAL.to_owned(), serial.to_owned()));
        }
        Ok(RawRequest {
            method,
            target: encoded.target.clone(),
            body,
            headers,
            chunks: None,
        })
    }

    /// Drops a header.
    fn without(mut self, name: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    /// Sends the body with `Transfer-Encoding: chunked`, in `n` chunks.
    fn chunked(mut self, n: usize) -> Self {
        self.chunks = Some(n);
        self
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{} {} HTTP/1.1\r\n", self.method, self.target).into_bytes();
        for (name, value) in &self.headers {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        match self.chunks {
            None => {
                out.extend_from_slice(
                    format!("Content-Length: {}\r\n\r\n", self.body.len()).as_bytes(),
                );
                out.extend_from_slice(&self.body);
            }
            Some(n) => {
                out.extend_from_slice(b"Transfer-Encoding: chunked\r\n\r\n");
                let size = self.body.len().div_ceil(n.max(1)).max(1);
                for chunk in self.body.chunks(size) {
                    out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                    out.extend_from_slice(chunk);
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(b"0\r\n\r\n");
            }
        }
        out
    }

    /// Sends the request on a fresh connection and reads the whole answer.
    fn send(&self, sandbox: &Sandbox) -> RawAnswer {
        let addr = sandbox.base_url().trim_start_matches("http://").to_owned();
        let mut stream = TcpStream::connect(addr).expect("connect to the sandbox");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("set a read timeout");
        stream
            .write_all(&self.to_bytes())
            .expect("send the request");
        let mut bytes = Vec::new();
        stream
            .read_to_end(&mut bytes)
            .expect("read the answer (Connection: close)");
        RawAnswer::parse(&bytes)
    }
}

/// An answer as it came off the wire.
#[derive(Debug)]
struct RawAnswer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawAnswer {
    fn parse(bytes: &[u8]) -> Self {
        let head_end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete head");
        let head = std::str::from_utf8(&bytes[..head_end]).expect("an ASCII head");
        let mut lines = head.split("\r\n");
        let status_line = lines.next().expect("a status line");
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
        let headers: Vec<(String, String)> = lines
            .map(|line| {
                let (name, value) = line.split_once(':').expect("a header line");
                (name.trim().to_owned(), value.trim().to_owned())
            })
            .collect();
        let answer = RawAnswer {
            status,
            headers,
            body: bytes[head_end + 4..].to_vec(),
        };
        let length: usize = answer
            .header("Content-Length")
            .expect("the sandbox sends Content-Length")
            .parse()
            .expect("a number");
        assert_eq!(answer.body.len(), length, "the whole body was read");
        answer
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn signature_headers(&self) -> Result<SignatureHeaders<'_>, VerifyFailure> {
        SignatureHeaders::from_pairs(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes())))
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// Verifies the answer's signature with `keys` at the local time.
    fn verify_with(&self, keys: &VerifierKeys) -> Result<(), VerifyFailure> {
        let sig = self.signature_headers()?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        verify::verify_response(keys, &sig, &self.body, now, verify::DEFAULT_WINDOW_SECS)
    }

    fn assert_unsigned(&self) {
        for name in SIGNATURE_HEADERS {
            assert_eq!(
                self.header(name),
                None,
                "{name} on an unsigned answer: {self:?}"
            );
        }
    }

    fn assert_signed(&self) {
        for name in SIGNATURE_HEADERS {
            assert!(self.header(name).is_some(), "{name} missing on {self:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. The three calls succeed and are verified
// ---------------------------------------------------------------------------------------------

#[test]
fn use_coupon_marks_coupon_used_and_returns_verified_entity() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let out_request_no = "MCHUSE202003101234";
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, out_request_no))?;
    assert_eq!(response.raw().status(), 200);
    assert!(response
        .request_id()
        .is_some_and(|id| id.starts_with("08SANDBOX")));
    let coupon = response.parse()?;
    assert_eq!(coupon.coupon_code, seed::COUPON_CODE);
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    let usage = coupon.single_usage_detail.expect("single_usage_detail");
    assert_eq!(usage.use_request_no.as_deref(), Some(out_request_no));
    assert_eq!(
        usage
            .associated_order_info
            .and_then(|o| o.transaction_id)
            .as_deref(),
        Some(seed::TRANSACTION_ID)
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

#[test]
fn deactivate_coupon_marks_coupon_deactivated_and_echoes_reason() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut request = deactivate_request(seed::SECOND_COUPON_CODE, "MCHDEACTIVATE202003101234");
    let reason = "商品已下线,使用户商品券失效(测试)";
    request.deactivate_reason = reason.into();
    let response = client.deactivate_coupon(&request)?;
    assert!(response.request_id().is_some());
    let coupon = response.parse()?;
    assert_eq!(coupon.coupon_code, seed::SECOND_COUPON_CODE);
    assert_eq!(coupon.coupon_state, UserProductCouponState::Deactivated);
    assert_eq!(coupon.deactivate_reason.as_deref(), Some(reason));
    assert_eq!(
        coupon.deactivate_request_no.as_deref(),
        Some("MCHDEACTIVATE202003101234")
    );
    assert_eq!(
        state_of(&sandbox, seed::SECOND_COUPON_CODE).as_deref(),
        Some("DEACTIVATED")
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE"),
        "only the requested coupon is deactivated"
    );
    Ok(())
}

#[test]
fn update_product_coupon_returns_effective_coupon_with_new_name() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let name = "全场满200打9折";
    let response = client.update_product_coupon(&update_request("12345_20250101_A3489", name))?;
    assert!(response.request_id().is_some());
    let product = response.parse()?;
    assert_eq!(product.product_coupon_id, seed::PRODUCT_COUPON_ID);
    assert_eq!(product.state, ProductCouponState::Effective);
    assert_eq!(product.display_info.name, name);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. Idempotency
// ---------------------------------------------------------------------------------------------

#[test]
fn repeated_use_request_returns_same_result() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let request = use_request(seed::COUPON_CODE, "MCHUSEIDEMPOTENT01");
    let first = client.use_coupon(&request)?;
    let second = client.use_coupon(&request)?;
    assert_eq!(first.raw().body(), second.raw().body());
    let (a, b) = (first.parse()?, second.parse()?);
    assert_eq!(a.coupon_state, UserProductCouponState::Used);
    assert_eq!(b.coupon_state, UserProductCouponState::Used);
    assert_eq!(
        b.single_usage_detail.and_then(|u| u.use_request_no),
        a.single_usage_detail.and_then(|u| u.use_request_no)
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

#[test]
fn reused_out_request_no_with_different_data_is_invalid_request() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let request = use_request(seed::COUPON_CODE, "MCHUSEIDEMPOTENT02");
    client.use_coupon(&request)?;
    let mut different = request.clone();
    different.associated_order_info = Some(AssociatedOrderInfo::transaction_id(
        "4200000000999999999999999999",
    ));
    let err = client.use_coupon(&different).expect_err("must be refused");
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (400, "INVALID_REQUEST"));
    assert_eq!(api.endpoint, "use_coupon");
    Ok(())
}

#[test]
fn use_request_stored_as_json_and_resent_gets_the_first_answer() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let request = use_request(seed::COUPON_CODE, "MCHUSESTORED0001");
    // Persisted before the first send: the travel form holds every field, path ones too.
    let stored = serde_json::to_string(&request).expect("serializes");
    assert!(stored.contains(seed::OPENID) && stored.contains(seed::COUPON_CODE));
    let first = client.use_coupon(&request)?;

    // Later (another process, after a crash): the stored value is read back and resent.
    let resent: UseCouponRequest = serde_json::from_str(&stored).expect("deserializes");
    assert_eq!(resent, request);
    let second = client.use_coupon(&resent)?;

    let coupon = second.parse()?;
    assert_eq!(coupon.coupon_code, seed::COUPON_CODE);
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    let json = |body: &[u8]| -> serde_json::Value { serde_json::from_slice(body).expect("JSON") };
    assert_eq!(
        json(second.raw().body()),
        json(first.raw().body()),
        "the resent request gets the first answer"
    );
    // Both requests carried the same bytes, so the gateway replayed the first result
    // instead of redeeming again.
    let bodies = sandbox.received_bodies();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

#[test]
fn use_request_rebuilt_with_a_new_use_time_is_invalid_request() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let out_request_no = "MCHUSEREBUILT001";
    client.use_coupon(&use_request(seed::COUPON_CODE, out_request_no))?;
    // The wrong way to retry: building the request again, with the current time.
    let rebuilt = UseCouponRequest::new(
        seed::coupon(seed::COUPON_CODE),
        out_request_no,
        datetime!(2025-08-03 12:00:01 +08:00),
        AssociatedOrderInfo::transaction_id(seed::TRANSACTION_ID),
    );
    assert_ne!(rebuilt, use_request(seed::COUPON_CODE, out_request_no));
    let err = client
        .use_coupon(&rebuilt)
        .expect_err("same out_request_no, different data");
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (400, "INVALID_REQUEST"));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. Validation before I/O
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_request_is_rejected_before_io() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut request = use_request(seed::COUPON_CODE, "MCHUSEINVALID001");
    request.appid = String::new();
    let err = client.use_coupon(&request).expect_err("empty appid");
    match &err {
        Error::InvalidRequest { field, .. } => assert_eq!(field, "appid"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(!err.is_retry_safe());
    assert_eq!(sandbox.requests_served(), 0);
    assert_eq!(sandbox.connections_accepted(), 0);
    Ok(())
}

#[test]
fn dot_segments_and_control_characters_in_path_parameters_are_refused_before_io() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    for field in ["openid", "coupon_code"] {
        for value in ["..", ".", "Code\u{7}123", "Code\n123", "Code\u{7f}"] {
            let mut request = use_request(seed::COUPON_CODE, "MCHUSEPATHPARAM1");
            match field {
                "openid" => request.openid = value.to_owned(),
                _ => request.coupon_code = value.to_owned(),
            }
            let err = client
                .use_coupon(&request)
                .expect_err("a path parameter that is a dot segment or has a control character");
            match &err {
                Error::InvalidRequest { field: named, .. } => {
                    assert_eq!(named, field, "{value:?}: {err}")
                }
                other => panic!("{field}={value:?}: expected InvalidRequest, got {other:?}"),
            }
            assert!(err.to_string().contains(field), "{err}");
            assert!(!err.is_retry_safe());
            // The same rule without a client.
            assert!(matches!(
                ApiRequest::validate(&request),
                Err(Error::InvalidRequest { .. })
            ));
        }
    }
    assert_eq!(sandbox.received_requests().len(), 0);
    assert_eq!(sandbox.requests_served(), 0);
    assert_eq!(sandbox.connections_accepted(), 0);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 4. API errors
// ---------------------------------------------------------------------------------------------

#[test]
fn path_parameter_in_body_is_400_param_error() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut body: serde_json::Value =
        serde_json::from_slice(&use_body("MCHUSEPARAM00001")).expect("JSON");
    body["openid"] = seed::OPENID.into();
    let body = serde_json::to_vec(&body).expect("serializes");
    let err = client
        .call(
            Method::Post,
            &use_path(seed::OPENID, seed::COUPON_CODE),
            &[],
            Some(&body),
        )
        .expect_err("the sandbox rejects openid in the body");
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (400, "PARAM_ERROR"));
    assert_eq!(api.endpoint, "call");
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn using_a_used_coupon_with_new_out_request_no_is_403_not_enough() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEFIRST00001"))?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSESECOND0001"))
        .expect_err("already used");
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (403, "NOT_ENOUGH"));
    Ok(())
}

#[test]
fn unknown_coupon_is_404_not_found() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let err = client
        .use_coupon(&use_request("Code_DOES_NOT_EXIST", "MCHUSE404000001"))
        .expect_err("no such coupon");
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (404, "NOT_FOUND"));
    Ok(())
}

#[test]
fn wrong_merchant_key_is_401_sign_error_with_the_documented_detail() -> TestResult {
    let sandbox = Sandbox::start()?;
    let other_key = MerchantPrivateKey::from_pem_file(data_path("go_test_private_key_pkcs8.pem"))?;
    let client = sandbox.client_builder()?.private_key(other_key).build()?;
    let request = use_request(seed::COUPON_CODE, "MCHUSESIGN000001");
    let err = client
        .use_coupon(&request)
        .expect_err("signature made with another key");
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (401, "SIGN_ERROR"));
    assert_eq!(api.message, "错误的签名，验签失败");

    // The signed message as the gateway saw it.
    let received = sandbox.received_requests();
    assert_eq!(received.len(), 1, "401 is not retried");
    let sent = &received[0];
    let encoded = ApiRequest::encode(&request)?;
    assert_eq!(sent.target, encoded.target);
    let timestamp: i64 = sent
        .timestamp
        .as_deref()
        .expect("a timestamp")
        .parse()
        .expect("Unix seconds");
    let nonce = sent.nonce.as_deref().expect("a nonce");
    let message_len =
        signing::canonical_request("POST", &encoded.target, timestamp, nonce, &sent.body).len();

    let detail = api.detail.expect("a SIGN_ERROR detail");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = v
            .as_object()
            .unwrap_or_else(|| panic!("an object: {v}"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&detail),
        ["detail", "field", "location", "sign_information"]
    );
    assert_eq!(
        detail["detail"],
        serde_json::json!({ "issue": "sign not match" })
    );
    assert_eq!(detail["field"], "signature");
    assert_eq!(detail["location"], "authorization");
    let info = &detail["sign_information"];
    assert_eq!(
        keys(info),
        [
            "method",
            "sign_message_length",
            "truncated_sign_message",
            "url"
        ]
    );
    assert_eq!(info["method"], "POST");
    assert_eq!(info["url"], encoded.target.as_str());
    assert_eq!(info["sign_message_length"], message_len);
    let shown = info["truncated_sign_message"].as_str().expect("text");
    assert!(
        shown.starts_with(&format!("POST\n{}\n{timestamp}\n", encoded.target)),
        "{shown:?}"
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn sign_error_answers_are_unsigned_and_answers_after_a_valid_signature_are_signed() -> TestResult {
    let sandbox = Sandbox::start()?;
    let now = sandbox.now().unix_timestamp();

    // Through the client: another merchant key, then a timestamp outside the 5-minute window.
    let wrong_key = sandbox
        .client_builder()?
        .private_key(MerchantPrivateKey::from_pem_file(data_path(
            "go_test_private_key_pkcs8.pem",
        ))?)
        .build()?;
    let stale_clock = sandbox
        .client_builder()?
        .clock(|| OffsetDateTime::now_utc().unix_timestamp() - 400)
        .build()?;
    for (client, out_request_no) in [
        (&wrong_key, "MCHUSEUNSIGNED01"),
        (&stale_clock, "MCHUSEUNSIGNED02"),
    ] {
        let err = client
            .use_coupon(&use_request(seed::COUPON_CODE, out_request_no))
            .expect_err("the signature check fails");
        let api = expect_api(err);
        assert_eq!(
            (api.status, api.code.as_str()),
            (401, "SIGN_ERROR"),
            "{api}"
        );
    }

    // On the wire, the same two requests get answers without signature headers.
    let encoded = encoded_use(seed::COUPON_CODE, "MCHUSEUNSIGNED03");
    let key_id = Some(sandbox::PUBLIC_KEY_ID);
    let wrong_signature = RawRequest::signed(&wrong_key_signer()?, &encoded, now, key_id)?;
    let stale = RawRequest::signed(&sandbox_signer()?, &encoded, now - 400, key_id)?;
    for request in [wrong_signature, stale] {
        let answer = request.send(&sandbox);
        assert_eq!(answer.status, 401, "{answer:?}");
        assert_eq!(answer.json()["code"], "SIGN_ERROR");
        assert!(answer.header(headers::REQUEST_ID).is_some());
        answer.assert_unsigned();
    }
    // A request failing the header checks (no User-Agent) is answered unsigned too.
    let no_user_agent = RawRequest::signed(&sandbox_signer()?, &encoded, now, key_id)?
        .without(headers::USER_AGENT)
        .send(&sandbox);
    assert_eq!(no_user_agent.status, 400, "{no_user_agent:?}");
    assert_eq!(no_user_agent.json()["code"], "INVALID_REQUEST");
    no_user_agent.assert_unsigned();
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );

    // After a valid signature, both a success and an error answer are signed.
    let public_key =
        VerifierKeys::new().with_public_key(sandbox_public_key(sandbox::PUBLIC_KEY_ID)?);
    let ok = RawRequest::signed(&sandbox_signer()?, &encoded, now, key_id)?.send(&sandbox);
    assert_eq!(ok.status, 200, "{ok:?}");
    ok.assert_signed();
    assert_eq!(ok.verify_with(&public_key), Ok(()));
    let missing = encoded_use("Code_DOES_NOT_EXIST", "MCHUSEUNSIGNED04");
    let not_found = RawRequest::signed(&sandbox_signer()?, &missing, now, key_id)?.send(&sandbox);
    assert_eq!(not_found.status, 404, "{not_found:?}");
    assert_eq!(not_found.json()["code"], "NOT_FOUND");
    not_found.assert_signed();
    assert_eq!(not_found.verify_with(&public_key), Ok(()));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 5. Forged responses
// ---------------------------------------------------------------------------------------------

/// Queues `fault`, redeems the first seeded coupon with a client that retries, and returns
/// the verification error after checking that the call was not retried.
fn forged_use(fault: Fault) -> VerificationError {
    let sandbox = Sandbox::start().expect("sandbox starts");
    let client = sandbox
        .client_builder()
        .and_then(|b| b.retry_policy(fast_retries(3)).build())
        .expect("client builds");
    sandbox.push_fault(fault);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEFORGED0001"))
        .expect_err("a forged response must fail the call");
    assert_sandbox_request_id(&err);
    assert!(
        !err.is_retry_safe(),
        "verification errors are not retry safe"
    );
    assert_eq!(
        sandbox.requests_served(),
        1,
        "verification failures are final"
    );
    let err = expect_verification(err);
    assert_eq!(err.endpoint, "use_coupon");
    err
}

#[test]
fn tampered_body_is_signature_mismatch() {
    let err = forged_use(Fault::TamperBody);
    assert!(
        matches!(&err.reason, VerifyFailure::SignatureMismatch { serial } if serial == sandbox::PUBLIC_KEY_ID),
        "{err:?}"
    );
}

#[test]
fn unsigned_response_is_missing_header_and_not_retried() {
    let err = forged_use(Fault::Unsigned);
    assert!(
        matches!(err.reason, VerifyFailure::MissingHeader(_)),
        "{err:?}"
    );
}

#[test]
fn unknown_serial_names_received_and_configured_serials() {
    let err = forged_use(Fault::UnknownSerial);
    let text = err.to_string();
    match &err.reason {
        VerifyFailure::UnknownSerial {
            received,
            configured,
        } => {
            assert_ne!(received, sandbox::PUBLIC_KEY_ID);
            assert!(received.starts_with("PUB_KEY_ID_"));
            assert_eq!(configured, &vec![sandbox::PUBLIC_KEY_ID.to_owned()]);
            assert!(text.contains(received.as_str()), "{text}");
            assert!(text.contains(sandbox::PUBLIC_KEY_ID), "{text}");
        }
        other => panic!("expected UnknownSerial, got {other:?}"),
    }
}

#[test]
fn non_base64_signature_is_signature_not_base64() {
    let err = forged_use(Fault::BadBase64);
    assert_eq!(err.reason, VerifyFailure::SignatureNotBase64);
}

#[test]
fn signtest_probe_is_signature_probe() {
    let err = forged_use(Fault::SignTestProbe);
    assert_eq!(err.reason, VerifyFailure::SignatureProbe);
}

#[test]
fn duplicate_signature_header_is_duplicate_header_and_not_retried() {
    let err = forged_use(Fault::DuplicateSignature);
    assert_eq!(
        err.reason,
        VerifyFailure::DuplicateHeader(headers::SIGNATURE)
    );
}

#[test]
fn wrong_wechatpay_public_key_under_the_sandbox_key_id_is_signature_mismatch_naming_the_cause(
) -> TestResult {
    let sandbox = Sandbox::start()?;
    let wrong_key = WechatPayPublicKey::from_pem_file(
        sandbox::PUBLIC_KEY_ID,
        data_path("java_wechat_pay_public_key.pem"),
    )?;
    let client = sandbox_identity_builder(&sandbox.base_url())?
        .wechatpay_public_key(wrong_key)
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEWRONGPUB01"))
        .expect_err("the response is signed with another key");
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let text = err.to_string();
    assert!(
        text.contains("not WeChat Pay's key for this merchant"),
        "{text}"
    );
    assert!(text.starts_with("use_coupon: "), "{text}");
    let err = expect_verification(err);
    assert_eq!(
        err.reason,
        VerifyFailure::SignatureMismatch {
            serial: sandbox::PUBLIC_KEY_ID.to_owned()
        }
    );
    // The gateway did process the request; only its answer could not be trusted.
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. Which key signs a response: public key or platform certificate
// ---------------------------------------------------------------------------------------------

#[test]
fn default_client_gets_answers_signed_with_the_public_key() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let used = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEPUBKEY0001"))?;
    assert_eq!(
        used.raw().header(headers::SERIAL),
        Some(sandbox::PUBLIC_KEY_ID)
    );
    let raw = client.call(
        Method::Post,
        &use_path(seed::OPENID, seed::SECOND_COUPON_CODE),
        &[],
        Some(&use_body("MCHUSEPUBKEY0002")),
    )?;
    assert_eq!(raw.header(headers::SERIAL), Some(sandbox::PUBLIC_KEY_ID));
    Ok(())
}

#[test]
fn certificate_mode_client_completes_the_three_calls_with_platform_signatures() -> TestResult {
    // Changed on purpose: the sandbox now signs with the platform certificate when the
    // request carries no Wechatpay-Serial, so a certificate-only client succeeds.
    let sandbox = Sandbox::start()?;
    let certificate = Sandbox::platform_certificate()?;
    assert_eq!(certificate.serial(), sandbox::PLATFORM_SERIAL);
    let client = sandbox.certificate_mode_client_builder()?.build()?;

    let used = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECERT000001"))?;
    assert_eq!(
        used.raw().header(headers::SERIAL),
        Some(sandbox::PLATFORM_SERIAL)
    );
    assert_eq!(used.parse()?.coupon_state, UserProductCouponState::Used);

    let deactivated = client.deactivate_coupon(&deactivate_request(
        seed::SECOND_COUPON_CODE,
        "MCHDEACTCERT0001",
    ))?;
    assert_eq!(
        deactivated.raw().header(headers::SERIAL),
        Some(sandbox::PLATFORM_SERIAL)
    );
    assert_eq!(
        deactivated.parse()?.coupon_state,
        UserProductCouponState::Deactivated
    );

    let updated = client.update_product_coupon(&update_request("MCHUPDATECERT001", "证书模式"))?;
    assert_eq!(
        updated.raw().header(headers::SERIAL),
        Some(sandbox::PLATFORM_SERIAL)
    );
    let product = updated.parse()?;
    assert_eq!(product.state, ProductCouponState::Effective);
    assert_eq!(product.display_info.name, "证书模式");
    Ok(())
}

#[test]
fn request_without_wechatpay_serial_is_signed_by_the_platform_certificate_not_the_public_key(
) -> TestResult {
    let sandbox = Sandbox::start()?;
    let now = sandbox.now().unix_timestamp();
    let encoded = encoded_use(seed::COUPON_CODE, "MCHUSENOSERIAL01");
    let answer = RawRequest::signed(&sandbox_signer()?, &encoded, now, None)?.send(&sandbox);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.header(headers::SERIAL),
        Some(sandbox::PLATFORM_SERIAL)
    );

    let certificate = VerifierKeys::new().with_certificate(Sandbox::platform_certificate()?);
    assert_eq!(answer.verify_with(&certificate), Ok(()));

    let public_key =
        VerifierKeys::new().with_public_key(sandbox_public_key(sandbox::PUBLIC_KEY_ID)?);
    assert_eq!(
        answer.verify_with(&public_key),
        Err(VerifyFailure::UnknownSerial {
            received: sandbox::PLATFORM_SERIAL.to_owned(),
            configured: vec![sandbox::PUBLIC_KEY_ID.to_owned()],
        })
    );
    // Not merely an unknown name: the public key does not verify this signature at all.
    let public_key_as_platform =
        VerifierKeys::new().with_public_key(sandbox_public_key(sandbox::PLATFORM_SERIAL)?);
    assert_eq!(
        answer.verify_with(&public_key_as_platform),
        Err(VerifyFailure::SignatureMismatch {
            serial: sandbox::PLATFORM_SERIAL.to_owned()
        })
    );

    // Naming the platform serial asks for the same signer.
    let encoded = encoded_use(seed::SECOND_COUPON_CODE, "MCHUSENOSERIAL02");
    let answer = RawRequest::signed(
        &sandbox_signer()?,
        &encoded,
        now,
        Some(sandbox::PLATFORM_SERIAL),
    )?
    .send(&sandbox);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.header(headers::SERIAL),
        Some(sandbox::PLATFORM_SERIAL)
    );
    assert_eq!(answer.verify_with(&certificate), Ok(()));
    Ok(())
}

#[test]
fn client_holding_only_the_platform_key_rejects_a_public_key_signature() -> TestResult {
    // The platform certificate's public key, registered under the public key ID: the client
    // asks for public-key signatures but can only verify platform ones.
    let (ok, spki, stderr) = common::openssl([
        "x509".as_ref(),
        "-noout".as_ref(),
        "-pubkey".as_ref(),
        "-in".as_ref(),
        sandbox::test_key_path("wechatpay_platform_certificate.pem").as_os_str(),
    ]);
    assert!(ok, "openssl x509 -pubkey failed: {stderr}");
    let spki = String::from_utf8(spki).expect("PEM text");
    let platform_key = WechatPayPublicKey::from_pem(sandbox::PUBLIC_KEY_ID, &spki)?;

    let sandbox = Sandbox::start()?;
    let client = sandbox_identity_builder(&sandbox.base_url())?
        .wechatpay_public_key(platform_key)
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECERTONLY01"))
        .expect_err("a public-key signature cannot verify with the platform key");
    assert_eq!(
        expect_verification(err).reason,
        VerifyFailure::SignatureMismatch {
            serial: sandbox::PUBLIC_KEY_ID.to_owned()
        }
    );
    Ok(())
}

#[test]
fn client_with_public_key_and_certificate_sends_the_key_id_and_succeeds() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .platform_certificate(Sandbox::platform_certificate()?)
        .build()?;
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECERT000002"))?;
    // The sandbox signs with the public key only when the request names its ID.
    assert_eq!(
        response.raw().header(headers::SERIAL),
        Some(sandbox::PUBLIC_KEY_ID)
    );
    assert_eq!(response.parse()?.coupon_state, UserProductCouponState::Used);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. The generic call
// ---------------------------------------------------------------------------------------------

#[test]
fn generic_call_returns_verified_raw_response() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let body = use_body("MCHUSEGENERIC001");
    let raw = client.call(
        Method::Post,
        &use_path(seed::OPENID, seed::COUPON_CODE),
        &[],
        Some(&body),
    )?;
    assert_eq!(raw.status(), 200);
    assert!(raw.request_id().is_some());
    let coupon: UserProductCouponEntity<'_> = raw.json()?;
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    assert_eq!(
        coupon
            .single_usage_detail
            .and_then(|u| u.use_request_no)
            .as_deref(),
        Some("MCHUSEGENERIC001")
    );
    assert_eq!(sandbox.received_bodies(), vec![body]);
    Ok(())
}

#[test]
fn generic_call_without_v3_prefix_is_rejected_before_io() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let body = use_body("MCHUSEGENERIC002");
    let path = use_path(seed::OPENID, seed::COUPON_CODE);
    let without_prefix = path.strip_prefix("/v3").expect("has /v3");
    let err = client
        .call(Method::Post, without_prefix, &[], Some(&body))
        .expect_err("path must start with /v3/");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(sandbox.requests_served(), 0);
    assert_eq!(sandbox.connections_accepted(), 0);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 8. Gateway behaviour
// ---------------------------------------------------------------------------------------------

#[test]
fn sandbox_client_builder_targets_loopback_and_its_headers_are_accepted() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client_builder()?.build()?;
    assert!(
        client.base_url().starts_with("http://127.0.0.1"),
        "{}",
        client.base_url()
    );
    assert_eq!(client.base_url(), sandbox.base_url());
    // The sandbox checks Accept, User-Agent, Content-Type, Wechatpay-Serial and the signature;
    // a successful call proves they were all accepted.
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEHEADERS001"))?;
    assert_eq!(response.raw().status(), 200);
    Ok(())
}

#[test]
fn answers_are_json_in_utf8() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let raw = client.call(
        Method::Post,
        &use_path(seed::OPENID, seed::COUPON_CODE),
        &[],
        Some(&use_body("MCHUSECTYPE00001")),
    )?;
    assert_eq!(raw.header(headers::CONTENT_TYPE), Some(JSON_UTF8));
    let typed =
        client.update_product_coupon(&update_request("MCHUPDATECTYPE01", "内容类型测试"))?;
    assert_eq!(typed.raw().header(headers::CONTENT_TYPE), Some(JSON_UTF8));

    // Error answers too, signed (404) or not (401).
    let now = sandbox.now().unix_timestamp();
    let key_id = Some(sandbox::PUBLIC_KEY_ID);
    let missing = encoded_use("Code_DOES_NOT_EXIST", "MCHUSECTYPE00002");
    let not_found = RawRequest::signed(&sandbox_signer()?, &missing, now, key_id)?.send(&sandbox);
    assert_eq!(not_found.status, 404);
    assert_eq!(not_found.header(headers::CONTENT_TYPE), Some(JSON_UTF8));
    let encoded = encoded_use(seed::SECOND_COUPON_CODE, "MCHUSECTYPE00003");
    let unsigned = RawRequest::signed(&wrong_key_signer()?, &encoded, now, key_id)?.send(&sandbox);
    assert_eq!(unsigned.status, 401);
    assert_eq!(unsigned.header(headers::CONTENT_TYPE), Some(JSON_UTF8));
    Ok(())
}

#[test]
fn chunked_request_body_is_accepted() -> TestResult {
    let sandbox = Sandbox::start()?;
    let encoded = encoded_use(seed::COUPON_CODE, "MCHUSECHUNKED001");
    let request = RawRequest::signed(
        &sandbox_signer()?,
        &encoded,
        sandbox.now().unix_timestamp(),
        Some(sandbox::PUBLIC_KEY_ID),
    )?
    .chunked(4);
    let wire = request.to_bytes();
    assert!(!wire
        .windows(b"Content-Length".len())
        .any(|w| w.eq_ignore_ascii_case(b"Content-Length")));
    let answer = request.send(&sandbox);
    assert_eq!(answer.status, 200, "{answer:?}");
    let public_key =
        VerifierKeys::new().with_public_key(sandbox_public_key(sandbox::PUBLIC_KEY_ID)?);
    assert_eq!(answer.verify_with(&public_key), Ok(()));
    let coupon: UserProductCouponEntity<'_> =
        serde_json::from_slice(&answer.body).expect("a coupon");
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    // The sandbox reassembled exactly the signed body.
    assert_eq!(
        sandbox.received_bodies(),
        vec![encoded.body_bytes().to_vec()]
    );
    Ok(())
}

/// Uses `code` and checks the answer is `403 NOT_ENOUGH` with the coupon still EFFECTIVE.
fn assert_not_usable(sandbox: &Sandbox, client: &Client, code: &str) {
    let err = client
        .use_coupon(&use_request(code, &format!("MCHUSE_{code}")))
        .expect_err("the coupon is not usable now");
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!(
        (api.status, api.code.as_str()),
        (403, "NOT_ENOUGH"),
        "{api}"
    );
    assert_eq!(state_of(sandbox, code).as_deref(), Some("EFFECTIVE"));
}

#[test]
fn coupon_outside_its_validity_period_is_403_not_enough() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let now = sandbox.now();
    let past = CouponValidity::new(now - time::Duration::days(2), now - time::Duration::days(1));
    sandbox.issue_coupon_with(seed::OPENID, "Code_PAST", &past);
    assert_not_usable(&sandbox, &client, "Code_PAST");
    let future = CouponValidity::new(now + time::Duration::days(1), now + time::Duration::days(2));
    sandbox.issue_coupon_with(seed::OPENID, "Code_FUTURE", &future);
    assert_not_usable(&sandbox, &client, "Code_FUTURE");
    Ok(())
}

#[test]
fn coupon_valid_on_another_weekday_only_is_403_not_enough() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let today = sandbox.now().to_offset(beijing()).weekday();
    // The day after tomorrow, so that crossing midnight during the test changes nothing.
    let other_day = today.next().next();
    let validity = CouponValidity::around(sandbox.now()).on(&[other_day]);
    sandbox.issue_coupon_with(seed::OPENID, "Code_OTHER_DAY", &validity);
    assert_not_usable(&sandbox, &client, "Code_OTHER_DAY");
    Ok(())
}

#[test]
fn issued_coupon_is_usable() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    sandbox.issue_coupon(seed::OPENID, "Code_ISSUED");
    let used = client.use_coupon(&use_request("Code_ISSUED", "MCHUSEISSUED0001"))?;
    assert_eq!(used.parse()?.coupon_state, UserProductCouponState::Used);
    assert_eq!(state_of(&sandbox, "Code_ISSUED").as_deref(), Some("USED"));
    Ok(())
}

#[test]
fn seeded_coupon_is_refused_40_days_later() -> TestResult {
    let sandbox = Sandbox::start()?;
    let skew = 40 * DAY_SECS;
    sandbox.set_clock_skew(skew);
    // The client's clock moves with the sandbox's, so signatures stay within the window.
    let client = sandbox
        .client_builder()?
        .clock(move || OffsetDateTime::now_utc().unix_timestamp() + skew)
        .build()?;
    assert_not_usable(&sandbox, &client, seed::COUPON_CODE);
    // A coupon issued "now" (40 days on) is usable with the same client and clocks.
    sandbox.issue_coupon(seed::OPENID, "Code_LATER");
    let used = client.use_coupon(&use_request("Code_LATER", "MCHUSELATER00001"))?;
    assert_eq!(used.parse()?.coupon_state, UserProductCouponState::Used);
    Ok(())
}

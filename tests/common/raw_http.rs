//! Raw HTTP/1.1 to the sandbox over a `std::net::TcpStream`, for tests that must see what the
//! client hides: the headers of an error answer, a chunked request body, a request without
//! `Wechatpay-Serial`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use time::OffsetDateTime;
use wechatpay_product_coupon::endpoint::EncodedRequest;
use wechatpay_product_coupon::sandbox::Sandbox;
use wechatpay_product_coupon::signing::RequestSigner;
use wechatpay_product_coupon::verify::{self, SignatureHeaders, VerifyFailure};
use wechatpay_product_coupon::{headers, Error, VerifierKeys};

/// The four signature headers of a response.
const SIGNATURE_HEADERS: [&str; 4] = [
    headers::SIGNATURE,
    headers::SERIAL,
    headers::TIMESTAMP,
    headers::NONCE,
];

/// A request written byte by byte, signed like the client signs.
pub struct RawRequest {
    method: &'static str,
    target: String,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    chunks: Option<usize>,
}

impl RawRequest {
    /// `encoded`, signed by `signer` at `timestamp`, with the headers the client sends
    /// (`Wechatpay-Serial` only when `serial` is given) and `Connection: close`.
    pub fn signed(
        signer: &RequestSigner,
        encoded: &EncodedRequest,
        timestamp: i64,
        serial: Option<&str>,
    ) -> Result<Self, Error> {
        // What is signed (the JSON body, or an upload's meta part) and what is sent.
        let signed = encoded.body_bytes();
        let body = encoded.sent_body().unwrap_or_default().to_vec();
        let nonce = signer.nonce()?;
        let method = encoded.method.as_str();
        let authorization =
            signer.authorization(method, &encoded.target, signed, timestamp, nonce.as_str())?;
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
        if let Some(content_type) = encoded.content_type() {
            headers.push((headers::CONTENT_TYPE.to_owned(), content_type.into_owned()));
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

    /// Sends `body` as `content_type` instead, keeping the signature (e.g. another SDK's
    /// shape of the same upload form, whose meta part is what was signed).
    pub fn with_body(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(headers::CONTENT_TYPE));
        self.headers
            .push((headers::CONTENT_TYPE.to_owned(), content_type.to_owned()));
        self.body = body;
        self
    }

    /// Drops a header.
    pub fn without(mut self, name: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    /// Sends the body with `Transfer-Encoding: chunked`, in `n` chunks.
    pub fn chunked(mut self, n: usize) -> Self {
        self.chunks = Some(n);
        self
    }

    pub fn to_bytes(&self) -> Vec<u8> {
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
    pub fn send(&self, sandbox: &Sandbox) -> RawAnswer {
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
pub struct RawAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawAnswer {
    pub fn parse(bytes: &[u8]) -> Self {
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

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn signature_headers(&self) -> Result<SignatureHeaders<'_>, VerifyFailure> {
        SignatureHeaders::from_pairs(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes())))
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// Verifies the answer's signature with `keys` at the local time.
    pub fn verify_with(&self, keys: &VerifierKeys) -> Result<(), VerifyFailure> {
        let sig = self.signature_headers()?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        verify::verify_response(keys, &sig, &self.body, now, verify::DEFAULT_WINDOW_SECS)
    }

    pub fn assert_unsigned(&self) {
        for name in SIGNATURE_HEADERS {
            assert_eq!(
                self.header(name),
                None,
                "{name} on an unsigned answer: {self:?}"
            );
        }
    }

    pub fn assert_signed(&self) {
        for name in SIGNATURE_HEADERS {
            assert!(self.header(name).is_some(), "{name} missing on {self:?}");
        }
    }
}

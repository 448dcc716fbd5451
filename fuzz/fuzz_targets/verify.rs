//! Response verification: arbitrary headers and body through `SignatureHeaders::from_pairs`
//! and `verify_response`, against the sandbox's (test-only) public key and certificate.
//!
//! Input framing (every field may be cut short; a short input just ends early):
//!
//! ```text
//! byte 0        number of headers (low 3 bits: 0..=7)
//! byte 1        mode: bit 0 = `now` is the Wechatpay-Timestamp value plus the i64 below,
//!               else the i64 itself; bit 1 = window is the u64 below, else 300 s
//! bytes 2..10   i64 little-endian (`now` or its offset)
//! bytes 10..18  u64 little-endian (window, when mode bit 1)
//! per header    name length byte L: L >= 0xF0 names a known header by (L & 0x0F) % 5,
//!               else L bytes of name (lossy UTF-8); then u16 LE value length and value
//! rest          body
//! ```

#![no_main]

use std::borrow::Cow;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wechatpay_product_coupon::headers;
use wechatpay_product_coupon::verify::{self, SignatureHeaders};
use wechatpay_product_coupon::{PlatformCertificate, VerifierKeys, WechatPayPublicKey};

const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001";
const PLATFORM_SERIAL: &str = "5A4E44424F58000000000000000000000002";

const KNOWN: [&str; 5] = [
    headers::TIMESTAMP,
    headers::NONCE,
    headers::SIGNATURE,
    headers::SERIAL,
    headers::REQUEST_ID,
];

fn keys() -> &'static VerifierKeys {
    static KEYS: OnceLock<VerifierKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let public_key = WechatPayPublicKey::from_pem(
            PUBLIC_KEY_ID,
            include_str!("../../src/sandbox/test_keys/wechatpay_public_key.pem"),
        )
        .expect("sandbox public key loads");
        let cert = PlatformCertificate::from_pem(include_str!(
            "../../src/sandbox/test_keys/wechatpay_platform_certificate.pem"
        ))
        .expect("sandbox platform certificate loads");
        assert_eq!(cert.serial(), PLATFORM_SERIAL);
        VerifierKeys::new()
            .with_public_key(public_key)
            .with_certificate(cert)
    })
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, tail) = self.0.split_at(n.min(self.0.len()));
        self.0 = tail;
        head
    }

    fn byte(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }

    fn u64(&mut self) -> u64 {
        let mut buf = [0u8; 8];
        let head = self.take(8);
        buf[..head.len()].copy_from_slice(head);
        u64::from_le_bytes(buf)
    }

    fn u16(&mut self) -> usize {
        let mut buf = [0u8; 2];
        let head = self.take(2);
        buf[..head.len()].copy_from_slice(head);
        usize::from(u16::from_le_bytes(buf))
    }
}

fuzz_target!(|data: &[u8]| {
    let keys = keys();
    let mut input = Cursor(data);
    let count = input.byte() & 0x07;
    let mode = input.byte();
    let raw_now = input.u64() as i64;
    let raw_window = input.u64();

    let mut pairs: Vec<(Cow<'_, str>, &[u8])> = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        let len = input.byte();
        let name = if len >= 0xF0 {
            Cow::Borrowed(KNOWN[usize::from(len & 0x0F) % KNOWN.len()])
        } else {
            String::from_utf8_lossy(input.take(usize::from(len)))
        };
        let value_len = input.u16();
        pairs.push((name, input.take(value_len)));
    }
    let body = input.0;

    let Ok(sig) = SignatureHeaders::from_pairs(pairs.iter().map(|(n, v)| (n.as_ref(), *v))) else {
        return;
    };
    for value in [sig.timestamp, sig.nonce, sig.signature, sig.serial] {
        assert!(!value.is_empty() && value.bytes().all(|b| b.is_ascii_graphic()));
    }

    let now = if mode & 1 == 1 {
        sig.timestamp
            .parse::<i64>()
            .map_or(raw_now, |ts| ts.wrapping_add(raw_now))
    } else {
        raw_now
    };
    let window = if mode & 2 == 2 {
        raw_window
    } else {
        verify::DEFAULT_WINDOW_SECS
    };

    let message = verify::response_message(sig.timestamp, sig.nonce, body);
    assert_eq!(
        message.len(),
        sig.timestamp.len() + sig.nonce.len() + body.len() + 3
    );

    if verify::verify_response(keys, &sig, body, now, window).is_ok() {
        // Only a signature that checks out, by a configured key, inside the window passes.
        let ts: i64 = sig.timestamp.parse().expect("accepted timestamp parses");
        assert!(now.abs_diff(ts) < window);
        assert!(sig.serial == PUBLIC_KEY_ID || sig.serial == PLATFORM_SERIAL);
        assert!(!sig.signature.starts_with(verify::SIGNTEST_PREFIX));
    }
});

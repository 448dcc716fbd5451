//! Response verification, as a pure function of headers, body, keys and the local clock.
//!
//! A 2xx response is trusted only if it carries `Wechatpay-Timestamp`, `Wechatpay-Nonce`,
//! `Wechatpay-Signature` and `Wechatpay-Serial` exactly once each, the serial names a
//! configured key, the timestamp is within the window of the local clock, and the signature
//! verifies over `timestamp\nnonce\nraw body\n`.

use base64::Engine as _;

pub use crate::error::verification::NOTIFICATION_ENDPOINT;
pub use crate::error::{VerificationError, VerifyFailure};

use crate::protocol::headers;
use crate::protocol::keys::{VerifierKeys, MAX_SIGNATURE_LEN};

/// Accepted difference between a response's timestamp and the local clock, as the official
/// Go and Java SDKs use it: a response is rejected when `|now - timestamp| >= 300`.
pub const DEFAULT_WINDOW_SECS: u64 = 300;

/// The prefix of WeChat Pay's deliberately invalid probe signatures.
pub const SIGNTEST_PREFIX: &str = "WECHATPAY/SIGNTEST/";

/// The four signature headers of a response, borrowed from wherever the headers live.
///
/// ```
/// use wechatpay_product_coupon::verify::{verify_response, SignatureHeaders, VerifyFailure};
/// use wechatpay_product_coupon::VerifierKeys;
/// let sig = SignatureHeaders {
///     timestamp: "1754193600",
///     nonce: "XFYBSOBmL0FxHxPSBmK3DOhGObhzQ4Pr",
///     signature: "c2lnbmF0dXJl",
///     serial: "PUB_KEY_ID_0114232134912410000000000000000000",
/// };
/// let failure = verify_response(&VerifierKeys::new(), &sig, b"{}", 1_754_193_600, 300).unwrap_err();
/// assert!(matches!(failure, VerifyFailure::UnknownSerial { configured, .. } if configured.is_empty()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureHeaders<'h> {
    /// `Wechatpay-Timestamp`.
    pub timestamp: &'h str,
    /// `Wechatpay-Nonce`.
    pub nonce: &'h str,
    /// `Wechatpay-Signature`.
    pub signature: &'h str,
    /// `Wechatpay-Serial`.
    pub serial: &'h str,
}

impl<'h> SignatureHeaders<'h> {
    /// Picks the signature headers out of `(name, value)` pairs (names case-insensitive).
    ///
    /// Fails when one is missing, repeated, or not visible ASCII.
    ///
    /// ```
    /// use wechatpay_product_coupon::verify::{SignatureHeaders, VerifyFailure};
    /// let headers: [(&str, &[u8]); 4] = [
    ///     ("wechatpay-timestamp", b"1754193600"),
    ///     ("wechatpay-nonce", b"XFYBSOBmL0FxHxPSBmK3DOhGObhzQ4Pr"),
    ///     ("wechatpay-signature", b"c2lnbmF0dXJl"),
    ///     ("wechatpay-serial", b"PUB_KEY_ID_0114232134912410000000000000000000"),
    /// ];
    /// let sig = SignatureHeaders::from_pairs(headers)?;
    /// assert_eq!(sig.timestamp, "1754193600");
    ///
    /// let missing = SignatureHeaders::from_pairs(headers[..3].iter().copied());
    /// assert_eq!(missing, Err(VerifyFailure::MissingHeader("Wechatpay-Serial")));
    /// # Ok::<(), VerifyFailure>(())
    /// ```
    pub fn from_pairs<I>(pairs: I) -> Result<Self, VerifyFailure>
    where
        I: IntoIterator<Item = (&'h str, &'h [u8])>,
    {
        const NAMES: [&str; 4] = [
            headers::TIMESTAMP,
            headers::NONCE,
            headers::SIGNATURE,
            headers::SERIAL,
        ];
        let mut found: [Option<&'h [u8]>; 4] = [None; 4];
        for (name, value) in pairs {
            let Some(slot) = NAMES.iter().position(|n| n.eq_ignore_ascii_case(name)) else {
                continue;
            };
            if found[slot].replace(value).is_some() {
                return Err(VerifyFailure::DuplicateHeader(NAMES[slot]));
            }
        }
        let text = |slot: usize| -> Result<&'h str, VerifyFailure> {
            let raw = found[slot].ok_or(VerifyFailure::MissingHeader(NAMES[slot]))?;
            let value = std::str::from_utf8(raw)
                .ok()
                .filter(|s| s.bytes().all(|b| b.is_ascii_graphic()))
                .ok_or_else(|| VerifyFailure::MalformedHeader {
                    header: NAMES[slot],
                    problem: "not visible ASCII text".to_owned(),
                })?;
            if value.is_empty() {
                return Err(VerifyFailure::MissingHeader(NAMES[slot]));
            }
            Ok(value)
        };
        Ok(SignatureHeaders {
            timestamp: text(0)?,
            nonce: text(1)?,
            signature: text(2)?,
            serial: text(3)?,
        })
    }
}

/// Verifies one response. `now` is the local Unix time in seconds (injected for tests).
///
/// Order of checks: timestamp format and window, serial known, signature Base64 (a
/// `WECHATPAY/SIGNTEST/` probe fails here), RSA-SHA256 over `timestamp\nnonce\nbody\n`.
///
/// ```
/// use wechatpay_product_coupon::verify::{
///     response_message, verify_response, SignatureHeaders, VerifyFailure, DEFAULT_WINDOW_SECS,
/// };
/// use wechatpay_product_coupon::{MerchantPrivateKey, VerifierKeys, WechatPayPublicKey};
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
/// let public_key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001", format!("{dir}/wechatpay_public_key.pem"))?;
/// let keys = VerifierKeys::new().with_public_key(public_key);
///
/// // A response as WeChat Pay would sign it (here with the test public key's private half).
/// let wechatpay = MerchantPrivateKey::from_pem_file(format!("{dir}/wechatpay_private_key.pem"))?;
/// let body = br#"{"coupon_code":"Code_123456","coupon_state":"USED"}"#;
/// let signature = wechatpay.sign_base64(&response_message("1754193600", "NONCE0001", body))?;
/// let sig = SignatureHeaders {
///     timestamp: "1754193600",
///     nonce: "NONCE0001",
///     signature: &signature,
///     serial: "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
/// };
///
/// let now = 1_754_193_610; // the local clock, 10 s later
/// assert_eq!(verify_response(&keys, &sig, body, now, DEFAULT_WINDOW_SECS), Ok(()));
/// // Another body, or a clock 5 minutes off, fails.
/// let tampered = verify_response(&keys, &sig, b"{}", now, DEFAULT_WINDOW_SECS);
/// assert!(matches!(tampered, Err(VerifyFailure::SignatureMismatch { .. })));
/// let late = verify_response(&keys, &sig, body, now + 300, DEFAULT_WINDOW_SECS);
/// assert!(matches!(late, Err(VerifyFailure::TimestampOutOfWindow { .. })));
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub fn verify_response(
    keys: &VerifierKeys,
    sig: &SignatureHeaders<'_>,
    body: &[u8],
    now: i64,
    window_secs: u64,
) -> Result<(), VerifyFailure> {
    let timestamp: i64 = sig
        .timestamp
        .parse()
        .map_err(|_| VerifyFailure::MalformedHeader {
            header: headers::TIMESTAMP,
            problem: format!("expected Unix seconds, found {:?}", sig.timestamp),
        })?;
    if now.abs_diff(timestamp) >= window_secs {
        return Err(VerifyFailure::TimestampOutOfWindow {
            server: timestamp,
            local: now,
            window: window_secs,
        });
    }
    let Some(key) = keys.get(sig.serial) else {
        return Err(VerifyFailure::UnknownSerial {
            received: sig.serial.to_owned(),
            configured: keys.serials(),
        });
    };
    if sig.signature.starts_with(SIGNTEST_PREFIX) {
        return Err(VerifyFailure::SignatureProbe);
    }
    let mut raw = [0u8; MAX_SIGNATURE_LEN];
    let len = base64::engine::general_purpose::STANDARD
        .decode_slice(sig.signature.as_bytes(), &mut raw)
        .map_err(|_| VerifyFailure::SignatureNotBase64)?;
    let message = response_message(sig.timestamp, sig.nonce, body);
    if key.verify(&message, &raw[..len]) {
        Ok(())
    } else {
        Err(VerifyFailure::SignatureMismatch {
            serial: sig.serial.to_owned(),
        })
    }
}

/// The verified message `timestamp\nnonce\nbody\n` (the response-side twin of
/// [`canonical_request`](crate::signing::canonical_request)).
///
/// ```
/// use wechatpay_product_coupon::verify::response_message;
/// let msg = response_message("1754193600", "NONCE0001", br#"{"a":1}"#);
/// assert_eq!(msg, b"1754193600\nNONCE0001\n{\"a\":1}\n");
/// ```
pub fn response_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    let mut msg = Vec::with_capacity(timestamp.len() + nonce.len() + body.len() + 3);
    for part in [timestamp.as_bytes(), nonce.as_bytes(), body] {
        msg.extend_from_slice(part);
        msg.push(b'\n');
    }
    msg
}

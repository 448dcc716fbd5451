//! The gateway's request checks and response signing, as the real gateway does them:
//!
//! * headers: `Accept`, `User-Agent`, `Content-Type` with a body, a known `Wechatpay-Serial`;
//! * the `Authorization` signature with the merchant's certificate, mchid, serial, and the
//!   5-minute window. A failed check is `401 SIGN_ERROR` and, as at the gateway, its answer
//!   is **not signed** (the gateway signs only after it verified the request);
//! * the response signer is chosen by the request: `Wechatpay-Serial: PUB_KEY_ID_…` → the
//!   WeChat Pay public key; a platform serial or no `Wechatpay-Serial` → the platform
//!   certificate (docs/protocol-notes.md §2.3: "不指定则默认平台证书").

use ring::rand::{SecureRandom, SystemRandom};
use serde_json::json;

use super::error::GatewayError;
use super::fault::Fault;
use super::identity::{
    MCHID, MERCHANT_SERIAL, PLATFORM_SERIAL, PUBLIC_KEY_ID, TEST_MERCHANT_CERTIFICATE_PEM,
    TEST_PLATFORM_PRIVATE_KEY_PEM, TEST_WECHATPAY_PRIVATE_KEY_PEM,
};
use super::wire::{HttpRequest, HttpResponse};
use crate::error::Error;
use crate::protocol::headers;
use crate::protocol::keys::{
    MerchantPrivateKey, PlatformCertificate, VerifierKeys, MAX_SIGNATURE_LEN,
};
use crate::protocol::signing::{canonical_request, SCHEME};
use crate::protocol::verify::response_message;

/// The gateway's message for a signature that does not verify (SIGN_ERROR), with the
/// full-width comma of the documented text.
pub(crate) const SIGNATURE_MISMATCH: &str = "错误的签名，验签失败";
/// The gateway's message for a request timestamp outside the 5-minute window.
pub(crate) const STALE_TIMESTAMP: &str =
    "Http头Authorization中的timestamp与发起请求的时间不得超过5分钟";

/// Which key signs a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signer {
    /// The WeChat Pay public key's private half; `Wechatpay-Serial` is the key ID.
    PublicKey,
    /// The platform certificate's key; `Wechatpay-Serial` is its serial.
    Platform,
}

impl Signer {
    /// The signer a request asks for through its `Wechatpay-Serial` header.
    pub(crate) fn for_request(req: &HttpRequest) -> Signer {
        match req.header(headers::SERIAL) {
            Some(serial) if serial == PUBLIC_KEY_ID => Signer::PublicKey,
            _ => Signer::Platform,
        }
    }

    fn serial(self) -> &'static str {
        match self {
            Signer::PublicKey => PUBLIC_KEY_ID,
            Signer::Platform => PLATFORM_SERIAL,
        }
    }
}

/// The gateway's keys: the merchant's certificate (to verify requests) and WeChat Pay's two
/// signing keys.
pub(crate) struct Gateway {
    merchant: VerifierKeys,
    public_key_signer: MerchantPrivateKey,
    platform_signer: MerchantPrivateKey,
    rng: SystemRandom,
}

impl Gateway {
    /// Loads the test keys.
    pub(crate) fn load() -> Result<Self, Error> {
        let merchant_certificate = PlatformCertificate::from_pem(TEST_MERCHANT_CERTIFICATE_PEM)?;
        Ok(Gateway {
            merchant: VerifierKeys::new().with_certificate(merchant_certificate),
            public_key_signer: MerchantPrivateKey::from_pem(TEST_WECHATPAY_PRIVATE_KEY_PEM)?,
            platform_signer: MerchantPrivateKey::from_pem(TEST_PLATFORM_PRIVATE_KEY_PEM)?,
            rng: SystemRandom::new(),
        })
    }

    /// The header checks, then the signature checks.
    /// `signed` is what the signature covers: the body, or a form's `meta` part.
    pub(crate) fn check_request(
        &self,
        req: &HttpRequest,
        signed: &[u8],
        now: i64,
    ) -> Result<(), GatewayError> {
        check_headers(req)?;
        self.check_signature(req, signed, now)
    }

    fn check_signature(
        &self,
        req: &HttpRequest,
        signed: &[u8],
        now: i64,
    ) -> Result<(), GatewayError> {
        if req.header_count(headers::AUTHORIZATION) != 1 {
            return Err(GatewayError::sign_error(
                "Authorization header missing or repeated",
            ));
        }
        let auth = req.header(headers::AUTHORIZATION).unwrap_or_default();
        let params = auth
            .strip_prefix(SCHEME)
            .and_then(|rest| rest.strip_prefix(' '))
            .ok_or_else(|| {
                GatewayError::sign_error("Authorization scheme must be WECHATPAY2-SHA256-RSA2048")
            })?;
        let fields = parse_auth_params(params)?;
        let get = |k: &str| {
            fields
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| *v)
                .ok_or_else(|| GatewayError::sign_error(format!("Authorization lacks {k}")))
        };
        let (mchid, nonce, signature, timestamp, serial) = (
            get("mchid")?,
            get("nonce_str")?,
            get("signature")?,
            get("timestamp")?,
            get("serial_no")?,
        );
        if mchid != MCHID {
            return Err(GatewayError::sign_error(format!(
                "mchid {mchid} is not the sandbox merchant {MCHID}"
            )));
        }
        if serial != MERCHANT_SERIAL {
            return Err(GatewayError::sign_error(format!(
                "serial_no {serial} is not the sandbox merchant certificate {MERCHANT_SERIAL}"
            )));
        }
        let ts: i64 = timestamp
            .parse()
            .map_err(|_| GatewayError::sign_error("timestamp is not Unix seconds"))?;
        if now.abs_diff(ts) >= 300 {
            return Err(GatewayError::sign_error(STALE_TIMESTAMP));
        }
        let message = canonical_request(&req.method, &req.target, ts, nonce, signed);
        let mut raw = [0u8; MAX_SIGNATURE_LEN];
        let verified = base64_decode(signature, &mut raw).is_some_and(|len| {
            self.merchant
                .get(MERCHANT_SERIAL)
                .is_some_and(|key| key.verify(&message, &raw[..len]))
        });
        if !verified {
            return Err(signature_mismatch(
                &req.method,
                &req.target,
                ts,
                nonce,
                signed,
            ));
        }
        Ok(())
    }

    /// A response signed as WeChat Pay signs it with `signer`, then altered as `fault` says.
    pub(crate) fn signed(
        &self,
        signer: Signer,
        now: i64,
        mut response: HttpResponse,
        fault: Option<&Fault>,
    ) -> HttpResponse {
        let timestamp = match fault {
            Some(Fault::Stale) => now - 600,
            Some(Fault::FutureDated) => now + 600,
            _ => now,
        };
        let nonce = self.nonce();
        let ts = timestamp.to_string();
        let key = match signer {
            Signer::PublicKey => &self.public_key_signer,
            Signer::Platform => &self.platform_signer,
        };
        let signature = key
            .sign_base64(&response_message(&ts, &nonce, &response.body))
            .unwrap_or_default();
        let serial = match fault {
            Some(Fault::UnknownSerial) => "PUB_KEY_ID_0000UNKNOWN0000000000000000000000",
            _ => signer.serial(),
        };
        let signature = match fault {
            Some(Fault::BadBase64) => "not-base64!".to_owned(),
            Some(Fault::SignTestProbe) => format!("WECHATPAY/SIGNTEST/{signature}"),
            _ => signature,
        };
        if fault != Some(&Fault::Unsigned) {
            response.headers.extend([
                (headers::TIMESTAMP.to_owned(), ts),
                (headers::NONCE.to_owned(), nonce),
                (headers::SERIAL.to_owned(), serial.to_owned()),
                (headers::SIGNATURE_TYPE.to_owned(), SCHEME.to_owned()),
                (headers::SIGNATURE.to_owned(), signature.clone()),
            ]);
            if fault == Some(&Fault::DuplicateSignature) {
                response
                    .headers
                    .push((headers::SIGNATURE.to_owned(), signature));
            }
        }
        if fault == Some(&Fault::TamperBody) {
            if let Some(b) = response.body.iter_mut().find(|b| b.is_ascii_digit()) {
                *b = if *b == b'9' { b'0' } else { *b + 1 };
            }
        }
        response
    }

    fn nonce(&self) -> String {
        let mut bytes = [0u8; 16];
        if self.rng.fill(&mut bytes).is_err() {
            bytes = [7; 16];
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The unsigned skeleton of every gateway response: JSON content type and `Request-ID`.
pub(crate) fn response(status: u16, request_id: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![
            (
                headers::CONTENT_TYPE.to_owned(),
                "application/json; charset=utf-8".to_owned(),
            ),
            (headers::REQUEST_ID.to_owned(), request_id.to_owned()),
        ],
        body,
    }
}

fn check_headers(req: &HttpRequest) -> Result<(), GatewayError> {
    let accept_ok = req
        .header(headers::ACCEPT)
        .is_some_and(|v| v.contains("application/json") || v.contains("*/*"));
    if !accept_ok || req.header(headers::USER_AGENT).is_none_or(str::is_empty) {
        return Err(GatewayError::invalid_request(
            "Http头缺少Accept或User-Agent",
        ));
    }
    if !req.body.is_empty()
        && !req
            .header(headers::CONTENT_TYPE)
            .is_some_and(|v| v.starts_with("application/json") || super::multipart::is_multipart(v))
    {
        return Err(GatewayError::invalid_request(
            "Content-Type must be application/json (multipart/form-data for uploads)",
        ));
    }
    match req.header(headers::SERIAL) {
        None => Ok(()),
        Some(s) if s == PUBLIC_KEY_ID || s == PLATFORM_SERIAL => Ok(()),
        Some(s) => Err(GatewayError::invalid_request(format!(
            "Wechatpay-Serial {s:?} is neither the public key ID {PUBLIC_KEY_ID} nor a platform certificate serial"
        ))),
    }
}

/// How much of the body the `truncated_sign_message` shows (the real limit is not
/// documented; this is a guess).
const SHOWN_BODY_CHARS: usize = 64;

/// `401 SIGN_ERROR` with the `detail` the gateway documents for a signature that does not
/// match (docs/protocol-notes.md §4.1, a real answer quoted on the WeChat Pay community site):
/// `{"detail":{"issue":"sign not match"},"field":"signature","location":"authorization",
/// "sign_information":{"method","sign_message_length","truncated_sign_message","url"}}`.
/// In that example the signed message is shown with the nonce cut to 4 characters and `…`;
/// cutting a body to 64 characters the same way is this sandbox's guess.
fn signature_mismatch(
    method: &str,
    url: &str,
    timestamp: i64,
    nonce: &str,
    body: &[u8],
) -> GatewayError {
    let cut = |text: &str, keep: usize| {
        if text.chars().count() > keep {
            format!("{}…", text.chars().take(keep).collect::<String>())
        } else {
            text.to_owned()
        }
    };
    let message_len = canonical_request(method, url, timestamp, nonce, body).len();
    let truncated = format!(
        "{method}\n{url}\n{timestamp}\n{}\n{}\n",
        cut(nonce, 4),
        cut(&String::from_utf8_lossy(body), SHOWN_BODY_CHARS)
    );
    GatewayError {
        detail: Some(json!({
            "detail": { "issue": "sign not match" },
            "field": "signature",
            "location": "authorization",
            "sign_information": {
                "method": method,
                "sign_message_length": message_len,
                "truncated_sign_message": truncated,
                "url": url,
            },
        })),
        ..GatewayError::sign_error(SIGNATURE_MISMATCH)
    }
}

/// `key="value"` pairs separated by commas.
pub(crate) fn parse_auth_params(params: &str) -> Result<Vec<(&str, &str)>, GatewayError> {
    params
        .split(',')
        .map(|pair| {
            let (k, v) = pair.split_once('=').ok_or_else(|| {
                GatewayError::sign_error("Authorization parameters must be key=\"value\"")
            })?;
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .ok_or_else(|| {
                    GatewayError::sign_error("Authorization values must be double-quoted")
                })?;
            Ok((k.trim(), v))
        })
        .collect()
}

fn base64_decode(text: &str, out: &mut [u8]) -> Option<usize> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode_slice(text.as_bytes(), out)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_error_detail_has_the_documented_shape() {
        let err = signature_mismatch(
            "GET",
            "/v3/certificates?algorithm_type=RSA",
            1680144553,
            "vDitXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            b"",
        );
        assert_eq!((err.status, err.code), (401, "SIGN_ERROR"));
        assert_eq!(err.message, "错误的签名，验签失败");
        // The documented example, byte for byte.
        assert_eq!(
            err.detail,
            Some(json!({
                "detail": { "issue": "sign not match" },
                "field": "signature",
                "location": "authorization",
                "sign_information": {
                    "method": "GET",
                    "sign_message_length": 85,
                    "truncated_sign_message": "GET\n/v3/certificates?algorithm_type=RSA\n1680144553\nvDit…\n\n",
                    "url": "/v3/certificates?algorithm_type=RSA",
                },
            }))
        );
    }

    #[test]
    fn long_bodies_are_cut_in_the_truncated_message() {
        let body = "x".repeat(1000);
        let err = signature_mismatch("POST", "/v3/a", 1, "NONCE0123456789", body.as_bytes());
        let info = &err.detail.unwrap_or_default()["sign_information"];
        assert_eq!(info["sign_message_length"], 1000 + 30);
        let shown = info["truncated_sign_message"].as_str().unwrap_or_default();
        assert_eq!(
            shown,
            format!("POST\n/v3/a\n1\nNONC…\n{}…\n", "x".repeat(64))
        );
    }
}

//! [`SignMismatch`]: why a request's signature did not verify (`401 SIGN_ERROR`), found by
//! comparing the message this client signed with the gateway's `sign_information` — the
//! hardest failure to debug otherwise.
//!
//! The gateway's answer to a signature that does not match carries
//! `detail.sign_information` = `{method, url, sign_message_length, truncated_sign_message}`
//! (`docs/protocol-notes.md` §3, a real answer quoted on the WeChat Pay community site;
//! `tests/data/sign_error_example.json`). The truncated message cuts some lines with `…`
//! (the nonce to 4 characters in that example); a cut line is compared up to the cut.

use std::fmt;

/// The gateway's copy of the signed message: `detail.sign_information` of a `401
/// SIGN_ERROR` ([`ApiError::sign_information`](super::ApiError::sign_information)).
///
/// ```
/// use wechatpay_product_coupon::error::SignInformation;
/// let detail = serde_json::json!({"sign_information": {
///     "method": "GET", "url": "/v3/certificates", "sign_message_length": 60,
///     "truncated_sign_message": "GET\n/v3/certificates\n1680144553\nvDit…\n\n"}});
/// let info = SignInformation::from_detail(&detail).unwrap();
/// assert_eq!(info.url.as_deref(), Some("/v3/certificates"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignInformation {
    /// The HTTP method the gateway verified.
    pub method: Option<String>,
    /// The URL (path and query) the gateway verified.
    pub url: Option<String>,
    /// The length in bytes of the message the gateway verified.
    pub sign_message_length: Option<u64>,
    /// The message the gateway verified, with long lines cut and marked `…`.
    pub truncated_sign_message: Option<String>,
}

impl SignInformation {
    /// Reads `sign_information` from an error's `detail` object (also one level deeper, in
    /// `detail.detail`); `None` when there is none.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::SignInformation;
    /// assert!(SignInformation::from_detail(&serde_json::json!({"field": "x"})).is_none());
    /// ```
    pub fn from_detail(detail: &serde_json::Value) -> Option<Self> {
        let info = detail
            .get("sign_information")
            .or_else(|| detail.get("detail")?.get("sign_information"))?;
        let text = |key: &str| info.get(key)?.as_str().map(str::to_owned);
        Some(SignInformation {
            method: text("method"),
            url: text("url"),
            sign_message_length: info.get("sign_message_length").and_then(|v| v.as_u64()),
            truncated_sign_message: text("truncated_sign_message"),
        })
    }
}

/// A line of the signed message: `method\nurl\ntimestamp\nnonce\nbody\n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignedPart {
    /// The HTTP method.
    Method,
    /// The path and query.
    Url,
    /// The Unix timestamp.
    Timestamp,
    /// The nonce.
    Nonce,
    /// The body (for an upload, the `meta` part).
    Body,
}

impl SignedPart {
    /// The part's name, e.g. `url`.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::SignedPart;
    /// assert_eq!(SignedPart::Body.as_str(), "body");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            SignedPart::Method => "method",
            SignedPart::Url => "url",
            SignedPart::Timestamp => "timestamp",
            SignedPart::Nonce => "nonce",
            SignedPart::Body => "body",
        }
    }

    /// What usually makes this part differ.
    const fn likely_cause(self) -> &'static str {
        match self {
            SignedPart::Method | SignedPart::Url => {
                "something between this client and WeChat Pay (a proxy, a rewrite rule, the base \
                 URL's path) changed the request line after signing"
            }
            SignedPart::Timestamp | SignedPart::Nonce => {
                "the Authorization header was altered after signing"
            }
            SignedPart::Body => {
                "the body was changed after signing (a proxy re-encoding JSON or its charset?)"
            }
        }
    }
}

/// Where the message this client signed and the message the gateway verified first differ
/// ([`ApiError::sign_mismatch`](super::ApiError::sign_mismatch)).
///
/// ```
/// use wechatpay_product_coupon::error::{SignMismatch, SignedPart};
/// let found = SignMismatch::Part {
///     part: SignedPart::Url,
///     offset: 4,
///     gateway: "/v3/x%20y".into(),
///     signed: "/v3/x y".into(),
/// };
/// assert!(found.to_string().starts_with("the signed url differs at byte 4"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignMismatch {
    /// The first part that differs.
    Part {
        /// Which line.
        part: SignedPart,
        /// The byte offset within the line where they first differ.
        offset: usize,
        /// The line as the gateway verified it (as shown, possibly cut with `…`).
        gateway: String,
        /// The line as this client signed it.
        signed: String,
    },
    /// The lines agree as far as the gateway shows them, but the lengths differ: the
    /// difference is in the part it cut off.
    Length {
        /// The length the gateway verified.
        gateway: u64,
        /// The length this client signed.
        signed: u64,
    },
    /// The gateway verified the very message this client signed: the signature was made with
    /// a private key that is not the one of the certificate `serial_no` names.
    SameMessage,
    /// Every part the gateway shows agrees and the lengths match, but it cut the body after
    /// `shown` bytes: most likely the private key is wrong, unless the body changed further on.
    AgreesAsShown {
        /// How many bytes of the body the gateway showed.
        shown: usize,
    },
    /// The gateway refused the timestamp as more than 5 minutes from its clock.
    Timestamp {
        /// The timestamp this client signed (its clock).
        signed: i64,
    },
}

impl SignMismatch {
    /// Compares the message this client signed with the gateway's `sign_information`, or,
    /// without it, reads a refused timestamp from the gateway's message.
    pub(super) fn find(
        signed: &str,
        info: Option<&SignInformation>,
        gateway_message: &str,
    ) -> Option<SignMismatch> {
        let ours = lines(signed);
        let Some(info) = info else {
            // 401 "Http头Authorization中的timestamp与发起请求的时间不得超过5分钟".
            return gateway_message
                .contains("timestamp")
                .then(|| ours.get(2)?.parse().ok())
                .flatten()
                .map(|signed| SignMismatch::Timestamp { signed });
        };
        let mut theirs: Vec<Option<&str>> = vec![info.method.as_deref(), info.url.as_deref()];
        if let Some(message) = &info.truncated_sign_message {
            let shown = lines(message);
            // Method and URL: the full fields first, then the message's own lines.
            theirs.extend(shown.iter().skip(2).map(|line| Some(*line)));
            if info.method.is_none() {
                theirs[0] = shown.first().copied();
            }
            if info.url.is_none() {
                theirs[1] = shown.get(1).copied();
            }
        }
        const PARTS: [SignedPart; 5] = [
            SignedPart::Method,
            SignedPart::Url,
            SignedPart::Timestamp,
            SignedPart::Nonce,
            SignedPart::Body,
        ];
        for ((part, gateway), signed) in PARTS.into_iter().zip(theirs).zip(&ours) {
            let Some(gateway) = gateway else { continue };
            if let Some(offset) = first_difference(gateway, signed) {
                return Some(SignMismatch::Part {
                    part,
                    offset,
                    gateway: gateway.to_owned(),
                    signed: (*signed).to_owned(),
                });
            }
        }
        let signed_len = signed.len() as u64;
        let body_cut = info
            .truncated_sign_message
            .as_deref()
            .and_then(|m| lines(m).get(4).copied())
            .and_then(|body| body.strip_suffix('…'));
        match (info.sign_message_length, body_cut) {
            (Some(gateway), _) if gateway != signed_len => Some(SignMismatch::Length {
                gateway,
                signed: signed_len,
            }),
            (_, Some(shown)) => Some(SignMismatch::AgreesAsShown { shown: shown.len() }),
            _ => Some(SignMismatch::SameMessage),
        }
    }
}

/// The five parts of a signed message (the body may hold newlines; the final one is dropped).
fn lines(message: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = message.splitn(5, '\n').collect();
    if let Some(body) = parts.get_mut(4) {
        *body = body.strip_suffix('\n').unwrap_or(body);
    }
    parts
}

/// The byte offset where `signed` first departs from the gateway's `shown` line (which may
/// be cut with a trailing `…`); `None` when they agree as far as shown.
fn first_difference(shown: &str, signed: &str) -> Option<usize> {
    let (shown, cut) = match shown.strip_suffix('…') {
        Some(prefix) => (prefix, true),
        None => (shown, false),
    };
    let common = shown
        .char_indices()
        .zip(signed.chars())
        .find(|((_, a), b)| a != b)
        .map(|((i, _), _)| i)
        .unwrap_or_else(|| shown.len().min(signed.len()));
    let agrees = if cut {
        signed.starts_with(shown)
    } else {
        shown == signed
    };
    (!agrees).then_some(common)
}

/// At most 60 characters of `line` from a little before `offset`, marked where cut.
struct Excerpt<'a>(&'a str, usize);

impl fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Excerpt(line, offset) = *self;
        let mut start = offset.saturating_sub(20).min(line.len());
        while !line.is_char_boundary(start) {
            start -= 1;
        }
        let rest = line.get(start..).unwrap_or_default();
        let shown: String = rest.chars().take(60).collect();
        let before = if start > 0 { "…" } else { "" };
        let after = if shown.len() < rest.len() { "…" } else { "" };
        write!(f, "{:?}", format!("{before}{shown}{after}"))
    }
}

impl fmt::Display for SignMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignMismatch::Part {
                part,
                offset,
                gateway,
                signed,
            } => write!(
                f,
                "the signed {} differs at byte {offset}: WeChat Pay verified {}, this client \
                 signed {}; {}",
                part.as_str(),
                Excerpt(gateway, *offset),
                Excerpt(signed, *offset),
                part.likely_cause()
            ),
            SignMismatch::Length { gateway, signed } => write!(
                f,
                "the signed message differs after the part WeChat Pay shows: it verified \
                 {gateway} bytes, this client signed {signed}; the body was probably changed \
                 after signing"
            ),
            SignMismatch::SameMessage => f.write_str(
                "WeChat Pay verified the same message this client signed, so the signature was \
                 made with the wrong private key: check that the private key is the one of the \
                 merchant certificate whose serial is merchant_serial",
            ),
            SignMismatch::AgreesAsShown { shown } => write!(
                f,
                "every part WeChat Pay shows agrees with the message this client signed, and the \
                 lengths match, so the signature was most likely made with the wrong private key \
                 (check that it is the one of the merchant certificate whose serial is \
                 merchant_serial); otherwise the body changed after its first {shown} bytes"
            ),
            SignMismatch::Timestamp { signed } => write!(
                f,
                "the signed timestamp {signed} (this machine's clock) is 5 minutes or more from \
                 WeChat Pay's clock: synchronise the local clock (NTP)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(truncated: &str, len: u64) -> SignInformation {
        SignInformation {
            method: Some("POST".into()),
            url: Some("/v3/a?b=1".into()),
            sign_message_length: Some(len),
            truncated_sign_message: Some(truncated.into()),
        }
    }

    #[test]
    fn the_first_differing_line_and_byte_are_named() {
        let signed = "POST\n/v3/a?b=1\n1700000000\nNONCE123\n{\"k\":\"v\"}\n";
        let len = signed.len() as u64;
        let same = info("POST\n/v3/a?b=1\n1700000000\nNONC…\n{\"k\":\"v\"}\n", len);
        assert_eq!(
            SignMismatch::find(signed, Some(&same), ""),
            Some(SignMismatch::SameMessage)
        );
        let body = info("POST\n/v3/a?b=1\n1700000000\nNONC…\n{\"k\":\"w\"}\n", len);
        let found = SignMismatch::find(signed, Some(&body), "");
        assert!(
            matches!(
                &found,
                Some(SignMismatch::Part {
                    part: SignedPart::Body,
                    offset: 6,
                    ..
                })
            ),
            "{found:?}"
        );
        let nonce = info("POST\n/v3/a?b=1\n1700000000\nNONX…\n{}\n", len);
        let found = SignMismatch::find(signed, Some(&nonce), "");
        assert!(
            matches!(
                &found,
                Some(SignMismatch::Part {
                    part: SignedPart::Nonce,
                    offset: 3,
                    ..
                })
            ),
            "{found:?}"
        );
        let mut url = same.clone();
        url.url = Some("/v3/a?b=2".into());
        let found = SignMismatch::find(signed, Some(&url), "");
        assert!(
            matches!(
                &found,
                Some(SignMismatch::Part {
                    part: SignedPart::Url,
                    offset: 8,
                    ..
                })
            ),
            "{found:?}"
        );
        let cut = info("POST\n/v3/a?b=1\n1700000000\nNONC…\n{\"k\"…\n", len);
        assert_eq!(
            SignMismatch::find(signed, Some(&cut), ""),
            Some(SignMismatch::AgreesAsShown { shown: 4 })
        );
        let longer = info("POST\n/v3/a?b=1\n1700000000\nNONC…\n{\"k\"…\n", len + 1);
        assert_eq!(
            SignMismatch::find(signed, Some(&longer), ""),
            Some(SignMismatch::Length {
                gateway: len + 1,
                signed: len
            })
        );
    }

    #[test]
    fn a_refused_timestamp_is_named_without_sign_information() {
        let signed = "GET\n/v3/a\n1700000000\nN\n\n";
        let message = "Http头Authorization中的timestamp与发起请求的时间不得超过5分钟";
        assert_eq!(
            SignMismatch::find(signed, None, message),
            Some(SignMismatch::Timestamp { signed: 1700000000 })
        );
        assert_eq!(SignMismatch::find(signed, None, "mchid 不匹配"), None);
    }

    #[test]
    fn excerpts_are_cut_on_character_boundaries() {
        let line = "商品".repeat(50);
        let text = Excerpt(&line, 31).to_string();
        assert!(text.starts_with("\"…") && text.ends_with("…\""), "{text}");
    }
}

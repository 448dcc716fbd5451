//! [`ErrorKind`]: the stable classification of errors, with the numeric codes the C ABI
//! returns and the snake_case names.

use std::fmt;

/// A stable classification of [`Error`](crate::Error)s, one per variant. The numbers are the
/// C ABI's result codes and never change meaning; new kinds get new numbers (up to 99: the C
/// ABI's own codes start at 100).
///
/// The numbers are written once, here, as the discriminants; [`ErrorKind::code`] reads them,
/// and the C ABI's `wpc_result` is checked against them at compile time.
///
/// ```
/// use wechatpay_product_coupon::ErrorKind;
/// assert_eq!(ErrorKind::Api.code(), 10);
/// assert_eq!(ErrorKind::Api.as_str(), "api");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[repr(u32)]
pub enum ErrorKind {
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    InvalidRequest = 1,
    /// [`Error::Key`](crate::Error::Key).
    Key = 2,
    /// [`Error::Config`](crate::Error::Config).
    Config = 3,
    /// [`Error::Random`](crate::Error::Random).
    Random = 4,
    /// [`Error::Signing`](crate::Error::Signing).
    Signing = 5,
    /// [`Error::RequestBuild`](crate::Error::RequestBuild).
    RequestBuild = 6,
    /// [`Error::Io`](crate::Error::Io).
    Io = 7,
    /// [`Error::Transport`](crate::Error::Transport).
    Transport = 8,
    /// [`Error::Api`](crate::Error::Api).
    Api = 10,
    /// [`Error::Verification`](crate::Error::Verification).
    Verification = 9,
    /// [`Error::Decode`](crate::Error::Decode).
    Decode = 11,
    /// [`Error::RetriesExhausted`](crate::Error::RetriesExhausted).
    RetriesExhausted = 12,
    /// [`Error::Notification`](crate::Error::Notification).
    Notification = 13,
}

impl ErrorKind {
    /// Every kind, in code order.
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::InvalidRequest,
        ErrorKind::Key,
        ErrorKind::Config,
        ErrorKind::Random,
        ErrorKind::Signing,
        ErrorKind::RequestBuild,
        ErrorKind::Io,
        ErrorKind::Transport,
        ErrorKind::Verification,
        ErrorKind::Api,
        ErrorKind::Decode,
        ErrorKind::RetriesExhausted,
        ErrorKind::Notification,
    ];

    /// The stable numeric code (1 and up; 0 is success in the C ABI).
    ///
    /// ```
    /// # use wechatpay_product_coupon::ErrorKind;
    /// assert_eq!(ErrorKind::InvalidRequest.code(), 1);
    /// assert_eq!(ErrorKind::RetriesExhausted.code(), 12);
    /// ```
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The kind with this code, if any (`None` for 0, the C ABI's own codes and unknown codes).
    ///
    /// ```
    /// # use wechatpay_product_coupon::ErrorKind;
    /// assert_eq!(ErrorKind::from_code(10), Some(ErrorKind::Api));
    /// assert_eq!(ErrorKind::from_code(0), None);
    /// ```
    pub const fn from_code(code: u32) -> Option<ErrorKind> {
        let mut i = 0;
        while i < ErrorKind::ALL.len() {
            if ErrorKind::ALL[i].code() == code {
                return Some(ErrorKind::ALL[i]);
            }
            i += 1;
        }
        None
    }

    /// A stable snake_case name, e.g. `"invalid_request"`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Error, ErrorKind};
    /// assert_eq!(ErrorKind::InvalidRequest.as_str(), "invalid_request");
    /// assert_eq!(Error::Signing.kind().to_string(), "signing"); // `Display` is the same name
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::Key => "key",
            ErrorKind::Config => "config",
            ErrorKind::Random => "random",
            ErrorKind::Signing => "signing",
            ErrorKind::RequestBuild => "request_build",
            ErrorKind::Io => "io",
            ErrorKind::Transport => "transport",
            ErrorKind::Verification => "verification",
            ErrorKind::Api => "api",
            ErrorKind::Decode => "decode",
            ErrorKind::RetriesExhausted => "retries_exhausted",
            ErrorKind::Notification => "notification",
        }
    }
}

impl ErrorKind {
    /// What went wrong, in one line, and what usually fixes it: the text of the README's
    /// error table (generated from this function, so the two cannot disagree).
    ///
    /// ```
    /// # use wechatpay_product_coupon::ErrorKind;
    /// assert!(ErrorKind::Verification.meaning().contains("signature"));
    /// ```
    pub const fn meaning(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => {
                "a request broke a documented rule (the message names the field); nothing was sent"
            }
            ErrorKind::Key => "a key, certificate or PEM file could not be loaded or does not fit",
            ErrorKind::Config => {
                "a builder setting or configuration value is missing or out of range (named)"
            }
            ErrorKind::Random => "the system random generator failed (nonce)",
            ErrorKind::Signing => "RSA signing failed with the configured merchant key",
            ErrorKind::RequestBuild => "the HTTP request could not be built (header or URL)",
            ErrorKind::Io => "a local file or socket could not be read or written",
            ErrorKind::Transport => {
                "no usable HTTP answer: connect, TLS, timeout, broken or oversized answer"
            }
            ErrorKind::Verification => {
                "a 2xx answer or notification failed signature, serial or timestamp checks"
            }
            ErrorKind::Api => {
                "WeChat Pay answered with an error status: its code, message, detail and Request-ID"
            }
            ErrorKind::Decode => "a verified body did not have the documented shape",
            ErrorKind::RetriesExhausted => {
                "every attempt failed; `last_attempt()` is the last error"
            }
            ErrorKind::Notification => {
                "a notification failed after verification: envelope, algorithm, decryption, payload"
            }
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_listed_in_order() {
        let codes: Vec<u32> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ErrorKind::ALL.len());
        assert_eq!(codes, (1..=ErrorKind::ALL.len() as u32).collect::<Vec<_>>());
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ErrorKind::from_code(100), None);
    }
}

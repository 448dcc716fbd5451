//! [`ErrorKind`]: the stable classification of errors, with the numeric codes the C ABI
//! returns and the snake_case names.

use std::fmt;

/// A stable classification of [`Error`](crate::Error)s, one per variant. The numbers are the
/// C ABI's result codes and never change meaning; new kinds get new numbers.
///
/// ```
/// use wechatpay_product_coupon::ErrorKind;
/// assert_eq!(ErrorKind::Api.code(), 10);
/// assert_eq!(ErrorKind::Api.as_str(), "api");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    InvalidRequest,
    /// [`Error::Key`](crate::Error::Key).
    Key,
    /// [`Error::Config`](crate::Error::Config).
    Config,
    /// [`Error::Random`](crate::Error::Random).
    Random,
    /// [`Error::Signing`](crate::Error::Signing).
    Signing,
    /// [`Error::RequestBuild`](crate::Error::RequestBuild).
    RequestBuild,
    /// [`Error::Io`](crate::Error::Io).
    Io,
    /// [`Error::Transport`](crate::Error::Transport).
    Transport,
    /// [`Error::Api`](crate::Error::Api).
    Api,
    /// [`Error::Verification`](crate::Error::Verification).
    Verification,
    /// [`Error::Decode`](crate::Error::Decode).
    Decode,
    /// [`Error::RetriesExhausted`](crate::Error::RetriesExhausted).
    RetriesExhausted,
    /// [`Error::Notification`](crate::Error::Notification).
    Notification,
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
        match self {
            ErrorKind::InvalidRequest => 1,
            ErrorKind::Key => 2,
            ErrorKind::Config => 3,
            ErrorKind::Random => 4,
            ErrorKind::Signing => 5,
            ErrorKind::RequestBuild => 6,
            ErrorKind::Io => 7,
            ErrorKind::Transport => 8,
            ErrorKind::Verification => 9,
            ErrorKind::Api => 10,
            ErrorKind::Decode => 11,
            ErrorKind::RetriesExhausted => 12,
            ErrorKind::Notification => 13,
        }
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
    }
}

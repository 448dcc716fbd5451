//! HTTP header names as WeChat Pay spells them, and the fixed values every request carries.
//! The client sets request headers from these constants in exactly one place
//! (`client::transport`); users with their own HTTP stack can do the same.
//!
//! ```
//! use wechatpay_product_coupon::headers;
//! assert_eq!(headers::ACCEPT_VALUE, "application/json");
//! assert!(headers::SERIAL.eq_ignore_ascii_case("wechatpay-serial"));
//! ```

/// `Authorization`: the signed `WECHATPAY2-SHA256-RSA2048 …` value.
pub const AUTHORIZATION: &str = "Authorization";
/// `Accept`.
pub const ACCEPT: &str = "Accept";
/// The `Accept` value every request sends (the gateway answers 400 without it).
pub const ACCEPT_VALUE: &str = "application/json";
/// `Content-Type`.
pub const CONTENT_TYPE: &str = "Content-Type";
/// The `Content-Type` of request bodies.
pub const CONTENT_TYPE_VALUE: &str = "application/json";
/// `User-Agent` (the gateway answers 400 without one).
pub const USER_AGENT: &str = "User-Agent";
/// Response timestamp (Unix seconds).
pub const TIMESTAMP: &str = "Wechatpay-Timestamp";
/// Response nonce.
pub const NONCE: &str = "Wechatpay-Nonce";
/// Base64 response signature.
pub const SIGNATURE: &str = "Wechatpay-Signature";
/// The response signature's scheme (`WECHATPAY2-SHA256-RSA2048`); informational.
pub const SIGNATURE_TYPE: &str = "Wechatpay-Signature-Type";
/// Serial (platform certificate) or ID (public key) of the signing key. Sent on requests in
/// public-key mode to ask for responses signed with the WeChat Pay public key.
pub const SERIAL: &str = "Wechatpay-Serial";
/// WeChat Pay's identifier of the exchange, to quote to support.
pub const REQUEST_ID: &str = "Request-ID";

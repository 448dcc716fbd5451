//! A blocking, runtime-free client for the WeChat Pay APIv3 **partner product-coupon (商品券)**
//! API: send, confirm, redeem (核销), deactivate (失效), return and look up a user's coupons,
//! query and update (修改) product coupons, upload images, and set where notifications go.
//! Every endpoint is listed once, in the registry [`for_each_endpoint!`]; [`api::ENDPOINTS`]
//! is its table.
//!
//! Every request is signed (`WECHATPAY2-SHA256-RSA2048`); every 2xx response is verified
//! (signature over the raw body, key chosen by `Wechatpay-Serial`, timestamp window) or the
//! call fails; responses decode into views that borrow from the verified body.
//!
//! ```no_run
//! # #[cfg(feature = "client")] mod example {
//! use wechatpay_product_coupon::api::{AssociatedOrderInfo, UseCouponRequest, UserCouponRef};
//! use wechatpay_product_coupon::{Client, MerchantPrivateKey, WechatPayPublicKey};
//!
//! # pub fn main() -> Result<(), wechatpay_product_coupon::Error> {
//! let client = Client::builder()
//!     .mchid("1900000001")
//!     .merchant_serial("5A4E44424F58000000000000000000000001")
//!     .private_key(MerchantPrivateKey::from_pem_file("apiclient_key.pem")?)
//!     .wechatpay_public_key(WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0114…", "pub_key.pem")?)
//!     .build()?;
//! let coupon = UserCouponRef {
//!     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
//!     coupon_code: "Code_123456".parse()?,
//!     product_coupon_id: "1000000013".parse()?,
//!     stock_id: "1000000013001".parse()?,
//!     appid: "wx233544546545989".parse()?,
//!     brand_id: "120344".parse()?,
//! };
//! let req = UseCouponRequest::new(
//!     coupon,
//!     "MCHUSE202003101234".parse()?, // idempotency key: keep `req` and resend it to retry
//!     wechatpay_product_coupon::time::OffsetDateTime::now_utc(),
//!     AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
//! );
//! let response = client.use_coupon(&req)?;
//! let used = response.parse()?;
//! println!("{} is {}", used.coupon_code, used.coupon_state);
//! # Ok(()) } }
//! # fn main() {} // the example needs the default `client` feature
//! ```
//!
//! # Layers
//!
//! | module | layer | I/O |
//! | --- | --- | --- |
//! | [`error`] | [`Error`], its stable [`ErrorKind`] codes, [`Error::report`] | none |
//! | [`protocol`] ([`keys`], [`signing`], [`verify`], [`target`], [`headers`], [`endpoint`], [`multipart`], [`aead`], [`notify`], [`certificates`]) | the APIv3 protocol | none |
//! | [`api`] | the registry; a folder per resource (`user_coupons`, `product_coupons`, `notify_configs`, `media`), a file per endpoint: request type, validation, [`endpoint::ApiRequest`] impl | none |
//! | [`model`] | response models borrowing from the verified body | none |
//! | [`Client`] (feature `client`, default) | the generic call, one typed method per registered endpoint, builder, transport, retries, the [`RateLimiter`] seam, [`observe`] (the per-attempt hook and log lines) | ureq |
//! | `sandbox` (feature `sandbox`) | a gateway simulator on 127.0.0.1, routed from the registry | std::net |
//!
//! With `default-features = false` the crate is the pure layers only: sign with
//! [`signing::RequestSigner`], encode with [`endpoint::ApiRequest::encode`], verify with
//! [`verify::verify_response`], decode with [`endpoint::ResponseModel::parse`], over your own
//! HTTP stack.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod api;
#[cfg(feature = "client")]
mod client;
pub mod error;
pub mod model;
pub mod protocol;
#[cfg(feature = "sandbox")]
pub mod sandbox;

/// The `time` crate, re-exported: requests take `time::OffsetDateTime`.
pub use time;

/// Observing calls: the per-attempt [`observe::Attempt`] given to
/// [`ClientBuilder::observer`], and what is logged (feature `client`).
#[cfg(feature = "client")]
pub use client::observe;
#[cfg(feature = "client")]
pub use client::AssociatedStorePages;
#[cfg(feature = "client")]
pub use client::{
    Client, ClientBuilder, LocalRateLimiter, Pages, RateLimiter, RateLimits, RawResponse,
    RetryPolicy, StockPages, UserCouponPages, Verified, BACKUP_BASE_URL, DEFAULT_BASE_URL,
    DEFAULT_BODY_LIMIT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT, ENV_VARS,
    MAX_TIMEOUT, MAX_TIMESTAMP_WINDOW_SECS, MIN_TIMEOUT, USER_AGENT,
};
pub use error::{Error, ErrorKind, Outcome};
pub use model::ids;
pub use model::IntoOwned;
pub use protocol::endpoint::{self, Method};
pub use protocol::keys::{
    self, MerchantPrivateKey, PlatformCertificate, VerifierKeys, WechatPayPublicKey,
};
pub use protocol::{aead, certificates, headers, multipart, notify, signing, target, verify};

/// Compiles the README's Rust examples as doctests, so they cannot rot.
#[cfg(all(doctest, feature = "sandbox"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

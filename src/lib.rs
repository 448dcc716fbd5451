//! A blocking, runtime-free client for the WeChat Pay APIv3 **partner product-coupon (商品券)**
//! API: redeem (核销) and deactivate (失效) a user's coupon, update (修改) a product coupon.
//!
//! Every request is signed (`WECHATPAY2-SHA256-RSA2048`); every 2xx response is verified
//! (signature over the raw body, key chosen by `Wechatpay-Serial`, timestamp window) or the
//! call fails; responses decode into views that borrow from the verified body.
//!
//! ```no_run
//! use wechatpay_product_coupon::{Client, MerchantPrivateKey, WechatPayPublicKey};
//! use wechatpay_product_coupon::request::{AssociatedOrderInfo, UseCouponRequest};
//!
//! # fn main() -> Result<(), wechatpay_product_coupon::Error> {
//! let client = Client::builder()
//!     .mchid("1900000001")
//!     .merchant_serial("5A4E44424F58000000000000000000000001")
//!     .private_key(MerchantPrivateKey::from_pem_file("apiclient_key.pem")?)
//!     .wechatpay_public_key(WechatPayPublicKey::from_pem_file("PUB_KEY_ID_0114…", "pub_key.pem")?)
//!     .build()?;
//! let response = client.use_coupon(&UseCouponRequest {
//!     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
//!     coupon_code: "Code_123456".into(),
//!     product_coupon_id: "1000000013".into(),
//!     stock_id: "1000000013001".into(),
//!     appid: "wx233544546545989".into(),
//!     use_time: time::OffsetDateTime::now_utc(),
//!     out_request_no: "MCHUSE202003101234".into(),
//!     brand_id: "120344".into(),
//!     associated_order_info: Some(AssociatedOrderInfo {
//!         transaction_id: Some("4200000000123456789123456789".into()),
//!         ..Default::default()
//!     }),
//!     associated_pay_score_order_info: None,
//!     store_id: None,
//! })?;
//! let coupon = response.parse()?;
//! println!("{} is {}", coupon.coupon_code, coupon.coupon_state);
//! # Ok(()) }
//! ```
//!
//! Layout: [`signing`] and [`verify`] are pure functions (time and nonce passed in);
//! [`keys`] loads key material once; [`model`] holds the request and response types;
//! [`Client`] is the only part that does I/O. The `sandbox` feature adds an in-process
//! WeChat Pay simulator on 127.0.0.1.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod client;
mod der;
pub mod error;
pub mod keys;
pub mod model;
mod pem;
mod rate_limit;
mod retry;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod signing;
pub mod target;
mod transport;
pub mod verify;

pub use client::{
    Client, ClientBuilder, Clock, Method, ProductCoupon, RawResponse, ResponseModel, UserCoupon,
    Verified, BACKUP_BASE_URL, DEFAULT_BASE_URL, DEFAULT_BODY_LIMIT, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_TIMEOUT, USER_AGENT,
};
pub use error::{Error, VerifyFailure};
pub use keys::{MerchantPrivateKey, PlatformCertificate, VerifierKeys, WechatPayPublicKey};
pub use model::{request, response, IntoOwned};
pub use rate_limit::RateLimits;
pub use retry::RetryPolicy;

/// Compiles the README's Rust example as a doctest, so it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

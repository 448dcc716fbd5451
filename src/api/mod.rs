//! The endpoints, one file each: the request type, its validation and its [`ApiRequest`]
//! impl (method, path template, rate limit, response model).
//!
//! To add an endpoint: write `api/<name>.rs` with the request type (`Serialize` +
//! `Deserialize`, path parameters as fields named like the template's `{…}`) and its
//! `ApiRequest` impl, list it below and in [`ENDPOINTS`], add a route to the sandbox, and
//! (optionally) a one-line method on [`Client`](crate::Client). The client's generic
//! [`Client::execute`](crate::Client::execute) already handles it.
//!
//! | endpoint | request | response |
//! | --- | --- | --- |
//! | 核销 use | [`UseCouponRequest`] | [`UserCoupon`](crate::model::UserCoupon) |
//! | 失效 deactivate | [`DeactivateCouponRequest`] | [`UserCoupon`](crate::model::UserCoupon) |
//! | 修改 update | [`UpdateProductCouponRequest`] | [`ProductCoupon`](crate::model::ProductCoupon) |

mod coupon_ref;
mod deactivate_coupon;
pub(crate) mod rules;
mod update_product_coupon;
mod use_coupon;

pub use coupon_ref::UserCouponRef;
pub use deactivate_coupon::DeactivateCouponRequest;
pub use update_product_coupon::{
    ComboPackage, ComboPackageChoice, ProductCouponDisplayInfo, UpdateProductCouponRequest,
    MAX_DETAIL_IMAGES,
};
pub use use_coupon::{
    AssociatedOrderInfo, AssociatedPayScoreOrderInfo, RedemptionOrder, UseCouponRequest,
};

use crate::protocol::endpoint::{ApiRequest, Endpoint};

/// Every typed endpoint, e.g. to configure rate limits by name.
///
/// ```
/// use wechatpay_product_coupon::api::ENDPOINTS;
/// assert!(ENDPOINTS.iter().any(|e| e.name == "update_product_coupon"));
/// ```
pub const ENDPOINTS: &[Endpoint] = &[
    UseCouponRequest::ENDPOINT,
    DeactivateCouponRequest::ENDPOINT,
    UpdateProductCouponRequest::ENDPOINT,
];

/// The endpoint called `name`, if there is one.
///
/// ```
/// use wechatpay_product_coupon::api::endpoint_named;
/// assert_eq!(endpoint_named("use_coupon").map(|e| e.rate_limit), Some(500));
/// assert!(endpoint_named("nope").is_none());
/// ```
pub fn endpoint_named(name: &str) -> Option<Endpoint> {
    ENDPOINTS.iter().copied().find(|e| e.name == name)
}

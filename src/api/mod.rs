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
//! | 发放 send | [`SendCouponRequest`] | [`UserCoupon`](crate::model::UserCoupon) (`CONFIRMING`) |
//! | 确认发放 confirm | [`ConfirmCouponRequest`] | [`UserCoupon`](crate::model::UserCoupon) (`EFFECTIVE`) |
//! | 查询用户券 query | [`GetUserCouponRequest`] | [`UserCoupon`](crate::model::UserCoupon) |
//! | 用户券列表 list | [`ListUserCouponsRequest`] | [`UserCouponPage`](crate::model::UserCouponPage) |
//! | 退券 return | [`ReturnCouponRequest`] | [`UserCoupon`](crate::model::UserCoupon) (`EFFECTIVE`) |
//! | 查询商品券 get | [`GetProductCouponRequest`] | [`ProductCoupon`](crate::model::ProductCoupon) |
//! | 设置通知地址 set notify URL | [`SetNotifyConfigRequest`] | [`NotifyUrlConfig`](crate::model::NotifyUrlConfig) |
//! | 获取通知地址 get notify URL | [`GetNotifyConfigRequest`] | [`NotifyUrlConfig`](crate::model::NotifyUrlConfig) |

mod confirm_coupon;
mod coupon_ref;
mod deactivate_coupon;
mod get_notify_config;
mod get_product_coupon;
mod get_user_coupon;
mod list_user_coupons;
mod return_coupon;
pub(crate) mod rules;
mod send_coupon;
mod set_notify_config;
mod update_product_coupon;
mod use_coupon;

pub use confirm_coupon::ConfirmCouponRequest;
pub use coupon_ref::UserCouponRef;
pub use deactivate_coupon::DeactivateCouponRequest;
pub use get_notify_config::GetNotifyConfigRequest;
pub use get_product_coupon::GetProductCouponRequest;
pub use get_user_coupon::GetUserCouponRequest;
pub use list_user_coupons::{ListUserCouponsRequest, MAX_PAGE_SIZE};
pub use return_coupon::ReturnCouponRequest;
pub use send_coupon::SendCouponRequest;
pub use set_notify_config::SetNotifyConfigRequest;
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
    SendCouponRequest::ENDPOINT,
    ConfirmCouponRequest::ENDPOINT,
    GetUserCouponRequest::ENDPOINT,
    ListUserCouponsRequest::ENDPOINT,
    ReturnCouponRequest::ENDPOINT,
    GetProductCouponRequest::ENDPOINT,
    SetNotifyConfigRequest::ENDPOINT,
    GetNotifyConfigRequest::ENDPOINT,
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

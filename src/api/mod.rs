//! The endpoints, grouped by the API's resources, one file per endpoint: the request type,
//! its validation and its [`ApiRequest`] impl (method, path template, where the fields go,
//! documented rate limit, response model).
//!
//! [`for_each_endpoint!`](crate::for_each_endpoint) below is **the only list of endpoints**.
//! Everything that needs "every endpoint" is expanded from it: [`ENDPOINTS`], the typed
//! methods of [`Client`](crate::Client), the sandbox's routes, the C ABI's by-name dispatch
//! (`wpc_client_execute`, `wpc_encode_request`); the fuzz target and the README's endpoint
//! table are checked against it by tests.
//!
//! To add an endpoint: write `api/<resource>/<name>.rs` with the request type (`Serialize` +
//! `Deserialize`, path parameters as fields named like the template's `{…}`) and its
//! `ApiRequest` impl, re-export it from the resource's `mod.rs`, add one line to the
//! registry, and write the sandbox handler `sandbox::stores::<resource>::<name>` (the build
//! fails until it exists).

pub mod media;
pub mod notify_configs;
pub mod product_coupons;
pub(crate) mod rules;
pub mod stocks;
pub mod user_coupons;

/// The typed identifiers requests take (also at [`crate::ids`]).
pub use crate::model::ids::{
    AppId, BrandId, CouponCode, OpenId, ProductCouponId, RequestNo, SendRequestNo, StockId,
};
pub use media::*;
pub use notify_configs::*;
pub use product_coupons::*;
pub use stocks::*;
pub use user_coupons::*;

use crate::protocol::endpoint::{ApiRequest, Endpoint};

/// The registry: calls `$callback! { … }` with every endpoint, grouped by resource, as
/// `[$crate] resource { /// docs  name(RequestType) -> ResponseModel; … } …`: the request
/// type is `$crate::api::RequestType`, the response model `$crate::model::ResponseModel`.
///
/// Each callback expands what needs every endpoint, so nothing keeps a list of its own.
/// The method, path template, parameter placement and rate limit stay with each request
/// type ([`ApiRequest::ENDPOINT`]).
///
/// ```
/// macro_rules! names {
///     ([$krate:tt] $($resource:ident { $($(#[$doc:meta])* $name:ident($req:ident) -> $resp:ident;)* })*) => {
///         &[$($(stringify!($name),)*)*]
///     };
/// }
/// let names: &[&str] = wechatpay_product_coupon::for_each_endpoint!(names);
/// assert!(names.contains(&"use_coupon"));
/// assert_eq!(names.len(), wechatpay_product_coupon::api::ENDPOINTS.len());
/// ```
#[macro_export]
macro_rules! for_each_endpoint {
    ($callback:ident) => {
        $callback! {
            [$crate]
            user_coupons {
                /// 发放: sends a coupon to a user; the answer is the coupon, `CONFIRMING`
                /// until `confirm_coupon`.
                send_coupon(SendCouponRequest) -> UserCoupon;
                /// 确认发放: confirms a sent coupon; the answer is the coupon, `EFFECTIVE`.
                confirm_coupon(ConfirmCouponRequest) -> UserCoupon;
                /// 核销: redeems a user's coupon; the answer is the coupon, `USED`. To retry
                /// after a failure, resend the same request value.
                use_coupon(UseCouponRequest) -> UserCoupon;
                /// 失效: deactivates a user's coupon; the answer is the coupon, `DEACTIVATED`.
                deactivate_coupon(DeactivateCouponRequest) -> UserCoupon;
                /// 退券: returns a used coupon; the answer is the coupon, `EFFECTIVE` again.
                return_coupon(ReturnCouponRequest) -> UserCoupon;
                /// 查询用户券: looks a user's coupon up.
                get_user_coupon(GetUserCouponRequest) -> UserCoupon;
                /// 用户券列表: one page of a user's coupons (`user_coupon_pages` walks them all).
                list_user_coupons(ListUserCouponsRequest) -> UserCouponPage;
            }
            product_coupons {
                /// 修改商品券: updates a product coupon's display information (applies to
                /// coupons issued afterwards); the answer is the product coupon.
                update_product_coupon(UpdateProductCouponRequest) -> ProductCoupon;
                /// 查询商品券: looks a product coupon up.
                get_product_coupon(GetProductCouponRequest) -> ProductCoupon;
                /// 失效商品券: deactivates a product coupon and all of its stocks; the answer
                /// is the product coupon, `DEACTIVATED`.
                deactivate_product_coupon(DeactivateProductCouponRequest) -> ProductCoupon;
            }
            stocks {
                /// 查询商品券指定批次: looks one stock of a product coupon up.
                get_stock(GetStockRequest) -> Stock;
                /// 查询商品券批次列表: one page of a product coupon's stocks (`stock_pages`
                /// walks them all).
                list_stocks(ListStocksRequest) -> StockPage;
                /// 失效商品券批次: deactivates one stock (it sends no more); the answer is
                /// the stock, `DEACTIVATED`.
                deactivate_stock(DeactivateStockRequest) -> Stock;
            }
            stocks {
                /// 预上传券Code: uploads up to 200 codes to an `UPLOAD` stock; the answer
                /// lists the codes added and those not (partial success is a 200).
                upload_coupon_codes(UploadCouponCodesRequest) -> UploadedCouponCodes;
                /// 批次关联门店: associates up to 200 stores with a `SPECIFIC` stock; the answer
                /// lists the stores associated and those not (partial success is a 200).
                associate_stores(AssociateStoresRequest) -> StoreListChange;
                /// 批次取消关联门店: disassociates up to 200 stores from a stock; partial
                /// success as for `associate_stores`.
                disassociate_stores(DisassociateStoresRequest) -> StoreListChange;
                /// 查询批次关联门店列表: one page of a stock's associated stores
                /// (`associated_store_pages` walks them all).
                list_associated_stores(ListAssociatedStoresRequest) -> AssociatedStorePage;
            }
            notify_configs {
                /// 设置通知地址: sets the URL that receives the notifications.
                set_notify_config(SetNotifyConfigRequest) -> NotifyUrlConfig;
                /// 获取通知地址: reads the URL that receives the notifications.
                get_notify_config(GetNotifyConfigRequest) -> NotifyUrlConfig;
            }
            media {
                /// 图片上传: uploads an image (multipart); the answer's URL is what the
                /// display information's image fields take.
                upload_image(UploadImageRequest) -> UploadedImage;
                /// 提交图片生成任务: asks for a coupon head image, generated asynchronously
                /// (a `PRODUCT_COUPON_SP.IMAGE_GENERATION` notification tells the result).
                create_image_generation_task(CreateImageGenerationTaskRequest) -> ImageGenerationTaskReceipt;
                /// 查询图片生成任务执行结果: reads a task's state and generated image.
                get_image_generation_task(GetImageGenerationTaskRequest) -> ImageGenerationTask;
            }
        }
    };
}

macro_rules! endpoint_table {
    ([$krate:tt] $($resource:ident { $($(#[$doc:meta])* $name:ident($req:ident) -> $resp:ident;)* })*) => {
        /// Every endpoint, in registry order, e.g. to configure rate limits by name.
        ///
        /// ```
        /// use wechatpay_product_coupon::api::ENDPOINTS;
        /// assert!(ENDPOINTS.iter().any(|e| e.name == "update_product_coupon"));
        /// ```
        pub const ENDPOINTS: &[Endpoint] = &[$($(<$krate::api::$req as ApiRequest>::ENDPOINT,)*)*];

        /// The resource each endpoint of [`ENDPOINTS`] belongs to, as `(resource, name)`.
        ///
        /// ```
        /// use wechatpay_product_coupon::api::RESOURCES;
        /// assert!(RESOURCES.contains(&("user_coupons", "use_coupon")));
        /// ```
        pub const RESOURCES: &[(&str, &str)] = &[$($((stringify!($resource), stringify!($name)),)*)*];
    };
}
for_each_endpoint!(endpoint_table);

// Each registered name is the name its request type declares.
macro_rules! names_match {
    ([$krate:tt] $($resource:ident { $($(#[$doc:meta])* $name:ident($req:ident) -> $resp:ident;)* })*) => {
        const _: () = {
            $($(assert!(
                const_str_eq(<$krate::api::$req as ApiRequest>::ENDPOINT.name, stringify!($name)),
                concat!("the registry's name ", stringify!($name), " differs from its request type's ENDPOINT.name"),
            );)*)*
        };
    };
}
for_each_endpoint!(names_match);

const fn const_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

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

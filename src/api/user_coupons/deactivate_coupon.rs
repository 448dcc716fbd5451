//! 失效用户商品券 (deactivate a user's coupon):
//! `POST /v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/deactivate`.

use serde::{Deserialize, Serialize};

use super::UserCouponRef;
use crate::api::rules;
use crate::error::Error;
use crate::model::ids::{AppId, BrandId, CouponCode, OpenId, ProductCouponId, RequestNo, StockId};
use crate::model::UserCoupon;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Deactivates (失效) a user's coupon. The answer is the coupon, now `DEACTIVATED`.
///
/// As with every write, resend the same value to retry: `out_request_no` is the idempotency
/// key and the rest must be identical.
///
/// ```
/// use wechatpay_product_coupon::api::{DeactivateCouponRequest, UserCouponRef};
/// use wechatpay_product_coupon::endpoint::ApiRequest;
///
/// let coupon = UserCouponRef {
///     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
///     coupon_code: "Code_123456".parse()?,
///     product_coupon_id: "1000000013".parse()?,
///     stock_id: "1000000013001".parse()?,
///     appid: "wx233544546545989".parse()?,
///     brand_id: "120344".parse()?,
/// };
/// let req = DeactivateCouponRequest::new(coupon, "MCHDEACTIVATE202003101234".parse()?, "商品已下线");
/// assert!(req.validate().is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeactivateCouponRequest {
    /// Path: the user's OpenID.
    pub openid: OpenId,
    /// Path: the user coupon code (at most 40 characters).
    pub coupon_code: CouponCode,
    /// 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// 批次ID.
    pub stock_id: StockId,
    /// AppID bound to the service provider.
    pub appid: AppId,
    /// 失效请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: RequestNo,
    /// 失效原因: 1-150 characters.
    pub deactivate_reason: String,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl DeactivateCouponRequest {
    /// A deactivation of `coupon`, for `reason` (1-150 characters).
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{DeactivateCouponRequest, UserCouponRef};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// # let coupon = UserCouponRef {
    /// #     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
    /// #     coupon_code: "Code_123456".parse()?,
    /// #     product_coupon_id: "1000000013".parse()?,
    /// #     stock_id: "1000000013001".parse()?,
    /// #     appid: "wx233544546545989".parse()?,
    /// #     brand_id: "120344".parse()?,
    /// # };
    /// let req = DeactivateCouponRequest::new(coupon.clone(), "MCHDEACTIVATE0001".parse()?, "商品已下线");
    /// assert_eq!(req.coupon_code, "Code_123456");
    /// assert_eq!(req.deactivate_reason, "商品已下线");
    ///
    /// // The reason is required (1-150 characters).
    /// let err = DeactivateCouponRequest::new(coupon, "MCHDEACTIVATE0002".parse()?, "").validate().unwrap_err();
    /// assert!(err.to_string().contains("deactivate_reason"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        coupon: UserCouponRef,
        out_request_no: RequestNo,
        reason: impl Into<String>,
    ) -> Self {
        DeactivateCouponRequest {
            openid: coupon.openid,
            coupon_code: coupon.coupon_code,
            product_coupon_id: coupon.product_coupon_id,
            stock_id: coupon.stock_id,
            appid: coupon.appid,
            out_request_no,
            deactivate_reason: reason.into(),
            brand_id: coupon.brand_id,
        }
    }
}

impl ApiRequest for DeactivateCouponRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "deactivate_coupon",
        Method::Post,
        "/v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/deactivate",
        Params::JsonBody,
        500,
    );
    type Response = UserCoupon;

    fn check(&self) -> Result<(), Error> {
        rules::char_range("deactivate_reason", &self.deactivate_reason, 1, 150)?;
        rules::required("deactivate_reason", &self.deactivate_reason)
    }
}

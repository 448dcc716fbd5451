//! 失效用户商品券 (deactivate a user's coupon):
//! `POST /v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/deactivate`.

use serde::{Deserialize, Serialize};

use super::UserCouponRef;
use crate::api::rules;
use crate::error::Error;
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
///     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
///     coupon_code: "Code_123456".into(),
///     product_coupon_id: "1000000013".into(),
///     stock_id: "1000000013001".into(),
///     appid: "wx233544546545989".into(),
///     brand_id: "120344".into(),
/// };
/// let req = DeactivateCouponRequest::new(coupon, "MCHDEACTIVATE202003101234", "商品已下线");
/// assert!(req.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeactivateCouponRequest {
    /// Path: the user's OpenID.
    pub openid: String,
    /// Path: the user coupon code (at most 40 characters).
    pub coupon_code: String,
    /// 商品券ID.
    pub product_coupon_id: String,
    /// 批次ID.
    pub stock_id: String,
    /// AppID bound to the service provider.
    pub appid: String,
    /// 失效请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: String,
    /// 失效原因: 1-150 characters.
    pub deactivate_reason: String,
    /// 品牌ID.
    pub brand_id: String,
}

impl DeactivateCouponRequest {
    /// A deactivation of `coupon`, for `reason` (1-150 characters).
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{DeactivateCouponRequest, UserCouponRef};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// # let coupon = UserCouponRef {
    /// #     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
    /// #     coupon_code: "Code_123456".into(),
    /// #     product_coupon_id: "1000000013".into(),
    /// #     stock_id: "1000000013001".into(),
    /// #     appid: "wx233544546545989".into(),
    /// #     brand_id: "120344".into(),
    /// # };
    /// let req = DeactivateCouponRequest::new(coupon.clone(), "MCHDEACTIVATE0001", "商品已下线");
    /// assert_eq!(req.coupon_code, "Code_123456");
    /// assert_eq!(req.deactivate_reason, "商品已下线");
    ///
    /// // The reason is required (1-150 characters).
    /// let err = DeactivateCouponRequest::new(coupon, "MCHDEACTIVATE0002", "").validate().unwrap_err();
    /// assert!(err.to_string().contains("deactivate_reason"));
    /// ```
    pub fn new(
        coupon: UserCouponRef,
        out_request_no: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        DeactivateCouponRequest {
            openid: coupon.openid,
            coupon_code: coupon.coupon_code,
            product_coupon_id: coupon.product_coupon_id,
            stock_id: coupon.stock_id,
            appid: coupon.appid,
            out_request_no: out_request_no.into(),
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
        UserCouponRef::check(
            &self.coupon_code,
            &self.product_coupon_id,
            &self.stock_id,
            &self.appid,
            &self.brand_id,
        )?;
        rules::request_no("out_request_no", &self.out_request_no)?;
        rules::char_range("deactivate_reason", &self.deactivate_reason, 1, 150)?;
        rules::required("deactivate_reason", &self.deactivate_reason)
    }
}

//! 失效商品券 (deactivate a product coupon):
//! `POST /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/deactivate`
//! (doc 4016434631).

use serde::{Deserialize, Serialize};

use crate::api::rules;
use crate::error::Error;
use crate::model::ids::{BrandId, ProductCouponId, RequestNo};
use crate::model::ProductCoupon;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Deactivates (失效) a product coupon: **all of its stocks** are deactivated and it is sent
/// no more; coupons already sent to users stay valid. Only an `EFFECTIVE` product coupon can
/// be deactivated. The answer is the product coupon, `DEACTIVATED`, with its `deactivate_*`
/// fields.
///
/// As with every write, resend the same value to retry: `out_request_no` is the idempotency
/// key and the rest must be identical.
///
/// ```
/// use wechatpay_product_coupon::api::DeactivateProductCouponRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// // The official example (doc 4016434631).
/// let req = DeactivateProductCouponRequest::new(
///     "1000000013".parse()?,
///     "120344".parse()?,
///     "34657_20250101_123456".parse()?,
///     "商品券信息有误，重新创建",
/// );
/// assert!(req.encode()?.target.ends_with("/product-coupons/1000000013/deactivate"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeactivateProductCouponRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// 失效请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: RequestNo,
    /// 失效原因: 1-150 characters.
    pub deactivate_reason: String,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl DeactivateProductCouponRequest {
    /// A deactivation of `product_coupon_id`, owned by `brand_id`, for `reason` (1-150
    /// characters).
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::DeactivateProductCouponRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let req = DeactivateProductCouponRequest::new(
    ///     "1000000013".parse()?, "120344".parse()?, "34657_20250101_123456".parse()?, "",
    /// );
    /// // The reason is required (1-150 characters).
    /// assert!(req.validate().unwrap_err().to_string().contains("deactivate_reason"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        product_coupon_id: ProductCouponId,
        brand_id: BrandId,
        out_request_no: RequestNo,
        reason: impl Into<String>,
    ) -> Self {
        DeactivateProductCouponRequest {
            product_coupon_id,
            out_request_no,
            deactivate_reason: reason.into(),
            brand_id,
        }
    }
}

impl ApiRequest for DeactivateProductCouponRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "deactivate_product_coupon",
        Method::Post,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/deactivate",
        Params::JsonBody,
        20,
    );
    type Response = ProductCoupon;

    fn check(&self) -> Result<(), Error> {
        rules::char_range("deactivate_reason", &self.deactivate_reason, 1, 150)?;
        rules::required("deactivate_reason", &self.deactivate_reason)
    }
}

//! 失效商品券批次 (deactivate a stock):
//! `POST /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/deactivate`
//! (doc 4015781532).

use serde::{Deserialize, Serialize};

use crate::api::rules;
use crate::error::Error;
use crate::model::ids::{BrandId, ProductCouponId, RequestNo, StockId};
use crate::model::Stock;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Deactivates (失效) one stock of a product coupon: it sends no more coupons; the product
/// coupon, its other stocks and the coupons already sent stay as they are. Only a `SENDING`
/// or `PAUSED` stock can be deactivated. The answer is the stock, `DEACTIVATED`, with its
/// `deactivate_*` fields.
///
/// As with every write, resend the same value to retry: `out_request_no` is the idempotency
/// key and the rest must be identical.
///
/// ```
/// use wechatpay_product_coupon::api::DeactivateStockRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// // The official example (doc 4015781532).
/// let req = DeactivateStockRequest::new(
///     "1000000013".parse()?,
///     "1000000013001".parse()?,
///     "120344".parse()?,
///     "de_34657_20250101_123456".parse()?,
///     "批次信息有误，重新创建",
/// );
/// let encoded = req.encode()?;
/// assert!(encoded.target.ends_with("/product-coupons/1000000013/stocks/1000000013001/deactivate"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeactivateStockRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// Path: 批次ID.
    pub stock_id: StockId,
    /// 失效请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: RequestNo,
    /// 失效原因: 1-150 characters.
    pub deactivate_reason: String,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl DeactivateStockRequest {
    /// A deactivation of stock `stock_id` of `product_coupon_id`, owned by `brand_id`, for
    /// `reason` (1-150 characters).
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::DeactivateStockRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let req = DeactivateStockRequest::new(
    ///     "1000000013".parse()?, "1000000013001".parse()?, "120344".parse()?,
    ///     "de_34657_20250101_123456".parse()?, "",
    /// );
    /// // The reason is required (1-150 characters).
    /// assert!(req.validate().unwrap_err().to_string().contains("deactivate_reason"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        product_coupon_id: ProductCouponId,
        stock_id: StockId,
        brand_id: BrandId,
        out_request_no: RequestNo,
        reason: impl Into<String>,
    ) -> Self {
        DeactivateStockRequest {
            product_coupon_id,
            stock_id,
            out_request_no,
            deactivate_reason: reason.into(),
            brand_id,
        }
    }
}

impl ApiRequest for DeactivateStockRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "deactivate_stock",
        Method::Post,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/deactivate",
        Params::JsonBody,
        20,
    );
    type Response = Stock;

    fn check(&self) -> Result<(), Error> {
        rules::char_range("deactivate_reason", &self.deactivate_reason, 1, 150)?;
        rules::required("deactivate_reason", &self.deactivate_reason)
    }
}

//! 查询商品券指定批次 (get one stock):
//! `GET /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}?brand_id`
//! (doc 4016434649).

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::ids::{BrandId, ProductCouponId, StockId};
use crate::model::Stock;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Looks one stock of a product coupon up (查询商品券指定批次). The answer is the stock,
/// with `progressive_bundle_usage_rule` and `stock_bundle_info` for a bundle's stocks. A
/// stock that does not exist, or belongs to another product coupon, is `404 NOT_FOUND`.
///
/// ```
/// use wechatpay_product_coupon::api::GetStockRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let req = GetStockRequest::new("1000000013".parse()?, "1000000013001".parse()?, "120344".parse()?);
/// assert_eq!(
///     req.encode()?.target,
///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013/stocks/1000000013001?brand_id=120344"
/// );
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GetStockRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// Path: 批次ID (must belong to the product coupon).
    pub stock_id: StockId,
    /// Query: 品牌ID.
    pub brand_id: BrandId,
}

impl GetStockRequest {
    /// A lookup of stock `stock_id` of `product_coupon_id`, owned by `brand_id`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::GetStockRequest;
    /// let req = GetStockRequest::new("1000000013".parse()?, "1000000013001".parse()?, "120344".parse()?);
    /// assert_eq!(req.stock_id, "1000000013001");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(product_coupon_id: ProductCouponId, stock_id: StockId, brand_id: BrandId) -> Self {
        GetStockRequest {
            product_coupon_id,
            stock_id,
            brand_id,
        }
    }
}

impl ApiRequest for GetStockRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "get_stock",
        Method::Get,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}",
        Params::Query,
        20,
    );
    type Response = Stock;

    fn check(&self) -> Result<(), Error> {
        Ok(())
    }
}

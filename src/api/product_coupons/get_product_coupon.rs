//! 查询商品券 (query a product coupon):
//! `GET /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}?brand_id`.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::ids::{BrandId, ProductCouponId};
use crate::model::ProductCoupon;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Looks a product coupon up (查询商品券). With
/// [`UpdateProductCouponRequest::from_product_coupon`](crate::api::UpdateProductCouponRequest::from_product_coupon)
/// "change the name" is: get, edit one field, update.
///
/// ```
/// use wechatpay_product_coupon::api::GetProductCouponRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let encoded = GetProductCouponRequest::new("1000000013".parse()?, "120344".parse()?).encode()?;
/// assert_eq!(
///     encoded.target,
///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013?brand_id=120344"
/// );
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GetProductCouponRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// Query: 品牌ID.
    pub brand_id: BrandId,
}

impl GetProductCouponRequest {
    /// A lookup of `product_coupon_id`, owned by `brand_id`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::GetProductCouponRequest;
    /// let req = GetProductCouponRequest::new("1000000013".parse()?, "120344".parse()?);
    /// assert_eq!(req.brand_id, "120344");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(product_coupon_id: ProductCouponId, brand_id: BrandId) -> Self {
        GetProductCouponRequest {
            product_coupon_id,
            brand_id,
        }
    }
}

impl ApiRequest for GetProductCouponRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "get_product_coupon",
        Method::Get,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}",
        Params::Query,
        20,
    );
    type Response = ProductCoupon;

    fn check(&self) -> Result<(), Error> {
        Ok(())
    }
}

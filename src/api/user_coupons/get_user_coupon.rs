//! 查询用户商品券详情 (query a user's coupon):
//! `GET /v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}?product_coupon_id&stock_id&appid&brand_id`.

use serde::{Deserialize, Serialize};

use super::UserCouponRef;
use crate::error::Error;
use crate::model::ids::{AppId, BrandId, CouponCode, OpenId, ProductCouponId, StockId};
use crate::model::UserCoupon;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Looks a user's coupon up (查询用户商品券详情): its current state and details. Also the
/// way to reconcile after a call whose outcome is unknown (a timeout).
///
/// ```
/// use wechatpay_product_coupon::api::{GetUserCouponRequest, UserCouponRef};
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let coupon = UserCouponRef {
///     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
///     coupon_code: "Code_123456".parse()?,
///     product_coupon_id: "1000000013".parse()?,
///     stock_id: "1000000013001".parse()?,
///     appid: "wx233544546545989".parse()?,
///     brand_id: "120344".parse()?,
/// };
/// let encoded = GetUserCouponRequest::new(coupon).encode()?;
/// assert_eq!(
///     encoded.target,
///     "/v3/marketing/partner/product-coupon/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code_123456\
///      ?product_coupon_id=1000000013&stock_id=1000000013001&appid=wx233544546545989&brand_id=120344"
/// );
/// assert_eq!(encoded.body, None);
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GetUserCouponRequest {
    /// Path: the user's OpenID.
    pub openid: OpenId,
    /// Path: the user coupon code (at most 40 characters).
    pub coupon_code: CouponCode,
    /// Query: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// Query: 批次ID.
    pub stock_id: StockId,
    /// Query: AppID.
    pub appid: AppId,
    /// Query: 品牌ID.
    pub brand_id: BrandId,
}

impl GetUserCouponRequest {
    /// A lookup of `coupon`.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{GetUserCouponRequest, UserCouponRef};
    /// # let coupon = UserCouponRef {
    /// #     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?, coupon_code: "Code_123456".parse()?,
    /// #     product_coupon_id: "1000000013".parse()?, stock_id: "1000000013001".parse()?,
    /// #     appid: "wx233544546545989".parse()?, brand_id: "120344".parse()?,
    /// # };
    /// let req = GetUserCouponRequest::new(coupon);
    /// assert_eq!(req.coupon_code, "Code_123456");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(coupon: UserCouponRef) -> Self {
        GetUserCouponRequest {
            openid: coupon.openid,
            coupon_code: coupon.coupon_code,
            product_coupon_id: coupon.product_coupon_id,
            stock_id: coupon.stock_id,
            appid: coupon.appid,
            brand_id: coupon.brand_id,
        }
    }
}

impl ApiRequest for GetUserCouponRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "get_user_coupon",
        Method::Get,
        "/v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}",
        Params::Query,
        500,
    );
    type Response = UserCoupon;

    fn check(&self) -> Result<(), Error> {
        Ok(())
    }
}

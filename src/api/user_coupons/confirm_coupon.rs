//! 确认发放用户商品券 (confirm a sent coupon):
//! `POST /v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/confirm`.

use serde::{Deserialize, Serialize};

use super::UserCouponRef;
use crate::error::Error;
use crate::model::ids::{AppId, BrandId, CouponCode, OpenId, ProductCouponId, RequestNo, StockId};
use crate::model::UserCoupon;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Confirms (确认发放) a sent coupon: `CONFIRMING` → `EFFECTIVE`. Mandatory after every
/// send, whatever the channel (docs/protocol-notes.md §1.6); until then the coupon cannot be used. Call it
/// when the `PRODUCT_COUPON_SP.SEND` notification arrives, or after your own send.
///
/// `out_request_no` is the idempotency key: resend the same value to retry.
///
/// ```
/// use wechatpay_product_coupon::api::{ConfirmCouponRequest, UserCouponRef};
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let coupon = UserCouponRef {
///     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
///     coupon_code: "Code_123456".parse()?,
///     product_coupon_id: "1000000013".parse()?,
///     stock_id: "1000000013001".parse()?,
///     appid: "wx233544546545989".parse()?,
///     brand_id: "120344".parse()?,
/// };
/// let req = ConfirmCouponRequest::new(coupon, "MCHCONFIRM0001".parse()?);
/// let encoded = req.encode()?;
/// assert!(encoded.target.ends_with("/coupons/Code_123456/confirm"));
/// assert_eq!(
///     encoded.body_bytes(),
///     br#"{"product_coupon_id":"1000000013","stock_id":"1000000013001","appid":"wx233544546545989","out_request_no":"MCHCONFIRM0001","brand_id":"120344"}"#
/// );
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ConfirmCouponRequest {
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
    /// 确认请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: RequestNo,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl ConfirmCouponRequest {
    /// A confirmation of `coupon`.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{ConfirmCouponRequest, UserCouponRef};
    /// # let coupon = UserCouponRef {
    /// #     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?, coupon_code: "Code_123456".parse()?,
    /// #     product_coupon_id: "1000000013".parse()?, stock_id: "1000000013001".parse()?,
    /// #     appid: "wx233544546545989".parse()?, brand_id: "120344".parse()?,
    /// # };
    /// let req = ConfirmCouponRequest::new(coupon, "MCHCONFIRM0001".parse()?);
    /// assert_eq!(req.out_request_no, "MCHCONFIRM0001");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(coupon: UserCouponRef, out_request_no: RequestNo) -> Self {
        ConfirmCouponRequest {
            openid: coupon.openid,
            coupon_code: coupon.coupon_code,
            product_coupon_id: coupon.product_coupon_id,
            stock_id: coupon.stock_id,
            appid: coupon.appid,
            out_request_no,
            brand_id: coupon.brand_id,
        }
    }
}

impl ApiRequest for ConfirmCouponRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "confirm_coupon",
        Method::Post,
        "/v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/confirm",
        Params::JsonBody,
        500,
    );
    type Response = UserCoupon;

    fn check(&self) -> Result<(), Error> {
        Ok(())
    }
}

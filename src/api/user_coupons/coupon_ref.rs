//! [`UserCouponRef`]: the identifiers of one user's coupon, which every user-coupon endpoint
//! takes together.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::ids::{AppId, BrandId, CouponCode, OpenId, ProductCouponId, StockId};
use crate::model::CouponSentEvent;

/// Which user coupon a request is about: the six identifiers the user-coupon endpoints take
/// (`openid` and `coupon_code` in the path, the others in the body or query).
///
/// A plain struct with every field required and typed ([`crate::ids`]), so a missing or
/// swapped identifier does not compile, and each was checked when it was built:
///
/// ```
/// use wechatpay_product_coupon::api::UserCouponRef;
/// use wechatpay_product_coupon::ids::{AppId, BrandId, CouponCode, OpenId, ProductCouponId, StockId};
/// let coupon = UserCouponRef {
///     openid: OpenId::new("oh-394z-6CGkNoJrsDLTTUKiAnp4")?,
///     coupon_code: CouponCode::new("Code_123456")?,
///     product_coupon_id: ProductCouponId::new("1000000013")?,
///     stock_id: StockId::new("1000000013001")?,
///     appid: AppId::new("wx233544546545989")?,
///     brand_id: BrandId::new("120344")?,
/// };
/// assert_eq!(coupon.coupon_code, "Code_123456");
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
///
/// A stock ID where the OpenID belongs does not compile:
///
/// ```compile_fail
/// use wechatpay_product_coupon::api::UserCouponRef;
/// use wechatpay_product_coupon::ids::{AppId, BrandId, CouponCode, OpenId, ProductCouponId, StockId};
/// let coupon = UserCouponRef {
///     openid: StockId::new("1000000013001")?,
///     coupon_code: CouponCode::new("Code_123456")?,
///     product_coupon_id: ProductCouponId::new("1000000013")?,
///     stock_id: StockId::new("1000000013001")?,
///     appid: AppId::new("wx233544546545989")?,
///     brand_id: BrandId::new("120344")?,
/// };
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserCouponRef {
    /// The user's OpenID under `appid` (path).
    pub openid: OpenId,
    /// The user coupon code (path).
    pub coupon_code: CouponCode,
    /// 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// 批次ID; must belong to `product_coupon_id`.
    pub stock_id: StockId,
    /// The AppID bound to the service provider, under which `openid` was issued.
    pub appid: AppId,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl TryFrom<&CouponSentEvent<'_>> for UserCouponRef {
    type Error = Error;

    /// The coupon a `PRODUCT_COUPON_SP.SEND` notification announces, to confirm it; an
    /// identifier that breaks its rule ([`crate::ids`]) is an error naming it.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{ConfirmCouponRequest, UserCouponRef};
    /// use wechatpay_product_coupon::ids::RequestNo;
    /// use wechatpay_product_coupon::model::CouponSentEvent;
    /// let sent: CouponSentEvent<'_> = serde_json::from_str(r#"{"brand_id":"120344",
    ///     "coupon_code":"Code_123456","product_coupon_id":"1000000013","stock_id":"1000000013001",
    ///     "appid":"wx233544546545989","openid":"oh-394z-6CGkNoJrsDLTTUKiAnp4",
    ///     "send_request_no":"MCHSEND202003101234"}"#)?;
    /// let coupon = UserCouponRef::try_from(&sent)?;
    /// let confirm = ConfirmCouponRequest::new(coupon, RequestNo::new("MCHCONFIRM0001")?);
    /// assert_eq!(confirm.coupon_code, "Code_123456");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn try_from(sent: &CouponSentEvent<'_>) -> Result<Self, Error> {
        Ok(UserCouponRef {
            openid: OpenId::new(sent.openid.as_str())?,
            coupon_code: CouponCode::new(sent.coupon_code.as_str())?,
            product_coupon_id: ProductCouponId::new(sent.product_coupon_id.as_str())?,
            stock_id: StockId::new(sent.stock_id.as_str())?,
            appid: AppId::new(sent.appid.as_str())?,
            brand_id: BrandId::new(sent.brand_id.as_str())?,
        })
    }
}

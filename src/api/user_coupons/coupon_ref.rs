//! [`UserCouponRef`]: the identifiers of one user's coupon, which every user-coupon endpoint
//! takes together.

use serde::{Deserialize, Serialize};

use crate::api::rules;
use crate::error::Error;
use crate::model::CouponSentEvent;

/// Which user coupon a request is about: the six identifiers the user-coupon endpoints take
/// (`openid` and `coupon_code` in the path, the others in the body or query).
///
/// A plain struct with every field required, so a missing identifier does not compile:
///
/// ```
/// use wechatpay_product_coupon::api::UserCouponRef;
/// let coupon = UserCouponRef {
///     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
///     coupon_code: "Code_123456".into(),
///     product_coupon_id: "1000000013".into(),
///     stock_id: "1000000013001".into(),
///     appid: "wx233544546545989".into(),
///     brand_id: "120344".into(),
/// };
/// assert_eq!(coupon.coupon_code, "Code_123456");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserCouponRef {
    /// The user's OpenID under `appid` (path).
    pub openid: String,
    /// The user coupon code, at most 40 characters (path).
    pub coupon_code: String,
    /// 商品券ID.
    pub product_coupon_id: String,
    /// 批次ID; must belong to `product_coupon_id`.
    pub stock_id: String,
    /// The AppID bound to the service provider, under which `openid` was issued.
    pub appid: String,
    /// 品牌ID.
    pub brand_id: String,
}

impl UserCouponRef {
    /// Checks the identifiers that are not path parameters (those are checked on encode).
    pub(crate) fn check(
        coupon_code: &str,
        product_coupon_id: &str,
        stock_id: &str,
        appid: &str,
        brand_id: &str,
    ) -> Result<(), Error> {
        rules::coupon_code(coupon_code)?;
        rules::required("product_coupon_id", product_coupon_id)?;
        rules::required("stock_id", stock_id)?;
        rules::required("appid", appid)?;
        rules::required("brand_id", brand_id)
    }
}

impl From<&CouponSentEvent<'_>> for UserCouponRef {
    /// The coupon a `PRODUCT_COUPON_SP.SEND` notification announces, to confirm it.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{ConfirmCouponRequest, UserCouponRef};
    /// use wechatpay_product_coupon::model::CouponSentEvent;
    /// let sent: CouponSentEvent<'_> = serde_json::from_str(r#"{"brand_id":"120344",
    ///     "coupon_code":"Code_123456","product_coupon_id":"1000000013","stock_id":"1000000013001",
    ///     "appid":"wx233544546545989","openid":"oh-394z-6CGkNoJrsDLTTUKiAnp4",
    ///     "send_request_no":"MCHSEND202003101234"}"#)?;
    /// let confirm = ConfirmCouponRequest::new(UserCouponRef::from(&sent), "MCHCONFIRM0001");
    /// assert_eq!(confirm.coupon_code, "Code_123456");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn from(sent: &CouponSentEvent<'_>) -> Self {
        UserCouponRef {
            openid: sent.openid.to_string(),
            coupon_code: sent.coupon_code.to_string(),
            product_coupon_id: sent.product_coupon_id.to_string(),
            stock_id: sent.stock_id.to_string(),
            appid: sent.appid.to_string(),
            brand_id: sent.brand_id.to_string(),
        }
    }
}

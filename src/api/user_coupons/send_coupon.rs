//! 向用户发放商品券 (send a coupon to a user):
//! `POST /v3/marketing/partner/product-coupon/users/{openid}/coupons`.

use serde::{Deserialize, Serialize};

use super::UserCouponRef;
use crate::api::rules;
use crate::error::Error;
use crate::model::UserCoupon;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Sends (发放) a coupon of a stock to a user. The answer is the new coupon, in state
/// `CONFIRMING`: it becomes usable only after [`ConfirmCouponRequest`](crate::api::ConfirmCouponRequest)
/// (docs/protocol-notes.md §1.6: confirm is mandatory after every send). WeChat Pay also notifies the
/// service provider (`PRODUCT_COUPON_SP.SEND`) when a notify URL is set.
///
/// `send_request_no` is the idempotency key: resend the same value to retry. The answer is
/// the full `UserProductCouponEntity` (the community mirror's response table, the official
/// brand Go sample and the C# SDK agree; the partner page's response table could not be read,
/// docs/protocol-notes.md §9).
///
/// ```
/// use wechatpay_product_coupon::api::SendCouponRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
///
/// let mut req = SendCouponRequest::new(
///     "oh-394z-6CGkNoJrsDLTTUKiAnp4", // openid, under appid
///     "wx233544546545989",            // appid
///     "1000000013",                   // product_coupon_id
///     "1000000013001",                // stock_id
///     "120344",                       // brand_id
///     "MCHSEND202003101234",          // send_request_no
/// );
/// req.attach = Some("order 42".into()); // returned verbatim in the coupon and notification
/// let encoded = req.encode()?;
/// assert!(encoded.target.ends_with("/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons"));
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SendCouponRequest {
    /// Path: the user's OpenID under `appid`.
    pub openid: String,
    /// 商品券ID.
    pub product_coupon_id: String,
    /// 批次ID; the stock must be `SENDING`.
    pub stock_id: String,
    /// 用户商品券Code: **only** for stocks whose `coupon_code_mode` is `API_ASSIGN` (then
    /// required); at most 40 of `[0-9A-Za-z_-]`. For other stocks WeChat Pay assigns the code
    /// and refuses one sent here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_code: Option<String>,
    /// AppID bound to the service provider.
    pub appid: String,
    /// 发券请求单号: 6-128 of `[0-9A-Za-z_-]`, the idempotency key.
    pub send_request_no: String,
    /// 自定义附加信息: at most 150 characters, returned verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    /// 品牌ID.
    pub brand_id: String,
}

impl SendCouponRequest {
    /// A send of a coupon of `stock_id` (of `product_coupon_id`, owned by `brand_id`) to
    /// `openid` under `appid`; `coupon_code` and `attach` unset.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::SendCouponRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let mut req = SendCouponRequest::new("oh-394z-6CGkNoJrsDLTTUKiAnp4", "wx233544546545989",
    ///     "1000000013", "1000000013003", "120344", "MCHSEND0001");
    /// req.coupon_code = Some("MY_CODE_0001".into()); // an API_ASSIGN stock: we choose the code
    /// assert!(req.validate().is_ok());
    /// req.coupon_code = Some("no spaces".into());
    /// assert!(req.validate().unwrap_err().to_string().contains("coupon_code"));
    /// ```
    pub fn new(
        openid: impl Into<String>,
        appid: impl Into<String>,
        product_coupon_id: impl Into<String>,
        stock_id: impl Into<String>,
        brand_id: impl Into<String>,
        send_request_no: impl Into<String>,
    ) -> Self {
        SendCouponRequest {
            openid: openid.into(),
            product_coupon_id: product_coupon_id.into(),
            stock_id: stock_id.into(),
            coupon_code: None,
            appid: appid.into(),
            send_request_no: send_request_no.into(),
            attach: None,
            brand_id: brand_id.into(),
        }
    }
}

impl SendCouponRequest {
    /// The coupon this send created, once its code is known (from the answer or the
    /// `PRODUCT_COUPON_SP.SEND` notification): the identifiers confirm, use, query and return
    /// take.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{ConfirmCouponRequest, SendCouponRequest};
    /// let req = SendCouponRequest::new("oh-394z-6CGkNoJrsDLTTUKiAnp4", "wx233544546545989",
    ///     "1000000013", "1000000013002", "120344", "MCHSEND0001");
    /// // let sent = client.send_coupon(&req)?.parse()?; then, with sent.coupon_code:
    /// let coupon = req.coupon_ref("Code_SBX00000001");
    /// assert_eq!((coupon.openid.as_str(), coupon.stock_id.as_str()), ("oh-394z-6CGkNoJrsDLTTUKiAnp4", "1000000013002"));
    /// let confirm = ConfirmCouponRequest::new(coupon, "MCHCONFIRM0001");
    /// ```
    pub fn coupon_ref(&self, coupon_code: impl Into<String>) -> UserCouponRef {
        UserCouponRef {
            openid: self.openid.clone(),
            coupon_code: coupon_code.into(),
            product_coupon_id: self.product_coupon_id.clone(),
            stock_id: self.stock_id.clone(),
            appid: self.appid.clone(),
            brand_id: self.brand_id.clone(),
        }
    }
}

impl ApiRequest for SendCouponRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "send_coupon",
        Method::Post,
        "/v3/marketing/partner/product-coupon/users/{openid}/coupons",
        Params::JsonBody,
        500,
    );
    type Response = UserCoupon;

    fn check(&self) -> Result<(), Error> {
        rules::required("product_coupon_id", &self.product_coupon_id)?;
        rules::required("stock_id", &self.stock_id)?;
        if let Some(code) = &self.coupon_code {
            rules::code_text("coupon_code", code, 1, 40)?;
        }
        rules::required("appid", &self.appid)?;
        rules::send_request_no(&self.send_request_no)?;
        if let Some(attach) = &self.attach {
            rules::max_chars("attach", attach, 150)?;
        }
        rules::required("brand_id", &self.brand_id)
    }
}

//! 向用户发放商品券 (send a coupon to a user):
//! `POST /v3/marketing/partner/product-coupon/users/{openid}/coupons`.

use serde::{Deserialize, Serialize};

use super::UserCouponRef;
use crate::api::rules;
use crate::error::Error;
use crate::model::ids::{
    AppId, BrandId, CouponCode, OpenId, ProductCouponId, SendRequestNo, StockId,
};
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
/// use wechatpay_product_coupon::ids::{AppId, BrandId, OpenId, ProductCouponId, SendRequestNo, StockId};
///
/// let mut req = SendCouponRequest::new(
///     OpenId::new("oh-394z-6CGkNoJrsDLTTUKiAnp4")?, // under appid
///     AppId::new("wx233544546545989")?,
///     ProductCouponId::new("1000000013")?,
///     StockId::new("1000000013001")?,
///     BrandId::new("120344")?,
///     SendRequestNo::new("MCHSEND202003101234")?, // the idempotency key
/// );
/// req.attach = Some("order 42".into()); // returned verbatim in the coupon and notification
/// let encoded = req.encode()?;
/// assert!(encoded.target.ends_with("/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons"));
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
///
/// Each identifier has its own type, so arguments in the wrong order do not compile (here
/// the stock ID and the product coupon ID are swapped):
///
/// ```compile_fail
/// use wechatpay_product_coupon::api::SendCouponRequest;
/// use wechatpay_product_coupon::ids::{AppId, BrandId, OpenId, ProductCouponId, SendRequestNo, StockId};
/// let req = SendCouponRequest::new(
///     OpenId::new("oh-394z-6CGkNoJrsDLTTUKiAnp4")?,
///     AppId::new("wx233544546545989")?,
///     StockId::new("1000000013001")?,
///     ProductCouponId::new("1000000013")?,
///     BrandId::new("120344")?,
///     SendRequestNo::new("MCHSEND202003101234")?,
/// );
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SendCouponRequest {
    /// Path: the user's OpenID under `appid`.
    pub openid: OpenId,
    /// 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// 批次ID; the stock must be `SENDING`.
    pub stock_id: StockId,
    /// 用户商品券Code: **only** for stocks whose `coupon_code_mode` is `API_ASSIGN` (then
    /// required); at most 40 of `[0-9A-Za-z_-]`. For other stocks WeChat Pay assigns the code
    /// and refuses one sent here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_code: Option<CouponCode>,
    /// AppID bound to the service provider.
    pub appid: AppId,
    /// 发券请求单号: 6-128 of `[0-9A-Za-z_-]`, the idempotency key.
    pub send_request_no: SendRequestNo,
    /// 自定义附加信息: at most 150 characters, returned verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl SendCouponRequest {
    /// A send of a coupon of `stock_id` (of `product_coupon_id`, owned by `brand_id`) to
    /// `openid` under `appid`; `coupon_code` and `attach` unset.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::SendCouponRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// use wechatpay_product_coupon::ids::CouponCode;
    /// let mut req = SendCouponRequest::new("oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
    ///     "wx233544546545989".parse()?, "1000000013".parse()?, "1000000013003".parse()?,
    ///     "120344".parse()?, "MCHSEND0001".parse()?);
    /// req.coupon_code = Some(CouponCode::new("MY_CODE_0001")?); // an API_ASSIGN stock: we choose the code
    /// assert!(req.validate().is_ok());
    /// assert!(CouponCode::new("no spaces").unwrap_err().to_string().contains("coupon_code"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn new(
        openid: OpenId,
        appid: AppId,
        product_coupon_id: ProductCouponId,
        stock_id: StockId,
        brand_id: BrandId,
        send_request_no: SendRequestNo,
    ) -> Self {
        SendCouponRequest {
            openid,
            product_coupon_id,
            stock_id,
            coupon_code: None,
            appid,
            send_request_no,
            attach: None,
            brand_id,
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
    /// use wechatpay_product_coupon::ids::CouponCode;
    /// let req = SendCouponRequest::new("oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
    ///     "wx233544546545989".parse()?, "1000000013".parse()?, "1000000013002".parse()?,
    ///     "120344".parse()?, "MCHSEND0001".parse()?);
    /// // let sent = client.send_coupon(&req)?.parse_owned()?; then, with sent.coupon_code:
    /// let coupon = req.coupon_ref(CouponCode::new("Code_SBX00000001")?);
    /// assert_eq!((coupon.openid.as_str(), coupon.stock_id.as_str()), ("oh-394z-6CGkNoJrsDLTTUKiAnp4", "1000000013002"));
    /// let confirm = ConfirmCouponRequest::new(coupon, "MCHCONFIRM0001".parse()?);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn coupon_ref(&self, coupon_code: CouponCode) -> UserCouponRef {
        UserCouponRef {
            openid: self.openid.clone(),
            coupon_code,
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
        if let Some(attach) = &self.attach {
            rules::max_chars("attach", attach, 150)?;
        }
        Ok(())
    }
}

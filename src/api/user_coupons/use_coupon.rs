//! 核销用户商品券 (redeem a user's coupon):
//! `POST /v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/use`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::UserCouponRef;
use crate::api::rules;
use crate::error::Error;
use crate::model::{format_wire, UserCoupon};
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Redeems (核销) a user's coupon. The answer is the coupon, now `USED`.
///
/// `out_request_no` is the idempotency key: WeChat Pay answers a repeated number with the
/// first result **only if the rest of the request is identical**. To retry, resend the same
/// value (or one deserialized from its stored JSON); building a new request with a new
/// `use_time` gets `400 INVALID_REQUEST` ("使用了相同单号，但与上次请求的数据不一致").
///
/// ```
/// use wechatpay_product_coupon::api::{AssociatedOrderInfo, UseCouponRequest, UserCouponRef};
/// use time::macros::datetime; // your own `time` dependency, feature "macros"
///
/// let coupon = UserCouponRef {
///     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
///     coupon_code: "Code_123456".into(),
///     product_coupon_id: "1000000013".into(),
///     stock_id: "1000000013001".into(),
///     appid: "wx233544546545989".into(),
///     brand_id: "120344".into(),
/// };
/// let mut req = UseCouponRequest::new(
///     coupon,
///     "MCHUSE202003101234",
///     datetime!(2025-08-03 12:00:00 +08:00),
///     AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
/// );
/// req.store_id = Some("store-1".into()); // optional fields are public
///
/// // Persist it before sending; after a crash, resend exactly this value.
/// let stored = serde_json::to_string(&req)?;
/// let resent: UseCouponRequest = serde_json::from_str(&stored)?;
/// assert_eq!(resent, req);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UseCouponRequest {
    /// Path: the user's OpenID under `appid`.
    pub openid: String,
    /// Path: the user coupon code (at most 40 characters).
    pub coupon_code: String,
    /// 商品券ID.
    pub product_coupon_id: String,
    /// 批次ID; must belong to `product_coupon_id`.
    pub stock_id: String,
    /// AppID bound to the service provider.
    pub appid: String,
    /// 核销时间, sent as `YYYY-MM-DDTHH:MM:SS±HH:MM` in the value's own offset (whole
    /// seconds); read from any RFC 3339 text.
    #[serde(
        serialize_with = "crate::model::rfc3339::serialize_wire",
        deserialize_with = "crate::model::rfc3339::deserialize_rfc3339"
    )]
    pub use_time: OffsetDateTime,
    /// 核销请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: String,
    /// 品牌ID.
    pub brand_id: String,
    /// The WeChat Pay order of the redemption (this or the pay-score order is required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associated_order_info: Option<AssociatedOrderInfo>,
    /// The pay-score order of the redemption (this or `associated_order_info` is required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associated_pay_score_order_info: Option<AssociatedPayScoreOrderInfo>,
    /// 核销门店ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_id: Option<String>,
}

impl UseCouponRequest {
    /// A redemption of `coupon` at `use_time`, for the order it was used in; `store_id` is
    /// unset.
    ///
    /// `order` is an [`AssociatedOrderInfo`] or an [`AssociatedPayScoreOrderInfo`]; it fills
    /// the matching field and leaves the other `None`.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{AssociatedPayScoreOrderInfo, UseCouponRequest, UserCouponRef};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// # let coupon = UserCouponRef {
    /// #     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
    /// #     coupon_code: "Code_123456".into(),
    /// #     product_coupon_id: "1000000013".into(),
    /// #     stock_id: "1000000013001".into(),
    /// #     appid: "wx233544546545989".into(),
    /// #     brand_id: "120344".into(),
    /// # };
    /// let req = UseCouponRequest::new(
    ///     coupon,
    ///     "MCHUSE202003101234",
    ///     time::macros::datetime!(2025-08-03 12:00:00 +08:00),
    ///     AssociatedPayScoreOrderInfo::out_order_no("SCORE-1"),
    /// );
    /// assert!(req.associated_order_info.is_none());
    /// assert!(req.associated_pay_score_order_info.is_some());
    /// assert!(req.validate().is_ok());
    /// ```
    pub fn new(
        coupon: UserCouponRef,
        out_request_no: impl Into<String>,
        use_time: OffsetDateTime,
        order: impl Into<RedemptionOrder>,
    ) -> Self {
        let (associated_order_info, associated_pay_score_order_info) = match order.into() {
            RedemptionOrder::Payment(o) => (Some(o), None),
            RedemptionOrder::PayScore(o) => (None, Some(o)),
        };
        UseCouponRequest {
            openid: coupon.openid,
            coupon_code: coupon.coupon_code,
            product_coupon_id: coupon.product_coupon_id,
            stock_id: coupon.stock_id,
            appid: coupon.appid,
            use_time,
            out_request_no: out_request_no.into(),
            brand_id: coupon.brand_id,
            associated_order_info,
            associated_pay_score_order_info,
            store_id: None,
        }
    }
}

impl ApiRequest for UseCouponRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "use_coupon",
        Method::Post,
        "/v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/use",
        Params::JsonBody,
        500,
    );
    type Response = UserCoupon;

    fn check(&self) -> Result<(), Error> {
        UserCouponRef::check(
            &self.coupon_code,
            &self.product_coupon_id,
            &self.stock_id,
            &self.appid,
            &self.brand_id,
        )?;
        rules::request_no("out_request_no", &self.out_request_no)?;
        rules::optional("store_id", &self.store_id)?;
        format_wire(self.use_time).map_err(|rule| Error::invalid("use_time", rule))?;
        if self.associated_order_info.is_none() && self.associated_pay_score_order_info.is_none() {
            return Err(Error::invalid(
                "associated_order_info",
                "this or associated_pay_score_order_info is required",
            ));
        }
        if let Some(o) = &self.associated_order_info {
            o.check()?;
        }
        if let Some(p) = &self.associated_pay_score_order_info {
            p.check()?;
        }
        Ok(())
    }
}

/// The order a redemption belongs to: one of the two is required by [`UseCouponRequest::new`].
///
/// ```
/// use wechatpay_product_coupon::api::{AssociatedPayScoreOrderInfo, RedemptionOrder};
/// let order: RedemptionOrder = AssociatedPayScoreOrderInfo::out_order_no("SCORE-1").into();
/// assert!(matches!(order, RedemptionOrder::PayScore(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedemptionOrder {
    /// A WeChat Pay order (`associated_order_info`).
    Payment(AssociatedOrderInfo),
    /// A pay-score order (`associated_pay_score_order_info`).
    PayScore(AssociatedPayScoreOrderInfo),
}

impl From<AssociatedOrderInfo> for RedemptionOrder {
    fn from(o: AssociatedOrderInfo) -> Self {
        RedemptionOrder::Payment(o)
    }
}

impl From<AssociatedPayScoreOrderInfo> for RedemptionOrder {
    fn from(o: AssociatedPayScoreOrderInfo) -> Self {
        RedemptionOrder::PayScore(o)
    }
}

/// The WeChat Pay order a redemption belongs to. Which combinations the server accepts is
/// not documented (docs/protocol-notes.md §9); the official example sends `transaction_id` alone, and this
/// crate requires `transaction_id` or `out_trade_no`.
///
/// ```
/// use wechatpay_product_coupon::api::AssociatedOrderInfo;
/// let mut order = AssociatedOrderInfo::out_trade_no("MCH-ORDER-1");
/// order.sub_mchid = Some("1900000109".into());
/// assert_eq!(order.transaction_id, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AssociatedOrderInfo {
    /// 微信支付单号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// 商户订单号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    /// 商户号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    /// 子商户号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
}

impl AssociatedOrderInfo {
    /// The order identified by its WeChat Pay transaction ID (微信支付单号).
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::AssociatedOrderInfo;
    /// let o = AssociatedOrderInfo::transaction_id("4200000000123456789123456789");
    /// assert_eq!(o.transaction_id.as_deref(), Some("4200000000123456789123456789"));
    /// ```
    pub fn transaction_id(id: impl Into<String>) -> Self {
        AssociatedOrderInfo {
            transaction_id: Some(id.into()),
            ..Self::default()
        }
    }

    /// The order identified by the merchant's order number (商户订单号).
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::AssociatedOrderInfo;
    /// let o = AssociatedOrderInfo::out_trade_no("MCH-ORDER-1");
    /// assert_eq!(o.out_trade_no.as_deref(), Some("MCH-ORDER-1"));
    /// assert!(o.transaction_id.is_none());
    /// ```
    pub fn out_trade_no(no: impl Into<String>) -> Self {
        AssociatedOrderInfo {
            out_trade_no: Some(no.into()),
            ..Self::default()
        }
    }

    fn check(&self) -> Result<(), Error> {
        check_reference(
            "associated_order_info",
            "transaction_id or out_trade_no",
            &[
                ("associated_order_info.transaction_id", &self.transaction_id),
                ("associated_order_info.out_trade_no", &self.out_trade_no),
                ("associated_order_info.mchid", &self.mchid),
                ("associated_order_info.sub_mchid", &self.sub_mchid),
            ],
        )
    }
}

/// The pay-score (支付分) order a redemption belongs to.
///
/// ```
/// use wechatpay_product_coupon::api::AssociatedPayScoreOrderInfo;
/// let o = AssociatedPayScoreOrderInfo::order_id("1000000000201907101234567890");
/// assert!(o.out_order_no.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AssociatedPayScoreOrderInfo {
    /// 微信支付服务订单号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// 商户服务订单号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_order_no: Option<String>,
    /// 商户号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    /// 子商户号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
}

impl AssociatedPayScoreOrderInfo {
    /// The order identified by WeChat Pay's service order ID (微信支付服务订单号).
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::AssociatedPayScoreOrderInfo;
    /// let o = AssociatedPayScoreOrderInfo::order_id("1000000000201907101234567890");
    /// assert_eq!(o.order_id.as_deref(), Some("1000000000201907101234567890"));
    /// ```
    pub fn order_id(id: impl Into<String>) -> Self {
        AssociatedPayScoreOrderInfo {
            order_id: Some(id.into()),
            ..Self::default()
        }
    }

    /// The order identified by the merchant's service order number (商户服务订单号).
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::AssociatedPayScoreOrderInfo;
    /// let o = AssociatedPayScoreOrderInfo::out_order_no("SCORE-1");
    /// assert_eq!(o.out_order_no.as_deref(), Some("SCORE-1"));
    /// assert!(o.order_id.is_none());
    /// ```
    pub fn out_order_no(no: impl Into<String>) -> Self {
        AssociatedPayScoreOrderInfo {
            out_order_no: Some(no.into()),
            ..Self::default()
        }
    }

    fn check(&self) -> Result<(), Error> {
        check_reference(
            "associated_pay_score_order_info",
            "order_id or out_order_no",
            &[
                ("associated_pay_score_order_info.order_id", &self.order_id),
                (
                    "associated_pay_score_order_info.out_order_no",
                    &self.out_order_no,
                ),
                ("associated_pay_score_order_info.mchid", &self.mchid),
                ("associated_pay_score_order_info.sub_mchid", &self.sub_mchid),
            ],
        )
    }
}

/// An order reference: the first two fields identify the order, at least one must be set;
/// any field that is set must be non-empty.
fn check_reference(
    object: &'static str,
    identifiers: &str,
    fields: &[(&'static str, &Option<String>); 4],
) -> Result<(), Error> {
    for (name, value) in fields {
        rules::optional(name, value)?;
    }
    if fields[0].1.is_none() && fields[1].1.is_none() {
        return Err(Error::invalid(
            object,
            format!("must name the order: set {identifiers}"),
        ));
    }
    Ok(())
}

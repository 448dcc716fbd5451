//! 核销用户商品券 (redeem a user's coupon):
//! `POST /v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/use`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::UserCouponRef;
use crate::api::rules;
use crate::error::Error;
use crate::model::ids::{AppId, BrandId, CouponCode, OpenId, ProductCouponId, RequestNo, StockId};
use crate::model::{format_wire, UserCoupon};
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Redeems (核销) a user's coupon. The answer is the coupon, now `USED`.
///
/// `out_request_no` is the idempotency key: WeChat Pay answers a repeated number with the
/// first result **only if the rest of the request is identical**. To retry, resend the same
/// value (or one deserialized from its stored JSON); building a new request with a new
/// `use_time` gets `400 INVALID_REQUEST` ("使用了相同单号，但与上次请求的数据不一致").
///
/// The order the coupon was used in is required: `order` is a [`RedemptionOrder`], sent as
/// `associated_order_info` (a WeChat Pay order), `associated_pay_score_order_info` (a
/// pay-score order) or both, as the official request example does; JSON without either is
/// refused when it is read, naming `associated_order_info`.
///
/// ```
/// use wechatpay_product_coupon::api::{AssociatedOrderInfo, UseCouponRequest, UserCouponRef};
/// use wechatpay_product_coupon::ids::{AppId, BrandId, CouponCode, OpenId, ProductCouponId, RequestNo, StockId};
/// use time::macros::datetime; // your own `time` dependency, feature "macros"
///
/// let coupon = UserCouponRef {
///     openid: OpenId::new("oh-394z-6CGkNoJrsDLTTUKiAnp4")?,
///     coupon_code: CouponCode::new("Code_123456")?,
///     product_coupon_id: ProductCouponId::new("1000000013")?,
///     stock_id: StockId::new("1000000013001")?,
///     appid: AppId::new("wx233544546545989")?,
///     brand_id: BrandId::new("120344")?,
/// };
/// let mut req = UseCouponRequest::new(
///     coupon,
///     RequestNo::new("MCHUSE202003101234")?,
///     datetime!(2025-08-03 12:00:00 +08:00),
///     AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
/// );
/// req.store_id = Some("store-1".into()); // optional fields are public
///
/// // Persist it before sending; after a crash, resend exactly this value.
/// let stored = serde_json::to_string(&req)?;
/// let resent: UseCouponRequest = serde_json::from_str(&stored)?;
/// assert_eq!(resent, req);
///
/// // Without the order it was used in, stored JSON is refused.
/// let without = stored.replace(r#""associated_order_info":{"transaction_id":"4200000000123456789123456789"},"#, "");
/// let err = serde_json::from_str::<UseCouponRequest>(&without).unwrap_err();
/// assert!(err.to_string().contains("associated_order_info"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "UseCouponWire")]
#[non_exhaustive]
pub struct UseCouponRequest {
    /// Path: the user's OpenID under `appid`.
    pub openid: OpenId,
    /// Path: the user coupon code.
    pub coupon_code: CouponCode,
    /// 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// 批次ID; must belong to `product_coupon_id`.
    pub stock_id: StockId,
    /// AppID bound to the service provider.
    pub appid: AppId,
    /// 核销时间, sent as `YYYY-MM-DDTHH:MM:SS±HH:MM` in the value's own offset (whole
    /// seconds); read from any RFC 3339 text.
    pub use_time: OffsetDateTime,
    /// 核销请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: RequestNo,
    /// 品牌ID.
    pub brand_id: BrandId,
    /// The order of the redemption: `associated_order_info`,
    /// `associated_pay_score_order_info` or both on the wire; required.
    pub order: RedemptionOrder,
    /// 核销门店ID: at most 64 characters (a crate bound; the spec gives none), no control
    /// characters.
    pub store_id: Option<String>,
}

/// The JSON form of [`UseCouponRequest`], in the official field order.
#[derive(Serialize)]
struct UseCouponWireRef<'a> {
    openid: &'a OpenId,
    coupon_code: &'a CouponCode,
    product_coupon_id: &'a ProductCouponId,
    stock_id: &'a StockId,
    appid: &'a AppId,
    #[serde(serialize_with = "crate::model::rfc3339::serialize_wire")]
    use_time: &'a OffsetDateTime,
    out_request_no: &'a RequestNo,
    brand_id: &'a BrandId,
    #[serde(skip_serializing_if = "Option::is_none")]
    associated_order_info: Option<&'a AssociatedOrderInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    associated_pay_score_order_info: Option<&'a AssociatedPayScoreOrderInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    store_id: Option<&'a String>,
}

/// The JSON form read back: both orders optional until [`TryFrom`] requires one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UseCouponWire {
    openid: OpenId,
    coupon_code: CouponCode,
    product_coupon_id: ProductCouponId,
    stock_id: StockId,
    appid: AppId,
    #[serde(deserialize_with = "crate::model::rfc3339::deserialize_rfc3339")]
    use_time: OffsetDateTime,
    out_request_no: RequestNo,
    brand_id: BrandId,
    #[serde(default)]
    associated_order_info: Option<AssociatedOrderInfo>,
    #[serde(default)]
    associated_pay_score_order_info: Option<AssociatedPayScoreOrderInfo>,
    #[serde(default)]
    store_id: Option<String>,
}

impl TryFrom<UseCouponWire> for UseCouponRequest {
    type Error = Error;

    fn try_from(w: UseCouponWire) -> Result<Self, Error> {
        let order = match (w.associated_order_info, w.associated_pay_score_order_info) {
            (Some(payment), None) => RedemptionOrder::Payment(payment),
            (None, Some(pay_score)) => RedemptionOrder::PayScore(pay_score),
            (Some(payment), Some(pay_score)) => RedemptionOrder::Both { payment, pay_score },
            (None, None) => {
                return Err(Error::invalid(
                    "associated_order_info",
                    "is required (or associated_pay_score_order_info, or both): the order the coupon was used in",
                ))
            }
        };
        Ok(UseCouponRequest {
            openid: w.openid,
            coupon_code: w.coupon_code,
            product_coupon_id: w.product_coupon_id,
            stock_id: w.stock_id,
            appid: w.appid,
            use_time: w.use_time,
            out_request_no: w.out_request_no,
            brand_id: w.brand_id,
            order,
            store_id: w.store_id,
        })
    }
}

impl Serialize for UseCouponRequest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        UseCouponWireRef {
            openid: &self.openid,
            coupon_code: &self.coupon_code,
            product_coupon_id: &self.product_coupon_id,
            stock_id: &self.stock_id,
            appid: &self.appid,
            use_time: &self.use_time,
            out_request_no: &self.out_request_no,
            brand_id: &self.brand_id,
            associated_order_info: self.order.payment(),
            associated_pay_score_order_info: self.order.pay_score(),
            store_id: self.store_id.as_ref(),
        }
        .serialize(serializer)
    }
}

impl UseCouponRequest {
    /// A redemption of `coupon` at `use_time`, for the order it was used in; `store_id` is
    /// unset.
    ///
    /// `order` is an [`AssociatedOrderInfo`], an [`AssociatedPayScoreOrderInfo`] or a
    /// [`RedemptionOrder`].
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{AssociatedPayScoreOrderInfo, RedemptionOrder, UseCouponRequest, UserCouponRef};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// # let coupon = UserCouponRef {
    /// #     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
    /// #     coupon_code: "Code_123456".parse()?,
    /// #     product_coupon_id: "1000000013".parse()?,
    /// #     stock_id: "1000000013001".parse()?,
    /// #     appid: "wx233544546545989".parse()?,
    /// #     brand_id: "120344".parse()?,
    /// # };
    /// let req = UseCouponRequest::new(
    ///     coupon,
    ///     "MCHUSE202003101234".parse()?,
    ///     time::macros::datetime!(2025-08-03 12:00:00 +08:00),
    ///     AssociatedPayScoreOrderInfo::out_order_no("SCORE-1"),
    /// );
    /// assert!(matches!(req.order, RedemptionOrder::PayScore(_)));
    /// assert!(req.validate().is_ok());
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn new(
        coupon: UserCouponRef,
        out_request_no: RequestNo,
        use_time: OffsetDateTime,
        order: impl Into<RedemptionOrder>,
    ) -> Self {
        UseCouponRequest {
            openid: coupon.openid,
            coupon_code: coupon.coupon_code,
            product_coupon_id: coupon.product_coupon_id,
            stock_id: coupon.stock_id,
            appid: coupon.appid,
            use_time,
            out_request_no,
            brand_id: coupon.brand_id,
            order: order.into(),
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
        rules::optional_text("store_id", &self.store_id, MAX_STORE_ID_CHARS)?;
        format_wire(self.use_time).map_err(|rule| Error::invalid("use_time", rule))?;
        if let Some(o) = self.order.payment() {
            o.check()?;
        }
        if let Some(p) = self.order.pay_score() {
            p.check()?;
        }
        Ok(())
    }
}

/// The most characters of `store_id` (the spec gives no length; store IDs are digits).
const MAX_STORE_ID_CHARS: usize = 64;

/// The order a redemption belongs to (required): a WeChat Pay order, a pay-score order, or
/// both.
///
/// ```
/// use wechatpay_product_coupon::api::{AssociatedOrderInfo, AssociatedPayScoreOrderInfo, RedemptionOrder};
/// let order: RedemptionOrder = AssociatedPayScoreOrderInfo::out_order_no("SCORE-1").into();
/// assert!(matches!(order, RedemptionOrder::PayScore(_)));
/// assert!(order.payment().is_none());
/// let both = RedemptionOrder::Both {
///     payment: AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
///     pay_score: AssociatedPayScoreOrderInfo::order_id("1000000000201907101234567890"),
/// };
/// assert!(both.payment().is_some() && both.pay_score().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedemptionOrder {
    /// A WeChat Pay order (`associated_order_info`).
    Payment(AssociatedOrderInfo),
    /// A pay-score order (`associated_pay_score_order_info`).
    PayScore(AssociatedPayScoreOrderInfo),
    /// Both (`associated_order_info` and `associated_pay_score_order_info`).
    Both {
        /// The WeChat Pay order.
        payment: AssociatedOrderInfo,
        /// The pay-score order.
        pay_score: AssociatedPayScoreOrderInfo,
    },
}

impl RedemptionOrder {
    /// The WeChat Pay order (`associated_order_info`), if there is one.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{AssociatedOrderInfo, RedemptionOrder};
    /// let order = RedemptionOrder::from(AssociatedOrderInfo::transaction_id("4200000000123456789123456789"));
    /// assert!(order.payment().is_some());
    /// ```
    pub fn payment(&self) -> Option<&AssociatedOrderInfo> {
        match self {
            RedemptionOrder::Payment(o) | RedemptionOrder::Both { payment: o, .. } => Some(o),
            RedemptionOrder::PayScore(_) => None,
        }
    }

    /// The pay-score order (`associated_pay_score_order_info`), if there is one.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{AssociatedPayScoreOrderInfo, RedemptionOrder};
    /// let order = RedemptionOrder::from(AssociatedPayScoreOrderInfo::order_id("1000000000201907101234567890"));
    /// assert!(order.pay_score().is_some());
    /// ```
    pub fn pay_score(&self) -> Option<&AssociatedPayScoreOrderInfo> {
        match self {
            RedemptionOrder::PayScore(o) | RedemptionOrder::Both { pay_score: o, .. } => Some(o),
            RedemptionOrder::Payment(_) => None,
        }
    }
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

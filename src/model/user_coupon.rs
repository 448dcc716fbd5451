//! The user coupon (`UserProductCouponEntity`, docs/protocol-notes.md §1.4.1): the answer of use and
//! deactivate, borrowing from the verified body.

use crate::model::enums::{
    UserProductCouponSendChannel, UserProductCouponState, UserProductCouponTag,
};
use crate::model::product_coupon::ProductCouponEntity;
use crate::model::stock::StockEntity;
use crate::model::ResponseModel;
use crate::model::{view, Rfc3339, Text};

/// The owned form of [`UserProductCouponEntity`]: the response model of use and deactivate.
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::{IntoOwned, UserCoupon};
/// # let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/use_response_example_S1.json"))?;
/// let view = UserCoupon::parse(&body)?;            // borrows from `body`
/// let kept: UserCoupon = view.into_owned();      // outlives it
/// assert_eq!(kept.coupon_state.as_str(), "USED");
/// let stored = serde_json::to_string(&kept)?;    // and can be stored as JSON
/// assert!(stored.contains("\"coupon_code\":\"Code_123456\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type UserCoupon = UserProductCouponEntity<'static>;

impl ResponseModel for UserProductCouponEntity<'static> {
    type View<'a> = UserProductCouponEntity<'a>;
    const NAME: &'static str = "UserProductCouponEntity";
}

view! {
    /// A user's coupon (`UserProductCouponEntity`): the answer of use and deactivate.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::{UserProductCouponEntity, UserProductCouponState};
    /// let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/use_response_example_S1.json"))?;
    /// let coupon: UserProductCouponEntity<'_> = serde_json::from_slice(&body)?;
    /// assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    /// assert_eq!(coupon.stock.stock_id, "1000000013001");
    /// let used_at = coupon.single_usage_detail.as_ref().and_then(|d| d.use_time.as_ref());
    /// assert_eq!(used_at.map(|t| t.as_str()), Some("2025-08-03T12:00:00+08:00"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct UserProductCouponEntity<'a> {
        /// 用户商品券Code.
        #[serde(borrow)]
        pub coupon_code: Text<'a>,
        /// Current state, e.g. `USED` after use.
        #[serde(borrow)]
        pub coupon_state: UserProductCouponState<'a>,
        /// 可用开始时间.
        #[serde(borrow)]
        pub valid_begin_time: Rfc3339<'a>,
        /// 可用结束时间.
        #[serde(borrow)]
        pub valid_end_time: Rfc3339<'a>,
        /// 领券时间.
        #[serde(borrow)]
        pub receive_time: Rfc3339<'a>,
        /// 发券请求单号.
        #[serde(borrow)]
        pub send_request_no: Text<'a>,
        /// How the coupon was sent.
        #[serde(borrow)]
        pub send_channel: UserProductCouponSendChannel<'a>,
        /// 确认请求单号, after the confirm API was called.
        #[serde(borrow, default)]
        pub confirm_request_no: Option<Text<'a>>,
        /// 确认时间.
        #[serde(borrow, default)]
        pub confirm_time: Option<Rfc3339<'a>>,
        /// 失效请求单号, when deactivated.
        #[serde(borrow, default)]
        pub deactivate_request_no: Option<Text<'a>>,
        /// 失效时间.
        #[serde(borrow, default)]
        pub deactivate_time: Option<Rfc3339<'a>>,
        /// 失效原因.
        #[serde(borrow, default)]
        pub deactivate_reason: Option<Text<'a>>,
        /// Usage detail when `usage_mode` is `SINGLE`.
        #[serde(borrow, default)]
        pub single_usage_detail: Option<CouponUsageDetail<'a>>,
        /// Usage detail when `usage_mode` is `PROGRESSIVE_BUNDLE`.
        #[serde(borrow, default)]
        pub progressive_bundle_usage_detail: Option<CouponUsageDetail<'a>>,
        /// The user coupon bundle this coupon belongs to (`PROGRESSIVE_BUNDLE` only).
        #[serde(borrow, default)]
        pub user_product_coupon_bundle_info: Option<UserProductCouponBundleInfo<'a>>,
        /// The product coupon as it was when this coupon was issued.
        #[serde(borrow)]
        pub product_coupon: ProductCouponEntity<'a>,
        /// The stock the coupon was sent from.
        #[serde(borrow)]
        pub stock: StockEntity<'a>,
        /// 自定义附加信息, returned verbatim.
        #[serde(borrow, default)]
        pub attach: Option<Text<'a>>,
        /// Channel-specific information, to be read according to `send_channel`.
        #[serde(borrow, default)]
        pub channel_custom_info: Option<Text<'a>>,
        /// Tags such as `MEMBER`.
        #[serde(borrow, default)]
        pub coupon_tag_info: Option<CouponTagInfo<'a>>,
        /// 品牌ID.
        #[serde(borrow)]
        pub brand_id: Text<'a>,
    }
}

view! {
    /// How a coupon was used or returned (`CouponUsageDetail`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::CouponUsageDetail;
    /// let json = r#"{"use_request_no": "MCHUSE202003101234", "use_time": "2025-08-03T12:00:00+08:00",
    ///               "associated_order_info": {"transaction_id": "4200000000123456789123456789"}}"#;
    /// let detail: CouponUsageDetail<'_> = serde_json::from_str(json)?;
    /// assert_eq!(detail.use_request_no.as_deref(), Some("MCHUSE202003101234"));
    /// assert!(detail.return_time.is_none() && detail.saved_amount.is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct CouponUsageDetail<'a> {
        /// 核销请求单号.
        #[serde(borrow, default)]
        pub use_request_no: Option<Text<'a>>,
        /// 核销时间.
        #[serde(borrow, default)]
        pub use_time: Option<Rfc3339<'a>>,
        /// 退券请求单号.
        #[serde(borrow, default)]
        pub return_request_no: Option<Text<'a>>,
        /// 退券时间.
        #[serde(borrow, default)]
        pub return_time: Option<Rfc3339<'a>>,
        /// The WeChat Pay order of the redemption.
        #[serde(borrow, default)]
        pub associated_order_info: Option<UserProductCouponAssociatedOrderInfo<'a>>,
        /// The pay-score order of the redemption.
        #[serde(borrow, default)]
        pub associated_pay_score_order_info: Option<UserProductCouponAssociatedPayScoreOrderInfo<'a>>,
        /// 实际优惠金额 in fen.
        #[serde(default)]
        pub saved_amount: Option<i64>,
    }
}

view! {
    /// A WeChat Pay order linked to a redemption.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::UserProductCouponAssociatedOrderInfo;
    /// let json = r#"{"transaction_id": "4200000000123456789123456789"}"#;
    /// let order: UserProductCouponAssociatedOrderInfo<'_> = serde_json::from_str(json)?;
    /// assert_eq!(order.transaction_id.as_deref(), Some("4200000000123456789123456789"));
    /// assert!(order.out_trade_no.is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct UserProductCouponAssociatedOrderInfo<'a> {
        /// 微信支付单号.
        #[serde(borrow, default)]
        pub transaction_id: Option<Text<'a>>,
        /// 商户订单号.
        #[serde(borrow, default)]
        pub out_trade_no: Option<Text<'a>>,
        /// 商户号.
        #[serde(borrow, default)]
        pub mchid: Option<Text<'a>>,
        /// 子商户号.
        #[serde(borrow, default)]
        pub sub_mchid: Option<Text<'a>>,
    }
}

view! {
    /// A pay-score (支付分) order linked to a redemption.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::UserProductCouponAssociatedPayScoreOrderInfo;
    /// let json = r#"{"out_order_no": "SCORE-1", "mchid": "1900000001"}"#;
    /// let order: UserProductCouponAssociatedPayScoreOrderInfo<'_> = serde_json::from_str(json)?;
    /// assert_eq!(order.out_order_no.as_deref(), Some("SCORE-1"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct UserProductCouponAssociatedPayScoreOrderInfo<'a> {
        /// 微信支付服务订单号.
        #[serde(borrow, default)]
        pub order_id: Option<Text<'a>>,
        /// 商户服务订单号.
        #[serde(borrow, default)]
        pub out_order_no: Option<Text<'a>>,
        /// 商户号.
        #[serde(borrow, default)]
        pub mchid: Option<Text<'a>>,
        /// 子商户号.
        #[serde(borrow, default)]
        pub sub_mchid: Option<Text<'a>>,
    }
}

view! {
    /// The user coupon bundle of a `PROGRESSIVE_BUNDLE` coupon.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::UserProductCouponBundleInfo;
    /// let json = r#"{"user_coupon_bundle_id": "UB100", "user_coupon_bundle_index": 1, "total_count": 3, "used_count": 1}"#;
    /// let bundle: UserProductCouponBundleInfo<'_> = serde_json::from_str(json)?;
    /// assert_eq!((bundle.used_count, bundle.total_count), (Some(1), Some(3)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct UserProductCouponBundleInfo<'a> {
        /// 用户券组ID.
        #[serde(borrow, default)]
        pub user_coupon_bundle_id: Option<Text<'a>>,
        /// 用户券组内索引.
        #[serde(default)]
        pub user_coupon_bundle_index: Option<i64>,
        /// 总可使用次数.
        #[serde(default)]
        pub total_count: Option<i64>,
        /// 已使用次数.
        #[serde(default)]
        pub used_count: Option<i64>,
    }
}

view! {
    /// Coupon tags (`CouponTagInfo`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::{CouponTagInfo, UserProductCouponTag};
    /// let json = r#"{"coupon_tag_list": ["MEMBER"], "member_tag_info": {"member_card_id": "pbLatjk4T4Hx"}}"#;
    /// let tags: CouponTagInfo<'_> = serde_json::from_str(json)?;
    /// assert_eq!(tags.coupon_tag_list, [UserProductCouponTag::Member]);
    /// assert_eq!(tags.member_tag_info.and_then(|m| m.member_card_id).as_deref(), Some("pbLatjk4T4Hx"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct CouponTagInfo<'a> {
        /// The tags.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub coupon_tag_list: Vec<UserProductCouponTag<'a>>,
        /// Member card information when tagged `MEMBER`.
        #[serde(borrow, default)]
        pub member_tag_info: Option<MemberTagInfo<'a>>,
    }
}

view! {
    /// Member card of a `MEMBER` coupon.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::MemberTagInfo;
    /// let member: MemberTagInfo<'_> = serde_json::from_str(r#"{"member_card_id": "pbLatjk4T4Hx"}"#)?;
    /// assert_eq!(member.member_card_id.as_deref(), Some("pbLatjk4T4Hx"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct MemberTagInfo<'a> {
        /// 会员卡模板ID.
        #[serde(borrow, default)]
        pub member_card_id: Option<Text<'a>>,
    }
}

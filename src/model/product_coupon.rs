//! The product coupon (`ProductCouponEntity`, docs/protocol-notes.md §1.4.3): the answer of update, and
//! `product_coupon` inside a user coupon.

use crate::model::enums::{ProductCouponScope, ProductCouponState, ProductCouponType, UsageMode};
use crate::model::ResponseModel;
use crate::model::{plain_view, view, ProductCouponDisplayInfo, Rfc3339, Text};

/// The owned form of [`ProductCouponEntity`]: the response model of update.
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::{IntoOwned, ProductCoupon};
/// # let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/update_response_example_S2.json"))?;
/// let product: ProductCoupon = ProductCoupon::parse(&body)?.into_owned();
/// assert_eq!(product.display_info.name, "全场满100立打8折-新名字");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type ProductCoupon = ProductCouponEntity<'static>;

impl ResponseModel for ProductCouponEntity<'static> {
    type View<'a> = ProductCouponEntity<'a>;
    const NAME: &'static str = "ProductCouponEntity";
}

view! {
    /// A product coupon (`ProductCouponEntity`): the answer of update.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::{ProductCouponEntity, ProductCouponType};
    /// let json = r#"{
    ///     "product_coupon_id": "1000000013", "scope": "ALL", "type": "DISCOUNT",
    ///     "usage_mode": "SINGLE", "state": "EFFECTIVE", "brand_id": "120344",
    ///     "single_usage_info": {"discount_coupon": {"threshold": 10000, "percent_off": 20}},
    ///     "display_info": {"name": "全场8折", "image_url": "https://a/1.png", "background_url": "https://a/2.png"}
    /// }"#;
    /// let product: ProductCouponEntity<'_> = serde_json::from_str(json)?;
    /// assert_eq!(product.coupon_type, ProductCouponType::Discount); // JSON field `type`
    /// assert_eq!(product.display_info.name, "全场8折");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ProductCouponEntity<'a> {
        /// 商品券ID.
        #[serde(borrow)]
        pub product_coupon_id: Text<'a>,
        /// 全场券 or 单品券.
        #[serde(borrow)]
        pub scope: ProductCouponScope<'a>,
        /// 满减 / 折扣 / 兑换 (JSON field `type`).
        #[serde(borrow, rename = "type")]
        pub coupon_type: ProductCouponType<'a>,
        /// Single coupon or progressive bundle.
        #[serde(borrow)]
        pub usage_mode: UsageMode<'a>,
        /// Rule when `usage_mode` is `SINGLE`.
        #[serde(default)]
        pub single_usage_info: Option<SingleUsageInfo>,
        /// Rule when `usage_mode` is `PROGRESSIVE_BUNDLE`.
        #[serde(default)]
        pub progressive_bundle_usage_info: Option<ProgressiveBundleUsageInfo>,
        /// Display information.
        #[serde(borrow)]
        pub display_info: ProductCouponDisplayInfo<'a>,
        /// 外部商品ID.
        #[serde(borrow, default)]
        pub out_product_no: Option<Text<'a>>,
        /// 商品券状态.
        #[serde(borrow)]
        pub state: ProductCouponState<'a>,
        /// 失效请求单号.
        #[serde(borrow, default)]
        pub deactivate_request_no: Option<Text<'a>>,
        /// 失效时间.
        #[serde(borrow, default)]
        pub deactivate_time: Option<Rfc3339<'a>>,
        /// 失效原因.
        #[serde(borrow, default)]
        pub deactivate_reason: Option<Text<'a>>,
        /// 品牌ID.
        #[serde(borrow)]
        pub brand_id: Text<'a>,
    }
}

plain_view! {
    /// Rule of a whole-store coupon (`SingleUsageInfo`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::SingleUsageInfo;
    /// let info: SingleUsageInfo = serde_json::from_str(r#"{"normal_coupon": {"threshold": 10000, "discount_amount": 1000}}"#)?;
    /// assert_eq!(info.normal_coupon.and_then(|rule| rule.discount_amount), Some(1000));
    /// assert!(info.discount_coupon.is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct SingleUsageInfo {
        /// 满减 rule.
        pub normal_coupon: Option<NormalCouponUsageRule>,
        /// 折扣 rule.
        pub discount_coupon: Option<DiscountCouponUsageRule>,
    }
}

plain_view! {
    /// 满减: `discount_amount` off above `threshold` (fen).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::NormalCouponUsageRule;
    /// // 满100减10 (amounts in fen).
    /// let rule: NormalCouponUsageRule = serde_json::from_str(r#"{"threshold": 10000, "discount_amount": 1000}"#)?;
    /// assert_eq!((rule.threshold, rule.discount_amount), (Some(10000), Some(1000)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct NormalCouponUsageRule {
        /// 门槛金额 (0 = none).
        pub threshold: Option<i64>,
        /// 固定减免金额.
        pub discount_amount: Option<i64>,
    }
}

plain_view! {
    /// 折扣: `percent_off` above `threshold` (20 ⇒ 8折).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::DiscountCouponUsageRule;
    /// let rule: DiscountCouponUsageRule = serde_json::from_str(r#"{"threshold": 0, "percent_off": 20}"#)?;
    /// assert_eq!(rule.percent_off, Some(20)); // 8折, with no threshold
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct DiscountCouponUsageRule {
        /// 门槛金额 (0 = none).
        pub threshold: Option<i64>,
        /// 固定减免百分比.
        pub percent_off: Option<i64>,
    }
}

plain_view! {
    /// 兑换: buy for `exchange_price` above `threshold`.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ExchangeCouponUsageRule;
    /// let rule: ExchangeCouponUsageRule = serde_json::from_str(r#"{"threshold": 0, "exchange_price": 990}"#)?;
    /// assert_eq!(rule.exchange_price, Some(990)); // buy the product for 9.90 yuan
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ExchangeCouponUsageRule {
        /// 门槛金额.
        pub threshold: Option<i64>,
        /// 固定兑换价格.
        pub exchange_price: Option<i64>,
    }
}

plain_view! {
    /// Rule of a `PROGRESSIVE_BUNDLE` product coupon.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ProgressiveBundleUsageInfo;
    /// let info: ProgressiveBundleUsageInfo = serde_json::from_str(r#"{"count": 3, "interval_days": 1}"#)?;
    /// assert_eq!((info.count, info.interval_days), (Some(3), Some(1)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ProgressiveBundleUsageInfo {
        /// 可使用次数 (3-15).
        pub count: Option<i64>,
        /// 使用间隔天数 (0 = no limit).
        pub interval_days: Option<i64>,
    }
}

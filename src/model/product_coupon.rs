//! The product coupon (`ProductCouponEntity`, NOTES.md §1.4.3): the answer of update, and
//! `product_coupon` inside a user coupon.

use crate::model::enums::{ProductCouponScope, ProductCouponState, ProductCouponType, UsageMode};
use crate::model::{plain_view, view, Rfc3339, Text};
use crate::protocol::endpoint::ResponseModel;

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
    pub struct SingleUsageInfo {
        /// 满减 rule.
        pub normal_coupon: Option<NormalCouponUsageRule>,
        /// 折扣 rule.
        pub discount_coupon: Option<DiscountCouponUsageRule>,
    }
}

plain_view! {
    /// 满减: `discount_amount` off above `threshold` (fen).
    pub struct NormalCouponUsageRule {
        /// 门槛金额 (0 = none).
        pub threshold: Option<i64>,
        /// 固定减免金额.
        pub discount_amount: Option<i64>,
    }
}

plain_view! {
    /// 折扣: `percent_off` above `threshold` (20 ⇒ 8折).
    pub struct DiscountCouponUsageRule {
        /// 门槛金额 (0 = none).
        pub threshold: Option<i64>,
        /// 固定减免百分比.
        pub percent_off: Option<i64>,
    }
}

plain_view! {
    /// 兑换: buy for `exchange_price` above `threshold`.
    pub struct ExchangeCouponUsageRule {
        /// 门槛金额.
        pub threshold: Option<i64>,
        /// 固定兑换价格.
        pub exchange_price: Option<i64>,
    }
}

plain_view! {
    /// Rule of a `PROGRESSIVE_BUNDLE` product coupon.
    pub struct ProgressiveBundleUsageInfo {
        /// 可使用次数 (3-15).
        pub count: Option<i64>,
        /// 使用间隔天数 (0 = no limit).
        pub interval_days: Option<i64>,
    }
}

view! {
    /// Display information of a product coupon (`ProductCouponDisplayInfo`).
    pub struct ProductCouponDisplayInfo<'a> {
        /// 商品券名称.
        #[serde(borrow)]
        pub name: Text<'a>,
        /// 商品券图片.
        #[serde(borrow)]
        pub image_url: Text<'a>,
        /// 商品券背景图.
        #[serde(borrow)]
        pub background_url: Text<'a>,
        /// 详情图.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub detail_image_url_list: Vec<Text<'a>>,
        /// 原价 in fen.
        #[serde(default)]
        pub original_price: Option<i64>,
        /// 套餐组合.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub combo_package_list: Vec<ComboPackage<'a>>,
    }
}

view! {
    /// A combo package (`ComboPackage`).
    pub struct ComboPackage<'a> {
        /// 套餐名.
        #[serde(borrow, default)]
        pub name: Option<Text<'a>>,
        /// 可选单品数量.
        #[serde(default)]
        pub pick_count: Option<i64>,
        /// 单品列表.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub choice_list: Vec<ComboPackageChoice<'a>>,
    }
}

view! {
    /// One item of a combo package (`ComboPackageChoice`).
    pub struct ComboPackageChoice<'a> {
        /// 单品名称.
        #[serde(borrow, default)]
        pub name: Option<Text<'a>>,
        /// 单品价格 in fen.
        #[serde(default)]
        pub price: Option<i64>,
        /// 单品数量.
        #[serde(default)]
        pub count: Option<i64>,
        /// 单品图片.
        #[serde(borrow, default)]
        pub image_url: Option<Text<'a>>,
        /// Mini program AppID.
        #[serde(borrow, default)]
        pub mini_program_appid: Option<Text<'a>>,
        /// Mini program path.
        #[serde(borrow, default)]
        pub mini_program_path: Option<Text<'a>>,
    }
}

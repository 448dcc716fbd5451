//! Zero-copy response models (`NOTES.md` §1.4), borrowing from the verified body.
//!
//! Fields documented as required (必填) by the official pages are plain; everything else is
//! `Option` or an empty `Vec` when absent. Absent and `null` mean the same.

use std::borrow::Cow;

use crate::model::{plain_view, view, Rfc3339};
use crate::model::{
    CouponCodeDisplayMode, CouponCodeMode, CouponUsageMethod, ProductCouponScope,
    ProductCouponState, ProductCouponType, StockState, StockStoreScope, UsageMode,
    UserProductCouponSendChannel, UserProductCouponState, UserProductCouponTag, Weekday,
};

view! {
    /// A user's coupon (`UserProductCouponEntity`): the answer of use and deactivate.
    pub struct UserProductCouponEntity<'a> {
        /// 用户商品券Code.
        #[serde(borrow)]
        pub coupon_code: Cow<'a, str>,
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
        pub send_request_no: Cow<'a, str>,
        /// How the coupon was sent.
        #[serde(borrow)]
        pub send_channel: UserProductCouponSendChannel<'a>,
        /// 确认请求单号, after the confirm API was called.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub confirm_request_no: Option<Cow<'a, str>>,
        /// 确认时间.
        #[serde(borrow, default)]
        pub confirm_time: Option<Rfc3339<'a>>,
        /// 失效请求单号, when deactivated.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub deactivate_request_no: Option<Cow<'a, str>>,
        /// 失效时间.
        #[serde(borrow, default)]
        pub deactivate_time: Option<Rfc3339<'a>>,
        /// 失效原因.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub deactivate_reason: Option<Cow<'a, str>>,
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
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub attach: Option<Cow<'a, str>>,
        /// Channel-specific information, to be read according to `send_channel`.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub channel_custom_info: Option<Cow<'a, str>>,
        /// Tags such as `MEMBER`.
        #[serde(borrow, default)]
        pub coupon_tag_info: Option<CouponTagInfo<'a>>,
        /// 品牌ID.
        #[serde(borrow)]
        pub brand_id: Cow<'a, str>,
    }
}

view! {
    /// How a coupon was used or returned (`CouponUsageDetail`).
    pub struct CouponUsageDetail<'a> {
        /// 核销请求单号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub use_request_no: Option<Cow<'a, str>>,
        /// 核销时间.
        #[serde(borrow, default)]
        pub use_time: Option<Rfc3339<'a>>,
        /// 退券请求单号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub return_request_no: Option<Cow<'a, str>>,
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
    pub struct UserProductCouponAssociatedOrderInfo<'a> {
        /// 微信支付单号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub transaction_id: Option<Cow<'a, str>>,
        /// 商户订单号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub out_trade_no: Option<Cow<'a, str>>,
        /// 商户号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub mchid: Option<Cow<'a, str>>,
        /// 子商户号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub sub_mchid: Option<Cow<'a, str>>,
    }
}

view! {
    /// A pay-score (支付分) order linked to a redemption.
    pub struct UserProductCouponAssociatedPayScoreOrderInfo<'a> {
        /// 微信支付服务订单号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub order_id: Option<Cow<'a, str>>,
        /// 商户服务订单号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub out_order_no: Option<Cow<'a, str>>,
        /// 商户号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub mchid: Option<Cow<'a, str>>,
        /// 子商户号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub sub_mchid: Option<Cow<'a, str>>,
    }
}

view! {
    /// The user coupon bundle of a `PROGRESSIVE_BUNDLE` coupon.
    pub struct UserProductCouponBundleInfo<'a> {
        /// 用户券组ID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub user_coupon_bundle_id: Option<Cow<'a, str>>,
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
    pub struct MemberTagInfo<'a> {
        /// 会员卡模板ID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub member_card_id: Option<Cow<'a, str>>,
    }
}

view! {
    /// A product coupon (`ProductCouponEntity`): the answer of update.
    pub struct ProductCouponEntity<'a> {
        /// 商品券ID.
        #[serde(borrow)]
        pub product_coupon_id: Cow<'a, str>,
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
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub out_product_no: Option<Cow<'a, str>>,
        /// 商品券状态.
        #[serde(borrow)]
        pub state: ProductCouponState<'a>,
        /// 失效请求单号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub deactivate_request_no: Option<Cow<'a, str>>,
        /// 失效时间.
        #[serde(borrow, default)]
        pub deactivate_time: Option<Rfc3339<'a>>,
        /// 失效原因.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub deactivate_reason: Option<Cow<'a, str>>,
        /// 品牌ID.
        #[serde(borrow)]
        pub brand_id: Cow<'a, str>,
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
        pub name: Cow<'a, str>,
        /// 商品券图片.
        #[serde(borrow)]
        pub image_url: Cow<'a, str>,
        /// 商品券背景图.
        #[serde(borrow)]
        pub background_url: Cow<'a, str>,
        /// 详情图.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_cow")]
        pub detail_image_url_list: Vec<Cow<'a, str>>,
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
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub name: Option<Cow<'a, str>>,
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
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub name: Option<Cow<'a, str>>,
        /// 单品价格 in fen.
        #[serde(default)]
        pub price: Option<i64>,
        /// 单品数量.
        #[serde(default)]
        pub count: Option<i64>,
        /// 单品图片.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub image_url: Option<Cow<'a, str>>,
        /// Mini program AppID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub mini_program_appid: Option<Cow<'a, str>>,
        /// Mini program path.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub mini_program_path: Option<Cow<'a, str>>,
    }
}

view! {
    /// A stock (批次, `StockEntity`).
    pub struct StockEntity<'a> {
        /// 商品券ID.
        #[serde(borrow)]
        pub product_coupon_id: Cow<'a, str>,
        /// 批次ID.
        #[serde(borrow)]
        pub stock_id: Cow<'a, str>,
        /// 备注 (brand only).
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub remark: Option<Cow<'a, str>>,
        /// How codes are produced.
        #[serde(borrow)]
        pub coupon_code_mode: CouponCodeMode<'a>,
        /// Uploaded code counts.
        #[serde(default)]
        pub coupon_code_count_info: Option<CouponCodeCountInfo>,
        /// Sending limits.
        pub stock_send_rule: StockSendRule,
        /// Rule of a `SINGLE` stock.
        #[serde(borrow, default)]
        pub single_usage_rule: Option<StockUsageRule<'a>>,
        /// Rule of a `PROGRESSIVE_BUNDLE` stock.
        #[serde(borrow, default)]
        pub progressive_bundle_usage_rule: Option<StockUsageRule<'a>>,
        /// The stock bundle this stock belongs to.
        #[serde(borrow, default)]
        pub stock_bundle_info: Option<StockBundleInfo<'a>>,
        /// How the usage rule is shown.
        #[serde(borrow)]
        pub usage_rule_display_info: UsageRuleDisplayInfo<'a>,
        /// How the coupon is shown.
        #[serde(borrow)]
        pub coupon_display_info: CouponDisplayInfo<'a>,
        /// 事件通知配置.
        #[serde(borrow)]
        pub notify_config: NotifyConfig<'a>,
        /// Which stores accept it.
        #[serde(borrow)]
        pub store_scope: StockStoreScope<'a>,
        /// Sent counts.
        pub sent_count_info: SentCountInfo,
        /// 批次状态.
        #[serde(borrow)]
        pub state: StockState<'a>,
        /// 失效请求单号.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub deactivate_request_no: Option<Cow<'a, str>>,
        /// 失效时间.
        #[serde(borrow, default)]
        pub deactivate_time: Option<Rfc3339<'a>>,
        /// 失效原因.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub deactivate_reason: Option<Cow<'a, str>>,
        /// 品牌ID.
        #[serde(borrow)]
        pub brand_id: Cow<'a, str>,
    }
}

plain_view! {
    /// Uploaded code counts (`coupon_code_count_info`).
    pub struct CouponCodeCountInfo {
        /// 已上传的Code总数.
        pub total_count: Option<i64>,
        /// 当前可用的Code.
        pub available_count: Option<i64>,
    }
}

plain_view! {
    /// Sending limits (`stock_send_rule`).
    pub struct StockSendRule {
        /// 发放总上限.
        pub max_count: Option<i64>,
        /// 每日发放上限.
        pub max_count_per_day: Option<i64>,
        /// 单用户上限.
        pub max_count_per_user: Option<i64>,
    }
}

plain_view! {
    /// Sent counts (`sent_count_info`).
    pub struct SentCountInfo {
        /// 已发放总数.
        pub total_count: Option<i64>,
        /// 今日发放数.
        pub today_count: Option<i64>,
    }
}

view! {
    /// Usage rule of a stock (`SingleUsageRule` / `StockUsageRule`).
    pub struct StockUsageRule<'a> {
        /// When the coupon can be used.
        #[serde(borrow, default)]
        pub coupon_available_period: Option<CouponAvailablePeriod<'a>>,
        /// 满减 rule.
        #[serde(default)]
        pub normal_coupon: Option<NormalCouponUsageRule>,
        /// 折扣 rule.
        #[serde(default)]
        pub discount_coupon: Option<DiscountCouponUsageRule>,
        /// 兑换 rule.
        #[serde(default)]
        pub exchange_coupon: Option<ExchangeCouponUsageRule>,
    }
}

view! {
    /// When a coupon can be used (`CouponAvailablePeriod`).
    pub struct CouponAvailablePeriod<'a> {
        /// 开始时间.
        #[serde(borrow, default)]
        pub available_begin_time: Option<Rfc3339<'a>>,
        /// 结束时间.
        #[serde(borrow, default)]
        pub available_end_time: Option<Rfc3339<'a>>,
        /// 生效后N天内有效.
        #[serde(default)]
        pub available_days: Option<i64>,
        /// 领取后N天开始生效.
        #[serde(default)]
        pub wait_days_after_receive: Option<i64>,
        /// Weekly windows.
        #[serde(borrow, default)]
        pub weekly_available_period: Option<WeeklyAvailablePeriod<'a>>,
        /// Irregular windows.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub irregular_available_period_list: Vec<TimePeriod<'a>>,
    }
}

view! {
    /// Weekly windows (`weekly_available_period`).
    pub struct WeeklyAvailablePeriod<'a> {
        /// Days of the week.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub day_list: Vec<Weekday<'a>>,
        /// Periods within those days.
        #[serde(default, deserialize_with = "crate::model::de::vec_or_null")]
        pub day_period_list: Vec<DayPeriod>,
    }
}

plain_view! {
    /// A period within a day, in seconds from midnight (unit inferred from official examples).
    pub struct DayPeriod {
        /// Start.
        pub begin_time: Option<i64>,
        /// End.
        pub end_time: Option<i64>,
    }
}

view! {
    /// An absolute time window.
    pub struct TimePeriod<'a> {
        /// Start.
        #[serde(borrow, default)]
        pub begin_time: Option<Rfc3339<'a>>,
        /// End.
        #[serde(borrow, default)]
        pub end_time: Option<Rfc3339<'a>>,
    }
}

view! {
    /// The stock bundle of a stock.
    pub struct StockBundleInfo<'a> {
        /// 批次组ID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub stock_bundle_id: Option<Cow<'a, str>>,
        /// 批次在批次组内的次序.
        #[serde(default)]
        pub stock_bundle_index: Option<i64>,
    }
}

view! {
    /// How the usage rule is shown (`UsageRuleDisplayInfo`).
    pub struct UsageRuleDisplayInfo<'a> {
        /// Where the coupon can be used.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub coupon_usage_method_list: Vec<CouponUsageMethod<'a>>,
        /// Mini program AppID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub mini_program_appid: Option<Cow<'a, str>>,
        /// Mini program path.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub mini_program_path: Option<Cow<'a, str>>,
        /// App path.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub app_path: Option<Cow<'a, str>>,
        /// 使用说明.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub usage_description: Option<Cow<'a, str>>,
        /// Where the stores are listed.
        #[serde(borrow, default)]
        pub coupon_available_store_info: Option<CouponAvailableStoreInfo<'a>>,
    }
}

view! {
    /// Store information of a coupon.
    pub struct CouponAvailableStoreInfo<'a> {
        /// 门店说明.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub description: Option<Cow<'a, str>>,
        /// Mini program AppID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub mini_program_appid: Option<Cow<'a, str>>,
        /// Mini program path.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub mini_program_path: Option<Cow<'a, str>>,
    }
}

view! {
    /// How the coupon is shown (`CouponDisplayInfo`).
    pub struct CouponDisplayInfo<'a> {
        /// Code display mode.
        #[serde(borrow, default)]
        pub code_display_mode: Option<CouponCodeDisplayMode<'a>>,
        /// Background colour, e.g. `Color010`.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub background_color: Option<Cow<'a, str>>,
        /// Mini program entrance.
        #[serde(borrow, default)]
        pub entrance_mini_program: Option<EntranceMiniProgram<'a>>,
        /// Official account entrance.
        #[serde(borrow, default)]
        pub entrance_official_account: Option<EntranceOfficialAccount<'a>>,
        /// Channels (视频号) entrance.
        #[serde(borrow, default)]
        pub entrance_finder: Option<EntranceFinder<'a>>,
    }
}

view! {
    /// Mini program entrance.
    pub struct EntranceMiniProgram<'a> {
        /// AppID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub appid: Option<Cow<'a, str>>,
        /// Path.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub path: Option<Cow<'a, str>>,
        /// 入口文案.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub entrance_wording: Option<Cow<'a, str>>,
        /// 引导文案.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub guidance_wording: Option<Cow<'a, str>>,
    }
}

view! {
    /// Official account entrance.
    pub struct EntranceOfficialAccount<'a> {
        /// AppID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub appid: Option<Cow<'a, str>>,
    }
}

view! {
    /// Channels (视频号) entrance.
    pub struct EntranceFinder<'a> {
        /// 视频号ID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub finder_id: Option<Cow<'a, str>>,
        /// 视频ID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub finder_video_id: Option<Cow<'a, str>>,
        /// 视频封面.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub finder_video_cover_image_url: Option<Cow<'a, str>>,
    }
}

view! {
    /// 事件通知配置.
    pub struct NotifyConfig<'a> {
        /// 事件通知AppID.
        #[serde(borrow, default, deserialize_with = "crate::model::de::opt_cow")]
        pub notify_appid: Option<Cow<'a, str>>,
    }
}

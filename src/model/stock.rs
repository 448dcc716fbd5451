//! The stock (批次, `StockEntity`, NOTES.md §1.4.4): `stock` inside a user coupon.

use crate::model::enums::{
    CouponCodeDisplayMode, CouponCodeMode, CouponUsageMethod, StockState, StockStoreScope, Weekday,
};
use crate::model::product_coupon::{
    DiscountCouponUsageRule, ExchangeCouponUsageRule, NormalCouponUsageRule,
};
use crate::model::{plain_view, view, Rfc3339, Text};

view! {
    /// A stock (批次, `StockEntity`).
    pub struct StockEntity<'a> {
        /// 商品券ID.
        #[serde(borrow)]
        pub product_coupon_id: Text<'a>,
        /// 批次ID.
        #[serde(borrow)]
        pub stock_id: Text<'a>,
        /// 备注 (brand only).
        #[serde(borrow, default)]
        pub remark: Option<Text<'a>>,
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
        #[serde(borrow, default)]
        pub stock_bundle_id: Option<Text<'a>>,
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
        #[serde(borrow, default)]
        pub mini_program_appid: Option<Text<'a>>,
        /// Mini program path.
        #[serde(borrow, default)]
        pub mini_program_path: Option<Text<'a>>,
        /// App path.
        #[serde(borrow, default)]
        pub app_path: Option<Text<'a>>,
        /// 使用说明.
        #[serde(borrow, default)]
        pub usage_description: Option<Text<'a>>,
        /// Where the stores are listed.
        #[serde(borrow, default)]
        pub coupon_available_store_info: Option<CouponAvailableStoreInfo<'a>>,
    }
}

view! {
    /// Store information of a coupon.
    pub struct CouponAvailableStoreInfo<'a> {
        /// 门店说明.
        #[serde(borrow, default)]
        pub description: Option<Text<'a>>,
        /// Mini program AppID.
        #[serde(borrow, default)]
        pub mini_program_appid: Option<Text<'a>>,
        /// Mini program path.
        #[serde(borrow, default)]
        pub mini_program_path: Option<Text<'a>>,
    }
}

view! {
    /// How the coupon is shown (`CouponDisplayInfo`).
    pub struct CouponDisplayInfo<'a> {
        /// Code display mode.
        #[serde(borrow, default)]
        pub code_display_mode: Option<CouponCodeDisplayMode<'a>>,
        /// Background colour, e.g. `Color010`.
        #[serde(borrow, default)]
        pub background_color: Option<Text<'a>>,
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
        #[serde(borrow, default)]
        pub appid: Option<Text<'a>>,
        /// Path.
        #[serde(borrow, default)]
        pub path: Option<Text<'a>>,
        /// 入口文案.
        #[serde(borrow, default)]
        pub entrance_wording: Option<Text<'a>>,
        /// 引导文案.
        #[serde(borrow, default)]
        pub guidance_wording: Option<Text<'a>>,
    }
}

view! {
    /// Official account entrance.
    pub struct EntranceOfficialAccount<'a> {
        /// AppID.
        #[serde(borrow, default)]
        pub appid: Option<Text<'a>>,
    }
}

view! {
    /// Channels (视频号) entrance.
    pub struct EntranceFinder<'a> {
        /// 视频号ID.
        #[serde(borrow, default)]
        pub finder_id: Option<Text<'a>>,
        /// 视频ID.
        #[serde(borrow, default)]
        pub finder_video_id: Option<Text<'a>>,
        /// 视频封面.
        #[serde(borrow, default)]
        pub finder_video_cover_image_url: Option<Text<'a>>,
    }
}

view! {
    /// 事件通知配置.
    pub struct NotifyConfig<'a> {
        /// 事件通知AppID.
        #[serde(borrow, default)]
        pub notify_appid: Option<Text<'a>>,
    }
}

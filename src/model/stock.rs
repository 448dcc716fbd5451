//! The stock (批次, `StockEntity`, docs/protocol-notes.md §1.4.4): `stock` inside a user coupon.

use crate::model::enums::{
    CouponCodeDisplayMode, CouponCodeMode, CouponUsageMethod, StockState, StockStoreScope, Weekday,
};
use crate::model::product_coupon::{
    DiscountCouponUsageRule, ExchangeCouponUsageRule, NormalCouponUsageRule,
};
use crate::model::{plain_view, view, ResponseModel, Rfc3339, Text};

/// The owned form of [`StockEntity`]: the response model of get / deactivate a stock.
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::{IntoOwned, Stock, StockState};
/// let body = r#"{
///     "product_coupon_id": "1000000013", "stock_id": "1000000013001", "brand_id": "120344",
///     "coupon_code_mode": "WECHATPAY", "store_scope": "NONE", "state": "DEACTIVATED",
///     "stock_send_rule": {"max_count": 100}, "sent_count_info": {"total_count": 0},
///     "usage_rule_display_info": {}, "coupon_display_info": {}, "notify_config": {},
///     "deactivate_reason": "批次信息有误，重新创建"
/// }"#;
/// let stock: Stock = Stock::parse(body.as_bytes())?.into_owned();
/// assert_eq!(stock.state, StockState::Deactivated);
/// # Ok::<(), wechatpay_product_coupon::error::DecodeError>(())
/// ```
pub type Stock = StockEntity<'static>;

impl ResponseModel for StockEntity<'static> {
    type View<'a> = StockEntity<'a>;
    const NAME: &'static str = "StockEntity";
}

view! {
    /// A stock (批次, `StockEntity`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::{StockEntity, StockState};
    /// let json = r#"{
    ///     "product_coupon_id": "1000000013", "stock_id": "1000000013001", "brand_id": "120344",
    ///     "coupon_code_mode": "UPLOAD", "store_scope": "NONE", "state": "SENDING",
    ///     "stock_send_rule": {"max_count": 10000000, "max_count_per_user": 1},
    ///     "sent_count_info": {"total_count": 0, "today_count": 0},
    ///     "usage_rule_display_info": {}, "coupon_display_info": {}, "notify_config": {}
    /// }"#;
    /// let stock: StockEntity<'_> = serde_json::from_str(json)?;
    /// assert_eq!(stock.state, StockState::Sending);
    /// assert_eq!(stock.stock_send_rule.max_count_per_user, Some(1));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::CouponCodeCountInfo;
    /// let info: CouponCodeCountInfo = serde_json::from_str(r#"{"total_count": 100, "available_count": 80}"#)?;
    /// assert_eq!(info.available_count, Some(80));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct CouponCodeCountInfo {
        /// 已上传的Code总数.
        pub total_count: Option<i64>,
        /// 当前可用的Code.
        pub available_count: Option<i64>,
    }
}

plain_view! {
    /// Sending limits (`stock_send_rule`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::StockSendRule;
    /// let rule: StockSendRule = serde_json::from_str(r#"{"max_count": 10000000, "max_count_per_user": 1}"#)?;
    /// assert_eq!(rule.max_count_per_user, Some(1));
    /// assert_eq!(rule.max_count_per_day, None); // absent
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::SentCountInfo;
    /// let sent: SentCountInfo = serde_json::from_str(r#"{"total_count": 12, "today_count": 3}"#)?;
    /// assert_eq!((sent.total_count, sent.today_count), (Some(12), Some(3)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct SentCountInfo {
        /// 已发放总数.
        pub total_count: Option<i64>,
        /// 今日发放数.
        pub today_count: Option<i64>,
    }
}

view! {
    /// Usage rule of a stock (`SingleUsageRule` / `StockUsageRule`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::StockUsageRule;
    /// let json = r#"{"coupon_available_period": {"available_days": 30},
    ///               "normal_coupon": {"threshold": 10000, "discount_amount": 1000}}"#;
    /// let rule: StockUsageRule<'_> = serde_json::from_str(json)?;
    /// assert_eq!(rule.coupon_available_period.and_then(|p| p.available_days), Some(30));
    /// assert_eq!(rule.normal_coupon.and_then(|n| n.discount_amount), Some(1000));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::CouponAvailablePeriod;
    /// let json = r#"{"available_begin_time": "2025-08-01T00:00:00+08:00", "available_days": 30}"#;
    /// let period: CouponAvailablePeriod<'_> = serde_json::from_str(json)?;
    /// assert_eq!(period.available_begin_time.as_ref().map(|t| t.as_str()), Some("2025-08-01T00:00:00+08:00"));
    /// assert!(period.irregular_available_period_list.is_empty());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::{WeeklyAvailablePeriod, Weekday};
    /// let json = r#"{"day_list": ["SATURDAY", "SUNDAY"], "day_period_list": [{"begin_time": 36000, "end_time": 79200}]}"#;
    /// let weekly: WeeklyAvailablePeriod<'_> = serde_json::from_str(json)?;
    /// assert_eq!(weekly.day_list, [Weekday::Saturday, Weekday::Sunday]);
    /// assert_eq!(weekly.day_period_list[0].begin_time, Some(36000));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::DayPeriod;
    /// let period: DayPeriod = serde_json::from_str(r#"{"begin_time": 36000, "end_time": 79200}"#)?;
    /// assert_eq!(period.begin_time.map(|s| s / 3600), Some(10)); // from 10:00
    /// assert_eq!(period.end_time.map(|s| s / 3600), Some(22)); // to 22:00
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct DayPeriod {
        /// Start.
        pub begin_time: Option<i64>,
        /// End.
        pub end_time: Option<i64>,
    }
}

view! {
    /// An absolute time window.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::TimePeriod;
    /// let json = r#"{"begin_time": "2025-10-01T00:00:00+08:00", "end_time": "2025-10-07T23:59:59+08:00"}"#;
    /// let period: TimePeriod<'_> = serde_json::from_str(json)?;
    /// let end = period.end_time.as_ref().map(|t| t.to_offset_date_time()).transpose()?;
    /// assert_eq!(end.map(|t| t.day()), Some(7));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::StockBundleInfo;
    /// let info: StockBundleInfo<'_> = serde_json::from_str(r#"{"stock_bundle_id": "B100", "stock_bundle_index": 0}"#)?;
    /// assert_eq!(info.stock_bundle_id.as_deref(), Some("B100"));
    /// assert_eq!(info.stock_bundle_index, Some(0));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::{CouponUsageMethod, UsageRuleDisplayInfo};
    /// let json = r#"{"coupon_usage_method_list": ["OFFLINE", "MINI_PROGRAM"], "usage_description": "工作日可用"}"#;
    /// let info: UsageRuleDisplayInfo<'_> = serde_json::from_str(json)?;
    /// assert!(info.coupon_usage_method_list.contains(&CouponUsageMethod::Offline));
    /// assert_eq!(info.usage_description.as_deref(), Some("工作日可用"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::CouponAvailableStoreInfo;
    /// let json = r#"{"description": "所有门店可用", "mini_program_path": "/pages/index/store-list"}"#;
    /// let stores: CouponAvailableStoreInfo<'_> = serde_json::from_str(json)?;
    /// assert_eq!(stores.description.as_deref(), Some("所有门店可用"));
    /// assert!(stores.mini_program_appid.is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::{CouponCodeDisplayMode, CouponDisplayInfo};
    /// let json = r#"{"code_display_mode": "QRCODE", "background_color": "Color010"}"#;
    /// let display: CouponDisplayInfo<'_> = serde_json::from_str(json)?;
    /// assert_eq!(display.code_display_mode, Some(CouponCodeDisplayMode::Qrcode));
    /// assert!(display.entrance_finder.is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::EntranceMiniProgram;
    /// let json = r#"{"appid": "wx1234567890", "path": "/pages/index/product", "entrance_wording": "欢迎选购"}"#;
    /// let entrance: EntranceMiniProgram<'_> = serde_json::from_str(json)?;
    /// assert_eq!(entrance.path.as_deref(), Some("/pages/index/product"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::EntranceOfficialAccount;
    /// let entrance: EntranceOfficialAccount<'_> = serde_json::from_str(r#"{"appid": "wx1234567890"}"#)?;
    /// assert_eq!(entrance.appid.as_deref(), Some("wx1234567890"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct EntranceOfficialAccount<'a> {
        /// AppID.
        #[serde(borrow, default)]
        pub appid: Option<Text<'a>>,
    }
}

view! {
    /// Channels (视频号) entrance.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::EntranceFinder;
    /// let json = r#"{"finder_id": "gh_12345678", "finder_video_id": "UDFsdf24df34dD456Hdf34"}"#;
    /// let finder: EntranceFinder<'_> = serde_json::from_str(json)?;
    /// assert_eq!(finder.finder_id.as_deref(), Some("gh_12345678"));
    /// assert!(finder.finder_video_cover_image_url.is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use wechatpay_product_coupon::model::NotifyConfig;
    /// let config: NotifyConfig<'_> = serde_json::from_str(r#"{"notify_appid": "wx4fd12345678"}"#)?;
    /// assert_eq!(config.notify_appid.as_deref(), Some("wx4fd12345678"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct NotifyConfig<'a> {
        /// 事件通知AppID.
        #[serde(borrow, default)]
        pub notify_appid: Option<Text<'a>>,
    }
}

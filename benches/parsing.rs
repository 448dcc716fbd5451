//! Decoding the 3.5 KB `use` response: the crate's zero-copy `UserProductCouponEntity` vs an
//! owned copy of the same model (plain `String`s, same field set, written here) vs
//! `serde_json::Value`, and the floor of any serde_json decoder: `IgnoredAny`, which scans and
//! validates the same JSON and keeps nothing. Throughput in bytes of JSON.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wechatpay_product_coupon::model::UserProductCouponEntity;

fn data(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(file)
}

/// The owned twin of `response::UserProductCouponEntity` and everything under it: every
/// `Cow<str>`, open enum and RFC 3339 time becomes a `String`, every `Vec` of them a
/// `Vec<String>`; numbers, options and defaults as in the crate.
mod owned {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct UserProductCouponEntity {
        pub coupon_code: String,
        pub coupon_state: String,
        pub valid_begin_time: String,
        pub valid_end_time: String,
        pub receive_time: String,
        pub send_request_no: String,
        pub send_channel: String,
        #[serde(default)]
        pub confirm_request_no: Option<String>,
        #[serde(default)]
        pub confirm_time: Option<String>,
        #[serde(default)]
        pub deactivate_request_no: Option<String>,
        #[serde(default)]
        pub deactivate_time: Option<String>,
        #[serde(default)]
        pub deactivate_reason: Option<String>,
        #[serde(default)]
        pub single_usage_detail: Option<CouponUsageDetail>,
        #[serde(default)]
        pub progressive_bundle_usage_detail: Option<CouponUsageDetail>,
        #[serde(default)]
        pub user_product_coupon_bundle_info: Option<UserProductCouponBundleInfo>,
        pub product_coupon: ProductCouponEntity,
        pub stock: StockEntity,
        #[serde(default)]
        pub attach: Option<String>,
        #[serde(default)]
        pub channel_custom_info: Option<String>,
        #[serde(default)]
        pub coupon_tag_info: Option<CouponTagInfo>,
        pub brand_id: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct CouponUsageDetail {
        #[serde(default)]
        pub use_request_no: Option<String>,
        #[serde(default)]
        pub use_time: Option<String>,
        #[serde(default)]
        pub return_request_no: Option<String>,
        #[serde(default)]
        pub return_time: Option<String>,
        #[serde(default)]
        pub associated_order_info: Option<AssociatedOrderInfo>,
        #[serde(default)]
        pub associated_pay_score_order_info: Option<AssociatedPayScoreOrderInfo>,
        #[serde(default)]
        pub saved_amount: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct AssociatedOrderInfo {
        #[serde(default)]
        pub transaction_id: Option<String>,
        #[serde(default)]
        pub out_trade_no: Option<String>,
        #[serde(default)]
        pub mchid: Option<String>,
        #[serde(default)]
        pub sub_mchid: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct AssociatedPayScoreOrderInfo {
        #[serde(default)]
        pub order_id: Option<String>,
        #[serde(default)]
        pub out_order_no: Option<String>,
        #[serde(default)]
        pub mchid: Option<String>,
        #[serde(default)]
        pub sub_mchid: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct UserProductCouponBundleInfo {
        #[serde(default)]
        pub user_coupon_bundle_id: Option<String>,
        #[serde(default)]
        pub user_coupon_bundle_index: Option<i64>,
        #[serde(default)]
        pub total_count: Option<i64>,
        #[serde(default)]
        pub used_count: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct CouponTagInfo {
        #[serde(default)]
        pub coupon_tag_list: Vec<String>,
        #[serde(default)]
        pub member_tag_info: Option<MemberTagInfo>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct MemberTagInfo {
        #[serde(default)]
        pub member_card_id: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct ProductCouponEntity {
        pub product_coupon_id: String,
        pub scope: String,
        #[serde(rename = "type")]
        pub coupon_type: String,
        pub usage_mode: String,
        #[serde(default)]
        pub single_usage_info: Option<SingleUsageInfo>,
        #[serde(default)]
        pub progressive_bundle_usage_info: Option<ProgressiveBundleUsageInfo>,
        pub display_info: ProductCouponDisplayInfo,
        #[serde(default)]
        pub out_product_no: Option<String>,
        pub state: String,
        #[serde(default)]
        pub deactivate_request_no: Option<String>,
        #[serde(default)]
        pub deactivate_time: Option<String>,
        #[serde(default)]
        pub deactivate_reason: Option<String>,
        pub brand_id: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct SingleUsageInfo {
        #[serde(default)]
        pub normal_coupon: Option<NormalCouponUsageRule>,
        #[serde(default)]
        pub discount_coupon: Option<DiscountCouponUsageRule>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct NormalCouponUsageRule {
        #[serde(default)]
        pub threshold: Option<i64>,
        #[serde(default)]
        pub discount_amount: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct DiscountCouponUsageRule {
        #[serde(default)]
        pub threshold: Option<i64>,
        #[serde(default)]
        pub percent_off: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct ExchangeCouponUsageRule {
        #[serde(default)]
        pub threshold: Option<i64>,
        #[serde(default)]
        pub exchange_price: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct ProgressiveBundleUsageInfo {
        #[serde(default)]
        pub count: Option<i64>,
        #[serde(default)]
        pub interval_days: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct ProductCouponDisplayInfo {
        pub name: String,
        pub image_url: String,
        pub background_url: String,
        #[serde(default)]
        pub detail_image_url_list: Vec<String>,
        #[serde(default)]
        pub original_price: Option<i64>,
        #[serde(default)]
        pub combo_package_list: Vec<ComboPackage>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct ComboPackage {
        #[serde(default)]
        pub name: Option<String>,
        #[serde(default)]
        pub pick_count: Option<i64>,
        #[serde(default)]
        pub choice_list: Vec<ComboPackageChoice>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct ComboPackageChoice {
        #[serde(default)]
        pub name: Option<String>,
        #[serde(default)]
        pub price: Option<i64>,
        #[serde(default)]
        pub count: Option<i64>,
        #[serde(default)]
        pub image_url: Option<String>,
        #[serde(default)]
        pub mini_program_appid: Option<String>,
        #[serde(default)]
        pub mini_program_path: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct StockEntity {
        pub product_coupon_id: String,
        pub stock_id: String,
        #[serde(default)]
        pub remark: Option<String>,
        pub coupon_code_mode: String,
        #[serde(default)]
        pub coupon_code_count_info: Option<CouponCodeCountInfo>,
        pub stock_send_rule: StockSendRule,
        #[serde(default)]
        pub single_usage_rule: Option<StockUsageRule>,
        #[serde(default)]
        pub progressive_bundle_usage_rule: Option<StockUsageRule>,
        #[serde(default)]
        pub stock_bundle_info: Option<StockBundleInfo>,
        pub usage_rule_display_info: UsageRuleDisplayInfo,
        pub coupon_display_info: CouponDisplayInfo,
        pub notify_config: NotifyConfig,
        pub store_scope: String,
        pub sent_count_info: SentCountInfo,
        pub state: String,
        #[serde(default)]
        pub deactivate_request_no: Option<String>,
        #[serde(default)]
        pub deactivate_time: Option<String>,
        #[serde(default)]
        pub deactivate_reason: Option<String>,
        pub brand_id: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct CouponCodeCountInfo {
        #[serde(default)]
        pub total_count: Option<i64>,
        #[serde(default)]
        pub available_count: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct StockSendRule {
        #[serde(default)]
        pub max_count: Option<i64>,
        #[serde(default)]
        pub max_count_per_day: Option<i64>,
        #[serde(default)]
        pub max_count_per_user: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct SentCountInfo {
        #[serde(default)]
        pub total_count: Option<i64>,
        #[serde(default)]
        pub today_count: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct StockUsageRule {
        #[serde(default)]
        pub coupon_available_period: Option<CouponAvailablePeriod>,
        #[serde(default)]
        pub normal_coupon: Option<NormalCouponUsageRule>,
        #[serde(default)]
        pub discount_coupon: Option<DiscountCouponUsageRule>,
        #[serde(default)]
        pub exchange_coupon: Option<ExchangeCouponUsageRule>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct CouponAvailablePeriod {
        #[serde(default)]
        pub available_begin_time: Option<String>,
        #[serde(default)]
        pub available_end_time: Option<String>,
        #[serde(default)]
        pub available_days: Option<i64>,
        #[serde(default)]
        pub wait_days_after_receive: Option<i64>,
        #[serde(default)]
        pub weekly_available_period: Option<WeeklyAvailablePeriod>,
        #[serde(default)]
        pub irregular_available_period_list: Vec<TimePeriod>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct WeeklyAvailablePeriod {
        #[serde(default)]
        pub day_list: Vec<String>,
        #[serde(default)]
        pub day_period_list: Vec<DayPeriod>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct DayPeriod {
        #[serde(default)]
        pub begin_time: Option<i64>,
        #[serde(default)]
        pub end_time: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct TimePeriod {
        #[serde(default)]
        pub begin_time: Option<String>,
        #[serde(default)]
        pub end_time: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct StockBundleInfo {
        #[serde(default)]
        pub stock_bundle_id: Option<String>,
        #[serde(default)]
        pub stock_bundle_index: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct UsageRuleDisplayInfo {
        #[serde(default)]
        pub coupon_usage_method_list: Vec<String>,
        #[serde(default)]
        pub mini_program_appid: Option<String>,
        #[serde(default)]
        pub mini_program_path: Option<String>,
        #[serde(default)]
        pub app_path: Option<String>,
        #[serde(default)]
        pub usage_description: Option<String>,
        #[serde(default)]
        pub coupon_available_store_info: Option<CouponAvailableStoreInfo>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct CouponAvailableStoreInfo {
        #[serde(default)]
        pub description: Option<String>,
        #[serde(default)]
        pub mini_program_appid: Option<String>,
        #[serde(default)]
        pub mini_program_path: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct CouponDisplayInfo {
        #[serde(default)]
        pub code_display_mode: Option<String>,
        #[serde(default)]
        pub background_color: Option<String>,
        #[serde(default)]
        pub entrance_mini_program: Option<EntranceMiniProgram>,
        #[serde(default)]
        pub entrance_official_account: Option<EntranceOfficialAccount>,
        #[serde(default)]
        pub entrance_finder: Option<EntranceFinder>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct EntranceMiniProgram {
        #[serde(default)]
        pub appid: Option<String>,
        #[serde(default)]
        pub path: Option<String>,
        #[serde(default)]
        pub entrance_wording: Option<String>,
        #[serde(default)]
        pub guidance_wording: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct EntranceOfficialAccount {
        #[serde(default)]
        pub appid: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct EntranceFinder {
        #[serde(default)]
        pub finder_id: Option<String>,
        #[serde(default)]
        pub finder_video_id: Option<String>,
        #[serde(default)]
        pub finder_video_cover_image_url: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub struct NotifyConfig {
        #[serde(default)]
        pub notify_appid: Option<String>,
    }
}

fn bench_parsing(c: &mut Criterion) {
    let body = std::fs::read(data("use_response_example_S1.json")).expect("use response");

    // The three decoders must agree on the input before anything is timed.
    let borrowed: UserProductCouponEntity<'_> = serde_json::from_slice(&body).expect("borrowed");
    let copy: owned::UserProductCouponEntity = serde_json::from_slice(&body).expect("owned");
    let value: serde_json::Value = serde_json::from_slice(&body).expect("value");
    assert_eq!(borrowed.coupon_code, copy.coupon_code);
    assert_eq!(borrowed.coupon_state.as_str(), copy.coupon_state);
    assert_eq!(
        borrowed.product_coupon.display_info.name,
        copy.product_coupon.display_info.name
    );
    assert_eq!(value["stock"]["stock_id"], copy.stock.stock_id.as_str());

    let mut group = c.benchmark_group("parsing");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("borrowed_view", |b| {
        b.iter(|| {
            serde_json::from_slice::<UserProductCouponEntity<'_>>(black_box(&body))
                .expect("borrowed")
        })
    });
    group.bench_function("owned_strings", |b| {
        b.iter(|| {
            serde_json::from_slice::<owned::UserProductCouponEntity>(black_box(&body))
                .expect("owned")
        })
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)).expect("value"))
    });
    group.bench_function("ignored_any_floor", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&body)).expect("JSON"))
    });
    group.finish();
}

criterion_group!(benches, bench_parsing);
criterion_main!(benches);

//! Request and response models: zero-copy parsing of the official examples, open enums,
//! tolerance of unknown fields and `null`, `IntoOwned`, RFC 3339 times, request bodies and
//! request validation.

use std::borrow::Cow;
use std::path::PathBuf;

use serde_json::{json, Value};
use time::macros::datetime;
use time::OffsetDateTime;

use wechatpay_product_coupon::model::{
    CouponCodeDisplayMode, CouponCodeMode, CouponUsageMethod, ProductCouponScope,
    ProductCouponState, ProductCouponType, Rfc3339, StockState, StockStoreScope, UsageMode,
    UserProductCouponSendChannel, UserProductCouponState, UserProductCouponTag, Weekday,
};
use wechatpay_product_coupon::request::{
    AssociatedOrderInfo, AssociatedPayScoreOrderInfo, ComboPackage, ComboPackageChoice,
    DeactivateCouponRequest, ProductCouponDisplayInfo, UpdateProductCouponRequest,
    UseCouponRequest,
};
use wechatpay_product_coupon::response::{ProductCouponEntity, UserProductCouponEntity};
use wechatpay_product_coupon::{Error, IntoOwned};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(name)
}

fn read_data(name: &str) -> Vec<u8> {
    std::fs::read(data_path(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

fn read_json(name: &str) -> Value {
    serde_json::from_slice(&read_data(name)).unwrap_or_else(|e| panic!("parsing {name}: {e}"))
}

const USE_RESPONSE: &str = "use_response_example_S1.json";
const DEACTIVATE_RESPONSE: &str = "deactivate_response_example_S0.json";
const UPDATE_RESPONSE: &str = "update_response_example_S2.json";

// Takes the Cow itself: which variant it is, is the point.
#[allow(clippy::ptr_arg)]
fn assert_borrowed(value: &Cow<'_, str>, what: &str) {
    assert!(
        matches!(value, Cow::Borrowed(_)),
        "{what} should borrow from the body, got {value:?}"
    );
}

fn assert_opt_borrowed(value: &Option<Cow<'_, str>>, what: &str) {
    match value {
        Some(Cow::Borrowed(_)) => {}
        other => panic!("{what} should be Some(Cow::Borrowed(_)), got {other:?}"),
    }
}

// Takes the Cow itself: which variant it is, is the point.
#[allow(clippy::ptr_arg)]
fn assert_owned(value: &Cow<'_, str>, what: &str) {
    assert!(
        matches!(value, Cow::Owned(_)),
        "{what} should be owned, got {value:?}"
    );
}

/// Whether `s` lies inside `buf` (i.e. was borrowed from it, not copied).
fn points_into(buf: &[u8], s: &str) -> bool {
    let start = buf.as_ptr() as usize;
    let end = start + buf.len();
    let p = s.as_ptr() as usize;
    p >= start && p + s.len() <= end
}

/// Sets the member named by the JSON pointer `pointer` (its parent must exist).
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a '/'");
    let obj = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no parent {parent}"))
        .as_object_mut()
        .unwrap_or_else(|| panic!("{parent} is not an object"));
    obj.insert(key.to_owned(), value);
}

/// Removes the member named by the JSON pointer `pointer`, which must exist.
fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a '/'");
    let removed = doc
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .and_then(|o| o.remove(key));
    assert!(removed.is_some(), "{pointer} was not present");
}

/// The S1 use response, edited, as body bytes.
fn edited_use_response(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut doc = read_json(USE_RESPONSE);
    edit(&mut doc);
    serde_json::to_vec(&doc).unwrap()
}

fn unix(text: &str) -> i64 {
    Rfc3339::new(text)
        .to_offset_date_time()
        .unwrap()
        .unix_timestamp()
}

// ---------------------------------------------------------------------------------------------
// 1. Parsing the official examples
// ---------------------------------------------------------------------------------------------

#[test]
fn use_response_example_parses_every_nested_object() {
    let buf = read_data(USE_RESPONSE);
    let c: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();

    // Top level.
    assert_eq!(c.coupon_code, "Code_123456");
    assert_eq!(c.coupon_state, UserProductCouponState::Used);
    assert_eq!(c.coupon_state.as_str(), "USED");
    assert_eq!(c.valid_begin_time.as_str(), "2025-08-02T00:00:00+08:00");
    assert_eq!(c.valid_end_time.as_str(), "2025-08-31T23:59:59+08:00");
    assert_eq!(c.receive_time.as_str(), "2025-08-02T00:00:00+08:00");
    assert_eq!(c.send_request_no, "MCHSEND202003101234");
    assert_eq!(c.send_channel, UserProductCouponSendChannel::Api);
    assert_eq!(
        c.confirm_request_no.as_deref(),
        Some("MCHCONFIRM202003101234")
    );
    assert_eq!(
        c.confirm_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-02T00:00:05+08:00")
    );
    assert_eq!(c.deactivate_request_no, None);
    assert_eq!(c.deactivate_time, None);
    assert_eq!(c.deactivate_reason, None);
    assert_eq!(c.progressive_bundle_usage_detail, None);
    assert_eq!(c.user_product_coupon_bundle_info, None);
    assert_eq!(c.attach.as_deref(), Some("any attach content"));
    assert_eq!(c.channel_custom_info, None);
    assert_eq!(c.coupon_tag_info, None);
    assert_eq!(c.brand_id, "120344");

    // single_usage_detail
    let usage = c.single_usage_detail.as_ref().expect("single_usage_detail");
    assert_eq!(usage.use_request_no.as_deref(), Some("MCHUSE202003101234"));
    assert_eq!(
        usage.use_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-03T12:00:00+08:00")
    );
    assert_eq!(usage.return_request_no, None);
    assert_eq!(usage.return_time, None);
    assert_eq!(usage.associated_pay_score_order_info, None);
    assert_eq!(usage.saved_amount, None);
    let order = usage
        .associated_order_info
        .as_ref()
        .expect("associated_order_info");
    assert_eq!(
        order.transaction_id.as_deref(),
        Some("4200000000123456789123456789")
    );
    assert_eq!(order.out_trade_no, None);
    assert_eq!(order.mchid, None);
    assert_eq!(order.sub_mchid, None);

    // product_coupon
    let pc = &c.product_coupon;
    assert_eq!(pc.product_coupon_id, "1000000013");
    assert_eq!(pc.scope, ProductCouponScope::All);
    assert_eq!(pc.coupon_type, ProductCouponType::Discount);
    assert_eq!(pc.coupon_type.as_str(), "DISCOUNT");
    assert_eq!(pc.usage_mode, UsageMode::Single);
    let single = pc.single_usage_info.expect("single_usage_info");
    assert_eq!(single.normal_coupon, None);
    let discount = single.discount_coupon.expect("discount_coupon");
    assert_eq!(discount.threshold, Some(10000));
    assert_eq!(discount.percent_off, Some(20));
    assert_eq!(pc.progressive_bundle_usage_info, None);
    assert_eq!(pc.display_info.name, "全场满100立打8折-新名字");
    assert_eq!(
        pc.display_info.image_url,
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
    );
    assert_eq!(
        pc.display_info.background_url,
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
    );
    assert_eq!(
        pc.display_info.detail_image_url_list,
        vec![Cow::Borrowed(
            "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
        )]
    );
    assert_eq!(pc.display_info.original_price, None);
    assert!(pc.display_info.combo_package_list.is_empty());
    assert_eq!(pc.state, ProductCouponState::Effective);
    assert_eq!(pc.out_product_no.as_deref(), Some("Product_1234567890"));
    assert_eq!(pc.deactivate_request_no, None);
    assert_eq!(pc.brand_id, "120344");

    // stock
    let s = &c.stock;
    assert_eq!(s.product_coupon_id, "1000000013");
    assert_eq!(s.stock_id, "1000000013001");
    assert_eq!(s.remark.as_deref(), Some("8月工作日有效批次"));
    assert_eq!(s.coupon_code_mode, CouponCodeMode::Upload);
    let codes = s.coupon_code_count_info.expect("coupon_code_count_info");
    assert_eq!(codes.total_count, Some(0));
    assert_eq!(codes.available_count, Some(0));
    assert_eq!(s.stock_send_rule.max_count, Some(10_000_000));
    assert_eq!(s.stock_send_rule.max_count_per_user, Some(1));
    assert_eq!(s.stock_send_rule.max_count_per_day, None);
    assert_eq!(s.progressive_bundle_usage_rule, None);
    assert_eq!(s.stock_bundle_info, None);

    let rule = s.single_usage_rule.as_ref().expect("single_usage_rule");
    assert_eq!(rule.normal_coupon, None);
    assert_eq!(rule.discount_coupon, None);
    assert_eq!(rule.exchange_coupon, None);
    let period = rule
        .coupon_available_period
        .as_ref()
        .expect("coupon_available_period");
    assert_eq!(
        period.available_begin_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-01T00:00:00+08:00")
    );
    assert_eq!(
        period.available_end_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-31T23:59:59+08:00")
    );
    assert_eq!(period.available_days, Some(30));
    assert_eq!(period.wait_days_after_receive, None);
    assert!(period.irregular_available_period_list.is_empty());
    let weekly = period
        .weekly_available_period
        .as_ref()
        .expect("weekly_available_period");
    assert_eq!(
        weekly.day_list,
        vec![
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday
        ]
    );
    assert!(weekly.day_period_list.is_empty());

    let urd = &s.usage_rule_display_info;
    assert_eq!(
        urd.coupon_usage_method_list,
        vec![
            CouponUsageMethod::Offline,
            CouponUsageMethod::MiniProgram,
            CouponUsageMethod::PaymentCode
        ]
    );
    assert_eq!(urd.mini_program_appid.as_deref(), Some("wx1234567890"));
    assert_eq!(
        urd.mini_program_path.as_deref(),
        Some("/pages/index/product")
    );
    assert_eq!(urd.app_path, None);
    assert_eq!(urd.usage_description.as_deref(), Some("工作日可用"));
    let stores = urd
        .coupon_available_store_info
        .as_ref()
        .expect("coupon_available_store_info");
    assert_eq!(
        stores.description.as_deref(),
        Some("所有门店可用,可使用小程序查看门店列表")
    );
    assert_eq!(stores.mini_program_appid.as_deref(), Some("wx1234567890"));
    assert_eq!(
        stores.mini_program_path.as_deref(),
        Some("/pages/index/store-list")
    );

    let cdi = &s.coupon_display_info;
    assert_eq!(cdi.code_display_mode, Some(CouponCodeDisplayMode::Qrcode));
    assert_eq!(cdi.background_color.as_deref(), Some("Color010"));
    let mp = cdi
        .entrance_mini_program
        .as_ref()
        .expect("entrance_mini_program");
    assert_eq!(mp.appid.as_deref(), Some("wx1234567890"));
    assert_eq!(mp.path.as_deref(), Some("/pages/index/product"));
    assert_eq!(mp.entrance_wording.as_deref(), Some("欢迎选购"));
    assert_eq!(mp.guidance_wording.as_deref(), Some("获取更多优惠"));
    let oa = cdi
        .entrance_official_account
        .as_ref()
        .expect("entrance_official_account");
    assert_eq!(oa.appid.as_deref(), Some("wx1234567890"));
    let finder = cdi.entrance_finder.as_ref().expect("entrance_finder");
    assert_eq!(finder.finder_id.as_deref(), Some("gh_12345678"));
    assert_eq!(
        finder.finder_video_id.as_deref(),
        Some("UDFsdf24df34dD456Hdf34")
    );
    assert_eq!(
        finder.finder_video_cover_image_url.as_deref(),
        Some("https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx")
    );

    assert_eq!(
        s.notify_config.notify_appid.as_deref(),
        Some("wx4fd12345678")
    );
    assert_eq!(s.store_scope, StockStoreScope::None);
    assert_eq!(s.sent_count_info.total_count, Some(0));
    assert_eq!(s.sent_count_info.today_count, Some(0));
    assert_eq!(s.state, StockState::Sending);
    assert_eq!(s.deactivate_request_no, None);
    assert_eq!(s.deactivate_time, None);
    assert_eq!(s.deactivate_reason, None);
    assert_eq!(s.brand_id, "120344");
}

#[test]
fn deactivate_response_example_parses_deactivate_fields() {
    let buf = read_data(DEACTIVATE_RESPONSE);
    let c: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();

    assert_eq!(c.coupon_code, "Code_123456");
    assert_eq!(c.coupon_state, UserProductCouponState::Deactivated);
    assert_eq!(c.coupon_state.as_str(), "DEACTIVATED");
    assert_eq!(
        c.deactivate_request_no.as_deref(),
        Some("MCHDEACTIVATE202003101234")
    );
    assert_eq!(
        c.deactivate_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-03T12:01:00+08:00")
    );
    assert_eq!(
        c.deactivate_reason.as_deref(),
        Some("商品已下线,使用户商品券失效")
    );
    assert_opt_borrowed(&c.deactivate_reason, "deactivate_reason");

    let usage = c.single_usage_detail.as_ref().expect("single_usage_detail");
    assert_eq!(usage.use_request_no.as_deref(), Some("MCHUSE202003101234"));
    assert_eq!(
        usage.return_request_no.as_deref(),
        Some("MCHRETURN202003101234")
    );
    assert_eq!(
        usage.return_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-03T12:01:00+08:00")
    );
    assert_eq!(
        usage
            .associated_order_info
            .as_ref()
            .and_then(|o| o.transaction_id.as_deref()),
        Some("4200000000123456789123456789")
    );

    assert_eq!(c.product_coupon.coupon_type, ProductCouponType::Discount);
    assert_eq!(c.product_coupon.state, ProductCouponState::Effective);
    assert_eq!(c.stock.state, StockState::Sending);
    assert_eq!(c.stock.stock_id, "1000000013001");
    assert_eq!(
        c.stock
            .coupon_display_info
            .entrance_finder
            .as_ref()
            .and_then(|f| f.finder_id.as_deref()),
        Some("gh_12345678")
    );
    assert_eq!(c.attach.as_deref(), Some("any attach content"));
    assert_eq!(c.brand_id, "120344");
}

#[test]
fn update_response_example_parses_as_product_coupon_entity() {
    let buf = read_data(UPDATE_RESPONSE);
    let p: ProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();

    assert_eq!(p.product_coupon_id, "1000000013");
    assert_eq!(p.scope, ProductCouponScope::All);
    assert_eq!(p.coupon_type, ProductCouponType::Discount);
    assert_eq!(p.usage_mode, UsageMode::Single);
    let discount = p
        .single_usage_info
        .and_then(|s| s.discount_coupon)
        .expect("discount_coupon");
    assert_eq!(discount.threshold, Some(10000));
    assert_eq!(discount.percent_off, Some(20));
    assert_eq!(p.progressive_bundle_usage_info, None);
    assert_eq!(p.display_info.name, "全场满100立打8折-新名字");
    assert_eq!(
        p.display_info.image_url,
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
    );
    assert_eq!(
        p.display_info.background_url,
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
    );
    assert_eq!(p.display_info.detail_image_url_list.len(), 1);
    assert_eq!(p.state, ProductCouponState::Effective);
    assert_eq!(p.out_product_no.as_deref(), Some("Product_1234567890"));
    assert_eq!(p.deactivate_request_no, None);
    assert_eq!(p.deactivate_time, None);
    assert_eq!(p.deactivate_reason, None);
    assert_eq!(p.brand_id, "120344");
    assert_borrowed(&p.display_info.name, "display_info.name");
    assert_borrowed(&p.product_coupon_id, "product_coupon_id");
}

// ---------------------------------------------------------------------------------------------
// Zero-copy
// ---------------------------------------------------------------------------------------------

#[test]
fn unescaped_strings_borrow_from_the_body() {
    let buf = read_data(USE_RESPONSE);
    let c: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();

    // Plain Cow fields.
    assert_borrowed(&c.coupon_code, "coupon_code");
    assert_borrowed(&c.send_request_no, "send_request_no");
    assert_borrowed(&c.brand_id, "brand_id");
    assert_borrowed(&c.product_coupon.display_info.name, "display_info.name");
    assert_borrowed(
        &c.product_coupon.display_info.image_url,
        "display_info.image_url",
    );
    assert_borrowed(&c.stock.stock_id, "stock.stock_id");
    assert!(points_into(&buf, &c.coupon_code));
    assert!(points_into(&buf, &c.product_coupon.display_info.name));

    // Option<Cow> fields, at several depths.
    assert_opt_borrowed(&c.confirm_request_no, "confirm_request_no");
    assert_opt_borrowed(&c.attach, "attach");
    assert_opt_borrowed(&c.stock.remark, "stock.remark");
    assert_opt_borrowed(&c.product_coupon.out_product_no, "out_product_no");
    let usage = c.single_usage_detail.as_ref().unwrap();
    assert_opt_borrowed(&usage.use_request_no, "use_request_no");
    assert_opt_borrowed(
        &usage.associated_order_info.as_ref().unwrap().transaction_id,
        "transaction_id",
    );
    assert_opt_borrowed(
        &c.stock
            .coupon_display_info
            .entrance_finder
            .as_ref()
            .unwrap()
            .finder_id,
        "finder_id",
    );
    assert_opt_borrowed(
        &c.stock.notify_config.notify_appid,
        "notify_config.notify_appid",
    );
    assert_opt_borrowed(
        &c.stock.usage_rule_display_info.usage_description,
        "usage_description",
    );

    // Vec<Cow> elements.
    let list = &c.product_coupon.display_info.detail_image_url_list;
    assert_eq!(list.len(), 1);
    for (i, url) in list.iter().enumerate() {
        assert_borrowed(url, &format!("detail_image_url_list[{i}]"));
        assert!(points_into(&buf, url));
    }

    // RFC 3339 texts are kept as the body's own bytes too.
    assert!(points_into(&buf, c.valid_begin_time.as_str()));
    assert!(points_into(&buf, usage.use_time.as_ref().unwrap().as_str()));
}

#[test]
fn escaped_strings_parse_to_their_unescaped_text() {
    let body = edited_use_response(|_| {});
    // Splice escapes into the raw text, so they reach the parser as written.
    let text = String::from_utf8(body)
        .unwrap()
        .replacen(
            r#""name":"全场满100立打8折-新名字""#,
            r#""name":"a\u0041b""#,
            1,
        )
        .replacen(
            r#""coupon_code":"Code_123456""#,
            r#""coupon_code":"Code\"123\\456""#,
            1,
        )
        .replacen(
            r#""attach":"any attach content""#,
            r#""attach":"line1\nline2 \u4e2d""#,
            1,
        )
        .replacen(
            r#""detail_image_url_list":["https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"]"#,
            r#""detail_image_url_list":["https:\/\/example.com\/a","plain"]"#,
            1,
        );
    assert!(text.contains(r#"a\u0041b"#), "name was not replaced");
    assert!(
        text.contains(r#"Code\"123"#),
        "coupon_code was not replaced"
    );
    assert!(text.contains(r#"line1\n"#), "attach was not replaced");
    assert!(text.contains(r#"https:\/\/"#), "list was not replaced");
    let buf = text.into_bytes();

    let c: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
    assert_eq!(c.product_coupon.display_info.name, "aAb");
    assert_eq!(c.coupon_code, "Code\"123\\456");
    assert_eq!(c.attach.as_deref(), Some("line1\nline2 中"));
    assert_eq!(
        c.product_coupon.display_info.detail_image_url_list,
        vec![
            Cow::<str>::Owned("https://example.com/a".into()),
            Cow::Borrowed("plain")
        ]
    );
    // The element without escapes still borrows.
    assert_borrowed(
        &c.product_coupon.display_info.detail_image_url_list[1],
        "detail_image_url_list[1]",
    );
}

// ---------------------------------------------------------------------------------------------
// Open enums
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_enum_values_are_kept_as_sent() {
    let buf = edited_use_response(|d| {
        set(d, "/coupon_state", json!("FROZEN"));
        set(d, "/send_channel", json!("MEMBER"));
        set(d, "/product_coupon/scope", json!("CATEGORY"));
        set(d, "/product_coupon/type", json!("CASHBACK"));
        set(d, "/product_coupon/usage_mode", json!("SEQUENTIAL"));
        set(d, "/product_coupon/state", json!("ARCHIVED"));
        set(d, "/stock/state", json!("DRAINED"));
        set(d, "/stock/store_scope", json!("REGION"));
        set(d, "/stock/coupon_code_mode", json!("NFC"));
        set(
            d,
            "/stock/single_usage_rule/coupon_available_period/weekly_available_period/day_list",
            json!(["MONDAY", "HOLIDAY"]),
        );
        set(
            d,
            "/stock/usage_rule_display_info/coupon_usage_method_list",
            json!(["OFFLINE", "H5"]),
        );
        set(
            d,
            "/stock/coupon_display_info/code_display_mode",
            json!("NUMBER"),
        );
    });
    let c: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();

    assert_eq!(
        c.coupon_state,
        UserProductCouponState::Unknown(Cow::Borrowed("FROZEN"))
    );
    assert_eq!(c.coupon_state.as_str(), "FROZEN");
    assert_eq!(c.coupon_state.to_string(), "FROZEN");
    assert!(points_into(&buf, c.coupon_state.as_str()));
    assert_eq!(
        c.send_channel,
        UserProductCouponSendChannel::Unknown(Cow::Borrowed("MEMBER"))
    );
    assert_eq!(c.send_channel.as_str(), "MEMBER");
    assert_eq!(
        c.product_coupon.scope,
        ProductCouponScope::Unknown(Cow::Borrowed("CATEGORY"))
    );
    assert_eq!(c.product_coupon.scope.as_str(), "CATEGORY");
    assert_eq!(c.product_coupon.coupon_type.as_str(), "CASHBACK");
    assert_eq!(
        c.product_coupon.usage_mode,
        UsageMode::Unknown(Cow::Borrowed("SEQUENTIAL"))
    );
    assert_eq!(c.product_coupon.usage_mode.as_str(), "SEQUENTIAL");
    assert_eq!(
        c.product_coupon.state,
        ProductCouponState::Unknown(Cow::Borrowed("ARCHIVED"))
    );
    assert_eq!(c.stock.state, StockState::Unknown(Cow::Borrowed("DRAINED")));
    assert_eq!(
        c.stock.store_scope,
        StockStoreScope::Unknown(Cow::Borrowed("REGION"))
    );
    assert_eq!(
        c.stock.coupon_code_mode,
        CouponCodeMode::Unknown(Cow::Borrowed("NFC"))
    );
    let days = &c
        .stock
        .single_usage_rule
        .as_ref()
        .unwrap()
        .coupon_available_period
        .as_ref()
        .unwrap()
        .weekly_available_period
        .as_ref()
        .unwrap()
        .day_list;
    assert_eq!(
        days,
        &vec![Weekday::Monday, Weekday::Unknown(Cow::Borrowed("HOLIDAY"))]
    );
    assert_eq!(days[1].as_str(), "HOLIDAY");
    assert_eq!(
        c.stock.usage_rule_display_info.coupon_usage_method_list,
        vec![
            CouponUsageMethod::Offline,
            CouponUsageMethod::Unknown(Cow::Borrowed("H5"))
        ]
    );
    assert_eq!(
        c.stock.coupon_display_info.code_display_mode,
        Some(CouponCodeDisplayMode::Unknown(Cow::Borrowed("NUMBER")))
    );
}

#[test]
fn known_enum_values_round_trip_through_as_str() {
    for text in [
        "CONFIRMING",
        "PENDING",
        "EFFECTIVE",
        "USED",
        "EXPIRED",
        "DELETED",
        "DEACTIVATED",
    ] {
        let json = format!("\"{text}\"");
        let state: UserProductCouponState<'_> = serde_json::from_str(&json).unwrap();
        assert!(
            !matches!(state, UserProductCouponState::Unknown(_)),
            "{text} should be a known state"
        );
        assert_eq!(state.as_str(), text);
    }
    let days: Vec<Weekday<'_>> = serde_json::from_str(
        r#"["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"]"#,
    )
    .unwrap();
    assert!(days.iter().all(|d| !matches!(d, Weekday::Unknown(_))));
    assert_eq!(days[5], Weekday::Saturday);
    assert_eq!(days[6], Weekday::Sunday);
}

// ---------------------------------------------------------------------------------------------
// Unknown fields, null, missing required fields
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_fields_are_ignored_at_every_level() {
    let buf = edited_use_response(|d| {
        set(d, "/future_scalar", json!("x"));
        set(
            d,
            "/future_object",
            json!({"a": {"b": [1, 2, {"c": null}]}}),
        );
        set(d, "/future_array", json!([{"x": 1}, "y", null, [true]]));
        set(d, "/single_usage_detail/future", json!({"k": [1]}));
        set(
            d,
            "/single_usage_detail/associated_order_info/extra",
            json!([]),
        );
        set(d, "/product_coupon/display_info/extra_list", json!(["a"]));
        set(d, "/product_coupon/single_usage_info/extra", json!(1.5));
        set(
            d,
            "/product_coupon/single_usage_info/discount_coupon/cap",
            json!(500),
        );
        set(d, "/stock/stock_send_rule/extra", json!({"z": null}));
        set(
            d,
            "/stock/single_usage_rule/coupon_available_period/weekly_available_period/extra",
            json!(false),
        );
        set(d, "/stock/coupon_display_info/entrance_finder/x", json!({}));
        set(d, "/stock/notify_config/notify_url", json!("https://e/x"));
    });
    let edited: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();

    let original_buf = read_data(USE_RESPONSE);
    let original: UserProductCouponEntity<'_> = serde_json::from_slice(&original_buf).unwrap();
    assert_eq!(edited, original);
}

#[test]
fn null_optional_fields_and_lists_are_none_or_empty() {
    let buf = edited_use_response(|d| {
        for p in [
            "/confirm_request_no",
            "/confirm_time",
            "/deactivate_request_no",
            "/deactivate_time",
            "/deactivate_reason",
            "/progressive_bundle_usage_detail",
            "/user_product_coupon_bundle_info",
            "/attach",
            "/channel_custom_info",
            "/coupon_tag_info",
            "/single_usage_detail/use_time",
            "/single_usage_detail/associated_order_info/transaction_id",
            "/single_usage_detail/saved_amount",
            "/product_coupon/single_usage_info",
            "/product_coupon/out_product_no",
            "/product_coupon/display_info/detail_image_url_list",
            "/product_coupon/display_info/original_price",
            "/product_coupon/display_info/combo_package_list",
            "/stock/remark",
            "/stock/coupon_code_count_info",
            "/stock/stock_send_rule/max_count",
            "/stock/sent_count_info/today_count",
            "/stock/single_usage_rule/coupon_available_period/weekly_available_period/day_list",
            "/stock/single_usage_rule/coupon_available_period/weekly_available_period/day_period_list",
            "/stock/single_usage_rule/coupon_available_period/irregular_available_period_list",
            "/stock/single_usage_rule/coupon_available_period/available_days",
            "/stock/usage_rule_display_info/coupon_usage_method_list",
            "/stock/usage_rule_display_info/mini_program_appid",
            "/stock/usage_rule_display_info/coupon_available_store_info",
            "/stock/coupon_display_info/code_display_mode",
            "/stock/coupon_display_info/entrance_finder",
            "/stock/notify_config/notify_appid",
        ] {
            set(d, p, Value::Null);
        }
    });
    let c: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();

    assert_eq!(c.confirm_request_no, None);
    assert_eq!(c.confirm_time, None);
    assert_eq!(c.deactivate_request_no, None);
    assert_eq!(c.deactivate_time, None);
    assert_eq!(c.deactivate_reason, None);
    assert_eq!(c.progressive_bundle_usage_detail, None);
    assert_eq!(c.user_product_coupon_bundle_info, None);
    assert_eq!(c.attach, None);
    assert_eq!(c.channel_custom_info, None);
    assert_eq!(c.coupon_tag_info, None);
    let usage = c.single_usage_detail.as_ref().unwrap();
    assert_eq!(usage.use_time, None);
    assert_eq!(usage.saved_amount, None);
    assert_eq!(
        usage.associated_order_info.as_ref().unwrap().transaction_id,
        None
    );
    let pc = &c.product_coupon;
    assert_eq!(pc.single_usage_info, None);
    assert_eq!(pc.out_product_no, None);
    assert!(pc.display_info.detail_image_url_list.is_empty());
    assert_eq!(pc.display_info.original_price, None);
    assert!(pc.display_info.combo_package_list.is_empty());
    let s = &c.stock;
    assert_eq!(s.remark, None);
    assert_eq!(s.coupon_code_count_info, None);
    assert_eq!(s.stock_send_rule.max_count, None);
    assert_eq!(s.stock_send_rule.max_count_per_user, Some(1));
    assert_eq!(s.sent_count_info.today_count, None);
    let period = s
        .single_usage_rule
        .as_ref()
        .unwrap()
        .coupon_available_period
        .as_ref()
        .unwrap();
    let weekly = period.weekly_available_period.as_ref().unwrap();
    assert!(weekly.day_list.is_empty());
    assert!(weekly.day_period_list.is_empty());
    assert!(period.irregular_available_period_list.is_empty());
    assert_eq!(period.available_days, None);
    assert!(s
        .usage_rule_display_info
        .coupon_usage_method_list
        .is_empty());
    assert_eq!(s.usage_rule_display_info.mini_program_appid, None);
    assert_eq!(s.usage_rule_display_info.coupon_available_store_info, None);
    assert_eq!(s.coupon_display_info.code_display_mode, None);
    assert_eq!(s.coupon_display_info.entrance_finder, None);
    assert_eq!(s.notify_config.notify_appid, None);
}

#[test]
fn absent_optional_fields_are_none_or_empty() {
    let buf = edited_use_response(|d| {
        remove(d, "/confirm_request_no");
        remove(d, "/confirm_time");
        remove(d, "/single_usage_detail");
        remove(d, "/attach");
        remove(d, "/product_coupon/display_info/detail_image_url_list");
        remove(d, "/stock/single_usage_rule");
        remove(d, "/stock/coupon_display_info/entrance_finder");
    });
    let c: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
    assert_eq!(c.confirm_request_no, None);
    assert_eq!(c.confirm_time, None);
    assert_eq!(c.single_usage_detail, None);
    assert_eq!(c.attach, None);
    assert!(c
        .product_coupon
        .display_info
        .detail_image_url_list
        .is_empty());
    assert_eq!(c.stock.single_usage_rule, None);
    assert_eq!(c.stock.coupon_display_info.entrance_finder, None);
}

#[test]
fn missing_required_coupon_code_fails_to_parse() {
    let buf = edited_use_response(|d| remove(d, "/coupon_code"));
    let err = serde_json::from_slice::<UserProductCouponEntity<'_>>(&buf).unwrap_err();
    assert!(
        err.to_string().contains("coupon_code"),
        "error should name coupon_code: {err}"
    );
}

#[test]
fn missing_required_nested_field_fails_to_parse() {
    let buf = edited_use_response(|d| remove(d, "/product_coupon/display_info/name"));
    let err = serde_json::from_slice::<UserProductCouponEntity<'_>>(&buf).unwrap_err();
    assert!(err.to_string().contains("name"), "{err}");

    let buf = edited_use_response(|d| remove(d, "/stock/stock_id"));
    assert!(serde_json::from_slice::<UserProductCouponEntity<'_>>(&buf).is_err());
}

#[test]
fn missing_required_product_coupon_id_fails_product_coupon_entity() {
    let mut doc = read_json(UPDATE_RESPONSE);
    remove(&mut doc, "/product_coupon_id");
    let buf = serde_json::to_vec(&doc).unwrap();
    let err = serde_json::from_slice::<ProductCouponEntity<'_>>(&buf).unwrap_err();
    assert!(err.to_string().contains("product_coupon_id"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// PROGRESSIVE_BUNDLE
// ---------------------------------------------------------------------------------------------

#[test]
fn progressive_bundle_shape_parses() {
    let buf = edited_use_response(|d| {
        remove(d, "/single_usage_detail");
        set(
            d,
            "/progressive_bundle_usage_detail",
            json!({
                "use_request_no": "MCHUSE_PB_0001",
                "use_time": "2025-08-04T09:30:00+08:00",
                "associated_pay_score_order_info": {
                    "order_id": "1000000000202508040000000001",
                    "out_order_no": "PAYSCORE_0001",
                    "mchid": "1900000001"
                },
                "saved_amount": 300
            }),
        );
        set(
            d,
            "/user_product_coupon_bundle_info",
            json!({
                "user_coupon_bundle_id": "UCB_0001",
                "user_coupon_bundle_index": 1,
                "total_count": 5,
                "used_count": 2
            }),
        );
        set(
            d,
            "/coupon_tag_info",
            json!({
                "coupon_tag_list": ["MEMBER"],
                "member_tag_info": {"member_card_id": "pbLatjk4T4Hx-QgbnTGhUh4nzN8M"}
            }),
        );
        set(d, "/product_coupon/usage_mode", json!("PROGRESSIVE_BUNDLE"));
        set(d, "/product_coupon/type", json!("NORMAL"));
        remove(d, "/product_coupon/single_usage_info");
        set(
            d,
            "/product_coupon/progressive_bundle_usage_info",
            json!({"count": 5, "interval_days": 1}),
        );
        remove(d, "/stock/single_usage_rule");
        set(
            d,
            "/stock/progressive_bundle_usage_rule",
            json!({
                "coupon_available_period": {
                    "available_begin_time": "2025-08-01T00:00:00+08:00",
                    "available_end_time": "2025-08-31T23:59:59+08:00",
                    "wait_days_after_receive": 1,
                    "weekly_available_period": {
                        "day_list": ["SATURDAY", "SUNDAY"],
                        "day_period_list": [{"begin_time": 36000, "end_time": 79200}]
                    },
                    "irregular_available_period_list": [{
                        "begin_time": "2025-08-15T00:00:00+08:00",
                        "end_time": "2025-08-15T23:59:59+08:00"
                    }]
                },
                "normal_coupon": {"threshold": 5000, "discount_amount": 300}
            }),
        );
        set(
            d,
            "/stock/stock_bundle_info",
            json!({"stock_bundle_id": "SB_0001", "stock_bundle_index": 2}),
        );
    });
    let c: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();

    assert_eq!(c.single_usage_detail, None);
    let detail = c
        .progressive_bundle_usage_detail
        .as_ref()
        .expect("progressive_bundle_usage_detail");
    assert_eq!(detail.use_request_no.as_deref(), Some("MCHUSE_PB_0001"));
    assert_eq!(
        detail.use_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-04T09:30:00+08:00")
    );
    assert_eq!(detail.saved_amount, Some(300));
    assert_eq!(detail.associated_order_info, None);
    let ps = detail
        .associated_pay_score_order_info
        .as_ref()
        .expect("associated_pay_score_order_info");
    assert_eq!(ps.order_id.as_deref(), Some("1000000000202508040000000001"));
    assert_eq!(ps.out_order_no.as_deref(), Some("PAYSCORE_0001"));
    assert_eq!(ps.mchid.as_deref(), Some("1900000001"));
    assert_eq!(ps.sub_mchid, None);

    let bundle = c
        .user_product_coupon_bundle_info
        .as_ref()
        .expect("user_product_coupon_bundle_info");
    assert_eq!(bundle.user_coupon_bundle_id.as_deref(), Some("UCB_0001"));
    assert_eq!(bundle.user_coupon_bundle_index, Some(1));
    assert_eq!(bundle.total_count, Some(5));
    assert_eq!(bundle.used_count, Some(2));

    let tags = c.coupon_tag_info.as_ref().expect("coupon_tag_info");
    assert_eq!(tags.coupon_tag_list, vec![UserProductCouponTag::Member]);
    assert_eq!(
        tags.member_tag_info
            .as_ref()
            .and_then(|m| m.member_card_id.as_deref()),
        Some("pbLatjk4T4Hx-QgbnTGhUh4nzN8M")
    );

    let pc = &c.product_coupon;
    assert_eq!(pc.usage_mode, UsageMode::ProgressiveBundle);
    assert_eq!(pc.coupon_type, ProductCouponType::Normal);
    assert_eq!(pc.single_usage_info, None);
    let info = pc
        .progressive_bundle_usage_info
        .expect("progressive_bundle_usage_info");
    assert_eq!(info.count, Some(5));
    assert_eq!(info.interval_days, Some(1));

    let s = &c.stock;
    assert_eq!(s.single_usage_rule, None);
    let rule = s
        .progressive_bundle_usage_rule
        .as_ref()
        .expect("progressive_bundle_usage_rule");
    let normal = rule.normal_coupon.expect("normal_coupon");
    assert_eq!(normal.threshold, Some(5000));
    assert_eq!(normal.discount_amount, Some(300));
    let period = rule.coupon_available_period.as_ref().unwrap();
    assert_eq!(period.wait_days_after_receive, Some(1));
    let weekly = period.weekly_available_period.as_ref().unwrap();
    assert_eq!(weekly.day_list, vec![Weekday::Saturday, Weekday::Sunday]);
    assert_eq!(weekly.day_period_list.len(), 1);
    assert_eq!(weekly.day_period_list[0].begin_time, Some(36000));
    assert_eq!(weekly.day_period_list[0].end_time, Some(79200));
    assert_eq!(period.irregular_available_period_list.len(), 1);
    assert_eq!(
        period.irregular_available_period_list[0]
            .begin_time
            .as_ref()
            .map(Rfc3339::as_str),
        Some("2025-08-15T00:00:00+08:00")
    );
    let sb = s.stock_bundle_info.as_ref().expect("stock_bundle_info");
    assert_eq!(sb.stock_bundle_id.as_deref(), Some("SB_0001"));
    assert_eq!(sb.stock_bundle_index, Some(2));
}

#[test]
fn combo_packages_in_responses_parse() {
    let mut doc = read_json(UPDATE_RESPONSE);
    set(&mut doc, "/scope", json!("SINGLE"));
    set(&mut doc, "/type", json!("EXCHANGE"));
    set(&mut doc, "/display_info/original_price", json!(3900));
    set(
        &mut doc,
        "/display_info/combo_package_list",
        json!([{
            "name": "双人套餐",
            "pick_count": 2,
            "choice_list": [{
                "name": "可乐",
                "price": 800,
                "count": 1,
                "image_url": "https://wxpaylogo.qpic.cn/wxpaylogo/cola",
                "mini_program_appid": "wx1234567890",
                "mini_program_path": "/pages/cola"
            }]
        }]),
    );
    let buf = serde_json::to_vec(&doc).unwrap();
    let p: ProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
    assert_eq!(p.scope, ProductCouponScope::Single);
    assert_eq!(p.coupon_type, ProductCouponType::Exchange);
    assert_eq!(p.display_info.original_price, Some(3900));
    let combo = &p.display_info.combo_package_list;
    assert_eq!(combo.len(), 1);
    assert_eq!(combo[0].name.as_deref(), Some("双人套餐"));
    assert_eq!(combo[0].pick_count, Some(2));
    let choice = &combo[0].choice_list[0];
    assert_eq!(choice.name.as_deref(), Some("可乐"));
    assert_eq!(choice.price, Some(800));
    assert_eq!(choice.count, Some(1));
    assert_eq!(
        choice.image_url.as_deref(),
        Some("https://wxpaylogo.qpic.cn/wxpaylogo/cola")
    );
    assert_eq!(choice.mini_program_appid.as_deref(), Some("wx1234567890"));
    assert_eq!(choice.mini_program_path.as_deref(), Some("/pages/cola"));
}

// ---------------------------------------------------------------------------------------------
// IntoOwned
// ---------------------------------------------------------------------------------------------

#[test]
fn into_owned_equals_the_borrowed_view_and_outlives_the_buffer() {
    let owned: UserProductCouponEntity<'static> = {
        let buf = read_data(USE_RESPONSE);
        let borrowed: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
        let owned = borrowed.clone().into_owned();
        // Equal to the borrowed view itself, and to into_owned of the original.
        assert_eq!(borrowed, owned);
        assert_eq!(owned.coupon_code, borrowed.coupon_code);
        assert_eq!(owned.valid_begin_time, borrowed.valid_begin_time);
        assert_eq!(owned.single_usage_detail, borrowed.single_usage_detail);
        assert_eq!(owned.product_coupon, borrowed.product_coupon);
        assert_eq!(owned.stock, borrowed.stock);
        assert_eq!(owned, borrowed.into_owned());
        drop(buf);
        owned
    };
    // The buffer is gone; the owned value is still complete.
    assert_owned(&owned.coupon_code, "coupon_code");
    assert_owned(
        &owned.product_coupon.display_info.detail_image_url_list[0],
        "detail_image_url_list[0]",
    );
    assert!(matches!(owned.attach, Some(Cow::Owned(_))));
    assert_eq!(owned.coupon_code, "Code_123456");
    assert_eq!(owned.coupon_state, UserProductCouponState::Used);
    assert_eq!(owned.valid_begin_time.as_str(), "2025-08-02T00:00:00+08:00");
    assert_eq!(
        owned
            .single_usage_detail
            .as_ref()
            .and_then(|u| u.associated_order_info.as_ref())
            .and_then(|o| o.transaction_id.as_deref()),
        Some("4200000000123456789123456789")
    );
    assert_eq!(
        owned.product_coupon.display_info.name,
        "全场满100立打8折-新名字"
    );
    assert_eq!(owned.stock.stock_send_rule.max_count, Some(10_000_000));
}

#[test]
fn into_owned_keeps_unknown_enum_values() {
    let owned = {
        let buf = edited_use_response(|d| set(d, "/coupon_state", json!("FROZEN")));
        let borrowed: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
        borrowed.into_owned()
    };
    assert_eq!(
        owned.coupon_state,
        UserProductCouponState::Unknown(Cow::Owned("FROZEN".into()))
    );
    assert!(matches!(
        owned.coupon_state,
        UserProductCouponState::Unknown(Cow::Owned(_))
    ));
    assert_eq!(owned.coupon_state.as_str(), "FROZEN");
}

#[test]
fn into_owned_product_coupon_entity_outlives_the_buffer() {
    let owned: ProductCouponEntity<'static> = {
        let buf = read_data(UPDATE_RESPONSE);
        let borrowed: ProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
        let owned = borrowed.clone().into_owned();
        assert_eq!(owned, borrowed.into_owned());
        owned
    };
    assert_eq!(owned.product_coupon_id, "1000000013");
    assert_owned(&owned.display_info.name, "display_info.name");
    assert_eq!(owned.display_info.name, "全场满100立打8折-新名字");
}

// ---------------------------------------------------------------------------------------------
// RFC 3339
// ---------------------------------------------------------------------------------------------

#[test]
fn valid_begin_time_converts_to_offset_date_time() {
    let buf = read_data(USE_RESPONSE);
    let c: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
    let t = c.valid_begin_time.to_offset_date_time().unwrap();
    // 2025-08-02T00:00:00+08:00 == 2025-08-01T16:00:00Z
    assert_eq!(t.unix_timestamp(), 1_754_064_000);
    assert_eq!(t.offset().whole_seconds(), 8 * 3600);
    assert_eq!(t, datetime!(2025-08-02 00:00:00 +08:00));
    assert_eq!(
        (t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute()),
        (2025, 8, 2, 0, 0)
    );
    assert_eq!(
        unix("2025-08-03T12:00:00+08:00") - unix("2025-08-02T00:00:00+08:00"),
        36 * 3600
    );
}

#[test]
fn invalid_time_text_fails_only_on_conversion() {
    let buf = edited_use_response(|d| {
        set(d, "/valid_begin_time", json!("not a time"));
        set(d, "/confirm_time", json!("2025-13-45T99:00:00+08:00"));
    });
    // The whole parse succeeds: times are kept as text.
    let c: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
    assert_eq!(c.valid_begin_time.as_str(), "not a time");
    assert_eq!(c.coupon_code, "Code_123456");

    for time in [&c.valid_begin_time, c.confirm_time.as_ref().unwrap()] {
        match time.to_offset_date_time() {
            Err(Error::Decode(e)) => {
                assert!(e.message.contains(time.as_str()), "{}", e.message)
            }
            other => panic!("expected Error::Decode for {time}, got {other:?}"),
        }
    }
    // Other times of the same body still convert.
    assert!(c.valid_end_time.to_offset_date_time().is_ok());
}

// ---------------------------------------------------------------------------------------------
// 2. Request bodies
// ---------------------------------------------------------------------------------------------

fn use_request() -> UseCouponRequest {
    UseCouponRequest {
        openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
        coupon_code: "Code_123456".into(),
        product_coupon_id: "1000000013".into(),
        stock_id: "1000000013001".into(),
        appid: "wx233544546545989".into(),
        use_time: datetime!(2025-08-03 12:00:00 +08:00),
        out_request_no: "MCHUSE202003101234".into(),
        brand_id: "120344".into(),
        associated_order_info: Some(AssociatedOrderInfo {
            transaction_id: Some("4200000000123456789123456789".into()),
            ..Default::default()
        }),
        associated_pay_score_order_info: None,
        store_id: None,
    }
}

fn deactivate_request() -> DeactivateCouponRequest {
    DeactivateCouponRequest {
        openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
        coupon_code: "Code_123456".into(),
        product_coupon_id: "1000000013".into(),
        stock_id: "1000000013001".into(),
        appid: "wx233544546545989".into(),
        out_request_no: "MCHDEACTIVATE202003101234".into(),
        deactivate_reason: "商品已下线,使用户商品券失效".into(),
        brand_id: "120344".into(),
    }
}

fn update_request() -> UpdateProductCouponRequest {
    UpdateProductCouponRequest {
        product_coupon_id: "1000000013".into(),
        out_request_no: "12345_20250101_A3489".into(),
        display_info: ProductCouponDisplayInfo {
            name: "全场满100立打8折-新名字".into(),
            image_url: "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx".into(),
            background_url: "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx".into(),
            detail_image_url_list: vec!["https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx".into()],
            original_price: None,
            combo_package_list: Vec::new(),
        },
        brand_id: "120344".into(),
    }
}

fn assert_no_null(v: &Value, path: &str) {
    match v {
        Value::Null => panic!("null at {path}"),
        Value::Object(m) => {
            for (k, x) in m {
                assert_no_null(x, &format!("{path}/{k}"));
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                assert_no_null(x, &format!("{path}/{i}"));
            }
        }
        _ => {}
    }
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}

fn body_use_time(req: &UseCouponRequest) -> String {
    let v = serde_json::to_value(req).unwrap();
    v["use_time"].as_str().expect("use_time string").to_owned()
}

#[test]
fn use_body_excludes_path_parameters_and_keeps_product_coupon_id() {
    let req = use_request();
    let v = serde_json::to_value(&req).unwrap();
    assert!(v.get("openid").is_none());
    assert!(v.get("coupon_code").is_none());
    // product_coupon_id is a body field of use (a path parameter only for update).
    assert_eq!(v["product_coupon_id"], "1000000013");
    let bytes = serde_json::to_vec(&req).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains("openid"), "{text}");
    assert!(!text.contains("oh-394z-6CGkNoJrsDLTTUKiAnp4"), "{text}");
    assert!(!text.contains("coupon_code"), "{text}");
    assert!(!text.contains("Code_123456"), "{text}");
}

#[test]
fn use_body_equals_the_s1_request_example() {
    let v = serde_json::to_value(use_request()).unwrap();
    assert_eq!(v, read_json("use_request_example_S1.json"));
}

#[test]
fn use_body_omits_absent_optional_fields() {
    let v = serde_json::to_value(use_request()).unwrap();
    assert_no_null(&v, "");
    assert_eq!(
        keys(&v),
        sorted(&[
            "product_coupon_id",
            "stock_id",
            "appid",
            "use_time",
            "out_request_no",
            "brand_id",
            "associated_order_info",
        ])
    );
    assert_eq!(
        keys(&v["associated_order_info"]),
        sorted(&["transaction_id"])
    );

    // Only a pay-score order: associated_order_info is omitted entirely.
    let mut req = use_request();
    req.associated_order_info = None;
    req.associated_pay_score_order_info = Some(AssociatedPayScoreOrderInfo {
        out_order_no: Some("PAYSCORE_0001".into()),
        ..Default::default()
    });
    let v = serde_json::to_value(&req).unwrap();
    assert_no_null(&v, "");
    assert!(v.get("associated_order_info").is_none());
    assert!(v.get("store_id").is_none());
    assert_eq!(
        v["associated_pay_score_order_info"],
        json!({"out_order_no": "PAYSCORE_0001"})
    );
}

#[test]
fn use_body_includes_every_optional_field_when_set() {
    let mut req = use_request();
    req.store_id = Some("store_001".into());
    req.associated_order_info = Some(AssociatedOrderInfo {
        transaction_id: Some("4200000000123456789123456789".into()),
        out_trade_no: Some("OUT_1".into()),
        mchid: Some("1900000001".into()),
        sub_mchid: Some("1900000002".into()),
    });
    req.associated_pay_score_order_info = Some(AssociatedPayScoreOrderInfo {
        order_id: Some("PS_1".into()),
        out_order_no: Some("PS_OUT_1".into()),
        mchid: Some("1900000001".into()),
        sub_mchid: Some("1900000002".into()),
    });
    let v = serde_json::to_value(&req).unwrap();
    assert_no_null(&v, "");
    assert_eq!(v["store_id"], "store_001");
    assert_eq!(
        v["associated_order_info"],
        json!({
            "transaction_id": "4200000000123456789123456789",
            "out_trade_no": "OUT_1",
            "mchid": "1900000001",
            "sub_mchid": "1900000002"
        })
    );
    assert_eq!(
        v["associated_pay_score_order_info"],
        json!({
            "order_id": "PS_1",
            "out_order_no": "PS_OUT_1",
            "mchid": "1900000001",
            "sub_mchid": "1900000002"
        })
    );
}

#[test]
fn use_time_is_sent_in_the_values_own_offset() {
    let mut req = use_request();
    req.use_time = datetime!(2025-08-03 12:00:00 +08:00);
    assert_eq!(body_use_time(&req), "2025-08-03T12:00:00+08:00");

    // The same instant in UTC is written in UTC.
    req.use_time = datetime!(2025-08-03 12:00:00 +08:00).to_offset(time::UtcOffset::UTC);
    assert_eq!(body_use_time(&req), "2025-08-03T04:00:00+00:00");

    req.use_time = datetime!(2025-01-02 03:04:05 -03:30);
    assert_eq!(body_use_time(&req), "2025-01-02T03:04:05-03:30");
}

#[test]
fn use_time_drops_sub_second_precision() {
    let mut req = use_request();
    req.use_time = datetime!(2025-08-03 12:00:00.999_999_999 +08:00);
    assert_eq!(body_use_time(&req), "2025-08-03T12:00:00+08:00");
    req.use_time = datetime!(2025-08-03 12:00:59.5 UTC);
    assert_eq!(body_use_time(&req), "2025-08-03T12:00:59+00:00");
}

#[test]
fn use_time_has_the_wire_shape() {
    let mut req = use_request();
    req.use_time = OffsetDateTime::from_unix_timestamp_nanos(1_754_193_600_123_456_789)
        .unwrap()
        .to_offset(time::macros::offset!(+08:00));
    let s = body_use_time(&req);
    assert_eq!(s, "2025-08-03T12:00:00+08:00");
    let b = s.as_bytes();
    assert_eq!(b.len(), 25);
    for (i, &c) in b.iter().enumerate() {
        match i {
            4 | 7 => assert_eq!(c, b'-', "{s}"),
            10 => assert_eq!(c, b'T', "{s}"),
            13 | 16 | 22 => assert_eq!(c, b':', "{s}"),
            19 => assert!(c == b'+' || c == b'-', "{s}"),
            _ => assert!(c.is_ascii_digit(), "{s}"),
        }
    }
}

#[test]
fn use_body_with_sub_minute_offset_does_not_serialize() {
    let mut req = use_request();
    req.use_time = datetime!(2025-08-03 12:00:00 +01:00:30);
    assert!(serde_json::to_value(&req).is_err());
}

#[test]
fn deactivate_body_equals_the_s0_request_example() {
    let req = deactivate_request();
    let v = serde_json::to_value(&req).unwrap();
    assert_eq!(v, read_json("deactivate_request_example_S0.json"));
    assert!(v.get("openid").is_none());
    assert!(v.get("coupon_code").is_none());
    assert_no_null(&v, "");
    let text = String::from_utf8(serde_json::to_vec(&req).unwrap()).unwrap();
    assert!(!text.contains("oh-394z-6CGkNoJrsDLTTUKiAnp4"), "{text}");
    assert!(!text.contains("Code_123456"), "{text}");
}

#[test]
fn update_body_equals_the_s2_request_example() {
    let req = update_request();
    let v = serde_json::to_value(&req).unwrap();
    assert_eq!(v, read_json("update_request_example_S2.json"));
    assert_no_null(&v, "");
}

#[test]
fn update_body_excludes_product_coupon_id() {
    let mut req = update_request();
    req.product_coupon_id = "PCID_UNIQUE_987654".into();
    let v = serde_json::to_value(&req).unwrap();
    assert!(v.get("product_coupon_id").is_none());
    let text = String::from_utf8(serde_json::to_vec(&req).unwrap()).unwrap();
    assert!(!text.contains("product_coupon_id"), "{text}");
    assert!(!text.contains("PCID_UNIQUE_987654"), "{text}");
}

#[test]
fn update_body_omits_absent_optional_fields() {
    let mut req = update_request();
    req.display_info.detail_image_url_list.clear();
    let v = serde_json::to_value(&req).unwrap();
    assert_no_null(&v, "");
    assert_eq!(
        keys(&v),
        sorted(&["out_request_no", "display_info", "brand_id"])
    );
    assert_eq!(
        keys(&v["display_info"]),
        sorted(&["name", "image_url", "background_url"])
    );
}

#[test]
fn update_body_serializes_combo_packages_and_original_price() {
    let mut req = update_request();
    req.display_info.original_price = Some(3900);
    req.display_info.combo_package_list = vec![ComboPackage {
        name: "双人套餐".into(),
        pick_count: 2,
        choice_list: vec![
            ComboPackageChoice {
                name: "可乐".into(),
                price: 800,
                count: 1,
                image_url: Some("https://wxpaylogo.qpic.cn/wxpaylogo/cola".into()),
                mini_program_appid: Some("wx1234567890".into()),
                mini_program_path: Some("/pages/cola".into()),
            },
            ComboPackageChoice {
                name: "薯条".into(),
                price: 1200,
                count: 2,
                image_url: None,
                mini_program_appid: None,
                mini_program_path: None,
            },
        ],
    }];
    assert!(req.validate().is_ok());
    let v = serde_json::to_value(&req).unwrap();
    assert_no_null(&v, "");
    assert_eq!(v["display_info"]["original_price"], json!(3900));
    assert_eq!(
        v["display_info"]["combo_package_list"],
        json!([{
            "name": "双人套餐",
            "pick_count": 2,
            "choice_list": [
                {
                    "name": "可乐",
                    "price": 800,
                    "count": 1,
                    "image_url": "https://wxpaylogo.qpic.cn/wxpaylogo/cola",
                    "mini_program_appid": "wx1234567890",
                    "mini_program_path": "/pages/cola"
                },
                {"name": "薯条", "price": 1200, "count": 2}
            ]
        }])
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Validation
// ---------------------------------------------------------------------------------------------

#[track_caller]
fn expect_invalid(result: Result<(), Error>, expected_field: &str) {
    match result {
        Err(err @ Error::InvalidRequest { .. }) => {
            let display = err.to_string();
            if let Error::InvalidRequest { field, rule } = &err {
                assert_eq!(field, expected_field, "rule: {rule}");
                assert!(!rule.is_empty());
            }
            assert!(
                display.contains(expected_field),
                "Display should mention {expected_field}: {display}"
            );
        }
        other => panic!("expected InvalidRequest on {expected_field}, got {other:?}"),
    }
}

#[track_caller]
fn expect_valid(result: Result<(), Error>) {
    if let Err(e) = result {
        panic!("expected valid, got {e}");
    }
}

#[test]
fn baseline_requests_are_valid() {
    expect_valid(use_request().validate());
    expect_valid(deactivate_request().validate());
    expect_valid(update_request().validate());
}

/// One test per rule: `$name`, built from `$base` by `$edit`, fails on `$field`.
macro_rules! invalid {
    ($name:ident, $base:expr, |$r:ident| $edit:expr, $field:expr) => {
        #[test]
        fn $name() {
            let mut $r = $base;
            $edit;
            expect_invalid($r.validate(), $field);
        }
    };
}

/// `$name`, built from `$base` by `$edit`, is valid.
macro_rules! valid {
    ($name:ident, $base:expr, |$r:ident| $edit:expr) => {
        #[test]
        fn $name() {
            let mut $r = $base;
            $edit;
            expect_valid($r.validate());
        }
    };
}

fn chars(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

// Required fields of use.
invalid!(
    use_rejects_empty_openid,
    use_request(),
    |r| r.openid.clear(),
    "openid"
);
invalid!(
    use_rejects_blank_openid,
    use_request(),
    |r| r.openid = "  ".into(),
    "openid"
);
invalid!(
    use_rejects_empty_coupon_code,
    use_request(),
    |r| r.coupon_code.clear(),
    "coupon_code"
);
invalid!(
    use_rejects_empty_product_coupon_id,
    use_request(),
    |r| r.product_coupon_id.clear(),
    "product_coupon_id"
);
invalid!(
    use_rejects_empty_stock_id,
    use_request(),
    |r| r.stock_id.clear(),
    "stock_id"
);
invalid!(
    use_rejects_empty_appid,
    use_request(),
    |r| r.appid.clear(),
    "appid"
);
invalid!(
    use_rejects_empty_out_request_no,
    use_request(),
    |r| r.out_request_no.clear(),
    "out_request_no"
);
invalid!(
    use_rejects_empty_brand_id,
    use_request(),
    |r| r.brand_id.clear(),
    "brand_id"
);
invalid!(
    use_rejects_empty_store_id_when_present,
    use_request(),
    |r| r.store_id = Some(String::new()),
    "store_id"
);

// Required fields of deactivate.
invalid!(
    deactivate_rejects_empty_openid,
    deactivate_request(),
    |r| r.openid.clear(),
    "openid"
);
invalid!(
    deactivate_rejects_empty_coupon_code,
    deactivate_request(),
    |r| r.coupon_code.clear(),
    "coupon_code"
);
invalid!(
    deactivate_rejects_empty_product_coupon_id,
    deactivate_request(),
    |r| r.product_coupon_id.clear(),
    "product_coupon_id"
);
invalid!(
    deactivate_rejects_empty_stock_id,
    deactivate_request(),
    |r| r.stock_id.clear(),
    "stock_id"
);
invalid!(
    deactivate_rejects_empty_appid,
    deactivate_request(),
    |r| r.appid.clear(),
    "appid"
);
invalid!(
    deactivate_rejects_empty_out_request_no,
    deactivate_request(),
    |r| r.out_request_no.clear(),
    "out_request_no"
);
invalid!(
    deactivate_rejects_empty_deactivate_reason,
    deactivate_request(),
    |r| r.deactivate_reason.clear(),
    "deactivate_reason"
);
invalid!(
    deactivate_rejects_blank_deactivate_reason,
    deactivate_request(),
    |r| r.deactivate_reason = "   ".into(),
    "deactivate_reason"
);
invalid!(
    deactivate_rejects_empty_brand_id,
    deactivate_request(),
    |r| r.brand_id.clear(),
    "brand_id"
);

// Required fields of update.
invalid!(
    update_rejects_empty_product_coupon_id,
    update_request(),
    |r| r.product_coupon_id.clear(),
    "product_coupon_id"
);
invalid!(
    update_rejects_empty_out_request_no,
    update_request(),
    |r| r.out_request_no.clear(),
    "out_request_no"
);
invalid!(
    update_rejects_empty_brand_id,
    update_request(),
    |r| r.brand_id.clear(),
    "brand_id"
);
invalid!(
    update_rejects_empty_display_name,
    update_request(),
    |r| r.display_info.name.clear(),
    "display_info.name"
);
invalid!(
    update_rejects_blank_display_name,
    update_request(),
    |r| r.display_info.name = "     ".into(),
    "display_info.name"
);
invalid!(
    update_rejects_empty_image_url,
    update_request(),
    |r| r.display_info.image_url.clear(),
    "display_info.image_url"
);
invalid!(
    update_rejects_empty_background_url,
    update_request(),
    |r| r.display_info.background_url.clear(),
    "display_info.background_url"
);

// out_request_no: 6-40 of [0-9A-Za-z_-].
invalid!(
    out_request_no_of_5_characters_is_rejected,
    use_request(),
    |r| r.out_request_no = "A1_-b".into(),
    "out_request_no"
);
valid!(
    out_request_no_of_6_characters_is_accepted,
    use_request(),
    |r| r.out_request_no = "A1_-bZ".into()
);
valid!(
    out_request_no_of_40_characters_is_accepted,
    use_request(),
    |r| r.out_request_no = chars('9', 40)
);
invalid!(
    out_request_no_of_41_characters_is_rejected,
    use_request(),
    |r| r.out_request_no = chars('9', 41),
    "out_request_no"
);
invalid!(
    out_request_no_with_a_dot_is_rejected,
    use_request(),
    |r| r.out_request_no = "MCH.USE2020".into(),
    "out_request_no"
);
invalid!(
    out_request_no_with_a_space_is_rejected,
    deactivate_request(),
    |r| r.out_request_no = "MCH USE2020".into(),
    "out_request_no"
);
invalid!(
    out_request_no_with_chinese_is_rejected,
    update_request(),
    |r| r.out_request_no = "订单20250101".into(),
    "out_request_no"
);
invalid!(
    out_request_no_of_two_chinese_characters_is_rejected,
    update_request(),
    |r| r.out_request_no = "订单".into(), // 6 bytes, 2 characters, and not [0-9A-Za-z_-]
    "out_request_no"
);

// coupon_code: at most 40 characters.
valid!(
    coupon_code_of_40_characters_is_accepted,
    use_request(),
    |r| r.coupon_code = chars('C', 40)
);
invalid!(
    coupon_code_of_41_characters_is_rejected,
    use_request(),
    |r| r.coupon_code = chars('C', 41),
    "coupon_code"
);
invalid!(
    deactivate_coupon_code_of_41_characters_is_rejected,
    deactivate_request(),
    |r| r.coupon_code = chars('C', 41),
    "coupon_code"
);

// deactivate_reason: 1-150 characters (not bytes).
valid!(
    deactivate_reason_of_150_chinese_characters_is_accepted,
    deactivate_request(),
    |r| {
        r.deactivate_reason = chars('失', 150);
        assert_eq!(r.deactivate_reason.len(), 450);
    }
);
invalid!(
    deactivate_reason_of_151_chinese_characters_is_rejected,
    deactivate_request(),
    |r| r.deactivate_reason = chars('失', 151),
    "deactivate_reason"
);
valid!(
    deactivate_reason_of_1_character_is_accepted,
    deactivate_request(),
    |r| r.deactivate_reason = "废".into()
);

// display_info.name: 3-15 characters (not bytes).
invalid!(
    display_name_of_2_characters_is_rejected,
    update_request(),
    |r| r.display_info.name = "好券".into(),
    "display_info.name"
);
valid!(
    display_name_of_3_chinese_characters_is_accepted,
    update_request(),
    |r| r.display_info.name = "商品券".into()
);
valid!(
    display_name_of_15_mixed_characters_is_accepted,
    update_request(),
    |r| {
        r.display_info.name = "全场满100元立打8折-新名字".into();
        assert_eq!(r.display_info.name.chars().count(), 15);
        assert!(r.display_info.name.len() > 15);
    }
);
invalid!(
    display_name_of_16_characters_is_rejected,
    update_request(),
    |r| r.display_info.name = "全场满100元立打8折-新名字!".into(),
    "display_info.name"
);
invalid!(
    display_name_of_16_chinese_characters_is_rejected,
    update_request(),
    |r| r.display_info.name = chars('券', 16),
    "display_info.name"
);

// detail_image_url_list: at most 8, none empty.
valid!(eight_detail_images_are_accepted, update_request(), |r| r
    .display_info
    .detail_image_url_list =
    vec!["https://wxpaylogo.qpic.cn/wxpaylogo/x".into(); 8]);
invalid!(
    nine_detail_images_are_rejected,
    update_request(),
    |r| r.display_info.detail_image_url_list =
        vec!["https://wxpaylogo.qpic.cn/wxpaylogo/x".into(); 9],
    "display_info.detail_image_url_list"
);
invalid!(
    empty_detail_image_url_is_rejected,
    update_request(),
    |r| r.display_info.detail_image_url_list.push(String::new()),
    "display_info.detail_image_url_list"
);

// Combo packages.
invalid!(
    combo_package_without_name_is_rejected,
    update_request(),
    |r| r.display_info.combo_package_list = vec![ComboPackage {
        name: String::new(),
        pick_count: 1,
        choice_list: Vec::new(),
    }],
    "display_info.combo_package_list[].name"
);
invalid!(
    combo_choice_without_name_is_rejected,
    update_request(),
    |r| r.display_info.combo_package_list = vec![ComboPackage {
        name: "套餐".into(),
        pick_count: 1,
        choice_list: vec![ComboPackageChoice {
            price: 100,
            count: 1,
            ..Default::default()
        }],
    }],
    "display_info.combo_package_list[].choice_list[].name"
);

// Associated orders of use.
invalid!(
    use_without_any_associated_order_is_rejected,
    use_request(),
    |r| {
        r.associated_order_info = None;
        r.associated_pay_score_order_info = None;
    },
    "associated_order_info"
);
valid!(
    use_with_only_associated_order_info_is_accepted,
    use_request(),
    |r| {
        r.associated_order_info = Some(AssociatedOrderInfo {
            out_trade_no: Some("OUT_TRADE_1".into()),
            ..Default::default()
        });
        r.associated_pay_score_order_info = None;
    }
);
valid!(
    use_with_only_pay_score_order_is_accepted,
    use_request(),
    |r| {
        r.associated_order_info = None;
        r.associated_pay_score_order_info = Some(AssociatedPayScoreOrderInfo {
            order_id: Some("PS_1".into()),
            ..Default::default()
        });
    }
);
invalid!(
    associated_order_info_without_identifier_is_rejected,
    use_request(),
    |r| r.associated_order_info = Some(AssociatedOrderInfo {
        mchid: Some("1900000001".into()),
        sub_mchid: Some("1900000002".into()),
        ..Default::default()
    }),
    "associated_order_info"
);
invalid!(
    empty_associated_order_info_is_rejected,
    use_request(),
    |r| r.associated_order_info = Some(AssociatedOrderInfo::default()),
    "associated_order_info"
);
invalid!(
    pay_score_order_without_identifier_is_rejected,
    use_request(),
    |r| {
        r.associated_order_info = None;
        r.associated_pay_score_order_info = Some(AssociatedPayScoreOrderInfo {
            mchid: Some("1900000001".into()),
            ..Default::default()
        });
    },
    "associated_pay_score_order_info"
);
invalid!(
    empty_transaction_id_is_rejected,
    use_request(),
    |r| r.associated_order_info = Some(AssociatedOrderInfo {
        transaction_id: Some(String::new()),
        ..Default::default()
    }),
    "associated_order_info.transaction_id"
);

// use_time.
invalid!(
    use_time_with_sub_minute_offset_is_rejected,
    use_request(),
    |r| r.use_time = datetime!(2025-08-03 12:00:00 +01:00:30),
    "use_time"
);
invalid!(
    use_time_with_a_negative_year_is_rejected,
    use_request(),
    |r| r.use_time = datetime!(-0001-01-02 03:04:05 UTC),
    "use_time"
);
valid!(
    use_time_with_negative_half_hour_offset_is_accepted,
    use_request(),
    |r| r.use_time = datetime!(2025-01-02 03:04:05 -03:30)
);

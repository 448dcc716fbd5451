//! Unknown fields, `null`, absent optional fields, missing required fields.

use super::*;

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

    let original_buf = read_bytes(USE_RESPONSE);
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
    let c = UserCoupon::parse(&buf).unwrap();

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
    let c = UserCoupon::parse(&buf).unwrap();
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
    let err = UserCoupon::parse(&buf).unwrap_err();
    assert_eq!(err.model, "UserProductCouponEntity");
    assert!(err.message.contains("coupon_code"), "{}", err.message);
    assert!(
        err.to_string().contains("coupon_code"),
        "error should name coupon_code: {err}"
    );
}

#[test]
fn missing_required_nested_field_fails_to_parse() {
    let buf = edited_use_response(|d| remove(d, "/product_coupon/display_info/name"));
    let err = UserCoupon::parse(&buf).unwrap_err();
    assert!(err.to_string().contains("name"), "{err}");

    let buf = edited_use_response(|d| remove(d, "/stock/stock_id"));
    assert!(UserCoupon::parse(&buf).is_err());
}

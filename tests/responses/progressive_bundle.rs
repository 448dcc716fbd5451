//! The PROGRESSIVE_BUNDLE and combo-package shapes.

use super::*;

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
    let c = UserCoupon::parse(&buf).unwrap();

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
    let p = ProductCoupon::parse(&buf).unwrap();
    assert_eq!(p.scope, ProductCouponScope::Single);
    assert_eq!(p.coupon_type, ProductCouponType::Exchange);
    assert_eq!(p.display_info.original_price, Some(3900));
    let combo = &p.display_info.combo_package_list;
    assert_eq!(combo.len(), 1);
    assert_eq!(combo[0].name, "双人套餐");
    assert_eq!(combo[0].pick_count, 2);
    let choice = &combo[0].choice_list[0];
    assert_eq!(choice.name, "可乐");
    assert_eq!(choice.price, 800);
    assert_eq!(choice.count, 1);
    assert_eq!(
        choice.image_url.as_deref(),
        Some("https://wxpaylogo.qpic.cn/wxpaylogo/cola")
    );
    assert_eq!(choice.mini_program_appid.as_deref(), Some("wx1234567890"));
    assert_eq!(choice.mini_program_path.as_deref(), Some("/pages/cola"));
}

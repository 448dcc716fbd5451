//! User coupons: the official use and deactivate response examples.

use super::*;

#[test]
fn use_response_example_parses_every_nested_object() {
    let buf = read_bytes(USE_RESPONSE);
    let c = UserCoupon::parse(&buf).unwrap();

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
        vec![Text::new("https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx")]
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
    let buf = read_bytes(DEACTIVATE_RESPONSE);
    let c = UserCoupon::parse(&buf).unwrap();

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

//! Open enums: unknown values are kept as sent, known ones round-trip.

use super::*;

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
    let c = UserCoupon::parse(&buf).unwrap();

    assert_eq!(
        c.coupon_state,
        UserProductCouponState::Unknown(Text::new("FROZEN"))
    );
    assert_eq!(c.coupon_state.as_str(), "FROZEN");
    assert_eq!(c.coupon_state.to_string(), "FROZEN");
    assert!(points_into(&buf, c.coupon_state.as_str()));
    assert_eq!(
        c.send_channel,
        UserProductCouponSendChannel::Unknown(Text::new("MEMBER"))
    );
    assert_eq!(c.send_channel.as_str(), "MEMBER");
    assert_eq!(
        c.product_coupon.scope,
        ProductCouponScope::Unknown(Text::new("CATEGORY"))
    );
    assert_eq!(c.product_coupon.scope.as_str(), "CATEGORY");
    assert_eq!(c.product_coupon.coupon_type.as_str(), "CASHBACK");
    assert_eq!(
        c.product_coupon.usage_mode,
        UsageMode::Unknown(Text::new("SEQUENTIAL"))
    );
    assert_eq!(c.product_coupon.usage_mode.as_str(), "SEQUENTIAL");
    assert_eq!(
        c.product_coupon.state,
        ProductCouponState::Unknown(Text::new("ARCHIVED"))
    );
    assert_eq!(c.stock.state, StockState::Unknown(Text::new("DRAINED")));
    assert_eq!(
        c.stock.store_scope,
        StockStoreScope::Unknown(Text::new("REGION"))
    );
    assert_eq!(
        c.stock.coupon_code_mode,
        CouponCodeMode::Unknown(Text::new("NFC"))
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
        &vec![Weekday::Monday, Weekday::Unknown(Text::new("HOLIDAY"))]
    );
    assert_eq!(days[1].as_str(), "HOLIDAY");
    assert_eq!(
        c.stock.usage_rule_display_info.coupon_usage_method_list,
        vec![
            CouponUsageMethod::Offline,
            CouponUsageMethod::Unknown(Text::new("H5"))
        ]
    );
    assert_eq!(
        c.stock.coupon_display_info.code_display_mode,
        Some(CouponCodeDisplayMode::Unknown(Text::new("NUMBER")))
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

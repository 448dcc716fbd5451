//! `IntoOwned`, and JSON storage of owned user coupons.

use super::*;

#[test]
fn into_owned_equals_the_borrowed_view_and_outlives_the_buffer() {
    let owned: UserProductCouponEntity<'static> = {
        let buf = read_bytes(USE_RESPONSE);
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
    assert_owned(owned.attach.as_ref().expect("attach"), "attach");
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
        UserProductCouponState::Unknown(Text::new(String::from("FROZEN")))
    );
    assert!(matches!(
        &owned.coupon_state,
        UserProductCouponState::Unknown(text) if !text.is_borrowed()
    ));
    assert_eq!(owned.coupon_state.as_str(), "FROZEN");
}

#[test]
fn owned_user_coupon_round_trips_through_json() {
    let owned: UserCoupon = UserCoupon::parse(&read_bytes(USE_RESPONSE))
        .unwrap()
        .into_owned();
    let stored = serde_json::to_vec(&owned).unwrap();
    let back = UserCoupon::parse(&stored).unwrap();
    assert_eq!(back, owned);
    assert_eq!(back.clone().into_owned(), owned);
    // The stored form parses as zero-copy as the original did.
    assert_borrowed(&back.coupon_code, "coupon_code");
    assert_eq!(back.coupon_code, "Code_123456");
    assert_eq!(back.coupon_state, UserProductCouponState::Used);
    assert_eq!(
        back.product_coupon.display_info.name,
        "全场满100立打8折-新名字"
    );
    assert_eq!(
        back.single_usage_detail
            .as_ref()
            .and_then(|u| u.use_time.as_ref())
            .map(Rfc3339::as_str),
        Some("2025-08-03T12:00:00+08:00")
    );

    // Text that needs escaping and unknown enum values survive storage too.
    let buf = edited_use_response(|d| {
        set(d, "/attach", json!("quote \" backslash \\ newline \n 中"));
        set(d, "/coupon_state", json!("FROZEN"));
        set(
            d,
            "/stock/single_usage_rule/coupon_available_period/weekly_available_period/day_list",
            json!(["MONDAY", "HOLIDAY"]),
        );
    });
    let owned: UserCoupon = UserCoupon::parse(&buf).unwrap().into_owned();
    let stored = serde_json::to_vec(&owned).unwrap();
    let back = UserCoupon::parse(&stored).unwrap();
    assert_eq!(back, owned);
    assert_eq!(
        back.attach.as_deref(),
        Some("quote \" backslash \\ newline \n 中")
    );
    assert_eq!(back.coupon_state.as_str(), "FROZEN");
}

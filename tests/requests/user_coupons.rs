//! User coupons: the use and deactivate requests.

use super::*;

#[test]
fn use_body_equals_the_s1_request_example() {
    let e = encoded(&use_request());
    assert_eq!(e.method, Method::Post);
    assert_eq!(e.target, USE_TARGET);
    let text = String::from_utf8(e.body.clone().unwrap()).unwrap();
    assert_eq!(text, USE_BODY);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v, read_json("use_request_example_S1.json"));
    assert_eq!(e.body_bytes(), USE_BODY.as_bytes());
}

#[test]
fn deactivate_body_equals_the_s0_request_example() {
    let e = encoded(&deactivate_request());
    assert_eq!(e.method, Method::Post);
    assert_eq!(e.target, DEACTIVATE_TARGET);
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert_eq!(text, DEACTIVATE_BODY);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v, read_json("deactivate_request_example_S0.json"));
    assert_no_null(&v, "");
}

#[test]
fn use_body_excludes_path_parameters_and_keeps_product_coupon_id() {
    let req = use_request();
    let v = body(&req);
    assert!(v.get("openid").is_none());
    assert!(v.get("coupon_code").is_none());
    // product_coupon_id is a body field of use (a path parameter only for update).
    assert_eq!(v["product_coupon_id"], "1000000013");
    let text = body_text(&req);
    assert!(!text.contains("openid"), "{text}");
    assert!(!text.contains(OPENID), "{text}");
    assert!(!text.contains("coupon_code"), "{text}");
    assert!(!text.contains(COUPON_CODE), "{text}");
}

#[test]
fn deactivate_body_excludes_path_parameters() {
    let req = deactivate_request();
    let v = body(&req);
    assert!(v.get("openid").is_none());
    assert!(v.get("coupon_code").is_none());
    let text = body_text(&req);
    assert!(!text.contains(OPENID), "{text}");
    assert!(!text.contains(COUPON_CODE), "{text}");
}

#[test]
fn use_body_omits_absent_optional_fields() {
    let v = body(&use_request());
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
    let req = UseCouponRequest::new(
        coupon(),
        "MCHUSE202003101234".parse().unwrap(),
        datetime!(2025-08-03 12:00:00 +08:00),
        AssociatedPayScoreOrderInfo::out_order_no("PAYSCORE_0001"),
    );
    assert!(req.order.payment().is_none());
    let v = body(&req);
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
    let v = body(&full_use_request());
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
fn use_with_sub_minute_offset_is_not_encoded() {
    let mut req = use_request();
    req.use_time = datetime!(2025-08-03 12:00:00 +01:00:30);
    expect_invalid(&req, "use_time");
    // Its stored form cannot be written either.
    assert!(serde_json::to_string(&req).is_err());
}

#[test]
fn use_request_from_travel_json_encodes_the_official_example() {
    let doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    let req: UseCouponRequest = serde_json::from_value(doc).unwrap();
    assert_eq!(req, use_request());
    let e = encoded(&req);
    assert_eq!(e.body_bytes(), USE_BODY.as_bytes());
    assert_eq!(
        serde_json::from_slice::<Value>(e.body_bytes()).unwrap(),
        read_json("use_request_example_S1.json")
    );
    assert_eq!(e.target, USE_TARGET);
    assert!(e
        .target
        .contains(&format!("/users/{OPENID}/coupons/{COUPON_CODE}/")));
}

#[test]
fn deactivate_request_from_travel_json_encodes_the_official_example() {
    let doc = travel_json(
        "deactivate_request_example_S0.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    let req: DeactivateCouponRequest = serde_json::from_value(doc).unwrap();
    assert_eq!(req, deactivate_request());
    let e = encoded(&req);
    assert_eq!(e.body_bytes(), DEACTIVATE_BODY.as_bytes());
    assert_eq!(
        serde_json::from_slice::<Value>(e.body_bytes()).unwrap(),
        read_json("deactivate_request_example_S0.json")
    );
    assert_eq!(e.target, DEACTIVATE_TARGET);
}

#[test]
fn stored_use_request_with_a_sub_second_time_resends_the_same_body() {
    // A request built from `now` has nanoseconds; its stored form has whole seconds. The
    // value read back differs in the nanoseconds only, and sends the same bytes.
    let mut req = use_request();
    req.use_time = datetime!(2025-08-03 12:00:00.123_456_789 +08:00);
    let back: UseCouponRequest =
        serde_json::from_str(&serde_json::to_string(&req).unwrap()).unwrap();
    assert_eq!(back.use_time, datetime!(2025-08-03 12:00:00 +08:00));
    assert_eq!(encoded(&back), encoded(&req));
    assert_eq!(encoded(&back).body_bytes(), USE_BODY.as_bytes());
}

#[test]
fn travel_json_accepts_any_rfc3339_use_time() {
    let mut doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc["use_time"] = json!("2025-08-03T04:00:00.5Z");
    let req: UseCouponRequest = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(req.use_time, datetime!(2025-08-03 04:00:00.5 UTC));
    assert_eq!(body_use_time(&req), "2025-08-03T04:00:00+00:00");

    doc["use_time"] = json!("2025-08-03 12:00:00");
    let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("RFC 3339"), "{msg}");
    assert!(msg.contains("\"2025-08-03 12:00:00\""), "{msg}");
}

// Required fields of use.
invalid!(
    use_rejects_empty_store_id_when_present,
    use_request(),
    |r| r.store_id = Some(String::new()),
    "store_id"
);

// Required fields of deactivate.
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

// coupon_code: at most 40 characters (CouponCode; the refusals are in `validation`).
valid!(
    coupon_code_of_40_characters_is_accepted,
    use_request(),
    |r| r.coupon_code = chars('C', 40).parse().unwrap()
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

// Associated orders of use.
valid!(
    use_with_only_associated_order_info_is_accepted,
    use_request(),
    |r| r.order = AssociatedOrderInfo::out_trade_no("OUT_TRADE_1").into()
);
valid!(
    use_with_only_pay_score_order_is_accepted,
    use_request(),
    |r| r.order = AssociatedPayScoreOrderInfo::order_id("PS_1").into()
);
invalid!(
    associated_order_info_without_identifier_is_rejected,
    use_request(),
    |r| {
        let mut order = AssociatedOrderInfo::default();
        order.mchid = Some("1900000001".into());
        order.sub_mchid = Some("1900000002".into());
        r.order = order.into();
    },
    "associated_order_info"
);
invalid!(
    empty_associated_order_info_is_rejected,
    use_request(),
    |r| r.order = AssociatedOrderInfo::default().into(),
    "associated_order_info"
);
invalid!(
    pay_score_order_without_identifier_is_rejected,
    use_request(),
    |r| {
        let mut order = AssociatedPayScoreOrderInfo::default();
        order.mchid = Some("1900000001".into());
        r.order = order.into();
    },
    "associated_pay_score_order_info"
);
invalid!(
    empty_transaction_id_is_rejected,
    use_request(),
    |r| r.order = AssociatedOrderInfo::transaction_id("").into(),
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

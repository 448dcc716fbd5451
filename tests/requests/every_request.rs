//! Rules every request follows: path parameters (percent-encoded in the target, absent from
//! the body, never empty, blank, a dot segment or with control characters), the stored form
//! (round trips, unknown and missing fields), `out_request_no`, and the error kind of every
//! validation failure.

use super::*;

#[test]
fn path_parameters_are_in_the_target_and_absent_from_the_body() {
    // use and deactivate: openid and coupon_code.
    let use_req = use_request();
    let deactivate_req = deactivate_request();
    let users =
        format!("/v3/marketing/partner/product-coupon/users/{OPENID}/coupons/{COUPON_CODE}");
    for (e, action) in [
        (encoded(&use_req), "use"),
        (encoded(&deactivate_req), "deactivate"),
    ] {
        assert_eq!(e.target, format!("{users}/{action}"));
        let text = String::from_utf8(e.body.unwrap()).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v.get("openid").is_none(), "{text}");
        assert!(v.get("coupon_code").is_none(), "{text}");
        assert!(!text.contains(OPENID), "{text}");
        assert!(!text.contains(COUPON_CODE), "{text}");
    }

    // update: product_coupon_id.
    let e = encoded(&update_request());
    assert_eq!(e.target, UPDATE_TARGET);
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert!(!text.contains("product_coupon_id"), "{text}");
}

#[test]
fn identifiers_that_would_need_percent_encoding_are_refused_naming_the_field() {
    // Typed identifiers hold only [0-9A-Za-z_-]: `/`, `%`, spaces, dots and non-ASCII never
    // reach a path (target::encode_segment still encodes whatever the generic call gets).
    for value in ["o h/é?#%", "a/b", "...", "a.b"] {
        let err = OpenId::new(value).unwrap_err();
        assert!(err.to_string().contains("openid"), "{value:?}: {err}");
        let err = CouponCode::new(value).unwrap_err();
        assert!(err.to_string().contains("coupon_code"), "{value:?}: {err}");
        let err = ProductCouponId::new(value).unwrap_err();
        assert!(
            err.to_string().contains("product_coupon_id"),
            "{value:?}: {err}"
        );
    }
}

#[test]
fn travel_json_of_each_request_round_trips() {
    let use_req = full_use_request();
    let text = serde_json::to_string(&use_req).unwrap();
    let back: UseCouponRequest = serde_json::from_str(&text).unwrap();
    assert_eq!(back, use_req);
    assert_eq!(back.use_time.offset(), use_req.use_time.offset());
    assert_eq!(encoded(&back), encoded(&use_req));
    // The travel form holds the path parameters.
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["openid"], OPENID);
    assert_eq!(v["coupon_code"], COUPON_CODE);
    assert_eq!(v["use_time"], "2025-01-02T03:04:05-03:30");

    let mut deactivate_req = deactivate_request();
    deactivate_req.deactivate_reason = "引号\" 反斜杠\\ 斜杠/".into();
    let text = serde_json::to_string(&deactivate_req).unwrap();
    let back: DeactivateCouponRequest = serde_json::from_str(&text).unwrap();
    assert_eq!(back, deactivate_req);
    assert_eq!(encoded(&back), encoded(&deactivate_req));

    let update_req = full_update_request();
    let text = serde_json::to_string(&update_req).unwrap();
    let back: UpdateProductCouponRequest = serde_json::from_str(&text).unwrap();
    assert_eq!(back, update_req);
    assert_eq!(encoded(&back), encoded(&update_req));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["product_coupon_id"], PRODUCT_COUPON_ID);
}

#[test]
fn unknown_fields_in_travel_json_are_errors_naming_them() {
    let mut doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc["storeid"] = json!("store_001");
    let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("storeid"), "{err}");

    // Also inside a nested object.
    let mut doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc["associated_order_info"]["transactionid"] = json!("x");
    let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("transactionid"), "{err}");

    let mut doc = travel_json(
        "deactivate_request_example_S0.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc["reason"] = json!("x");
    let err = serde_json::from_value::<DeactivateCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("reason"), "{err}");

    let mut doc = travel_json(
        "update_request_example_S2.json",
        &[("product_coupon_id", PRODUCT_COUPON_ID)],
    );
    doc["display_info"]["title"] = json!("x");
    let err = serde_json::from_value::<UpdateProductCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("title"), "{err}");
}

#[test]
fn missing_required_fields_in_travel_json_are_errors_naming_them() {
    let mut doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc.as_object_mut().unwrap().remove("out_request_no");
    let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("out_request_no"), "{err}");

    // A path parameter is a required field of the stored form too.
    let doc = travel_json("use_request_example_S1.json", &[("openid", OPENID)]);
    let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("coupon_code"), "{err}");

    let mut doc = travel_json(
        "deactivate_request_example_S0.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc.as_object_mut().unwrap().remove("deactivate_reason");
    let err = serde_json::from_value::<DeactivateCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("deactivate_reason"), "{err}");

    let doc = read_json("update_request_example_S2.json");
    let err = serde_json::from_value::<UpdateProductCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("product_coupon_id"), "{err}");
}

#[test]
fn baseline_requests_are_valid() {
    expect_valid(&use_request());
    expect_valid(&deactivate_request());
    expect_valid(&update_request());
    expect_valid(&full_use_request());
    expect_valid(&full_update_request());
}

// out_request_no: 6-40 of [0-9A-Za-z_-] (RequestNo).
#[test]
fn out_request_no_is_6_to_40_of_the_code_characters() {
    for ok in ["A1_-bZ".to_owned(), chars('9', 40)] {
        assert!(RequestNo::new(ok.clone()).is_ok(), "{ok}");
    }
    let bad = [
        ("A1_-b".to_owned(), "6 to 40"),
        (chars('9', 41), "6 to 40"),
        ("MCH.USE2020".to_owned(), "0-9 A-Z a-z _ -"),
        ("MCH USE2020".to_owned(), "0-9 A-Z a-z _ -"),
        ("订单20250101".to_owned(), "0-9 A-Z a-z _ -"),
        ("订单".to_owned(), "0-9 A-Z a-z _ -"), // 6 bytes, 2 characters
    ];
    for (value, rule) in bad {
        let err = RequestNo::new(value.clone()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{value}");
        let text = err.to_string();
        assert!(text.contains("out_request_no"), "{value}: {text}");
        assert!(text.contains(rule), "{value}: {text}");
    }
}

// Path parameters: never empty or blank, never a dot segment, no control characters.

/// Values no path parameter may take.
const BAD_PATH_VALUES: [&str; 9] = [
    "",
    "   ",
    ".",
    "..",
    "a\u{0}b",
    "line\nbreak",
    "cr\rlf",
    "tab\there",
    "del\u{7f}",
];

#[test]
fn bad_path_parameter_values_are_invalid_requests_naming_the_field() {
    type Check = fn(&str) -> Result<(), Error>;
    let cases: [(&str, Check); 3] = [
        ("openid", |v| OpenId::new(v).map(drop)),
        ("coupon_code", |v| CouponCode::new(v).map(drop)),
        ("product_coupon_id", |v| ProductCouponId::new(v).map(drop)),
    ];
    for (field, check) in cases {
        for value in BAD_PATH_VALUES {
            match check(value) {
                Err(err @ Error::InvalidRequest { .. }) => {
                    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
                    let Error::InvalidRequest { field: named, rule } = &err else {
                        unreachable!()
                    };
                    assert_eq!(named, field, "{field} = {value:?}: {rule}");
                }
                other => panic!("{field} = {value:?}: expected InvalidRequest, got {other:?}"),
            }
        }
    }
}

#[test]
fn bad_path_parameter_values_in_stored_json_are_refused_naming_the_field() {
    for value in BAD_PATH_VALUES {
        let doc = travel_json(
            "use_request_example_S1.json",
            &[("openid", value), ("coupon_code", COUPON_CODE)],
        );
        let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
        assert!(err.to_string().contains("openid"), "{value:?}: {err}");
    }
}

#[test]
fn validation_errors_have_the_invalid_request_kind() {
    let mut bad_body = update_request();
    bad_body.display_info.name = "好券".into();
    let mut bad_time = use_request();
    bad_time.use_time = datetime!(2025-08-03 12:00:00 +01:00:30);
    let errors = [
        ApiRequest::validate(&bad_body).unwrap_err(),
        ApiRequest::encode(&bad_body).unwrap_err(),
        CouponCode::new("..").unwrap_err(),
        RequestNo::new("x").unwrap_err(),
        ApiRequest::validate(&bad_time).unwrap_err(),
        ApiRequest::encode(&bad_time).unwrap_err(),
    ];
    for err in errors {
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
        assert_eq!(err.kind().as_str(), "invalid_request");
        assert_eq!(err.kind().code(), 1);
    }
}

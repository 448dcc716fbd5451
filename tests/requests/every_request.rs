//! Rules every request follows: path parameters (percent-encoded in the target, absent from
//! the body, never empty, blank, a dot segment or with control characters), the stored form
//! (round trips, unknown and missing fields), `out_request_no`, and the error kind of every
//! validation failure.

use super::*;

#[test]
fn path_parameters_are_percent_encoded_in_the_target_and_absent_from_the_body() {
    // use and deactivate: openid and coupon_code.
    let mut coupon = coupon();
    coupon.openid = "o h/é?#%".into();
    coupon.coupon_code = "a/b".into();
    let use_req = UseCouponRequest::new(
        coupon.clone(),
        "MCHUSE202003101234",
        datetime!(2025-08-03 12:00:00 +08:00),
        AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
    );
    let deactivate_req = DeactivateCouponRequest::new(coupon, "MCHDEACT0001", "下线");
    let users = "/v3/marketing/partner/product-coupon/users/o%20h%2F%C3%A9%3F%23%25/coupons/a%2Fb";
    for (e, action) in [
        (encoded(&use_req), "use"),
        (encoded(&deactivate_req), "deactivate"),
    ] {
        assert_eq!(e.target, format!("{users}/{action}"));
        let text = String::from_utf8(e.body.unwrap()).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v.get("openid").is_none(), "{text}");
        assert!(v.get("coupon_code").is_none(), "{text}");
        assert!(!text.contains("o h/"), "{text}");
        assert!(!text.contains("a/b"), "{text}");
    }

    // update: product_coupon_id.
    let mut req = update_request();
    req.product_coupon_id = "a/b".into();
    let e = encoded(&req);
    assert_eq!(
        e.target,
        "/v3/marketing/partner/product-coupon/product-coupons/a%2Fb"
    );
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert!(!text.contains("a/b"), "{text}");
    assert!(!text.contains("product_coupon_id"), "{text}");
}

#[test]
fn dots_inside_path_parameters_are_kept_verbatim() {
    let mut coupon = coupon();
    coupon.openid = "...".into();
    coupon.coupon_code = "a.b".into();
    let req = DeactivateCouponRequest::new(coupon, "MCHDEACT0001", "下线");
    assert_eq!(
        encoded(&req).target,
        "/v3/marketing/partner/product-coupon/users/.../coupons/a.b/deactivate"
    );
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
    deactivate_req.deactivate_reason = "引号\" 反斜杠\\ 换行\n".into();
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

/// Values that contain dots but are no dot segment: sent verbatim.
const DOTTED_PATH_VALUES: [&str; 4] = ["...", "a.b", ".a", "a.."];

/// Builds a request with one path parameter set to the given value.
type WithPathParam = Box<dyn Fn(&str) -> Box<dyn CheckedRequest>>;

/// `base()` with `set` applied to the value.
fn with<R: ApiRequest + 'static>(base: fn() -> R, set: fn(&mut R, String)) -> WithPathParam {
    Box::new(move |value: &str| {
        let mut req = base();
        set(&mut req, value.to_owned());
        Box::new(req) as Box<dyn CheckedRequest>
    })
}

/// Every path parameter of every endpoint: `("<endpoint> <field>", builder)`.
fn path_param_cases() -> Vec<(&'static str, WithPathParam)> {
    vec![
        ("use openid", with(use_request, |r, v| r.openid = v)),
        (
            "use coupon_code",
            with(use_request, |r, v| r.coupon_code = v),
        ),
        (
            "deactivate openid",
            with(deactivate_request, |r, v| r.openid = v),
        ),
        (
            "deactivate coupon_code",
            with(deactivate_request, |r, v| r.coupon_code = v),
        ),
        (
            "update product_coupon_id",
            with(update_request, |r, v| r.product_coupon_id = v),
        ),
    ]
}

/// The request types behind one object-safe face (`ApiRequest` has an associated
/// const, so it is not object safe).
trait CheckedRequest {
    fn validate(&self) -> Result<(), Error>;
    fn encode(&self) -> Result<EncodedRequest, Error>;
    fn check(&self) -> Result<(), Error>;
}

impl<T: ApiRequest> CheckedRequest for T {
    fn validate(&self) -> Result<(), Error> {
        ApiRequest::validate(self)
    }
    fn encode(&self) -> Result<EncodedRequest, Error> {
        ApiRequest::encode(self)
    }
    fn check(&self) -> Result<(), Error> {
        ApiRequest::check(self)
    }
}

#[test]
fn bad_path_parameter_values_are_invalid_requests_naming_the_field() {
    for (case, build) in path_param_cases() {
        let field = case.split_once(' ').unwrap().1;
        for value in BAD_PATH_VALUES {
            let req = build(value);
            for (how, result) in [
                ("validate", req.validate()),
                ("encode", req.encode().map(drop)),
            ] {
                match result {
                    Err(err @ Error::InvalidRequest { .. }) => {
                        assert_eq!(err.kind(), ErrorKind::InvalidRequest);
                        let Error::InvalidRequest { field: named, rule } = &err else {
                            unreachable!()
                        };
                        assert_eq!(named, field, "{case} = {value:?} ({how}): {rule}");
                        assert!(
                            err.to_string().contains(field),
                            "{case} = {value:?} ({how}): {err}"
                        );
                    }
                    other => {
                        panic!("{case} = {value:?} ({how}): expected InvalidRequest, got {other:?}")
                    }
                }
            }
        }
    }
}

#[test]
fn dot_segments_are_refused_but_other_dotted_values_are_accepted() {
    for (case, build) in path_param_cases() {
        for value in DOTTED_PATH_VALUES {
            let req = build(value);
            if let Err(e) = req.validate() {
                panic!("{case} = {value:?}: {e}");
            }
            let target = req.encode().unwrap().target;
            assert!(
                target.contains(&format!("/{value}/")) || target.ends_with(&format!("/{value}")),
                "{case} = {value:?}: {target}"
            );
        }
    }
}

#[test]
fn path_parameters_are_checked_by_validate_not_by_the_endpoint_rules() {
    // `check` holds the endpoint's own rules; the generic path checks run on validate/encode.
    for (case, build) in path_param_cases() {
        let req = build("..");
        assert!(req.check().is_ok(), "{case}");
        assert!(req.validate().is_err(), "{case}");
    }
}

#[test]
fn validation_errors_have_the_invalid_request_kind() {
    let mut bad_body = update_request();
    bad_body.display_info.name = "好券".into();
    let mut bad_path = use_request();
    bad_path.coupon_code = "..".into();
    let mut bad_time = use_request();
    bad_time.use_time = datetime!(2025-08-03 12:00:00 +01:00:30);
    let errors = [
        ApiRequest::validate(&bad_body).unwrap_err(),
        ApiRequest::encode(&bad_body).unwrap_err(),
        ApiRequest::validate(&bad_path).unwrap_err(),
        ApiRequest::encode(&bad_path).unwrap_err(),
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

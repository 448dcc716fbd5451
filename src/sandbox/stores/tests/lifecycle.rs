//! Use and deactivate: rules, lookups, state changes, idempotency.

use serde_json::{json, Value};
use time::macros::datetime;

use super::*;

#[test]
fn seeded_coupons_are_effective() {
    let store = seeded();
    assert_eq!(state(&store, CODE), "EFFECTIVE");
    assert_eq!(state(&store, OTHER_CODE), "EFFECTIVE");
    assert_eq!(store.coupon_state(SEED_OPENID, "Code_999"), None);
    assert_eq!(store.coupon_state("someone-else", CODE), None);
}

#[test]
fn use_returns_documented_entity() {
    let mut store = seeded();
    let response = use_code(&mut store, CODE, &use_body()).unwrap();
    let expected: Value = serde_json::from_str(USE_EXAMPLE).unwrap();
    assert_eq!(response, expected);
    assert_eq!(state(&store, CODE), "USED");
    assert_eq!(state(&store, OTHER_CODE), "EFFECTIVE");
}

#[test]
fn use_copies_only_the_order_infos_sent() {
    let pay_score = json!({ "out_order_no": "PS_001", "mchid": "1900000001" });
    let mut store = seeded();
    let body = with(
        without(use_body(), "associated_order_info"),
        "associated_pay_score_order_info",
        pay_score.clone(),
    );
    let response = use_code(&mut store, CODE, &body).unwrap();
    let detail = &response["single_usage_detail"];
    assert_eq!(detail["associated_pay_score_order_info"], pay_score);
    assert!(detail.get("associated_order_info").is_none());

    let both = with(
        use_body(),
        "associated_pay_score_order_info",
        pay_score.clone(),
    );
    let response = use_code(&mut store, OTHER_CODE, &both).unwrap();
    let detail = &response["single_usage_detail"];
    assert_eq!(detail["associated_pay_score_order_info"], pay_score);
    assert_eq!(
        detail["associated_order_info"],
        use_body()["associated_order_info"]
    );
}

#[test]
fn use_requires_an_order_info_with_an_identifier() {
    let mut store = seeded();
    let neither = without(use_body(), "associated_order_info");
    assert_error(
        use_code(&mut store, CODE, &neither),
        400,
        "PARAM_ERROR",
        "associated_pay_score_order_info",
    );
    let no_id = with(use_body(), "associated_order_info", json!({ "mchid": "1" }));
    assert_error(
        use_code(&mut store, CODE, &no_id),
        400,
        "PARAM_ERROR",
        "associated_order_info",
    );
    let by_out_trade_no = with(
        use_body(),
        "associated_order_info",
        json!({ "out_trade_no": "T1", "mchid": "1" }),
    );
    assert!(use_code(&mut store, CODE, &by_out_trade_no).is_ok());
}

#[test]
fn missing_empty_and_mistyped_fields_are_param_errors() {
    let mut store = seeded();
    let required = [
        "product_coupon_id",
        "stock_id",
        "appid",
        "use_time",
        "out_request_no",
        "brand_id",
    ];
    for field in required {
        let missing = without(use_body(), field);
        assert_error(
            use_code(&mut store, CODE, &missing),
            400,
            "PARAM_ERROR",
            field,
        );
        let empty = with(use_body(), field, json!(""));
        assert_error(
            use_code(&mut store, CODE, &empty),
            400,
            "PARAM_ERROR",
            field,
        );
        let number = with(use_body(), field, json!(1000000013));
        assert_error(
            use_code(&mut store, CODE, &number),
            400,
            "PARAM_ERROR",
            field,
        );
    }
    let bad_store = with(use_body(), "store_id", json!(12));
    assert_error(
        use_code(&mut store, CODE, &bad_store),
        400,
        "PARAM_ERROR",
        "store_id",
    );
    let bad_info = with(use_body(), "associated_order_info", json!("4200"));
    assert_error(
        use_code(&mut store, CODE, &bad_info),
        400,
        "PARAM_ERROR",
        "associated_order_info",
    );
    let bad_nested = with(use_body(), "associated_order_info.sub_mchid", json!(5));
    assert_error(
        use_code(&mut store, CODE, &bad_nested),
        400,
        "PARAM_ERROR",
        "associated_order_info.sub_mchid",
    );
    for body in [json!([]), json!("x"), Value::Null] {
        assert_error(
            use_code(&mut store, CODE, &body),
            400,
            "PARAM_ERROR",
            "JSON",
        );
    }
    assert_eq!(state(&store, CODE), "EFFECTIVE");
}

#[test]
fn null_anywhere_is_a_param_error() {
    let mut store = seeded();
    let top = with(use_body(), "store_id", Value::Null);
    assert_error(
        use_code(&mut store, CODE, &top),
        400,
        "PARAM_ERROR",
        "store_id",
    );
    let nested = with(use_body(), "associated_order_info.mchid", Value::Null);
    assert_error(
        use_code(&mut store, CODE, &nested),
        400,
        "PARAM_ERROR",
        "associated_order_info.mchid",
    );
    let in_array = with(
        update_body("新名字的商品券"),
        "display_info.detail_image_url_list",
        json!(["https://a", null]),
    );
    assert_error(
        store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &in_array),
        400,
        "PARAM_ERROR",
        "display_info.detail_image_url_list[1]",
    );
}

#[test]
fn path_parameters_in_body_are_param_errors() {
    let mut store = seeded();
    for name in ["openid", "coupon_code"] {
        let body = with(use_body(), name, json!("x"));
        assert_error(use_code(&mut store, CODE, &body), 400, "PARAM_ERROR", name);
        let body = with(deactivate_body(), name, json!("x"));
        assert_error(
            deactivate_code(&mut store, CODE, &body),
            400,
            "PARAM_ERROR",
            name,
        );
    }
    let body = with(
        update_body("新名字的商品券"),
        "product_coupon_id",
        json!("1000000013"),
    );
    assert_error(
        store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &body),
        400,
        "PARAM_ERROR",
        "product_coupon_id",
    );
}

#[test]
fn out_request_no_format_is_checked() {
    let mut store = seeded();
    let too_long = "a".repeat(41);
    for bad in [
        "abc12",
        too_long.as_str(),
        "abc#123",
        "单号123456",
        "abc 123",
    ] {
        let body = with(use_body(), "out_request_no", json!(bad));
        assert_error(
            use_code(&mut store, CODE, &body),
            400,
            "PARAM_ERROR",
            "out_request_no",
        );
        let body = with(deactivate_body(), "out_request_no", json!(bad));
        assert_error(
            deactivate_code(&mut store, CODE, &body),
            400,
            "PARAM_ERROR",
            "out_request_no",
        );
        let body = with(update_body("新名字的商品券"), "out_request_no", json!(bad));
        assert_error(
            store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &body),
            400,
            "PARAM_ERROR",
            "out_request_no",
        );
    }
    let shortest = with(use_body(), "out_request_no", json!("a-_9Zz"));
    assert!(use_code(&mut store, CODE, &shortest).is_ok());
    let longest = with(use_body(), "out_request_no", json!("b".repeat(40)));
    assert!(use_code(&mut store, OTHER_CODE, &longest).is_ok());
}

#[test]
fn use_time_must_be_rfc3339() {
    let mut store = seeded();
    for bad in [
        "2025-07-24T00:00+08:00",
        "2025-02-30T12:00:00+08:00",
        "2025-08-03 12:00:00",
    ] {
        let body = with(use_body(), "use_time", json!(bad));
        assert_error(
            use_code(&mut store, CODE, &body),
            400,
            "PARAM_ERROR",
            "use_time",
        );
    }
    let utc = with(use_body(), "use_time", json!("2025-08-03T04:00:00.123Z"));
    let response = use_code(&mut store, CODE, &utc).unwrap();
    assert_eq!(
        response["single_usage_detail"]["use_time"],
        "2025-08-03T04:00:00.123Z"
    );
}

#[test]
fn lookups_name_what_does_not_exist() {
    let mut store = seeded();
    assert_error(
        use_code(&mut store, "Code_000", &use_body()),
        404,
        "NOT_FOUND",
        "Code_000",
    );
    assert_error(
        store.use_coupon("unknown-openid", CODE, &use_body(), NOW),
        404,
        "NOT_FOUND",
        "unknown-openid",
    );
    let mismatches = [
        ("product_coupon_id", "1000000099"),
        ("stock_id", "1000000013999"),
        ("brand_id", "999999"),
        ("appid", "wx0000000000000000"),
    ];
    for (field, value) in mismatches {
        let body = with(use_body(), field, json!(value));
        assert_error(use_code(&mut store, CODE, &body), 404, "NOT_FOUND", field);
        let body = with(deactivate_body(), field, json!(value));
        assert_error(
            deactivate_code(&mut store, CODE, &body),
            404,
            "NOT_FOUND",
            value,
        );
    }
    assert_eq!(state(&store, CODE), "EFFECTIVE");
}

#[test]
fn used_or_deactivated_coupon_cannot_be_used() {
    let mut store = seeded();
    use_code(&mut store, CODE, &use_body()).unwrap();
    let again = with(use_body(), "out_request_no", json!("MCHUSE_SECOND"));
    let err = use_code(&mut store, CODE, &again).unwrap_err();
    assert_eq!((err.status, err.code), (403, "NOT_ENOUGH"));
    assert_eq!(err.message, "用户商品券当前无法使用");

    deactivate_code(&mut store, OTHER_CODE, &deactivate_body()).unwrap();
    assert_error(
        use_code(&mut store, OTHER_CODE, &use_body()),
        403,
        "NOT_ENOUGH",
        "无法使用",
    );
}

#[test]
fn use_is_idempotent_by_out_request_no() {
    let mut store = seeded();
    let first = use_code(&mut store, CODE, &use_body()).unwrap();
    let replay = use_code(&mut store, CODE, &use_body()).unwrap();
    assert_eq!(replay, first);
    assert_eq!(state(&store, CODE), "USED");

    let changed = with(use_body(), "use_time", json!("2025-08-04T12:00:00+08:00"));
    let err = use_code(&mut store, CODE, &changed).unwrap_err();
    assert_eq!((err.status, err.code), (400, "INVALID_REQUEST"));
    assert_eq!(err.message, REUSED_REQUEST_NO);
    // Key order does not matter: a re-serialized identical body replays.
    let reordered: Value = serde_json::from_str(&use_body().to_string()).unwrap();
    assert_eq!(use_code(&mut store, CODE, &reordered).unwrap(), first);
}

#[test]
fn idempotency_is_per_endpoint_and_per_target() {
    let mut store = seeded();
    use_code(&mut store, CODE, &use_body()).unwrap();
    // The same number on another coupon is a different request.
    use_code(&mut store, OTHER_CODE, &use_body()).unwrap();
    assert_eq!(state(&store, OTHER_CODE), "USED");
    // ...and on another endpoint too.
    store.issue_coupon(SEED_OPENID, "Code_200", &example_validity());
    let body = with(
        deactivate_body(),
        "out_request_no",
        json!("MCHUSE202003101234"),
    );
    deactivate_code(&mut store, "Code_200", &body).unwrap();
    assert_eq!(state(&store, "Code_200"), "DEACTIVATED");
}

#[test]
fn failed_requests_are_not_remembered() {
    let mut store = seeded();
    let wrong_stock = with(use_body(), "stock_id", json!("1000000013999"));
    assert!(use_code(&mut store, CODE, &wrong_stock).is_err());
    let ok = use_code(&mut store, CODE, &use_body()).unwrap();
    assert_eq!(ok["coupon_state"], "USED");

    let wrong_brand = with(update_body("新名字的商品券"), "brand_id", json!("999"));
    assert!(store
        .update_product_coupon(SEED_PRODUCT_COUPON_ID, &wrong_brand)
        .is_err());
    assert!(store
        .update_product_coupon(SEED_PRODUCT_COUPON_ID, &update_body("新名字的商品券"))
        .is_ok());
}

#[test]
fn deactivate_returns_entity_with_deactivation_fields() {
    let mut store = seeded();
    let response = deactivate_code(&mut store, CODE, &deactivate_body()).unwrap();
    let mut expected: Value = serde_json::from_str(USE_EXAMPLE).unwrap();
    let map = expected.as_object_mut().unwrap();
    map.remove("single_usage_detail");
    map.insert("coupon_state".into(), json!("DEACTIVATED"));
    map.insert("deactivate_request_no".into(), json!("MCHDEACT2025080501"));
    map.insert("deactivate_time".into(), json!(NOW_TEXT));
    map.insert("deactivate_reason".into(), json!("商品下架"));
    assert_eq!(response, expected);
    assert_eq!(state(&store, CODE), "DEACTIVATED");
}

#[test]
fn deactivate_requires_effective_coupon() {
    let mut store = seeded();
    deactivate_code(&mut store, CODE, &deactivate_body()).unwrap();
    let again = with(
        deactivate_body(),
        "out_request_no",
        json!("MCHDEACT_SECOND"),
    );
    assert_error(
        deactivate_code(&mut store, CODE, &again),
        400,
        "INVALID_REQUEST",
        "DEACTIVATED",
    );
    use_code(&mut store, OTHER_CODE, &use_body()).unwrap();
    assert_error(
        deactivate_code(&mut store, OTHER_CODE, &deactivate_body()),
        400,
        "INVALID_REQUEST",
        "USED",
    );
    assert_eq!(state(&store, OTHER_CODE), "USED");
}

#[test]
fn deactivate_is_idempotent_by_out_request_no() {
    let mut store = seeded();
    let first = deactivate_code(&mut store, CODE, &deactivate_body()).unwrap();
    let later = store
        .deactivate_coupon(
            SEED_OPENID,
            CODE,
            &deactivate_body(),
            datetime!(2025-08-06 00:00:00 +08:00),
        )
        .unwrap();
    assert_eq!(later, first);
    let changed = with(deactivate_body(), "deactivate_reason", json!("其他原因"));
    assert_error(
        deactivate_code(&mut store, CODE, &changed),
        400,
        "INVALID_REQUEST",
        REUSED_REQUEST_NO,
    );
}

#[test]
fn deactivate_reason_length_is_checked_in_characters() {
    let mut store = seeded();
    for bad in [String::new(), "原".repeat(151)] {
        let body = with(deactivate_body(), "deactivate_reason", json!(bad));
        assert_error(
            deactivate_code(&mut store, CODE, &body),
            400,
            "PARAM_ERROR",
            "deactivate_reason",
        );
    }
    let missing = without(deactivate_body(), "deactivate_reason");
    assert_error(
        deactivate_code(&mut store, CODE, &missing),
        400,
        "PARAM_ERROR",
        "deactivate_reason",
    );
    let longest = with(
        deactivate_body(),
        "deactivate_reason",
        json!("原".repeat(150)),
    );
    assert!(deactivate_code(&mut store, CODE, &longest).is_ok());
}

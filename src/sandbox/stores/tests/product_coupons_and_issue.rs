//! Update, issuing coupons, validity.

use serde_json::{json, Value};
use time::macros::datetime;

use super::*;

#[test]
fn update_returns_documented_entity_with_new_display_info() {
    let mut store = seeded();
    let body = update_body("新名字的商品券");
    let response = store
        .update_product_coupon(SEED_PRODUCT_COUPON_ID, &body)
        .unwrap();
    let mut expected: Value = serde_json::from_str(UPDATE_EXAMPLE).unwrap();
    expected["display_info"] = body["display_info"].clone();
    assert_eq!(response, expected);
    assert_eq!(response["state"], "EFFECTIVE");
}

#[test]
fn update_only_affects_newly_issued_coupons() {
    let mut store = seeded();
    let body = update_body("新名字的商品券");
    store
        .update_product_coupon(SEED_PRODUCT_COUPON_ID, &body)
        .unwrap();
    let old = use_code(&mut store, CODE, &use_body()).unwrap();
    let old_display: Value = serde_json::from_str(UPDATE_EXAMPLE).unwrap();
    assert_eq!(
        old["product_coupon"]["display_info"],
        old_display["display_info"]
    );

    store.issue_coupon("another-openid", "Code_NEW", &example_validity());
    let new = store
        .use_coupon("another-openid", "Code_NEW", &use_body(), NOW)
        .unwrap();
    assert_eq!(new["product_coupon"]["display_info"], body["display_info"]);
    assert_eq!(new["coupon_code"], "Code_NEW");
}

#[test]
fn update_display_info_rules() {
    let mut store = seeded();
    let mut update = |body: Value| store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &body);
    for bad_name in ["ab", "十六个字十六个字十六个字十六个字"] {
        assert_error(
            update(update_body(bad_name)),
            400,
            "PARAM_ERROR",
            "display_info.name",
        );
    }
    for field in ["image_url", "background_url"] {
        let path = format!("display_info.{field}");
        let body = with(update_body("新名字的商品券"), &path, json!(""));
        assert_error(update(body), 400, "PARAM_ERROR", &path);
    }
    let nine = json!(vec!["https://a"; 9]);
    let body = with(
        update_body("新名字的商品券"),
        "display_info.detail_image_url_list",
        nine,
    );
    assert_error(update(body), 400, "PARAM_ERROR", "detail_image_url_list");
    let price = with(
        update_body("新名字的商品券"),
        "display_info.original_price",
        json!("100"),
    );
    assert_error(update(price), 400, "PARAM_ERROR", "original_price");
    let combo = with(
        update_body("新名字的商品券"),
        "display_info.combo_package_list",
        json!(["x"]),
    );
    assert_error(update(combo), 400, "PARAM_ERROR", "combo_package_list[0]");
    assert_error(
        update(without(update_body("新名字的商品券"), "display_info")),
        400,
        "PARAM_ERROR",
        "display_info",
    );

    // Boundaries that pass: 3 ASCII chars, 15 CJK chars (45 bytes), 8 images.
    let ok = [
        update_body("abc"),
        with(
            with(
                update_body("十五个字十五个字十五个字十五个"),
                "out_request_no",
                json!("MCHUPDATE_2"),
            ),
            "display_info.detail_image_url_list",
            json!(vec!["https://a"; 8]),
        ),
        with(
            with(
                update_body("带价格的券"),
                "out_request_no",
                json!("MCHUPDATE_3"),
            ),
            "display_info.original_price",
            json!(9900),
        ),
    ];
    for body in ok {
        assert!(update(body).is_ok());
    }
}

#[test]
fn update_lookups_and_idempotency() {
    let mut store = seeded();
    let body = update_body("新名字的商品券");
    assert_error(
        store.update_product_coupon("1000000099", &body),
        404,
        "NOT_FOUND",
        "1000000099",
    );
    let wrong_brand = with(body.clone(), "brand_id", json!("999999"));
    assert_error(
        store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &wrong_brand),
        404,
        "NOT_FOUND",
        "brand_id",
    );
    let first = store
        .update_product_coupon(SEED_PRODUCT_COUPON_ID, &body)
        .unwrap();
    let replay = store
        .update_product_coupon(SEED_PRODUCT_COUPON_ID, &body)
        .unwrap();
    assert_eq!(replay, first);
    assert_error(
        store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &update_body("另一个名字")),
        400,
        "INVALID_REQUEST",
        REUSED_REQUEST_NO,
    );
}

#[test]
fn issue_coupon_adds_usable_coupons() {
    let mut store = seeded();
    for i in 0..50 {
        store.issue_coupon("bulk-openid", &format!("BULK_{i}"), &example_validity());
    }
    let mut sends = std::collections::HashSet::new();
    for i in 0..50 {
        let code = format!("BULK_{i}");
        assert_eq!(
            store.coupon_state("bulk-openid", &code).as_deref(),
            Some("EFFECTIVE")
        );
        let body = with(use_body(), "out_request_no", json!(format!("USE_BULK_{i}")));
        let response = store.use_coupon("bulk-openid", &code, &body, NOW).unwrap();
        assert_eq!(response["coupon_code"], code);
        sends.insert(response["send_request_no"].to_string());
    }
    assert_eq!(sends.len(), 50);
}

#[test]
fn reissuing_a_code_resets_it() {
    let mut store = seeded();
    use_code(&mut store, CODE, &use_body()).unwrap();
    store.issue_coupon(SEED_OPENID, CODE, &example_validity());
    assert_eq!(state(&store, CODE), "EFFECTIVE");
    let response = use_code(&mut store, CODE, &use_body()).unwrap();
    assert_eq!(response["coupon_state"], "USED");
}

#[test]
fn use_outside_the_validity_or_on_another_weekday_is_not_enough() {
    let mut store = seeded();
    let saturday = datetime!(2025-08-09 10:00:00 +08:00);
    let september = datetime!(2025-09-01 10:00:00 +08:00);
    let before = datetime!(2025-08-01 23:59:59 +08:00);
    for when in [saturday, september, before] {
        let err = store
            .use_coupon(SEED_OPENID, CODE, &use_body(), when)
            .unwrap_err();
        assert_eq!((err.status, err.code), (403, "NOT_ENOUGH"), "{when}");
        assert_eq!(err.message, CANNOT_USE);
    }
    assert_eq!(state(&store, CODE), "EFFECTIVE");
    // The last second of the window is still inside it (a Sunday, so allow every day).
    store.issue_coupon(
        SEED_OPENID,
        "Code_LAST",
        &CouponValidity::new(
            datetime!(2025-08-02 00:00:00 +08:00),
            datetime!(2025-08-31 23:59:59 +08:00),
        ),
    );
    let last = datetime!(2025-08-31 23:59:59 +08:00);
    assert!(store
        .use_coupon(SEED_OPENID, "Code_LAST", &use_body(), last)
        .is_ok());
}

#[test]
fn seeded_coupons_carry_their_validity_in_the_entity() {
    let now = datetime!(2026-11-23 03:00:00 UTC);
    let validity = CouponValidity::around(now);
    assert_eq!(validity.begin, datetime!(2026-11-22 00:00:00 +08:00));
    assert_eq!(validity.end, datetime!(2026-12-21 23:59:59 +08:00));
    let mut store = Stores::seeded(&validity).unwrap();
    let used = store
        .use_coupon(SEED_OPENID, CODE, &use_body(), now)
        .unwrap();
    assert_eq!(used["valid_begin_time"], "2026-11-22T00:00:00+08:00");
    assert_eq!(used["valid_end_time"], "2026-12-21T23:59:59+08:00");
    let period = &used["stock"]["single_usage_rule"]["coupon_available_period"];
    assert_eq!(
        period["weekly_available_period"]["day_list"]
            .as_array()
            .map(Vec::len),
        Some(7)
    );
}

#[test]
fn store_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Stores>();
}

#[test]
fn typed_seed_entities_keep_every_field_of_the_official_example() {
    use crate::sandbox::stores::{ProductCoupon, Stock};
    let product = Value::Object(seed::product_coupon_entity());
    let typed: ProductCoupon = serde_json::from_value(product.clone()).unwrap();
    assert_eq!(serde_json::to_value(typed).unwrap(), product);
    for (_, stock) in seed::stocks() {
        let typed: Stock = serde_json::from_value(stock.clone()).unwrap();
        assert_eq!(serde_json::to_value(typed).unwrap(), stock);
    }
}

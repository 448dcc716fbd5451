//! Inputs that were once accepted silently: identifiers of 10,000 characters, control
//! characters in free-text fields, amounts beyond the spec's int64, a redemption without its
//! order. Each refusal names the field and the rule.

use super::*;
use wechatpay_product_coupon::ids::{AppId, BrandId, SendRequestNo, StockId};
use wechatpay_product_coupon::target;

/// The field and rule of an `InvalidRequest`, or a panic naming what came instead.
fn field_and_rule(result: Result<impl std::fmt::Debug, Error>) -> (String, String) {
    match result {
        Err(Error::InvalidRequest { field, rule }) => (field.into_owned(), rule),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[test]
fn identifiers_of_10000_characters_are_refused_with_their_bound() {
    let long = chars('1', 10_000);
    let cases = [
        ("openid", field_and_rule(OpenId::new(long.clone())), 128),
        ("appid", field_and_rule(AppId::new(long.clone())), 32),
        (
            "product_coupon_id",
            field_and_rule(ProductCouponId::new(long.clone())),
            40,
        ),
        ("stock_id", field_and_rule(StockId::new(long.clone())), 40),
        ("brand_id", field_and_rule(BrandId::new(long.clone())), 40),
        (
            "coupon_code",
            field_and_rule(CouponCode::new(long.clone())),
            40,
        ),
        (
            "out_request_no",
            field_and_rule(RequestNo::new(long.clone())),
            40,
        ),
        (
            "send_request_no",
            field_and_rule(SendRequestNo::new(long.clone())),
            128,
        ),
    ];
    for (expected, (field, rule), max) in cases {
        assert_eq!(field, expected);
        assert!(
            rule.contains(&format!("to {max} characters")),
            "{field}: {rule}"
        );
        assert!(rule.contains("found 10000"), "{field}: {rule}");
    }
}

#[test]
fn path_parameters_and_generic_targets_are_bounded() {
    // Any path parameter a request serializes (typed or not) is capped when encoded.
    let (field, rule) = field_and_rule(target::check_path_param("openid", &chars('a', 10_000)));
    assert_eq!(field, "openid");
    assert!(
        rule.contains("at most 128 characters, found 10000"),
        "{rule}"
    );
    assert!(target::check_path_param("openid", &chars('a', target::MAX_PATH_PARAM_CHARS)).is_ok());

    // The generic call's target: one segment, and the whole target.
    let path = format!(
        "/v3/marketing/partner/product-coupon/product-coupons/{}",
        chars('1', 10_000)
    );
    let (field, rule) = field_and_rule(target::build(&path, &[]));
    assert_eq!(field, "path");
    assert!(rule.contains("at most 256 bytes"), "{rule}");
    let long_query = chars('q', 5_000);
    let (field, rule) = field_and_rule(target::build(
        "/v3/marketing/partner/product-coupon/notify-configs",
        &[("x", long_query.as_str())],
    ));
    assert_eq!(field, "path");
    assert!(rule.contains("at most 4096 bytes"), "{rule}");
}

#[test]
fn control_characters_in_free_text_fields_are_refused_naming_the_field() {
    let mut use_req = use_request();
    use_req.store_id = Some("store\u{0}1".into());
    let (field, rule) = field_and_rule(use_req.validate());
    assert_eq!(field, "store_id");
    assert!(rule.contains("control characters"), "{rule}");
    assert!(use_req.encode().is_err());

    let mut deactivate = deactivate_request();
    deactivate.deactivate_reason = "下线\u{0}".into();
    let (field, _) = field_and_rule(deactivate.validate());
    assert_eq!(field, "deactivate_reason");

    let mut update = update_request();
    update.display_info.name = "全场\u{0}8折券".into();
    let (field, rule) = field_and_rule(update.validate());
    assert_eq!(field, "display_info.name");
    assert!(rule.contains("control characters"), "{rule}");

    let mut use_req = use_request();
    let mut order = AssociatedOrderInfo::transaction_id("4200000000123456789123456789");
    order.mchid = Some("1900\n0001".into());
    use_req.order = order.into();
    let (field, _) = field_and_rule(use_req.validate());
    assert_eq!(field, "associated_order_info.mchid");
}

#[test]
fn store_id_is_bounded() {
    let mut req = use_request();
    req.store_id = Some(chars('1', 64));
    assert!(req.validate().is_ok());
    req.store_id = Some(chars('1', 65));
    let (field, rule) = field_and_rule(req.validate());
    assert_eq!(field, "store_id");
    assert!(rule.contains("at most 64"), "{rule}");
}

#[test]
fn amounts_beyond_the_specs_int64_are_refused_naming_the_field_and_bound() {
    let mut req = update_request();
    req.display_info.original_price = Some(u64::MAX);
    let (field, rule) = field_and_rule(req.validate());
    assert_eq!(field, "display_info.original_price");
    assert!(rule.contains(&i64::MAX.to_string()), "{rule}");
    assert!(rule.contains(&u64::MAX.to_string()), "{rule}");
    req.display_info.original_price = Some(i64::MAX as u64);
    assert!(req.validate().is_ok());

    let mut req = full_update_request();
    req.display_info.combo_package_list[0].choice_list[0].price = u64::MAX;
    let (field, _) = field_and_rule(req.validate());
    assert_eq!(
        field,
        "display_info.combo_package_list[].choice_list[].price"
    );
}

#[test]
fn a_stored_use_request_without_its_order_is_refused_naming_the_field() {
    let doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    let mut without = doc.clone();
    without
        .as_object_mut()
        .unwrap()
        .remove("associated_order_info");
    let err = serde_json::from_value::<UseCouponRequest>(without).unwrap_err();
    assert!(err.to_string().contains("associated_order_info"), "{err}");

    // Both orders: read as RedemptionOrder::Both, written back unchanged.
    let mut both = doc;
    both["associated_pay_score_order_info"] = json!({"order_id": "PS_1"});
    let req: UseCouponRequest = serde_json::from_value(both.clone()).unwrap();
    assert!(matches!(req.order, RedemptionOrder::Both { .. }));
    assert_eq!(serde_json::to_value(&req).unwrap(), both);
}

//! Product coupons: the official update response example, its required fields, `IntoOwned`
//! and JSON storage.

use super::*;

#[test]
fn update_response_example_parses_as_product_coupon_entity() {
    let buf = read_bytes(UPDATE_RESPONSE);
    let p = ProductCoupon::parse(&buf).unwrap();

    assert_eq!(p.product_coupon_id, "1000000013");
    assert_eq!(p.scope, ProductCouponScope::All);
    assert_eq!(p.coupon_type, ProductCouponType::Discount);
    assert_eq!(p.usage_mode, UsageMode::Single);
    let discount = p
        .single_usage_info
        .and_then(|s| s.discount_coupon)
        .expect("discount_coupon");
    assert_eq!(discount.threshold, Some(10000));
    assert_eq!(discount.percent_off, Some(20));
    assert_eq!(p.progressive_bundle_usage_info, None);
    assert_eq!(p.display_info.name, "全场满100立打8折-新名字");
    assert_eq!(
        p.display_info.image_url,
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
    );
    assert_eq!(
        p.display_info.background_url,
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
    );
    assert_eq!(p.display_info.detail_image_url_list.len(), 1);
    assert_eq!(p.state, ProductCouponState::Effective);
    assert_eq!(p.out_product_no.as_deref(), Some("Product_1234567890"));
    assert_eq!(p.deactivate_request_no, None);
    assert_eq!(p.deactivate_time, None);
    assert_eq!(p.deactivate_reason, None);
    assert_eq!(p.brand_id, "120344");
    assert_borrowed(&p.display_info.name, "display_info.name");
    assert_borrowed(&p.product_coupon_id, "product_coupon_id");
}

#[test]
fn missing_required_product_coupon_id_fails_product_coupon_entity() {
    let mut doc = read_json(UPDATE_RESPONSE);
    remove(&mut doc, "/product_coupon_id");
    let buf = serde_json::to_vec(&doc).unwrap();
    let err = ProductCoupon::parse(&buf).unwrap_err();
    assert_eq!(err.model, "ProductCouponEntity");
    assert!(err.to_string().contains("product_coupon_id"), "{err}");
}

#[test]
fn into_owned_product_coupon_entity_outlives_the_buffer() {
    let owned: ProductCouponEntity<'static> = {
        let buf = read_bytes(UPDATE_RESPONSE);
        let borrowed: ProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
        let owned = borrowed.clone().into_owned();
        assert_eq!(owned, borrowed.into_owned());
        owned
    };
    assert_eq!(owned.product_coupon_id, "1000000013");
    assert_owned(&owned.display_info.name, "display_info.name");
    assert_eq!(owned.display_info.name, "全场满100立打8折-新名字");
}

#[test]
fn owned_product_coupon_round_trips_through_json() {
    let owned: ProductCoupon = ProductCoupon::parse(&read_bytes(UPDATE_RESPONSE))
        .unwrap()
        .into_owned();
    let stored = serde_json::to_vec(&owned).unwrap();
    let back = ProductCoupon::parse(&stored).unwrap();
    assert_eq!(back, owned);
    assert_eq!(back.clone().into_owned(), owned);
    assert_borrowed(&back.product_coupon_id, "product_coupon_id");
    assert_eq!(back.product_coupon_id, "1000000013");
    assert_eq!(back.display_info.name, "全场满100立打8折-新名字");
    assert_eq!(back.coupon_type, ProductCouponType::Discount);

    // The product coupon of the use example (a nested view) round-trips the same way.
    let owned: ProductCoupon = UserCoupon::parse(&read_bytes(USE_RESPONSE))
        .unwrap()
        .into_owned()
        .product_coupon;
    let stored = serde_json::to_vec(&owned).unwrap();
    assert_eq!(ProductCoupon::parse(&stored).unwrap(), owned);
}

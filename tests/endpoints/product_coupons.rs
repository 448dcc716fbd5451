//! Product coupons: `get_product_coupon` and `update_product_coupon`.

use super::*;

#[test]
fn update_product_coupon_returns_effective_coupon_with_new_name() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let name = "全场满200打9折";
    let response = client.update_product_coupon(&update_request("12345_20250101_A3489", name))?;
    assert!(response.request_id().is_some());
    let product = response.parse()?;
    assert_eq!(product.product_coupon_id, seed::PRODUCT_COUPON_ID);
    assert_eq!(product.state, ProductCouponState::Effective);
    assert_eq!(product.display_info.name, name);
    Ok(())
}

#[test]
fn change_the_name_is_get_edit_update() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let get = GetProductCouponRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    let before = client.get_product_coupon(&get).expect("get");
    let before = before.parse().expect("parse");
    let mut req = UpdateProductCouponRequest::from_product_coupon(
        &before,
        "MCHUPD_NAME_001".parse().unwrap(),
    )
    .unwrap();
    req.display_info.name = "改名后的商品券".into();
    client.update_product_coupon(&req).expect("update");
    let after = client.get_product_coupon(&get).expect("get");
    let after = after.parse().expect("parse");
    assert_eq!(after.display_info.name, "改名后的商品券");
    assert_eq!(after.display_info.image_url, before.display_info.image_url);
    assert_eq!(
        after.display_info.background_url,
        before.display_info.background_url
    );
    assert_eq!(
        after.display_info.detail_image_url_list,
        before.display_info.detail_image_url_list
    );
    assert_eq!(
        after.display_info.original_price,
        before.display_info.original_price
    );

    let err = client
        .get_product_coupon(&GetProductCouponRequest::new(
            "999".parse().unwrap(),
            seed::BRAND_ID.parse().unwrap(),
        ))
        .expect_err("unknown");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    let err = client
        .get_product_coupon(&GetProductCouponRequest::new(
            seed::PRODUCT_COUPON_ID.parse().unwrap(),
            "999".parse().unwrap(),
        ))
        .expect_err("other brand");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
}

//! Stocks: get, list and deactivate a stock, and deactivate a product coupon, against the
//! official request examples (ENDPOINTS.md E2, E4, E5, E7).

use super::*;
use wechatpay_product_coupon::api::GetStockRequest;

#[test]
fn get_stock_targets_equal_the_official_examples() {
    for (product, stock) in [
        ("1000000013", "1000000013001"),
        ("1000000014", "1000000014002"),
    ] {
        let req = GetStockRequest::new(
            product.parse().unwrap(),
            stock.parse().unwrap(),
            "120344".parse().unwrap(),
        );
        let e = encoded(&req);
        assert_eq!(e.method, Method::Get);
        assert_eq!(
            e.target,
            format!("/v3/marketing/partner/product-coupon/product-coupons/{product}/stocks/{stock}?brand_id=120344")
        );
        assert!(e.body.is_none());
    }
}

#[test]
fn list_stocks_targets_equal_the_official_examples() {
    use wechatpay_product_coupon::api::ListStocksRequest;
    let mut first =
        ListStocksRequest::new("1000000013".parse().unwrap(), "120344".parse().unwrap());
    first.state = Some("DEACTIVATED".into());
    first.page_size = Some(10);
    assert_eq!(
        encoded(&first).target,
        "/v3/marketing/partner/product-coupon/product-coupons/1000000013/stocks?state=DEACTIVATED&page_size=10&brand_id=120344"
    );
    let mut second =
        ListStocksRequest::new("1000000014".parse().unwrap(), "120344".parse().unwrap());
    second.page_size = Some(20);
    second.stock_bundle_id = Some("712315129419284901".into());
    assert_eq!(
        encoded(&second).target,
        "/v3/marketing/partner/product-coupon/product-coupons/1000000014/stocks?page_size=20&brand_id=120344&stock_bundle_id=712315129419284901"
    );
    let next = second.next_page("MTIzNDUK");
    assert!(encoded(&next)
        .target
        .contains("&page_token=MTIzNDUK&brand_id=120344"));
    for size in [0, 51] {
        let mut bad = first.clone();
        bad.page_size = Some(size);
        let err = bad.validate().unwrap_err();
        assert!(err.to_string().contains("page_size"), "{err}");
    }
}

/// The official E7 example, as this crate writes it: compact, fields in declaration order.
const DEACTIVATE_STOCK_BODY: &str = r#"{"out_request_no":"de_34657_20250101_123456","deactivate_reason":"批次信息有误，重新创建","brand_id":"120344"}"#;

#[test]
fn deactivate_stock_body_equals_the_official_example() {
    use wechatpay_product_coupon::api::DeactivateStockRequest;
    let req = DeactivateStockRequest::new(
        "1000000013".parse().unwrap(),
        "1000000013001".parse().unwrap(),
        "120344".parse().unwrap(),
        "de_34657_20250101_123456".parse().unwrap(),
        "批次信息有误，重新创建",
    );
    let e = encoded(&req);
    assert_eq!(e.method, Method::Post);
    assert_eq!(
        e.target,
        "/v3/marketing/partner/product-coupon/product-coupons/1000000013/stocks/1000000013001/deactivate"
    );
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert_eq!(text, DEACTIVATE_STOCK_BODY);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v, read_json("deactivate_stock_request.json"));
    for reason in [String::new(), "失".repeat(151)] {
        let mut bad = req.clone();
        bad.deactivate_reason = reason;
        let err = bad.validate().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest);
        assert!(err.to_string().contains("deactivate_reason"), "{err}");
    }
    let mut ok = req;
    ok.deactivate_reason = "失".repeat(150);
    assert!(ok.validate().is_ok());
}

/// The official E2 example, as this crate writes it.
const DEACTIVATE_PRODUCT_COUPON_BODY: &str = r#"{"out_request_no":"34657_20250101_123456","deactivate_reason":"商品券信息有误，重新创建","brand_id":"120344"}"#;

#[test]
fn deactivate_product_coupon_body_equals_the_official_example() {
    use wechatpay_product_coupon::api::DeactivateProductCouponRequest;
    let req = DeactivateProductCouponRequest::new(
        "1000000013".parse().unwrap(),
        "120344".parse().unwrap(),
        "34657_20250101_123456".parse().unwrap(),
        "商品券信息有误，重新创建",
    );
    let e = encoded(&req);
    assert_eq!(e.method, Method::Post);
    assert_eq!(
        e.target,
        "/v3/marketing/partner/product-coupon/product-coupons/1000000013/deactivate"
    );
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert_eq!(text, DEACTIVATE_PRODUCT_COUPON_BODY);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v, read_json("deactivate_product_coupon_request.json"));
    let mut bad = req;
    bad.deactivate_reason = "失".repeat(151);
    let err = bad.validate().unwrap_err();
    assert!(err.to_string().contains("deactivate_reason"), "{err}");
}

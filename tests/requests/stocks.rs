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

//! Stocks (批次): `get_stock`, `list_stocks` (and `stock_pages`), `deactivate_stock`, and
//! `deactivate_product_coupon`, which deactivates every stock of a product coupon.

use super::*;
use wechatpay_product_coupon::api::GetStockRequest;
use wechatpay_product_coupon::model::{IntoOwned, Stock, StockState};

/// A lookup of `stock_id` of `product_coupon_id` for `brand_id`.
fn get(product_coupon_id: &str, stock_id: &str, brand_id: &str) -> GetStockRequest {
    GetStockRequest::new(
        product_coupon_id.parse().unwrap(),
        stock_id.parse().unwrap(),
        brand_id.parse().unwrap(),
    )
}

#[test]
fn get_stock_answers_each_seeded_stock() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client(&sandbox);
    for seeded in seed::STOCKS {
        let got = client.get_stock(&get(
            seed::PRODUCT_COUPON_ID,
            seeded.stock_id,
            seed::BRAND_ID,
        ))?;
        assert!(got.request_id().is_some());
        let stock = got.parse()?;
        assert_eq!(stock.stock_id, seeded.stock_id);
        assert_eq!(stock.product_coupon_id, seed::PRODUCT_COUPON_ID);
        assert_eq!(stock.brand_id, seed::BRAND_ID);
        assert_eq!(stock.coupon_code_mode.as_str(), seeded.coupon_code_mode);
        assert_eq!(stock.state, StockState::Sending);
        assert!(stock.deactivate_time.is_none());
        let owned: Stock = stock.into_owned();
        assert_eq!(owned.stock_id, seeded.stock_id);
    }
    Ok(())
}

#[test]
fn get_stock_refuses_unknown_stocks_products_and_brands_with_404() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let cases = [
        (
            seed::PRODUCT_COUPON_ID,
            "1000000013999",
            seed::BRAND_ID,
            "stock_id=1000000013999",
        ),
        (
            "1000000099",
            seed::STOCK_ID,
            seed::BRAND_ID,
            "product_coupon_id=1000000099",
        ),
        (
            seed::PRODUCT_COUPON_ID,
            seed::STOCK_ID,
            "999",
            "brand_id=999",
        ),
    ];
    for (product, stock, brand, named) in cases {
        let err = client
            .get_stock(&get(product, stock, brand))
            .expect_err(named);
        assert_eq!(api(&err), (404, "NOT_FOUND".into()), "{named}");
        assert!(err.to_string().contains(named), "{named}: {err}");
    }
}

//! Stocks (批次): `get_stock`, `list_stocks` (and `stock_pages`), `deactivate_stock`, and
//! `deactivate_product_coupon`, which deactivates every stock of a product coupon.

use super::*;
use wechatpay_product_coupon::api::{
    DeactivateProductCouponRequest, DeactivateStockRequest, GetStockRequest, ListStocksRequest,
};
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

/// The first page of the seed product coupon's stocks.
fn list() -> ListStocksRequest {
    ListStocksRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    )
}

/// The stock ids of every page `client.stock_pages(req)` yields.
fn listed(client: &Client, req: ListStocksRequest) -> Vec<String> {
    let mut ids = Vec::new();
    for page in client.stock_pages(req) {
        let page = page.expect("page");
        ids.extend(
            page.parse()
                .expect("parse")
                .stock_list
                .iter()
                .map(|s| s.stock_id.to_string()),
        );
    }
    ids
}

#[test]
fn list_stocks_answers_every_seeded_stock_on_one_page() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client(&sandbox);
    let got = client.list_stocks(&list())?;
    let page = got.parse()?;
    assert_eq!(page.total_count, Some(seed::STOCKS.len() as i64));
    assert!(page.next_page_token.is_none());
    let ids: Vec<&str> = page
        .stock_list
        .iter()
        .map(|s| s.stock_id.as_str())
        .collect();
    let seeded: Vec<&str> = seed::STOCKS.iter().map(|s| s.stock_id).collect();
    assert_eq!(ids, seeded);
    Ok(())
}

#[test]
fn stock_pages_walks_pages_of_one_and_gives_total_count_on_the_first_only() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client(&sandbox);
    let mut req = list();
    req.page_size = Some(1);
    let pages: Vec<_> = client.stock_pages(req.clone()).collect::<Result<_, _>>()?;
    assert_eq!(pages.len(), seed::STOCKS.len());
    assert_eq!(sandbox.requests_served(), seed::STOCKS.len() as u64);
    let totals: Vec<Option<i64>> = pages
        .iter()
        .map(|p| p.parse().unwrap().total_count)
        .collect();
    let mut expected = vec![None; seed::STOCKS.len()];
    expected[0] = Some(seed::STOCKS.len() as i64);
    assert_eq!(totals, expected);
    let seeded: Vec<String> = seed::STOCKS.iter().map(|s| s.stock_id.to_owned()).collect();
    assert_eq!(listed(&client, req), seeded);
    Ok(())
}

#[test]
fn list_stocks_filters_by_state_and_bundle() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client(&sandbox);
    let mut sending = list();
    sending.state = Some("SENDING".into());
    assert_eq!(listed(&client, sending).len(), seed::STOCKS.len());
    let mut deactivated = list();
    deactivated.state = Some("DEACTIVATED".into());
    assert!(listed(&client, deactivated).is_empty());
    let mut bundle = list();
    bundle.stock_bundle_id = Some("712315129419284901".into());
    let page = client.list_stocks(&bundle)?;
    assert_eq!(page.parse()?.total_count, Some(0));
    Ok(())
}

#[test]
fn list_stocks_refuses_unknown_products_states_and_tokens() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let mut other_brand = list();
    other_brand.brand_id = "999".parse().unwrap();
    let err = client.list_stocks(&other_brand).expect_err("other brand");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    let unknown = ListStocksRequest::new(
        "1000000099".parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    let err = client.list_stocks(&unknown).expect_err("unknown product");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    let mut state = list();
    state.state = Some("SLEEPING".into());
    let err = client.list_stocks(&state).expect_err("unknown state");
    assert_eq!(api(&err), (400, "PARAM_ERROR".into()));
    assert!(err.to_string().contains("SLEEPING"), "{err}");
    let err = client
        .list_stocks(&list().next_page("FORGED"))
        .expect_err("token");
    assert_eq!(api(&err), (400, "PARAM_ERROR".into()));
    let mut size = list();
    size.page_size = Some(51);
    let err = client.list_stocks(&size).expect_err("page_size");
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("page_size"), "{err}");
    assert_eq!(
        sandbox.requests_served(),
        4,
        "page_size is refused before sending"
    );
}

/// A deactivation of the seeded stock `stock_id`.
fn deactivate(stock_id: &str, no: &str) -> DeactivateStockRequest {
    DeactivateStockRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        stock_id.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
        no.parse().unwrap(),
        "批次信息有误，重新创建",
    )
}

/// The state of a seeded stock, as `get_stock` reports it.
fn stock_state(client: &Client, stock_id: &str) -> String {
    let got = client
        .get_stock(&get(seed::PRODUCT_COUPON_ID, stock_id, seed::BRAND_ID))
        .expect("get_stock");
    got.parse().expect("parse").state.to_string()
}

#[test]
fn deactivate_stock_stops_its_sends_and_leaves_the_rest_alone() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client(&sandbox);
    let sent = send(&client, "MCHSEND_BEFORE_01");
    let got =
        client.deactivate_stock(&deactivate(seed::SEND_STOCK_ID, "de_34657_20250101_123456"))?;
    let stock = got.parse()?;
    assert_eq!(stock.stock_id, seed::SEND_STOCK_ID);
    assert_eq!(stock.state, StockState::Deactivated);
    assert_eq!(
        stock.deactivate_request_no.as_deref(),
        Some("de_34657_20250101_123456")
    );
    assert_eq!(
        stock.deactivate_reason.as_deref(),
        Some("批次信息有误，重新创建")
    );
    assert!(stock.deactivate_time.is_some());
    assert_eq!(stock_state(&client, seed::SEND_STOCK_ID), "DEACTIVATED");

    // No more sends from it (a stock that is not SENDING does not send).
    let err = client
        .send_coupon(&seed::send_request("MCHSEND_AFTER_01")?)
        .expect_err("a send from a deactivated stock");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    assert!(err.to_string().contains("DEACTIVATED"), "{err}");

    // The product coupon's other stocks and the coupon sent before are unchanged.
    assert_eq!(stock_state(&client, seed::STOCK_ID), "SENDING");
    assert_eq!(stock_state(&client, seed::ASSIGN_STOCK_ID), "SENDING");
    assert_eq!(state(&client, &sent), "CONFIRMING");
    let mut deactivated = list();
    deactivated.state = Some("DEACTIVATED".into());
    let page = client.list_stocks(&deactivated)?;
    let ids: Vec<String> = page
        .parse()?
        .stock_list
        .iter()
        .map(|s| s.stock_id.to_string())
        .collect();
    assert_eq!(ids, [seed::SEND_STOCK_ID]);
    Ok(())
}

#[test]
fn deactivate_stock_is_idempotent_by_out_request_no() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client(&sandbox);
    let req = deactivate(seed::STOCK_ID, "MCHDESTOCK_0001");
    let first = client.deactivate_stock(&req)?;
    let again = client.deactivate_stock(&req)?;
    assert_eq!(
        first.raw().body(),
        again.raw().body(),
        "the same request answers the first answer"
    );

    let mut altered = req.clone();
    altered.deactivate_reason = "另一个原因".into();
    let err = client
        .deactivate_stock(&altered)
        .expect_err("same number, other reason");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));

    // A new number on a stock already deactivated: the documented precondition
    // (SENDING or PAUSED) fails.
    let err = client
        .deactivate_stock(&deactivate(seed::STOCK_ID, "MCHDESTOCK_0002"))
        .expect_err("already deactivated");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    assert!(err.to_string().contains("DEACTIVATED"), "{err}");
    Ok(())
}

#[test]
fn deactivate_stock_refuses_unknown_stocks_and_other_brands() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let err = client
        .deactivate_stock(&deactivate("1000000013999", "MCHDESTOCK_0003"))
        .expect_err("unknown stock");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    assert!(err.to_string().contains("1000000013999"), "{err}");
    let mut other = deactivate(seed::STOCK_ID, "MCHDESTOCK_0004");
    other.brand_id = "999".parse().unwrap();
    let err = client.deactivate_stock(&other).expect_err("other brand");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    assert_eq!(
        stock_state(&client, seed::STOCK_ID),
        "SENDING",
        "a refusal changes nothing"
    );
    let mut empty = deactivate(seed::STOCK_ID, "MCHDESTOCK_0005");
    empty.deactivate_reason.clear();
    let err = client.deactivate_stock(&empty).expect_err("no reason");
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert_eq!(
        sandbox.requests_served(),
        3,
        "the empty reason is refused before sending"
    );
}

/// A deactivation of the seed product coupon.
fn deactivate_product(no: &str) -> DeactivateProductCouponRequest {
    DeactivateProductCouponRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
        no.parse().unwrap(),
        "商品券信息有误，重新创建",
    )
}

#[test]
fn deactivate_product_coupon_deactivates_all_of_its_stocks_and_no_coupon() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client(&sandbox);
    let sent = send(&client, "MCHSEND_BEFORE_02");
    // One stock deactivated before keeps its own record.
    client.deactivate_stock(&deactivate(seed::ASSIGN_STOCK_ID, "MCHDESTOCK_EARLY"))?;

    let got = client.deactivate_product_coupon(&deactivate_product("34657_20250101_123456"))?;
    let product = got.parse()?;
    assert_eq!(product.product_coupon_id, seed::PRODUCT_COUPON_ID);
    assert_eq!(product.state, ProductCouponState::Deactivated);
    assert_eq!(
        product.deactivate_request_no.as_deref(),
        Some("34657_20250101_123456")
    );
    assert_eq!(
        product.deactivate_reason.as_deref(),
        Some("商品券信息有误，重新创建")
    );
    assert!(product.deactivate_time.is_some());
    let get =
        GetProductCouponRequest::new(seed::PRODUCT_COUPON_ID.parse()?, seed::BRAND_ID.parse()?);
    assert_eq!(
        client.get_product_coupon(&get)?.parse()?.state,
        ProductCouponState::Deactivated
    );

    // Every stock is DEACTIVATED; the early one kept its own request number.
    let page = client.list_stocks(&list())?;
    let page = page.parse()?;
    assert_eq!(page.stock_list.len(), seed::STOCKS.len());
    for stock in &page.stock_list {
        assert_eq!(stock.state, StockState::Deactivated, "{}", stock.stock_id);
        let expected = if stock.stock_id == seed::ASSIGN_STOCK_ID {
            "MCHDESTOCK_EARLY"
        } else {
            "34657_20250101_123456"
        };
        assert_eq!(stock.deactivate_request_no.as_deref(), Some(expected));
    }
    // No more sends; the coupons already sent are unchanged.
    let err = client
        .send_coupon(&seed::send_request("MCHSEND_AFTER_02")?)
        .expect_err("a send after the product coupon was deactivated");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    assert_eq!(state(&client, &sent), "CONFIRMING");
    assert_eq!(
        sandbox
            .coupon_state(seed::OPENID, seed::COUPON_CODE)
            .as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn deactivate_product_coupon_is_idempotent_by_out_request_no() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client(&sandbox);
    let req = deactivate_product("MCHDEPRODUCT_01");
    let first = client.deactivate_product_coupon(&req)?;
    let again = client.deactivate_product_coupon(&req)?;
    assert_eq!(first.raw().body(), again.raw().body());

    let mut altered = req.clone();
    altered.deactivate_reason = "另一个原因".into();
    let err = client
        .deactivate_product_coupon(&altered)
        .expect_err("same number, other body");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));

    // A new number: the product coupon is no longer EFFECTIVE (the documented precondition).
    let err = client
        .deactivate_product_coupon(&deactivate_product("MCHDEPRODUCT_02"))
        .expect_err("already deactivated");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    assert!(err.to_string().contains("DEACTIVATED"), "{err}");
    Ok(())
}

#[test]
fn deactivate_product_coupon_refuses_unknown_products_and_other_brands() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let mut unknown = deactivate_product("MCHDEPRODUCT_03");
    unknown.product_coupon_id = "1000000099".parse().unwrap();
    let err = client
        .deactivate_product_coupon(&unknown)
        .expect_err("unknown");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    assert!(err.to_string().contains("1000000099"), "{err}");
    let mut other = deactivate_product("MCHDEPRODUCT_04");
    other.brand_id = "999".parse().unwrap();
    let err = client
        .deactivate_product_coupon(&other)
        .expect_err("other brand");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    for stock in seed::STOCKS {
        assert_eq!(
            stock_state(&client, stock.stock_id),
            "SENDING",
            "a refusal changes nothing"
        );
    }
}

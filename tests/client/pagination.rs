//! `user_coupon_pages` against a correctly signed server that never ends the list: tokens
//! handed out in a circle (A, B, A, …) and an endless run of fresh tokens. Both must stop
//! with an error naming what happened, after a bounded number of calls. The answers are the
//! sandbox's own signed 200s with the body replaced (`Fault::Body`), so every page verifies.

use super::*;
use wechatpay_product_coupon::api::ListUserCouponsRequest;
use wechatpay_product_coupon::DEFAULT_MAX_PAGES;

/// A signed page holding no coupon and naming `token` as the next page. The sandbox
/// processes the request before the body is replaced, so tokens must be ones it accepts
/// (`SBXPAGE` and an offset).
fn page_naming(token: &str) -> Fault {
    Fault::Body(format!(
        r#"{{"total_count":100,"user_coupon_list":[],"next_page_token":"{token}"}}"#
    ))
}

fn list_request() -> ListUserCouponsRequest {
    ListUserCouponsRequest::new(
        seed::OPENID.parse().unwrap(),
        seed::APPID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    )
}

#[test]
fn tokens_handed_out_in_a_circle_stop_at_the_first_repeat() -> TestResult {
    const A: &str = "SBXPAGE10";
    const B: &str = "SBXPAGE20";
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    for token in [A, B, A, B, A, B] {
        sandbox.push_fault(page_naming(token));
    }
    let mut pages = client.user_coupon_pages(list_request());
    pages.next().expect("page 1")?;
    pages.next().expect("page 2")?;
    // Page 3 names A again, which already requested page 2: before the fix, only a
    // token equal to the page's own request token was caught, so this looped on.
    let err = pages
        .next()
        .expect("an item for page 3")
        .expect_err("a repeated token");
    assert_eq!(err.kind(), ErrorKind::Decode, "{err:?}");
    let message = err.to_string();
    for part in [A, "page 3", "page 2", "circle"] {
        assert!(message.contains(part), "{part:?} missing from: {message}");
    }
    assert!(pages.next().is_none(), "the iterator ends after the error");
    assert_eq!(sandbox.requests_served(), 3, "no call after the repeat");
    Ok(())
}

#[test]
fn an_endless_run_of_fresh_tokens_stops_at_max_pages() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client_builder()?.max_pages(4).build()?;
    for i in 0..10 {
        sandbox.push_fault(page_naming(&format!("SBXPAGE{}", 100 + i)));
    }
    let mut pages = client.user_coupon_pages(list_request());
    for n in 1..=4 {
        pages.next().expect("a page")?;
        assert_eq!(sandbox.requests_served(), n);
    }
    let err = pages
        .next()
        .expect("an item after the cap")
        .expect_err("the cap is reached");
    assert!(
        matches!(
            err,
            Error::Config {
                setting: "max_pages",
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    for part in ["max_pages", "after 4 pages", "SBXPAGE103", "next_page"] {
        assert!(message.contains(part), "{part:?} missing from: {message}");
    }
    assert!(pages.next().is_none(), "the iterator ends after the error");
    assert_eq!(sandbox.requests_served(), 4, "the error needs no call");
    Ok(())
}

#[test]
fn the_default_cap_is_ten_thousand_pages_and_a_short_list_ends_normally() -> TestResult {
    assert_eq!(DEFAULT_MAX_PAGES, 10_000);
    let sandbox = Sandbox::start()?;
    // A cap of exactly the number of pages is not reached: the last page names no token.
    let client = sandbox.client_builder()?.max_pages(1).build()?;
    let pages: Vec<_> = client.user_coupon_pages(list_request()).collect();
    assert_eq!(pages.len(), 1);
    assert!(pages.iter().all(Result::is_ok), "{pages:?}");
    Ok(())
}

/// The stock list shares the iterator: the same two stops apply to it.
#[test]
fn stock_pages_stop_at_a_repeated_token_and_at_max_pages() -> TestResult {
    use wechatpay_product_coupon::api::ListStocksRequest;
    let stock_page = |token: &str| {
        Fault::Body(format!(
            r#"{{"stock_list":[],"next_page_token":"{token}"}}"#
        ))
    };
    let req = ListStocksRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    let sandbox = Sandbox::start()?;
    let client = sandbox.client_builder()?.max_pages(3).build()?;
    for token in ["SBXSTOCKS1", "SBXSTOCKS2", "SBXSTOCKS1"] {
        sandbox.push_fault(stock_page(token));
    }
    let mut pages = client.stock_pages(req.clone());
    pages.next().expect("page 1")?;
    pages.next().expect("page 2")?;
    let err = pages.next().expect("page 3").expect_err("a repeated token");
    assert_eq!(err.kind(), ErrorKind::Decode, "{err:?}");
    for part in [
        "SBXSTOCKS1",
        "page 3",
        "page 2",
        "circle",
        "ListStocksResponse",
    ] {
        assert!(
            err.to_string().contains(part),
            "{part:?} missing from: {err}"
        );
    }
    assert!(pages.next().is_none());

    let sandbox = Sandbox::start()?;
    let client = sandbox.client_builder()?.max_pages(2).build()?;
    for i in 0..4 {
        sandbox.push_fault(stock_page(&format!("SBXSTOCKS{}", 10 + i)));
    }
    let mut pages = client.stock_pages(req);
    pages.next().expect("page 1")?;
    pages.next().expect("page 2")?;
    let err = pages.next().expect("after the cap").expect_err("the cap");
    let message = err.to_string();
    for part in [
        "max_pages",
        "after 2 pages",
        "SBXSTOCKS11",
        "stocks",
        "state, stock_bundle_id",
    ] {
        assert!(message.contains(part), "{part:?} missing from: {message}");
    }
    assert_eq!(sandbox.requests_served(), 2, "the error needs no call");
    Ok(())
}

//! `associate_stores`, `disassociate_stores`, `list_associated_stores`, the store batch
//! helpers and the page iterator, on the seeded `SPECIFIC` stock.

use super::*;

use wechatpay_product_coupon::api::{
    AssociateStoresRequest, DisassociateStoresRequest, ListAssociatedStoresRequest,
};

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{}", 100_000_000 + i)).collect()
}

fn associate(stock_id: &str, store_ids: &[String]) -> AssociateStoresRequest {
    AssociateStoresRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        stock_id.parse().unwrap(),
        store_ids.iter().cloned(),
        seed::BRAND_ID.parse().unwrap(),
    )
}

fn disassociate(store_ids: &[String]) -> DisassociateStoresRequest {
    DisassociateStoresRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::STORES_STOCK_ID.parse().unwrap(),
        store_ids.iter().cloned(),
        seed::BRAND_ID.parse().unwrap(),
    )
}

fn list(page_size: Option<u32>) -> ListAssociatedStoresRequest {
    let mut req = ListAssociatedStoresRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::STORES_STOCK_ID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    req.page_size = page_size;
    req
}

/// Every associated store, through the page iterator.
fn all_stores(client: &Client, page_size: u32) -> Vec<String> {
    let mut out = Vec::new();
    for page in client.associated_store_pages(list(Some(page_size))) {
        let page = page.expect("page");
        let view = page.parse().expect("parse");
        out.extend(view.store_list.iter().map(|s| s.store_id.to_string()));
    }
    out
}

#[test]
fn associate_stores_reports_partial_success_inside_one_call() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut stores = ids(2);
    stores.push("not-a-store".into());
    stores.push(stores[0].clone()); // given twice: counted once
    let answer = client.associate_stores(&associate(seed::STORES_STOCK_ID, &stores))?;
    let view = answer.parse()?;
    assert_eq!(view.total_count, Some(3));
    let ok: Vec<String> = view
        .success_store_list
        .iter()
        .map(|s| s.store_id.to_string())
        .collect();
    assert_eq!(ok, ids(2));
    assert_eq!(view.failed_store_list.len(), 1);
    assert_eq!(view.failed_store_list[0].store_id, "not-a-store");
    assert_eq!(view.failed_store_list[0].code, "NOT_FOUND");
    // Associating again is harmless: a success, not a second entry.
    client.associate_stores(&associate(seed::STORES_STOCK_ID, &ids(1)))?;
    assert_eq!(all_stores(&client, 200), ids(2));
    Ok(())
}

#[test]
fn disassociate_stores_removes_them_and_refuses_stores_not_associated() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    client.associate_stores(&associate(seed::STORES_STOCK_ID, &ids(3)))?;
    let mut gone = vec![ids(3)[1].clone()];
    gone.push("999999999".into());
    let answer = client.disassociate_stores(&disassociate(&gone))?;
    let view = answer.parse()?;
    assert_eq!(view.total_count, Some(2));
    assert_eq!(view.success_store_list.len(), 1);
    assert_eq!(view.success_store_list[0].store_id, ids(3)[1].as_str());
    assert_eq!(view.failed_store_list[0].store_id, "999999999");
    let left = all_stores(&client, 200);
    assert_eq!(left, [ids(3)[0].clone(), ids(3)[2].clone()]);
    Ok(())
}

#[test]
fn store_endpoints_refuse_a_stock_that_is_not_specific_or_unknown() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let err = client
        .associate_stores(&associate(seed::SEND_STOCK_ID, &ids(1)))
        .unwrap_err();
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    let err = client
        .associate_stores(&associate("1000000013999", &ids(1)))
        .unwrap_err();
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    let mut req = list(None);
    req.stock_id = seed::SEND_STOCK_ID.parse()?;
    let err = client.list_associated_stores(&req).unwrap_err();
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    let mut req = list(None);
    req.brand_id = "999999".parse()?;
    assert_eq!(
        api(&client.list_associated_stores(&req).unwrap_err()).0,
        404
    );
    Ok(())
}

#[test]
fn list_associated_stores_pages_by_token() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    client.associate_stores(&associate(seed::STORES_STOCK_ID, &ids(5)))?;
    let first = client.list_associated_stores(&list(Some(2)))?;
    let view = first.parse()?;
    assert_eq!(view.total_count, Some(5));
    assert_eq!(view.store_list.len(), 2);
    let token = view.next_page_token.clone().expect("a next page");
    let pages: Vec<usize> = client
        .associated_store_pages(list(Some(2)))
        .map(|p| p.and_then(|p| p.parse_owned()).map(|p| p.store_list.len()))
        .collect::<Result<_, _>>()?;
    assert_eq!(pages, [2, 2, 1]);
    let last = client.list_associated_stores(&list(Some(2)).next_page(token.to_string()))?;
    assert_eq!(last.parse()?.store_list[0].store_id, ids(5)[2].as_str());
    // An empty list is one page without a token.
    client.disassociate_stores(&disassociate(&ids(5)))?;
    let empty: Vec<_> = client.associated_store_pages(list(None)).collect();
    assert_eq!(empty.len(), 1);
    Ok(())
}

#[test]
fn store_batches_of_450_make_3_calls_and_merge_the_lists() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut stores = ids(449);
    stores.push("bad".into());
    sandbox.clear_received();
    let merged = client.associate_stores_in_batches(&associate(seed::STORES_STOCK_ID, &stores))?;
    let sizes: Vec<usize> = sandbox
        .received_bodies()
        .iter()
        .map(|b| {
            serde_json::from_slice::<serde_json::Value>(b).unwrap()["store_list"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(sizes, [200, 200, 50]);
    assert_eq!(merged.total_count, Some(450));
    assert_eq!(merged.success_store_list.len(), 449);
    assert_eq!(merged.failed_store_list.len(), 1);
    assert_eq!(merged.failed_store_list[0].store_id, "bad");
    assert_eq!(all_stores(&client, 200), ids(449));

    let removed = client.disassociate_stores_in_batches(&disassociate(&ids(449)))?;
    assert_eq!(removed.success_store_list.len(), 449);
    assert!(all_stores(&client, 200).is_empty());
    let err = client
        .associate_stores_in_batches(&associate(seed::STORES_STOCK_ID, &[]))
        .unwrap_err();
    assert!(err.to_string().contains("store_list"), "{err}");
    Ok(())
}

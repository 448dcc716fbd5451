//! Stocks: the code upload request (E9) and the store-list requests.

use super::*;

use wechatpay_product_coupon::api::{UploadCouponCodesRequest, MAX_CODES_PER_UPLOAD};

const UPLOAD_TARGET: &str = "/v3/marketing/partner/product-coupon/product-coupons/1000000013/stocks/1000000013001/upload-coupon-codes";
/// The official example body (E9), compact, in the example's key order.
const UPLOAD_BODY: &str = r#"{"out_request_no":"upload_34657_20250101_123456","code_list":["code_0000001","code_0000002","code_0000003"],"brand_id":"120344"}"#;

fn codes(n: usize) -> Vec<CouponCode> {
    (0..n)
        .map(|i| format!("code_{i:07}").parse().unwrap())
        .collect()
}

/// The request of the official upload example.
fn upload_request() -> UploadCouponCodesRequest {
    let mut codes = codes(4);
    codes.remove(0);
    UploadCouponCodesRequest::new(
        PRODUCT_COUPON_ID.parse().unwrap(),
        "1000000013001".parse().unwrap(),
        "upload_34657_20250101_123456".parse().unwrap(),
        codes,
        "120344".parse().unwrap(),
    )
}

#[test]
fn upload_body_equals_the_official_example_byte_for_byte() {
    let e = encoded(&upload_request());
    assert_eq!(e.method, Method::Post);
    assert_eq!(e.target, UPLOAD_TARGET);
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert_eq!(text, UPLOAD_BODY);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v, read_json("upload_coupon_codes_request.json"));
    assert!(v.get("product_coupon_id").is_none() && v.get("stock_id").is_none());
}

#[test]
fn upload_travel_json_round_trips_with_the_path_parameters() {
    let doc = travel_json(
        "upload_coupon_codes_request.json",
        &[
            ("product_coupon_id", PRODUCT_COUPON_ID),
            ("stock_id", "1000000013001"),
        ],
    );
    let req: UploadCouponCodesRequest = serde_json::from_value(doc).unwrap();
    assert_eq!(req, upload_request());
}

#[test]
fn upload_takes_1_to_200_codes() {
    let mut req = upload_request();
    req.code_list = codes(MAX_CODES_PER_UPLOAD);
    expect_valid(&req);
    req.code_list = codes(MAX_CODES_PER_UPLOAD + 1);
    expect_invalid(&req, "code_list");
    req.code_list.clear();
    expect_invalid(&req, "code_list");
}

use wechatpay_product_coupon::api::{
    AssociateStoresRequest, DisassociateStoresRequest, ListAssociatedStoresRequest,
    MAX_STORES_PER_CALL,
};

const STOCKS: &str =
    "/v3/marketing/partner/product-coupon/product-coupons/1000000013/stocks/1000000013001";

fn associate(store_ids: &[&str]) -> AssociateStoresRequest {
    AssociateStoresRequest::new(
        PRODUCT_COUPON_ID.parse().unwrap(),
        "1000000013001".parse().unwrap(),
        store_ids.iter().copied(),
        "120344".parse().unwrap(),
    )
}

#[test]
fn associate_body_starts_as_the_official_example() {
    // The official example is truncated after its third store (ENDPOINTS.md E10).
    let e = encoded(&associate(&[
        "100000001",
        "100000002",
        "100000003",
        "123456789",
    ]));
    assert_eq!(e.method, Method::Post);
    assert_eq!(e.target, format!("{STOCKS}/associate-stores"));
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert!(
        text.starts_with(r#"{"store_list":[{"store_id":"100000001"},{"store_id":"100000002"},{"store_id":"100000003"},{"store_id":"12"#),
        "{text}"
    );
    assert!(text.ends_with(r#"}],"brand_id":"120344"}"#), "{text}");
}

#[test]
fn disassociate_body_is_the_store_list_and_brand() {
    let req = DisassociateStoresRequest::new(
        PRODUCT_COUPON_ID.parse().unwrap(),
        "1000000013001".parse().unwrap(),
        ["100000001"],
        "120344".parse().unwrap(),
    );
    let e = encoded(&req);
    assert_eq!(e.target, format!("{STOCKS}/disassociate-stores"));
    assert_eq!(
        body_text(&req),
        r#"{"store_list":[{"store_id":"100000001"}],"brand_id":"120344"}"#
    );
}

#[test]
fn store_list_requests_take_1_to_200_stores_each_non_blank() {
    let ids: Vec<String> = (0..=MAX_STORES_PER_CALL).map(|i| i.to_string()).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    expect_valid(&associate(&refs[..MAX_STORES_PER_CALL]));
    expect_invalid(&associate(&refs), "store_list");
    expect_invalid(&associate(&[]), "store_list");
    expect_invalid(&associate(&[" "]), "store_list.store_id");
}

#[test]
fn store_list_travel_json_refuses_an_unknown_field_inside_a_store() {
    let doc = json!({
        "product_coupon_id": PRODUCT_COUPON_ID, "stock_id": "1000000013001",
        "store_list": [{"store_id": "100000001"}], "brand_id": "120344",
    });
    let req: AssociateStoresRequest = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(req, associate(&["100000001"]));
    let mut typo = doc;
    typo["store_list"][0]["stor_id"] = json!("x");
    let err = serde_json::from_value::<AssociateStoresRequest>(typo).unwrap_err();
    assert!(err.to_string().contains("stor_id"), "{err}");
}

#[test]
fn list_associated_stores_query_is_the_official_examples() {
    let mut req = ListAssociatedStoresRequest::new(
        PRODUCT_COUPON_ID.parse().unwrap(),
        "1000000013001".parse().unwrap(),
        "120344".parse().unwrap(),
    );
    req.page_size = Some(2);
    let e = encoded(&req);
    assert_eq!(e.method, Method::Get);
    assert_eq!(
        e.target,
        format!("{STOCKS}/associated-stores?page_size=2&brand_id=120344")
    );
    assert!(e.body.is_none());
    req.page_size = Some(201);
    expect_invalid(&req, "page_size");
    req.page_size = Some(0);
    expect_invalid(&req, "page_size");
}

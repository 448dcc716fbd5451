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

//! `upload_coupon_codes` (预上传券Code) and the batch helper that splits longer lists.

use super::*;

use wechatpay_product_coupon::api::UploadCouponCodesRequest;

const UPLOAD_PATH: &str = "/v3/marketing/partner/product-coupon/product-coupons/1000000013/stocks/1000000013001/upload-coupon-codes";

fn codes(prefix: &str, n: usize) -> Vec<CouponCode> {
    (0..n)
        .map(|i| format!("{prefix}{i:05}").parse().unwrap())
        .collect()
}

/// An upload to the seeded `UPLOAD` stock.
fn upload(no: &str, code_list: Vec<CouponCode>) -> UploadCouponCodesRequest {
    UploadCouponCodesRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::STOCK_ID.parse().unwrap(),
        no.parse().unwrap(),
        code_list,
        seed::BRAND_ID.parse().unwrap(),
    )
}

fn texts<T: std::fmt::Display>(list: &[T]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

#[test]
fn upload_coupon_codes_adds_the_codes_to_an_upload_stock() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let answer = client.upload_coupon_codes(&upload("upload_0001", codes("UP", 3)))?;
    let view = answer.parse()?;
    assert_eq!(view.total_count, Some(3));
    assert_eq!(
        texts(&view.success_code_list),
        ["UP00000", "UP00001", "UP00002"]
    );
    assert!(view.failed_code_list.is_empty());
    assert!(view.already_exist_code_list.is_empty());
    assert!(view.duplicate_code_list.is_empty());
    Ok(())
}

#[test]
fn upload_reports_duplicates_and_codes_the_stock_already_holds() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    client.upload_coupon_codes(&upload("upload_0001", codes("UP", 2)))?;
    let mut list = codes("UP", 3); // UP00000, UP00001 held; UP00002 new
    list.push("UP00002".parse()?); // twice in this request
    let answer = client.upload_coupon_codes(&upload("upload_0002", list))?;
    let view = answer.parse()?;
    assert_eq!(view.total_count, Some(3), "distinct codes in the request");
    assert_eq!(texts(&view.success_code_list), ["UP00002"]);
    assert_eq!(texts(&view.already_exist_code_list), ["UP00000", "UP00001"]);
    assert_eq!(texts(&view.duplicate_code_list), ["UP00002"]);
    Ok(())
}

#[test]
fn upload_refuses_a_malformed_code_in_the_failure_list_and_keeps_the_rest() -> TestResult {
    // Only the generic call can send a code the typed request refuses.
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let body =
        br#"{"out_request_no":"upload_0001","code_list":["ok_1","bad code"],"brand_id":"120344"}"#;
    let raw = client.call(Method::Post, UPLOAD_PATH, &[], Some(body))?;
    let v: serde_json::Value = raw.json()?;
    assert_eq!(v["success_code_list"], serde_json::json!(["ok_1"]));
    assert_eq!(v["failed_code_list"][0]["coupon_code"], "bad code");
    assert_eq!(v["failed_code_list"][0]["code"], "PARAM_ERROR");
    Ok(())
}

#[test]
fn upload_is_idempotent_by_out_request_no() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let req = upload("upload_0001", codes("UP", 2));
    let first = client.upload_coupon_codes(&req)?.parse_owned()?;
    let again = client.upload_coupon_codes(&req)?.parse_owned()?;
    assert_eq!(again, first, "a resend replays the first answer");
    assert!(again.already_exist_code_list.is_empty());
    let other = upload("upload_0001", codes("XX", 2));
    let err = client.upload_coupon_codes(&other).unwrap_err();
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    Ok(())
}

#[test]
fn upload_refuses_a_stock_that_is_not_upload_or_unknown() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut req = upload("upload_0001", codes("UP", 1));
    req.stock_id = seed::SEND_STOCK_ID.parse()?;
    let err = client.upload_coupon_codes(&req).unwrap_err();
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    req.stock_id = "1000000013999".parse()?;
    let err = client.upload_coupon_codes(&req).unwrap_err();
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    let mut req = upload("upload_0002", codes("UP", 1));
    req.brand_id = "999999".parse()?;
    let err = client.upload_coupon_codes(&req).unwrap_err();
    assert_eq!(api(&err).0, 404);
    Ok(())
}

#[test]
fn upload_of_more_than_200_codes_is_refused_before_io() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let err = client
        .upload_coupon_codes(&upload("upload_0001", codes("UP", 201)))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("code_list"), "{err}");
    Ok(())
}

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

#[test]
fn batch_upload_of_450_codes_makes_3_calls_with_derived_keys_and_merges_the_lists() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    client.upload_coupon_codes(&upload("upload_0000", codes("B", 1)))?; // B00000 held
    let mut list = codes("B", 450);
    list.push("B00449".parse()?); // twice in the last call
    let req = upload("upload_0001", list);
    sandbox.clear_received();
    let merged = client.upload_coupon_codes_in_batches(&req)?;
    let bodies: Vec<serde_json::Value> = sandbox
        .received_bodies()
        .iter()
        .map(|b| serde_json::from_slice(b).unwrap())
        .collect();
    let keys: Vec<&str> = bodies
        .iter()
        .map(|b| b["out_request_no"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["upload_0001_000", "upload_0001_001", "upload_0001_002"]
    );
    let sizes: Vec<usize> = bodies
        .iter()
        .map(|b| b["code_list"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [200, 200, 51]);
    assert_eq!(merged.total_count, Some(450));
    assert_eq!(merged.success_code_list.len(), 449);
    assert_eq!(merged.success_code_list[0], "B00001");
    assert_eq!(merged.success_code_list[448], "B00449");
    assert_eq!(texts(&merged.already_exist_code_list), ["B00000"]);
    assert_eq!(texts(&merged.duplicate_code_list), ["B00449"]);

    // A resend of the whole batch repeats the same keys: replayed, nothing added twice.
    sandbox.clear_received();
    let again = client.upload_coupon_codes_in_batches(&req)?;
    assert_eq!(again, merged);
    assert_eq!(sandbox.received_bodies().len(), 3);
    Ok(())
}

#[test]
fn batch_upload_refuses_an_empty_list_and_a_key_too_long_to_derive() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let err = client
        .upload_coupon_codes_in_batches(&upload("upload_0001", Vec::new()))
        .unwrap_err();
    assert!(err.to_string().contains("code_list"), "{err}");
    let long = "k".repeat(37);
    let err = client
        .upload_coupon_codes_in_batches(&upload(&long, codes("B", 1)))
        .unwrap_err();
    assert!(err.to_string().contains("out_request_no"), "{err}");
    assert_eq!(sandbox.requests_served(), 0);
    Ok(())
}

#[test]
fn an_upload_stock_sends_its_uploaded_codes_in_order_and_runs_out() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let send = |no: &str, openid: &str| {
        let mut req = seed::send_request(no).unwrap();
        req.stock_id = seed::STOCK_ID.parse().unwrap();
        req.openid = openid.parse().unwrap();
        client.send_coupon(&req)
    };
    // Nothing uploaded yet: nothing to send.
    let err = send("SEND_UP_0001", "openid_up_1").unwrap_err();
    assert_eq!(api(&err), (403, "NOT_ENOUGH".into()));
    client.upload_coupon_codes(&upload("upload_0001", codes("UP", 2)))?;
    let first = send("SEND_UP_0002", "openid_up_1")?.parse_owned()?;
    let second = send("SEND_UP_0003", "openid_up_2")?.parse_owned()?;
    assert_eq!(first.coupon_code, "UP00000");
    assert_eq!(second.coupon_code, "UP00001");
    let err = send("SEND_UP_0004", "openid_up_3").unwrap_err();
    assert_eq!(api(&err), (403, "NOT_ENOUGH".into()), "the codes ran out");
    // Uploading more lets it send again.
    client.upload_coupon_codes(&upload("upload_0002", codes("MORE", 1)))?;
    let third = send("SEND_UP_0005", "openid_up_3")?.parse_owned()?;
    assert_eq!(third.coupon_code, "MORE00000");
    Ok(())
}

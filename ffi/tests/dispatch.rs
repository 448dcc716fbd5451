//! The by-name dispatch of `wpc_client_execute` and `wpc_encode_request` is expanded from the
//! core's registry: every registered endpoint is reachable by its name, and an unknown name
//! is refused with the list of the known ones, which is exactly the registry.

use std::ffi::CStr;

use wechatpay_product_coupon::api::ENDPOINTS;
use wechatpay_product_coupon_ffi::buffer::{wpc_buffer, wpc_buffer_free};
use wechatpay_product_coupon_ffi::client::wpc_encode_request;
use wechatpay_product_coupon_ffi::last_error::wpc_last_error_message;
use wechatpay_product_coupon_ffi::result::wpc_result;

fn encode(name: &str, json: &str) -> (wpc_result, String) {
    let mut out: *mut wpc_buffer = std::ptr::null_mut();
    // SAFETY: both (pointer, length) pairs point to live bytes; `out` is writable.
    let rc = unsafe {
        wpc_encode_request(
            name.as_ptr(),
            name.len(),
            json.as_ptr(),
            json.len(),
            &mut out,
        )
    };
    // SAFETY: the message is a NUL-terminated string valid until this thread's next call.
    let message = unsafe { CStr::from_ptr(wpc_last_error_message()) }
        .to_string_lossy()
        .into_owned();
    // SAFETY: NULL or a buffer this call handed out.
    unsafe { wpc_buffer_free(out) };
    (rc, message)
}

#[test]
fn every_registered_endpoint_is_reachable_by_name() {
    for e in ENDPOINTS {
        // An empty request is refused by the endpoint's own decoding (missing fields) or
        // encoded (an endpoint without fields): never refused as an unknown endpoint.
        let (rc, message) = encode(e.name, "{}");
        assert_ne!(
            rc,
            wpc_result::WPC_ERR_INVALID_ARGUMENT,
            "{}: {message}",
            e.name
        );
        if rc != wpc_result::WPC_OK {
            assert!(
                !message.contains("unknown endpoint"),
                "{}: {message}",
                e.name
            );
        }
    }
}

#[test]
fn an_unknown_name_lists_exactly_the_registered_endpoints() {
    let (rc, message) = encode("no_such_endpoint", "{}");
    assert_eq!(rc, wpc_result::WPC_ERR_INVALID_ARGUMENT);
    let known = message
        .split("known: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no list in {message:?}"));
    let listed: Vec<&str> = known.split(", ").collect();
    let registered: Vec<&str> = ENDPOINTS.iter().map(|e| e.name).collect();
    assert_eq!(listed, registered);
}

#[test]
fn an_upload_encodes_to_its_signed_meta_and_the_form_that_is_sent() {
    let json = r#"{"meta":{"filename":"a.png","sha256":"039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81"},
                   "file":{"filename":"a.png","content_type":"image/png","content":"AQID"}}"#;
    let mut out: *mut wpc_buffer = std::ptr::null_mut();
    let name = "upload_image";
    // SAFETY: both (pointer, length) pairs point to live bytes; `out` is writable.
    let rc = unsafe {
        wpc_encode_request(
            name.as_ptr(),
            name.len(),
            json.as_ptr(),
            json.len(),
            &mut out,
        )
    };
    assert_eq!(rc, wpc_result::WPC_OK);
    // SAFETY: `out` is a live buffer from the call above.
    let bytes = unsafe {
        std::slice::from_raw_parts(
            wechatpay_product_coupon_ffi::buffer::wpc_buffer_data(out),
            wechatpay_product_coupon_ffi::buffer::wpc_buffer_len(out),
        )
    }
    .to_vec();
    // SAFETY: a buffer this call handed out, freed once.
    unsafe { wpc_buffer_free(out) };
    let encoded: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        encoded["target"],
        "/v3/marketing/partner/product-coupon/media/upload-image"
    );
    assert!(encoded["body"]
        .as_str()
        .unwrap()
        .starts_with(r#"{"filename":"a.png""#));
    let content_type = encoded["content_type"].as_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    assert!(!encoded["form_base64"].as_str().unwrap().is_empty());
}

/// The official use example's request, in its travel form (path parameters included).
fn use_json() -> serde_json::Value {
    serde_json::json!({
        "openid": "oh-394z-6CGkNoJrsDLTTUKiAnp4",
        "coupon_code": "Code_123456",
        "use_time": "2025-08-03T12:00:00+08:00",
        "product_coupon_id": "1000000013",
        "appid": "wx233544546545989",
        "associated_order_info": {"transaction_id": "4200000000123456789123456789"},
        "stock_id": "1000000013001",
        "out_request_no": "MCHUSE202003101234",
        "brand_id": "120344"
    })
}

#[test]
fn an_identifier_that_breaks_its_rule_is_an_invalid_request_naming_it() {
    let (rc, message) = encode("use_coupon", &use_json().to_string());
    assert_eq!(rc, wpc_result::WPC_OK, "{message}");
    for (field, value) in [
        ("openid", "a/b".to_owned()),
        ("openid", "1".repeat(10_000)),
        ("coupon_code", "Code\u{0}1".to_owned()),
        ("out_request_no", "short".to_owned()),
        ("brand_id", String::new()),
    ] {
        let mut json = use_json();
        json[field] = value.clone().into();
        let (rc, message) = encode("use_coupon", &json.to_string());
        assert_eq!(
            rc,
            wpc_result::WPC_ERR_INVALID_REQUEST,
            "{field}: {message}"
        );
        assert!(message.contains(field), "{field}: {message}");
    }
}

#[test]
fn a_use_request_without_its_order_is_refused_naming_the_field() {
    let mut json = use_json();
    json.as_object_mut()
        .unwrap()
        .remove("associated_order_info");
    let (rc, message) = encode("use_coupon", &json.to_string());
    assert_eq!(rc, wpc_result::WPC_ERR_INVALID_JSON, "{message}");
    assert!(message.contains("associated_order_info"), "{message}");
}

#[test]
fn control_characters_and_out_of_range_amounts_are_invalid_requests() {
    let mut json = use_json();
    json["store_id"] = "store\u{0}1".into();
    let (rc, message) = encode("use_coupon", &json.to_string());
    assert_eq!(rc, wpc_result::WPC_ERR_INVALID_REQUEST, "{message}");
    assert!(message.contains("store_id"), "{message}");

    let update = serde_json::json!({
        "product_coupon_id": "1000000013",
        "out_request_no": "MCHUPDATE0001",
        "brand_id": "120344",
        "display_info": {
            "name": "全场满100立打8折",
            "image_url": "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
            "background_url": "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
            "original_price": u64::MAX
        }
    });
    let (rc, message) = encode("update_product_coupon", &update.to_string());
    assert_eq!(rc, wpc_result::WPC_ERR_INVALID_REQUEST, "{message}");
    assert!(message.contains("display_info.original_price"), "{message}");
}

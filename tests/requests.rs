//! Request models: the exact bodies of the three endpoints against the official examples,
//! path parameters (in the request-target, never in the body), `use_time` formatting, the
//! stored (travel) JSON form, and validation of every documented rule.

use serde_json::{json, Value};
use time::macros::datetime;
use time::OffsetDateTime;

use wechatpay_product_coupon::api::{
    AssociatedOrderInfo, AssociatedPayScoreOrderInfo, ComboPackage, ComboPackageChoice,
    DeactivateCouponRequest, ProductCouponDisplayInfo, UpdateProductCouponRequest,
    UseCouponRequest, UserCouponRef,
};
use wechatpay_product_coupon::endpoint::{ApiRequest, EncodedRequest, Method};
use wechatpay_product_coupon::{Error, ErrorKind};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn read_json(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {name}: {e}"));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("parsing {name}: {e}"))
}

const OPENID: &str = "oh-394z-6CGkNoJrsDLTTUKiAnp4";
const COUPON_CODE: &str = "Code_123456";
const PRODUCT_COUPON_ID: &str = "1000000013";
const IMAGE: &str = "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx";

const USE_TARGET: &str =
    "/v3/marketing/partner/product-coupon/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code_123456/use";
const DEACTIVATE_TARGET: &str = "/v3/marketing/partner/product-coupon/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code_123456/deactivate";
const UPDATE_TARGET: &str = "/v3/marketing/partner/product-coupon/product-coupons/1000000013";

/// The bodies of the official examples, as this crate writes them: compact, fields in
/// declaration order. Each is checked against its example file as JSON.
const USE_BODY: &str = r#"{"product_coupon_id":"1000000013","stock_id":"1000000013001","appid":"wx233544546545989","use_time":"2025-08-03T12:00:00+08:00","out_request_no":"MCHUSE202003101234","brand_id":"120344","associated_order_info":{"transaction_id":"4200000000123456789123456789"}}"#;
const DEACTIVATE_BODY: &str = r#"{"product_coupon_id":"1000000013","stock_id":"1000000013001","appid":"wx233544546545989","out_request_no":"MCHDEACTIVATE202003101234","deactivate_reason":"商品已下线,使用户商品券失效","brand_id":"120344"}"#;
const UPDATE_BODY: &str = r#"{"out_request_no":"12345_20250101_A3489","display_info":{"name":"全场满100立打8折-新名字","image_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx","background_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx","detail_image_url_list":["https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"]},"brand_id":"120344"}"#;

/// The coupon of the official use and deactivate examples.
fn coupon() -> UserCouponRef {
    UserCouponRef {
        openid: OPENID.into(),
        coupon_code: COUPON_CODE.into(),
        product_coupon_id: PRODUCT_COUPON_ID.into(),
        stock_id: "1000000013001".into(),
        appid: "wx233544546545989".into(),
        brand_id: "120344".into(),
    }
}

/// The request of the official use example (S1).
fn use_request() -> UseCouponRequest {
    UseCouponRequest::new(
        coupon(),
        "MCHUSE202003101234",
        datetime!(2025-08-03 12:00:00 +08:00),
        AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
    )
}

/// The request of the official deactivate example (S0).
fn deactivate_request() -> DeactivateCouponRequest {
    DeactivateCouponRequest::new(
        coupon(),
        "MCHDEACTIVATE202003101234",
        "商品已下线,使用户商品券失效",
    )
}

/// The request of the official update example (S2).
fn update_request() -> UpdateProductCouponRequest {
    let mut display = ProductCouponDisplayInfo::new("全场满100立打8折-新名字", IMAGE, IMAGE);
    display.detail_image_url_list = vec![IMAGE.into()];
    UpdateProductCouponRequest::new(PRODUCT_COUPON_ID, "120344", "12345_20250101_A3489", display)
}

/// A use request with every optional field set.
fn full_use_request() -> UseCouponRequest {
    let mut req = UseCouponRequest::new(
        coupon(),
        "MCHUSE202003101234",
        datetime!(2025-01-02 03:04:05 -03:30),
        AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
    );
    req.store_id = Some("store_001".into());
    let order = req.associated_order_info.as_mut().unwrap();
    order.out_trade_no = Some("OUT_1".into());
    order.mchid = Some("1900000001".into());
    order.sub_mchid = Some("1900000002".into());
    let mut pay_score = AssociatedPayScoreOrderInfo::order_id("PS_1");
    pay_score.out_order_no = Some("PS_OUT_1".into());
    pay_score.mchid = Some("1900000001".into());
    pay_score.sub_mchid = Some("1900000002".into());
    req.associated_pay_score_order_info = Some(pay_score);
    req
}

/// An update request with every optional field set.
fn full_update_request() -> UpdateProductCouponRequest {
    let mut req = update_request();
    req.display_info.original_price = Some(3900);
    req.display_info.detail_image_url_list = vec![IMAGE.into(); 8];
    let mut cola = ComboPackageChoice::new("可乐", 800, 1);
    cola.image_url = Some("https://wxpaylogo.qpic.cn/wxpaylogo/cola".into());
    cola.mini_program_appid = Some("wx1234567890".into());
    cola.mini_program_path = Some("/pages/cola".into());
    req.display_info.combo_package_list = vec![ComboPackage::new(
        "双人套餐",
        2,
        vec![cola, ComboPackageChoice::new("薯条", 1200, 2)],
    )];
    req
}

#[track_caller]
fn encoded(req: &impl ApiRequest) -> EncodedRequest {
    req.encode().unwrap_or_else(|e| panic!("encode: {e}"))
}

/// The encoded body, as text.
#[track_caller]
fn body_text(req: &impl ApiRequest) -> String {
    let e = encoded(req);
    String::from_utf8(e.body.expect("a JSON body")).expect("UTF-8 body")
}

/// The encoded body, as JSON.
#[track_caller]
fn body(req: &impl ApiRequest) -> Value {
    serde_json::from_str(&body_text(req)).expect("the body is JSON")
}

fn assert_no_null(v: &Value, path: &str) {
    match v {
        Value::Null => panic!("null at {path}"),
        Value::Object(m) => {
            for (k, x) in m {
                assert_no_null(x, &format!("{path}/{k}"));
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                assert_no_null(x, &format!("{path}/{i}"));
            }
        }
        _ => {}
    }
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}

fn body_use_time(req: &UseCouponRequest) -> String {
    body(req)["use_time"]
        .as_str()
        .expect("use_time string")
        .to_owned()
}

// ---------------------------------------------------------------------------------------------
// 1. Request bodies
// ---------------------------------------------------------------------------------------------

#[test]
fn use_body_equals_the_s1_request_example() {
    let e = encoded(&use_request());
    assert_eq!(e.method, Method::Post);
    assert_eq!(e.target, USE_TARGET);
    let text = String::from_utf8(e.body.clone().unwrap()).unwrap();
    assert_eq!(text, USE_BODY);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v, read_json("use_request_example_S1.json"));
    assert_eq!(e.body_bytes(), USE_BODY.as_bytes());
}

#[test]
fn deactivate_body_equals_the_s0_request_example() {
    let e = encoded(&deactivate_request());
    assert_eq!(e.method, Method::Post);
    assert_eq!(e.target, DEACTIVATE_TARGET);
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert_eq!(text, DEACTIVATE_BODY);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v, read_json("deactivate_request_example_S0.json"));
    assert_no_null(&v, "");
}

#[test]
fn update_body_equals_the_s2_request_example() {
    let e = encoded(&update_request());
    assert_eq!(e.method, Method::Patch);
    assert_eq!(e.target, UPDATE_TARGET);
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert_eq!(text, UPDATE_BODY);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v, read_json("update_request_example_S2.json"));
    assert_no_null(&v, "");
}

#[test]
fn use_body_excludes_path_parameters_and_keeps_product_coupon_id() {
    let req = use_request();
    let v = body(&req);
    assert!(v.get("openid").is_none());
    assert!(v.get("coupon_code").is_none());
    // product_coupon_id is a body field of use (a path parameter only for update).
    assert_eq!(v["product_coupon_id"], "1000000013");
    let text = body_text(&req);
    assert!(!text.contains("openid"), "{text}");
    assert!(!text.contains(OPENID), "{text}");
    assert!(!text.contains("coupon_code"), "{text}");
    assert!(!text.contains(COUPON_CODE), "{text}");
}

#[test]
fn deactivate_body_excludes_path_parameters() {
    let req = deactivate_request();
    let v = body(&req);
    assert!(v.get("openid").is_none());
    assert!(v.get("coupon_code").is_none());
    let text = body_text(&req);
    assert!(!text.contains(OPENID), "{text}");
    assert!(!text.contains(COUPON_CODE), "{text}");
}

#[test]
fn update_body_excludes_product_coupon_id() {
    let mut req = update_request();
    req.product_coupon_id = "PCID_UNIQUE_987654".into();
    let e = encoded(&req);
    assert_eq!(
        e.target,
        "/v3/marketing/partner/product-coupon/product-coupons/PCID_UNIQUE_987654"
    );
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v.get("product_coupon_id").is_none());
    assert!(!text.contains("product_coupon_id"), "{text}");
    assert!(!text.contains("PCID_UNIQUE_987654"), "{text}");
}

#[test]
fn path_parameters_are_percent_encoded_in_the_target_and_absent_from_the_body() {
    // use and deactivate: openid and coupon_code.
    let mut coupon = coupon();
    coupon.openid = "o h/é?#%".into();
    coupon.coupon_code = "a/b".into();
    let use_req = UseCouponRequest::new(
        coupon.clone(),
        "MCHUSE202003101234",
        datetime!(2025-08-03 12:00:00 +08:00),
        AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
    );
    let deactivate_req = DeactivateCouponRequest::new(coupon, "MCHDEACT0001", "下线");
    let users = "/v3/marketing/partner/product-coupon/users/o%20h%2F%C3%A9%3F%23%25/coupons/a%2Fb";
    for (e, action) in [
        (encoded(&use_req), "use"),
        (encoded(&deactivate_req), "deactivate"),
    ] {
        assert_eq!(e.target, format!("{users}/{action}"));
        let text = String::from_utf8(e.body.unwrap()).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v.get("openid").is_none(), "{text}");
        assert!(v.get("coupon_code").is_none(), "{text}");
        assert!(!text.contains("o h/"), "{text}");
        assert!(!text.contains("a/b"), "{text}");
    }

    // update: product_coupon_id.
    let mut req = update_request();
    req.product_coupon_id = "a/b".into();
    let e = encoded(&req);
    assert_eq!(
        e.target,
        "/v3/marketing/partner/product-coupon/product-coupons/a%2Fb"
    );
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert!(!text.contains("a/b"), "{text}");
    assert!(!text.contains("product_coupon_id"), "{text}");
}

#[test]
fn dots_inside_path_parameters_are_kept_verbatim() {
    let mut coupon = coupon();
    coupon.openid = "...".into();
    coupon.coupon_code = "a.b".into();
    let req = DeactivateCouponRequest::new(coupon, "MCHDEACT0001", "下线");
    assert_eq!(
        encoded(&req).target,
        "/v3/marketing/partner/product-coupon/users/.../coupons/a.b/deactivate"
    );
}

#[test]
fn use_body_omits_absent_optional_fields() {
    let v = body(&use_request());
    assert_no_null(&v, "");
    assert_eq!(
        keys(&v),
        sorted(&[
            "product_coupon_id",
            "stock_id",
            "appid",
            "use_time",
            "out_request_no",
            "brand_id",
            "associated_order_info",
        ])
    );
    assert_eq!(
        keys(&v["associated_order_info"]),
        sorted(&["transaction_id"])
    );

    // Only a pay-score order: associated_order_info is omitted entirely.
    let req = UseCouponRequest::new(
        coupon(),
        "MCHUSE202003101234",
        datetime!(2025-08-03 12:00:00 +08:00),
        AssociatedPayScoreOrderInfo::out_order_no("PAYSCORE_0001"),
    );
    assert_eq!(req.associated_order_info, None);
    let v = body(&req);
    assert_no_null(&v, "");
    assert!(v.get("associated_order_info").is_none());
    assert!(v.get("store_id").is_none());
    assert_eq!(
        v["associated_pay_score_order_info"],
        json!({"out_order_no": "PAYSCORE_0001"})
    );
}

#[test]
fn use_body_includes_every_optional_field_when_set() {
    let v = body(&full_use_request());
    assert_no_null(&v, "");
    assert_eq!(v["store_id"], "store_001");
    assert_eq!(
        v["associated_order_info"],
        json!({
            "transaction_id": "4200000000123456789123456789",
            "out_trade_no": "OUT_1",
            "mchid": "1900000001",
            "sub_mchid": "1900000002"
        })
    );
    assert_eq!(
        v["associated_pay_score_order_info"],
        json!({
            "order_id": "PS_1",
            "out_order_no": "PS_OUT_1",
            "mchid": "1900000001",
            "sub_mchid": "1900000002"
        })
    );
}

#[test]
fn use_time_is_sent_in_the_values_own_offset() {
    let mut req = use_request();
    req.use_time = datetime!(2025-08-03 12:00:00 +08:00);
    assert_eq!(body_use_time(&req), "2025-08-03T12:00:00+08:00");

    // The same instant in UTC is written in UTC.
    req.use_time = datetime!(2025-08-03 12:00:00 +08:00).to_offset(time::UtcOffset::UTC);
    assert_eq!(body_use_time(&req), "2025-08-03T04:00:00+00:00");

    req.use_time = datetime!(2025-01-02 03:04:05 -03:30);
    assert_eq!(body_use_time(&req), "2025-01-02T03:04:05-03:30");
}

#[test]
fn use_time_drops_sub_second_precision() {
    let mut req = use_request();
    req.use_time = datetime!(2025-08-03 12:00:00.999_999_999 +08:00);
    assert_eq!(body_use_time(&req), "2025-08-03T12:00:00+08:00");
    req.use_time = datetime!(2025-08-03 12:00:59.5 UTC);
    assert_eq!(body_use_time(&req), "2025-08-03T12:00:59+00:00");
}

#[test]
fn use_time_has_the_wire_shape() {
    let mut req = use_request();
    req.use_time = OffsetDateTime::from_unix_timestamp_nanos(1_754_193_600_123_456_789)
        .unwrap()
        .to_offset(time::macros::offset!(+08:00));
    let s = body_use_time(&req);
    assert_eq!(s, "2025-08-03T12:00:00+08:00");
    let b = s.as_bytes();
    assert_eq!(b.len(), 25);
    for (i, &c) in b.iter().enumerate() {
        match i {
            4 | 7 => assert_eq!(c, b'-', "{s}"),
            10 => assert_eq!(c, b'T', "{s}"),
            13 | 16 | 22 => assert_eq!(c, b':', "{s}"),
            19 => assert!(c == b'+' || c == b'-', "{s}"),
            _ => assert!(c.is_ascii_digit(), "{s}"),
        }
    }
}

#[test]
fn use_with_sub_minute_offset_is_not_encoded() {
    let mut req = use_request();
    req.use_time = datetime!(2025-08-03 12:00:00 +01:00:30);
    expect_invalid(&req, "use_time");
    // Its stored form cannot be written either.
    assert!(serde_json::to_string(&req).is_err());
}

#[test]
fn update_body_omits_absent_optional_fields() {
    let mut req = update_request();
    req.display_info.detail_image_url_list.clear();
    let v = body(&req);
    assert_no_null(&v, "");
    assert_eq!(
        keys(&v),
        sorted(&["out_request_no", "display_info", "brand_id"])
    );
    assert_eq!(
        keys(&v["display_info"]),
        sorted(&["name", "image_url", "background_url"])
    );
}

#[test]
fn update_body_serializes_combo_packages_and_original_price() {
    let mut req = update_request();
    req.display_info.original_price = Some(3900);
    let mut cola = ComboPackageChoice::new("可乐", 800, 1);
    cola.image_url = Some("https://wxpaylogo.qpic.cn/wxpaylogo/cola".into());
    cola.mini_program_appid = Some("wx1234567890".into());
    cola.mini_program_path = Some("/pages/cola".into());
    req.display_info.combo_package_list = vec![ComboPackage::new(
        "双人套餐",
        2,
        vec![cola, ComboPackageChoice::new("薯条", 1200, 2)],
    )];
    expect_valid(&req);
    let v = body(&req);
    assert_no_null(&v, "");
    assert_eq!(v["display_info"]["original_price"], json!(3900));
    assert_eq!(
        v["display_info"]["combo_package_list"],
        json!([{
            "name": "双人套餐",
            "pick_count": 2,
            "choice_list": [
                {
                    "name": "可乐",
                    "price": 800,
                    "count": 1,
                    "image_url": "https://wxpaylogo.qpic.cn/wxpaylogo/cola",
                    "mini_program_appid": "wx1234567890",
                    "mini_program_path": "/pages/cola"
                },
                {"name": "薯条", "price": 1200, "count": 2}
            ]
        }])
    );
}

// ---------------------------------------------------------------------------------------------
// 2. The stored (travel) form: every field, path parameters included
// ---------------------------------------------------------------------------------------------

/// The official example body of `file` with the path parameters added: the JSON a stored
/// request is read from.
fn travel_json(file: &str, path_params: &[(&str, &str)]) -> Value {
    let mut doc = read_json(file);
    let obj = doc.as_object_mut().expect("object");
    for (k, v) in path_params {
        assert!(obj.insert((*k).to_owned(), json!(v)).is_none(), "{k}");
    }
    doc
}

#[test]
fn use_request_from_travel_json_encodes_the_official_example() {
    let doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    let req: UseCouponRequest = serde_json::from_value(doc).unwrap();
    assert_eq!(req, use_request());
    let e = encoded(&req);
    assert_eq!(e.body_bytes(), USE_BODY.as_bytes());
    assert_eq!(
        serde_json::from_slice::<Value>(e.body_bytes()).unwrap(),
        read_json("use_request_example_S1.json")
    );
    assert_eq!(e.target, USE_TARGET);
    assert!(e
        .target
        .contains(&format!("/users/{OPENID}/coupons/{COUPON_CODE}/")));
}

#[test]
fn deactivate_request_from_travel_json_encodes_the_official_example() {
    let doc = travel_json(
        "deactivate_request_example_S0.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    let req: DeactivateCouponRequest = serde_json::from_value(doc).unwrap();
    assert_eq!(req, deactivate_request());
    let e = encoded(&req);
    assert_eq!(e.body_bytes(), DEACTIVATE_BODY.as_bytes());
    assert_eq!(
        serde_json::from_slice::<Value>(e.body_bytes()).unwrap(),
        read_json("deactivate_request_example_S0.json")
    );
    assert_eq!(e.target, DEACTIVATE_TARGET);
}

#[test]
fn update_request_from_travel_json_encodes_the_official_example() {
    let doc = travel_json(
        "update_request_example_S2.json",
        &[("product_coupon_id", PRODUCT_COUPON_ID)],
    );
    let req: UpdateProductCouponRequest = serde_json::from_value(doc).unwrap();
    assert_eq!(req, update_request());
    let e = encoded(&req);
    assert_eq!(e.body_bytes(), UPDATE_BODY.as_bytes());
    assert_eq!(
        serde_json::from_slice::<Value>(e.body_bytes()).unwrap(),
        read_json("update_request_example_S2.json")
    );
    assert_eq!(e.target, UPDATE_TARGET);
    assert!(e.target.ends_with(&format!("/{PRODUCT_COUPON_ID}")));
}

#[test]
fn travel_json_of_each_request_round_trips() {
    let use_req = full_use_request();
    let text = serde_json::to_string(&use_req).unwrap();
    let back: UseCouponRequest = serde_json::from_str(&text).unwrap();
    assert_eq!(back, use_req);
    assert_eq!(back.use_time.offset(), use_req.use_time.offset());
    assert_eq!(encoded(&back), encoded(&use_req));
    // The travel form holds the path parameters.
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["openid"], OPENID);
    assert_eq!(v["coupon_code"], COUPON_CODE);
    assert_eq!(v["use_time"], "2025-01-02T03:04:05-03:30");

    let mut deactivate_req = deactivate_request();
    deactivate_req.deactivate_reason = "引号\" 反斜杠\\ 换行\n".into();
    let text = serde_json::to_string(&deactivate_req).unwrap();
    let back: DeactivateCouponRequest = serde_json::from_str(&text).unwrap();
    assert_eq!(back, deactivate_req);
    assert_eq!(encoded(&back), encoded(&deactivate_req));

    let update_req = full_update_request();
    let text = serde_json::to_string(&update_req).unwrap();
    let back: UpdateProductCouponRequest = serde_json::from_str(&text).unwrap();
    assert_eq!(back, update_req);
    assert_eq!(encoded(&back), encoded(&update_req));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["product_coupon_id"], PRODUCT_COUPON_ID);
}

#[test]
fn stored_use_request_with_a_sub_second_time_resends_the_same_body() {
    // A request built from `now` has nanoseconds; its stored form has whole seconds. The
    // value read back differs in the nanoseconds only, and sends the same bytes.
    let mut req = use_request();
    req.use_time = datetime!(2025-08-03 12:00:00.123_456_789 +08:00);
    let back: UseCouponRequest =
        serde_json::from_str(&serde_json::to_string(&req).unwrap()).unwrap();
    assert_eq!(back.use_time, datetime!(2025-08-03 12:00:00 +08:00));
    assert_eq!(encoded(&back), encoded(&req));
    assert_eq!(encoded(&back).body_bytes(), USE_BODY.as_bytes());
}

#[test]
fn travel_json_accepts_any_rfc3339_use_time() {
    let mut doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc["use_time"] = json!("2025-08-03T04:00:00.5Z");
    let req: UseCouponRequest = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(req.use_time, datetime!(2025-08-03 04:00:00.5 UTC));
    assert_eq!(body_use_time(&req), "2025-08-03T04:00:00+00:00");

    doc["use_time"] = json!("2025-08-03 12:00:00");
    let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("RFC 3339"), "{msg}");
    assert!(msg.contains("\"2025-08-03 12:00:00\""), "{msg}");
}

#[test]
fn unknown_fields_in_travel_json_are_errors_naming_them() {
    let mut doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc["storeid"] = json!("store_001");
    let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("storeid"), "{err}");

    // Also inside a nested object.
    let mut doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc["associated_order_info"]["transactionid"] = json!("x");
    let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("transactionid"), "{err}");

    let mut doc = travel_json(
        "deactivate_request_example_S0.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc["reason"] = json!("x");
    let err = serde_json::from_value::<DeactivateCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("reason"), "{err}");

    let mut doc = travel_json(
        "update_request_example_S2.json",
        &[("product_coupon_id", PRODUCT_COUPON_ID)],
    );
    doc["display_info"]["title"] = json!("x");
    let err = serde_json::from_value::<UpdateProductCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("title"), "{err}");
}

#[test]
fn missing_required_fields_in_travel_json_are_errors_naming_them() {
    let mut doc = travel_json(
        "use_request_example_S1.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc.as_object_mut().unwrap().remove("out_request_no");
    let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("out_request_no"), "{err}");

    // A path parameter is a required field of the stored form too.
    let doc = travel_json("use_request_example_S1.json", &[("openid", OPENID)]);
    let err = serde_json::from_value::<UseCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("coupon_code"), "{err}");

    let mut doc = travel_json(
        "deactivate_request_example_S0.json",
        &[("openid", OPENID), ("coupon_code", COUPON_CODE)],
    );
    doc.as_object_mut().unwrap().remove("deactivate_reason");
    let err = serde_json::from_value::<DeactivateCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("deactivate_reason"), "{err}");

    let doc = read_json("update_request_example_S2.json");
    let err = serde_json::from_value::<UpdateProductCouponRequest>(doc).unwrap_err();
    assert!(err.to_string().contains("product_coupon_id"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// 3. Validation
// ---------------------------------------------------------------------------------------------

/// `req` fails validation on `expected_field`, from both `validate()` and `encode()`, with an
/// `Error::InvalidRequest` of kind `InvalidRequest` whose message names the field.
#[track_caller]
fn expect_invalid(req: &impl ApiRequest, expected_field: &str) {
    for (how, result) in [
        ("validate", req.validate()),
        ("encode", req.encode().map(drop)),
    ] {
        match result {
            Err(err @ Error::InvalidRequest { .. }) => {
                assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{how}");
                let display = err.to_string();
                if let Error::InvalidRequest { field, rule } = &err {
                    assert_eq!(field, expected_field, "{how}: rule: {rule}");
                    assert!(!rule.is_empty(), "{how}");
                }
                assert!(
                    display.contains(expected_field),
                    "{how}: Display should mention {expected_field}: {display}"
                );
            }
            other => panic!("{how}: expected InvalidRequest on {expected_field}, got {other:?}"),
        }
    }
}

/// `req` passes validation and encodes.
#[track_caller]
fn expect_valid(req: &impl ApiRequest) {
    if let Err(e) = req.validate() {
        panic!("expected valid, got {e}");
    }
    if let Err(e) = req.encode() {
        panic!("expected to encode, got {e}");
    }
}

#[test]
fn baseline_requests_are_valid() {
    expect_valid(&use_request());
    expect_valid(&deactivate_request());
    expect_valid(&update_request());
    expect_valid(&full_use_request());
    expect_valid(&full_update_request());
}

/// One test per rule: `$name`, built from `$base` by `$edit`, fails on `$field`.
macro_rules! invalid {
    ($name:ident, $base:expr, |$r:ident| $edit:expr, $field:expr) => {
        #[test]
        fn $name() {
            let mut $r = $base;
            $edit;
            expect_invalid(&$r, $field);
        }
    };
}

/// `$name`, built from `$base` by `$edit`, is valid.
macro_rules! valid {
    ($name:ident, $base:expr, |$r:ident| $edit:expr) => {
        #[test]
        fn $name() {
            let mut $r = $base;
            $edit;
            expect_valid(&$r);
        }
    };
}

fn chars(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

// Required fields of use.
invalid!(
    use_rejects_empty_openid,
    use_request(),
    |r| r.openid.clear(),
    "openid"
);
invalid!(
    use_rejects_blank_openid,
    use_request(),
    |r| r.openid = "  ".into(),
    "openid"
);
invalid!(
    use_rejects_empty_coupon_code,
    use_request(),
    |r| r.coupon_code.clear(),
    "coupon_code"
);
invalid!(
    use_rejects_empty_product_coupon_id,
    use_request(),
    |r| r.product_coupon_id.clear(),
    "product_coupon_id"
);
invalid!(
    use_rejects_empty_stock_id,
    use_request(),
    |r| r.stock_id.clear(),
    "stock_id"
);
invalid!(
    use_rejects_empty_appid,
    use_request(),
    |r| r.appid.clear(),
    "appid"
);
invalid!(
    use_rejects_empty_out_request_no,
    use_request(),
    |r| r.out_request_no.clear(),
    "out_request_no"
);
invalid!(
    use_rejects_empty_brand_id,
    use_request(),
    |r| r.brand_id.clear(),
    "brand_id"
);
invalid!(
    use_rejects_empty_store_id_when_present,
    use_request(),
    |r| r.store_id = Some(String::new()),
    "store_id"
);

// Required fields of deactivate.
invalid!(
    deactivate_rejects_empty_openid,
    deactivate_request(),
    |r| r.openid.clear(),
    "openid"
);
invalid!(
    deactivate_rejects_empty_coupon_code,
    deactivate_request(),
    |r| r.coupon_code.clear(),
    "coupon_code"
);
invalid!(
    deactivate_rejects_empty_product_coupon_id,
    deactivate_request(),
    |r| r.product_coupon_id.clear(),
    "product_coupon_id"
);
invalid!(
    deactivate_rejects_empty_stock_id,
    deactivate_request(),
    |r| r.stock_id.clear(),
    "stock_id"
);
invalid!(
    deactivate_rejects_empty_appid,
    deactivate_request(),
    |r| r.appid.clear(),
    "appid"
);
invalid!(
    deactivate_rejects_empty_out_request_no,
    deactivate_request(),
    |r| r.out_request_no.clear(),
    "out_request_no"
);
invalid!(
    deactivate_rejects_empty_deactivate_reason,
    deactivate_request(),
    |r| r.deactivate_reason.clear(),
    "deactivate_reason"
);
invalid!(
    deactivate_rejects_blank_deactivate_reason,
    deactivate_request(),
    |r| r.deactivate_reason = "   ".into(),
    "deactivate_reason"
);
invalid!(
    deactivate_rejects_empty_brand_id,
    deactivate_request(),
    |r| r.brand_id.clear(),
    "brand_id"
);

// Required fields of update.
invalid!(
    update_rejects_empty_product_coupon_id,
    update_request(),
    |r| r.product_coupon_id.clear(),
    "product_coupon_id"
);
invalid!(
    update_rejects_empty_out_request_no,
    update_request(),
    |r| r.out_request_no.clear(),
    "out_request_no"
);
invalid!(
    update_rejects_empty_brand_id,
    update_request(),
    |r| r.brand_id.clear(),
    "brand_id"
);
invalid!(
    update_rejects_empty_display_name,
    update_request(),
    |r| r.display_info.name.clear(),
    "display_info.name"
);
invalid!(
    update_rejects_blank_display_name,
    update_request(),
    |r| r.display_info.name = "     ".into(),
    "display_info.name"
);
invalid!(
    update_rejects_empty_image_url,
    update_request(),
    |r| r.display_info.image_url.clear(),
    "display_info.image_url"
);
invalid!(
    update_rejects_empty_background_url,
    update_request(),
    |r| r.display_info.background_url.clear(),
    "display_info.background_url"
);

// out_request_no: 6-40 of [0-9A-Za-z_-].
invalid!(
    out_request_no_of_5_characters_is_rejected,
    use_request(),
    |r| r.out_request_no = "A1_-b".into(),
    "out_request_no"
);
valid!(
    out_request_no_of_6_characters_is_accepted,
    use_request(),
    |r| r.out_request_no = "A1_-bZ".into()
);
valid!(
    out_request_no_of_40_characters_is_accepted,
    use_request(),
    |r| r.out_request_no = chars('9', 40)
);
invalid!(
    out_request_no_of_41_characters_is_rejected,
    use_request(),
    |r| r.out_request_no = chars('9', 41),
    "out_request_no"
);
invalid!(
    out_request_no_with_a_dot_is_rejected,
    use_request(),
    |r| r.out_request_no = "MCH.USE2020".into(),
    "out_request_no"
);
invalid!(
    out_request_no_with_a_space_is_rejected,
    deactivate_request(),
    |r| r.out_request_no = "MCH USE2020".into(),
    "out_request_no"
);
invalid!(
    out_request_no_with_chinese_is_rejected,
    update_request(),
    |r| r.out_request_no = "订单20250101".into(),
    "out_request_no"
);
invalid!(
    out_request_no_of_two_chinese_characters_is_rejected,
    update_request(),
    |r| r.out_request_no = "订单".into(), // 6 bytes, 2 characters, and not [0-9A-Za-z_-]
    "out_request_no"
);

// coupon_code: at most 40 characters.
valid!(
    coupon_code_of_40_characters_is_accepted,
    use_request(),
    |r| r.coupon_code = chars('C', 40)
);
invalid!(
    coupon_code_of_41_characters_is_rejected,
    use_request(),
    |r| r.coupon_code = chars('C', 41),
    "coupon_code"
);
invalid!(
    deactivate_coupon_code_of_41_characters_is_rejected,
    deactivate_request(),
    |r| r.coupon_code = chars('C', 41),
    "coupon_code"
);

// deactivate_reason: 1-150 characters (not bytes).
valid!(
    deactivate_reason_of_150_chinese_characters_is_accepted,
    deactivate_request(),
    |r| {
        r.deactivate_reason = chars('失', 150);
        assert_eq!(r.deactivate_reason.len(), 450);
    }
);
invalid!(
    deactivate_reason_of_151_chinese_characters_is_rejected,
    deactivate_request(),
    |r| r.deactivate_reason = chars('失', 151),
    "deactivate_reason"
);
valid!(
    deactivate_reason_of_1_character_is_accepted,
    deactivate_request(),
    |r| r.deactivate_reason = "废".into()
);

// display_info.name: 3-15 characters (not bytes).
invalid!(
    display_name_of_2_characters_is_rejected,
    update_request(),
    |r| r.display_info.name = "好券".into(),
    "display_info.name"
);
valid!(
    display_name_of_3_chinese_characters_is_accepted,
    update_request(),
    |r| r.display_info.name = "商品券".into()
);
valid!(
    display_name_of_15_mixed_characters_is_accepted,
    update_request(),
    |r| {
        r.display_info.name = "全场满100元立打8折-新名字".into();
        assert_eq!(r.display_info.name.chars().count(), 15);
        assert!(r.display_info.name.len() > 15);
    }
);
invalid!(
    display_name_of_16_characters_is_rejected,
    update_request(),
    |r| r.display_info.name = "全场满100元立打8折-新名字!".into(),
    "display_info.name"
);
invalid!(
    display_name_of_16_chinese_characters_is_rejected,
    update_request(),
    |r| r.display_info.name = chars('券', 16),
    "display_info.name"
);

// detail_image_url_list: at most 8, none empty.
valid!(eight_detail_images_are_accepted, update_request(), |r| r
    .display_info
    .detail_image_url_list =
    vec!["https://wxpaylogo.qpic.cn/wxpaylogo/x".into(); 8]);
invalid!(
    nine_detail_images_are_rejected,
    update_request(),
    |r| r.display_info.detail_image_url_list =
        vec!["https://wxpaylogo.qpic.cn/wxpaylogo/x".into(); 9],
    "display_info.detail_image_url_list"
);
invalid!(
    empty_detail_image_url_is_rejected,
    update_request(),
    |r| r.display_info.detail_image_url_list.push(String::new()),
    "display_info.detail_image_url_list"
);

// Combo packages.
invalid!(
    combo_package_without_name_is_rejected,
    update_request(),
    |r| r.display_info.combo_package_list = vec![ComboPackage::new("", 1, Vec::new())],
    "display_info.combo_package_list[].name"
);
invalid!(
    combo_choice_without_name_is_rejected,
    update_request(),
    |r| r.display_info.combo_package_list = vec![ComboPackage::new(
        "套餐",
        1,
        vec![ComboPackageChoice::new("", 100, 1)]
    )],
    "display_info.combo_package_list[].choice_list[].name"
);

// Associated orders of use.
invalid!(
    use_without_any_associated_order_is_rejected,
    use_request(),
    |r| {
        r.associated_order_info = None;
        r.associated_pay_score_order_info = None;
    },
    "associated_order_info"
);
valid!(
    use_with_only_associated_order_info_is_accepted,
    use_request(),
    |r| {
        r.associated_order_info = Some(AssociatedOrderInfo::out_trade_no("OUT_TRADE_1"));
        r.associated_pay_score_order_info = None;
    }
);
valid!(
    use_with_only_pay_score_order_is_accepted,
    use_request(),
    |r| {
        r.associated_order_info = None;
        r.associated_pay_score_order_info = Some(AssociatedPayScoreOrderInfo::order_id("PS_1"));
    }
);
invalid!(
    associated_order_info_without_identifier_is_rejected,
    use_request(),
    |r| {
        let mut order = AssociatedOrderInfo::default();
        order.mchid = Some("1900000001".into());
        order.sub_mchid = Some("1900000002".into());
        r.associated_order_info = Some(order);
    },
    "associated_order_info"
);
invalid!(
    empty_associated_order_info_is_rejected,
    use_request(),
    |r| r.associated_order_info = Some(AssociatedOrderInfo::default()),
    "associated_order_info"
);
invalid!(
    pay_score_order_without_identifier_is_rejected,
    use_request(),
    |r| {
        r.associated_order_info = None;
        let mut order = AssociatedPayScoreOrderInfo::default();
        order.mchid = Some("1900000001".into());
        r.associated_pay_score_order_info = Some(order);
    },
    "associated_pay_score_order_info"
);
invalid!(
    empty_transaction_id_is_rejected,
    use_request(),
    |r| r.associated_order_info = Some(AssociatedOrderInfo::transaction_id("")),
    "associated_order_info.transaction_id"
);

// use_time.
invalid!(
    use_time_with_sub_minute_offset_is_rejected,
    use_request(),
    |r| r.use_time = datetime!(2025-08-03 12:00:00 +01:00:30),
    "use_time"
);
invalid!(
    use_time_with_a_negative_year_is_rejected,
    use_request(),
    |r| r.use_time = datetime!(-0001-01-02 03:04:05 UTC),
    "use_time"
);
valid!(
    use_time_with_negative_half_hour_offset_is_accepted,
    use_request(),
    |r| r.use_time = datetime!(2025-01-02 03:04:05 -03:30)
);

// Path parameters: never empty or blank, never a dot segment, no control characters.

/// Values no path parameter may take.
const BAD_PATH_VALUES: [&str; 9] = [
    "",
    "   ",
    ".",
    "..",
    "a\u{0}b",
    "line\nbreak",
    "cr\rlf",
    "tab\there",
    "del\u{7f}",
];

/// Values that contain dots but are no dot segment: sent verbatim.
const DOTTED_PATH_VALUES: [&str; 4] = ["...", "a.b", ".a", "a.."];

/// Builds a request with one path parameter set to the given value.
type WithPathParam = Box<dyn Fn(&str) -> Box<dyn CheckedRequest>>;

/// `base()` with `set` applied to the value.
fn with<R: ApiRequest + 'static>(base: fn() -> R, set: fn(&mut R, String)) -> WithPathParam {
    Box::new(move |value: &str| {
        let mut req = base();
        set(&mut req, value.to_owned());
        Box::new(req) as Box<dyn CheckedRequest>
    })
}

/// Every path parameter of every endpoint: `("<endpoint> <field>", builder)`.
fn path_param_cases() -> Vec<(&'static str, WithPathParam)> {
    vec![
        ("use openid", with(use_request, |r, v| r.openid = v)),
        (
            "use coupon_code",
            with(use_request, |r, v| r.coupon_code = v),
        ),
        (
            "deactivate openid",
            with(deactivate_request, |r, v| r.openid = v),
        ),
        (
            "deactivate coupon_code",
            with(deactivate_request, |r, v| r.coupon_code = v),
        ),
        (
            "update product_coupon_id",
            with(update_request, |r, v| r.product_coupon_id = v),
        ),
    ]
}

/// The three request types behind one object-safe face (`ApiRequest` has an associated
/// const, so it is not object safe).
trait CheckedRequest {
    fn validate(&self) -> Result<(), Error>;
    fn encode(&self) -> Result<EncodedRequest, Error>;
    fn check(&self) -> Result<(), Error>;
}

impl<T: ApiRequest> CheckedRequest for T {
    fn validate(&self) -> Result<(), Error> {
        ApiRequest::validate(self)
    }
    fn encode(&self) -> Result<EncodedRequest, Error> {
        ApiRequest::encode(self)
    }
    fn check(&self) -> Result<(), Error> {
        ApiRequest::check(self)
    }
}

#[test]
fn bad_path_parameter_values_are_invalid_requests_naming_the_field() {
    for (case, build) in path_param_cases() {
        let field = case.split_once(' ').unwrap().1;
        for value in BAD_PATH_VALUES {
            let req = build(value);
            for (how, result) in [
                ("validate", req.validate()),
                ("encode", req.encode().map(drop)),
            ] {
                match result {
                    Err(err @ Error::InvalidRequest { .. }) => {
                        assert_eq!(err.kind(), ErrorKind::InvalidRequest);
                        let Error::InvalidRequest { field: named, rule } = &err else {
                            unreachable!()
                        };
                        assert_eq!(named, field, "{case} = {value:?} ({how}): {rule}");
                        assert!(
                            err.to_string().contains(field),
                            "{case} = {value:?} ({how}): {err}"
                        );
                    }
                    other => {
                        panic!("{case} = {value:?} ({how}): expected InvalidRequest, got {other:?}")
                    }
                }
            }
        }
    }
}

#[test]
fn dot_segments_are_refused_but_other_dotted_values_are_accepted() {
    for (case, build) in path_param_cases() {
        for value in DOTTED_PATH_VALUES {
            let req = build(value);
            if let Err(e) = req.validate() {
                panic!("{case} = {value:?}: {e}");
            }
            let target = req.encode().unwrap().target;
            assert!(
                target.contains(&format!("/{value}/")) || target.ends_with(&format!("/{value}")),
                "{case} = {value:?}: {target}"
            );
        }
    }
}

#[test]
fn path_parameters_are_checked_by_validate_not_by_the_endpoint_rules() {
    // `check` holds the endpoint's own rules; the generic path checks run on validate/encode.
    for (case, build) in path_param_cases() {
        let req = build("..");
        assert!(req.check().is_ok(), "{case}");
        assert!(req.validate().is_err(), "{case}");
    }
}

#[test]
fn validation_errors_have_the_invalid_request_kind() {
    let mut bad_body = update_request();
    bad_body.display_info.name = "好券".into();
    let mut bad_path = use_request();
    bad_path.coupon_code = "..".into();
    let mut bad_time = use_request();
    bad_time.use_time = datetime!(2025-08-03 12:00:00 +01:00:30);
    let errors = [
        ApiRequest::validate(&bad_body).unwrap_err(),
        ApiRequest::encode(&bad_body).unwrap_err(),
        ApiRequest::validate(&bad_path).unwrap_err(),
        ApiRequest::encode(&bad_path).unwrap_err(),
        ApiRequest::validate(&bad_time).unwrap_err(),
        ApiRequest::encode(&bad_time).unwrap_err(),
    ];
    for err in errors {
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
        assert_eq!(err.kind().as_str(), "invalid_request");
        assert_eq!(err.kind().code(), 1);
    }
}

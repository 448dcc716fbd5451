//! Request models, a module per resource: the exact bodies of use, deactivate and update
//! against the official examples, path parameters (in the request-target, never in the
//! body), `use_time` formatting, the stored (travel) JSON form, and validation of every
//! documented rule. Rules shared by every request are in `every_request`.

#[path = "../common/mod.rs"]
mod common;

use common::read_json;
use serde_json::{json, Value};
use time::macros::datetime;
use time::OffsetDateTime;

use wechatpay_product_coupon::api::{
    AssociatedOrderInfo, AssociatedPayScoreOrderInfo, ComboPackage, ComboPackageChoice,
    DeactivateCouponRequest, ProductCouponDisplayInfo, RedemptionOrder, UpdateProductCouponRequest,
    UseCouponRequest, UserCouponRef,
};
use wechatpay_product_coupon::endpoint::{ApiRequest, EncodedRequest, Method};
use wechatpay_product_coupon::ids::{CouponCode, OpenId, ProductCouponId, RequestNo};
use wechatpay_product_coupon::{Error, ErrorKind};

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
        openid: OPENID.parse().unwrap(),
        coupon_code: COUPON_CODE.parse().unwrap(),
        product_coupon_id: PRODUCT_COUPON_ID.parse().unwrap(),
        stock_id: "1000000013001".parse().unwrap(),
        appid: "wx233544546545989".parse().unwrap(),
        brand_id: "120344".parse().unwrap(),
    }
}

/// The request of the official use example (S1).
fn use_request() -> UseCouponRequest {
    UseCouponRequest::new(
        coupon(),
        "MCHUSE202003101234".parse().unwrap(),
        datetime!(2025-08-03 12:00:00 +08:00),
        AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
    )
}

/// The request of the official deactivate example (S0).
fn deactivate_request() -> DeactivateCouponRequest {
    DeactivateCouponRequest::new(
        coupon(),
        "MCHDEACTIVATE202003101234".parse().unwrap(),
        "商品已下线,使用户商品券失效",
    )
}

/// The request of the official update example (S2).
fn update_request() -> UpdateProductCouponRequest {
    let mut display = ProductCouponDisplayInfo::new("全场满100立打8折-新名字", IMAGE, IMAGE);
    display.detail_image_url_list = vec![IMAGE.into()];
    UpdateProductCouponRequest::new(
        PRODUCT_COUPON_ID.parse().unwrap(),
        "120344".parse().unwrap(),
        "12345_20250101_A3489".parse().unwrap(),
        display,
    )
}

/// A use request with every optional field set.
fn full_use_request() -> UseCouponRequest {
    let mut req = UseCouponRequest::new(
        coupon(),
        "MCHUSE202003101234".parse().unwrap(),
        datetime!(2025-01-02 03:04:05 -03:30),
        AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
    );
    req.store_id = Some("store_001".into());
    let mut payment = AssociatedOrderInfo::transaction_id("4200000000123456789123456789");
    payment.out_trade_no = Some("OUT_1".into());
    payment.mchid = Some("1900000001".into());
    payment.sub_mchid = Some("1900000002".into());
    let mut pay_score = AssociatedPayScoreOrderInfo::order_id("PS_1");
    pay_score.out_order_no = Some("PS_OUT_1".into());
    pay_score.mchid = Some("1900000001".into());
    pay_score.sub_mchid = Some("1900000002".into());
    req.order = RedemptionOrder::Both { payment, pay_score };
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

// After the helpers and macros above, which the modules use.
mod every_request;
mod product_coupons;
mod stock_codes_and_stores;
mod stocks;
mod user_coupons;
mod validation;

//! Response models: parsing of the official examples (a module per resource), zero-copy
//! parsing, open enums, tolerance of unknown fields and `null`, required fields, the
//! PROGRESSIVE_BUNDLE and combo-package shapes, `IntoOwned`, JSON storage of owned
//! responses, and RFC 3339 times.

#[path = "../common/mod.rs"]
mod common;

mod open_enums;
mod owned;
mod product_coupons;
mod progressive_bundle;
mod times;
mod tolerance;
mod user_coupons;
mod zero_copy;

use common::{read_bytes, read_json};
use serde_json::{json, Value};
use time::macros::datetime;

use wechatpay_product_coupon::endpoint::ResponseModel;
use wechatpay_product_coupon::model::{
    CouponCodeDisplayMode, CouponCodeMode, CouponUsageMethod, ProductCoupon, ProductCouponEntity,
    ProductCouponScope, ProductCouponState, ProductCouponType, Rfc3339, StockState,
    StockStoreScope, Text, UsageMode, UserCoupon, UserProductCouponEntity,
    UserProductCouponSendChannel, UserProductCouponState, UserProductCouponTag, Weekday,
};
use wechatpay_product_coupon::{Error, IntoOwned};

const USE_RESPONSE: &str = "use_response_example_S1.json";
const DEACTIVATE_RESPONSE: &str = "deactivate_response_example_S0.json";
const UPDATE_RESPONSE: &str = "update_response_example_S2.json";

#[track_caller]
fn assert_borrowed(value: &Text<'_>, what: &str) {
    assert!(
        value.is_borrowed(),
        "{what} should borrow from the body, got an owned {value:?}"
    );
}

#[track_caller]
fn assert_opt_borrowed(value: &Option<Text<'_>>, what: &str) {
    match value {
        Some(text) => assert_borrowed(text, what),
        None => panic!("{what} should be present"),
    }
}

#[track_caller]
fn assert_owned(value: &Text<'_>, what: &str) {
    assert!(
        !value.is_borrowed(),
        "{what} should be owned, got a borrowed {value:?}"
    );
}

/// Whether `s` lies inside `buf` (i.e. was borrowed from it, not copied).
fn points_into(buf: &[u8], s: &str) -> bool {
    let start = buf.as_ptr() as usize;
    let end = start + buf.len();
    let p = s.as_ptr() as usize;
    p >= start && p + s.len() <= end
}

/// Sets the member named by the JSON pointer `pointer` (its parent must exist).
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a '/'");
    let obj = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no parent {parent}"))
        .as_object_mut()
        .unwrap_or_else(|| panic!("{parent} is not an object"));
    obj.insert(key.to_owned(), value);
}

/// Removes the member named by the JSON pointer `pointer`, which must exist.
fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a '/'");
    let removed = doc
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .and_then(|o| o.remove(key));
    assert!(removed.is_some(), "{pointer} was not present");
}

/// The S1 use response, edited, as body bytes.
fn edited_use_response(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut doc = read_json(USE_RESPONSE);
    edit(&mut doc);
    serde_json::to_vec(&doc).unwrap()
}

fn unix(text: &str) -> i64 {
    Rfc3339::new(text)
        .to_offset_date_time()
        .unwrap()
        .unix_timestamp()
}

//! Unit tests of the stores, through their handlers.

use serde_json::{json, Value};
use time::macros::datetime;
use time::OffsetDateTime;

use super::validity::EVERY_DAY;
use super::{product_coupons, user_coupons, CouponValidity, Stores};
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::idempotency::REUSED_REQUEST_NO;
use crate::sandbox::identity::MCHID;
use crate::sandbox::routes::Handler;
use crate::sandbox::seed;
use crate::sandbox::stores::user_coupons::CANNOT_USE;

mod lifecycle;
mod product_coupons_and_issue;

pub(super) const SEED_OPENID: &str = seed::OPENID;
pub(super) const SEED_PRODUCT_COUPON_ID: &str = seed::PRODUCT_COUPON_ID;
/// A Tuesday inside the official example's validity.
pub(super) const NOW: OffsetDateTime = datetime!(2025-08-05 10:00:00 +08:00);
pub(super) const NOW_TEXT: &str = "2025-08-05T10:00:00+08:00";

/// The validity of the official example: August 2025, working days.
pub(super) fn example_validity() -> CouponValidity {
    CouponValidity::new(
        datetime!(2025-08-02 00:00:00 +08:00),
        datetime!(2025-08-31 23:59:59 +08:00),
    )
    .on(&EVERY_DAY[..5])
}

pub(super) fn seeded() -> Stores {
    Stores::seeded(&example_validity()).unwrap()
}
pub(super) const CODE: &str = "Code_123456";
pub(super) const OTHER_CODE: &str = "Code_123457";

/// The use-response example of the documentation.
pub(super) const USE_EXAMPLE: &str =
    include_str!("../../../../tests/data/use_response_example_S1.json");

/// The update-response example of the documentation.
pub(super) const UPDATE_EXAMPLE: &str =
    include_str!("../../../../tests/data/update_response_example_S2.json");

pub(super) fn use_body() -> Value {
    json!({
        "product_coupon_id": "1000000013",
        "stock_id": "1000000013001",
        "appid": "wx233544546545989",
        "use_time": "2025-08-03T12:00:00+08:00",
        "out_request_no": "MCHUSE202003101234",
        "brand_id": "120344",
        "associated_order_info": { "transaction_id": "4200000000123456789123456789" },
    })
}

pub(super) fn deactivate_body() -> Value {
    json!({
        "product_coupon_id": "1000000013",
        "stock_id": "1000000013001",
        "appid": "wx233544546545989",
        "out_request_no": "MCHDEACT2025080501",
        "deactivate_reason": "商品下架",
        "brand_id": "120344",
    })
}

pub(super) fn update_body(name: &str) -> Value {
    json!({
        "out_request_no": "MCHUPDATE2025080501",
        "display_info": {
            "name": name,
            "image_url": "https://example.com/new.png",
            "background_url": "https://example.com/bg.png",
        },
        "brand_id": "120344",
    })
}

/// `body` with `path` (dot-separated) set to `value`.
pub(super) fn with(mut body: Value, path: &str, value: Value) -> Value {
    let mut target = &mut body;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            target[part] = value;
            break;
        }
        target = &mut target[part];
    }
    body
}

/// `body` without the top-level field `name`.
pub(super) fn without(mut body: Value, name: &str) -> Value {
    body.as_object_mut().unwrap().remove(name);
    body
}

pub(super) fn use_code(
    store: &mut Stores,
    code: &str,
    body: &Value,
) -> Result<Value, GatewayError> {
    store.use_coupon(SEED_OPENID, code, body, NOW)
}

pub(super) fn deactivate_code(
    store: &mut Stores,
    code: &str,
    body: &Value,
) -> Result<Value, GatewayError> {
    store.deactivate_coupon(SEED_OPENID, code, body, NOW)
}

pub(super) fn assert_error(
    result: Result<Value, GatewayError>,
    status: u16,
    code: &str,
    needle: &str,
) {
    let err = result.unwrap_err();
    assert_eq!((err.status, err.code), (status, code), "{err:?}");
    assert!(
        err.message.contains(needle),
        "{err:?} should mention {needle}"
    );
}

pub(super) fn state(store: &Stores, code: &str) -> String {
    store.coupon_state(SEED_OPENID, code).unwrap()
}

/// Calls `handler` as the endpoint `endpoint` with these path parameters, body and time.
pub(super) fn call(
    stores: &mut Stores,
    handler: Handler,
    endpoint: &'static str,
    params: &[(&'static str, &str)],
    body: &Value,
    now: OffsetDateTime,
) -> Result<Value, GatewayError> {
    let params: Vec<(&'static str, String)> =
        params.iter().map(|(n, v)| (*n, (*v).to_owned())).collect();
    let call = Call {
        endpoint,
        params: &params,
        query: "",
        body,
        file: None,
        mchid: MCHID,
        now,
    };
    handler(stores, &call)
}

/// The endpoints as the tests call them.
pub(super) trait Endpoints {
    fn use_coupon(
        &mut self,
        openid: &str,
        code: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError>;
    fn deactivate_coupon(
        &mut self,
        openid: &str,
        code: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError>;
    fn update_product_coupon(&mut self, id: &str, body: &Value) -> Result<Value, GatewayError>;
}

impl Endpoints for Stores {
    fn use_coupon(
        &mut self,
        openid: &str,
        code: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let params = [("openid", openid), ("coupon_code", code)];
        call(
            self,
            user_coupons::use_coupon,
            "use_coupon",
            &params,
            body,
            now,
        )
    }

    fn deactivate_coupon(
        &mut self,
        openid: &str,
        code: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let params = [("openid", openid), ("coupon_code", code)];
        call(
            self,
            user_coupons::deactivate_coupon,
            "deactivate_coupon",
            &params,
            body,
            now,
        )
    }

    fn update_product_coupon(&mut self, id: &str, body: &Value) -> Result<Value, GatewayError> {
        let params = [("product_coupon_id", id)];
        call(
            self,
            product_coupons::update_product_coupon,
            "update_product_coupon",
            &params,
            body,
            NOW,
        )
    }
}

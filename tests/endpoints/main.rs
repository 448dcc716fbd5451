//! Every endpoint against the embedded sandbox, a module per resource of the API:
//! `user_coupons` (a module per endpoint), `product_coupons`, `notify_configs` and `media`. For each
//! endpoint: its success, its documented errors, idempotency and validation before I/O.
//! Client behaviour common to every endpoint (retries, faults, forged responses, verifier
//! keys, platform certificates, the generic call, the gateway's answers) is in the `client`
//! test crate.
//!
//! Every test starts its own `Sandbox` on an ephemeral port of 127.0.0.1, so the tests are
//! independent and run in parallel.

#[path = "../common/mod.rs"]
mod common;

mod image_generation;
mod media;
mod notify_configs;
mod product_coupons;
mod stock_codes;
mod stock_stores;
mod stocks;
mod user_coupons;

use std::time::Duration;

use common::*;
use time::macros::datetime;
use time::{OffsetDateTime, UtcOffset};
use wechatpay_product_coupon::aead::ApiV3Key;
use wechatpay_product_coupon::api::{
    AssociatedOrderInfo, ConfirmCouponRequest, GetNotifyConfigRequest, GetProductCouponRequest,
    GetUserCouponRequest, ListUserCouponsRequest, ReturnCouponRequest, SendCouponRequest,
    SetNotifyConfigRequest, UpdateProductCouponRequest, UseCouponRequest, UserCouponRef,
};
use wechatpay_product_coupon::endpoint::ApiRequest;
#[allow(unused_imports)]
use wechatpay_product_coupon::ids::{CouponCode, OpenId, SendRequestNo};
use wechatpay_product_coupon::model::{
    NotificationEvent, ProductCouponState, UserProductCouponState,
};
use wechatpay_product_coupon::notify::NotificationReply;
use wechatpay_product_coupon::sandbox::{self, seed, CouponValidity, Sandbox};
use wechatpay_product_coupon::{
    Client, Error, ErrorKind, MerchantPrivateKey, Method, RetryPolicy, WechatPayPublicKey,
};

/// A sandbox client (it has the sandbox's APIv3 key) with no retries.
fn client(sandbox: &Sandbox) -> Client {
    sandbox
        .client_builder()
        .and_then(|b| b.retry_policy(RetryPolicy::none()).build())
        .expect("sandbox client")
}

/// `(status, code)` of an API error.
fn api(err: &Error) -> (u16, String) {
    let api = err
        .api_error()
        .unwrap_or_else(|| panic!("not an API error: {err}"));
    (api.status, api.code.clone())
}

/// Sends a coupon of the send stock and returns its reference.
fn send(client: &Client, send_request_no: &str) -> UserCouponRef {
    let req = seed::send_request(send_request_no).unwrap();
    let sent = client.send_coupon(&req).expect("send");
    let code = sent.parse().expect("parse").coupon_code.to_string();
    req.coupon_ref(code.parse().unwrap())
}

/// The coupon state, as `get_user_coupon` reports it.
fn state(client: &Client, coupon: &UserCouponRef) -> String {
    let got = client
        .get_user_coupon(&GetUserCouponRequest::new(coupon.clone()))
        .expect("query");
    got.parse().expect("parse").coupon_state.to_string()
}

/// A seed use request for `coupon`.
fn use_req(coupon: &UserCouponRef, no: &str) -> wechatpay_product_coupon::api::UseCouponRequest {
    let mut req = seed::use_request(&coupon.coupon_code, no).unwrap();
    req.stock_id = coupon.stock_id.clone();
    req
}

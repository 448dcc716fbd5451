//! Which store operation answers which request: one route per endpoint. Adding an endpoint
//! to the sandbox means a route here and an operation on the store.

use serde_json::Value;
use time::OffsetDateTime;

use super::error::GatewayError;
use super::rules::Query;
use super::store::CouponStore;
use crate::protocol::target::API_PREFIX;

/// Answers a verified request to `method target` with `body` at `now`.
pub(crate) fn route(
    store: &mut CouponStore,
    method: &str,
    target: &str,
    body: &[u8],
    now: OffsetDateTime,
) -> Result<Value, GatewayError> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let segments: Vec<String> = match path.strip_prefix(API_PREFIX) {
        Some(rest) => rest
            .split('/')
            .skip(1)
            .map(percent_decode)
            .collect::<Result<_, _>>()?,
        None => return Err(not_found(target)),
    };
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let body = parse_body(body)?;
    let query = || Query::parse(query);
    match (method, segments.as_slice()) {
        ("POST", ["users", openid, "coupons"]) => store.send_coupon(openid, &body, now),
        ("GET", ["users", openid, "coupons"]) => store.list_user_coupons(openid, &query()?, now),
        ("GET", ["users", openid, "coupons", code]) => {
            store.get_user_coupon(openid, code, &query()?, now)
        }
        ("POST", ["users", openid, "coupons", code, "confirm"]) => {
            store.confirm_coupon(openid, code, &body, now)
        }
        ("POST", ["users", openid, "coupons", code, "use"]) => {
            store.use_coupon(openid, code, &body, now)
        }
        ("POST", ["users", openid, "coupons", code, "return"]) => {
            store.return_coupon(openid, code, &body, now)
        }
        ("POST", ["users", openid, "coupons", code, "deactivate"]) => {
            store.deactivate_coupon(openid, code, &body, now)
        }
        ("GET", ["product-coupons", id]) => store.get_product_coupon(id, &query()?),
        ("PATCH", ["product-coupons", id]) => store.update_product_coupon(id, &body),
        ("POST", ["notify-configs"]) => store.set_notify_config(&body, now),
        ("GET", ["notify-configs"]) => store.get_notify_config(),
        _ => Err(not_found(target)),
    }
}

fn not_found(target: &str) -> GatewayError {
    GatewayError::not_found(format!("no such resource: {target}"))
}

fn parse_body(body: &[u8]) -> Result<Value, GatewayError> {
    if body.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body)
        .map_err(|e| GatewayError::param(format!("请求体不是合法的JSON: {e}")))
}

fn percent_decode(segment: &str) -> Result<String, GatewayError> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| GatewayError::invalid_request("bad percent-encoding in the path"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| GatewayError::invalid_request("path is not UTF-8 after decoding"))
}

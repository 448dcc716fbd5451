//! Which handler answers which request, from the endpoint registry
//! ([`ENDPOINTS`](crate::api::ENDPOINTS)): the request's method and percent-decoded path
//! segments are matched against each endpoint's method and path template (literal segments
//! equal, `{name}` binds the path parameter `name`), then the endpoint's **name** selects
//! the handler: `stores::<resource>::<endpoint name>`, expanded from the registry. Adding an
//! endpoint to the sandbox means a handler of that name in its resource's store.

use serde_json::Value;

use super::call::Call;
use super::error::GatewayError;
use super::stores::{self, Stores};
use crate::api::ENDPOINTS;
use crate::endpoint::Endpoint;
use crate::protocol::target::API_PREFIX;

/// What answers one endpoint: reads and changes the stores, answers JSON or an error.
pub(crate) type Handler = fn(&mut Stores, &Call<'_>) -> Result<Value, GatewayError>;

/// The handler of every registered endpoint, expanded from the registry
/// ([`for_each_endpoint!`](crate::for_each_endpoint)): `stores::<resource>::<name>`. A newly
/// registered endpoint does not compile until its handler exists, so the sandbox serves
/// exactly the registered endpoints.
macro_rules! handlers {
    ([$krate:tt] $($resource:ident { $($(#[$doc:meta])* $name:ident($req:ident) -> $resp:ident;)* })*) => {
        /// The handler of the endpoint called `name`.
        pub(crate) fn handler(name: &str) -> Option<Handler> {
            let handler: Handler = match name {
                $($(stringify!($name) => stores::$resource::$name,)*)*
                _ => return None,
            };
            Some(handler)
        }
    };
}
crate::for_each_endpoint!(handlers);

/// A request matched to its endpoint.
#[derive(Debug, Clone)]
pub(crate) struct Routed {
    /// The endpoint.
    pub(crate) endpoint: Endpoint,
    /// Its handler.
    pub(crate) handler: Handler,
    /// The path parameters by name, percent-decoded.
    pub(crate) params: Vec<(&'static str, String)>,
    /// The query string (without `?`).
    pub(crate) query: String,
    /// The parsed body (`Null` when empty).
    pub(crate) body: Value,
}

/// Finds the endpoint and handler of a verified request to `method target` with `body`.
/// In order: a path outside the API is `404`; a bad percent-encoding in the path `400
/// INVALID_REQUEST`; a body that is not JSON `400 PARAM_ERROR`; no endpoint (or no handler)
/// for the method and path `404 NOT_FOUND`.
pub(crate) fn route(method: &str, target: &str, body: &[u8]) -> Result<Routed, GatewayError> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if !path.starts_with(API_PREFIX) {
        return Err(not_found(target));
    }
    let segments: Vec<String> = path
        .split('/')
        .map(percent_decode)
        .collect::<Result<_, _>>()?;
    let body = parse_body(body)?;
    let (endpoint, params) = ENDPOINTS
        .iter()
        .filter(|e| e.method.as_str() == method)
        .find_map(|e| bind(e.path, &segments).map(|params| (*e, params)))
        .ok_or_else(|| not_found(target))?;
    let handler = handler(endpoint.name).ok_or_else(|| not_found(target))?;
    Ok(Routed {
        endpoint,
        handler,
        params,
        query: query.to_owned(),
        body,
    })
}

/// The path parameters `template` binds in `segments`, if it matches them.
fn bind(template: &'static str, segments: &[String]) -> Option<Vec<(&'static str, String)>> {
    let parts: Vec<&'static str> = template.split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (part, segment) in parts.into_iter().zip(segments) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => params.push((name, segment.clone())),
            None if part == segment => {}
            None => return None,
        }
    }
    Some(params)
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

#[cfg(test)]
mod tests {
    use super::*;

    const USE: &str =
        "/v3/marketing/partner/product-coupon/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code%5F1/use";

    #[test]
    fn every_registered_endpoint_has_a_handler() {
        for endpoint in ENDPOINTS {
            assert!(
                handler(endpoint.name).is_some(),
                "no handler for {}",
                endpoint.name
            );
        }
        assert!(handler("no_such_endpoint").is_none());
    }

    #[test]
    fn templates_bind_decoded_path_parameters_by_name() {
        let routed = route("POST", USE, b"{}").unwrap();
        assert_eq!(routed.endpoint.name, "use_coupon");
        assert_eq!(
            routed.params,
            [
                ("openid", "oh-394z-6CGkNoJrsDLTTUKiAnp4".to_owned()),
                ("coupon_code", "Code_1".to_owned())
            ]
        );
        let routed = route(
            "GET",
            "/v3/marketing/partner/product-coupon/product-coupons/1000000013?brand_id=1",
            b"",
        )
        .unwrap();
        assert_eq!(routed.endpoint.name, "get_product_coupon");
        assert_eq!(routed.query, "brand_id=1");
        assert_eq!(routed.body, Value::Null);
        let routed = route(
            "GET",
            "/v3/marketing/partner/product-coupon/notify-configs",
            b"",
        )
        .unwrap();
        assert_eq!(
            (routed.endpoint.name, routed.params.len()),
            ("get_notify_config", 0)
        );
    }

    #[test]
    fn unregistered_paths_and_methods_are_404() {
        let cases = [
            ("DELETE", USE),
            ("GET", USE),
            (
                "POST",
                "/v3/marketing/partner/product-coupon/users/o/coupons/c/eat",
            ),
            (
                "POST",
                "/v3/marketing/partner/product-coupon/users/o/coupons/c/use/",
            ),
            ("GET", "/v3/marketing/partner/product-coupon"),
            (
                "GET",
                "/v3/marketing/partner/product-couponX/notify-configs",
            ),
            ("GET", "/v3/somewhere/else"),
            ("PUT", "/v3/marketing/partner/product-coupon/notify-configs"),
        ];
        for (method, target) in cases {
            let err = route(method, target, b"").unwrap_err();
            assert_eq!(
                (err.status, err.code),
                (404, "NOT_FOUND"),
                "{method} {target}"
            );
        }
    }

    #[test]
    fn bad_paths_and_bodies_are_400() {
        let bad_escape = "/v3/marketing/partner/product-coupon/users/o%ZZ/coupons";
        let err = route("POST", bad_escape, b"{}").unwrap_err();
        assert_eq!((err.status, err.code), (400, "INVALID_REQUEST"));
        let err = route("POST", USE, b"{not json").unwrap_err();
        assert_eq!((err.status, err.code), (400, "PARAM_ERROR"));
    }
}

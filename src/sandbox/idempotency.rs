//! The one idempotency mechanism of every write: a record per (namespace, request number)
//! of the first successful request's body and answer.
//!
//! The gateway's documented rule (error 268578927 "使用了相同单号，但与上次请求的数据不一致"):
//! the same request number with the same data replays the first answer without applying
//! anything again; the same number with other data is refused (`400 INVALID_REQUEST`). "The
//! same data" is JSON equality of the parsed bodies (key order and whitespace do not count).
//! Failed requests are not recorded, so a corrected retry with the same number is applied.

use std::collections::HashMap;

use serde_json::Value;

use super::error::GatewayError;

/// Message of the gateway when a request number is reused with other data.
pub(crate) const REUSED_REQUEST_NO: &str = "使用了相同单号，但与上次请求的数据不一致";

/// Where a request number must be unique: one endpoint acting on one target, e.g.
/// `use_coupon` on (openid, coupon_code), `send_coupon` to (openid), `update_product_coupon`
/// of (product_coupon_id). The same number on another endpoint or another target is another
/// request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Namespace {
    /// The endpoint's name (`Endpoint::name`).
    pub(crate) endpoint: &'static str,
    /// The kind of target, e.g. `"user_coupon"`: targets of two kinds never collide.
    pub(crate) kind: &'static str,
    /// The target's identifiers (path parameters), e.g. `[openid, coupon_code]`.
    pub(crate) target: Vec<String>,
}

impl Namespace {
    /// `endpoint` acting on the target `kind` identified by `target`.
    pub(crate) fn new(endpoint: &'static str, kind: &'static str, target: &[&str]) -> Self {
        Namespace {
            endpoint,
            kind,
            target: target.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

/// A remembered successful request and its answer.
#[derive(Debug, Clone)]
struct Record {
    /// The request body as received (parsed).
    request: Value,
    /// The answer given.
    response: Value,
}

/// The idempotency records of every write endpoint.
#[derive(Debug, Default)]
pub(crate) struct Idempotency {
    records: HashMap<(Namespace, String), Record>,
}

impl Idempotency {
    /// Replays the recorded answer for (`namespace`, `request_no`) when `body` is the same as
    /// the recorded one, refuses it when it differs, or else runs `apply` and records its
    /// success (a failure is not recorded).
    pub(crate) fn run(
        &mut self,
        namespace: Namespace,
        request_no: &str,
        body: &Value,
        apply: impl FnOnce() -> Result<Value, GatewayError>,
    ) -> Result<Value, GatewayError> {
        let key = (namespace, request_no.to_owned());
        if let Some(record) = self.records.get(&key) {
            return if record.request == *body {
                Ok(record.response.clone())
            } else {
                Err(GatewayError::invalid_request(REUSED_REQUEST_NO))
            };
        }
        let response = apply()?;
        let record = Record {
            request: body.clone(),
            response: response.clone(),
        };
        self.records.insert(key, record);
        Ok(response)
    }

    /// Forgets every record about the target `kind`/`target`, on any endpoint (when the
    /// sandbox reissues a coupon under a code that existed).
    pub(crate) fn forget(&mut self, kind: &str, target: &[&str]) {
        self.records.retain(|(namespace, _), _| {
            namespace.kind != kind
                || namespace
                    .target
                    .iter()
                    .map(String::as_str)
                    .ne(target.iter().copied())
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ns(endpoint: &'static str, target: &[&str]) -> Namespace {
        Namespace::new(endpoint, "user_coupon", target)
    }

    #[test]
    fn replays_same_data_and_refuses_other_data() {
        let mut records = Idempotency::default();
        let mut applied = 0;
        let mut run = |records: &mut Idempotency, body: Value| {
            records.run(ns("use_coupon", &["o", "c"]), "NO_000001", &body, || {
                applied += 1;
                Ok(json!({ "n": applied }))
            })
        };
        assert_eq!(
            run(&mut records, json!({"a": 1, "b": 2})),
            Ok(json!({"n": 1}))
        );
        // Key order does not matter.
        let reordered: Value = serde_json::from_str(r#"{"b":2,"a":1}"#).unwrap();
        assert_eq!(run(&mut records, reordered), Ok(json!({"n": 1})));
        let err = run(&mut records, json!({"a": 2})).unwrap_err();
        assert_eq!(
            (err.status, err.code, err.message.as_str()),
            (400, "INVALID_REQUEST", REUSED_REQUEST_NO)
        );
    }

    #[test]
    fn failures_are_not_recorded_and_namespaces_are_separate() {
        let mut records = Idempotency::default();
        let body = json!({});
        let failed = records.run(ns("use_coupon", &["o", "c"]), "NO_000001", &body, || {
            Err(GatewayError::not_found("x"))
        });
        assert!(failed.is_err());
        let ok = records.run(
            ns("use_coupon", &["o", "c"]),
            "NO_000001",
            &json!({"x": 1}),
            || Ok(json!(1)),
        );
        assert_eq!(ok, Ok(json!(1)));
        // Another endpoint, another target: other requests.
        for namespace in [
            ns("deactivate_coupon", &["o", "c"]),
            ns("use_coupon", &["o", "d"]),
        ] {
            assert_eq!(
                records.run(namespace, "NO_000001", &body, || Ok(json!(2))),
                Ok(json!(2))
            );
        }
        records.forget("user_coupon", &["o", "c"]);
        assert_eq!(
            records.run(ns("use_coupon", &["o", "c"]), "NO_000001", &body, || Ok(
                json!(3)
            )),
            Ok(json!(3))
        );
        assert_eq!(
            records.run(ns("use_coupon", &["o", "d"]), "NO_000001", &body, || Ok(
                json!(4)
            )),
            Ok(json!(2))
        );
    }
}

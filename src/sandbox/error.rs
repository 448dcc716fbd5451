//! The gateway's error answers: `{"code":..,"message":..[,"detail":..]}` with a status,
//! produced by every check of the sandbox (gateway, body rules, store, routes).

use serde_json::{json, Value};

/// An error answer of the gateway; rendered as `{"code":..,"message":..[,"detail":..]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GatewayError {
    /// HTTP status code.
    pub status: u16,
    /// Error code, e.g. `PARAM_ERROR`.
    pub code: &'static str,
    /// Human-readable message.
    pub message: String,
    /// The free-form `detail` object, when the gateway sends one.
    pub detail: Option<Value>,
    /// The internal error number the gateway appends to `Request-ID` after the last `-`
    /// (docs/protocol-notes.md §3, e.g. `…-268578367` 用户券状态非法); [`GENERIC_INTERNAL_CODE`] when the
    /// documentation gives none.
    pub internal_code: u32,
}

/// The message of `429 RATELIMIT_EXCEEDED`: the product-coupon pages' description of the
/// error (请求超过接口频率限制) and their advice for it (请稍后使用原参数重试: the request was
/// not processed, so resending it unchanged is safe).
pub(crate) const RATE_LIMITED: &str = "请求超过接口频率限制,请稍后使用原参数重试";

/// The `Request-ID` suffix of errors without a documented internal number.
pub(crate) const GENERIC_INTERNAL_CODE: u32 = 268435456;

impl GatewayError {
    /// Builds an error without detail.
    pub(crate) fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        GatewayError {
            status,
            code,
            message: message.into(),
            detail: None,
            internal_code: GENERIC_INTERNAL_CODE,
        }
    }

    /// The same error with the internal number `code` in its `Request-ID`.
    pub(crate) fn with_internal_code(mut self, code: u32) -> Self {
        self.internal_code = code;
        self
    }

    /// 400 `PARAM_ERROR`.
    pub(crate) fn param(message: impl Into<String>) -> Self {
        GatewayError::new(400, "PARAM_ERROR", message)
    }

    /// 404 `NOT_FOUND`.
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        GatewayError::new(404, "NOT_FOUND", message)
    }

    /// 400 `INVALID_REQUEST`.
    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        GatewayError::new(400, "INVALID_REQUEST", message)
    }

    /// 403 `NOT_ENOUGH`.
    pub(crate) fn not_enough(message: impl Into<String>) -> Self {
        GatewayError::new(403, "NOT_ENOUGH", message)
    }

    /// 400 `ALREADY_EXISTS`.
    pub(crate) fn already_exists(message: impl Into<String>) -> Self {
        GatewayError::new(400, "ALREADY_EXISTS", message)
    }

    /// 500 `SYSTEM_ERROR` (e.g. an answer that could not be serialized: a sandbox bug).
    pub(crate) fn system(message: impl Into<String>) -> Self {
        GatewayError::new(500, "SYSTEM_ERROR", message)
    }

    /// 429 `RATELIMIT_EXCEEDED`, with the product-coupon pages' description and advice.
    pub(crate) fn rate_limited() -> Self {
        GatewayError::new(429, "RATELIMIT_EXCEEDED", RATE_LIMITED)
    }

    /// 401 `SIGN_ERROR`.
    pub(crate) fn sign_error(message: impl Into<String>) -> Self {
        GatewayError::new(401, "SIGN_ERROR", message)
    }

    /// The error body the gateway sends.
    pub(crate) fn to_json(&self) -> Value {
        let mut body = json!({ "code": self.code, "message": self.message });
        if let (Some(detail), Some(map)) = (&self.detail, body.as_object_mut()) {
            map.insert("detail".to_owned(), detail.clone());
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_json_shape() {
        let err = GatewayError::not_enough("用户商品券当前无法使用");
        assert_eq!(
            err.to_json(),
            json!({ "code": "NOT_ENOUGH", "message": "用户商品券当前无法使用" })
        );
    }
}

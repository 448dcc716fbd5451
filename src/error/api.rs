//! [`ApiError`]: a non-2xx answer from WeChat Pay.

use std::fmt;

use super::text::{fmt_endpoint, fmt_request_id};

/// A non-2xx answer from WeChat Pay (or a 202 on a typed call).
///
/// Error bodies are not signed by WeChat Pay, so these fields are informational.
///
/// ```
/// use wechatpay_product_coupon::error::ApiError;
/// let err = ApiError::from_body(
///     "use_coupon",
///     400,
///     r#"{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"use_time"}}"#.as_bytes(),
///     Some("08AAAA".into()),
/// );
/// assert_eq!(err.code, "PARAM_ERROR");
/// assert_eq!(err.detail.as_ref().and_then(|d| d["field"].as_str()), Some("use_time"));
/// assert!(err.to_string().starts_with("use_coupon: WeChat Pay answered HTTP 400 PARAM_ERROR"));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The endpoint called (e.g. `use_coupon`; `call` for the generic call).
    pub endpoint: &'static str,
    /// HTTP status.
    pub status: u16,
    /// The error code, e.g. `PARAM_ERROR`, `NOT_FOUND`; empty when the body had none.
    pub code: String,
    /// The server's message; when the body was not the documented JSON, its first bytes.
    pub message: String,
    /// The free-form `detail` object, when present.
    pub detail: Option<serde_json::Value>,
    /// The `Request-ID` header.
    pub request_id: Option<String>,
}

impl ApiError {
    /// The error of a non-2xx response: `{code, message, detail}` when the body has them,
    /// otherwise the first 200 characters of the body as the message. For callers with
    /// their own HTTP stack.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::ApiError;
    /// let err = ApiError::from_body("use_coupon", 404, br#"{"code":"NOT_FOUND","message":"no"}"#, None);
    /// assert_eq!((err.status, err.code.as_str()), (404, "NOT_FOUND"));
    /// ```
    pub fn from_body(
        endpoint: &'static str,
        status: u16,
        body: &[u8],
        request_id: Option<String>,
    ) -> Self {
        #[derive(serde::Deserialize)]
        struct Body {
            #[serde(default)]
            code: String,
            #[serde(default)]
            message: String,
            #[serde(default)]
            detail: Option<serde_json::Value>,
        }
        let (code, message, detail) = match serde_json::from_slice::<Body>(body) {
            Ok(b) => (b.code, b.message, b.detail),
            Err(_) => {
                let text = String::from_utf8_lossy(body);
                (String::new(), text.chars().take(200).collect(), None)
            }
        };
        ApiError {
            endpoint,
            status,
            code,
            message,
            detail,
            request_id,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_endpoint(f, self.endpoint)?;
        write!(f, "WeChat Pay answered HTTP {}", self.status)?;
        if !self.code.is_empty() {
            write!(f, " {}", self.code)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(detail) = &self.detail {
            write!(f, " detail={detail}")?;
        }
        fmt_request_id(f, &self.request_id)
    }
}

impl std::error::Error for ApiError {}

//! [`ApiError`]: a non-2xx answer from WeChat Pay.

use std::fmt;

use super::body::describe_non_json;
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
    /// The server's message; when the body was not the documented JSON, what it was instead
    /// (e.g. `an HTML page titled "502 Bad Gateway"`); for a redirect, where it pointed.
    pub message: String,
    /// The free-form `detail` object, when present.
    pub detail: Option<serde_json::Value>,
    /// The `Request-ID` header.
    pub request_id: Option<String>,
}

impl ApiError {
    /// The error of a non-2xx response: `{code, message, detail}` when the body has them,
    /// otherwise a description of the body as the message (an HTML page and its title, not
    /// UTF-8 and its length, or its first characters). For callers with their own HTTP stack.
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
            Err(e) => {
                let what =
                    describe_non_json(body).unwrap_or_else(|| format!("malformed JSON ({e})"));
                let message = format!(
                    "{what} instead of the JSON error object (a proxy or load balancer may have answered)"
                );
                (String::new(), message, None)
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

impl ApiError {
    /// A 3xx answer: redirects are never followed (a signed request must not go to another
    /// host), so the error says where it pointed.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::ApiError;
    /// let err = ApiError::redirect("use_coupon", 302, Some("https://example.com/v3/x"), None);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "use_coupon: WeChat Pay answered HTTP 302: a redirect to https://example.com/v3/x, \
    ///      not followed (redirects never are); check the base URL"
    /// );
    /// ```
    pub fn redirect(
        endpoint: &'static str,
        status: u16,
        location: Option<&str>,
        request_id: Option<String>,
    ) -> Self {
        let message = match location {
            Some(to) => format!(
                "a redirect to {}, not followed (redirects never are); check the base URL",
                to.chars().take(200).collect::<String>()
            ),
            None => "a redirect without a Location header, not followed (redirects never are); \
                     check the base URL"
                .to_owned(),
        };
        ApiError {
            endpoint,
            status,
            code: String::new(),
            message,
            detail: None,
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

//! [`ApiError`]: a non-2xx answer from WeChat Pay.

use std::fmt;

use super::body::describe_non_json;
use super::hints;
use super::outcome::Outcome;
use super::sign_mismatch::{SignInformation, SignMismatch};
use super::text::{fmt_endpoint, fmt_request_id};

/// A non-2xx answer from WeChat Pay (or a 202 on a typed call).
///
/// Error bodies are not signed by WeChat Pay, so these fields are informational.
///
/// `Display` shows the gateway's message unchanged, followed by an English hint for known
/// codes ([`hint`](ApiError::hint)) and, for a `401 SIGN_ERROR`, where the message this
/// client signed and the one the gateway verified first differ
/// ([`sign_mismatch`](ApiError::sign_mismatch)).
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
    /// For a `401 SIGN_ERROR` of a call: the message this client signed (never the
    /// signature or the `Authorization` header).
    pub(crate) signed_message: Option<String>,
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
            signed_message: None,
        }
    }

    /// The same error with the message that was signed for the request
    /// ([`signing::canonical_request`](crate::signing::canonical_request)), kept for a
    /// `401 SIGN_ERROR` only, so that [`sign_mismatch`](Self::sign_mismatch) can compare it
    /// with the gateway's copy. The client does this itself; this is for callers with their
    /// own HTTP stack. Pass the message, never the signature.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::{ApiError, SignMismatch};
    /// let body = r#"{"code":"SIGN_ERROR","message":"错误的签名,验签失败","detail":{"sign_information":{"method":"GET","url":"/v3/b","sign_message_length":20,"truncated_sign_message":"GET\n/v3/b\n1\nN\n\n"}}}"#;
    /// let err = ApiError::from_body("call", 401, body.as_bytes(), None)
    ///     .with_signed_message(b"GET\n/v3/a\n1\nN\n\n");
    /// assert!(matches!(err.sign_mismatch(), Some(SignMismatch::Part { offset: 4, .. })));
    /// ```
    pub fn with_signed_message(mut self, message: &[u8]) -> Self {
        if self.status == 401 && self.code == "SIGN_ERROR" {
            self.signed_message = Some(String::from_utf8_lossy(message).into_owned());
        }
        self
    }

    /// What the failed call did: [`Outcome::Refused`] for a 4xx answer (nothing applied;
    /// 429 included), [`Outcome::Unknown`] for a 5xx, a 202 or any other status (the write
    /// may have been applied, or may still be).
    ///
    /// ```
    /// use wechatpay_product_coupon::{error::ApiError, Outcome};
    /// let body = r#"{"code":"SYSTEM_ERROR","message":"系统错误"}"#;
    /// let err = ApiError::from_body("use_coupon", 500, body.as_bytes(), None);
    /// assert_eq!(err.outcome(), Outcome::Unknown); // resend the same request value
    /// ```
    pub fn outcome(&self) -> Outcome {
        if (400..500).contains(&self.status) {
            Outcome::Refused
        } else {
            Outcome::Unknown
        }
    }

    /// An English hint for a known error: by the internal number at the end of the
    /// `Request-ID` (or quoted in the message) when known, else by `code`. The gateway's
    /// message itself is never changed.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::ApiError;
    /// let err = ApiError::from_body(
    ///     "use_coupon",
    ///     403,
    ///     r#"{"code":"NOT_ENOUGH","message":"用户券状态非法"}"#.as_bytes(),
    ///     Some("08SANDBOX01-268578367".into()),
    /// );
    /// assert!(err.hint().unwrap().contains("confirm"));
    /// assert!(err.to_string().contains("用户券状态非法 (hint: "));
    /// ```
    pub fn hint(&self) -> Option<&'static str> {
        hints::hint(&self.code, &self.message, self.request_id.as_deref())
    }

    /// The gateway's copy of the message it verified (`detail.sign_information` of a
    /// `401 SIGN_ERROR`), when the answer has one.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::ApiError;
    /// let body = r#"{"code":"SIGN_ERROR","message":"错误的签名,验签失败","detail":{"sign_information":{"method":"GET","url":"/v3/certificates"}}}"#;
    /// let err = ApiError::from_body("call", 401, body.as_bytes(), None);
    /// assert_eq!(err.sign_information().unwrap().method.as_deref(), Some("GET"));
    /// ```
    pub fn sign_information(&self) -> Option<SignInformation> {
        self.detail.as_ref().and_then(SignInformation::from_detail)
    }

    /// The message this client signed for the request (`method\nurl\ntimestamp\nnonce\nbody\n`),
    /// kept for a `401 SIGN_ERROR` answer to a call of the client; never the signature.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::ApiError;
    /// let err = ApiError::from_body("call", 401, br#"{"code":"SIGN_ERROR"}"#, None);
    /// assert_eq!(err.signed_message(), None); // not built by a client call
    /// ```
    pub fn signed_message(&self) -> Option<&str> {
        self.signed_message.as_deref()
    }

    /// For a `401 SIGN_ERROR` of a client call: where the message this client signed and the
    /// one the gateway verified first differ (method, URL, timestamp, nonce or body), that
    /// they are the same (so the private key is wrong), or that the gateway refused the
    /// timestamp (so the clock is wrong).
    ///
    /// ```
    /// # fn demo(err: &wechatpay_product_coupon::Error) {
    /// // `err`: a failed call of the client.
    /// if let Some(mismatch) = err.api_error().and_then(|api| api.sign_mismatch()) {
    ///     eprintln!("signature refused: {mismatch}");
    /// }
    /// # }
    /// ```
    pub fn sign_mismatch(&self) -> Option<SignMismatch> {
        let signed = self.signed_message.as_deref()?;
        SignMismatch::find(signed, self.sign_information().as_ref(), &self.message)
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
            signed_message: None,
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
        if let Some(hint) = self.hint() {
            write!(f, " (hint: {hint})")?;
        }
        if let Some(detail) = &self.detail {
            write!(f, " detail={detail}")?;
        }
        if let Some(mismatch) = self.sign_mismatch() {
            write!(f, "; {mismatch}")?;
        }
        fmt_request_id(f, &self.request_id)
    }
}

impl std::error::Error for ApiError {}

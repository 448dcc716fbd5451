//! [`DecodeError`]: a verified body that does not fit the expected model.

use std::fmt;

use super::text::fmt_request_id;

/// A verified body that does not fit the expected model.
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::ProductCoupon;
/// let err = ProductCoupon::parse(br#"{"product_coupon_id": 13}"#).unwrap_err();
/// assert_eq!(err.model, "ProductCouponEntity");
/// assert!(err.message.contains("expected a string"));
/// assert_eq!(err.request_id, None); // set when the body came from a call
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The model being decoded, e.g. `UserProductCouponEntity`.
    pub model: &'static str,
    /// serde_json's message, with line and column.
    pub message: String,
    /// The `Request-ID` header, when present.
    pub request_id: Option<String>,
}

impl DecodeError {
    /// A decode failure of `model`, e.g. for a body received over your own HTTP stack.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::DecodeError;
    /// let err = DecodeError::new("UserProductCouponEntity", "missing field `coupon_code`", None);
    /// assert!(err.to_string().contains("missing field"));
    /// ```
    pub fn new(
        model: &'static str,
        message: impl Into<String>,
        request_id: Option<String>,
    ) -> Self {
        DecodeError {
            model,
            message: message.into(),
            request_id,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the verified response as {}: {}",
            self.model, self.message
        )?;
        fmt_request_id(f, &self.request_id)
    }
}

impl std::error::Error for DecodeError {}

//! [`ResponseModel`]: names the borrowed view a verified body decodes into.

use serde::Deserialize;

use super::owned::IntoOwned;
use crate::error::{describe_non_json, DecodeError};

/// Why `body` did not decode: what it is when it cannot be JSON at all (empty, not UTF-8,
/// an HTML page), otherwise the JSON parser's message (which names the field).
pub(crate) fn json_failure(body: &[u8], e: &serde_json::Error) -> String {
    match describe_non_json(body) {
        Some(what) => format!("{what}, not JSON"),
        None => e.to_string(),
    }
}

/// A response model: names the borrowed view a verified body decodes into. Implemented by
/// the owned (`'static`) form of each model, e.g. [`UserCoupon`](crate::model::UserCoupon).
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::{IntoOwned, UserCoupon};
/// let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/deactivate_response_example_S0.json"))?;
/// assert_eq!(UserCoupon::NAME, "UserProductCouponEntity");
/// let view = UserCoupon::parse(&body)?; // a `UserProductCouponEntity<'_>` borrowing from `body`
/// assert_eq!(view.coupon_state.as_str(), "DEACTIVATED");
/// let owned: UserCoupon = view.into_owned(); // `UserProductCouponEntity<'static>`
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait ResponseModel: Sized + 'static {
    /// The view, borrowing from the body.
    type View<'a>: Deserialize<'a> + IntoOwned<Owned = Self>;
    /// The model name, for errors.
    const NAME: &'static str;

    /// Decodes a (verified) body into the borrowed view.
    ///
    /// ```
    /// use wechatpay_product_coupon::endpoint::ResponseModel;
    /// use wechatpay_product_coupon::model::UserCoupon;
    /// let err = UserCoupon::parse(b"{}").unwrap_err();
    /// assert!(err.to_string().contains("UserProductCouponEntity"));
    /// ```
    fn parse(body: &[u8]) -> Result<Self::View<'_>, DecodeError> {
        serde_json::from_slice(body)
            .map_err(|e| DecodeError::new(Self::NAME, json_failure(body, &e), None))
    }
}

//! The body rule shared by the deactivations of a stock (失效商品券批次) and of a product
//! coupon (失效商品券): `out_request_no`, `deactivate_reason` (1-150 characters), `brand_id`.

use serde_json::Value;

use super::{check_char_count, parse_out_request_no, Fields};
use crate::sandbox::error::GatewayError;

/// A validated deactivation body.
pub(crate) struct DeactivateBody<'a> {
    /// Idempotency number.
    pub(crate) out_request_no: &'a str,
    /// Why.
    pub(crate) reason: &'a str,
    /// Brand the caller acts for.
    pub(crate) brand_id: &'a str,
}

impl<'a> DeactivateBody<'a> {
    /// Validates a deactivation body; `path_params` must not repeat in it.
    pub(crate) fn parse(body: &'a Value, path_params: &[&str]) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, path_params)?;
        let out_request_no = parse_out_request_no(&fields)?;
        let reason = fields.required_str("deactivate_reason")?;
        check_char_count(&fields.path("deactivate_reason"), reason, 1, 150)?;
        Ok(DeactivateBody {
            out_request_no,
            reason,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

//! The body rules of the coupon-code upload (预上传券Code).

use serde_json::Value;

use super::{parse_out_request_no, Fields};
use crate::sandbox::error::GatewayError;

/// The most codes one upload takes.
pub(crate) const MAX_CODES: usize = 200;

/// A validated upload body. The codes are kept as sent: a code of the wrong format is
/// refused in the answer's `failed_code_list`, not by failing the request.
pub(crate) struct UploadCodesBody<'a> {
    /// Idempotency number.
    pub(crate) out_request_no: &'a str,
    /// The codes, in request order.
    pub(crate) code_list: Vec<&'a str>,
    /// Brand the caller acts for.
    pub(crate) brand_id: &'a str,
}

impl<'a> UploadCodesBody<'a> {
    /// Validates an upload body: `code_list` holds 1 to [`MAX_CODES`] non-empty strings.
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["product_coupon_id", "stock_id"])?;
        let out_request_no = parse_out_request_no(&fields)?;
        let items = fields
            .optional_array("code_list")?
            .ok_or_else(|| GatewayError::param("缺少必填参数 code_list"))?;
        if items.is_empty() || items.len() > MAX_CODES {
            return Err(GatewayError::param(format!(
                "参数 code_list 须含 1-{MAX_CODES} 个券Code，实际为 {}",
                items.len()
            )));
        }
        let mut code_list = Vec::with_capacity(items.len());
        for index in 0..items.len() {
            fields.array_str("code_list", items, index)?;
            code_list.extend(items.get(index).and_then(Value::as_str));
        }
        Ok(UploadCodesBody {
            out_request_no,
            code_list,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

/// Whether `code` has the documented format: 1-40 of `[0-9A-Za-z_-]`.
pub(crate) fn is_valid_code(code: &str) -> bool {
    (1..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

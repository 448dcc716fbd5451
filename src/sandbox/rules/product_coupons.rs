//! The body rules of the product-coupon endpoints: update (修改商品券).

use serde_json::Value;

use super::{check_char_count, parse_out_request_no, Fields};
use crate::sandbox::error::GatewayError;

/// A validated update (修改商品券) request body.
pub(crate) struct UpdateBody<'a> {
    /// Idempotency number.
    pub(crate) out_request_no: &'a str,
    /// The new `display_info`, as sent.
    pub(crate) display_info: &'a Value,
    /// Brand the caller acts for.
    pub(crate) brand_id: &'a str,
}

impl<'a> UpdateBody<'a> {
    /// Validates an update request body.
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["product_coupon_id"])?;
        let out_request_no = parse_out_request_no(&fields)?;
        let display = fields.required_object("display_info")?;
        let name = display.required_str("name")?;
        check_char_count(&display.path("name"), name, 3, 15)?;
        display.required_str("image_url")?;
        display.required_str("background_url")?;
        if let Some(images) = display.optional_array("detail_image_url_list")? {
            if images.len() > 8 {
                return Err(GatewayError::param(format!(
                    "参数 {} 最多 8 张图片",
                    display.path("detail_image_url_list")
                )));
            }
            for index in 0..images.len() {
                display.array_str("detail_image_url_list", images, index)?;
            }
        }
        display.optional_u64("original_price")?;
        if let Some(packages) = display.optional_array("combo_package_list")? {
            for index in 0..packages.len() {
                display.array_object("combo_package_list", packages, index)?;
            }
        }
        Ok(UpdateBody {
            out_request_no,
            display_info: display.value,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

//! The body rules of associate and disassociate (批次关联门店 / 批次取消关联门店).

use serde_json::Value;

use super::Fields;
use crate::sandbox::error::GatewayError;

/// The most stores one call takes.
pub(crate) const MAX_STORES: usize = 200;

/// A validated store-list body.
pub(crate) struct StoreListBody<'a> {
    /// The `store_id`s, in request order.
    pub(crate) store_ids: Vec<&'a str>,
    /// Brand the caller acts for.
    pub(crate) brand_id: &'a str,
}

impl<'a> StoreListBody<'a> {
    /// Validates the body: `store_list` holds 1 to [`MAX_STORES`] objects, each with a
    /// non-empty `store_id`.
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["product_coupon_id", "stock_id"])?;
        let items = fields
            .optional_array("store_list")?
            .ok_or_else(|| GatewayError::param("缺少必填参数 store_list"))?;
        if items.is_empty() || items.len() > MAX_STORES {
            return Err(GatewayError::param(format!(
                "参数 store_list 须含 1-{MAX_STORES} 个门店，实际为 {}",
                items.len()
            )));
        }
        let mut store_ids = Vec::with_capacity(items.len());
        for index in 0..items.len() {
            fields.array_object("store_list", items, index)?;
            let store = items
                .get(index)
                .and_then(Value::as_object)
                .and_then(|o| o.get("store_id"))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    GatewayError::param(format!("缺少必填参数 store_list[{index}].store_id"))
                })?;
            store_ids.push(store);
        }
        Ok(StoreListBody {
            store_ids,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

/// Whether `store_id` looks like a store WeChat Pay made: 1-32 digits (every documented
/// example is numeric; the sandbox has no store registry).
pub(crate) fn is_known_store(store_id: &str) -> bool {
    (1..=32).contains(&store_id.len()) && store_id.bytes().all(|b| b.is_ascii_digit())
}

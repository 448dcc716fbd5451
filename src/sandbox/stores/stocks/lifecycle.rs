//! The handlers that look stocks up, list them and deactivate them: [`get_stock`].

use serde_json::Value;

use super::{Stock, Stocks};
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::stores::Stores;

/// `404 NOT_FOUND` for a stock that does not exist or is another product coupon's.
pub(crate) fn stock_not_found(stock_id: &str) -> GatewayError {
    GatewayError::not_found(format!("批次不存在：stock_id={stock_id}"))
}

/// The JSON answer of a stock (a StockEntity, keys sorted).
pub(crate) fn stock_answer(stock: &Stock) -> Result<Value, GatewayError> {
    serde_json::to_value(stock).map_err(|e| GatewayError::system(e.to_string()))
}

impl Stocks {
    /// The stock `stock_id` of `product_coupon_id`, or `404 NOT_FOUND`.
    fn found(&self, product_coupon_id: &str, stock_id: &str) -> Result<&Stock, GatewayError> {
        self.of_product(product_coupon_id, stock_id)
            .ok_or_else(|| stock_not_found(stock_id))
    }
}

/// 查询商品券指定批次: `GET …/product-coupons/{product_coupon_id}/stocks/{stock_id}?brand_id`.
/// The product coupon must be the brand's (`404 NOT_FOUND` naming it otherwise), and the
/// stock the product coupon's (`404 NOT_FOUND` naming the stock).
pub(crate) fn get_stock(stores: &mut Stores, call: &Call<'_>) -> Result<Value, GatewayError> {
    let query = call.query()?;
    let brand_id = query.required("brand_id")?;
    let product_coupon_id = call.param("product_coupon_id");
    stores
        .product_coupons
        .of_brand(product_coupon_id, brand_id)?;
    stock_answer(
        stores
            .stocks
            .found(product_coupon_id, call.param("stock_id"))?,
    )
}

//! 商品券批次 (stocks): look up, list and deactivate the stocks of a product coupon, under
//! `/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks`.

mod deactivate_stock;
mod get_stock;
mod list_stocks;

pub use deactivate_stock::DeactivateStockRequest;
pub use get_stock::GetStockRequest;
pub use list_stocks::{ListStocksRequest, MAX_STOCK_PAGE_SIZE};

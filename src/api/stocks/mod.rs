//! 商品券批次 (stocks): look up, list and deactivate the stocks of a product coupon, under
//! `/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks`.

mod get_stock;

pub use get_stock::GetStockRequest;

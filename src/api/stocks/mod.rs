//! 商品券批次 (stocks) of a product coupon: look up, list and deactivate them, upload their
//! codes, and associate stores with them, under
//! `/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks`.

mod associate_stores;
mod deactivate_stock;
mod disassociate_stores;
mod get_stock;
mod list_associated_stores;
mod list_stocks;
mod upload_coupon_codes;

pub use associate_stores::{AssociateStoresRequest, MAX_STORES_PER_CALL};
pub use deactivate_stock::DeactivateStockRequest;
pub use disassociate_stores::DisassociateStoresRequest;
pub use get_stock::GetStockRequest;
pub use list_associated_stores::{ListAssociatedStoresRequest, MAX_STORE_PAGE_SIZE};
pub use list_stocks::{ListStocksRequest, MAX_STOCK_PAGE_SIZE};
pub use upload_coupon_codes::{UploadCouponCodesRequest, MAX_CODES_PER_UPLOAD};
// The store reference is read in answers and sent in requests alike: one type, in `model`.
pub use crate::model::StoreInfo;

//! 批次 (stocks) of a product coupon, under
//! `/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}`.

mod associate_stores;
mod disassociate_stores;
mod list_associated_stores;
mod upload_coupon_codes;

pub use associate_stores::{AssociateStoresRequest, MAX_STORES_PER_CALL};
pub use disassociate_stores::DisassociateStoresRequest;
pub use list_associated_stores::{ListAssociatedStoresRequest, MAX_STORE_PAGE_SIZE};
pub use upload_coupon_codes::{UploadCouponCodesRequest, MAX_CODES_PER_UPLOAD};
// The store reference is read in answers and sent in requests alike: one type, in `model`.
pub use crate::model::StoreInfo;

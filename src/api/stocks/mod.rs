//! 批次 (stocks) of a product coupon, under
//! `/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}`.

mod upload_coupon_codes;

pub use upload_coupon_codes::{UploadCouponCodesRequest, MAX_CODES_PER_UPLOAD};

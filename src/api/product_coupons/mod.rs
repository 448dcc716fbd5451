//! 商品券 (product coupons): query, update and deactivate a product coupon, under
//! `/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}`.

mod deactivate_product_coupon;
mod get_product_coupon;
mod update_product_coupon;

pub use deactivate_product_coupon::DeactivateProductCouponRequest;
pub use get_product_coupon::GetProductCouponRequest;
pub use update_product_coupon::UpdateProductCouponRequest;
// The display shapes are read in responses and sent in requests alike: one type each, in
// `model`, re-exported here where requests are built.
pub use crate::model::{
    ComboPackage, ComboPackageChoice, ProductCouponDisplayInfo, MAX_DETAIL_IMAGES,
};

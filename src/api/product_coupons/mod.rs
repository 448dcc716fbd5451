//! 商品券 (product coupons): query and update a product coupon, under
//! `/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}`.

mod get_product_coupon;
mod update_product_coupon;

pub use get_product_coupon::GetProductCouponRequest;
pub use update_product_coupon::{
    ComboPackage, ComboPackageChoice, ProductCouponDisplayInfo, UpdateProductCouponRequest,
    MAX_DETAIL_IMAGES,
};

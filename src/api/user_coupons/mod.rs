//! 用户商品券 (a user's coupons): send, confirm, use, deactivate, return, query and list
//! the coupons a user holds, under `/v3/marketing/partner/product-coupon/users/{openid}/coupons`.

mod confirm_coupon;
mod coupon_ref;
mod deactivate_coupon;
mod get_user_coupon;
mod list_user_coupons;
mod return_coupon;
mod send_coupon;
mod use_coupon;

pub use confirm_coupon::ConfirmCouponRequest;
pub use coupon_ref::UserCouponRef;
pub use deactivate_coupon::DeactivateCouponRequest;
pub use get_user_coupon::GetUserCouponRequest;
pub use list_user_coupons::{ListUserCouponsRequest, MAX_PAGE_SIZE};
pub use return_coupon::ReturnCouponRequest;
pub use send_coupon::SendCouponRequest;
pub use use_coupon::{
    AssociatedOrderInfo, AssociatedPayScoreOrderInfo, RedemptionOrder, UseCouponRequest,
};

//! 通知地址 (notification settings): set and read the URL that receives the
//! `PRODUCT_COUPON_SP.*` notifications, under `/v3/marketing/partner/product-coupon/notify-configs`.

mod get_notify_config;
mod set_notify_config;

pub use get_notify_config::GetNotifyConfigRequest;
pub use set_notify_config::SetNotifyConfigRequest;

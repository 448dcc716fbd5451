//! Response models: zero-copy views that borrow from the verified body.
//!
//! Strings are [`Text<'a>`](Text) (borrowed unless the JSON string had escapes), times are
//! [`Rfc3339<'a>`](Rfc3339) texts, enums are open (unknown values are kept, never an error),
//! unknown fields are ignored, and absent and `null` mean the same. [`IntoOwned`] turns a view
//! into its `'static` form ([`UserCoupon`], [`ProductCoupon`]), which implements `Serialize`
//! so it can be stored as JSON.
//!
//! | module | model |
//! | --- | --- |
//! | `user_coupon` | [`UserProductCouponEntity`] (use, deactivate) |
//! | `product_coupon` | [`ProductCouponEntity`] (update) |
//! | `stock` | [`StockEntity`] (get / deactivate a stock) |
//! | `stock_page` | [`ListStocksResponse`] (list stocks) |
//! | `stock_codes` | [`UploadCouponCodesResponse`] (code upload) |
//! | `stock_stores` | [`StoreInfo`], [`AssociateStoresResponse`], [`ListAssociatedStoresResponse`] (a stock's stores) |
//! | `user_coupon_page` | [`ListUserProductCouponsResponse`] (list) |
//! | `image_generation` | [`ImageGenerationTaskEntity`], [`ImageGenerationTaskReceiptEntity`] |
//! | `notify_url_config` | [`NotifyUrlConfigEntity`] (notify-configs) |
//! | `notification` | [`Notification`], [`NotificationEvent`] (decrypted callback payloads) |
//! | `enums` | the open enums |
//! | `text`, `rfc3339` | [`Text`], [`Rfc3339`] |
//!
//! Request types are in [`api`](crate::api), one file per endpoint.

pub(crate) mod de;
mod display_info;
mod enums;
pub mod ids;
mod image_generation;
mod notification;
mod notify_url_config;
mod owned;
mod product_coupon;
mod response_model;
pub(crate) mod rfc3339;
mod stock;
mod stock_codes;
mod stock_page;
mod stock_stores;
mod text;
mod uploaded_image;
mod user_coupon;
mod user_coupon_page;
mod view;

pub use display_info::*;
pub use enums::*;
pub use image_generation::*;
pub use notification::*;
pub use notify_url_config::*;
pub use owned::IntoOwned;
pub use product_coupon::*;
#[cfg(feature = "client")]
pub(crate) use response_model::json_failure;
pub use response_model::ResponseModel;
pub(crate) use rfc3339::format_wire;
pub use rfc3339::Rfc3339;
pub use stock::*;
pub use stock_codes::*;
pub use stock_page::*;
pub use stock_stores::*;
pub use text::Text;
pub use uploaded_image::*;
pub use user_coupon::*;
pub use user_coupon_page::*;
pub(crate) use view::{plain_view, view};

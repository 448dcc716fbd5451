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
//! | `stock` | [`StockEntity`] |
//! | `enums` | the open enums |
//! | `text`, `rfc3339` | [`Text`], [`Rfc3339`] |
//!
//! Request types are in [`api`](crate::api), one file per endpoint.

pub(crate) mod de;
mod enums;
mod product_coupon;
pub(crate) mod rfc3339;
mod stock;
mod text;
mod user_coupon;

pub use enums::*;
pub use product_coupon::*;
pub(crate) use rfc3339::format_wire;
pub use rfc3339::Rfc3339;
pub use stock::*;
pub use text::Text;
pub use user_coupon::*;

/// Converts a borrowed view into an owned, `'static` value, for callers who keep results
/// beyond the response buffer.
///
/// ```
/// use wechatpay_product_coupon::model::{IntoOwned, Text};
/// let owned: Text<'static> = {
///     let buffer = String::from("kept");
///     Text::new(buffer.as_str()).into_owned()
/// };
/// assert_eq!(owned, "kept");
/// ```
pub trait IntoOwned {
    /// The owned form.
    type Owned: 'static;
    /// Copies every borrowed string.
    ///
    /// ```
    /// use wechatpay_product_coupon::endpoint::ResponseModel;
    /// use wechatpay_product_coupon::model::{IntoOwned, ProductCoupon};
    /// let product: ProductCoupon = {
    ///     let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/update_response_example_S2.json"))?;
    ///     ProductCoupon::parse(&body)?.into_owned() // outlives `body`
    /// };
    /// assert_eq!(product.product_coupon_id, "1000000013");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn into_owned(self) -> Self::Owned;
}

impl<T: IntoOwned> IntoOwned for Option<T> {
    type Owned = Option<T::Owned>;
    fn into_owned(self) -> Self::Owned {
        self.map(T::into_owned)
    }
}

impl<T: IntoOwned> IntoOwned for Vec<T> {
    type Owned = Vec<T::Owned>;
    fn into_owned(self) -> Self::Owned {
        self.into_iter().map(T::into_owned).collect()
    }
}

impl IntoOwned for i64 {
    type Owned = i64;
    fn into_owned(self) -> i64 {
        self
    }
}

/// Declares a borrowed response struct (`Deserialize` borrowing from the body, `Serialize`
/// for storage) and its [`IntoOwned`] impl. Every field whose type has the lifetime `'a`
/// needs `#[serde(borrow)]`; forgetting it is a compile error, never a silent copy.
macro_rules! view {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
        #[non_exhaustive]
        pub struct $name<'a> {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl<'a> $crate::model::IntoOwned for $name<'a> {
            type Owned = $name<'static>;
            fn into_owned(self) -> $name<'static> {
                $name { $( $field: $crate::model::IntoOwned::into_owned(self.$field), )* }
            }
        }
    };
}

/// Declares a response struct without borrowed data (numbers only).
macro_rules! plain_view {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fmeta])* #[serde(default)] pub $field: $ty, )*
        }

        impl $crate::model::IntoOwned for $name {
            type Owned = $name;
            fn into_owned(self) -> $name {
                self
            }
        }
    };
}

pub(crate) use {plain_view, view};

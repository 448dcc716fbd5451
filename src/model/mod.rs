//! Request and response models of the three endpoints.
//!
//! * [`request`]: owned request types, serialized to the exact body bytes that are signed,
//!   and validated before any I/O.
//! * [`response`]: zero-copy views that borrow from the verified body buffer; strings are
//!   `Cow<'a, str>` (borrowed unless the JSON text has escapes), enums keep unknown values,
//!   unknown fields are ignored. [`IntoOwned`] turns a view into a `'static` value.

pub(crate) mod de;
mod enums;
pub mod request;
pub mod response;
mod time_text;

pub use enums::*;
#[cfg(feature = "sandbox")]
pub(crate) use time_text::format_wire_string;
pub use time_text::Rfc3339;

use std::borrow::Cow;

/// Converts a borrowed view into an owned, `'static` value, for callers who keep results
/// beyond the response buffer.
pub trait IntoOwned {
    /// The owned form.
    type Owned: 'static;
    /// Copies every borrowed string.
    fn into_owned(self) -> Self::Owned;
}

impl IntoOwned for Cow<'_, str> {
    type Owned = Cow<'static, str>;
    fn into_owned(self) -> Cow<'static, str> {
        Cow::Owned(Cow::into_owned(self))
    }
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

/// Declares a borrowed response struct and its [`IntoOwned`] impl.
macro_rules! view {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
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

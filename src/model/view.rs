//! The macros that declare response views: every view derives `Deserialize` (borrowing),
//! `Serialize` (storage), and gets its [`IntoOwned`](super::IntoOwned) impl.

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

        impl $crate::model::de::HasView for $name<'static> {
            type View<'de> = $name<'de>;
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

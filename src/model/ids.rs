//! Typed identifiers: one newtype per identifier a request carries, so that passing a stock ID
//! where an OpenID belongs does not compile.
//!
//! Each is built from a string with `new` (or `TryFrom`), which checks it once: not empty, at
//! most its documented length, and only the characters `0-9 A-Z a-z _ -` (the spec's rule for
//! request numbers and coupon codes; WeChat Pay's generated IDs are digits or base64url text,
//! so this also keeps every path parameter free of `/`, `.`, `%` and control characters).
//! Deserializing checks the same rules; serializing writes the plain string.
//!
//! | type | field | length | source |
//! | --- | --- | --- | --- |
//! | [`OpenId`] | `openid` | 1-128 | path parameter, no documented length (OpenIDs are 28) |
//! | [`AppId`] | `appid` | 1-32 | no documented length (AppIDs are 18) |
//! | [`ProductCouponId`] | `product_coupon_id` | 1-40 | `string(40)` in `ProductCouponEntity` |
//! | [`StockId`] | `stock_id` | 1-40 | `string(40)` in `StockEntity` |
//! | [`BrandId`] | `brand_id` | 1-40 | no documented length (examples: 6 digits) |
//! | [`CouponCode`] | `coupon_code` | 1-40 | `string(40)`, `[0-9A-Za-z_-]` (send, code upload) |
//! | [`RequestNo`] | `out_request_no` | 6-40 | `string(40)`, 6-40 of `[0-9A-Za-z_-]` |
//! | [`SendRequestNo`] | `send_request_no` | 6-128 | `string(128)`, 6-128 of `[0-9A-Za-z_-]` |
//!
//! ```
//! use wechatpay_product_coupon::ids::{OpenId, StockId};
//! let openid = OpenId::new("oh-394z-6CGkNoJrsDLTTUKiAnp4")?;
//! assert_eq!(openid.as_str(), "oh-394z-6CGkNoJrsDLTTUKiAnp4");
//! let err = StockId::new("1000000013001/../x").unwrap_err();
//! assert!(err.to_string().contains("stock_id"));
//! # Ok::<(), wechatpay_product_coupon::Error>(())
//! ```

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// Checks `value` as `field`: `min` to `max` characters of `[0-9A-Za-z_-]`.
pub(crate) fn check_code(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid(field, "is required and must not be empty"));
    }
    let bad = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'));
    if let Some(c) = bad {
        return Err(Error::invalid(
            field,
            format!("may contain only 0-9 A-Z a-z _ -, found {c:?}"),
        ));
    }
    // Only ASCII is left, so bytes are characters.
    let len = value.len();
    if !(min..=max).contains(&len) {
        return Err(Error::invalid(
            field,
            format!("must be {min} to {max} characters, found {len}"),
        ));
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $field:literal, $min:literal, $max:literal, $example:literal) => {
        $(#[$doc])*
        #[doc = concat!("\n\n`", stringify!($min), "` to `", stringify!($max),
            "` characters of `[0-9A-Za-z_-]`; errors name the field `", $field, "`.\n\n",
            "```\n",
            "use wechatpay_product_coupon::ids::", stringify!($name), ";\n",
            "let id = ", stringify!($name), "::new(\"", $example, "\")?;\n",
            "assert_eq!(id.as_str(), \"", $example, "\");\n",
            "assert_eq!(id.to_string(), \"", $example, "\");\n",
            "assert!(", stringify!($name), "::new(\"\").unwrap_err().to_string().contains(\"", $field, "\"));\n",
            "assert!(", stringify!($name), "::new(\"a b\").is_err());\n",
            "# Ok::<(), wechatpay_product_coupon::Error>(())\n",
            "```")]
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The field this identifier fills, as errors name it.
            pub const FIELD: &'static str = $field;
            /// The fewest characters accepted.
            pub const MIN_LEN: usize = $min;
            /// The most characters accepted.
            pub const MAX_LEN: usize = $max;

            #[doc = concat!("Checks `value` and wraps it; the error names `", $field,
                "` and the rule it breaks.\n\n```\n",
                "use wechatpay_product_coupon::ids::", stringify!($name), ";\n",
                "let id = ", stringify!($name), "::new(String::from(\"", $example, "\"))?;\n",
                "assert_eq!(id, \"", $example, "\");\n",
                "# Ok::<(), wechatpay_product_coupon::Error>(())\n```")]
            pub fn new(value: impl Into<String>) -> Result<Self, Error> {
                let value = value.into();
                check_code($field, &value, $min, $max)?;
                Ok($name(value))
            }

            #[doc = concat!("The identifier as text.\n\n```\n",
                "use wechatpay_product_coupon::ids::", stringify!($name), ";\n",
                "let id = ", stringify!($name), "::try_from(\"", $example, "\")?;\n",
                "assert_eq!(id.as_str(), \"", $example, "\");\n",
                "# Ok::<(), wechatpay_product_coupon::Error>(())\n```")]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            #[doc = concat!("The identifier's `String`.\n\n```\n",
                "use wechatpay_product_coupon::ids::", stringify!($name), ";\n",
                "let s: String = ", stringify!($name), "::new(\"", $example, "\")?.into_string();\n",
                "assert_eq!(s, \"", $example, "\");\n",
                "# Ok::<(), wechatpay_product_coupon::Error>(())\n```")]
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<&str> for $name {
            type Error = Error;
            fn try_from(value: &str) -> Result<Self, Error> {
                $name::new(value)
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(value: String) -> Result<Self, Error> {
                $name::new(value)
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(value: &str) -> Result<Self, Error> {
                $name::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                $name::new(value).map_err(serde::de::Error::custom)
            }
        }
    };
}

id_type!(
    /// A user's OpenID under an AppID (`openid`, a path parameter).
    OpenId, "openid", 1, 128, "oh-394z-6CGkNoJrsDLTTUKiAnp4"
);
id_type!(
    /// An AppID bound to the service provider (`appid`), under which OpenIDs are issued.
    AppId, "appid", 1, 32, "wx233544546545989"
);
id_type!(
    /// A product coupon's ID (`product_coupon_id`, 商品券ID), assigned by WeChat Pay.
    ProductCouponId, "product_coupon_id", 1, 40, "1000000013"
);
id_type!(
    /// A stock's ID (`stock_id`, 批次ID), assigned by WeChat Pay.
    StockId, "stock_id", 1, 40, "1000000013001"
);
id_type!(
    /// A brand's ID (`brand_id`, 品牌ID), assigned by WeChat Pay.
    BrandId, "brand_id", 1, 40, "120344"
);
id_type!(
    /// A user coupon's code (`coupon_code`, 用户商品券Code), a path parameter.
    CouponCode, "coupon_code", 1, 40, "Code_123456"
);
id_type!(
    /// A request number (`out_request_no`): the idempotency key of a write. Resend the same
    /// number (with the same request) to retry.
    RequestNo, "out_request_no", 6, 40, "MCHUSE202003101234"
);
id_type!(
    /// A send's request number (`send_request_no`, 发券请求单号): the idempotency key of a send.
    SendRequestNo, "send_request_no", 6, 128, "MCHSEND202003101234"
);
id_type!(
    /// An image-generation task's ID (`task_id`, 任务ID), chosen by the service provider and
    /// unique: the task's idempotency key.
    ImageGenerationTaskId, "task_id", 6, 40, "image_generation_task_1"
);

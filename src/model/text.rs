//! [`Text`]: the string type of every response model. It borrows from the verified body by
//! construction (its `Deserialize` asks serde for a borrowed `&str`), in plain fields,
//! `Option<Text>` and `Vec<Text>` alike, and owns its text only when the JSON string had
//! escapes. A model field cannot silently allocate by forgetting an attribute: without
//! `#[serde(borrow)]` it does not compile.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

use crate::model::de::CowStrVisitor;
use crate::model::IntoOwned;

/// A string of a response, borrowed from the body unless it had JSON escapes.
///
/// Derefs to `str` and compares with `str`:
///
/// ```
/// use wechatpay_product_coupon::model::Text;
/// let body = br#""Code_123456""#;
/// let code: Text<'_> = serde_json::from_slice(body)?;
/// assert_eq!(code, "Code_123456");
/// assert!(code.is_borrowed());
/// assert_eq!(code.len(), 11);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// Wraps a borrowed or owned string.
    ///
    /// ```
    /// # use wechatpay_product_coupon::model::Text;
    /// assert_eq!(Text::new("x").as_str(), "x");
    /// ```
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Text(text.into())
    }

    /// The text.
    ///
    /// ```
    /// # use wechatpay_product_coupon::model::Text;
    /// assert_eq!(Text::new(String::from("x")).as_str(), "x");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text borrows from the buffer it was parsed from (no allocation).
    ///
    /// ```
    /// # use wechatpay_product_coupon::model::Text;
    /// let escaped: Text<'_> = serde_json::from_str(r#""a\"b""#)?;
    /// assert!(!escaped.is_borrowed());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }

    /// The text as a `Cow`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::model::Text;
    /// let s: String = Text::new("x").into_cow().into_owned();
    /// assert_eq!(s, "x");
    /// ```
    pub fn into_cow(self) -> Cow<'a, str> {
        self.0
    }
}

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text<'_> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text<'_> {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text<'_>> for str {
    fn eq(&self, other: &Text<'_>) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text<'_>> for &str {
    fn eq(&self, other: &Text<'_>) -> bool {
        **self == *other.0
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Self {
        Text(Cow::Borrowed(s))
    }
}

impl From<String> for Text<'_> {
    fn from(s: String) -> Self {
        Text(Cow::Owned(s))
    }
}

impl From<Text<'_>> for String {
    fn from(t: Text<'_>) -> Self {
        t.0.into_owned()
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(CowStrVisitor).map(Text)
    }
}

impl serde::Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl IntoOwned for Text<'_> {
    type Owned = Text<'static>;
    fn into_owned(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_plain_strings_in_options_and_lists() {
        #[derive(serde::Deserialize)]
        struct S<'a> {
            #[serde(borrow)]
            a: Option<Text<'a>>,
            #[serde(borrow)]
            b: Vec<Text<'a>>,
        }
        let body = br#"{"a":"x","b":["y","z\n"]}"#;
        let s: Result<S<'_>, _> = serde_json::from_slice(body);
        let s = s.ok();
        let a = s.as_ref().and_then(|s| s.a.as_ref());
        assert!(a.is_some_and(|a| a.is_borrowed() && a == "x"));
        let b = s.as_ref().map(|s| &s.b[..]).unwrap_or_default();
        assert!(b[0].is_borrowed());
        assert!(!b[1].is_borrowed());
        assert_eq!(b[1], "z\n");
    }
}

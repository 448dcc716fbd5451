//! Deserialization helpers of the response models: the borrowing string visitor behind
//! [`Text`](crate::model::Text), and lists that accept `null`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, SeqAccess, Visitor};

/// Produces a `Cow<'de, str>`: borrowed when the input allows it.
pub(crate) struct CowStrVisitor;

impl<'de> Visitor<'de> for CowStrVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// `Vec<T>` where `null` is an empty list (absent needs `#[serde(default)]`).
pub(crate) fn vec_or_null<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    struct SeqVisitor<T>(PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for SeqVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    d.deserialize_option(SeqVisitor(PhantomData))
}

/// An owned shape (`Shape<'static>`) and its borrowing form: how a request field of a shape
/// that responses also use is read from input that does not outlive it. `view!` implements
/// it for every view.
pub(crate) trait HasView: Sized + serde::Serialize {
    /// The same shape, borrowing from input that lives for `'de`.
    type View<'de>: serde::Deserialize<'de> + crate::model::IntoOwned<Owned = Self>;
}

/// A list of shapes reads as a list of their views.
impl<T: HasView> HasView for Vec<T> {
    type View<'de> = Vec<T::View<'de>>;
}

/// `deserialize_with` for a request field holding a shape (`Shape<'static>`): reads it, then
/// refuses any field the shape does not have, naming it. Responses read shapes leniently
/// (new fields must not break a client); a request's JSON is the caller's own, where an
/// unknown field is a typo that would otherwise be dropped silently.
pub(crate) fn owned<'de, D: Deserializer<'de>, T: HasView>(d: D) -> Result<T, D::Error> {
    use serde::de::Error as _;
    use serde::Deserialize as _;
    let input = serde_json::Value::deserialize(d)?;
    let view = T::View::deserialize(&input).map_err(D::Error::custom)?;
    let shape = crate::model::IntoOwned::into_owned(view);
    let kept = serde_json::to_value(&shape).map_err(D::Error::custom)?;
    match dropped(&input, &kept) {
        Some(path) => Err(D::Error::custom(format!(
            "unknown field `{path}`: no such field in this object; check its spelling"
        ))),
        None => Ok(shape),
    }
}

/// The path of the first field of `input` that `kept` (the same value read and written
/// back) lost; a `null` or empty field may be omitted when written, so it does not count.
fn dropped(input: &serde_json::Value, kept: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match (input, kept) {
        (Value::Object(input), Value::Object(kept)) => {
            input.iter().find_map(|(key, value)| match kept.get(key) {
                Some(k) => dropped(value, k).map(|inner| match inner.starts_with('[') {
                    true => format!("{key}{inner}"),
                    false => format!("{key}.{inner}"),
                }),
                None if is_empty(value) => None,
                None => Some(key.clone()),
            })
        }
        (Value::Array(input), Value::Array(kept)) => input
            .iter()
            .zip(kept)
            .enumerate()
            .find_map(|(i, (v, k))| dropped(v, k).map(|inner| format!("[{i}].{inner}"))),
        _ => None,
    }
}

fn is_empty(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

//! Splits a request's travel form (its `Serialize` output) into request-target and body in one
//! pass: a serde `Serializer` that sees the struct's fields by name, captures those named in
//! the path template, and writes the others to the JSON body (or the query string).
//!
//! One source of truth per endpoint: the struct's fields and the path template. Nothing is
//! listed twice, so a new field cannot be forgotten in the body.

use std::fmt;

use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

use crate::error::Error;
use crate::protocol::target::{check_path_param, encode_segment, push_query_pair};

/// Where the fields of a request that are not path parameters go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Params {
    /// A JSON body (POST, PATCH).
    JsonBody,
    /// The query string, in field order (GET).
    Query,
    /// A `multipart/form-data` upload: the request's `meta` field is the JSON `meta` part
    /// (the bytes that are signed), its `file` field the file part
    /// ([`ApiRequest::file_part`](crate::endpoint::ApiRequest::file_part)); it has no other
    /// fields but path parameters.
    Multipart,
}

/// The names of a path template's `{…}` parameters, in order.
pub(crate) fn template_params(template: &'static str) -> impl Iterator<Item = &'static str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// The field of a multipart request that is the JSON `meta` part.
pub(crate) const MULTIPART_META: &str = "meta";
/// The field of a multipart request that is the file part.
pub(crate) const MULTIPART_FILE: &str = "file";

/// Splits `req` for the path `template`: returns the request-target and, for
/// [`Params::JsonBody`], the body.
pub(crate) fn encode<R: Serialize + ?Sized>(
    req: &R,
    template: &'static str,
    params: Params,
) -> Result<(String, Option<Vec<u8>>), Error> {
    let mut parts = Parts {
        names: template_params(template).collect(),
        path_values: Vec::new(),
        query: Vec::new(),
        body: match params {
            Params::JsonBody | Params::Multipart => Some(Vec::with_capacity(256)),
            Params::Query => None,
        },
        multipart: params == Params::Multipart,
    };
    req.serialize(Top { parts: &mut parts })
        .map_err(|EncodeError(e)| e)?;
    assemble(template, parts)
}

/// Builds the request-target from the collected parts; not generic, so one copy serves
/// every request type.
fn assemble(template: &'static str, parts: Parts) -> Result<(String, Option<Vec<u8>>), Error> {
    let mut target = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        target.push_str(&rest[..open]);
        let Some((name, after)) = rest[open + 1..].split_once('}') else {
            return Err(Error::invalid(
                "path",
                format!("the path template {template:?} has an unclosed `{{`"),
            ));
        };
        let value = parts
            .path_values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| {
                Error::invalid(
                    path_field(template, name),
                    "is a path parameter and is required",
                )
            })?;
        encode_segment(value, &mut target);
        rest = after;
    }
    target.push_str(rest);
    for (key, value) in &parts.query {
        push_query_pair(&mut target, key, value);
    }
    Ok((target, parts.body))
}

/// The `&'static str` field name matching a template parameter (for errors).
fn path_field(template: &'static str, name: &str) -> &'static str {
    template_params(template)
        .find(|p| *p == name)
        .unwrap_or("path")
}

/// What the serializer collects.
struct Parts {
    /// The path template's parameter names.
    names: Vec<&'static str>,
    path_values: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    /// The JSON body being written (`Params::JsonBody`), or the `meta` part
    /// (`Params::Multipart`).
    body: Option<Vec<u8>>,
    /// `Params::Multipart`: only `meta` (written as is) and `file` (sent as the file part).
    multipart: bool,
}

/// An [`Error`] travelling through serde.
#[derive(Debug)]
struct EncodeError(Error);

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for EncodeError {}

impl ser::Error for EncodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        EncodeError(Error::invalid("body", msg.to_string()))
    }
}

/// Re-labels a serialization failure with the field it happened in (not generic: one copy).
#[inline(never)]
fn in_field(field: &'static str, e: &dyn fmt::Display) -> EncodeError {
    EncodeError(Error::invalid(field, e.to_string()))
}

/// The top-level serializer: accepts a struct only.
struct Top<'p> {
    parts: &'p mut Parts,
}

/// The fields of the top-level struct.
struct Fields<'p> {
    parts: &'p mut Parts,
    /// Whether a body field was written (commas).
    wrote_field: bool,
}

/// Where a top-level field goes.
enum Place<'b> {
    /// A path parameter (as text).
    Path,
    /// A query parameter (as text).
    Query,
    /// JSON into this buffer (the key and separators are already written).
    Json(&'b mut Vec<u8>),
    /// Nowhere: a multipart request's file, sent as the file part.
    Skip,
}

impl Fields<'_> {
    /// Where the field `key` goes; for the JSON body, writes its key. Not generic, so one
    /// copy serves every field type.
    #[inline(never)]
    fn place(&mut self, key: &'static str) -> Result<Place<'_>, EncodeError> {
        let parts = &mut *self.parts;
        if parts.names.contains(&key) {
            return Ok(Place::Path);
        }
        if parts.multipart {
            return match (key, &mut parts.body) {
                (MULTIPART_FILE, _) => Ok(Place::Skip),
                (MULTIPART_META, Some(body)) => Ok(Place::Json(body)),
                _ => Err(in_field(
                    key,
                    &"is not a field of a multipart upload, which carries only `meta` and `file`",
                )),
            };
        }
        match &mut parts.body {
            Some(body) => {
                body.push(if self.wrote_field { b',' } else { b'{' });
                self.wrote_field = true;
                serde_json::to_writer(&mut *body, key).map_err(|e| in_field(key, &e))?;
                body.push(b':');
                Ok(Place::Json(body))
            }
            None => Ok(Place::Query),
        }
    }

    /// Records a path parameter's value, checked.
    #[inline(never)]
    fn path_value(&mut self, key: &'static str, text: Option<String>) -> Result<(), EncodeError> {
        let text = text.ok_or_else(|| in_field(key, &"is a path parameter and is required"))?;
        check_path_param(key, &text).map_err(EncodeError)?;
        self.parts.path_values.push((key, text));
        Ok(())
    }
}

impl<'p> SerializeStruct for Fields<'p> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        // Only the two `serialize` calls depend on `T`; the rest is one shared copy.
        match self.place(key)? {
            Place::Json(body) => value
                .serialize(&mut serde_json::Serializer::new(body))
                .map_err(|e| in_field(key, &e)),
            Place::Skip => Ok(()),
            Place::Path => {
                let text = value.serialize(Scalar).map_err(|e| in_field(key, &e))?;
                self.path_value(key, text)
            }
            Place::Query => {
                let text = value.serialize(Scalar).map_err(|e| in_field(key, &e))?;
                if let Some(text) = text {
                    self.parts.query.push((key, text));
                }
                Ok(())
            }
        }
    }

    fn end(self) -> Result<(), EncodeError> {
        if self.parts.multipart {
            return match &self.parts.body {
                Some(meta) if !meta.is_empty() => Ok(()),
                _ => Err(in_field(
                    MULTIPART_META,
                    &"is required in a multipart upload",
                )),
            };
        }
        if let Some(body) = &mut self.parts.body {
            if !self.wrote_field {
                body.push(b'{');
            }
            body.push(b'}');
        }
        Ok(())
    }
}

/// Rejects every shape but a struct, with one message.
macro_rules! only_structs {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<(), EncodeError> {
            Err(EncodeError(Error::invalid("body", "a request must serialize as a struct")))
        })*
    };
}

impl<'p> Serializer for Top<'p> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = Impossible<(), EncodeError>;
    type SerializeTuple = Impossible<(), EncodeError>;
    type SerializeTupleStruct = Impossible<(), EncodeError>;
    type SerializeTupleVariant = Impossible<(), EncodeError>;
    type SerializeMap = Impossible<(), EncodeError>;
    type SerializeStruct = Fields<'p>;
    type SerializeStructVariant = Impossible<(), EncodeError>;

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Fields<'p>, EncodeError> {
        Ok(Fields {
            parts: self.parts,
            wrote_field: false,
        })
    }

    only_structs! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), EncodeError> {
        Err(EncodeError(Error::invalid(
            "body",
            "a request must serialize as a struct",
        )))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), EncodeError> {
        Err(EncodeError(Error::invalid(
            "body",
            "a request must serialize as a struct",
        )))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, EncodeError> {
        Err(EncodeError(Error::invalid(
            "body",
            "a request must serialize as a struct",
        )))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, EncodeError> {
        Err(EncodeError(Error::invalid(
            "body",
            "a request must serialize as a struct",
        )))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, EncodeError> {
        Err(EncodeError(Error::invalid(
            "body",
            "a request must serialize as a struct",
        )))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, EncodeError> {
        Err(EncodeError(Error::invalid(
            "body",
            "a request must serialize as a struct",
        )))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, EncodeError> {
        Err(EncodeError(Error::invalid(
            "body",
            "a request must serialize as a struct (#[serde(flatten)] is not supported)",
        )))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, EncodeError> {
        Err(EncodeError(Error::invalid(
            "body",
            "a request must serialize as a struct",
        )))
    }
}

/// Captures a scalar (path parameter or query value) as text; `None` for an absent option.
struct Scalar;

type ScalarResult = Result<Option<String>, EncodeError>;

fn not_scalar() -> ScalarResult {
    Err(EncodeError(Error::invalid(
        "query",
        "must be a string, number, boolean or unit enum value",
    )))
}

macro_rules! scalar_display {
    ($($method:ident($ty:ty);)*) => {
        $(fn $method(self, v: $ty) -> ScalarResult {
            Ok(Some(v.to_string()))
        })*
    };
}

impl Serializer for Scalar {
    type Ok = Option<String>;
    type Error = EncodeError;
    type SerializeSeq = Impossible<Option<String>, EncodeError>;
    type SerializeTuple = Impossible<Option<String>, EncodeError>;
    type SerializeTupleStruct = Impossible<Option<String>, EncodeError>;
    type SerializeTupleVariant = Impossible<Option<String>, EncodeError>;
    type SerializeMap = Impossible<Option<String>, EncodeError>;
    type SerializeStruct = Impossible<Option<String>, EncodeError>;
    type SerializeStructVariant = Impossible<Option<String>, EncodeError>;

    scalar_display! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_char(char); serialize_str(&str);
    }

    fn serialize_f32(self, _: f32) -> ScalarResult {
        not_scalar()
    }
    fn serialize_f64(self, _: f64) -> ScalarResult {
        not_scalar()
    }
    fn serialize_bytes(self, _: &[u8]) -> ScalarResult {
        not_scalar()
    }
    fn serialize_none(self) -> ScalarResult {
        Ok(None)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> ScalarResult {
        value.serialize(self)
    }
    fn serialize_unit(self) -> ScalarResult {
        Ok(None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> ScalarResult {
        Ok(None)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> ScalarResult {
        Ok(Some(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> ScalarResult {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> ScalarResult {
        not_scalar()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, EncodeError> {
        Err(EncodeError(Error::invalid(
            "query",
            "lists are not supported",
        )))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, EncodeError> {
        Err(EncodeError(Error::invalid(
            "query",
            "tuples are not supported",
        )))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, EncodeError> {
        Err(EncodeError(Error::invalid(
            "query",
            "tuples are not supported",
        )))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, EncodeError> {
        Err(EncodeError(Error::invalid(
            "query",
            "tuples are not supported",
        )))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, EncodeError> {
        Err(EncodeError(Error::invalid(
            "query",
            "objects are not supported",
        )))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, EncodeError> {
        Err(EncodeError(Error::invalid(
            "query",
            "objects are not supported",
        )))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, EncodeError> {
        Err(EncodeError(Error::invalid(
            "query",
            "objects are not supported",
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes with a JSON body for `/v3/a/{x}/b/{y}/c`.
    fn body(req: &impl Serialize) -> Result<(String, Option<Vec<u8>>), Error> {
        encode(req, "/v3/a/{x}/b/{y}/c", Params::JsonBody)
    }

    /// Encodes with a query for `/v3/q/{x}`.
    fn query(req: &impl Serialize) -> Result<(String, Option<Vec<u8>>), Error> {
        encode(req, "/v3/q/{x}", Params::Query)
    }

    #[derive(serde::Serialize)]
    struct Req {
        k: &'static str,
        y: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        opt: Option<u32>,
        x: &'static str,
        n: u64,
    }

    #[test]
    fn path_fields_leave_the_body_and_fill_the_template_in_any_order() {
        let req = Req {
            k: "值",
            y: "a b",
            opt: None,
            x: "x/1",
            n: 7,
        };
        let e = body(&req).ok();
        assert_eq!(
            e,
            Some((
                "/v3/a/x%2F1/b/a%20b/c".to_owned(),
                Some(r#"{"k":"值","n":7}"#.as_bytes().to_vec())
            ))
        );
    }

    #[test]
    fn get_fields_go_to_the_query_in_field_order_and_none_is_omitted() {
        let req = Req {
            k: "a&b",
            y: "y",
            opt: Some(3),
            x: "X",
            n: 0,
        };
        let e = query(&req).ok();
        assert_eq!(e, Some(("/v3/q/X?k=a%26b&y=y&opt=3&n=0".to_owned(), None)));
    }

    #[test]
    fn a_body_without_fields_is_an_empty_object() {
        #[derive(serde::Serialize)]
        struct OnlyPath {
            x: &'static str,
            y: &'static str,
        }
        let e = body(&OnlyPath { x: "1", y: "2" }).ok().and_then(|e| e.1);
        assert_eq!(e.as_deref(), Some(&b"{}"[..]));
    }

    #[test]
    fn bad_or_missing_path_values_name_their_field() {
        #[derive(serde::Serialize)]
        struct MissingY {
            x: &'static str,
        }
        let err = body(&MissingY { x: "1" }).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("`y`") && e.contains("required")));
        let req = Req {
            k: "",
            y: "..",
            opt: None,
            x: "1",
            n: 0,
        };
        let err = body(&req).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("`y`") && e.contains("dot segment")));
    }

    #[test]
    fn non_structs_are_refused() {
        assert!(body(&"text").is_err());
        assert!(body(&std::collections::BTreeMap::from([("x", "1")])).is_err());
    }
}

//! The body rules of the gateway, one module per resource: each endpoint's request body is
//! checked as the real gateway checks it (`PARAM_ERROR` naming the field, with the gateway's
//! Chinese messages), and read into a borrowed form the store applies. Pure: no I/O, no
//! state. This file holds what every resource shares: typed field access ([`Fields`]), the
//! query string ([`Query`]) and the common format checks.

pub(crate) mod deactivate;
pub(crate) mod media;
pub(crate) mod notify_configs;
pub(crate) mod product_coupons;
pub(crate) mod stock_codes;
pub(crate) mod stock_stores;
pub(crate) mod user_coupons;

use serde_json::{Map, Value};

use super::error::GatewayError;

/// The query string of a GET request, decoded.
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes `name=value&…` (percent-encoding, `+` as space). A repeated name is a
    /// `PARAM_ERROR`; names the endpoint does not know are ignored.
    pub(crate) fn parse(query: &str) -> Result<Self, GatewayError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = percent_decode_query(name)?;
            if pairs.iter().any(|(n, _)| *n == name) {
                return Err(GatewayError::param(format!("参数 {name} 重复")));
            }
            pairs.push((name, percent_decode_query(value)?));
        }
        Ok(Query { pairs })
    }

    /// A parameter that must be present and non-empty.
    pub(crate) fn required(&self, name: &str) -> Result<&str, GatewayError> {
        self.optional(name)?
            .ok_or_else(|| GatewayError::param(format!("缺少必填参数 {name}")))
    }

    /// A parameter that, when present, is non-empty.
    pub(crate) fn optional(&self, name: &str) -> Result<Option<&str>, GatewayError> {
        match self.pairs.iter().find(|(n, _)| n == name) {
            None => Ok(None),
            Some((_, v)) if v.is_empty() => {
                Err(GatewayError::param(format!("参数 {name} 不能为空")))
            }
            Some((_, v)) => Ok(Some(v)),
        }
    }
}

/// Percent-decodes a query component (`+` is a space, as in forms).
fn percent_decode_query(text: &str) -> Result<String, GatewayError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| GatewayError::param("查询参数的百分号编码错误"))?;
                out.push(hex);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| GatewayError::param("查询参数不是 UTF-8"))
}

/// Validates `out_request_no`: 6–40 characters of `[0-9A-Za-z_-]`.
fn parse_out_request_no<'a>(fields: &Fields<'a>) -> Result<&'a str, GatewayError> {
    let value = fields.required_str("out_request_no")?;
    check_code_text("out_request_no", value, 6, 40)?;
    Ok(value)
}

/// `min` to `max` characters of `[0-9A-Za-z_-]` (request numbers, coupon codes).
fn check_code_text(name: &str, value: &str, min: usize, max: usize) -> Result<(), GatewayError> {
    let valid_chars = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if valid_chars && (min..=max).contains(&value.len()) {
        Ok(())
    } else {
        Err(GatewayError::param(format!(
            "参数 {name} 格式错误：须为 {min}-{max} 位数字、大小写字母、下划线或短横线"
        )))
    }
}

/// Checks that `value` has between `min` and `max` characters (not bytes).
fn check_char_count(path: &str, value: &str, min: usize, max: usize) -> Result<(), GatewayError> {
    let count = value.chars().count();
    if (min..=max).contains(&count) {
        Ok(())
    } else {
        Err(GatewayError::param(format!(
            "参数 {path} 长度须为 {min}-{max} 个字符，实际为 {count} 个"
        )))
    }
}

/// Typed access to the fields of a JSON object in a request body, with
/// gateway-style `PARAM_ERROR`s naming the offending field.
struct Fields<'a> {
    /// The object itself.
    value: &'a Value,
    /// Its fields.
    map: &'a Map<String, Value>,
    /// Dotted path of the object in the body ("" for the body itself).
    prefix: String,
}

impl<'a> Fields<'a> {
    /// Checks the overall body shape: a JSON object, no `null` anywhere, and
    /// none of the path parameters repeated in the body.
    fn body(body: &'a Value, path_params: &[&str]) -> Result<Self, GatewayError> {
        let map = body
            .as_object()
            .ok_or_else(|| GatewayError::param("请求包体必须是 JSON 对象"))?;
        reject_nulls(body, "")?;
        if let Some(name) = path_params.iter().find(|name| map.contains_key(**name)) {
            return Err(GatewayError::param(format!(
                "参数 {name} 是路径参数，不能出现在请求包体中"
            )));
        }
        Ok(Fields {
            value: body,
            map,
            prefix: String::new(),
        })
    }

    /// The dotted path of field `name`.
    fn path(&self, name: &str) -> String {
        child_path(&self.prefix, name)
    }

    /// A "wrong type" error for field `name`.
    fn type_error(&self, name: &str, expected: &str) -> GatewayError {
        GatewayError::param(format!("参数 {} 类型错误，应为{expected}", self.path(name)))
    }

    /// A required non-empty string.
    fn required_str(&self, name: &str) -> Result<&'a str, GatewayError> {
        self.optional_str(name)?
            .ok_or_else(|| GatewayError::param(format!("缺少必填参数 {}", self.path(name))))
    }

    /// An optional string, which must be non-empty when present.
    fn optional_str(&self, name: &str) -> Result<Option<&'a str>, GatewayError> {
        match self.map.get(name) {
            None => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Err(GatewayError::param(format!(
                "参数 {} 不能为空",
                self.path(name)
            ))),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.type_error(name, "字符串")),
        }
    }

    /// A required object.
    fn required_object(&self, name: &str) -> Result<Fields<'a>, GatewayError> {
        self.optional_object(name)?
            .ok_or_else(|| GatewayError::param(format!("缺少必填参数 {}", self.path(name))))
    }

    /// An optional object.
    fn optional_object(&self, name: &str) -> Result<Option<Fields<'a>>, GatewayError> {
        match self.map.get(name) {
            None => Ok(None),
            Some(value @ Value::Object(map)) => Ok(Some(Fields {
                value,
                map,
                prefix: self.path(name),
            })),
            Some(_) => Err(self.type_error(name, "对象")),
        }
    }

    /// An optional array.
    fn optional_array(&self, name: &str) -> Result<Option<&'a Vec<Value>>, GatewayError> {
        match self.map.get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(self.type_error(name, "数组")),
        }
    }

    /// An optional non-negative integer.
    fn optional_u64(&self, name: &str) -> Result<Option<u64>, GatewayError> {
        match self.map.get(name) {
            None => Ok(None),
            Some(value) => value
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.type_error(name, "非负整数")),
        }
    }

    /// Checks that item `index` of array field `name` is a non-empty string.
    fn array_str(&self, name: &str, items: &[Value], index: usize) -> Result<(), GatewayError> {
        let path = format!("{}[{index}]", self.path(name));
        match items.get(index) {
            Some(Value::String(s)) if !s.is_empty() => Ok(()),
            Some(Value::String(_)) => Err(GatewayError::param(format!("参数 {path} 不能为空"))),
            _ => Err(GatewayError::param(format!(
                "参数 {path} 类型错误，应为字符串"
            ))),
        }
    }

    /// Checks that item `index` of array field `name` is an object.
    fn array_object(&self, name: &str, items: &[Value], index: usize) -> Result<(), GatewayError> {
        match items.get(index) {
            Some(Value::Object(_)) => Ok(()),
            _ => Err(GatewayError::param(format!(
                "参数 {}[{index}] 类型错误，应为对象",
                self.path(name)
            ))),
        }
    }
}

/// `prefix.name`, or `name` at the top level.
fn child_path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Refuses `null` anywhere in `value`, naming where it was found.
fn reject_nulls(value: &Value, path: &str) -> Result<(), GatewayError> {
    match value {
        Value::Null => Err(GatewayError::param(format!("参数 {path} 不能为 null"))),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| reject_nulls(item, &format!("{path}[{i}]"))),
        Value::Object(map) => map
            .iter()
            .try_for_each(|(name, item)| reject_nulls(item, &child_path(path, name))),
        _ => Ok(()),
    }
}

/// Whether `s` is an RFC 3339 date-time, e.g. `2025-08-03T12:00:00+08:00`.
fn is_rfc3339(s: &str) -> bool {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_validator() {
        for good in [
            "2025-08-03T12:00:00+08:00",
            "2024-02-29T23:59:60Z",
            "2025-12-31t00:00:00.5-05:30",
        ] {
            assert!(is_rfc3339(good), "{good}");
        }
        for bad in [
            "",
            "2025-08-03",
            "2023-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-08-03T24:00:00Z",
            "2025-08-03T12:00:00",
            "2025-08-03T12:00:00.Z",
            "2025-08-03T12:00:00+8:00",
            "2025-08-03T12:00:00+24:00",
            "2025-08-03T12:00:00+08:00x",
            "２025-08-03T12:00:00Z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }
}

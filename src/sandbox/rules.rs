//! The body rules of the gateway: each endpoint's request body is checked as the real gateway
//! checks it (`PARAM_ERROR` naming the field, with the gateway's Chinese messages), and read
//! into a borrowed form the store applies. Pure: no I/O, no state.

use serde_json::{json, Map, Value};

use super::error::GatewayError;

/// The identifiers a use/deactivate request gives for its coupon.
pub(crate) struct CouponOwner<'a> {
    /// `product_coupon_id`.
    pub(crate) product_coupon_id: &'a str,
    /// `stock_id`.
    pub(crate) stock_id: &'a str,
    /// `appid`.
    pub(crate) appid: &'a str,
    /// `brand_id`.
    pub(crate) brand_id: &'a str,
}

impl<'a> CouponOwner<'a> {
    /// Reads the identifiers from a request body.
    fn parse(fields: &Fields<'a>) -> Result<Self, GatewayError> {
        Ok(CouponOwner {
            product_coupon_id: fields.required_str("product_coupon_id")?,
            stock_id: fields.required_str("stock_id")?,
            appid: fields.required_str("appid")?,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

/// A checked use (核销) request body.
pub(crate) struct UseBody<'a> {
    /// Which coupon the caller thinks it is.
    pub(crate) owner: CouponOwner<'a>,
    /// Idempotency number.
    pub(crate) out_request_no: &'a str,
    /// RFC 3339 use time.
    pub(crate) use_time: &'a str,
    /// `associated_order_info`, as sent.
    pub(crate) order_info: Option<&'a Value>,
    /// `associated_pay_score_order_info`, as sent.
    pub(crate) pay_score_order_info: Option<&'a Value>,
}

impl<'a> UseBody<'a> {
    /// Validates a use request body.
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["openid", "coupon_code"])?;
        let owner = CouponOwner::parse(&fields)?;
        let use_time = fields.required_str("use_time")?;
        if !is_rfc3339(use_time) {
            return Err(GatewayError::param(
                "参数 use_time 格式错误：须为 RFC 3339 时间，例如 2025-08-03T12:00:00+08:00",
            ));
        }
        let out_request_no = parse_out_request_no(&fields)?;
        fields.optional_str("store_id")?;
        let order_info = parse_order_info(
            &fields,
            "associated_order_info",
            "transaction_id",
            "out_trade_no",
        )?;
        let pay_score_order_info = parse_order_info(
            &fields,
            "associated_pay_score_order_info",
            "order_id",
            "out_order_no",
        )?;
        if order_info.is_none() && pay_score_order_info.is_none() {
            return Err(GatewayError::param(
                "associated_order_info 与 associated_pay_score_order_info 须至少传入一个",
            ));
        }
        Ok(UseBody {
            owner,
            out_request_no,
            use_time,
            order_info,
            pay_score_order_info,
        })
    }

    /// The entity fields recording this use.
    pub(crate) fn details(&self) -> Map<String, Value> {
        let mut usage = Map::new();
        usage.insert("use_request_no".into(), self.out_request_no.into());
        usage.insert("use_time".into(), self.use_time.into());
        let orders = [
            ("associated_order_info", self.order_info),
            ("associated_pay_score_order_info", self.pay_score_order_info),
        ];
        for (name, info) in orders {
            if let Some(info) = info {
                usage.insert(name.into(), info.clone());
            }
        }
        Map::from_iter([("single_usage_detail".to_owned(), Value::Object(usage))])
    }
}

/// A validated deactivate (失效) request body.
pub(crate) struct DeactivateBody<'a> {
    /// Which coupon the caller thinks it is.
    pub(crate) owner: CouponOwner<'a>,
    /// Idempotency number.
    pub(crate) out_request_no: &'a str,
    /// Why the coupon is deactivated.
    pub(crate) reason: &'a str,
}

impl<'a> DeactivateBody<'a> {
    /// Validates a deactivate request body.
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["openid", "coupon_code"])?;
        let owner = CouponOwner::parse(&fields)?;
        let out_request_no = parse_out_request_no(&fields)?;
        let reason = fields.required_str("deactivate_reason")?;
        check_char_count(&fields.path("deactivate_reason"), reason, 1, 150)?;
        Ok(DeactivateBody {
            owner,
            out_request_no,
            reason,
        })
    }

    /// The entity fields recording this deactivation at `now`.
    pub(crate) fn details(&self, now: &str) -> Map<String, Value> {
        Map::from_iter([
            (
                "deactivate_request_no".to_owned(),
                json!(self.out_request_no),
            ),
            ("deactivate_time".to_owned(), json!(now)),
            ("deactivate_reason".to_owned(), json!(self.reason)),
        ])
    }
}

/// A validated update (修改商品券) request body.
pub(crate) struct UpdateBody<'a> {
    /// Idempotency number.
    pub(crate) out_request_no: &'a str,
    /// The new `display_info`, as sent.
    pub(crate) display_info: &'a Value,
    /// Brand the caller acts for.
    pub(crate) brand_id: &'a str,
}

impl<'a> UpdateBody<'a> {
    /// Validates an update request body.
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["product_coupon_id"])?;
        let out_request_no = parse_out_request_no(&fields)?;
        let display = fields.required_object("display_info")?;
        let name = display.required_str("name")?;
        check_char_count(&display.path("name"), name, 3, 15)?;
        display.required_str("image_url")?;
        display.required_str("background_url")?;
        if let Some(images) = display.optional_array("detail_image_url_list")? {
            if images.len() > 8 {
                return Err(GatewayError::param(format!(
                    "参数 {} 最多 8 张图片",
                    display.path("detail_image_url_list")
                )));
            }
            for index in 0..images.len() {
                display.array_str("detail_image_url_list", images, index)?;
            }
        }
        display.optional_u64("original_price")?;
        if let Some(packages) = display.optional_array("combo_package_list")? {
            for index in 0..packages.len() {
                display.array_object("combo_package_list", packages, index)?;
            }
        }
        Ok(UpdateBody {
            out_request_no,
            display_info: display.value,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

/// A send (发放) request body.
pub(crate) struct SendBody<'a> {
    /// `product_coupon_id`.
    pub(crate) product_coupon_id: &'a str,
    /// `stock_id`.
    pub(crate) stock_id: &'a str,
    /// `coupon_code` (API_ASSIGN stocks only).
    pub(crate) coupon_code: Option<&'a str>,
    /// `appid`.
    pub(crate) appid: &'a str,
    /// Idempotency number.
    pub(crate) send_request_no: &'a str,
    /// `attach`, returned verbatim.
    pub(crate) attach: Option<&'a str>,
    /// `brand_id`.
    pub(crate) brand_id: &'a str,
}

impl<'a> SendBody<'a> {
    /// Validates a send request body (NOTES.md §1.6, doc 4015781605).
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["openid"])?;
        let coupon_code = fields.optional_str("coupon_code")?;
        if let Some(code) = coupon_code {
            check_code_text("coupon_code", code, 1, 40)?;
        }
        let send_request_no = fields.required_str("send_request_no")?;
        check_code_text("send_request_no", send_request_no, 6, 128)?;
        let attach = fields.optional_str("attach")?;
        if let Some(attach) = attach {
            check_char_count("attach", attach, 1, 150)?;
        }
        Ok(SendBody {
            product_coupon_id: fields.required_str("product_coupon_id")?,
            stock_id: fields.required_str("stock_id")?,
            coupon_code,
            appid: fields.required_str("appid")?,
            send_request_no,
            attach,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

/// A confirm or return request body: the coupon's identifiers and a request number.
pub(crate) struct RequestNoBody<'a> {
    /// Which coupon the caller thinks it is.
    pub(crate) owner: CouponOwner<'a>,
    /// Idempotency number.
    pub(crate) out_request_no: &'a str,
}

impl<'a> RequestNoBody<'a> {
    /// Validates a confirm or return request body.
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["openid", "coupon_code"])?;
        Ok(RequestNoBody {
            owner: CouponOwner::parse(&fields)?,
            out_request_no: parse_out_request_no(&fields)?,
        })
    }
}

/// A set-notify-config request body: the URL.
pub(crate) fn parse_notify_url(body: &Value) -> Result<&str, GatewayError> {
    let fields = Fields::body(body, &[])?;
    let url = fields.required_str("notify_url")?;
    check_char_count("notify_url", url, 1, 256)?;
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|prefix| {
            url.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        });
    // The gateway requires HTTPS; the sandbox also takes plain HTTP on a loopback host so
    // that a local receiver can be tested (a documented deviation).
    if !(url.starts_with("https://") || loopback) {
        return Err(GatewayError::param(
            "参数 notify_url 格式错误：须为 https 地址",
        ));
    }
    if url.contains(['?', '#']) {
        return Err(GatewayError::param(
            "参数 notify_url 格式错误：不能携带查询参数",
        ));
    }
    Ok(url)
}

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

    /// The identifiers a query of one user coupon gives.
    pub(crate) fn owner(&self) -> Result<CouponOwner<'_>, GatewayError> {
        Ok(CouponOwner {
            product_coupon_id: self.required("product_coupon_id")?,
            stock_id: self.required("stock_id")?,
            appid: self.required("appid")?,
            brand_id: self.required("brand_id")?,
        })
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

/// Validates an optional order-info object, which must carry at least one of
/// its two identifiers; `mchid` and `sub_mchid` are optional strings.
fn parse_order_info<'a>(
    fields: &Fields<'a>,
    name: &str,
    id: &str,
    out_id: &str,
) -> Result<Option<&'a Value>, GatewayError> {
    let Some(info) = fields.optional_object(name)? else {
        return Ok(None);
    };
    let id_given = info.optional_str(id)?.is_some();
    let out_id_given = info.optional_str(out_id)?.is_some();
    info.optional_str("mchid")?;
    info.optional_str("sub_mchid")?;
    if !id_given && !out_id_given {
        return Err(GatewayError::param(format!(
            "参数 {} 须至少传入 {id} 或 {out_id}",
            fields.path(name)
        )));
    }
    Ok(Some(info.value))
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

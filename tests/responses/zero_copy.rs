//! Zero-copy: unescaped strings borrow from the body, escaped ones are unescaped.

use super::*;

#[test]
fn unescaped_strings_borrow_from_the_body() {
    let buf = read_bytes(USE_RESPONSE);
    let c = UserCoupon::parse(&buf).unwrap();

    // Plain Text fields.
    assert_borrowed(&c.coupon_code, "coupon_code");
    assert_borrowed(&c.send_request_no, "send_request_no");
    assert_borrowed(&c.brand_id, "brand_id");
    assert_borrowed(&c.product_coupon.display_info.name, "display_info.name");
    assert_borrowed(
        &c.product_coupon.display_info.image_url,
        "display_info.image_url",
    );
    assert_borrowed(&c.stock.stock_id, "stock.stock_id");
    assert!(points_into(&buf, &c.coupon_code));
    assert!(points_into(&buf, &c.product_coupon.display_info.name));

    // Option<Text> fields, at several depths.
    assert_opt_borrowed(&c.confirm_request_no, "confirm_request_no");
    assert_opt_borrowed(&c.attach, "attach");
    assert_opt_borrowed(&c.stock.remark, "stock.remark");
    assert_opt_borrowed(&c.product_coupon.out_product_no, "out_product_no");
    let usage = c.single_usage_detail.as_ref().unwrap();
    assert_opt_borrowed(&usage.use_request_no, "use_request_no");
    assert_opt_borrowed(
        &usage.associated_order_info.as_ref().unwrap().transaction_id,
        "transaction_id",
    );
    assert_opt_borrowed(
        &c.stock
            .coupon_display_info
            .entrance_finder
            .as_ref()
            .unwrap()
            .finder_id,
        "finder_id",
    );
    assert_opt_borrowed(
        &c.stock.notify_config.notify_appid,
        "notify_config.notify_appid",
    );
    assert_opt_borrowed(
        &c.stock.usage_rule_display_info.usage_description,
        "usage_description",
    );

    // Vec<Text> elements.
    let list = &c.product_coupon.display_info.detail_image_url_list;
    assert_eq!(list.len(), 1);
    for (i, url) in list.iter().enumerate() {
        assert_borrowed(url, &format!("detail_image_url_list[{i}]"));
        assert!(points_into(&buf, url));
    }

    // RFC 3339 texts are kept as the body's own bytes too.
    assert!(c.valid_begin_time.is_borrowed());
    assert!(usage.use_time.as_ref().unwrap().is_borrowed());
    assert!(points_into(&buf, c.valid_begin_time.as_str()));
    assert!(points_into(&buf, usage.use_time.as_ref().unwrap().as_str()));
}

/// Every string a response view serializes, sorted by where it points: into the body it was
/// parsed from, or elsewhere (an owned copy, or the `&'static str` of a known enum value).
/// Serializing a view hands each `Text` to `serialize_str` as the `&str` it holds, so the
/// pointer shows whether that field borrowed.
struct StringWalk<'b> {
    body: &'b [u8],
    path: Vec<&'static str>,
    /// Paths of strings inside the body.
    borrowed: Vec<String>,
    /// `(path, text)` of strings outside the body.
    elsewhere: Vec<(String, String)>,
}

impl<'b> StringWalk<'b> {
    fn of<T: serde::Serialize>(body: &'b [u8], value: &T) -> Self {
        let mut walk = StringWalk {
            body,
            path: Vec::new(),
            borrowed: Vec::new(),
            elsewhere: Vec::new(),
        };
        value.serialize(&mut walk).expect("views serialize");
        walk
    }

    fn record(&mut self, s: &str) {
        let path = self.path.join(".");
        if points_into(self.body, s) {
            self.borrowed.push(path);
        } else {
            self.elsewhere.push((path, s.to_owned()));
        }
    }

    fn nested<T: serde::Serialize + ?Sized>(
        &mut self,
        segment: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.path.push(segment);
        let result = value.serialize(&mut *self);
        self.path.pop();
        result
    }
}

fn unexpected_shape(what: &str) -> serde_json::Error {
    serde::ser::Error::custom(format!("a response view serialized a {what}"))
}

impl serde::Serializer for &mut StringWalk<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Self;
    type SerializeTuple = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = serde::ser::Impossible<(), serde_json::Error>;

    fn serialize_bool(self, _: bool) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_f64(self, _: f64) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_char(self, _: char) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), serde_json::Error> {
        self.record(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), serde_json::Error> {
        Err(unexpected_shape("byte string"))
    }
    fn serialize_none(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(
        self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.nested(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, serde_json::Error> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, serde_json::Error> {
        Err(unexpected_shape("tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, serde_json::Error> {
        Err(unexpected_shape("tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(unexpected_shape("tuple variant"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, serde_json::Error> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, serde_json::Error> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        Err(unexpected_shape("struct variant"))
    }
}

impl serde::ser::SerializeSeq for &mut StringWalk<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_element<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.nested("[]", value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl serde::ser::SerializeMap for &mut StringWalk<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_key<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &T,
    ) -> Result<(), serde_json::Error> {
        self.nested("{key}", key)
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.nested("{value}", value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl serde::ser::SerializeStruct for &mut StringWalk<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.nested(key, value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

/// The string leaves of a JSON document.
fn json_strings(value: &Value) -> usize {
    match value {
        Value::String(_) => 1,
        Value::Array(items) => items.iter().map(json_strings).sum(),
        Value::Object(map) => map.values().map(json_strings).sum(),
        _ => 0,
    }
}

/// The enum values of the use example, as `(path, value)`: known variants, which hold no
/// string of the body (their text is the crate's own `&'static str`).
const USE_EXAMPLE_ENUM_VALUES: [(&str, &str); 18] = [
    ("coupon_state", "USED"),
    ("send_channel", "API"),
    ("product_coupon.scope", "ALL"),
    ("product_coupon.type", "DISCOUNT"),
    ("product_coupon.usage_mode", "SINGLE"),
    ("product_coupon.state", "EFFECTIVE"),
    ("stock.coupon_code_mode", "UPLOAD"),
    (
        "stock.single_usage_rule.coupon_available_period.weekly_available_period.day_list.[]",
        "MONDAY",
    ),
    (
        "stock.single_usage_rule.coupon_available_period.weekly_available_period.day_list.[]",
        "TUESDAY",
    ),
    (
        "stock.single_usage_rule.coupon_available_period.weekly_available_period.day_list.[]",
        "WEDNESDAY",
    ),
    (
        "stock.single_usage_rule.coupon_available_period.weekly_available_period.day_list.[]",
        "THURSDAY",
    ),
    (
        "stock.single_usage_rule.coupon_available_period.weekly_available_period.day_list.[]",
        "FRIDAY",
    ),
    (
        "stock.usage_rule_display_info.coupon_usage_method_list.[]",
        "OFFLINE",
    ),
    (
        "stock.usage_rule_display_info.coupon_usage_method_list.[]",
        "MINI_PROGRAM",
    ),
    (
        "stock.usage_rule_display_info.coupon_usage_method_list.[]",
        "PAYMENT_CODE",
    ),
    ("stock.coupon_display_info.code_display_mode", "QRCODE"),
    ("stock.store_scope", "NONE"),
    ("stock.state", "SENDING"),
];

fn sorted_pairs<'x>(pairs: impl IntoIterator<Item = (&'x str, &'x str)>) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect();
    v.sort();
    v
}

#[test]
fn every_string_of_the_use_example_borrows_from_the_body() {
    let buf = read_bytes(USE_RESPONSE);
    let c = UserCoupon::parse(&buf).unwrap();
    let walk = StringWalk::of(&buf, &c);

    // Nothing but the known enum values lies outside the body: no field (plain, optional,
    // list item, time, nested at any depth) copied its text.
    assert_eq!(
        sorted_pairs(walk.elsewhere.iter().map(|(p, s)| (p.as_str(), s.as_str()))),
        sorted_pairs(USE_EXAMPLE_ENUM_VALUES),
        "strings outside the body (copied, or unexpected)"
    );
    // And every string of the example was reached: each one is a borrowed field or an enum.
    let leaves = json_strings(&read_json(USE_RESPONSE));
    assert_eq!(
        walk.borrowed.len() + walk.elsewhere.len(),
        leaves,
        "borrowed: {:?}",
        walk.borrowed
    );
    for path in ["coupon_code", "attach", "stock.remark", "valid_begin_time"] {
        assert!(walk.borrowed.iter().any(|p| p == path), "{path}");
    }
    assert!(walk
        .borrowed
        .iter()
        .any(|p| p == "product_coupon.display_info.detail_image_url_list.[]"));
}

#[test]
fn the_string_walk_sees_a_copied_field() {
    // The walk above would catch a field that copies: an escaped string (the one case where a
    // Text owns its text) shows up outside the body, under its path.
    let text = String::from_utf8(read_bytes(USE_RESPONSE))
        .unwrap()
        .replacen("\"MCHSEND202003101234\"", "\"MCHSEND\\u0032\"", 1);
    let buf = text.into_bytes();
    let c = UserCoupon::parse(&buf).unwrap();
    let walk = StringWalk::of(&buf, &c);
    let copied: Vec<_> = walk
        .elsewhere
        .iter()
        .filter(|(p, s)| !USE_EXAMPLE_ENUM_VALUES.contains(&(p.as_str(), s.as_str())))
        .collect();
    assert_eq!(
        copied,
        [&("send_request_no".to_owned(), "MCHSEND2".to_owned())]
    );
    assert!(!walk.borrowed.iter().any(|p| p == "send_request_no"));
}

#[test]
fn escaped_strings_parse_to_their_unescaped_text() {
    let body = edited_use_response(|_| {});
    // Splice escapes into the raw text, so they reach the parser as written.
    let text = String::from_utf8(body)
        .unwrap()
        .replacen(
            r#""name":"全场满100立打8折-新名字""#,
            r#""name":"a\u0041b""#,
            1,
        )
        .replacen(
            r#""coupon_code":"Code_123456""#,
            r#""coupon_code":"Code\"123\\456""#,
            1,
        )
        .replacen(
            r#""attach":"any attach content""#,
            r#""attach":"line1\nline2 \u4e2d""#,
            1,
        )
        .replacen(
            r#""detail_image_url_list":["https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"]"#,
            r#""detail_image_url_list":["https:\/\/example.com\/a","plain"]"#,
            1,
        );
    assert!(text.contains(r#"a\u0041b"#), "name was not replaced");
    assert!(
        text.contains(r#"Code\"123"#),
        "coupon_code was not replaced"
    );
    assert!(text.contains(r#"line1\n"#), "attach was not replaced");
    assert!(text.contains(r#"https:\/\/"#), "list was not replaced");
    let buf = text.into_bytes();

    let c = UserCoupon::parse(&buf).unwrap();
    assert_eq!(c.product_coupon.display_info.name, "aAb");
    assert_eq!(c.coupon_code, "Code\"123\\456");
    assert_eq!(c.attach.as_deref(), Some("line1\nline2 中"));
    assert_eq!(
        c.product_coupon.display_info.detail_image_url_list,
        vec![
            Text::new(String::from("https://example.com/a")),
            Text::new("plain")
        ]
    );
    // Escaped strings own their unescaped text; the element without escapes still borrows.
    assert_owned(&c.product_coupon.display_info.name, "display_info.name");
    assert_owned(&c.coupon_code, "coupon_code");
    assert_owned(c.attach.as_ref().unwrap(), "attach");
    assert_owned(
        &c.product_coupon.display_info.detail_image_url_list[0],
        "detail_image_url_list[0]",
    );
    assert_borrowed(
        &c.product_coupon.display_info.detail_image_url_list[1],
        "detail_image_url_list[1]",
    );
    // Fields next to the escaped ones are unaffected.
    assert_borrowed(&c.send_request_no, "send_request_no");
}

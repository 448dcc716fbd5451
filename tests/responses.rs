//! Response models: zero-copy parsing of the official examples, open enums, tolerance of
//! unknown fields and `null`, required fields, the PROGRESSIVE_BUNDLE and combo-package
//! shapes, `IntoOwned`, JSON storage of owned responses, and RFC 3339 times.

use serde_json::{json, Value};
use time::macros::datetime;

use wechatpay_product_coupon::endpoint::ResponseModel;
use wechatpay_product_coupon::model::{
    CouponCodeDisplayMode, CouponCodeMode, CouponUsageMethod, ProductCoupon, ProductCouponEntity,
    ProductCouponScope, ProductCouponState, ProductCouponType, Rfc3339, StockState,
    StockStoreScope, Text, UsageMode, UserCoupon, UserProductCouponEntity,
    UserProductCouponSendChannel, UserProductCouponState, UserProductCouponTag, Weekday,
};
use wechatpay_product_coupon::{Error, IntoOwned};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn data_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(name)
}

fn read_data(name: &str) -> Vec<u8> {
    std::fs::read(data_path(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

fn read_json(name: &str) -> Value {
    serde_json::from_slice(&read_data(name)).unwrap_or_else(|e| panic!("parsing {name}: {e}"))
}

const USE_RESPONSE: &str = "use_response_example_S1.json";
const DEACTIVATE_RESPONSE: &str = "deactivate_response_example_S0.json";
const UPDATE_RESPONSE: &str = "update_response_example_S2.json";

#[track_caller]
fn assert_borrowed(value: &Text<'_>, what: &str) {
    assert!(
        value.is_borrowed(),
        "{what} should borrow from the body, got an owned {value:?}"
    );
}

#[track_caller]
fn assert_opt_borrowed(value: &Option<Text<'_>>, what: &str) {
    match value {
        Some(text) => assert_borrowed(text, what),
        None => panic!("{what} should be present"),
    }
}

#[track_caller]
fn assert_owned(value: &Text<'_>, what: &str) {
    assert!(
        !value.is_borrowed(),
        "{what} should be owned, got a borrowed {value:?}"
    );
}

/// Whether `s` lies inside `buf` (i.e. was borrowed from it, not copied).
fn points_into(buf: &[u8], s: &str) -> bool {
    let start = buf.as_ptr() as usize;
    let end = start + buf.len();
    let p = s.as_ptr() as usize;
    p >= start && p + s.len() <= end
}

/// Sets the member named by the JSON pointer `pointer` (its parent must exist).
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a '/'");
    let obj = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no parent {parent}"))
        .as_object_mut()
        .unwrap_or_else(|| panic!("{parent} is not an object"));
    obj.insert(key.to_owned(), value);
}

/// Removes the member named by the JSON pointer `pointer`, which must exist.
fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a '/'");
    let removed = doc
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .and_then(|o| o.remove(key));
    assert!(removed.is_some(), "{pointer} was not present");
}

/// The S1 use response, edited, as body bytes.
fn edited_use_response(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut doc = read_json(USE_RESPONSE);
    edit(&mut doc);
    serde_json::to_vec(&doc).unwrap()
}

fn unix(text: &str) -> i64 {
    Rfc3339::new(text)
        .to_offset_date_time()
        .unwrap()
        .unix_timestamp()
}

// ---------------------------------------------------------------------------------------------
// 1. Parsing the official examples
// ---------------------------------------------------------------------------------------------

#[test]
fn use_response_example_parses_every_nested_object() {
    let buf = read_data(USE_RESPONSE);
    let c = UserCoupon::parse(&buf).unwrap();

    // Top level.
    assert_eq!(c.coupon_code, "Code_123456");
    assert_eq!(c.coupon_state, UserProductCouponState::Used);
    assert_eq!(c.coupon_state.as_str(), "USED");
    assert_eq!(c.valid_begin_time.as_str(), "2025-08-02T00:00:00+08:00");
    assert_eq!(c.valid_end_time.as_str(), "2025-08-31T23:59:59+08:00");
    assert_eq!(c.receive_time.as_str(), "2025-08-02T00:00:00+08:00");
    assert_eq!(c.send_request_no, "MCHSEND202003101234");
    assert_eq!(c.send_channel, UserProductCouponSendChannel::Api);
    assert_eq!(
        c.confirm_request_no.as_deref(),
        Some("MCHCONFIRM202003101234")
    );
    assert_eq!(
        c.confirm_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-02T00:00:05+08:00")
    );
    assert_eq!(c.deactivate_request_no, None);
    assert_eq!(c.deactivate_time, None);
    assert_eq!(c.deactivate_reason, None);
    assert_eq!(c.progressive_bundle_usage_detail, None);
    assert_eq!(c.user_product_coupon_bundle_info, None);
    assert_eq!(c.attach.as_deref(), Some("any attach content"));
    assert_eq!(c.channel_custom_info, None);
    assert_eq!(c.coupon_tag_info, None);
    assert_eq!(c.brand_id, "120344");

    // single_usage_detail
    let usage = c.single_usage_detail.as_ref().expect("single_usage_detail");
    assert_eq!(usage.use_request_no.as_deref(), Some("MCHUSE202003101234"));
    assert_eq!(
        usage.use_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-03T12:00:00+08:00")
    );
    assert_eq!(usage.return_request_no, None);
    assert_eq!(usage.return_time, None);
    assert_eq!(usage.associated_pay_score_order_info, None);
    assert_eq!(usage.saved_amount, None);
    let order = usage
        .associated_order_info
        .as_ref()
        .expect("associated_order_info");
    assert_eq!(
        order.transaction_id.as_deref(),
        Some("4200000000123456789123456789")
    );
    assert_eq!(order.out_trade_no, None);
    assert_eq!(order.mchid, None);
    assert_eq!(order.sub_mchid, None);

    // product_coupon
    let pc = &c.product_coupon;
    assert_eq!(pc.product_coupon_id, "1000000013");
    assert_eq!(pc.scope, ProductCouponScope::All);
    assert_eq!(pc.coupon_type, ProductCouponType::Discount);
    assert_eq!(pc.coupon_type.as_str(), "DISCOUNT");
    assert_eq!(pc.usage_mode, UsageMode::Single);
    let single = pc.single_usage_info.expect("single_usage_info");
    assert_eq!(single.normal_coupon, None);
    let discount = single.discount_coupon.expect("discount_coupon");
    assert_eq!(discount.threshold, Some(10000));
    assert_eq!(discount.percent_off, Some(20));
    assert_eq!(pc.progressive_bundle_usage_info, None);
    assert_eq!(pc.display_info.name, "全场满100立打8折-新名字");
    assert_eq!(
        pc.display_info.image_url,
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
    );
    assert_eq!(
        pc.display_info.background_url,
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
    );
    assert_eq!(
        pc.display_info.detail_image_url_list,
        vec![Text::new("https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx")]
    );
    assert_eq!(pc.display_info.original_price, None);
    assert!(pc.display_info.combo_package_list.is_empty());
    assert_eq!(pc.state, ProductCouponState::Effective);
    assert_eq!(pc.out_product_no.as_deref(), Some("Product_1234567890"));
    assert_eq!(pc.deactivate_request_no, None);
    assert_eq!(pc.brand_id, "120344");

    // stock
    let s = &c.stock;
    assert_eq!(s.product_coupon_id, "1000000013");
    assert_eq!(s.stock_id, "1000000013001");
    assert_eq!(s.remark.as_deref(), Some("8月工作日有效批次"));
    assert_eq!(s.coupon_code_mode, CouponCodeMode::Upload);
    let codes = s.coupon_code_count_info.expect("coupon_code_count_info");
    assert_eq!(codes.total_count, Some(0));
    assert_eq!(codes.available_count, Some(0));
    assert_eq!(s.stock_send_rule.max_count, Some(10_000_000));
    assert_eq!(s.stock_send_rule.max_count_per_user, Some(1));
    assert_eq!(s.stock_send_rule.max_count_per_day, None);
    assert_eq!(s.progressive_bundle_usage_rule, None);
    assert_eq!(s.stock_bundle_info, None);

    let rule = s.single_usage_rule.as_ref().expect("single_usage_rule");
    assert_eq!(rule.normal_coupon, None);
    assert_eq!(rule.discount_coupon, None);
    assert_eq!(rule.exchange_coupon, None);
    let period = rule
        .coupon_available_period
        .as_ref()
        .expect("coupon_available_period");
    assert_eq!(
        period.available_begin_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-01T00:00:00+08:00")
    );
    assert_eq!(
        period.available_end_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-31T23:59:59+08:00")
    );
    assert_eq!(period.available_days, Some(30));
    assert_eq!(period.wait_days_after_receive, None);
    assert!(period.irregular_available_period_list.is_empty());
    let weekly = period
        .weekly_available_period
        .as_ref()
        .expect("weekly_available_period");
    assert_eq!(
        weekly.day_list,
        vec![
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday
        ]
    );
    assert!(weekly.day_period_list.is_empty());

    let urd = &s.usage_rule_display_info;
    assert_eq!(
        urd.coupon_usage_method_list,
        vec![
            CouponUsageMethod::Offline,
            CouponUsageMethod::MiniProgram,
            CouponUsageMethod::PaymentCode
        ]
    );
    assert_eq!(urd.mini_program_appid.as_deref(), Some("wx1234567890"));
    assert_eq!(
        urd.mini_program_path.as_deref(),
        Some("/pages/index/product")
    );
    assert_eq!(urd.app_path, None);
    assert_eq!(urd.usage_description.as_deref(), Some("工作日可用"));
    let stores = urd
        .coupon_available_store_info
        .as_ref()
        .expect("coupon_available_store_info");
    assert_eq!(
        stores.description.as_deref(),
        Some("所有门店可用,可使用小程序查看门店列表")
    );
    assert_eq!(stores.mini_program_appid.as_deref(), Some("wx1234567890"));
    assert_eq!(
        stores.mini_program_path.as_deref(),
        Some("/pages/index/store-list")
    );

    let cdi = &s.coupon_display_info;
    assert_eq!(cdi.code_display_mode, Some(CouponCodeDisplayMode::Qrcode));
    assert_eq!(cdi.background_color.as_deref(), Some("Color010"));
    let mp = cdi
        .entrance_mini_program
        .as_ref()
        .expect("entrance_mini_program");
    assert_eq!(mp.appid.as_deref(), Some("wx1234567890"));
    assert_eq!(mp.path.as_deref(), Some("/pages/index/product"));
    assert_eq!(mp.entrance_wording.as_deref(), Some("欢迎选购"));
    assert_eq!(mp.guidance_wording.as_deref(), Some("获取更多优惠"));
    let oa = cdi
        .entrance_official_account
        .as_ref()
        .expect("entrance_official_account");
    assert_eq!(oa.appid.as_deref(), Some("wx1234567890"));
    let finder = cdi.entrance_finder.as_ref().expect("entrance_finder");
    assert_eq!(finder.finder_id.as_deref(), Some("gh_12345678"));
    assert_eq!(
        finder.finder_video_id.as_deref(),
        Some("UDFsdf24df34dD456Hdf34")
    );
    assert_eq!(
        finder.finder_video_cover_image_url.as_deref(),
        Some("https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx")
    );

    assert_eq!(
        s.notify_config.notify_appid.as_deref(),
        Some("wx4fd12345678")
    );
    assert_eq!(s.store_scope, StockStoreScope::None);
    assert_eq!(s.sent_count_info.total_count, Some(0));
    assert_eq!(s.sent_count_info.today_count, Some(0));
    assert_eq!(s.state, StockState::Sending);
    assert_eq!(s.deactivate_request_no, None);
    assert_eq!(s.deactivate_time, None);
    assert_eq!(s.deactivate_reason, None);
    assert_eq!(s.brand_id, "120344");
}

#[test]
fn deactivate_response_example_parses_deactivate_fields() {
    let buf = read_data(DEACTIVATE_RESPONSE);
    let c = UserCoupon::parse(&buf).unwrap();

    assert_eq!(c.coupon_code, "Code_123456");
    assert_eq!(c.coupon_state, UserProductCouponState::Deactivated);
    assert_eq!(c.coupon_state.as_str(), "DEACTIVATED");
    assert_eq!(
        c.deactivate_request_no.as_deref(),
        Some("MCHDEACTIVATE202003101234")
    );
    assert_eq!(
        c.deactivate_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-03T12:01:00+08:00")
    );
    assert_eq!(
        c.deactivate_reason.as_deref(),
        Some("商品已下线,使用户商品券失效")
    );
    assert_opt_borrowed(&c.deactivate_reason, "deactivate_reason");

    let usage = c.single_usage_detail.as_ref().expect("single_usage_detail");
    assert_eq!(usage.use_request_no.as_deref(), Some("MCHUSE202003101234"));
    assert_eq!(
        usage.return_request_no.as_deref(),
        Some("MCHRETURN202003101234")
    );
    assert_eq!(
        usage.return_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-03T12:01:00+08:00")
    );
    assert_eq!(
        usage
            .associated_order_info
            .as_ref()
            .and_then(|o| o.transaction_id.as_deref()),
        Some("4200000000123456789123456789")
    );

    assert_eq!(c.product_coupon.coupon_type, ProductCouponType::Discount);
    assert_eq!(c.product_coupon.state, ProductCouponState::Effective);
    assert_eq!(c.stock.state, StockState::Sending);
    assert_eq!(c.stock.stock_id, "1000000013001");
    assert_eq!(
        c.stock
            .coupon_display_info
            .entrance_finder
            .as_ref()
            .and_then(|f| f.finder_id.as_deref()),
        Some("gh_12345678")
    );
    assert_eq!(c.attach.as_deref(), Some("any attach content"));
    assert_eq!(c.brand_id, "120344");
}

#[test]
fn update_response_example_parses_as_product_coupon_entity() {
    let buf = read_data(UPDATE_RESPONSE);
    let p = ProductCoupon::parse(&buf).unwrap();

    assert_eq!(p.product_coupon_id, "1000000013");
    assert_eq!(p.scope, ProductCouponScope::All);
    assert_eq!(p.coupon_type, ProductCouponType::Discount);
    assert_eq!(p.usage_mode, UsageMode::Single);
    let discount = p
        .single_usage_info
        .and_then(|s| s.discount_coupon)
        .expect("discount_coupon");
    assert_eq!(discount.threshold, Some(10000));
    assert_eq!(discount.percent_off, Some(20));
    assert_eq!(p.progressive_bundle_usage_info, None);
    assert_eq!(p.display_info.name, "全场满100立打8折-新名字");
    assert_eq!(
        p.display_info.image_url,
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
    );
    assert_eq!(
        p.display_info.background_url,
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
    );
    assert_eq!(p.display_info.detail_image_url_list.len(), 1);
    assert_eq!(p.state, ProductCouponState::Effective);
    assert_eq!(p.out_product_no.as_deref(), Some("Product_1234567890"));
    assert_eq!(p.deactivate_request_no, None);
    assert_eq!(p.deactivate_time, None);
    assert_eq!(p.deactivate_reason, None);
    assert_eq!(p.brand_id, "120344");
    assert_borrowed(&p.display_info.name, "display_info.name");
    assert_borrowed(&p.product_coupon_id, "product_coupon_id");
}

// ---------------------------------------------------------------------------------------------
// Zero-copy
// ---------------------------------------------------------------------------------------------

#[test]
fn unescaped_strings_borrow_from_the_body() {
    let buf = read_data(USE_RESPONSE);
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
    let buf = read_data(USE_RESPONSE);
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
    let text = String::from_utf8(read_data(USE_RESPONSE))
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

// ---------------------------------------------------------------------------------------------
// Open enums
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_enum_values_are_kept_as_sent() {
    let buf = edited_use_response(|d| {
        set(d, "/coupon_state", json!("FROZEN"));
        set(d, "/send_channel", json!("MEMBER"));
        set(d, "/product_coupon/scope", json!("CATEGORY"));
        set(d, "/product_coupon/type", json!("CASHBACK"));
        set(d, "/product_coupon/usage_mode", json!("SEQUENTIAL"));
        set(d, "/product_coupon/state", json!("ARCHIVED"));
        set(d, "/stock/state", json!("DRAINED"));
        set(d, "/stock/store_scope", json!("REGION"));
        set(d, "/stock/coupon_code_mode", json!("NFC"));
        set(
            d,
            "/stock/single_usage_rule/coupon_available_period/weekly_available_period/day_list",
            json!(["MONDAY", "HOLIDAY"]),
        );
        set(
            d,
            "/stock/usage_rule_display_info/coupon_usage_method_list",
            json!(["OFFLINE", "H5"]),
        );
        set(
            d,
            "/stock/coupon_display_info/code_display_mode",
            json!("NUMBER"),
        );
    });
    let c = UserCoupon::parse(&buf).unwrap();

    assert_eq!(
        c.coupon_state,
        UserProductCouponState::Unknown(Text::new("FROZEN"))
    );
    assert_eq!(c.coupon_state.as_str(), "FROZEN");
    assert_eq!(c.coupon_state.to_string(), "FROZEN");
    assert!(points_into(&buf, c.coupon_state.as_str()));
    assert_eq!(
        c.send_channel,
        UserProductCouponSendChannel::Unknown(Text::new("MEMBER"))
    );
    assert_eq!(c.send_channel.as_str(), "MEMBER");
    assert_eq!(
        c.product_coupon.scope,
        ProductCouponScope::Unknown(Text::new("CATEGORY"))
    );
    assert_eq!(c.product_coupon.scope.as_str(), "CATEGORY");
    assert_eq!(c.product_coupon.coupon_type.as_str(), "CASHBACK");
    assert_eq!(
        c.product_coupon.usage_mode,
        UsageMode::Unknown(Text::new("SEQUENTIAL"))
    );
    assert_eq!(c.product_coupon.usage_mode.as_str(), "SEQUENTIAL");
    assert_eq!(
        c.product_coupon.state,
        ProductCouponState::Unknown(Text::new("ARCHIVED"))
    );
    assert_eq!(c.stock.state, StockState::Unknown(Text::new("DRAINED")));
    assert_eq!(
        c.stock.store_scope,
        StockStoreScope::Unknown(Text::new("REGION"))
    );
    assert_eq!(
        c.stock.coupon_code_mode,
        CouponCodeMode::Unknown(Text::new("NFC"))
    );
    let days = &c
        .stock
        .single_usage_rule
        .as_ref()
        .unwrap()
        .coupon_available_period
        .as_ref()
        .unwrap()
        .weekly_available_period
        .as_ref()
        .unwrap()
        .day_list;
    assert_eq!(
        days,
        &vec![Weekday::Monday, Weekday::Unknown(Text::new("HOLIDAY"))]
    );
    assert_eq!(days[1].as_str(), "HOLIDAY");
    assert_eq!(
        c.stock.usage_rule_display_info.coupon_usage_method_list,
        vec![
            CouponUsageMethod::Offline,
            CouponUsageMethod::Unknown(Text::new("H5"))
        ]
    );
    assert_eq!(
        c.stock.coupon_display_info.code_display_mode,
        Some(CouponCodeDisplayMode::Unknown(Text::new("NUMBER")))
    );
}

#[test]
fn known_enum_values_round_trip_through_as_str() {
    for text in [
        "CONFIRMING",
        "PENDING",
        "EFFECTIVE",
        "USED",
        "EXPIRED",
        "DELETED",
        "DEACTIVATED",
    ] {
        let json = format!("\"{text}\"");
        let state: UserProductCouponState<'_> = serde_json::from_str(&json).unwrap();
        assert!(
            !matches!(state, UserProductCouponState::Unknown(_)),
            "{text} should be a known state"
        );
        assert_eq!(state.as_str(), text);
    }
    let days: Vec<Weekday<'_>> = serde_json::from_str(
        r#"["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"]"#,
    )
    .unwrap();
    assert!(days.iter().all(|d| !matches!(d, Weekday::Unknown(_))));
    assert_eq!(days[5], Weekday::Saturday);
    assert_eq!(days[6], Weekday::Sunday);
}

// ---------------------------------------------------------------------------------------------
// Unknown fields, null, missing required fields
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_fields_are_ignored_at_every_level() {
    let buf = edited_use_response(|d| {
        set(d, "/future_scalar", json!("x"));
        set(
            d,
            "/future_object",
            json!({"a": {"b": [1, 2, {"c": null}]}}),
        );
        set(d, "/future_array", json!([{"x": 1}, "y", null, [true]]));
        set(d, "/single_usage_detail/future", json!({"k": [1]}));
        set(
            d,
            "/single_usage_detail/associated_order_info/extra",
            json!([]),
        );
        set(d, "/product_coupon/display_info/extra_list", json!(["a"]));
        set(d, "/product_coupon/single_usage_info/extra", json!(1.5));
        set(
            d,
            "/product_coupon/single_usage_info/discount_coupon/cap",
            json!(500),
        );
        set(d, "/stock/stock_send_rule/extra", json!({"z": null}));
        set(
            d,
            "/stock/single_usage_rule/coupon_available_period/weekly_available_period/extra",
            json!(false),
        );
        set(d, "/stock/coupon_display_info/entrance_finder/x", json!({}));
        set(d, "/stock/notify_config/notify_url", json!("https://e/x"));
    });
    let edited: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();

    let original_buf = read_data(USE_RESPONSE);
    let original: UserProductCouponEntity<'_> = serde_json::from_slice(&original_buf).unwrap();
    assert_eq!(edited, original);
}

#[test]
fn null_optional_fields_and_lists_are_none_or_empty() {
    let buf = edited_use_response(|d| {
        for p in [
            "/confirm_request_no",
            "/confirm_time",
            "/deactivate_request_no",
            "/deactivate_time",
            "/deactivate_reason",
            "/progressive_bundle_usage_detail",
            "/user_product_coupon_bundle_info",
            "/attach",
            "/channel_custom_info",
            "/coupon_tag_info",
            "/single_usage_detail/use_time",
            "/single_usage_detail/associated_order_info/transaction_id",
            "/single_usage_detail/saved_amount",
            "/product_coupon/single_usage_info",
            "/product_coupon/out_product_no",
            "/product_coupon/display_info/detail_image_url_list",
            "/product_coupon/display_info/original_price",
            "/product_coupon/display_info/combo_package_list",
            "/stock/remark",
            "/stock/coupon_code_count_info",
            "/stock/stock_send_rule/max_count",
            "/stock/sent_count_info/today_count",
            "/stock/single_usage_rule/coupon_available_period/weekly_available_period/day_list",
            "/stock/single_usage_rule/coupon_available_period/weekly_available_period/day_period_list",
            "/stock/single_usage_rule/coupon_available_period/irregular_available_period_list",
            "/stock/single_usage_rule/coupon_available_period/available_days",
            "/stock/usage_rule_display_info/coupon_usage_method_list",
            "/stock/usage_rule_display_info/mini_program_appid",
            "/stock/usage_rule_display_info/coupon_available_store_info",
            "/stock/coupon_display_info/code_display_mode",
            "/stock/coupon_display_info/entrance_finder",
            "/stock/notify_config/notify_appid",
        ] {
            set(d, p, Value::Null);
        }
    });
    let c = UserCoupon::parse(&buf).unwrap();

    assert_eq!(c.confirm_request_no, None);
    assert_eq!(c.confirm_time, None);
    assert_eq!(c.deactivate_request_no, None);
    assert_eq!(c.deactivate_time, None);
    assert_eq!(c.deactivate_reason, None);
    assert_eq!(c.progressive_bundle_usage_detail, None);
    assert_eq!(c.user_product_coupon_bundle_info, None);
    assert_eq!(c.attach, None);
    assert_eq!(c.channel_custom_info, None);
    assert_eq!(c.coupon_tag_info, None);
    let usage = c.single_usage_detail.as_ref().unwrap();
    assert_eq!(usage.use_time, None);
    assert_eq!(usage.saved_amount, None);
    assert_eq!(
        usage.associated_order_info.as_ref().unwrap().transaction_id,
        None
    );
    let pc = &c.product_coupon;
    assert_eq!(pc.single_usage_info, None);
    assert_eq!(pc.out_product_no, None);
    assert!(pc.display_info.detail_image_url_list.is_empty());
    assert_eq!(pc.display_info.original_price, None);
    assert!(pc.display_info.combo_package_list.is_empty());
    let s = &c.stock;
    assert_eq!(s.remark, None);
    assert_eq!(s.coupon_code_count_info, None);
    assert_eq!(s.stock_send_rule.max_count, None);
    assert_eq!(s.stock_send_rule.max_count_per_user, Some(1));
    assert_eq!(s.sent_count_info.today_count, None);
    let period = s
        .single_usage_rule
        .as_ref()
        .unwrap()
        .coupon_available_period
        .as_ref()
        .unwrap();
    let weekly = period.weekly_available_period.as_ref().unwrap();
    assert!(weekly.day_list.is_empty());
    assert!(weekly.day_period_list.is_empty());
    assert!(period.irregular_available_period_list.is_empty());
    assert_eq!(period.available_days, None);
    assert!(s
        .usage_rule_display_info
        .coupon_usage_method_list
        .is_empty());
    assert_eq!(s.usage_rule_display_info.mini_program_appid, None);
    assert_eq!(s.usage_rule_display_info.coupon_available_store_info, None);
    assert_eq!(s.coupon_display_info.code_display_mode, None);
    assert_eq!(s.coupon_display_info.entrance_finder, None);
    assert_eq!(s.notify_config.notify_appid, None);
}

#[test]
fn absent_optional_fields_are_none_or_empty() {
    let buf = edited_use_response(|d| {
        remove(d, "/confirm_request_no");
        remove(d, "/confirm_time");
        remove(d, "/single_usage_detail");
        remove(d, "/attach");
        remove(d, "/product_coupon/display_info/detail_image_url_list");
        remove(d, "/stock/single_usage_rule");
        remove(d, "/stock/coupon_display_info/entrance_finder");
    });
    let c = UserCoupon::parse(&buf).unwrap();
    assert_eq!(c.confirm_request_no, None);
    assert_eq!(c.confirm_time, None);
    assert_eq!(c.single_usage_detail, None);
    assert_eq!(c.attach, None);
    assert!(c
        .product_coupon
        .display_info
        .detail_image_url_list
        .is_empty());
    assert_eq!(c.stock.single_usage_rule, None);
    assert_eq!(c.stock.coupon_display_info.entrance_finder, None);
}

#[test]
fn missing_required_coupon_code_fails_to_parse() {
    let buf = edited_use_response(|d| remove(d, "/coupon_code"));
    let err = UserCoupon::parse(&buf).unwrap_err();
    assert_eq!(err.model, "UserProductCouponEntity");
    assert!(err.message.contains("coupon_code"), "{}", err.message);
    assert!(
        err.to_string().contains("coupon_code"),
        "error should name coupon_code: {err}"
    );
}

#[test]
fn missing_required_nested_field_fails_to_parse() {
    let buf = edited_use_response(|d| remove(d, "/product_coupon/display_info/name"));
    let err = UserCoupon::parse(&buf).unwrap_err();
    assert!(err.to_string().contains("name"), "{err}");

    let buf = edited_use_response(|d| remove(d, "/stock/stock_id"));
    assert!(UserCoupon::parse(&buf).is_err());
}

#[test]
fn missing_required_product_coupon_id_fails_product_coupon_entity() {
    let mut doc = read_json(UPDATE_RESPONSE);
    remove(&mut doc, "/product_coupon_id");
    let buf = serde_json::to_vec(&doc).unwrap();
    let err = ProductCoupon::parse(&buf).unwrap_err();
    assert_eq!(err.model, "ProductCouponEntity");
    assert!(err.to_string().contains("product_coupon_id"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// PROGRESSIVE_BUNDLE
// ---------------------------------------------------------------------------------------------

#[test]
fn progressive_bundle_shape_parses() {
    let buf = edited_use_response(|d| {
        remove(d, "/single_usage_detail");
        set(
            d,
            "/progressive_bundle_usage_detail",
            json!({
                "use_request_no": "MCHUSE_PB_0001",
                "use_time": "2025-08-04T09:30:00+08:00",
                "associated_pay_score_order_info": {
                    "order_id": "1000000000202508040000000001",
                    "out_order_no": "PAYSCORE_0001",
                    "mchid": "1900000001"
                },
                "saved_amount": 300
            }),
        );
        set(
            d,
            "/user_product_coupon_bundle_info",
            json!({
                "user_coupon_bundle_id": "UCB_0001",
                "user_coupon_bundle_index": 1,
                "total_count": 5,
                "used_count": 2
            }),
        );
        set(
            d,
            "/coupon_tag_info",
            json!({
                "coupon_tag_list": ["MEMBER"],
                "member_tag_info": {"member_card_id": "pbLatjk4T4Hx-QgbnTGhUh4nzN8M"}
            }),
        );
        set(d, "/product_coupon/usage_mode", json!("PROGRESSIVE_BUNDLE"));
        set(d, "/product_coupon/type", json!("NORMAL"));
        remove(d, "/product_coupon/single_usage_info");
        set(
            d,
            "/product_coupon/progressive_bundle_usage_info",
            json!({"count": 5, "interval_days": 1}),
        );
        remove(d, "/stock/single_usage_rule");
        set(
            d,
            "/stock/progressive_bundle_usage_rule",
            json!({
                "coupon_available_period": {
                    "available_begin_time": "2025-08-01T00:00:00+08:00",
                    "available_end_time": "2025-08-31T23:59:59+08:00",
                    "wait_days_after_receive": 1,
                    "weekly_available_period": {
                        "day_list": ["SATURDAY", "SUNDAY"],
                        "day_period_list": [{"begin_time": 36000, "end_time": 79200}]
                    },
                    "irregular_available_period_list": [{
                        "begin_time": "2025-08-15T00:00:00+08:00",
                        "end_time": "2025-08-15T23:59:59+08:00"
                    }]
                },
                "normal_coupon": {"threshold": 5000, "discount_amount": 300}
            }),
        );
        set(
            d,
            "/stock/stock_bundle_info",
            json!({"stock_bundle_id": "SB_0001", "stock_bundle_index": 2}),
        );
    });
    let c = UserCoupon::parse(&buf).unwrap();

    assert_eq!(c.single_usage_detail, None);
    let detail = c
        .progressive_bundle_usage_detail
        .as_ref()
        .expect("progressive_bundle_usage_detail");
    assert_eq!(detail.use_request_no.as_deref(), Some("MCHUSE_PB_0001"));
    assert_eq!(
        detail.use_time.as_ref().map(Rfc3339::as_str),
        Some("2025-08-04T09:30:00+08:00")
    );
    assert_eq!(detail.saved_amount, Some(300));
    assert_eq!(detail.associated_order_info, None);
    let ps = detail
        .associated_pay_score_order_info
        .as_ref()
        .expect("associated_pay_score_order_info");
    assert_eq!(ps.order_id.as_deref(), Some("1000000000202508040000000001"));
    assert_eq!(ps.out_order_no.as_deref(), Some("PAYSCORE_0001"));
    assert_eq!(ps.mchid.as_deref(), Some("1900000001"));
    assert_eq!(ps.sub_mchid, None);

    let bundle = c
        .user_product_coupon_bundle_info
        .as_ref()
        .expect("user_product_coupon_bundle_info");
    assert_eq!(bundle.user_coupon_bundle_id.as_deref(), Some("UCB_0001"));
    assert_eq!(bundle.user_coupon_bundle_index, Some(1));
    assert_eq!(bundle.total_count, Some(5));
    assert_eq!(bundle.used_count, Some(2));

    let tags = c.coupon_tag_info.as_ref().expect("coupon_tag_info");
    assert_eq!(tags.coupon_tag_list, vec![UserProductCouponTag::Member]);
    assert_eq!(
        tags.member_tag_info
            .as_ref()
            .and_then(|m| m.member_card_id.as_deref()),
        Some("pbLatjk4T4Hx-QgbnTGhUh4nzN8M")
    );

    let pc = &c.product_coupon;
    assert_eq!(pc.usage_mode, UsageMode::ProgressiveBundle);
    assert_eq!(pc.coupon_type, ProductCouponType::Normal);
    assert_eq!(pc.single_usage_info, None);
    let info = pc
        .progressive_bundle_usage_info
        .expect("progressive_bundle_usage_info");
    assert_eq!(info.count, Some(5));
    assert_eq!(info.interval_days, Some(1));

    let s = &c.stock;
    assert_eq!(s.single_usage_rule, None);
    let rule = s
        .progressive_bundle_usage_rule
        .as_ref()
        .expect("progressive_bundle_usage_rule");
    let normal = rule.normal_coupon.expect("normal_coupon");
    assert_eq!(normal.threshold, Some(5000));
    assert_eq!(normal.discount_amount, Some(300));
    let period = rule.coupon_available_period.as_ref().unwrap();
    assert_eq!(period.wait_days_after_receive, Some(1));
    let weekly = period.weekly_available_period.as_ref().unwrap();
    assert_eq!(weekly.day_list, vec![Weekday::Saturday, Weekday::Sunday]);
    assert_eq!(weekly.day_period_list.len(), 1);
    assert_eq!(weekly.day_period_list[0].begin_time, Some(36000));
    assert_eq!(weekly.day_period_list[0].end_time, Some(79200));
    assert_eq!(period.irregular_available_period_list.len(), 1);
    assert_eq!(
        period.irregular_available_period_list[0]
            .begin_time
            .as_ref()
            .map(Rfc3339::as_str),
        Some("2025-08-15T00:00:00+08:00")
    );
    let sb = s.stock_bundle_info.as_ref().expect("stock_bundle_info");
    assert_eq!(sb.stock_bundle_id.as_deref(), Some("SB_0001"));
    assert_eq!(sb.stock_bundle_index, Some(2));
}

#[test]
fn combo_packages_in_responses_parse() {
    let mut doc = read_json(UPDATE_RESPONSE);
    set(&mut doc, "/scope", json!("SINGLE"));
    set(&mut doc, "/type", json!("EXCHANGE"));
    set(&mut doc, "/display_info/original_price", json!(3900));
    set(
        &mut doc,
        "/display_info/combo_package_list",
        json!([{
            "name": "双人套餐",
            "pick_count": 2,
            "choice_list": [{
                "name": "可乐",
                "price": 800,
                "count": 1,
                "image_url": "https://wxpaylogo.qpic.cn/wxpaylogo/cola",
                "mini_program_appid": "wx1234567890",
                "mini_program_path": "/pages/cola"
            }]
        }]),
    );
    let buf = serde_json::to_vec(&doc).unwrap();
    let p = ProductCoupon::parse(&buf).unwrap();
    assert_eq!(p.scope, ProductCouponScope::Single);
    assert_eq!(p.coupon_type, ProductCouponType::Exchange);
    assert_eq!(p.display_info.original_price, Some(3900));
    let combo = &p.display_info.combo_package_list;
    assert_eq!(combo.len(), 1);
    assert_eq!(combo[0].name.as_deref(), Some("双人套餐"));
    assert_eq!(combo[0].pick_count, Some(2));
    let choice = &combo[0].choice_list[0];
    assert_eq!(choice.name.as_deref(), Some("可乐"));
    assert_eq!(choice.price, Some(800));
    assert_eq!(choice.count, Some(1));
    assert_eq!(
        choice.image_url.as_deref(),
        Some("https://wxpaylogo.qpic.cn/wxpaylogo/cola")
    );
    assert_eq!(choice.mini_program_appid.as_deref(), Some("wx1234567890"));
    assert_eq!(choice.mini_program_path.as_deref(), Some("/pages/cola"));
}

// ---------------------------------------------------------------------------------------------
// IntoOwned
// ---------------------------------------------------------------------------------------------

#[test]
fn into_owned_equals_the_borrowed_view_and_outlives_the_buffer() {
    let owned: UserProductCouponEntity<'static> = {
        let buf = read_data(USE_RESPONSE);
        let borrowed: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
        let owned = borrowed.clone().into_owned();
        // Equal to the borrowed view itself, and to into_owned of the original.
        assert_eq!(borrowed, owned);
        assert_eq!(owned.coupon_code, borrowed.coupon_code);
        assert_eq!(owned.valid_begin_time, borrowed.valid_begin_time);
        assert_eq!(owned.single_usage_detail, borrowed.single_usage_detail);
        assert_eq!(owned.product_coupon, borrowed.product_coupon);
        assert_eq!(owned.stock, borrowed.stock);
        assert_eq!(owned, borrowed.into_owned());
        drop(buf);
        owned
    };
    // The buffer is gone; the owned value is still complete.
    assert_owned(&owned.coupon_code, "coupon_code");
    assert_owned(
        &owned.product_coupon.display_info.detail_image_url_list[0],
        "detail_image_url_list[0]",
    );
    assert_owned(owned.attach.as_ref().expect("attach"), "attach");
    assert_eq!(owned.coupon_code, "Code_123456");
    assert_eq!(owned.coupon_state, UserProductCouponState::Used);
    assert_eq!(owned.valid_begin_time.as_str(), "2025-08-02T00:00:00+08:00");
    assert_eq!(
        owned
            .single_usage_detail
            .as_ref()
            .and_then(|u| u.associated_order_info.as_ref())
            .and_then(|o| o.transaction_id.as_deref()),
        Some("4200000000123456789123456789")
    );
    assert_eq!(
        owned.product_coupon.display_info.name,
        "全场满100立打8折-新名字"
    );
    assert_eq!(owned.stock.stock_send_rule.max_count, Some(10_000_000));
}

#[test]
fn into_owned_keeps_unknown_enum_values() {
    let owned = {
        let buf = edited_use_response(|d| set(d, "/coupon_state", json!("FROZEN")));
        let borrowed: UserProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
        borrowed.into_owned()
    };
    assert_eq!(
        owned.coupon_state,
        UserProductCouponState::Unknown(Text::new(String::from("FROZEN")))
    );
    assert!(matches!(
        &owned.coupon_state,
        UserProductCouponState::Unknown(text) if !text.is_borrowed()
    ));
    assert_eq!(owned.coupon_state.as_str(), "FROZEN");
}

#[test]
fn into_owned_product_coupon_entity_outlives_the_buffer() {
    let owned: ProductCouponEntity<'static> = {
        let buf = read_data(UPDATE_RESPONSE);
        let borrowed: ProductCouponEntity<'_> = serde_json::from_slice(&buf).unwrap();
        let owned = borrowed.clone().into_owned();
        assert_eq!(owned, borrowed.into_owned());
        owned
    };
    assert_eq!(owned.product_coupon_id, "1000000013");
    assert_owned(&owned.display_info.name, "display_info.name");
    assert_eq!(owned.display_info.name, "全场满100立打8折-新名字");
}

// ---------------------------------------------------------------------------------------------
// Storage: owned responses serialize to JSON and parse back
// ---------------------------------------------------------------------------------------------

#[test]
fn owned_user_coupon_round_trips_through_json() {
    let owned: UserCoupon = UserCoupon::parse(&read_data(USE_RESPONSE))
        .unwrap()
        .into_owned();
    let stored = serde_json::to_vec(&owned).unwrap();
    let back = UserCoupon::parse(&stored).unwrap();
    assert_eq!(back, owned);
    assert_eq!(back.clone().into_owned(), owned);
    // The stored form parses as zero-copy as the original did.
    assert_borrowed(&back.coupon_code, "coupon_code");
    assert_eq!(back.coupon_code, "Code_123456");
    assert_eq!(back.coupon_state, UserProductCouponState::Used);
    assert_eq!(
        back.product_coupon.display_info.name,
        "全场满100立打8折-新名字"
    );
    assert_eq!(
        back.single_usage_detail
            .as_ref()
            .and_then(|u| u.use_time.as_ref())
            .map(Rfc3339::as_str),
        Some("2025-08-03T12:00:00+08:00")
    );

    // Text that needs escaping and unknown enum values survive storage too.
    let buf = edited_use_response(|d| {
        set(d, "/attach", json!("quote \" backslash \\ newline \n 中"));
        set(d, "/coupon_state", json!("FROZEN"));
        set(
            d,
            "/stock/single_usage_rule/coupon_available_period/weekly_available_period/day_list",
            json!(["MONDAY", "HOLIDAY"]),
        );
    });
    let owned: UserCoupon = UserCoupon::parse(&buf).unwrap().into_owned();
    let stored = serde_json::to_vec(&owned).unwrap();
    let back = UserCoupon::parse(&stored).unwrap();
    assert_eq!(back, owned);
    assert_eq!(
        back.attach.as_deref(),
        Some("quote \" backslash \\ newline \n 中")
    );
    assert_eq!(back.coupon_state.as_str(), "FROZEN");
}

#[test]
fn owned_product_coupon_round_trips_through_json() {
    let owned: ProductCoupon = ProductCoupon::parse(&read_data(UPDATE_RESPONSE))
        .unwrap()
        .into_owned();
    let stored = serde_json::to_vec(&owned).unwrap();
    let back = ProductCoupon::parse(&stored).unwrap();
    assert_eq!(back, owned);
    assert_eq!(back.clone().into_owned(), owned);
    assert_borrowed(&back.product_coupon_id, "product_coupon_id");
    assert_eq!(back.product_coupon_id, "1000000013");
    assert_eq!(back.display_info.name, "全场满100立打8折-新名字");
    assert_eq!(back.coupon_type, ProductCouponType::Discount);

    // The product coupon of the use example (a nested view) round-trips the same way.
    let owned: ProductCoupon = UserCoupon::parse(&read_data(USE_RESPONSE))
        .unwrap()
        .into_owned()
        .product_coupon;
    let stored = serde_json::to_vec(&owned).unwrap();
    assert_eq!(ProductCoupon::parse(&stored).unwrap(), owned);
}

// ---------------------------------------------------------------------------------------------
// RFC 3339
// ---------------------------------------------------------------------------------------------

#[test]
fn valid_begin_time_converts_to_offset_date_time() {
    let buf = read_data(USE_RESPONSE);
    let c = UserCoupon::parse(&buf).unwrap();
    let t = c.valid_begin_time.to_offset_date_time().unwrap();
    // 2025-08-02T00:00:00+08:00 == 2025-08-01T16:00:00Z
    assert_eq!(t.unix_timestamp(), 1_754_064_000);
    assert_eq!(t.offset().whole_seconds(), 8 * 3600);
    assert_eq!(t, datetime!(2025-08-02 00:00:00 +08:00));
    assert_eq!(
        (t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute()),
        (2025, 8, 2, 0, 0)
    );
    assert_eq!(
        unix("2025-08-03T12:00:00+08:00") - unix("2025-08-02T00:00:00+08:00"),
        36 * 3600
    );
}

#[test]
fn invalid_time_text_fails_only_on_conversion() {
    let buf = edited_use_response(|d| {
        set(d, "/valid_begin_time", json!("not a time"));
        set(d, "/confirm_time", json!("2025-13-45T99:00:00+08:00"));
    });
    // The whole parse succeeds: times are kept as text.
    let c = UserCoupon::parse(&buf).unwrap();
    assert_eq!(c.valid_begin_time.as_str(), "not a time");
    assert_eq!(c.coupon_code, "Code_123456");

    for time in [&c.valid_begin_time, c.confirm_time.as_ref().unwrap()] {
        match time.to_offset_date_time() {
            Err(Error::Decode(e)) => {
                assert!(e.message.contains(time.as_str()), "{}", e.message)
            }
            other => panic!("expected Error::Decode for {time}, got {other:?}"),
        }
    }
    // Other times of the same body still convert.
    assert!(c.valid_end_time.to_offset_date_time().is_ok());
}

//! Business state of the sandbox: product coupons, user coupons and
//! idempotency records, with the validation and state machine of the real
//! gateway for the use / deactivate / update endpoints. Pure: no I/O.

use std::collections::HashMap;
use std::fmt;

use serde_json::{json, Map, Value};

/// Brand owning the seeded product coupon.
const SEED_BRAND_ID: &str = "120344";
/// AppID under which the seeded user coupons were issued.
const SEED_APPID: &str = "wx233544546545989";
/// The seeded product coupon.
const SEED_PRODUCT_COUPON_ID: &str = "1000000013";
/// The seeded stock of [`SEED_PRODUCT_COUPON_ID`].
const SEED_STOCK_ID: &str = "1000000013001";
/// The user holding the seeded coupons.
const SEED_OPENID: &str = "oh-394z-6CGkNoJrsDLTTUKiAnp4";
/// The seeded user coupon codes.
const SEED_COUPON_CODES: [&str; 2] = ["Code_123456", "Code_123457"];

/// Message of the gateway when an `out_request_no` is reused with other data.
const REUSED_REQUEST_NO: &str = "使用了相同单号，但与上次请求的数据不一致";
/// Message of the gateway when a coupon that is not EFFECTIVE is used.
const CANNOT_USE: &str = "用户商品券当前无法使用";

/// An error answer of the gateway; rendered as `{"code":..,"message":..}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// Error code, e.g. `PARAM_ERROR`.
    pub code: &'static str,
    /// Human-readable message.
    pub message: String,
}

impl ApiError {
    /// Builds an error.
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 `PARAM_ERROR`.
    fn param(message: impl Into<String>) -> Self {
        ApiError::new(400, "PARAM_ERROR", message)
    }

    /// 404 `NOT_FOUND`.
    fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(404, "NOT_FOUND", message)
    }

    /// 400 `INVALID_REQUEST`.
    fn invalid_request(message: impl Into<String>) -> Self {
        ApiError::new(400, "INVALID_REQUEST", message)
    }

    /// 403 `NOT_ENOUGH`.
    fn not_enough(message: impl Into<String>) -> Self {
        ApiError::new(403, "NOT_ENOUGH", message)
    }

    /// The error body the gateway sends: `{"code":..,"message":..}`.
    pub fn to_json(&self) -> Value {
        json!({ "code": self.code, "message": self.message })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

/// State of a user coupon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CouponState {
    /// Usable.
    Effective,
    /// Used (核销).
    Used,
    /// Deactivated (失效).
    Deactivated,
}

impl CouponState {
    /// The wire name of the state.
    fn as_str(self) -> &'static str {
        match self {
            CouponState::Effective => "EFFECTIVE",
            CouponState::Used => "USED",
            CouponState::Deactivated => "DEACTIVATED",
        }
    }
}

/// A product coupon (商品券) and its stocks.
struct ProductCoupon {
    /// Owning brand.
    brand_id: String,
    /// The current ProductCouponEntity JSON.
    entity: Map<String, Value>,
    /// Stock entities by stock_id.
    stocks: HashMap<String, Value>,
}

/// A coupon issued to a user.
struct UserCoupon {
    /// Product coupon it was issued from.
    product_coupon_id: String,
    /// Stock it was issued from.
    stock_id: String,
    /// Owning brand.
    brand_id: String,
    /// AppID it was issued under.
    appid: String,
    /// Current state.
    state: CouponState,
    /// The UserProductCouponEntity JSON, with product coupon and stock
    /// snapshotted at issue time (updates only affect newly issued coupons).
    entity: Map<String, Value>,
}

impl UserCoupon {
    /// Moves to `state`, recording `details` (extra entity fields) with it.
    fn transition(&mut self, state: CouponState, details: Map<String, Value>) -> Value {
        self.state = state;
        self.entity
            .insert("coupon_state".into(), state.as_str().into());
        self.entity.extend(details);
        Value::Object(self.entity.clone())
    }

    /// Checks that the request's identifiers all belong to this coupon.
    fn check_owner(&self, owner: &CouponOwner<'_>) -> Result<(), ApiError> {
        let checks = [
            (
                "商品券",
                "product_coupon_id",
                &self.product_coupon_id,
                owner.product_coupon_id,
            ),
            ("批次", "stock_id", &self.stock_id, owner.stock_id),
            ("品牌", "brand_id", &self.brand_id, owner.brand_id),
            ("AppID", "appid", &self.appid, owner.appid),
        ];
        match checks.iter().find(|(_, _, expected, got)| expected != got) {
            Some((label, field, _, got)) => {
                Err(ApiError::not_found(format!("{label}不存在：{field}={got}")))
            }
            None => Ok(()),
        }
    }
}

/// Endpoint kinds, which have separate idempotency namespaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Operation {
    /// 核销.
    Use,
    /// 失效.
    Deactivate,
    /// 修改商品券.
    Update,
}

/// What an idempotency record is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    /// A user coupon: openid and coupon_code.
    Coupon(String, String),
    /// A product coupon id.
    ProductCoupon(String),
}

/// Key of an idempotency record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RecordKey {
    /// The endpoint kind.
    operation: Operation,
    /// The coupon or product coupon addressed.
    target: Target,
    /// The caller's request number.
    out_request_no: String,
}

impl RecordKey {
    /// Key for an operation on a user coupon.
    fn coupon(operation: Operation, openid: &str, code: &str, out_request_no: &str) -> Self {
        RecordKey {
            operation,
            target: Target::Coupon(openid.to_owned(), code.to_owned()),
            out_request_no: out_request_no.to_owned(),
        }
    }

    /// Key for an update of a product coupon.
    fn product_coupon(product_coupon_id: &str, out_request_no: &str) -> Self {
        RecordKey {
            operation: Operation::Update,
            target: Target::ProductCoupon(product_coupon_id.to_owned()),
            out_request_no: out_request_no.to_owned(),
        }
    }
}

/// A remembered successful request and its answer.
struct Record {
    /// The request body as received.
    request: Value,
    /// The answer given.
    response: Value,
}

/// The simulator's business state; the sandbox wraps it in a `Mutex`.
pub(crate) struct CouponStore {
    /// Product coupons by id.
    product_coupons: HashMap<String, ProductCoupon>,
    /// User coupons by (openid, coupon_code).
    coupons: HashMap<(String, String), UserCoupon>,
    /// Successful requests by idempotency key.
    records: HashMap<RecordKey, Record>,
    /// How many user coupons were issued (numbers their send/confirm request numbers).
    issued: u64,
}

impl CouponStore {
    /// Seeded with: brand "120344", appid "wx233544546545989", product coupon "1000000013" (state EFFECTIVE)
    /// with stock "1000000013001", and for openid "oh-394z-6CGkNoJrsDLTTUKiAnp4" the EFFECTIVE user
    /// coupons "Code_123456" and "Code_123457".
    pub fn seeded() -> Self {
        let product = ProductCoupon {
            brand_id: SEED_BRAND_ID.to_owned(),
            entity: into_map(seed_product_coupon()),
            stocks: HashMap::from([(SEED_STOCK_ID.to_owned(), seed_stock())]),
        };
        let mut store = CouponStore {
            product_coupons: HashMap::from([(SEED_PRODUCT_COUPON_ID.to_owned(), product)]),
            coupons: HashMap::new(),
            records: HashMap::new(),
            issued: 0,
        };
        for code in SEED_COUPON_CODES {
            store.issue_coupon(SEED_OPENID, code);
        }
        store
    }

    /// Issues another EFFECTIVE user coupon of product coupon 1000000013 / stock 1000000013001
    /// (for tests needing many). Reissuing an existing code replaces it with a fresh coupon and
    /// forgets the idempotency records about it.
    pub fn issue_coupon(&mut self, openid: &str, coupon_code: &str) {
        let Some(product) = self.product_coupons.get(SEED_PRODUCT_COUPON_ID) else {
            return;
        };
        let Some(stock) = product.stocks.get(SEED_STOCK_ID) else {
            return;
        };
        let coupon = UserCoupon {
            product_coupon_id: SEED_PRODUCT_COUPON_ID.to_owned(),
            stock_id: SEED_STOCK_ID.to_owned(),
            brand_id: product.brand_id.clone(),
            appid: SEED_APPID.to_owned(),
            state: CouponState::Effective,
            entity: user_coupon_entity(coupon_code, self.issued, &product.entity, stock),
        };
        self.issued += 1;
        let key = (openid.to_owned(), coupon_code.to_owned());
        let target = Target::Coupon(key.0.clone(), key.1.clone());
        self.records.retain(|k, _| k.target != target);
        self.coupons.insert(key, coupon);
    }

    /// The state of a user coupon (e.g. `"EFFECTIVE"`), or `None` if it does not exist.
    pub fn coupon_state(&self, openid: &str, coupon_code: &str) -> Option<String> {
        self.coupons
            .get(&(openid.to_owned(), coupon_code.to_owned()))
            .map(|c| c.state.as_str().to_owned())
    }

    /// 核销: `POST …/users/{openid}/coupons/{coupon_code}/use`. Returns the
    /// UserProductCouponEntity. `now_rfc3339` is not needed: the response
    /// carries the request's own `use_time`.
    pub fn use_coupon(
        &mut self,
        openid: &str,
        coupon_code: &str,
        body: &Value,
        _now_rfc3339: &str,
    ) -> Result<Value, ApiError> {
        let request = UseRequest::parse(body)?;
        let key = RecordKey::coupon(Operation::Use, openid, coupon_code, request.out_request_no);
        self.idempotent(key, body, |store| {
            let coupon = store.coupon_mut(openid, coupon_code, &request.owner)?;
            if coupon.state != CouponState::Effective {
                return Err(ApiError::not_enough(CANNOT_USE));
            }
            Ok(coupon.transition(CouponState::Used, request.details()))
        })
    }

    /// 失效: `POST …/users/{openid}/coupons/{coupon_code}/deactivate`. Returns the
    /// UserProductCouponEntity, with `deactivate_time` = `now_rfc3339`.
    pub fn deactivate_coupon(
        &mut self,
        openid: &str,
        coupon_code: &str,
        body: &Value,
        now_rfc3339: &str,
    ) -> Result<Value, ApiError> {
        let request = DeactivateRequest::parse(body)?;
        let key = RecordKey::coupon(
            Operation::Deactivate,
            openid,
            coupon_code,
            request.out_request_no,
        );
        self.idempotent(key, body, |store| {
            let coupon = store.coupon_mut(openid, coupon_code, &request.owner)?;
            if coupon.state != CouponState::Effective {
                return Err(ApiError::invalid_request(format!(
                    "用户商品券当前状态为 {}，无法失效",
                    coupon.state.as_str()
                )));
            }
            Ok(coupon.transition(CouponState::Deactivated, request.details(now_rfc3339)))
        })
    }

    /// 修改商品券: `PATCH …/product-coupons/{product_coupon_id}`. Returns the
    /// ProductCouponEntity; coupons issued before keep their old snapshot.
    pub fn update_product_coupon(
        &mut self,
        product_coupon_id: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let request = UpdateRequest::parse(body)?;
        let key = RecordKey::product_coupon(product_coupon_id, request.out_request_no);
        self.idempotent(key, body, |store| {
            let product = store
                .product_coupons
                .get_mut(product_coupon_id)
                .ok_or_else(|| {
                    ApiError::not_found(format!(
                        "商品券不存在：product_coupon_id={product_coupon_id}"
                    ))
                })?;
            if product.brand_id != request.brand_id {
                return Err(ApiError::not_found(format!(
                    "品牌不存在：brand_id={}",
                    request.brand_id
                )));
            }
            product
                .entity
                .insert("display_info".into(), request.display_info.clone());
            Ok(Value::Object(product.entity.clone()))
        })
    }

    /// Replays the recorded answer for `key`, refuses a reused `out_request_no`
    /// with different data, or runs `apply` and records its success.
    fn idempotent(
        &mut self,
        key: RecordKey,
        body: &Value,
        apply: impl FnOnce(&mut Self) -> Result<Value, ApiError>,
    ) -> Result<Value, ApiError> {
        if let Some(record) = self.records.get(&key) {
            return if record.request == *body {
                Ok(record.response.clone())
            } else {
                Err(ApiError::invalid_request(REUSED_REQUEST_NO))
            };
        }
        let response = apply(self)?;
        let record = Record {
            request: body.clone(),
            response: response.clone(),
        };
        self.records.insert(key, record);
        Ok(response)
    }

    /// Finds a user coupon and checks that the request's identifiers match it.
    fn coupon_mut(
        &mut self,
        openid: &str,
        coupon_code: &str,
        owner: &CouponOwner<'_>,
    ) -> Result<&mut UserCoupon, ApiError> {
        let coupon = self
            .coupons
            .get_mut(&(openid.to_owned(), coupon_code.to_owned()))
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "用户商品券不存在：openid={openid}, coupon_code={coupon_code}"
                ))
            })?;
        coupon.check_owner(owner)?;
        Ok(coupon)
    }
}

/// The identifiers a use/deactivate request gives for its coupon.
struct CouponOwner<'a> {
    /// `product_coupon_id`.
    product_coupon_id: &'a str,
    /// `stock_id`.
    stock_id: &'a str,
    /// `appid`.
    appid: &'a str,
    /// `brand_id`.
    brand_id: &'a str,
}

impl<'a> CouponOwner<'a> {
    /// Reads the identifiers from a request body.
    fn parse(fields: &Fields<'a>) -> Result<Self, ApiError> {
        Ok(CouponOwner {
            product_coupon_id: fields.required_str("product_coupon_id")?,
            stock_id: fields.required_str("stock_id")?,
            appid: fields.required_str("appid")?,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

/// A validated use (核销) request body.
struct UseRequest<'a> {
    /// Which coupon the caller thinks it is.
    owner: CouponOwner<'a>,
    /// Idempotency number.
    out_request_no: &'a str,
    /// RFC 3339 use time.
    use_time: &'a str,
    /// `associated_order_info`, as sent.
    order_info: Option<&'a Value>,
    /// `associated_pay_score_order_info`, as sent.
    pay_score_order_info: Option<&'a Value>,
}

impl<'a> UseRequest<'a> {
    /// Validates a use request body.
    fn parse(body: &'a Value) -> Result<Self, ApiError> {
        let fields = Fields::body(body, &["openid", "coupon_code"])?;
        let owner = CouponOwner::parse(&fields)?;
        let use_time = fields.required_str("use_time")?;
        if !is_rfc3339(use_time) {
            return Err(ApiError::param(
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
            return Err(ApiError::param(
                "associated_order_info 与 associated_pay_score_order_info 须至少传入一个",
            ));
        }
        Ok(UseRequest {
            owner,
            out_request_no,
            use_time,
            order_info,
            pay_score_order_info,
        })
    }

    /// The entity fields recording this use.
    fn details(&self) -> Map<String, Value> {
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
struct DeactivateRequest<'a> {
    /// Which coupon the caller thinks it is.
    owner: CouponOwner<'a>,
    /// Idempotency number.
    out_request_no: &'a str,
    /// Why the coupon is deactivated.
    reason: &'a str,
}

impl<'a> DeactivateRequest<'a> {
    /// Validates a deactivate request body.
    fn parse(body: &'a Value) -> Result<Self, ApiError> {
        let fields = Fields::body(body, &["openid", "coupon_code"])?;
        let owner = CouponOwner::parse(&fields)?;
        let out_request_no = parse_out_request_no(&fields)?;
        let reason = fields.required_str("deactivate_reason")?;
        check_char_count(&fields.path("deactivate_reason"), reason, 1, 150)?;
        Ok(DeactivateRequest {
            owner,
            out_request_no,
            reason,
        })
    }

    /// The entity fields recording this deactivation at `now`.
    fn details(&self, now: &str) -> Map<String, Value> {
        into_map(json!({
            "deactivate_request_no": self.out_request_no,
            "deactivate_time": now,
            "deactivate_reason": self.reason,
        }))
    }
}

/// A validated update (修改商品券) request body.
struct UpdateRequest<'a> {
    /// Idempotency number.
    out_request_no: &'a str,
    /// The new `display_info`, as sent.
    display_info: &'a Value,
    /// Brand the caller acts for.
    brand_id: &'a str,
}

impl<'a> UpdateRequest<'a> {
    /// Validates an update request body.
    fn parse(body: &'a Value) -> Result<Self, ApiError> {
        let fields = Fields::body(body, &["product_coupon_id"])?;
        let out_request_no = parse_out_request_no(&fields)?;
        let display = fields.required_object("display_info")?;
        let name = display.required_str("name")?;
        check_char_count(&display.path("name"), name, 3, 15)?;
        display.required_str("image_url")?;
        display.required_str("background_url")?;
        if let Some(images) = display.optional_array("detail_image_url_list")? {
            if images.len() > 8 {
                return Err(ApiError::param(format!(
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
        Ok(UpdateRequest {
            out_request_no,
            display_info: display.value,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

/// Validates `out_request_no`: 6–40 characters of `[0-9A-Za-z_-]`.
fn parse_out_request_no<'a>(fields: &Fields<'a>) -> Result<&'a str, ApiError> {
    let value = fields.required_str("out_request_no")?;
    let valid_chars = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if valid_chars && (6..=40).contains(&value.len()) {
        Ok(value)
    } else {
        Err(ApiError::param(
            "参数 out_request_no 格式错误：须为 6-40 位数字、大小写字母、下划线或短横线",
        ))
    }
}

/// Validates an optional order-info object, which must carry at least one of
/// its two identifiers; `mchid` and `sub_mchid` are optional strings.
fn parse_order_info<'a>(
    fields: &Fields<'a>,
    name: &str,
    id: &str,
    out_id: &str,
) -> Result<Option<&'a Value>, ApiError> {
    let Some(info) = fields.optional_object(name)? else {
        return Ok(None);
    };
    let id_given = info.optional_str(id)?.is_some();
    let out_id_given = info.optional_str(out_id)?.is_some();
    info.optional_str("mchid")?;
    info.optional_str("sub_mchid")?;
    if !id_given && !out_id_given {
        return Err(ApiError::param(format!(
            "参数 {} 须至少传入 {id} 或 {out_id}",
            fields.path(name)
        )));
    }
    Ok(Some(info.value))
}

/// Checks that `value` has between `min` and `max` characters (not bytes).
fn check_char_count(path: &str, value: &str, min: usize, max: usize) -> Result<(), ApiError> {
    let count = value.chars().count();
    if (min..=max).contains(&count) {
        Ok(())
    } else {
        Err(ApiError::param(format!(
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
    fn body(body: &'a Value, path_params: &[&str]) -> Result<Self, ApiError> {
        let map = body
            .as_object()
            .ok_or_else(|| ApiError::param("请求包体必须是 JSON 对象"))?;
        reject_nulls(body, "")?;
        if let Some(name) = path_params.iter().find(|name| map.contains_key(**name)) {
            return Err(ApiError::param(format!(
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
    fn type_error(&self, name: &str, expected: &str) -> ApiError {
        ApiError::param(format!("参数 {} 类型错误，应为{expected}", self.path(name)))
    }

    /// A required non-empty string.
    fn required_str(&self, name: &str) -> Result<&'a str, ApiError> {
        self.optional_str(name)?
            .ok_or_else(|| ApiError::param(format!("缺少必填参数 {}", self.path(name))))
    }

    /// An optional string, which must be non-empty when present.
    fn optional_str(&self, name: &str) -> Result<Option<&'a str>, ApiError> {
        match self.map.get(name) {
            None => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Err(ApiError::param(format!(
                "参数 {} 不能为空",
                self.path(name)
            ))),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.type_error(name, "字符串")),
        }
    }

    /// A required object.
    fn required_object(&self, name: &str) -> Result<Fields<'a>, ApiError> {
        self.optional_object(name)?
            .ok_or_else(|| ApiError::param(format!("缺少必填参数 {}", self.path(name))))
    }

    /// An optional object.
    fn optional_object(&self, name: &str) -> Result<Option<Fields<'a>>, ApiError> {
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
    fn optional_array(&self, name: &str) -> Result<Option<&'a Vec<Value>>, ApiError> {
        match self.map.get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(self.type_error(name, "数组")),
        }
    }

    /// An optional non-negative integer.
    fn optional_u64(&self, name: &str) -> Result<Option<u64>, ApiError> {
        match self.map.get(name) {
            None => Ok(None),
            Some(value) => value
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.type_error(name, "非负整数")),
        }
    }

    /// Checks that item `index` of array field `name` is a non-empty string.
    fn array_str(&self, name: &str, items: &[Value], index: usize) -> Result<(), ApiError> {
        let path = format!("{}[{index}]", self.path(name));
        match items.get(index) {
            Some(Value::String(s)) if !s.is_empty() => Ok(()),
            Some(Value::String(_)) => Err(ApiError::param(format!("参数 {path} 不能为空"))),
            _ => Err(ApiError::param(format!("参数 {path} 类型错误，应为字符串"))),
        }
    }

    /// Checks that item `index` of array field `name` is an object.
    fn array_object(&self, name: &str, items: &[Value], index: usize) -> Result<(), ApiError> {
        match items.get(index) {
            Some(Value::Object(_)) => Ok(()),
            _ => Err(ApiError::param(format!(
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
fn reject_nulls(value: &Value, path: &str) -> Result<(), ApiError> {
    match value {
        Value::Null => Err(ApiError::param(format!("参数 {path} 不能为 null"))),
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

/// The object inside `value` (an empty map if it is not one).
fn into_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A freshly issued EFFECTIVE user coupon entity; `seq` numbers its send and
/// confirm request numbers (the first one matches the documentation example).
fn user_coupon_entity(
    coupon_code: &str,
    seq: u64,
    product_coupon: &Map<String, Value>,
    stock: &Value,
) -> Map<String, Value> {
    let request_no = 202003101234 + seq;
    into_map(json!({
        "coupon_code": coupon_code,
        "coupon_state": CouponState::Effective.as_str(),
        "valid_begin_time": "2025-08-02T00:00:00+08:00",
        "valid_end_time": "2025-08-31T23:59:59+08:00",
        "receive_time": "2025-08-02T00:00:00+08:00",
        "send_request_no": format!("MCHSEND{request_no}"),
        "send_channel": "API",
        "confirm_request_no": format!("MCHCONFIRM{request_no}"),
        "confirm_time": "2025-08-02T00:00:05+08:00",
        "product_coupon": product_coupon,
        "stock": stock,
        "attach": "any attach content",
        "brand_id": SEED_BRAND_ID,
    }))
}

/// The seeded ProductCouponEntity.
fn seed_product_coupon() -> Value {
    let image = "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx";
    json!({
        "product_coupon_id": SEED_PRODUCT_COUPON_ID,
        "scope": "ALL",
        "type": "DISCOUNT",
        "usage_mode": "SINGLE",
        "single_usage_info": { "discount_coupon": { "threshold": 10000, "percent_off": 20 } },
        "display_info": {
            "name": "全场满100立打8折-新名字",
            "image_url": image,
            "background_url": image,
            "detail_image_url_list": [image],
        },
        "state": "EFFECTIVE",
        "out_product_no": "Product_1234567890",
        "brand_id": SEED_BRAND_ID,
    })
}

/// The seeded stock entity.
fn seed_stock() -> Value {
    let mini_program = "wx1234567890";
    json!({
        "product_coupon_id": SEED_PRODUCT_COUPON_ID,
        "stock_id": SEED_STOCK_ID,
        "remark": "8月工作日有效批次",
        "coupon_code_mode": "UPLOAD",
        "coupon_code_count_info": { "total_count": 0, "available_count": 0 },
        "stock_send_rule": { "max_count": 10000000, "max_count_per_user": 1 },
        "single_usage_rule": {
            "coupon_available_period": {
                "available_begin_time": "2025-08-01T00:00:00+08:00",
                "available_end_time": "2025-08-31T23:59:59+08:00",
                "available_days": 30,
                "weekly_available_period": {
                    "day_list": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
                },
            },
        },
        "usage_rule_display_info": {
            "coupon_usage_method_list": ["OFFLINE", "MINI_PROGRAM", "PAYMENT_CODE"],
            "mini_program_appid": mini_program,
            "mini_program_path": "/pages/index/product",
            "usage_description": "工作日可用",
            "coupon_available_store_info": {
                "description": "所有门店可用,可使用小程序查看门店列表",
                "mini_program_appid": mini_program,
                "mini_program_path": "/pages/index/store-list",
            },
        },
        "coupon_display_info": {
            "code_display_mode": "QRCODE",
            "background_color": "Color010",
            "entrance_mini_program": {
                "appid": mini_program,
                "path": "/pages/index/product",
                "entrance_wording": "欢迎选购",
                "guidance_wording": "获取更多优惠",
            },
            "entrance_official_account": { "appid": mini_program },
            "entrance_finder": {
                "finder_id": "gh_12345678",
                "finder_video_id": "UDFsdf24df34dD456Hdf34",
                "finder_video_cover_image_url": "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
            },
        },
        "notify_config": { "notify_appid": "wx4fd12345678" },
        "store_scope": "NONE",
        "sent_count_info": { "total_count": 0, "today_count": 0 },
        "state": "SENDING",
        "brand_id": SEED_BRAND_ID,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2025-08-05T10:00:00+08:00";
    const CODE: &str = "Code_123456";
    const OTHER_CODE: &str = "Code_123457";

    /// The use-response example of the documentation.
    const USE_EXAMPLE: &str = r#"{"coupon_code":"Code_123456","coupon_state":"USED","valid_begin_time":"2025-08-02T00:00:00+08:00","valid_end_time":"2025-08-31T23:59:59+08:00","receive_time":"2025-08-02T00:00:00+08:00","send_request_no":"MCHSEND202003101234","send_channel":"API","confirm_request_no":"MCHCONFIRM202003101234","confirm_time":"2025-08-02T00:00:05+08:00","single_usage_detail":{"use_request_no":"MCHUSE202003101234","use_time":"2025-08-03T12:00:00+08:00","associated_order_info":{"transaction_id":"4200000000123456789123456789"}},"product_coupon":{"product_coupon_id":"1000000013","scope":"ALL","type":"DISCOUNT","usage_mode":"SINGLE","single_usage_info":{"discount_coupon":{"threshold":10000,"percent_off":20}},"display_info":{"name":"全场满100立打8折-新名字","image_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx","background_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx","detail_image_url_list":["https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"]},"state":"EFFECTIVE","out_product_no":"Product_1234567890","brand_id":"120344"},"stock":{"product_coupon_id":"1000000013","stock_id":"1000000013001","remark":"8月工作日有效批次","coupon_code_mode":"UPLOAD","coupon_code_count_info":{"total_count":0,"available_count":0},"stock_send_rule":{"max_count":10000000,"max_count_per_user":1},"single_usage_rule":{"coupon_available_period":{"available_begin_time":"2025-08-01T00:00:00+08:00","available_end_time":"2025-08-31T23:59:59+08:00","available_days":30,"weekly_available_period":{"day_list":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY"]}}},"usage_rule_display_info":{"coupon_usage_method_list":["OFFLINE","MINI_PROGRAM","PAYMENT_CODE"],"mini_program_appid":"wx1234567890","mini_program_path":"/pages/index/product","usage_description":"工作日可用","coupon_available_store_info":{"description":"所有门店可用,可使用小程序查看门店列表","mini_program_appid":"wx1234567890","mini_program_path":"/pages/index/store-list"}},"coupon_display_info":{"code_display_mode":"QRCODE","background_color":"Color010","entrance_mini_program":{"appid":"wx1234567890","path":"/pages/index/product","entrance_wording":"欢迎选购","guidance_wording":"获取更多优惠"},"entrance_official_account":{"appid":"wx1234567890"},"entrance_finder":{"finder_id":"gh_12345678","finder_video_id":"UDFsdf24df34dD456Hdf34","finder_video_cover_image_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"}},"notify_config":{"notify_appid":"wx4fd12345678"},"store_scope":"NONE","sent_count_info":{"total_count":0,"today_count":0},"state":"SENDING","brand_id":"120344"},"attach":"any attach content","brand_id":"120344"}"#;

    /// The update-response example of the documentation.
    const UPDATE_EXAMPLE: &str = r#"{"product_coupon_id":"1000000013","scope":"ALL","type":"DISCOUNT","usage_mode":"SINGLE","single_usage_info":{"discount_coupon":{"threshold":10000,"percent_off":20}},"display_info":{"name":"全场满100立打8折-新名字","image_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx","background_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx","detail_image_url_list":["https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"]},"state":"EFFECTIVE","out_product_no":"Product_1234567890","brand_id":"120344"}"#;

    fn use_body() -> Value {
        json!({
            "product_coupon_id": "1000000013",
            "stock_id": "1000000013001",
            "appid": "wx233544546545989",
            "use_time": "2025-08-03T12:00:00+08:00",
            "out_request_no": "MCHUSE202003101234",
            "brand_id": "120344",
            "associated_order_info": { "transaction_id": "4200000000123456789123456789" },
        })
    }

    fn deactivate_body() -> Value {
        json!({
            "product_coupon_id": "1000000013",
            "stock_id": "1000000013001",
            "appid": "wx233544546545989",
            "out_request_no": "MCHDEACT2025080501",
            "deactivate_reason": "商品下架",
            "brand_id": "120344",
        })
    }

    fn update_body(name: &str) -> Value {
        json!({
            "out_request_no": "MCHUPDATE2025080501",
            "display_info": {
                "name": name,
                "image_url": "https://example.com/new.png",
                "background_url": "https://example.com/bg.png",
            },
            "brand_id": "120344",
        })
    }

    /// `body` with `path` (dot-separated) set to `value`.
    fn with(mut body: Value, path: &str, value: Value) -> Value {
        let mut target = &mut body;
        let mut parts = path.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                target[part] = value;
                break;
            }
            target = &mut target[part];
        }
        body
    }

    /// `body` without the top-level field `name`.
    fn without(mut body: Value, name: &str) -> Value {
        body.as_object_mut().unwrap().remove(name);
        body
    }

    fn use_code(store: &mut CouponStore, code: &str, body: &Value) -> Result<Value, ApiError> {
        store.use_coupon(SEED_OPENID, code, body, NOW)
    }

    fn deactivate_code(
        store: &mut CouponStore,
        code: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        store.deactivate_coupon(SEED_OPENID, code, body, NOW)
    }

    fn assert_error(result: Result<Value, ApiError>, status: u16, code: &str, needle: &str) {
        let err = result.unwrap_err();
        assert_eq!((err.status, err.code), (status, code), "{err}");
        assert!(
            err.message.contains(needle),
            "{err} should mention {needle}"
        );
    }

    fn state(store: &CouponStore, code: &str) -> String {
        store.coupon_state(SEED_OPENID, code).unwrap()
    }

    #[test]
    fn seeded_coupons_are_effective() {
        let store = CouponStore::seeded();
        assert_eq!(state(&store, CODE), "EFFECTIVE");
        assert_eq!(state(&store, OTHER_CODE), "EFFECTIVE");
        assert_eq!(store.coupon_state(SEED_OPENID, "Code_999"), None);
        assert_eq!(store.coupon_state("someone-else", CODE), None);
    }

    #[test]
    fn use_returns_documented_entity() {
        let mut store = CouponStore::seeded();
        let response = use_code(&mut store, CODE, &use_body()).unwrap();
        let expected: Value = serde_json::from_str(USE_EXAMPLE).unwrap();
        assert_eq!(response, expected);
        assert_eq!(state(&store, CODE), "USED");
        assert_eq!(state(&store, OTHER_CODE), "EFFECTIVE");
    }

    #[test]
    fn use_copies_only_the_order_infos_sent() {
        let pay_score = json!({ "out_order_no": "PS_001", "mchid": "1900000001" });
        let mut store = CouponStore::seeded();
        let body = with(
            without(use_body(), "associated_order_info"),
            "associated_pay_score_order_info",
            pay_score.clone(),
        );
        let response = use_code(&mut store, CODE, &body).unwrap();
        let detail = &response["single_usage_detail"];
        assert_eq!(detail["associated_pay_score_order_info"], pay_score);
        assert!(detail.get("associated_order_info").is_none());

        let both = with(
            use_body(),
            "associated_pay_score_order_info",
            pay_score.clone(),
        );
        let response = use_code(&mut store, OTHER_CODE, &both).unwrap();
        let detail = &response["single_usage_detail"];
        assert_eq!(detail["associated_pay_score_order_info"], pay_score);
        assert_eq!(
            detail["associated_order_info"],
            use_body()["associated_order_info"]
        );
    }

    #[test]
    fn use_requires_an_order_info_with_an_identifier() {
        let mut store = CouponStore::seeded();
        let neither = without(use_body(), "associated_order_info");
        assert_error(
            use_code(&mut store, CODE, &neither),
            400,
            "PARAM_ERROR",
            "associated_pay_score_order_info",
        );
        let no_id = with(use_body(), "associated_order_info", json!({ "mchid": "1" }));
        assert_error(
            use_code(&mut store, CODE, &no_id),
            400,
            "PARAM_ERROR",
            "associated_order_info",
        );
        let by_out_trade_no = with(
            use_body(),
            "associated_order_info",
            json!({ "out_trade_no": "T1", "mchid": "1" }),
        );
        assert!(use_code(&mut store, CODE, &by_out_trade_no).is_ok());
    }

    #[test]
    fn missing_empty_and_mistyped_fields_are_param_errors() {
        let mut store = CouponStore::seeded();
        let required = [
            "product_coupon_id",
            "stock_id",
            "appid",
            "use_time",
            "out_request_no",
            "brand_id",
        ];
        for field in required {
            let missing = without(use_body(), field);
            assert_error(
                use_code(&mut store, CODE, &missing),
                400,
                "PARAM_ERROR",
                field,
            );
            let empty = with(use_body(), field, json!(""));
            assert_error(
                use_code(&mut store, CODE, &empty),
                400,
                "PARAM_ERROR",
                field,
            );
            let number = with(use_body(), field, json!(1000000013));
            assert_error(
                use_code(&mut store, CODE, &number),
                400,
                "PARAM_ERROR",
                field,
            );
        }
        let bad_store = with(use_body(), "store_id", json!(12));
        assert_error(
            use_code(&mut store, CODE, &bad_store),
            400,
            "PARAM_ERROR",
            "store_id",
        );
        let bad_info = with(use_body(), "associated_order_info", json!("4200"));
        assert_error(
            use_code(&mut store, CODE, &bad_info),
            400,
            "PARAM_ERROR",
            "associated_order_info",
        );
        let bad_nested = with(use_body(), "associated_order_info.sub_mchid", json!(5));
        assert_error(
            use_code(&mut store, CODE, &bad_nested),
            400,
            "PARAM_ERROR",
            "associated_order_info.sub_mchid",
        );
        for body in [json!([]), json!("x"), Value::Null] {
            assert_error(
                use_code(&mut store, CODE, &body),
                400,
                "PARAM_ERROR",
                "JSON",
            );
        }
        assert_eq!(state(&store, CODE), "EFFECTIVE");
    }

    #[test]
    fn null_anywhere_is_a_param_error() {
        let mut store = CouponStore::seeded();
        let top = with(use_body(), "store_id", Value::Null);
        assert_error(
            use_code(&mut store, CODE, &top),
            400,
            "PARAM_ERROR",
            "store_id",
        );
        let nested = with(use_body(), "associated_order_info.mchid", Value::Null);
        assert_error(
            use_code(&mut store, CODE, &nested),
            400,
            "PARAM_ERROR",
            "associated_order_info.mchid",
        );
        let in_array = with(
            update_body("新名字的商品券"),
            "display_info.detail_image_url_list",
            json!(["https://a", null]),
        );
        assert_error(
            store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &in_array),
            400,
            "PARAM_ERROR",
            "display_info.detail_image_url_list[1]",
        );
    }

    #[test]
    fn path_parameters_in_body_are_param_errors() {
        let mut store = CouponStore::seeded();
        for name in ["openid", "coupon_code"] {
            let body = with(use_body(), name, json!("x"));
            assert_error(use_code(&mut store, CODE, &body), 400, "PARAM_ERROR", name);
            let body = with(deactivate_body(), name, json!("x"));
            assert_error(
                deactivate_code(&mut store, CODE, &body),
                400,
                "PARAM_ERROR",
                name,
            );
        }
        let body = with(
            update_body("新名字的商品券"),
            "product_coupon_id",
            json!("1000000013"),
        );
        assert_error(
            store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &body),
            400,
            "PARAM_ERROR",
            "product_coupon_id",
        );
    }

    #[test]
    fn out_request_no_format_is_checked() {
        let mut store = CouponStore::seeded();
        let too_long = "a".repeat(41);
        for bad in [
            "abc12",
            too_long.as_str(),
            "abc#123",
            "单号123456",
            "abc 123",
        ] {
            let body = with(use_body(), "out_request_no", json!(bad));
            assert_error(
                use_code(&mut store, CODE, &body),
                400,
                "PARAM_ERROR",
                "out_request_no",
            );
            let body = with(deactivate_body(), "out_request_no", json!(bad));
            assert_error(
                deactivate_code(&mut store, CODE, &body),
                400,
                "PARAM_ERROR",
                "out_request_no",
            );
            let body = with(update_body("新名字的商品券"), "out_request_no", json!(bad));
            assert_error(
                store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &body),
                400,
                "PARAM_ERROR",
                "out_request_no",
            );
        }
        let shortest = with(use_body(), "out_request_no", json!("a-_9Zz"));
        assert!(use_code(&mut store, CODE, &shortest).is_ok());
        let longest = with(use_body(), "out_request_no", json!("b".repeat(40)));
        assert!(use_code(&mut store, OTHER_CODE, &longest).is_ok());
    }

    #[test]
    fn use_time_must_be_rfc3339() {
        let mut store = CouponStore::seeded();
        for bad in [
            "2025-07-24T00:00+08:00",
            "2025-02-30T12:00:00+08:00",
            "2025-08-03 12:00:00",
        ] {
            let body = with(use_body(), "use_time", json!(bad));
            assert_error(
                use_code(&mut store, CODE, &body),
                400,
                "PARAM_ERROR",
                "use_time",
            );
        }
        let utc = with(use_body(), "use_time", json!("2025-08-03T04:00:00.123Z"));
        let response = use_code(&mut store, CODE, &utc).unwrap();
        assert_eq!(
            response["single_usage_detail"]["use_time"],
            "2025-08-03T04:00:00.123Z"
        );
    }

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

    #[test]
    fn lookups_name_what_does_not_exist() {
        let mut store = CouponStore::seeded();
        assert_error(
            use_code(&mut store, "Code_000", &use_body()),
            404,
            "NOT_FOUND",
            "Code_000",
        );
        assert_error(
            store.use_coupon("unknown-openid", CODE, &use_body(), NOW),
            404,
            "NOT_FOUND",
            "unknown-openid",
        );
        let mismatches = [
            ("product_coupon_id", "1000000099"),
            ("stock_id", "1000000013999"),
            ("brand_id", "999999"),
            ("appid", "wx0000000000000000"),
        ];
        for (field, value) in mismatches {
            let body = with(use_body(), field, json!(value));
            assert_error(use_code(&mut store, CODE, &body), 404, "NOT_FOUND", field);
            let body = with(deactivate_body(), field, json!(value));
            assert_error(
                deactivate_code(&mut store, CODE, &body),
                404,
                "NOT_FOUND",
                value,
            );
        }
        assert_eq!(state(&store, CODE), "EFFECTIVE");
    }

    #[test]
    fn used_or_deactivated_coupon_cannot_be_used() {
        let mut store = CouponStore::seeded();
        use_code(&mut store, CODE, &use_body()).unwrap();
        let again = with(use_body(), "out_request_no", json!("MCHUSE_SECOND"));
        let err = use_code(&mut store, CODE, &again).unwrap_err();
        assert_eq!((err.status, err.code), (403, "NOT_ENOUGH"));
        assert_eq!(err.message, "用户商品券当前无法使用");

        deactivate_code(&mut store, OTHER_CODE, &deactivate_body()).unwrap();
        assert_error(
            use_code(&mut store, OTHER_CODE, &use_body()),
            403,
            "NOT_ENOUGH",
            "无法使用",
        );
    }

    #[test]
    fn use_is_idempotent_by_out_request_no() {
        let mut store = CouponStore::seeded();
        let first = use_code(&mut store, CODE, &use_body()).unwrap();
        let replay = use_code(&mut store, CODE, &use_body()).unwrap();
        assert_eq!(replay, first);
        assert_eq!(state(&store, CODE), "USED");

        let changed = with(use_body(), "use_time", json!("2025-08-04T12:00:00+08:00"));
        let err = use_code(&mut store, CODE, &changed).unwrap_err();
        assert_eq!((err.status, err.code), (400, "INVALID_REQUEST"));
        assert_eq!(err.message, REUSED_REQUEST_NO);
        // Key order does not matter: a re-serialized identical body replays.
        let reordered: Value = serde_json::from_str(&use_body().to_string()).unwrap();
        assert_eq!(use_code(&mut store, CODE, &reordered).unwrap(), first);
    }

    #[test]
    fn idempotency_is_per_endpoint_and_per_target() {
        let mut store = CouponStore::seeded();
        use_code(&mut store, CODE, &use_body()).unwrap();
        // The same number on another coupon is a different request.
        use_code(&mut store, OTHER_CODE, &use_body()).unwrap();
        assert_eq!(state(&store, OTHER_CODE), "USED");
        // ...and on another endpoint too.
        store.issue_coupon(SEED_OPENID, "Code_200");
        let body = with(
            deactivate_body(),
            "out_request_no",
            json!("MCHUSE202003101234"),
        );
        deactivate_code(&mut store, "Code_200", &body).unwrap();
        assert_eq!(state(&store, "Code_200"), "DEACTIVATED");
    }

    #[test]
    fn failed_requests_are_not_remembered() {
        let mut store = CouponStore::seeded();
        let wrong_stock = with(use_body(), "stock_id", json!("1000000013999"));
        assert!(use_code(&mut store, CODE, &wrong_stock).is_err());
        let ok = use_code(&mut store, CODE, &use_body()).unwrap();
        assert_eq!(ok["coupon_state"], "USED");

        let wrong_brand = with(update_body("新名字的商品券"), "brand_id", json!("999"));
        assert!(store
            .update_product_coupon(SEED_PRODUCT_COUPON_ID, &wrong_brand)
            .is_err());
        assert!(store
            .update_product_coupon(SEED_PRODUCT_COUPON_ID, &update_body("新名字的商品券"))
            .is_ok());
    }

    #[test]
    fn deactivate_returns_entity_with_deactivation_fields() {
        let mut store = CouponStore::seeded();
        let response = deactivate_code(&mut store, CODE, &deactivate_body()).unwrap();
        let mut expected: Value = serde_json::from_str(USE_EXAMPLE).unwrap();
        let map = expected.as_object_mut().unwrap();
        map.remove("single_usage_detail");
        map.insert("coupon_state".into(), json!("DEACTIVATED"));
        map.insert("deactivate_request_no".into(), json!("MCHDEACT2025080501"));
        map.insert("deactivate_time".into(), json!(NOW));
        map.insert("deactivate_reason".into(), json!("商品下架"));
        assert_eq!(response, expected);
        assert_eq!(state(&store, CODE), "DEACTIVATED");
    }

    #[test]
    fn deactivate_requires_effective_coupon() {
        let mut store = CouponStore::seeded();
        deactivate_code(&mut store, CODE, &deactivate_body()).unwrap();
        let again = with(
            deactivate_body(),
            "out_request_no",
            json!("MCHDEACT_SECOND"),
        );
        assert_error(
            deactivate_code(&mut store, CODE, &again),
            400,
            "INVALID_REQUEST",
            "DEACTIVATED",
        );
        use_code(&mut store, OTHER_CODE, &use_body()).unwrap();
        assert_error(
            deactivate_code(&mut store, OTHER_CODE, &deactivate_body()),
            400,
            "INVALID_REQUEST",
            "USED",
        );
        assert_eq!(state(&store, OTHER_CODE), "USED");
    }

    #[test]
    fn deactivate_is_idempotent_by_out_request_no() {
        let mut store = CouponStore::seeded();
        let first = deactivate_code(&mut store, CODE, &deactivate_body()).unwrap();
        let later = store
            .deactivate_coupon(
                SEED_OPENID,
                CODE,
                &deactivate_body(),
                "2025-09-01T00:00:00+08:00",
            )
            .unwrap();
        assert_eq!(later, first);
        let changed = with(deactivate_body(), "deactivate_reason", json!("其他原因"));
        assert_error(
            deactivate_code(&mut store, CODE, &changed),
            400,
            "INVALID_REQUEST",
            REUSED_REQUEST_NO,
        );
    }

    #[test]
    fn deactivate_reason_length_is_checked_in_characters() {
        let mut store = CouponStore::seeded();
        for bad in [String::new(), "原".repeat(151)] {
            let body = with(deactivate_body(), "deactivate_reason", json!(bad));
            assert_error(
                deactivate_code(&mut store, CODE, &body),
                400,
                "PARAM_ERROR",
                "deactivate_reason",
            );
        }
        let missing = without(deactivate_body(), "deactivate_reason");
        assert_error(
            deactivate_code(&mut store, CODE, &missing),
            400,
            "PARAM_ERROR",
            "deactivate_reason",
        );
        let longest = with(
            deactivate_body(),
            "deactivate_reason",
            json!("原".repeat(150)),
        );
        assert!(deactivate_code(&mut store, CODE, &longest).is_ok());
    }

    #[test]
    fn update_returns_documented_entity_with_new_display_info() {
        let mut store = CouponStore::seeded();
        let body = update_body("新名字的商品券");
        let response = store
            .update_product_coupon(SEED_PRODUCT_COUPON_ID, &body)
            .unwrap();
        let mut expected: Value = serde_json::from_str(UPDATE_EXAMPLE).unwrap();
        expected["display_info"] = body["display_info"].clone();
        assert_eq!(response, expected);
        assert_eq!(response["state"], "EFFECTIVE");
    }

    #[test]
    fn update_only_affects_newly_issued_coupons() {
        let mut store = CouponStore::seeded();
        let body = update_body("新名字的商品券");
        store
            .update_product_coupon(SEED_PRODUCT_COUPON_ID, &body)
            .unwrap();
        let old = use_code(&mut store, CODE, &use_body()).unwrap();
        let old_display: Value = serde_json::from_str(UPDATE_EXAMPLE).unwrap();
        assert_eq!(
            old["product_coupon"]["display_info"],
            old_display["display_info"]
        );

        store.issue_coupon("another-openid", "Code_NEW");
        let new = store
            .use_coupon("another-openid", "Code_NEW", &use_body(), NOW)
            .unwrap();
        assert_eq!(new["product_coupon"]["display_info"], body["display_info"]);
        assert_eq!(new["coupon_code"], "Code_NEW");
    }

    #[test]
    fn update_display_info_rules() {
        let mut store = CouponStore::seeded();
        let mut update = |body: Value| store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &body);
        for bad_name in ["ab", "十六个字十六个字十六个字十六个字"] {
            assert_error(
                update(update_body(bad_name)),
                400,
                "PARAM_ERROR",
                "display_info.name",
            );
        }
        for field in ["image_url", "background_url"] {
            let path = format!("display_info.{field}");
            let body = with(update_body("新名字的商品券"), &path, json!(""));
            assert_error(update(body), 400, "PARAM_ERROR", &path);
        }
        let nine = json!(vec!["https://a"; 9]);
        let body = with(
            update_body("新名字的商品券"),
            "display_info.detail_image_url_list",
            nine,
        );
        assert_error(update(body), 400, "PARAM_ERROR", "detail_image_url_list");
        let price = with(
            update_body("新名字的商品券"),
            "display_info.original_price",
            json!("100"),
        );
        assert_error(update(price), 400, "PARAM_ERROR", "original_price");
        let combo = with(
            update_body("新名字的商品券"),
            "display_info.combo_package_list",
            json!(["x"]),
        );
        assert_error(update(combo), 400, "PARAM_ERROR", "combo_package_list[0]");
        assert_error(
            update(without(update_body("新名字的商品券"), "display_info")),
            400,
            "PARAM_ERROR",
            "display_info",
        );

        // Boundaries that pass: 3 ASCII chars, 15 CJK chars (45 bytes), 8 images.
        let ok = [
            update_body("abc"),
            with(
                with(
                    update_body("十五个字十五个字十五个字十五个"),
                    "out_request_no",
                    json!("MCHUPDATE_2"),
                ),
                "display_info.detail_image_url_list",
                json!(vec!["https://a"; 8]),
            ),
            with(
                with(
                    update_body("带价格的券"),
                    "out_request_no",
                    json!("MCHUPDATE_3"),
                ),
                "display_info.original_price",
                json!(9900),
            ),
        ];
        for body in ok {
            assert!(update(body).is_ok());
        }
    }

    #[test]
    fn update_lookups_and_idempotency() {
        let mut store = CouponStore::seeded();
        let body = update_body("新名字的商品券");
        assert_error(
            store.update_product_coupon("1000000099", &body),
            404,
            "NOT_FOUND",
            "1000000099",
        );
        let wrong_brand = with(body.clone(), "brand_id", json!("999999"));
        assert_error(
            store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &wrong_brand),
            404,
            "NOT_FOUND",
            "brand_id",
        );
        let first = store
            .update_product_coupon(SEED_PRODUCT_COUPON_ID, &body)
            .unwrap();
        let replay = store
            .update_product_coupon(SEED_PRODUCT_COUPON_ID, &body)
            .unwrap();
        assert_eq!(replay, first);
        assert_error(
            store.update_product_coupon(SEED_PRODUCT_COUPON_ID, &update_body("另一个名字")),
            400,
            "INVALID_REQUEST",
            REUSED_REQUEST_NO,
        );
    }

    #[test]
    fn issue_coupon_adds_usable_coupons() {
        let mut store = CouponStore::seeded();
        for i in 0..50 {
            store.issue_coupon("bulk-openid", &format!("BULK_{i}"));
        }
        for i in 0..50 {
            let code = format!("BULK_{i}");
            assert_eq!(
                store.coupon_state("bulk-openid", &code).as_deref(),
                Some("EFFECTIVE")
            );
            let body = with(use_body(), "out_request_no", json!(format!("USE_BULK_{i}")));
            let response = store.use_coupon("bulk-openid", &code, &body, NOW).unwrap();
            assert_eq!(response["coupon_code"], code);
        }
        let sends: std::collections::HashSet<String> = (0..50)
            .map(|i| {
                store.coupons[&("bulk-openid".to_owned(), format!("BULK_{i}"))].entity
                    ["send_request_no"]
                    .to_string()
            })
            .collect();
        assert_eq!(sends.len(), 50);
    }

    #[test]
    fn reissuing_a_code_resets_it() {
        let mut store = CouponStore::seeded();
        use_code(&mut store, CODE, &use_body()).unwrap();
        store.issue_coupon(SEED_OPENID, CODE);
        assert_eq!(state(&store, CODE), "EFFECTIVE");
        let response = use_code(&mut store, CODE, &use_body()).unwrap();
        assert_eq!(response["coupon_state"], "USED");
    }

    #[test]
    fn api_error_json_shape() {
        let err = ApiError::not_enough(CANNOT_USE);
        assert_eq!(
            err.to_json(),
            json!({ "code": "NOT_ENOUGH", "message": "用户商品券当前无法使用" })
        );
        assert_eq!(err.to_string(), "403 NOT_ENOUGH: 用户商品券当前无法使用");
    }

    #[test]
    fn store_is_send() {
        fn assert_send<T: Send>() {}
        assert_send::<CouponStore>();
    }
}

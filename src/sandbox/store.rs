//! The gateway's business state: product coupons, user coupons, idempotency records and the
//! notify URL, with the coupon lifecycle (send → `CONFIRMING` → confirm → `EFFECTIVE` → use
//! → `USED` → return → `EFFECTIVE`; deactivate) and the coupons' validity. Pure: no I/O; the
//! current time is a parameter, and notifications to deliver are queued (`take_outbox`).

use std::collections::HashMap;

use serde_json::{Map, Value};
use time::{OffsetDateTime, Weekday};

use super::error::GatewayError;
use super::rules::{
    parse_notify_url, CouponOwner, DeactivateBody, Query, RequestNoBody, SendBody, UpdateBody,
    UseBody,
};
use super::seed::{self, BEIJING};
use crate::model::Rfc3339;

/// Message of the gateway when an `out_request_no` is reused with other data.
pub(crate) const REUSED_REQUEST_NO: &str = "使用了相同单号，但与上次请求的数据不一致";
/// Message of the gateway when a coupon cannot be used now (state, validity or weekday).
pub(crate) const CANNOT_USE: &str = "用户商品券当前无法使用";
/// Message for a use of a coupon still `CONFIRMING` (NOTES.md §1.2, from the troubleshooting
/// manual: error 268578367 用户券状态非法).
pub(crate) const ILLEGAL_STATE: &str = "用户券状态非法";
/// The internal error number of [`ILLEGAL_STATE`], the suffix of its `Request-ID`.
pub(crate) const ILLEGAL_STATE_CODE: u32 = 268578367;
/// The event type of the notification a send triggers.
pub(crate) const SEND_EVENT: &str = "PRODUCT_COUPON_SP.SEND";
/// The default `page_size` of the list endpoint.
const DEFAULT_PAGE_SIZE: usize = 20;
/// The largest `page_size` of the list endpoint.
const MAX_PAGE_SIZE: usize = 50;
/// The prefix of the sandbox's page tokens (the offset follows; opaque to clients).
const PAGE_TOKEN_PREFIX: &str = "SBXPAGE";

/// When a sandbox coupon can be used: between `begin` and `end` (inclusive), on the listed
/// days of the week (in Beijing time). `use` outside it is `403 NOT_ENOUGH`.
///
/// ```
/// use wechatpay_product_coupon::sandbox::CouponValidity;
/// use time::{macros::datetime, Weekday};
/// let weekends = CouponValidity::new(
///     datetime!(2025-08-01 00:00:00 +08:00),
///     datetime!(2025-08-31 23:59:59 +08:00),
/// )
/// .on(&[Weekday::Saturday, Weekday::Sunday]);
/// assert_eq!(weekends.weekdays.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CouponValidity {
    /// 可用开始时间.
    pub begin: OffsetDateTime,
    /// 可用结束时间.
    pub end: OffsetDateTime,
    /// The days of the week it can be used on.
    pub weekdays: Vec<Weekday>,
}

/// Every day of the week, Monday first.
const EVERY_DAY: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

impl CouponValidity {
    /// Usable from `begin` to `end`, every day.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::CouponValidity;
    /// use time::macros::datetime;
    /// let august = CouponValidity::new(
    ///     datetime!(2025-08-01 00:00:00 +08:00),
    ///     datetime!(2025-08-31 23:59:59 +08:00),
    /// );
    /// assert_eq!(august.weekdays.len(), 7); // every day
    /// ```
    pub fn new(begin: OffsetDateTime, end: OffsetDateTime) -> Self {
        CouponValidity {
            begin,
            end,
            weekdays: EVERY_DAY.to_vec(),
        }
    }

    /// Usable on `weekdays` only.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, CouponValidity, Sandbox};
    /// use wechatpay_product_coupon::time::UtcOffset;
    /// let sandbox = Sandbox::start()?;
    /// let today = sandbox.now().to_offset(UtcOffset::from_hms(8, 0, 0)?).weekday(); // Beijing time
    /// let not_today = CouponValidity::around(sandbox.now()).on(&[today.previous()]);
    /// sandbox.issue_coupon_with(seed::OPENID, "Code_YESTERDAY", &not_today);
    /// let err = sandbox.client()?.use_coupon(&seed::use_request("Code_YESTERDAY", "MCHUSE0001")).unwrap_err();
    /// assert_eq!(err.api_error().map(|e| e.status), Some(403));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn on(mut self, weekdays: &[Weekday]) -> Self {
        self.weekdays = weekdays.to_vec();
        self
    }

    /// The sandbox's default: from the start of the day before `now` (Beijing time) for 30
    /// days, every day; so seeded coupons are usable whatever the date.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::CouponValidity;
    /// use wechatpay_product_coupon::time::{Duration, OffsetDateTime};
    /// let now = OffsetDateTime::now_utc();
    /// let validity = CouponValidity::around(now);
    /// assert!(validity.begin < now && now < validity.end);
    /// assert_eq!(validity.end - validity.begin, Duration::days(30) - Duration::seconds(1));
    /// ```
    pub fn around(now: OffsetDateTime) -> Self {
        let day_before = now.to_offset(BEIJING) - time::Duration::days(1);
        let begin = day_before.replace_time(time::Time::MIDNIGHT);
        let end = begin + time::Duration::days(30) - time::Duration::seconds(1);
        CouponValidity::new(begin, end)
    }

    /// Whether a coupon may be used at `now`.
    fn allows(&self, now: OffsetDateTime) -> bool {
        let weekday = now.to_offset(BEIJING).weekday();
        self.begin <= now && now <= self.end && self.weekdays.contains(&weekday)
    }
}

/// State of a user coupon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CouponState {
    /// Sent, waiting for the confirm API (not usable yet).
    Confirming,
    /// Usable.
    Effective,
    /// Used (核销).
    Used,
    /// Deactivated (失效).
    Deactivated,
    /// Past its validity without being used: never stored, computed when read.
    Expired,
}

impl CouponState {
    /// The wire name of the state.
    fn as_str(self) -> &'static str {
        match self {
            CouponState::Confirming => "CONFIRMING",
            CouponState::Effective => "EFFECTIVE",
            CouponState::Used => "USED",
            CouponState::Deactivated => "DEACTIVATED",
            CouponState::Expired => "EXPIRED",
        }
    }
}

/// A product coupon (商品券) and its stocks.
struct StoredProductCoupon {
    /// Owning brand.
    brand_id: String,
    /// The current ProductCouponEntity JSON.
    entity: Map<String, Value>,
    /// Stock entities by stock_id.
    stocks: HashMap<String, Value>,
}

/// A coupon issued to a user.
struct StoredCoupon {
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
    /// When it can be used.
    validity: CouponValidity,
    /// Issue order, for lists.
    seq: u64,
    /// The UserProductCouponEntity JSON, with product coupon and stock
    /// snapshotted at issue time (updates only affect newly issued coupons).
    entity: Map<String, Value>,
}

impl StoredCoupon {
    /// The state as a reader sees it at `now`: an unused coupon past its end is `EXPIRED`.
    fn state_at(&self, now: OffsetDateTime) -> CouponState {
        match self.state {
            CouponState::Confirming | CouponState::Effective if now > self.validity.end => {
                CouponState::Expired
            }
            state => state,
        }
    }

    /// The entity as a query at `now` returns it.
    fn entity_at(&self, now: OffsetDateTime) -> Value {
        let mut entity = self.entity.clone();
        entity.insert("coupon_state".into(), self.state_at(now).as_str().into());
        Value::Object(entity)
    }

    /// Moves to `state`, recording `details` (extra entity fields) with it.
    fn transition(&mut self, state: CouponState, details: Map<String, Value>) -> Value {
        self.state = state;
        self.entity
            .insert("coupon_state".into(), state.as_str().into());
        self.entity.extend(details);
        Value::Object(self.entity.clone())
    }

    /// Checks that the request's identifiers all belong to this coupon.
    fn check_owner(&self, owner: &CouponOwner<'_>) -> Result<(), GatewayError> {
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
            Some((label, field, _, got)) => Err(GatewayError::not_found(format!(
                "{label}不存在：{field}={got}"
            ))),
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
    /// 发放.
    Send,
    /// 确认发放.
    Confirm,
    /// 退券.
    Return,
}

/// What an idempotency record is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    /// A user coupon: openid and coupon_code.
    Coupon(String, String),
    /// A product coupon id.
    ProductCoupon(String),
    /// A user (sends): openid.
    User(String),
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
    /// The seed user coupon entity every issued coupon starts from (read once).
    template: Map<String, Value>,
    /// Product coupons by id.
    product_coupons: HashMap<String, StoredProductCoupon>,
    /// User coupons by (openid, coupon_code).
    coupons: HashMap<(String, String), StoredCoupon>,
    /// Successful requests by idempotency key.
    records: HashMap<RecordKey, Record>,
    /// How many user coupons were issued (numbers their send/confirm request numbers).
    issued: u64,
    /// The notify URL and when it was set (Beijing time text).
    notify: Option<(String, String)>,
    /// Notifications to deliver, taken by the sandbox after each request.
    outbox: Vec<OutgoingEvent>,
}

/// A notification the store wants delivered: the sandbox encrypts, signs and POSTs it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutgoingEvent {
    /// Where to POST it (the notify URL when the event happened).
    pub(crate) url: String,
    /// The event type, e.g. `PRODUCT_COUPON_SP.SEND`.
    pub(crate) event_type: &'static str,
    /// The payload before encryption.
    pub(crate) payload: Value,
}

impl CouponStore {
    /// Seeded from the official examples (see [`seed`]): product coupon 1000000013 with
    /// stock 1000000013001 of brand 120344, and for openid oh-394z-6CGkNoJrsDLTTUKiAnp4 the
    /// EFFECTIVE coupons Code_123456 and Code_123457, valid as `validity` says.
    pub(crate) fn seeded(validity: &CouponValidity) -> Self {
        let product = StoredProductCoupon {
            brand_id: seed::BRAND_ID.to_owned(),
            entity: seed::product_coupon_entity(),
            stocks: seed::stocks().into_iter().collect(),
        };
        let mut store = CouponStore {
            template: seed::user_coupon_entity(),
            product_coupons: HashMap::from([(seed::PRODUCT_COUPON_ID.to_owned(), product)]),
            coupons: HashMap::new(),
            records: HashMap::new(),
            issued: 0,
            notify: None,
            outbox: Vec::new(),
        };
        for code in [seed::COUPON_CODE, seed::SECOND_COUPON_CODE] {
            store.issue_coupon(seed::OPENID, code, validity);
        }
        store
    }

    /// Issues another EFFECTIVE user coupon of the seed product coupon and stock, valid as
    /// `validity` says. Reissuing an existing code replaces it with a fresh coupon and
    /// forgets the idempotency records about it.
    pub(crate) fn issue_coupon(
        &mut self,
        openid: &str,
        coupon_code: &str,
        validity: &CouponValidity,
    ) {
        let Some(product) = self.product_coupons.get(seed::PRODUCT_COUPON_ID) else {
            return;
        };
        let Some(stock) = product.stocks.get(seed::STOCK_ID) else {
            return;
        };
        let coupon = StoredCoupon {
            product_coupon_id: seed::PRODUCT_COUPON_ID.to_owned(),
            stock_id: seed::STOCK_ID.to_owned(),
            brand_id: product.brand_id.clone(),
            appid: seed::APPID.to_owned(),
            state: CouponState::Effective,
            validity: validity.clone(),
            seq: self.issued,
            entity: user_coupon_entity(
                &self.template,
                coupon_code,
                self.issued,
                &product.entity,
                stock,
                validity,
            ),
        };
        self.issued += 1;
        let key = (openid.to_owned(), coupon_code.to_owned());
        let target = Target::Coupon(key.0.clone(), key.1.clone());
        self.records.retain(|k, _| k.target != target);
        self.coupons.insert(key, coupon);
    }

    /// The state of a user coupon (e.g. `"EFFECTIVE"`), or `None` if it does not exist.
    pub(crate) fn coupon_state(&self, openid: &str, coupon_code: &str) -> Option<String> {
        self.coupons
            .get(&(openid.to_owned(), coupon_code.to_owned()))
            .map(|c| c.state.as_str().to_owned())
    }

    /// 核销: `POST …/users/{openid}/coupons/{coupon_code}/use`. Returns the
    /// UserProductCouponEntity. The coupon must be EFFECTIVE and within its validity at
    /// `now` (the gateway's clock; the request's `use_time` is recorded, not checked).
    pub(crate) fn use_coupon(
        &mut self,
        openid: &str,
        coupon_code: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let request = UseBody::parse(body)?;
        let key = RecordKey::coupon(Operation::Use, openid, coupon_code, request.out_request_no);
        self.idempotent(key, body, |store| {
            let coupon = store.coupon_mut(openid, coupon_code, &request.owner)?;
            // Not confirmed yet: the gateway's status for this error is not documented;
            // 403 NOT_ENOUGH is its documented answer to "not usable now" (NOTES.md §1.2),
            // and the troubleshooting manual's number goes in the Request-ID.
            if coupon.state == CouponState::Confirming {
                return Err(
                    GatewayError::not_enough(ILLEGAL_STATE).with_internal_code(ILLEGAL_STATE_CODE)
                );
            }
            if coupon.state != CouponState::Effective || !coupon.validity.allows(now) {
                return Err(GatewayError::not_enough(CANNOT_USE));
            }
            Ok(coupon.transition(CouponState::Used, request.details()))
        })
    }

    /// 失效: `POST …/users/{openid}/coupons/{coupon_code}/deactivate`. Returns the
    /// UserProductCouponEntity, with `deactivate_time` = `now`.
    pub(crate) fn deactivate_coupon(
        &mut self,
        openid: &str,
        coupon_code: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let request = DeactivateBody::parse(body)?;
        let now_rfc3339 = beijing_text(now);
        let key = RecordKey::coupon(
            Operation::Deactivate,
            openid,
            coupon_code,
            request.out_request_no,
        );
        self.idempotent(key, body, |store| {
            let coupon = store.coupon_mut(openid, coupon_code, &request.owner)?;
            if coupon.state != CouponState::Effective {
                return Err(GatewayError::invalid_request(format!(
                    "用户商品券当前状态为 {}，无法失效",
                    coupon.state.as_str()
                )));
            }
            Ok(coupon.transition(CouponState::Deactivated, request.details(&now_rfc3339)))
        })
    }

    /// 修改商品券: `PATCH …/product-coupons/{product_coupon_id}`. Returns the
    /// ProductCouponEntity; coupons issued before keep their old snapshot.
    pub(crate) fn update_product_coupon(
        &mut self,
        product_coupon_id: &str,
        body: &Value,
    ) -> Result<Value, GatewayError> {
        let request = UpdateBody::parse(body)?;
        let key = RecordKey::product_coupon(product_coupon_id, request.out_request_no);
        self.idempotent(key, body, |store| {
            let product = store
                .product_coupons
                .get_mut(product_coupon_id)
                .ok_or_else(|| {
                    GatewayError::not_found(format!(
                        "商品券不存在：product_coupon_id={product_coupon_id}"
                    ))
                })?;
            if product.brand_id != request.brand_id {
                return Err(GatewayError::not_found(format!(
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

    /// 发放: `POST …/users/{openid}/coupons`. Returns the new UserProductCouponEntity, in
    /// state `CONFIRMING` (the documented meaning of CONFIRMING: "需品牌方调用确认发放API后才能
    /// 生效"; NOTES.md §1.6: confirm is mandatory after every send), and queues the
    /// `PRODUCT_COUPON_SP.SEND` notification when a notify URL is set.
    pub(crate) fn send_coupon(
        &mut self,
        openid: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let request = SendBody::parse(body)?;
        let key = RecordKey {
            operation: Operation::Send,
            target: Target::User(openid.to_owned()),
            out_request_no: request.send_request_no.to_owned(),
        };
        self.idempotent(key, body, |store| store.create_sent(openid, &request, now))
    }

    /// The first (not replayed) handling of a send.
    fn create_sent(
        &mut self,
        openid: &str,
        request: &SendBody<'_>,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let product = self
            .product_coupons
            .get(request.product_coupon_id)
            .ok_or_else(|| {
                GatewayError::not_found(format!(
                    "商品券不存在：product_coupon_id={}",
                    request.product_coupon_id
                ))
            })?;
        if product.brand_id != request.brand_id {
            return Err(GatewayError::not_found(format!(
                "品牌不存在：brand_id={}",
                request.brand_id
            )));
        }
        let stock = product.stocks.get(request.stock_id).ok_or_else(|| {
            GatewayError::not_found(format!("批次不存在：stock_id={}", request.stock_id))
        })?;
        let stock_state = stock["state"].as_str().unwrap_or_default();
        if stock_state != "SENDING" {
            // Only SENDING stocks send (NOTES.md §1.4.2); the error code is a guess.
            return Err(GatewayError::invalid_request(format!(
                "批次当前状态为 {stock_state}，不可发券"
            )));
        }
        // coupon_code: required for API_ASSIGN stocks, refused for others (doc 4015781605);
        // the sandbox holds no pre-uploaded codes, so UPLOAD stocks cannot send (a guess).
        let code = match (stock["coupon_code_mode"].as_str(), request.coupon_code) {
            (Some("API_ASSIGN"), Some(code)) => code.to_owned(),
            (Some("API_ASSIGN"), None) => {
                return Err(GatewayError::param(
                    "批次的 coupon_code_mode 为 API_ASSIGN，须传入 coupon_code",
                ))
            }
            (_, Some(_)) => {
                return Err(GatewayError::param(
                    "仅 coupon_code_mode 为 API_ASSIGN 的批次可传入 coupon_code",
                ))
            }
            (Some("UPLOAD"), None) => {
                return Err(GatewayError::not_enough("批次可用的预上传券Code不足"))
            }
            (_, None) => format!("Code_SBX{:08}", self.issued + 1),
        };
        let key = (openid.to_owned(), code.clone());
        if self.coupons.contains_key(&key) {
            return Err(GatewayError::already_exists(format!(
                "用户商品券Code已存在：coupon_code={code}"
            )));
        }
        let per_user = stock
            .pointer("/stock_send_rule/max_count_per_user")
            .and_then(Value::as_u64)
            .unwrap_or(u64::MAX);
        let held = self
            .coupons
            .iter()
            .filter(|((o, _), c)| o == openid && c.stock_id == request.stock_id)
            .count() as u64;
        if held >= per_user {
            // The documented per-user limit (stock_send_rule.max_count_per_user); code guessed.
            return Err(GatewayError::not_enough(format!(
                "用户领取该批次的数量已达上限 {per_user}"
            )));
        }
        let validity = CouponValidity::new(now, now + time::Duration::days(30));
        let mut entity = user_coupon_entity(
            &self.template,
            &code,
            self.issued,
            &product.entity,
            stock,
            &validity,
        );
        let received = beijing_text(now);
        for field in ["confirm_request_no", "confirm_time", "attach"] {
            entity.remove(field);
        }
        entity.insert(
            "coupon_state".into(),
            CouponState::Confirming.as_str().into(),
        );
        entity.insert("receive_time".into(), received.clone().into());
        entity.insert("send_request_no".into(), request.send_request_no.into());
        entity.insert("send_channel".into(), "API".into());
        if let Some(attach) = request.attach {
            entity.insert("attach".into(), attach.into());
        }
        if let Some((url, _)) = &self.notify {
            self.outbox.push(OutgoingEvent {
                url: url.clone(),
                event_type: SEND_EVENT,
                payload: send_payload(openid, request, &code, &entity),
            });
        }
        let coupon = StoredCoupon {
            product_coupon_id: request.product_coupon_id.to_owned(),
            stock_id: request.stock_id.to_owned(),
            brand_id: request.brand_id.to_owned(),
            appid: request.appid.to_owned(),
            state: CouponState::Confirming,
            validity,
            seq: self.issued,
            entity,
        };
        self.issued += 1;
        let answer = Value::Object(coupon.entity.clone());
        self.coupons.insert(key, coupon);
        Ok(answer)
    }

    /// 确认发放: `POST …/users/{openid}/coupons/{coupon_code}/confirm`: `CONFIRMING` →
    /// `EFFECTIVE`. Confirming a coupon in another state is refused (a guess: the error is
    /// not documented); a repeated `out_request_no` replays the first answer.
    pub(crate) fn confirm_coupon(
        &mut self,
        openid: &str,
        coupon_code: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let change = StateChange {
            operation: Operation::Confirm,
            from: CouponState::Confirming,
            refusal: "无需确认",
        };
        self.change_state(change, openid, coupon_code, body, |_, out_request_no| {
            Map::from_iter([
                ("confirm_request_no".to_owned(), out_request_no.into()),
                ("confirm_time".to_owned(), beijing_text(now).into()),
            ])
        })
    }

    /// 退券: `POST …/users/{openid}/coupons/{coupon_code}/return`: `USED` → `EFFECTIVE`,
    /// with `return_request_no` and `return_time` added to `single_usage_detail`. Returning
    /// a coupon in another state is refused (the error is not documented: a guess).
    pub(crate) fn return_coupon(
        &mut self,
        openid: &str,
        coupon_code: &str,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let change = StateChange {
            operation: Operation::Return,
            from: CouponState::Used,
            refusal: "不可退券",
        };
        self.change_state(
            change,
            openid,
            coupon_code,
            body,
            |coupon, out_request_no| {
                let mut usage = match coupon.entity.get("single_usage_detail") {
                    Some(Value::Object(usage)) => usage.clone(),
                    _ => Map::new(),
                };
                usage.insert("return_request_no".into(), out_request_no.into());
                usage.insert("return_time".into(), beijing_text(now).into());
                Map::from_iter([("single_usage_detail".to_owned(), Value::Object(usage))])
            },
        )
    }

    /// A confirm or return: checks the body, replays a repeated `out_request_no`, refuses a
    /// coupon not in `change.from`, else moves it to `EFFECTIVE` with the fields `details`
    /// gives (from the coupon and the request number).
    fn change_state(
        &mut self,
        change: StateChange,
        openid: &str,
        coupon_code: &str,
        body: &Value,
        details: impl FnOnce(&StoredCoupon, &str) -> Map<String, Value>,
    ) -> Result<Value, GatewayError> {
        let request = RequestNoBody::parse(body)?;
        let key = RecordKey::coupon(
            change.operation,
            openid,
            coupon_code,
            request.out_request_no,
        );
        self.idempotent(key, body, |store| {
            let coupon = store.coupon_mut(openid, coupon_code, &request.owner)?;
            if coupon.state != change.from {
                return Err(GatewayError::invalid_request(format!(
                    "用户商品券当前状态为 {}，{}",
                    coupon.state.as_str(),
                    change.refusal
                )));
            }
            let details = details(coupon, request.out_request_no);
            Ok(coupon.transition(CouponState::Effective, details))
        })
    }

    /// 查询用户商品券详情: `GET …/users/{openid}/coupons/{coupon_code}?product_coupon_id&
    /// stock_id&appid&brand_id`.
    pub(crate) fn get_user_coupon(
        &self,
        openid: &str,
        coupon_code: &str,
        query: &Query,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let owner = query.owner()?;
        let coupon = self
            .coupons
            .get(&(openid.to_owned(), coupon_code.to_owned()))
            .ok_or_else(|| coupon_not_found(openid, coupon_code))?;
        coupon.check_owner(&owner)?;
        Ok(coupon.entity_at(now))
    }

    /// 查询用户商品券列表: `GET …/users/{openid}/coupons?appid&brand_id[&filters]
    /// [&page_size&page_token]`, in issue order. `page_size` 1-50 (default 20); the page
    /// token is opaque (`SBXPAGE` and an offset).
    pub(crate) fn list_user_coupons(
        &self,
        openid: &str,
        query: &Query,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let appid = query.required("appid")?;
        let brand_id = query.required("brand_id")?;
        let product_coupon_id = query.optional("product_coupon_id")?;
        let stock_id = query.optional("stock_id")?;
        let state = query.optional("coupon_state")?;
        let bundle = query.optional("user_coupon_bundle_id")?;
        let page_size = match query.optional("page_size")? {
            None => DEFAULT_PAGE_SIZE,
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                .ok_or_else(|| {
                    GatewayError::param(format!(
                        "参数 page_size 须为 1-{MAX_PAGE_SIZE} 的整数，实际为 {text}"
                    ))
                })?,
        };
        let offset = match query.optional("page_token")? {
            None => 0,
            Some(token) => token
                .strip_prefix(PAGE_TOKEN_PREFIX)
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| GatewayError::param("参数 page_token 无效"))?,
        };
        let mut matching: Vec<&StoredCoupon> = self
            .coupons
            .iter()
            .filter(|((o, _), c)| {
                o == openid
                    && c.appid == appid
                    && c.brand_id == brand_id
                    && product_coupon_id.is_none_or(|p| c.product_coupon_id == p)
                    && stock_id.is_none_or(|s| c.stock_id == s)
                    && state.is_none_or(|s| c.state_at(now).as_str() == s)
                    // The sandbox has no progressive bundles: a bundle filter matches nothing.
                    && bundle.is_none()
            })
            .map(|(_, c)| c)
            .collect();
        matching.sort_by_key(|c| c.seq);
        let total = matching.len();
        let page: Vec<Value> = matching
            .iter()
            .skip(offset)
            .take(page_size)
            .map(|c| c.entity_at(now))
            .collect();
        let mut answer = Map::new();
        answer.insert("total_count".into(), total.into());
        answer.insert("user_coupon_list".into(), page.into());
        if offset.saturating_add(page_size) < total {
            answer.insert(
                "next_page_token".into(),
                format!("{PAGE_TOKEN_PREFIX}{}", offset + page_size).into(),
            );
        }
        Ok(Value::Object(answer))
    }

    /// 查询商品券: `GET …/product-coupons/{product_coupon_id}?brand_id`.
    pub(crate) fn get_product_coupon(
        &self,
        product_coupon_id: &str,
        query: &Query,
    ) -> Result<Value, GatewayError> {
        let brand_id = query.required("brand_id")?;
        let product = self.product_coupons.get(product_coupon_id).ok_or_else(|| {
            GatewayError::not_found(format!(
                "商品券不存在：product_coupon_id={product_coupon_id}"
            ))
        })?;
        if product.brand_id != brand_id {
            return Err(GatewayError::not_found(format!(
                "品牌不存在：brand_id={brand_id}"
            )));
        }
        Ok(Value::Object(product.entity.clone()))
    }

    /// 设置商品券事件通知地址: `POST …/notify-configs`.
    pub(crate) fn set_notify_config(
        &mut self,
        body: &Value,
        now: OffsetDateTime,
    ) -> Result<Value, GatewayError> {
        let url = parse_notify_url(body)?.to_owned();
        let update_time = beijing_text(now);
        self.notify = Some((url, update_time));
        self.get_notify_config()
    }

    /// 获取商品券事件通知地址: `GET …/notify-configs`. Before any was set: 404 (a guess).
    pub(crate) fn get_notify_config(&self) -> Result<Value, GatewayError> {
        match &self.notify {
            Some((url, update_time)) => Ok(serde_json::json!({
                "notify_url": url,
                "update_time": update_time,
            })),
            None => Err(GatewayError::not_found("尚未设置商品券事件通知地址")),
        }
    }

    /// The notifications queued since the last call.
    pub(crate) fn take_outbox(&mut self) -> Vec<OutgoingEvent> {
        std::mem::take(&mut self.outbox)
    }

    /// Replays the recorded answer for `key`, refuses a reused `out_request_no`
    /// with different data, or runs `apply` and records its success.
    fn idempotent(
        &mut self,
        key: RecordKey,
        body: &Value,
        apply: impl FnOnce(&mut Self) -> Result<Value, GatewayError>,
    ) -> Result<Value, GatewayError> {
        if let Some(record) = self.records.get(&key) {
            return if record.request == *body {
                Ok(record.response.clone())
            } else {
                Err(GatewayError::invalid_request(REUSED_REQUEST_NO))
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
    ) -> Result<&mut StoredCoupon, GatewayError> {
        let coupon = self
            .coupons
            .get_mut(&(openid.to_owned(), coupon_code.to_owned()))
            .ok_or_else(|| coupon_not_found(openid, coupon_code))?;
        coupon.check_owner(owner)?;
        Ok(coupon)
    }
}

fn coupon_not_found(openid: &str, coupon_code: &str) -> GatewayError {
    GatewayError::not_found(format!(
        "用户商品券不存在：openid={openid}, coupon_code={coupon_code}"
    ))
}

/// The decrypted `PRODUCT_COUPON_SP.SEND` payload of a sent coupon (fields of NOTES.md §5;
/// `unionid` is made up: the sandbox has no users).
fn send_payload(
    openid: &str,
    request: &SendBody<'_>,
    code: &str,
    entity: &Map<String, Value>,
) -> Value {
    let mut payload = serde_json::json!({
        "brand_id": request.brand_id,
        "coupon_code": code,
        "product_coupon_id": request.product_coupon_id,
        "stock_id": request.stock_id,
        "appid": request.appid,
        "openid": openid,
        "unionid": format!("o6_SANDBOX_{}", openid.chars().take(12).collect::<String>()),
        "receive_time": entity.get("receive_time"),
        "send_request_no": request.send_request_no,
        "send_channel": "API",
        "valid_begin_time": entity.get("valid_begin_time"),
        "valid_end_time": entity.get("valid_end_time"),
    });
    if let (Some(attach), Some(map)) = (request.attach, payload.as_object_mut()) {
        map.insert("attach".into(), attach.into());
    }
    payload
}

/// `t` in Beijing time, as the gateway writes times.
pub(crate) fn beijing_text(t: OffsetDateTime) -> String {
    Rfc3339::from_time(t.to_offset(BEIJING))
        .map(|t| t.as_str().to_owned())
        .unwrap_or_default()
}

/// A freshly issued EFFECTIVE user coupon entity: the official example's, with its own code,
/// validity and request numbers (`seq` numbers them; the first matches the example).
fn user_coupon_entity(
    template: &Map<String, Value>,
    coupon_code: &str,
    seq: u64,
    product_coupon: &Map<String, Value>,
    stock: &Value,
    validity: &CouponValidity,
) -> Map<String, Value> {
    let request_no = 202003101234 + seq;
    let begin = beijing_text(validity.begin);
    let mut stock = stock.clone();
    if let Some(period) = stock.pointer_mut("/single_usage_rule/coupon_available_period") {
        period["available_begin_time"] =
            beijing_text(validity.begin - time::Duration::days(1)).into();
        period["available_end_time"] = beijing_text(validity.end).into();
        let days: Vec<Value> = validity
            .weekdays
            .iter()
            .map(|d| d.to_string().to_uppercase().into())
            .collect();
        period["weekly_available_period"]["day_list"] = days.into();
    }
    let mut entity = template.clone();
    for (field, value) in [
        ("coupon_code", coupon_code.to_owned()),
        ("coupon_state", CouponState::Effective.as_str().to_owned()),
        ("valid_begin_time", begin.clone()),
        ("valid_end_time", beijing_text(validity.end)),
        ("receive_time", begin),
        ("send_request_no", format!("MCHSEND{request_no}")),
        ("confirm_request_no", format!("MCHCONFIRM{request_no}")),
        (
            "confirm_time",
            beijing_text(validity.begin + time::Duration::seconds(5)),
        ),
    ] {
        entity.insert(field.to_owned(), value.into());
    }
    entity.insert(
        "product_coupon".to_owned(),
        Value::Object(product_coupon.clone()),
    );
    entity.insert("stock".to_owned(), stock);
    entity
}

/// The rule of a confirm or a return: which operation, from which state, and the words of
/// the refusal in any other state.
struct StateChange {
    operation: Operation,
    from: CouponState,
    refusal: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::datetime;

    const SEED_OPENID: &str = seed::OPENID;
    const SEED_PRODUCT_COUPON_ID: &str = seed::PRODUCT_COUPON_ID;
    /// A Tuesday inside the official example's validity.
    const NOW: OffsetDateTime = datetime!(2025-08-05 10:00:00 +08:00);
    const NOW_TEXT: &str = "2025-08-05T10:00:00+08:00";

    /// The validity of the official example: August 2025, working days.
    fn example_validity() -> CouponValidity {
        CouponValidity::new(
            datetime!(2025-08-02 00:00:00 +08:00),
            datetime!(2025-08-31 23:59:59 +08:00),
        )
        .on(&EVERY_DAY[..5])
    }

    fn seeded() -> CouponStore {
        CouponStore::seeded(&example_validity())
    }
    const CODE: &str = "Code_123456";
    const OTHER_CODE: &str = "Code_123457";

    /// The use-response example of the documentation.
    const USE_EXAMPLE: &str = include_str!("../../tests/data/use_response_example_S1.json");

    /// The update-response example of the documentation.
    const UPDATE_EXAMPLE: &str = include_str!("../../tests/data/update_response_example_S2.json");

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

    fn use_code(store: &mut CouponStore, code: &str, body: &Value) -> Result<Value, GatewayError> {
        store.use_coupon(SEED_OPENID, code, body, NOW)
    }

    fn deactivate_code(
        store: &mut CouponStore,
        code: &str,
        body: &Value,
    ) -> Result<Value, GatewayError> {
        store.deactivate_coupon(SEED_OPENID, code, body, NOW)
    }

    fn assert_error(result: Result<Value, GatewayError>, status: u16, code: &str, needle: &str) {
        let err = result.unwrap_err();
        assert_eq!((err.status, err.code), (status, code), "{err:?}");
        assert!(
            err.message.contains(needle),
            "{err:?} should mention {needle}"
        );
    }

    fn state(store: &CouponStore, code: &str) -> String {
        store.coupon_state(SEED_OPENID, code).unwrap()
    }

    #[test]
    fn seeded_coupons_are_effective() {
        let store = seeded();
        assert_eq!(state(&store, CODE), "EFFECTIVE");
        assert_eq!(state(&store, OTHER_CODE), "EFFECTIVE");
        assert_eq!(store.coupon_state(SEED_OPENID, "Code_999"), None);
        assert_eq!(store.coupon_state("someone-else", CODE), None);
    }

    #[test]
    fn use_returns_documented_entity() {
        let mut store = seeded();
        let response = use_code(&mut store, CODE, &use_body()).unwrap();
        let expected: Value = serde_json::from_str(USE_EXAMPLE).unwrap();
        assert_eq!(response, expected);
        assert_eq!(state(&store, CODE), "USED");
        assert_eq!(state(&store, OTHER_CODE), "EFFECTIVE");
    }

    #[test]
    fn use_copies_only_the_order_infos_sent() {
        let pay_score = json!({ "out_order_no": "PS_001", "mchid": "1900000001" });
        let mut store = seeded();
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
        let mut store = seeded();
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
        let mut store = seeded();
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
        let mut store = seeded();
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
        let mut store = seeded();
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
        let mut store = seeded();
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
        let mut store = seeded();
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
    fn lookups_name_what_does_not_exist() {
        let mut store = seeded();
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
        let mut store = seeded();
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
        let mut store = seeded();
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
        let mut store = seeded();
        use_code(&mut store, CODE, &use_body()).unwrap();
        // The same number on another coupon is a different request.
        use_code(&mut store, OTHER_CODE, &use_body()).unwrap();
        assert_eq!(state(&store, OTHER_CODE), "USED");
        // ...and on another endpoint too.
        store.issue_coupon(SEED_OPENID, "Code_200", &example_validity());
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
        let mut store = seeded();
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
        let mut store = seeded();
        let response = deactivate_code(&mut store, CODE, &deactivate_body()).unwrap();
        let mut expected: Value = serde_json::from_str(USE_EXAMPLE).unwrap();
        let map = expected.as_object_mut().unwrap();
        map.remove("single_usage_detail");
        map.insert("coupon_state".into(), json!("DEACTIVATED"));
        map.insert("deactivate_request_no".into(), json!("MCHDEACT2025080501"));
        map.insert("deactivate_time".into(), json!(NOW_TEXT));
        map.insert("deactivate_reason".into(), json!("商品下架"));
        assert_eq!(response, expected);
        assert_eq!(state(&store, CODE), "DEACTIVATED");
    }

    #[test]
    fn deactivate_requires_effective_coupon() {
        let mut store = seeded();
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
        let mut store = seeded();
        let first = deactivate_code(&mut store, CODE, &deactivate_body()).unwrap();
        let later = store
            .deactivate_coupon(
                SEED_OPENID,
                CODE,
                &deactivate_body(),
                datetime!(2025-08-06 00:00:00 +08:00),
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
        let mut store = seeded();
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
        let mut store = seeded();
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
        let mut store = seeded();
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

        store.issue_coupon("another-openid", "Code_NEW", &example_validity());
        let new = store
            .use_coupon("another-openid", "Code_NEW", &use_body(), NOW)
            .unwrap();
        assert_eq!(new["product_coupon"]["display_info"], body["display_info"]);
        assert_eq!(new["coupon_code"], "Code_NEW");
    }

    #[test]
    fn update_display_info_rules() {
        let mut store = seeded();
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
        let mut store = seeded();
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
        let mut store = seeded();
        for i in 0..50 {
            store.issue_coupon("bulk-openid", &format!("BULK_{i}"), &example_validity());
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
        let mut store = seeded();
        use_code(&mut store, CODE, &use_body()).unwrap();
        store.issue_coupon(SEED_OPENID, CODE, &example_validity());
        assert_eq!(state(&store, CODE), "EFFECTIVE");
        let response = use_code(&mut store, CODE, &use_body()).unwrap();
        assert_eq!(response["coupon_state"], "USED");
    }

    #[test]
    fn use_outside_the_validity_or_on_another_weekday_is_not_enough() {
        let mut store = seeded();
        let saturday = datetime!(2025-08-09 10:00:00 +08:00);
        let september = datetime!(2025-09-01 10:00:00 +08:00);
        let before = datetime!(2025-08-01 23:59:59 +08:00);
        for when in [saturday, september, before] {
            let err = store
                .use_coupon(SEED_OPENID, CODE, &use_body(), when)
                .unwrap_err();
            assert_eq!((err.status, err.code), (403, "NOT_ENOUGH"), "{when}");
            assert_eq!(err.message, CANNOT_USE);
        }
        assert_eq!(state(&store, CODE), "EFFECTIVE");
        // The last second of the window is still inside it (a Sunday, so allow every day).
        store.issue_coupon(
            SEED_OPENID,
            "Code_LAST",
            &CouponValidity::new(
                datetime!(2025-08-02 00:00:00 +08:00),
                datetime!(2025-08-31 23:59:59 +08:00),
            ),
        );
        let last = datetime!(2025-08-31 23:59:59 +08:00);
        assert!(store
            .use_coupon(SEED_OPENID, "Code_LAST", &use_body(), last)
            .is_ok());
    }

    #[test]
    fn seeded_coupons_carry_their_validity_in_the_entity() {
        let now = datetime!(2026-11-23 03:00:00 UTC);
        let validity = CouponValidity::around(now);
        assert_eq!(validity.begin, datetime!(2026-11-22 00:00:00 +08:00));
        assert_eq!(validity.end, datetime!(2026-12-21 23:59:59 +08:00));
        let mut store = CouponStore::seeded(&validity);
        let used = store
            .use_coupon(SEED_OPENID, CODE, &use_body(), now)
            .unwrap();
        assert_eq!(used["valid_begin_time"], "2026-11-22T00:00:00+08:00");
        assert_eq!(used["valid_end_time"], "2026-12-21T23:59:59+08:00");
        let period = &used["stock"]["single_usage_rule"]["coupon_available_period"];
        assert_eq!(
            period["weekly_available_period"]["day_list"]
                .as_array()
                .map(Vec::len),
            Some(7)
        );
    }

    #[test]
    fn store_is_send() {
        fn assert_send<T: Send>() {}
        assert_send::<CouponStore>();
    }
}

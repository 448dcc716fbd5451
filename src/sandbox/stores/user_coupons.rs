//! The coupons issued to users, with their lifecycle (send → `CONFIRMING` → confirm →
//! `EFFECTIVE` → use → `USED` → return → `EFFECTIVE`; deactivate) and validity, and the
//! handlers of their endpoints: [`send_coupon`], [`confirm_coupon`], [`use_coupon`],
//! [`return_coupon`], [`deactivate_coupon`], [`get_user_coupon`], [`list_user_coupons`].

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

mod entity;

pub(crate) use entity::{CouponState, CouponTemplate, UsageDetail, UserCoupon, UserCouponEntity};

use super::product_coupons::ProductCoupon;
use super::stocks::{CouponCodeMode, Stock, StockState};
use super::validity::CouponValidity;
use super::Stores;
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::idempotency::Namespace;
use crate::sandbox::notifier::OutgoingEvent;
use crate::sandbox::rules::user_coupons::{
    CouponOwner, DeactivateBody, RequestNoBody, SendBody, UseBody,
};
use crate::sandbox::seed::beijing_text;

/// Message of the gateway when a coupon cannot be used now (state, validity or weekday).
pub(crate) const CANNOT_USE: &str = "用户商品券当前无法使用";
/// Message for a use of a coupon still `CONFIRMING` (from the troubleshooting manual: error
/// 268578367 用户券状态非法).
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
/// The idempotency target kind of the endpoints acting on one user coupon.
const USER_COUPON: &str = "user_coupon";

/// The user coupons by (openid, coupon_code).
#[derive(Debug)]
pub(crate) struct UserCoupons {
    /// What every issued coupon starts from.
    template: CouponTemplate,
    /// The coupons.
    by_key: HashMap<(String, String), UserCoupon>,
    /// How many were issued (numbers their request numbers and orders lists).
    issued: u64,
}

impl UserCoupons {
    /// No coupons yet; issued ones start from `template`.
    pub(crate) fn new(template: CouponTemplate) -> Self {
        UserCoupons {
            template,
            by_key: HashMap::new(),
            issued: 0,
        }
    }

    /// Issues an EFFECTIVE coupon of `product` and `stock` to `openid`, valid as `validity`
    /// says, replacing any coupon of that code (the caller forgets its idempotency records).
    pub(crate) fn issue(
        &mut self,
        openid: &str,
        coupon_code: &str,
        product: &ProductCoupon,
        stock: &Stock,
        validity: &CouponValidity,
    ) {
        let coupon = UserCoupon {
            product_coupon_id: product.product_coupon_id.clone(),
            stock_id: stock.stock_id.clone(),
            brand_id: product.brand_id.clone(),
            appid: crate::sandbox::seed::APPID.to_owned(),
            state: CouponState::Effective,
            validity: validity.clone(),
            seq: self.issued,
            entity: self.entity(coupon_code, product, stock, validity),
        };
        self.issued += 1;
        self.by_key
            .insert((openid.to_owned(), coupon_code.to_owned()), coupon);
    }

    /// The state of a user coupon, or `None` if it does not exist.
    pub(crate) fn state(&self, openid: &str, coupon_code: &str) -> Option<CouponState> {
        self.by_key
            .get(&(openid.to_owned(), coupon_code.to_owned()))
            .map(|c| c.state)
    }

    /// A freshly issued EFFECTIVE coupon's entity: the official example's, with its own
    /// code, validity and request numbers (the issue number numbers them; the first matches
    /// the example).
    fn entity(
        &self,
        coupon_code: &str,
        product: &ProductCoupon,
        stock: &Stock,
        validity: &CouponValidity,
    ) -> UserCouponEntity {
        let request_no = 202003101234 + self.issued;
        let begin = beijing_text(validity.begin);
        let mut stock = stock.clone();
        let period = &mut stock.single_usage_rule.coupon_available_period;
        period.available_begin_time = beijing_text(validity.begin - time::Duration::days(1));
        period.available_end_time = beijing_text(validity.end);
        period.weekly_available_period.day_list = validity
            .weekdays
            .iter()
            .map(|d| d.to_string().to_uppercase())
            .collect();
        UserCouponEntity {
            coupon_code: coupon_code.to_owned(),
            valid_begin_time: begin.clone(),
            valid_end_time: beijing_text(validity.end),
            receive_time: begin,
            send_request_no: format!("MCHSEND{request_no}"),
            send_channel: self.template.send_channel.clone(),
            confirm_request_no: Some(format!("MCHCONFIRM{request_no}")),
            confirm_time: Some(beijing_text(validity.begin + time::Duration::seconds(5))),
            deactivate_request_no: None,
            deactivate_time: None,
            deactivate_reason: None,
            single_usage_detail: None,
            product_coupon: product.clone(),
            stock,
            attach: self.template.attach.clone(),
            brand_id: self.template.brand_id.clone(),
        }
    }

    /// Finds a user coupon and checks that the request's identifiers match it.
    fn owned_mut(
        &mut self,
        openid: &str,
        coupon_code: &str,
        owner: &CouponOwner<'_>,
    ) -> Result<&mut UserCoupon, GatewayError> {
        let coupon = self
            .by_key
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

/// The idempotency namespace of `call` on the coupon it addresses.
fn coupon_namespace(call: &Call<'_>) -> Namespace {
    Namespace::new(
        call.endpoint,
        USER_COUPON,
        &[call.param("openid"), call.param("coupon_code")],
    )
}

/// The idempotency target of a user coupon, for [`Stores::issue_coupon`].
pub(crate) fn coupon_target<'a>(
    openid: &'a str,
    coupon_code: &'a str,
) -> (&'static str, [&'a str; 2]) {
    (USER_COUPON, [openid, coupon_code])
}

/// 核销: `POST …/users/{openid}/coupons/{coupon_code}/use`. Answers the
/// UserProductCouponEntity. The coupon must be EFFECTIVE and within its validity at
/// `now` (the gateway's clock; the request's `use_time` is recorded, not checked).
pub(crate) fn use_coupon(stores: &mut Stores, call: &Call<'_>) -> Result<Value, GatewayError> {
    let request = UseBody::parse(call.body)?;
    let (openid, code) = (call.param("openid"), call.param("coupon_code"));
    let Stores {
        user_coupons,
        idempotency,
        ..
    } = stores;
    idempotency.run(
        coupon_namespace(call),
        request.out_request_no,
        call.body,
        || {
            let coupon = user_coupons.owned_mut(openid, code, &request.owner)?;
            // Not confirmed yet: the gateway's status for this error is not documented;
            // 403 NOT_ENOUGH is its documented answer to "not usable now", and the
            // troubleshooting manual's number goes in the Request-ID.
            if coupon.state == CouponState::Confirming {
                return Err(
                    GatewayError::not_enough(ILLEGAL_STATE).with_internal_code(ILLEGAL_STATE_CODE)
                );
            }
            if coupon.state != CouponState::Effective || !coupon.validity.allows(call.now) {
                return Err(GatewayError::not_enough(CANNOT_USE));
            }
            coupon.state = CouponState::Used;
            coupon.entity.single_usage_detail = Some(UsageDetail {
                use_request_no: Some(request.out_request_no.to_owned()),
                use_time: Some(request.use_time.to_owned()),
                associated_order_info: request.order_info.cloned(),
                associated_pay_score_order_info: request.pay_score_order_info.cloned(),
                return_request_no: None,
                return_time: None,
            });
            coupon.answer(CouponState::Used)
        },
    )
}

/// 失效: `POST …/users/{openid}/coupons/{coupon_code}/deactivate`. Answers the
/// UserProductCouponEntity, with `deactivate_time` = `now`.
pub(crate) fn deactivate_coupon(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let request = DeactivateBody::parse(call.body)?;
    let move_to = Transition {
        from: CouponState::Effective,
        to: CouponState::Deactivated,
        refusal: "无法失效",
    };
    transition(
        stores,
        call,
        &request.owner,
        request.out_request_no,
        move_to,
        |entity| {
            entity.deactivate_request_no = Some(request.out_request_no.to_owned());
            entity.deactivate_time = Some(beijing_text(call.now));
            entity.deactivate_reason = Some(request.reason.to_owned());
        },
    )
}

/// 确认发放: `POST …/users/{openid}/coupons/{coupon_code}/confirm`: `CONFIRMING` →
/// `EFFECTIVE`. Confirming a coupon in another state is refused (a guess: the error is
/// not documented); a repeated `out_request_no` replays the first answer.
pub(crate) fn confirm_coupon(stores: &mut Stores, call: &Call<'_>) -> Result<Value, GatewayError> {
    change_state(
        stores,
        call,
        CouponState::Confirming,
        "无需确认",
        |entity, no| {
            entity.confirm_request_no = Some(no.to_owned());
            entity.confirm_time = Some(beijing_text(call.now));
        },
    )
}

/// 退券: `POST …/users/{openid}/coupons/{coupon_code}/return`: `USED` → `EFFECTIVE`,
/// with `return_request_no` and `return_time` added to `single_usage_detail`. Returning
/// a coupon in another state is refused (the error is not documented: a guess).
pub(crate) fn return_coupon(stores: &mut Stores, call: &Call<'_>) -> Result<Value, GatewayError> {
    change_state(
        stores,
        call,
        CouponState::Used,
        "不可退券",
        |entity, no| {
            let usage = entity
                .single_usage_detail
                .get_or_insert_with(UsageDetail::default);
            usage.return_request_no = Some(no.to_owned());
            usage.return_time = Some(beijing_text(call.now));
        },
    )
}

/// A confirm or return: checks the body, then moves the coupon from `from` to `EFFECTIVE`
/// (refusing with `refusal`) and records the change with `record` (given the request number).
fn change_state(
    stores: &mut Stores,
    call: &Call<'_>,
    from: CouponState,
    refusal: &'static str,
    record: impl FnOnce(&mut UserCouponEntity, &str),
) -> Result<Value, GatewayError> {
    let request = RequestNoBody::parse(call.body)?;
    let move_to = Transition {
        from,
        to: CouponState::Effective,
        refusal,
    };
    let no = request.out_request_no;
    transition(stores, call, &request.owner, no, move_to, |entity| {
        record(entity, no)
    })
}

/// A state change of one user coupon: from which state, to which, and what the refusal of
/// a coupon in another state says.
struct Transition {
    from: CouponState,
    to: CouponState,
    refusal: &'static str,
}

/// The one path of every state change (confirm, return, deactivate): replays a repeated
/// `out_request_no`, refuses a coupon of another owner or state, else changes the state,
/// lets `record` note the change and answers the coupon.
fn transition(
    stores: &mut Stores,
    call: &Call<'_>,
    owner: &CouponOwner<'_>,
    out_request_no: &str,
    change: Transition,
    record: impl FnOnce(&mut UserCouponEntity),
) -> Result<Value, GatewayError> {
    let (openid, code) = (call.param("openid"), call.param("coupon_code"));
    let Stores {
        user_coupons,
        idempotency,
        ..
    } = stores;
    idempotency.run(coupon_namespace(call), out_request_no, call.body, || {
        let coupon = user_coupons.owned_mut(openid, code, owner)?;
        if coupon.state != change.from {
            return Err(GatewayError::invalid_request(format!(
                "用户商品券当前状态为 {}，{}",
                coupon.state.as_str(),
                change.refusal
            )));
        }
        coupon.state = change.to;
        record(&mut coupon.entity);
        coupon.answer(change.to)
    })
}

/// 发放: `POST …/users/{openid}/coupons`. Answers the new UserProductCouponEntity, in
/// state `CONFIRMING` (the documented meaning of CONFIRMING: "需品牌方调用确认发放API后才能
/// 生效": confirm is mandatory after every send), and queues the `PRODUCT_COUPON_SP.SEND`
/// notification when a notify URL is set.
pub(crate) fn send_coupon(stores: &mut Stores, call: &Call<'_>) -> Result<Value, GatewayError> {
    let openid = call.param("openid");
    let request = SendBody::parse(call.body)?;
    let namespace = Namespace::new(call.endpoint, "user", &[openid]);
    let Stores {
        user_coupons,
        product_coupons,
        stocks,
        stock_codes,
        notify_configs,
        idempotency,
        outbox,
        ..
    } = stores;
    idempotency.run(namespace, request.send_request_no, call.body, || {
        let product = product_coupons.of_brand(request.product_coupon_id, request.brand_id)?;
        let stock = stocks
            .of_product(request.product_coupon_id, request.stock_id)
            .ok_or_else(|| {
                GatewayError::not_found(format!("批次不存在：stock_id={}", request.stock_id))
            })?;
        let upload = stock_codes.next(request.stock_id);
        let coupon =
            user_coupons.create_sent(openid, &request, product, stock, upload, call.now)?;
        if stock.coupon_code_mode == CouponCodeMode::Upload {
            stock_codes.advance(request.stock_id);
            stocks.upload_code_sent(request.product_coupon_id, request.stock_id);
        }
        let answer = coupon.answer(CouponState::Confirming)?;
        if let Some(url) = notify_configs.url() {
            outbox.push(OutgoingEvent {
                url: url.to_owned(),
                event_type: SEND_EVENT,
                payload: send_payload(openid, &request, &coupon.entity),
            });
        }
        user_coupons.by_key.insert(
            (openid.to_owned(), coupon.entity.coupon_code.clone()),
            coupon,
        );
        Ok(answer)
    })
}

impl UserCoupons {
    /// The coupon a first (not replayed) send creates, not stored yet.
    fn create_sent(
        &mut self,
        openid: &str,
        request: &SendBody<'_>,
        product: &ProductCoupon,
        stock: &Stock,
        upload: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<UserCoupon, GatewayError> {
        if stock.state != StockState::Sending {
            // Only SENDING stocks send; the error code is a guess.
            return Err(GatewayError::invalid_request(format!(
                "批次当前状态为 {}，不可发券",
                stock.state.as_str()
            )));
        }
        // coupon_code: required for API_ASSIGN stocks, refused for others (doc 4015781605);
        // UPLOAD stocks send their uploaded codes in order, and none once they run out.
        let code = match (stock.coupon_code_mode, request.coupon_code) {
            (CouponCodeMode::ApiAssign, Some(code)) => code.to_owned(),
            (CouponCodeMode::ApiAssign, None) => {
                return Err(GatewayError::param(
                    "批次的 coupon_code_mode 为 API_ASSIGN，须传入 coupon_code",
                ))
            }
            (_, Some(_)) => {
                return Err(GatewayError::param(
                    "仅 coupon_code_mode 为 API_ASSIGN 的批次可传入 coupon_code",
                ))
            }
            (CouponCodeMode::Upload, None) => upload
                .ok_or_else(|| GatewayError::not_enough("批次可用的预上传券Code不足"))?
                .to_owned(),
            (CouponCodeMode::Wechatpay, None) => format!("Code_SBX{:08}", self.issued + 1),
        };
        if self.by_key.contains_key(&(openid.to_owned(), code.clone())) {
            return Err(GatewayError::already_exists(format!(
                "用户商品券Code已存在：coupon_code={code}"
            )));
        }
        let per_user = stock.stock_send_rule.max_count_per_user.unwrap_or(u64::MAX);
        let held = self
            .by_key
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
        let mut entity = self.entity(&code, product, stock, &validity);
        entity.confirm_request_no = None;
        entity.confirm_time = None;
        entity.receive_time = beijing_text(now);
        entity.send_request_no = request.send_request_no.to_owned();
        entity.send_channel = "API".to_owned();
        entity.attach = request.attach.map(str::to_owned);
        let coupon = UserCoupon {
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
        Ok(coupon)
    }
}

/// The decrypted `PRODUCT_COUPON_SP.SEND` payload of a sent coupon (`unionid` is made up:
/// the sandbox has no users).
fn send_payload(openid: &str, request: &SendBody<'_>, entity: &UserCouponEntity) -> Value {
    let mut payload = serde_json::json!({
        "brand_id": request.brand_id,
        "coupon_code": entity.coupon_code,
        "product_coupon_id": request.product_coupon_id,
        "stock_id": request.stock_id,
        "appid": request.appid,
        "openid": openid,
        "unionid": format!("o6_SANDBOX_{}", openid.chars().take(12).collect::<String>()),
        "receive_time": entity.receive_time,
        "send_request_no": request.send_request_no,
        "send_channel": "API",
        "valid_begin_time": entity.valid_begin_time,
        "valid_end_time": entity.valid_end_time,
    });
    if let (Some(attach), Some(map)) = (request.attach, payload.as_object_mut()) {
        map.insert("attach".into(), attach.into());
    }
    payload
}

/// 查询用户商品券详情: `GET …/users/{openid}/coupons/{coupon_code}?product_coupon_id&
/// stock_id&appid&brand_id`.
pub(crate) fn get_user_coupon(stores: &mut Stores, call: &Call<'_>) -> Result<Value, GatewayError> {
    let query = call.query()?;
    let owner = CouponOwner::from_query(&query)?;
    let (openid, code) = (call.param("openid"), call.param("coupon_code"));
    let coupon = stores
        .user_coupons
        .by_key
        .get(&(openid.to_owned(), code.to_owned()))
        .ok_or_else(|| coupon_not_found(openid, code))?;
    coupon.check_owner(&owner)?;
    coupon.answer(coupon.state_at(call.now))
}

/// 查询用户商品券列表: `GET …/users/{openid}/coupons?appid&brand_id[&filters]
/// [&page_size&page_token]`, in issue order. `page_size` 1-50 (default 20); the page
/// token is opaque (`SBXPAGE` and an offset).
pub(crate) fn list_user_coupons(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let query = call.query()?;
    let openid = call.param("openid");
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
    let now = call.now;
    let mut matching: Vec<&UserCoupon> = stores
        .user_coupons
        .by_key
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
    let page = matching
        .iter()
        .skip(offset)
        .take(page_size)
        .map(|c| c.answer(c.state_at(now)))
        .collect::<Result<Vec<Value>, GatewayError>>()?;
    let next_page_token = (offset.saturating_add(page_size) < matching.len())
        .then(|| format!("{PAGE_TOKEN_PREFIX}{}", offset + page_size));
    let answer = UserCouponPage {
        total_count: matching.len(),
        user_coupon_list: page,
        next_page_token,
    };
    serde_json::to_value(answer).map_err(|e| GatewayError::system(e.to_string()))
}

/// A page of the list endpoint.
#[derive(Serialize)]
struct UserCouponPage {
    /// Matching coupons in all.
    total_count: usize,
    /// This page.
    user_coupon_list: Vec<Value>,
    /// Where the next page starts, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_page_token: Option<String>,
}

//! The handlers that look stocks up, list them and deactivate them: [`get_stock`],
//! [`list_stocks`], [`deactivate_stock`].

use serde::Serialize;
use serde_json::Value;

use super::{Stock, StockState, Stocks};
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::idempotency::Namespace;
use crate::sandbox::rules::deactivate::DeactivateBody;
use crate::sandbox::seed::beijing_text;
use crate::sandbox::stores::Stores;

/// `404 NOT_FOUND` for a stock that does not exist or is another product coupon's.
pub(crate) fn stock_not_found(stock_id: &str) -> GatewayError {
    GatewayError::not_found(format!("批次不存在：stock_id={stock_id}"))
}

/// The JSON answer of a stock (a StockEntity, keys sorted).
pub(crate) fn stock_answer(stock: &Stock) -> Result<Value, GatewayError> {
    serde_json::to_value(stock).map_err(|e| GatewayError::system(e.to_string()))
}

impl Stocks {
    /// The stock `stock_id` of `product_coupon_id`, or `404 NOT_FOUND`.
    fn found(&self, product_coupon_id: &str, stock_id: &str) -> Result<&Stock, GatewayError> {
        self.of_product(product_coupon_id, stock_id)
            .ok_or_else(|| stock_not_found(stock_id))
    }

    /// Deactivates `stock`, recording `out_request_no`, `reason` and `now` (Beijing time).
    /// Only a `SENDING` or `PAUSED` stock can be (the documented precondition); otherwise
    /// `400 INVALID_REQUEST` naming its state (the code is a guess).
    pub(crate) fn deactivate(
        stock: &mut Stock,
        out_request_no: &str,
        reason: &str,
        now: time::OffsetDateTime,
    ) -> Result<(), GatewayError> {
        if !matches!(stock.state, StockState::Sending | StockState::Paused) {
            return Err(GatewayError::invalid_request(format!(
                "批次当前状态为 {}，不可失效：stock_id={}",
                stock.state.as_str(),
                stock.stock_id
            )));
        }
        stock.state = StockState::Deactivated;
        stock.deactivate_request_no = Some(out_request_no.to_owned());
        stock.deactivate_time = Some(beijing_text(now));
        stock.deactivate_reason = Some(reason.to_owned());
        Ok(())
    }

    /// Deactivates every stock of `product_coupon_id` not deactivated yet (whatever its
    /// state), with the product coupon's `out_request_no`, `reason` and `now`; stocks
    /// deactivated before keep their own record.
    pub(crate) fn deactivate_all_of(
        &mut self,
        product_coupon_id: &str,
        out_request_no: &str,
        reason: &str,
        now: time::OffsetDateTime,
    ) {
        for stock in self.by_id.values_mut() {
            if stock.product_coupon_id == product_coupon_id
                && stock.state != StockState::Deactivated
            {
                stock.state = StockState::Deactivated;
                stock.deactivate_request_no = Some(out_request_no.to_owned());
                stock.deactivate_time = Some(beijing_text(now));
                stock.deactivate_reason = Some(reason.to_owned());
            }
        }
    }
}

/// 失效商品券批次: `POST …/product-coupons/{product_coupon_id}/stocks/{stock_id}/deactivate`.
/// Answers the stock, `DEACTIVATED`; from then on a send from it is refused (`400
/// INVALID_REQUEST`, as for any stock not `SENDING`). Idempotent by `out_request_no`.
pub(crate) fn deactivate_stock(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let (product_coupon_id, stock_id) = (call.param("product_coupon_id"), call.param("stock_id"));
    let request = DeactivateBody::parse(call.body, &["product_coupon_id", "stock_id"])?;
    let namespace = Namespace::new(call.endpoint, "stock", &[product_coupon_id, stock_id]);
    let Stores {
        product_coupons,
        stocks,
        idempotency,
        ..
    } = stores;
    idempotency.run(namespace, request.out_request_no, call.body, || {
        product_coupons.of_brand(product_coupon_id, request.brand_id)?;
        let stock = stocks
            .by_id
            .get_mut(stock_id)
            .filter(|s| s.product_coupon_id == product_coupon_id)
            .ok_or_else(|| stock_not_found(stock_id))?;
        Stocks::deactivate(stock, request.out_request_no, request.reason, call.now)?;
        stock_answer(stock)
    })
}

/// 查询商品券指定批次: `GET …/product-coupons/{product_coupon_id}/stocks/{stock_id}?brand_id`.
/// The product coupon must be the brand's (`404 NOT_FOUND` naming it otherwise), and the
/// stock the product coupon's (`404 NOT_FOUND` naming the stock).
pub(crate) fn get_stock(stores: &mut Stores, call: &Call<'_>) -> Result<Value, GatewayError> {
    let query = call.query()?;
    let brand_id = query.required("brand_id")?;
    let product_coupon_id = call.param("product_coupon_id");
    stores
        .product_coupons
        .of_brand(product_coupon_id, brand_id)?;
    stock_answer(
        stores
            .stocks
            .found(product_coupon_id, call.param("stock_id"))?,
    )
}

/// The default `page_size` of the stock list.
const DEFAULT_PAGE_SIZE: usize = 20;
/// The largest `page_size` of the stock list.
const MAX_PAGE_SIZE: usize = 50;
/// The prefix of the sandbox's stock page tokens (the offset follows; opaque to clients).
const PAGE_TOKEN_PREFIX: &str = "SBXSTOCKS";

/// 查询商品券批次列表: `GET …/product-coupons/{product_coupon_id}/stocks?[state]
/// [&page_size][&page_token]&brand_id[&stock_bundle_id]`, by `stock_id`. `page_size` 1-50
/// (default 20); the page token is opaque (`SBXSTOCKS` and an offset); `total_count` only on
/// the first page (the brand-direct twin page: "当且仅当 page_token 为空时提供"). Guesses: a
/// `state` that is not one of the five is `400 PARAM_ERROR`; the sandbox's stocks belong to
/// no bundle, so a `stock_bundle_id` filter matches nothing.
pub(crate) fn list_stocks(stores: &mut Stores, call: &Call<'_>) -> Result<Value, GatewayError> {
    let query = call.query()?;
    let brand_id = query.required("brand_id")?;
    let product_coupon_id = call.param("product_coupon_id");
    let state = match query.optional("state")? {
        None => None,
        Some(text) => Some(
            serde_json::from_value::<StockState>(Value::String(text.to_owned())).map_err(
                |_| {
                    GatewayError::param(format!(
                        "参数 state 须为 AUDITING、SENDING、PAUSED、STOPPED 或 DEACTIVATED，实际为 {text}"
                    ))
                },
            )?,
        ),
    };
    let bundle = query.optional("stock_bundle_id")?;
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
    let token = query.optional("page_token")?;
    let offset = match token {
        None => 0,
        Some(token) => token
            .strip_prefix(PAGE_TOKEN_PREFIX)
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| GatewayError::param("参数 page_token 无效"))?,
    };
    stores
        .product_coupons
        .of_brand(product_coupon_id, brand_id)?;
    let mut matching: Vec<&Stock> = stores
        .stocks
        .by_id
        .values()
        .filter(|s| {
            s.product_coupon_id == product_coupon_id
                && state.is_none_or(|state| s.state == state)
                && bundle.is_none()
        })
        .collect();
    matching.sort_by(|a, b| a.stock_id.cmp(&b.stock_id));
    let stock_list = matching
        .iter()
        .skip(offset)
        .take(page_size)
        .map(|s| stock_answer(s))
        .collect::<Result<Vec<Value>, GatewayError>>()?;
    let next_page_token = (offset.saturating_add(page_size) < matching.len())
        .then(|| format!("{PAGE_TOKEN_PREFIX}{}", offset + page_size));
    let page = StockPage {
        total_count: token.is_none().then_some(matching.len()),
        stock_list,
        next_page_token,
    };
    serde_json::to_value(page).map_err(|e| GatewayError::system(e.to_string()))
}

/// A page of the stock list.
#[derive(Serialize)]
struct StockPage {
    /// Matching stocks in all (first page only).
    #[serde(skip_serializing_if = "Option::is_none")]
    total_count: Option<usize>,
    /// This page.
    stock_list: Vec<Value>,
    /// Where the next page starts, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_page_token: Option<String>,
}

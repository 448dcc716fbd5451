//! The stores associated with the `SPECIFIC` stocks, and the handlers of
//! [`associate_stores`], [`disassociate_stores`] and [`list_associated_stores`] (served as
//! `stocks::…`).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::Stores;
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::rules::stock_stores::{is_known_store, StoreListBody};

/// Default and largest `page_size` of the list.
const DEFAULT_PAGE_SIZE: usize = 20;
const MAX_PAGE_SIZE: usize = 200;
/// The list's page tokens: this prefix and an offset (opaque to clients).
const PAGE_TOKEN_PREFIX: &str = "SBXSTORES";

/// The stores of each stock, by `stock_id`, in association order.
#[derive(Debug, Default)]
pub(crate) struct StockStores {
    by_stock: HashMap<String, Vec<String>>,
}

/// A store (`StoreInfo`).
#[derive(Debug, Serialize)]
struct StoreInfo<'a> {
    store_id: &'a str,
}

/// A store not changed (`FailedStoreInfo`).
#[derive(Debug, Serialize)]
struct FailedStore<'a> {
    store_id: &'a str,
    code: &'static str,
    message: &'static str,
}

/// The answer of associate and disassociate.
#[derive(Debug, Serialize)]
struct ChangeAnswer<'a> {
    total_count: usize,
    success_store_list: Vec<StoreInfo<'a>>,
    failed_store_list: Vec<FailedStore<'a>>,
}

fn to_json(answer: impl Serialize) -> Result<Value, GatewayError> {
    serde_json::to_value(answer).map_err(|e| GatewayError::system(e.to_string()))
}

/// Checks the product coupon (the brand's, not `PROGRESSIVE_BUNDLE`) and the stock
/// (`SPECIFIC`, not deactivated).
fn check_target(
    stores: &Stores,
    product_coupon_id: &str,
    stock_id: &str,
    brand_id: &str,
) -> Result<(), GatewayError> {
    let product = stores
        .product_coupons
        .of_brand(product_coupon_id, brand_id)?;
    if product.usage_mode == "PROGRESSIVE_BUNDLE" {
        return Err(GatewayError::invalid_request(
            "多次优惠商品券的批次须通过批次组关联门店",
        ));
    }
    stores.stocks.check_specific(product_coupon_id, stock_id)
}

/// 批次关联门店: `POST …/stocks/{stock_id}/associate-stores`. Each distinct store is
/// associated once (already associated: listed as a success, so a resend is harmless); a
/// store that is not 1-32 digits is refused in `failed_store_list` (`NOT_FOUND`).
pub(crate) fn associate_stores(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let (product_coupon_id, stock_id) = (call.param("product_coupon_id"), call.param("stock_id"));
    let request = StoreListBody::parse(call.body)?;
    check_target(stores, product_coupon_id, stock_id, request.brand_id)?;
    let list = stores
        .stock_stores
        .by_stock
        .entry(stock_id.to_owned())
        .or_default();
    let mut answer = ChangeAnswer {
        total_count: 0,
        success_store_list: Vec::new(),
        failed_store_list: Vec::new(),
    };
    let mut seen = HashSet::new();
    for &store_id in &request.store_ids {
        if !seen.insert(store_id) {
            continue;
        }
        if !is_known_store(store_id) {
            answer.failed_store_list.push(FailedStore {
                store_id,
                code: "NOT_FOUND",
                message: "门店不存在",
            });
            continue;
        }
        if !list.iter().any(|s| s == store_id) {
            list.push(store_id.to_owned());
        }
        answer.success_store_list.push(StoreInfo { store_id });
    }
    answer.total_count = seen.len();
    to_json(answer)
}

/// 批次取消关联门店: `POST …/stocks/{stock_id}/disassociate-stores`. A store not
/// associated with the stock is refused in `failed_store_list` (`NOT_FOUND`).
pub(crate) fn disassociate_stores(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let (product_coupon_id, stock_id) = (call.param("product_coupon_id"), call.param("stock_id"));
    let request = StoreListBody::parse(call.body)?;
    check_target(stores, product_coupon_id, stock_id, request.brand_id)?;
    let list = stores
        .stock_stores
        .by_stock
        .entry(stock_id.to_owned())
        .or_default();
    let mut answer = ChangeAnswer {
        total_count: 0,
        success_store_list: Vec::new(),
        failed_store_list: Vec::new(),
    };
    let mut seen = HashSet::new();
    for &store_id in &request.store_ids {
        if !seen.insert(store_id) {
            continue;
        }
        match list.iter().position(|s| s == store_id) {
            Some(at) => {
                list.remove(at);
                answer.success_store_list.push(StoreInfo { store_id });
            }
            None => answer.failed_store_list.push(FailedStore {
                store_id,
                code: "NOT_FOUND",
                message: "门店未关联该批次",
            }),
        }
    }
    answer.total_count = seen.len();
    to_json(answer)
}

/// A page of the list.
#[derive(Serialize)]
struct StorePage<'a> {
    total_count: usize,
    store_list: Vec<StoreInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_page_token: Option<String>,
}

/// 查询批次关联门店列表: `GET …/stocks/{stock_id}/associated-stores?brand_id
/// [&page_size&page_token]`, in association order. `page_size` 1-200 (default 20); the
/// page token is opaque (`SBXSTORES` and an offset).
pub(crate) fn list_associated_stores(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let query = call.query()?;
    let (product_coupon_id, stock_id) = (call.param("product_coupon_id"), call.param("stock_id"));
    let brand_id = query.required("brand_id")?;
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
    check_target(stores, product_coupon_id, stock_id, brand_id)?;
    let all = stores
        .stock_stores
        .by_stock
        .get(stock_id)
        .map_or(&[][..], Vec::as_slice);
    let next_page_token = (offset.saturating_add(page_size) < all.len())
        .then(|| format!("{PAGE_TOKEN_PREFIX}{}", offset + page_size));
    to_json(StorePage {
        total_count: all.len(),
        store_list: all
            .iter()
            .skip(offset)
            .take(page_size)
            .map(|s| StoreInfo { store_id: s })
            .collect(),
        next_page_token,
    })
}

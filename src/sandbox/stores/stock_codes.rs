//! The pre-uploaded coupon codes of the `UPLOAD` stocks, and the handler of
//! [`upload_coupon_codes`] (served as `stocks::upload_coupon_codes`).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::Stores;
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::idempotency::Namespace;
use crate::sandbox::rules::stock_codes::{is_valid_code, UploadCodesBody};

/// The codes uploaded to each stock, by `stock_id`, in upload order.
#[derive(Debug, Default)]
pub(crate) struct StockCodes {
    by_stock: HashMap<String, CodeList>,
}

/// One stock's uploaded codes.
#[derive(Debug, Default)]
struct CodeList {
    /// Every code ever uploaded, in order.
    codes: Vec<String>,
    /// The same codes, for lookups.
    known: HashSet<String>,
    /// How many of `codes` were handed out.
    taken: usize,
}

impl StockCodes {
    /// The next code of `stock_id` a send would hand out, if one is left.
    pub(crate) fn next(&self, stock_id: &str) -> Option<&str> {
        let list = self.by_stock.get(stock_id)?;
        list.codes.get(list.taken).map(String::as_str)
    }

    /// Marks the code [`next`](Self::next) gave as sent.
    pub(crate) fn advance(&mut self, stock_id: &str) {
        if let Some(list) = self.by_stock.get_mut(stock_id) {
            list.taken = (list.taken + 1).min(list.codes.len());
        }
    }
}

/// A refused code (`FailedCouponCodeInfo`).
#[derive(Debug, Serialize)]
struct FailedCode<'a> {
    coupon_code: &'a str,
    code: &'static str,
    message: &'static str,
}

/// The answer (`UploadCouponCodesResponse`).
#[derive(Debug, Serialize)]
struct UploadAnswer<'a> {
    total_count: usize,
    success_code_list: Vec<&'a str>,
    failed_code_list: Vec<FailedCode<'a>>,
    already_exist_code_list: Vec<&'a str>,
    duplicate_code_list: Vec<&'a str>,
}

/// 预上传券Code: `POST …/product-coupons/{product_coupon_id}/stocks/{stock_id}/
/// upload-coupon-codes`. The stock must be an `UPLOAD` stock of the brand's product coupon,
/// not deactivated. Each distinct code is added once; the answer sorts the others into
/// `duplicate_code_list` (given twice in this request: the first is added),
/// `already_exist_code_list` (the stock already holds it) and `failed_code_list` (not 1-40
/// of `[0-9A-Za-z_-]`: `PARAM_ERROR`). The stock's `coupon_code_count_info` grows by the
/// codes added.
pub(crate) fn upload_coupon_codes(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let product_coupon_id = call.param("product_coupon_id");
    let stock_id = call.param("stock_id");
    let request = UploadCodesBody::parse(call.body)?;
    let namespace = Namespace::new(call.endpoint, "stock", &[product_coupon_id, stock_id]);
    let Stores {
        product_coupons,
        stocks,
        stock_codes,
        idempotency,
        ..
    } = stores;
    idempotency.run(namespace, request.out_request_no, call.body, || {
        product_coupons.of_brand(product_coupon_id, request.brand_id)?;
        let count = stocks.upload_counts_mut(product_coupon_id, stock_id)?;
        let list = stock_codes.by_stock.entry(stock_id.to_owned()).or_default();
        let mut seen = HashSet::new();
        let mut answer = UploadAnswer {
            total_count: 0,
            success_code_list: Vec::new(),
            failed_code_list: Vec::new(),
            already_exist_code_list: Vec::new(),
            duplicate_code_list: Vec::new(),
        };
        for &code in &request.code_list {
            if !seen.insert(code) {
                if !answer.duplicate_code_list.contains(&code) {
                    answer.duplicate_code_list.push(code);
                }
                continue;
            }
            if !is_valid_code(code) {
                answer.failed_code_list.push(FailedCode {
                    coupon_code: code,
                    code: "PARAM_ERROR",
                    message: "券Code须为 1-40 位数字、大小写字母、下划线或短横线",
                });
            } else if list.known.contains(code) {
                answer.already_exist_code_list.push(code);
            } else {
                list.known.insert(code.to_owned());
                list.codes.push(code.to_owned());
                answer.success_code_list.push(code);
            }
        }
        answer.total_count = seen.len();
        let added = answer.success_code_list.len() as u64;
        count.total_count += added;
        count.available_count += added;
        serde_json::to_value(answer).map_err(|e| GatewayError::system(e.to_string()))
    })
}

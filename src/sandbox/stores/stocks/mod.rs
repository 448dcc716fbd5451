//! The stocks (批次) of the product coupons, by `stock_id`. The send endpoint reads them
//! (state, code mode, per-user limit) and every issued coupon carries a snapshot. The stock
//! endpoints' handlers are here, named like their endpoints (lookup, list and deactivation
//! in [`lifecycle`]).

mod lifecycle;

pub(crate) use lifecycle::{deactivate_stock, get_stock, list_stocks};

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::sandbox::error::GatewayError;

/// How a stock's coupon codes are made (`coupon_code_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum CouponCodeMode {
    /// WeChat Pay assigns the codes.
    Wechatpay,
    /// Codes uploaded beforehand (`upload_coupon_codes`), sent in upload order.
    Upload,
    /// The sender gives the code in the send request.
    ApiAssign,
}

/// A stock's state (`state`); only `SENDING` stocks send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum StockState {
    /// Under review.
    Auditing,
    /// Sending.
    Sending,
    /// Paused.
    Paused,
    /// Stopped.
    Stopped,
    /// Deactivated.
    Deactivated,
}

impl StockState {
    /// The wire name of the state.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            StockState::Auditing => "AUDITING",
            StockState::Sending => "SENDING",
            StockState::Paused => "PAUSED",
            StockState::Stopped => "STOPPED",
            StockState::Deactivated => "DEACTIVATED",
        }
    }
}

/// `coupon_code_count_info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CouponCodeCountInfo {
    /// Codes uploaded.
    pub(crate) total_count: u64,
    /// Codes left.
    pub(crate) available_count: u64,
}

/// `stock_send_rule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StockSendRule {
    /// Coupons the stock may send in all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max_count: Option<u64>,
    /// Coupons it may send per day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max_count_per_day: Option<u64>,
    /// Coupons one user may hold (checked by the send endpoint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max_count_per_user: Option<u64>,
}

/// `single_usage_rule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SingleUsageRule {
    /// When coupons of the stock can be used.
    pub(crate) coupon_available_period: CouponAvailablePeriod,
}

/// `coupon_available_period`: rewritten for each issued coupon from its validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CouponAvailablePeriod {
    /// RFC 3339, Beijing time.
    pub(crate) available_begin_time: String,
    /// RFC 3339, Beijing time.
    pub(crate) available_end_time: String,
    /// Days a coupon stays usable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) available_days: Option<u64>,
    /// The days of the week.
    pub(crate) weekly_available_period: WeeklyAvailablePeriod,
}

/// `weekly_available_period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct WeeklyAvailablePeriod {
    /// `MONDAY`…`SUNDAY`.
    pub(crate) day_list: Vec<String>,
}

/// `sent_count_info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SentCountInfo {
    /// Sent in all.
    pub(crate) total_count: u64,
    /// Sent today.
    pub(crate) today_count: u64,
}

/// A StockEntity. The display settings the sandbox never reads or changes
/// (`usage_rule_display_info`, `coupon_display_info`, `notify_config`) are kept as the seed
/// gives them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Stock {
    /// The product coupon the stock belongs to.
    pub(crate) product_coupon_id: String,
    /// `stock_id`.
    pub(crate) stock_id: String,
    /// `remark`.
    pub(crate) remark: String,
    /// How codes are made.
    pub(crate) coupon_code_mode: CouponCodeMode,
    /// Uploaded codes (UPLOAD stocks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) coupon_code_count_info: Option<CouponCodeCountInfo>,
    /// Send limits.
    pub(crate) stock_send_rule: StockSendRule,
    /// Usage period.
    pub(crate) single_usage_rule: SingleUsageRule,
    /// As seeded.
    pub(crate) usage_rule_display_info: Value,
    /// As seeded.
    pub(crate) coupon_display_info: Value,
    /// As seeded.
    pub(crate) notify_config: Value,
    /// `NONE`, `ALL` or `SPECIFIC`.
    pub(crate) store_scope: String,
    /// Counters.
    pub(crate) sent_count_info: SentCountInfo,
    /// State.
    pub(crate) state: StockState,
    /// `deactivate_request_no`, once deactivated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) deactivate_request_no: Option<String>,
    /// `deactivate_time`, once deactivated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) deactivate_time: Option<String>,
    /// `deactivate_reason`, once deactivated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) deactivate_reason: Option<String>,
    /// Owning brand.
    pub(crate) brand_id: String,
}

/// The stocks by `stock_id`.
#[derive(Debug, Default)]
pub(crate) struct Stocks {
    by_id: HashMap<String, Stock>,
}

impl Stocks {
    /// Adds (or replaces) a stock.
    pub(crate) fn insert(&mut self, stock: Stock) {
        self.by_id.insert(stock.stock_id.clone(), stock);
    }

    /// The stock `stock_id` of the product coupon `product_coupon_id`.
    pub(crate) fn of_product(&self, product_coupon_id: &str, stock_id: &str) -> Option<&Stock> {
        self.by_id
            .get(stock_id)
            .filter(|s| s.product_coupon_id == product_coupon_id)
    }

    /// The code counters of the stock `stock_id` of `product_coupon_id`, which an upload of
    /// codes adds to: `404 NOT_FOUND` when there is no such stock, `400 INVALID_REQUEST` when
    /// it is not an `UPLOAD` stock or is deactivated.
    pub(crate) fn upload_counts_mut(
        &mut self,
        product_coupon_id: &str,
        stock_id: &str,
    ) -> Result<&mut CouponCodeCountInfo, GatewayError> {
        let stock = self
            .by_id
            .get_mut(stock_id)
            .filter(|s| s.product_coupon_id == product_coupon_id)
            .ok_or_else(|| GatewayError::not_found(format!("批次不存在：stock_id={stock_id}")))?;
        if stock.coupon_code_mode != CouponCodeMode::Upload {
            return Err(GatewayError::invalid_request(
                "批次的 coupon_code_mode 不是 UPLOAD，不可预上传券Code",
            ));
        }
        if stock.state == StockState::Deactivated {
            return Err(GatewayError::invalid_request(
                "批次已失效，不可预上传券Code",
            ));
        }
        Ok(stock
            .coupon_code_count_info
            .get_or_insert(CouponCodeCountInfo {
                total_count: 0,
                available_count: 0,
            }))
    }

    /// Checks that the stock `stock_id` of `product_coupon_id` takes a store list:
    /// `404 NOT_FOUND` when there is no such stock, `400 INVALID_REQUEST` when its
    /// `store_scope` is not `SPECIFIC` or it is deactivated.
    pub(crate) fn check_specific(
        &self,
        product_coupon_id: &str,
        stock_id: &str,
    ) -> Result<(), GatewayError> {
        let stock = self
            .of_product(product_coupon_id, stock_id)
            .ok_or_else(|| GatewayError::not_found(format!("批次不存在：stock_id={stock_id}")))?;
        if stock.store_scope != "SPECIFIC" {
            return Err(GatewayError::invalid_request(format!(
                "批次的 store_scope 为 {}，仅 SPECIFIC 批次可关联门店",
                stock.store_scope
            )));
        }
        if stock.state == StockState::Deactivated {
            return Err(GatewayError::invalid_request("批次已失效，不可关联门店"));
        }
        Ok(())
    }

    /// One uploaded code of the stock was sent: one fewer available.
    pub(crate) fn upload_code_sent(&mut self, product_coupon_id: &str, stock_id: &str) {
        let stock = self
            .by_id
            .get_mut(stock_id)
            .filter(|s| s.product_coupon_id == product_coupon_id);
        if let Some(count) = stock.and_then(|s| s.coupon_code_count_info.as_mut()) {
            count.available_count = count.available_count.saturating_sub(1);
        }
    }
}

// The handlers of the stock endpoints kept in their own files.
pub(crate) use super::stock_codes::upload_coupon_codes;
pub(crate) use super::stock_stores::{
    associate_stores, disassociate_stores, list_associated_stores,
};

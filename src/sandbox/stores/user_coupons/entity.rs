//! The typed user-coupon entity the store keeps and answers.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use crate::sandbox::error::GatewayError;
use crate::sandbox::rules::user_coupons::CouponOwner;
use crate::sandbox::stores::product_coupons::ProductCoupon;
use crate::sandbox::stores::stocks::Stock;
use crate::sandbox::stores::validity::CouponValidity;

/// State of a user coupon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum CouponState {
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
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CouponState::Confirming => "CONFIRMING",
            CouponState::Effective => "EFFECTIVE",
            CouponState::Used => "USED",
            CouponState::Deactivated => "DEACTIVATED",
            CouponState::Expired => "EXPIRED",
        }
    }
}

/// `single_usage_detail`: the last use, and its return.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub(crate) struct UsageDetail {
    /// The use's `out_request_no`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) use_request_no: Option<String>,
    /// The use's `use_time`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) use_time: Option<String>,
    /// `associated_order_info`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) associated_order_info: Option<Value>,
    /// `associated_pay_score_order_info`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) associated_pay_score_order_info: Option<Value>,
    /// The return's `out_request_no`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) return_request_no: Option<String>,
    /// When it was returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) return_time: Option<String>,
}

/// A UserProductCouponEntity but its `coupon_state` (which depends on when it is read),
/// with the product coupon and stock as they were when it was issued (updates only affect
/// newly issued coupons).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct UserCouponEntity {
    /// `coupon_code`.
    pub(crate) coupon_code: String,
    /// Usable from (RFC 3339, Beijing time).
    pub(crate) valid_begin_time: String,
    /// Usable until.
    pub(crate) valid_end_time: String,
    /// When the user received it.
    pub(crate) receive_time: String,
    /// The send's request number.
    pub(crate) send_request_no: String,
    /// `API` for sends.
    pub(crate) send_channel: String,
    /// The confirm's request number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) confirm_request_no: Option<String>,
    /// When it was confirmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) confirm_time: Option<String>,
    /// The deactivation's request number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) deactivate_request_no: Option<String>,
    /// When it was deactivated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) deactivate_time: Option<String>,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) deactivate_reason: Option<String>,
    /// The last use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) single_usage_detail: Option<UsageDetail>,
    /// The product coupon when issued.
    pub(crate) product_coupon: ProductCoupon,
    /// The stock when issued, its usage period set from the coupon's validity.
    pub(crate) stock: Stock,
    /// The send's `attach`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) attach: Option<String>,
    /// Owning brand.
    pub(crate) brand_id: String,
}

/// The entity with its state, as answered.
#[derive(Serialize)]
struct Answer<'a> {
    coupon_state: CouponState,
    #[serde(flatten)]
    entity: &'a UserCouponEntity,
}

/// What the seed's user coupon gives every issued coupon (the rest is per coupon).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct CouponTemplate {
    /// `send_channel` of seeded coupons.
    pub(crate) send_channel: String,
    /// `attach` of seeded coupons.
    #[serde(default)]
    pub(crate) attach: Option<String>,
    /// `brand_id` of every issued coupon.
    pub(crate) brand_id: String,
}

/// A coupon issued to a user.
#[derive(Debug, Clone)]
pub(crate) struct UserCoupon {
    /// Product coupon it was issued from.
    pub(crate) product_coupon_id: String,
    /// Stock it was issued from.
    pub(crate) stock_id: String,
    /// Owning brand.
    pub(crate) brand_id: String,
    /// AppID it was issued under.
    pub(crate) appid: String,
    /// Current state.
    pub(crate) state: CouponState,
    /// When it can be used.
    pub(crate) validity: CouponValidity,
    /// Issue order, for lists.
    pub(crate) seq: u64,
    /// What is answered about it.
    pub(crate) entity: UserCouponEntity,
}

impl UserCoupon {
    /// The state as a reader sees it at `now`: an unused coupon past its end is `EXPIRED`.
    pub(crate) fn state_at(&self, now: OffsetDateTime) -> CouponState {
        match self.state {
            CouponState::Confirming | CouponState::Effective if now > self.validity.end => {
                CouponState::Expired
            }
            state => state,
        }
    }

    /// The entity in state `coupon_state`, as JSON.
    pub(crate) fn answer(&self, coupon_state: CouponState) -> Result<Value, GatewayError> {
        let answer = Answer {
            coupon_state,
            entity: &self.entity,
        };
        serde_json::to_value(answer).map_err(|e| GatewayError::system(e.to_string()))
    }

    /// Checks that the request's identifiers all belong to this coupon.
    pub(crate) fn check_owner(&self, owner: &CouponOwner<'_>) -> Result<(), GatewayError> {
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

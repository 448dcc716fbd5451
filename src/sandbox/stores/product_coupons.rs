//! The product coupons (商品券) by `product_coupon_id`, and the handlers of their endpoints:
//! [`get_product_coupon`], [`update_product_coupon`] and [`deactivate_product_coupon`].

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Stores;
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::idempotency::Namespace;
use crate::sandbox::rules::deactivate::DeactivateBody;
use crate::sandbox::rules::product_coupons::UpdateBody;
use crate::sandbox::seed::beijing_text;

/// A ProductCouponEntity. `single_usage_info` is kept as seeded; `display_info` is the one
/// last set (by the seed or an update), echoed as it was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ProductCoupon {
    /// `product_coupon_id`.
    pub(crate) product_coupon_id: String,
    /// `ALL` or `SINGLE`.
    pub(crate) scope: String,
    /// `NORMAL`, `DISCOUNT` or `EXCHANGE`.
    #[serde(rename = "type")]
    pub(crate) coupon_type: String,
    /// `SINGLE` or `PROGRESSIVE_BUNDLE`.
    pub(crate) usage_mode: String,
    /// As seeded.
    pub(crate) single_usage_info: Value,
    /// As last set.
    pub(crate) display_info: Value,
    /// State.
    pub(crate) state: ProductCouponState,
    /// `deactivate_request_no`, once deactivated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) deactivate_request_no: Option<String>,
    /// `deactivate_time`, once deactivated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) deactivate_time: Option<String>,
    /// `deactivate_reason`, once deactivated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) deactivate_reason: Option<String>,
    /// The brand's own product number.
    pub(crate) out_product_no: String,
    /// Owning brand.
    pub(crate) brand_id: String,
}

/// A product coupon's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum ProductCouponState {
    /// Under review.
    Auditing,
    /// Usable.
    Effective,
    /// Deactivated.
    Deactivated,
}

impl ProductCouponState {
    /// The wire name of the state.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ProductCouponState::Auditing => "AUDITING",
            ProductCouponState::Effective => "EFFECTIVE",
            ProductCouponState::Deactivated => "DEACTIVATED",
        }
    }
}

/// The product coupons by id.
#[derive(Debug, Default)]
pub(crate) struct ProductCoupons {
    by_id: HashMap<String, ProductCoupon>,
}

impl ProductCoupons {
    /// Adds (or replaces) a product coupon.
    pub(crate) fn insert(&mut self, product: ProductCoupon) {
        self.by_id
            .insert(product.product_coupon_id.clone(), product);
    }

    /// The product coupon `product_coupon_id` of brand `brand_id`: `404 NOT_FOUND` naming
    /// the id when there is none, or the brand when it is another brand's.
    pub(crate) fn of_brand(
        &self,
        product_coupon_id: &str,
        brand_id: &str,
    ) -> Result<&ProductCoupon, GatewayError> {
        let product = self
            .by_id
            .get(product_coupon_id)
            .ok_or_else(|| product_not_found(product_coupon_id))?;
        if product.brand_id != brand_id {
            return Err(brand_not_found(brand_id));
        }
        Ok(product)
    }
}

fn product_not_found(product_coupon_id: &str) -> GatewayError {
    GatewayError::not_found(format!(
        "商品券不存在：product_coupon_id={product_coupon_id}"
    ))
}

fn brand_not_found(brand_id: &str) -> GatewayError {
    GatewayError::not_found(format!("品牌不存在：brand_id={brand_id}"))
}

/// The JSON answer of a product coupon.
fn answer(product: &ProductCoupon) -> Result<Value, GatewayError> {
    serde_json::to_value(product).map_err(|e| GatewayError::system(e.to_string()))
}

/// 查询商品券: `GET …/product-coupons/{product_coupon_id}?brand_id`.
pub(crate) fn get_product_coupon(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let query = call.query()?;
    let brand_id = query.required("brand_id")?;
    let product = stores
        .product_coupons
        .of_brand(call.param("product_coupon_id"), brand_id)?;
    answer(product)
}

/// 修改商品券: `PATCH …/product-coupons/{product_coupon_id}`. Answers the
/// ProductCouponEntity; coupons issued before keep their old snapshot.
pub(crate) fn update_product_coupon(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let product_coupon_id = call.param("product_coupon_id");
    let request = UpdateBody::parse(call.body)?;
    let namespace = Namespace::new(call.endpoint, "product_coupon", &[product_coupon_id]);
    let Stores {
        product_coupons,
        idempotency,
        ..
    } = stores;
    idempotency.run(namespace, request.out_request_no, call.body, || {
        let product = product_coupons
            .by_id
            .get_mut(product_coupon_id)
            .ok_or_else(|| product_not_found(product_coupon_id))?;
        if product.brand_id != request.brand_id {
            return Err(brand_not_found(request.brand_id));
        }
        product.display_info = request.display_info.clone();
        answer(product)
    })
}

/// 失效商品券: `POST …/product-coupons/{product_coupon_id}/deactivate`. Only an `EFFECTIVE`
/// product coupon can be deactivated (the documented precondition; otherwise `400
/// INVALID_REQUEST` naming its state, a guessed code). Every stock of it not deactivated yet
/// becomes `DEACTIVATED` (so no send from it succeeds); coupons already sent are unchanged.
/// Answers the ProductCouponEntity, `DEACTIVATED`. Idempotent by `out_request_no`.
pub(crate) fn deactivate_product_coupon(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let product_coupon_id = call.param("product_coupon_id");
    let request = DeactivateBody::parse(call.body, &["product_coupon_id"])?;
    let namespace = Namespace::new(call.endpoint, "product_coupon", &[product_coupon_id]);
    let Stores {
        product_coupons,
        stocks,
        idempotency,
        ..
    } = stores;
    idempotency.run(namespace, request.out_request_no, call.body, || {
        let product = product_coupons
            .by_id
            .get_mut(product_coupon_id)
            .ok_or_else(|| product_not_found(product_coupon_id))?;
        if product.brand_id != request.brand_id {
            return Err(brand_not_found(request.brand_id));
        }
        if product.state != ProductCouponState::Effective {
            return Err(GatewayError::invalid_request(format!(
                "商品券当前状态为 {}，不可失效：product_coupon_id={product_coupon_id}",
                product.state.as_str()
            )));
        }
        product.state = ProductCouponState::Deactivated;
        product.deactivate_request_no = Some(request.out_request_no.to_owned());
        product.deactivate_time = Some(beijing_text(call.now));
        product.deactivate_reason = Some(request.reason.to_owned());
        stocks.deactivate_all_of(
            product_coupon_id,
            request.out_request_no,
            request.reason,
            call.now,
        );
        answer(product)
    })
}

//! [`deactivate_product_coupon`]: a product coupon and all of its stocks stop sending.

use serde_json::Value;

use super::{answer, brand_not_found, product_not_found, ProductCouponState};
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::idempotency::Namespace;
use crate::sandbox::rules::deactivate::DeactivateBody;
use crate::sandbox::seed::beijing_text;
use crate::sandbox::stores::Stores;

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

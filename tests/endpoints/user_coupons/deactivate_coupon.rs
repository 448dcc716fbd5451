//! `deactivate_coupon`.

use super::*;

#[test]
fn deactivate_coupon_marks_coupon_deactivated_and_echoes_reason() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut request = deactivate_request(seed::SECOND_COUPON_CODE, "MCHDEACTIVATE202003101234");
    let reason = "商品已下线,使用户商品券失效(测试)";
    request.deactivate_reason = reason.into();
    let response = client.deactivate_coupon(&request)?;
    assert!(response.request_id().is_some());
    let coupon = response.parse()?;
    assert_eq!(coupon.coupon_code, seed::SECOND_COUPON_CODE);
    assert_eq!(coupon.coupon_state, UserProductCouponState::Deactivated);
    assert_eq!(coupon.deactivate_reason.as_deref(), Some(reason));
    assert_eq!(
        coupon.deactivate_request_no.as_deref(),
        Some("MCHDEACTIVATE202003101234")
    );
    assert_eq!(
        state_of(&sandbox, seed::SECOND_COUPON_CODE).as_deref(),
        Some("DEACTIVATED")
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE"),
        "only the requested coupon is deactivated"
    );
    Ok(())
}

//! User coupons: a module per endpoint, and a coupon taken through send, confirm, use and
//! return.

mod confirm_and_return;
mod deactivate_coupon;
mod get_user_coupon;
mod list_user_coupons;
mod send_coupon;
mod use_coupon;

use super::*;

#[test]
fn a_coupon_goes_through_send_confirm_use_return() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let mut req = seed::send_request("MCHSEND_LIFE_0001").unwrap();
    req.attach = Some("订单 42".into());
    let sent = client.send_coupon(&req).expect("send");
    let sent = sent.parse().expect("parse");
    assert_eq!(sent.coupon_state.as_str(), "CONFIRMING");
    assert_eq!(sent.send_request_no, "MCHSEND_LIFE_0001");
    assert_eq!(sent.attach.as_deref(), Some("订单 42"));
    assert!(sent.confirm_request_no.is_none());
    assert_eq!(sent.stock.stock_id, seed::SEND_STOCK_ID);
    let coupon = req.coupon_ref(sent.coupon_code.as_str().parse().unwrap());

    // Not confirmed: use fails as the gateway does (403 NOT_ENOUGH, internal 268578367).
    let err = client
        .use_coupon(&use_req(&coupon, "MCHUSE_LIFE_01"))
        .expect_err("CONFIRMING");
    assert_eq!(api(&err), (403, "NOT_ENOUGH".into()));
    assert!(err
        .api_error()
        .is_some_and(|a| a.message == "用户券状态非法"));
    assert!(
        err.request_id()
            .is_some_and(|id| id.ends_with("-268578367")),
        "{err}"
    );
    assert_eq!(state(&client, &coupon), "CONFIRMING");

    let confirmed = client
        .confirm_coupon(&ConfirmCouponRequest::new(
            coupon.clone(),
            "MCHCONF_LIFE_01".parse().unwrap(),
        ))
        .expect("confirm");
    let confirmed = confirmed.parse().expect("parse");
    assert_eq!(confirmed.coupon_state.as_str(), "EFFECTIVE");
    assert_eq!(
        confirmed.confirm_request_no.as_deref(),
        Some("MCHCONF_LIFE_01")
    );
    assert!(confirmed.confirm_time.is_some());

    let used = client
        .use_coupon(&use_req(&coupon, "MCHUSE_LIFE_02"))
        .expect("use");
    assert_eq!(used.parse().expect("parse").coupon_state.as_str(), "USED");
    assert_eq!(state(&client, &coupon), "USED");

    let returned = client
        .return_coupon(&ReturnCouponRequest::new(
            coupon.clone(),
            "MCHRET_LIFE_01".parse().unwrap(),
        ))
        .expect("return");
    let returned = returned.parse().expect("parse");
    assert_eq!(returned.coupon_state.as_str(), "EFFECTIVE");
    let usage = returned.single_usage_detail.as_ref().expect("usage detail");
    assert_eq!(usage.return_request_no.as_deref(), Some("MCHRET_LIFE_01"));
    assert_eq!(usage.use_request_no.as_deref(), Some("MCHUSE_LIFE_02"));
    assert_eq!(state(&client, &coupon), "EFFECTIVE");

    // Usable again after the return.
    let again = client
        .use_coupon(&use_req(&coupon, "MCHUSE_LIFE_03"))
        .expect("use again");
    assert_eq!(again.parse().expect("parse").coupon_state.as_str(), "USED");
}

//! `get_user_coupon`.

use super::*;

#[test]
fn query_checks_every_identifier() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let coupon = seed::coupon(seed::COUPON_CODE).unwrap();
    let got = client
        .get_user_coupon(&GetUserCouponRequest::new(coupon.clone()))
        .expect("query");
    let got = got.parse().expect("parse");
    assert_eq!(
        (got.coupon_code.as_str(), got.coupon_state.as_str()),
        (seed::COUPON_CODE, "EFFECTIVE")
    );
    for which in ["stock_id", "appid", "coupon_code"] {
        let mut wrong = coupon.clone();
        match which {
            "stock_id" => wrong.stock_id = "1".parse().unwrap(),
            "appid" => wrong.appid = "wx0".parse().unwrap(),
            _ => wrong.coupon_code = "Code_NONE".parse().unwrap(),
        }
        let err = client
            .get_user_coupon(&GetUserCouponRequest::new(wrong))
            .expect_err(which);
        assert_eq!(api(&err), (404, "NOT_FOUND".into()), "{which}");
    }
    // A query parameter missing on the wire: the gateway names it.
    let path = format!(
        "/v3/marketing/partner/product-coupon/users/{}/coupons/{}",
        seed::OPENID,
        seed::COUPON_CODE
    );
    let err = client
        .call(
            Method::Get,
            &path,
            &[("product_coupon_id", seed::PRODUCT_COUPON_ID)],
            None,
        )
        .expect_err("missing");
    assert_eq!(api(&err), (400, "PARAM_ERROR".into()));
    assert!(err.to_string().contains("stock_id"), "{err}");
}

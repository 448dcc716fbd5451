//! `send_coupon`: idempotency by `send_request_no`, coupon codes, lookups and rules.

use super::*;

#[test]
fn sends_are_idempotent_by_send_request_no() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let req = seed::send_request("MCHSEND_IDEM_001").unwrap();
    let first = client.send_coupon(&req).expect("send");
    let second = client.send_coupon(&req).expect("the same send again");
    assert_eq!(
        first.parse().expect("parse").coupon_code,
        second.parse().expect("parse").coupon_code
    );
    let mut changed = req.clone();
    changed.attach = Some("other".into());
    let err = client
        .send_coupon(&changed)
        .expect_err("same number, other data");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
}

#[test]
fn parse_owned_gives_the_owned_coupon_in_one_step() -> Result<(), Error> {
    let sandbox = Sandbox::start()?;
    let client = client(&sandbox);
    let r = seed::send_request("MCHSEND_OWNED_01")?;
    // `client.send_coupon(&r)?.parse()?` does not compile (E0716: the view would borrow the
    // temporary response); the owned form needs no binding.
    let sent = client.send_coupon(&r)?.parse_owned()?;
    let _: &wechatpay_product_coupon::model::UserCoupon = &sent;
    assert_eq!(sent.send_request_no, "MCHSEND_OWNED_01");
    assert_eq!(sent.coupon_state.as_str(), "CONFIRMING");
    // The same values as the borrowed view of the same answer (the send is idempotent).
    let again = client.send_coupon(&r)?;
    let view = again.parse()?;
    assert_eq!(sent.coupon_code.as_str(), view.coupon_code.as_str());
    // It outlives every response, and confirms with a typed code.
    let coupon = r.coupon_ref(sent.coupon_code.as_str().parse()?);
    client.confirm_coupon(&ConfirmCouponRequest::new(
        coupon,
        "MCHCONF_OWNED_01".parse()?,
    ))?;
    Ok(())
}

#[test]
fn coupon_code_is_for_api_assign_stocks_only() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    // A WECHATPAY stock refuses a code.
    let mut req = seed::send_request("MCHSEND_CODE_001").unwrap();
    req.coupon_code = Some("MY_CODE_1".parse().unwrap());
    assert_eq!(
        api(&client.send_coupon(&req).expect_err("code")),
        (400, "PARAM_ERROR".into())
    );
    // An API_ASSIGN stock needs one, and uses it.
    let mut req = seed::send_request("MCHSEND_CODE_002").unwrap();
    req.stock_id = seed::ASSIGN_STOCK_ID.parse().unwrap();
    assert_eq!(
        api(&client.send_coupon(&req).expect_err("no code")),
        (400, "PARAM_ERROR".into())
    );
    req.coupon_code = Some("MY_CODE_1".parse().unwrap());
    let sent = client.send_coupon(&req).expect("send with code");
    assert_eq!(sent.parse().expect("parse").coupon_code, "MY_CODE_1");
    // The same code again (another send) already exists.
    let mut dup = req.clone();
    dup.send_request_no = "MCHSEND_CODE_003".parse().unwrap();
    assert_eq!(
        api(&client.send_coupon(&dup).expect_err("dup")),
        (400, "ALREADY_EXISTS".into())
    );
    // The example's UPLOAD stock has no codes left in the sandbox.
    let mut upload = seed::send_request("MCHSEND_CODE_004").unwrap();
    upload.stock_id = seed::STOCK_ID.parse().unwrap();
    assert_eq!(
        api(&client.send_coupon(&upload).expect_err("upload")).0,
        403
    );
}

#[test]
fn send_lookups_name_what_does_not_exist() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    for (field, value) in [
        ("product_coupon_id", "999"),
        ("stock_id", "999"),
        ("brand_id", "999"),
    ] {
        let mut req = seed::send_request("MCHSEND_LOOK_01").unwrap();
        match field {
            "product_coupon_id" => req.product_coupon_id = value.parse().unwrap(),
            "stock_id" => req.stock_id = value.parse().unwrap(),
            _ => req.brand_id = value.parse().unwrap(),
        }
        let err = client.send_coupon(&req).expect_err(field);
        assert_eq!(api(&err), (404, "NOT_FOUND".into()), "{field}");
        assert!(err.to_string().contains(field), "{err}");
    }
}

#[test]
fn send_rules_are_checked_before_sending() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let field = |req: &SendCouponRequest| match client.send_coupon(req) {
        Err(Error::InvalidRequest { field, .. }) => field.to_string(),
        other => panic!("expected a validation error, got {other:?}"),
    };
    // Identifiers are checked when they are built (ids), so they never reach a call.
    let named = |r: Result<SendRequestNo, Error>| match r {
        Err(Error::InvalidRequest { field, .. }) => field.to_string(),
        other => panic!("expected a validation error, got {other:?}"),
    };
    assert_eq!(named(SendRequestNo::new("SHORT")), "send_request_no");
    assert_eq!(
        named(SendRequestNo::new("N".repeat(129))),
        "send_request_no"
    );
    assert!(CouponCode::new("has space").is_err());
    let mut req = seed::send_request(&"N".repeat(128)).unwrap();
    req.attach = Some("附".repeat(151));
    assert_eq!(field(&req), "attach");
    req.attach = Some("附\u{0}".into());
    assert_eq!(field(&req), "attach");
    req.attach = Some("附".repeat(150));
    assert!(req.validate().is_ok());
    assert!(
        client.send_coupon(&req).is_ok(),
        "128 characters and 150 of attach are fine"
    );
    assert!(
        sandbox.received_requests().len() == 1,
        "only the valid request was sent"
    );
}

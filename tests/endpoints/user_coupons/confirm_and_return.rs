//! `confirm_coupon` and `return_coupon`: the state each needs, and replays of their request
//! numbers.

use super::*;

#[test]
fn confirm_and_return_refuse_the_wrong_state_and_replay_their_number() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let coupon = send(&client, "MCHSEND_STATE_01");
    // Return of a coupon that is not USED.
    let err = client
        .return_coupon(&ReturnCouponRequest::new(
            coupon.clone(),
            "MCHRET_STATE_01".parse().unwrap(),
        ))
        .expect_err("not used");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    let confirm = ConfirmCouponRequest::new(coupon.clone(), "MCHCONF_STATE_1".parse().unwrap());
    client.confirm_coupon(&confirm).expect("confirm");
    // The same confirmation again: the first answer.
    let replay = client.confirm_coupon(&confirm).expect("replay");
    assert_eq!(
        replay.parse().expect("parse").confirm_request_no.as_deref(),
        Some("MCHCONF_STATE_1")
    );
    // Another confirmation of an EFFECTIVE coupon.
    let err = client
        .confirm_coupon(&ConfirmCouponRequest::new(
            coupon.clone(),
            "MCHCONF_STATE_2".parse().unwrap(),
        ))
        .expect_err("already confirmed");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    // Unknown coupon.
    let mut unknown = coupon.clone();
    unknown.coupon_code = "Code_NOPE".parse().unwrap();
    let err = client
        .confirm_coupon(&ConfirmCouponRequest::new(
            unknown,
            "MCHCONF_STATE_3".parse().unwrap(),
        ))
        .expect_err("unknown");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
}

//! The coupon lifecycle against the sandbox: every new endpoint's success and documented
//! errors, pagination, notifications delivered and verified, platform certificates.
#![cfg(feature = "sandbox")]

mod common;

use std::time::Duration;

use common::*;
use wechatpay_product_coupon::aead::ApiV3Key;
use wechatpay_product_coupon::api::{
    ConfirmCouponRequest, GetNotifyConfigRequest, GetProductCouponRequest, GetUserCouponRequest,
    ListUserCouponsRequest, ReturnCouponRequest, SendCouponRequest, SetNotifyConfigRequest,
    UpdateProductCouponRequest, UserCouponRef,
};
use wechatpay_product_coupon::model::NotificationEvent;
use wechatpay_product_coupon::notify::NotificationReply;
use wechatpay_product_coupon::sandbox::{self, seed, Sandbox};
use wechatpay_product_coupon::{Client, Error, ErrorKind, Method, RetryPolicy};

fn client(sandbox: &Sandbox) -> Client {
    sandbox
        .client_builder()
        .and_then(|b| {
            b.apiv3_key(ApiV3Key::new(sandbox::TEST_APIV3_KEY)?)
                .retry_policy(RetryPolicy::none())
                .build()
        })
        .expect("sandbox client")
}

/// `(status, code)` of an API error.
fn api(err: &Error) -> (u16, String) {
    let api = err
        .api_error()
        .unwrap_or_else(|| panic!("not an API error: {err}"));
    (api.status, api.code.clone())
}

/// Sends a coupon of the send stock and returns its reference.
fn send(client: &Client, send_request_no: &str) -> UserCouponRef {
    let req = seed::send_request(send_request_no);
    let sent = client.send_coupon(&req).expect("send");
    let code = sent.parse().expect("parse").coupon_code.to_string();
    req.coupon_ref(code)
}

fn state(client: &Client, coupon: &UserCouponRef) -> String {
    let got = client
        .get_user_coupon(&GetUserCouponRequest::new(coupon.clone()))
        .expect("query");
    got.parse().expect("parse").coupon_state.to_string()
}

fn use_req(coupon: &UserCouponRef, no: &str) -> wechatpay_product_coupon::api::UseCouponRequest {
    let mut req = seed::use_request(&coupon.coupon_code, no);
    req.stock_id = coupon.stock_id.clone();
    req
}

// ---------------------------------------------------------------------------------------------
// send, confirm, use, return, query
// ---------------------------------------------------------------------------------------------

#[test]
fn a_coupon_goes_through_send_confirm_use_return() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let mut req = seed::send_request("MCHSEND_LIFE_0001");
    req.attach = Some("订单 42".into());
    let sent = client.send_coupon(&req).expect("send");
    let sent = sent.parse().expect("parse");
    assert_eq!(sent.coupon_state.as_str(), "CONFIRMING");
    assert_eq!(sent.send_request_no, "MCHSEND_LIFE_0001");
    assert_eq!(sent.attach.as_deref(), Some("订单 42"));
    assert!(sent.confirm_request_no.is_none());
    assert_eq!(sent.stock.stock_id, seed::SEND_STOCK_ID);
    let coupon = req.coupon_ref(sent.coupon_code.as_str());

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
            "MCHCONF_LIFE_01",
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
        .return_coupon(&ReturnCouponRequest::new(coupon.clone(), "MCHRET_LIFE_01"))
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

#[test]
fn sends_are_idempotent_by_send_request_no() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let req = seed::send_request("MCHSEND_IDEM_001");
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
fn coupon_code_is_for_api_assign_stocks_only() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    // A WECHATPAY stock refuses a code.
    let mut req = seed::send_request("MCHSEND_CODE_001");
    req.coupon_code = Some("MY_CODE_1".into());
    assert_eq!(
        api(&client.send_coupon(&req).expect_err("code")),
        (400, "PARAM_ERROR".into())
    );
    // An API_ASSIGN stock needs one, and uses it.
    let mut req = seed::send_request("MCHSEND_CODE_002");
    req.stock_id = seed::ASSIGN_STOCK_ID.into();
    assert_eq!(
        api(&client.send_coupon(&req).expect_err("no code")),
        (400, "PARAM_ERROR".into())
    );
    req.coupon_code = Some("MY_CODE_1".into());
    let sent = client.send_coupon(&req).expect("send with code");
    assert_eq!(sent.parse().expect("parse").coupon_code, "MY_CODE_1");
    // The same code again (another send) already exists.
    let mut dup = req.clone();
    dup.send_request_no = "MCHSEND_CODE_003".into();
    assert_eq!(
        api(&client.send_coupon(&dup).expect_err("dup")),
        (400, "ALREADY_EXISTS".into())
    );
    // The example's UPLOAD stock has no codes left in the sandbox.
    let mut upload = seed::send_request("MCHSEND_CODE_004");
    upload.stock_id = seed::STOCK_ID.into();
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
        let mut req = seed::send_request("MCHSEND_LOOK_01");
        match field {
            "product_coupon_id" => req.product_coupon_id = value.into(),
            "stock_id" => req.stock_id = value.into(),
            _ => req.brand_id = value.into(),
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
    let mut req = seed::send_request("SHORT");
    assert_eq!(field(&req), "send_request_no");
    req.send_request_no = "N".repeat(129);
    assert_eq!(field(&req), "send_request_no");
    req.send_request_no = "N".repeat(128);
    req.attach = Some("附".repeat(151));
    assert_eq!(field(&req), "attach");
    req.attach = Some("附".repeat(150));
    req.coupon_code = Some("has space".into());
    assert_eq!(field(&req), "coupon_code");
    req.coupon_code = None;
    assert!(
        client.send_coupon(&req).is_ok(),
        "128 characters and 150 of attach are fine"
    );
    assert!(
        sandbox.received_requests().len() == 1,
        "only the valid request was sent"
    );
}

#[test]
fn confirm_and_return_refuse_the_wrong_state_and_replay_their_number() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let coupon = send(&client, "MCHSEND_STATE_01");
    // Return of a coupon that is not USED.
    let err = client
        .return_coupon(&ReturnCouponRequest::new(coupon.clone(), "MCHRET_STATE_01"))
        .expect_err("not used");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    let confirm = ConfirmCouponRequest::new(coupon.clone(), "MCHCONF_STATE_1");
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
            "MCHCONF_STATE_2",
        ))
        .expect_err("already confirmed");
    assert_eq!(api(&err), (400, "INVALID_REQUEST".into()));
    // Unknown coupon.
    let mut unknown = coupon.clone();
    unknown.coupon_code = "Code_NOPE".into();
    let err = client
        .confirm_coupon(&ConfirmCouponRequest::new(unknown, "MCHCONF_STATE_3"))
        .expect_err("unknown");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
}

#[test]
fn query_checks_every_identifier() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let coupon = seed::coupon(seed::COUPON_CODE);
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
            "stock_id" => wrong.stock_id = "1".into(),
            "appid" => wrong.appid = "wx0".into(),
            _ => wrong.coupon_code = "Code_NONE".into(),
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

// ---------------------------------------------------------------------------------------------
// list and pagination
// ---------------------------------------------------------------------------------------------

#[test]
fn pages_are_fetched_lazily_and_stop_on_the_last() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let openid = "oPAGES0000000000000000000001";
    let codes: Vec<String> = (0..45).map(|i| format!("Code_PAGE_{i:03}")).collect();
    for code in &codes {
        sandbox.issue_coupon(openid, code);
    }
    let mut req = ListUserCouponsRequest::new(openid, seed::APPID, seed::BRAND_ID);
    req.page_size = Some(20);
    sandbox.clear_received();
    let mut pages = client.user_coupon_pages(req.clone());
    let first = pages.next().expect("a first page").expect("page 1");
    assert_eq!(
        sandbox.received_requests().len(),
        1,
        "one call per page, no prefetch"
    );
    let first = first.parse().expect("parse");
    assert_eq!(first.total_count, Some(45));
    assert_eq!(first.user_coupon_list.len(), 20);
    let mut seen: Vec<String> = first
        .user_coupon_list
        .iter()
        .map(|c| c.coupon_code.to_string())
        .collect();
    let mut sizes = vec![20];
    for page in pages {
        let page = page.expect("page");
        let page = page.parse().expect("parse");
        sizes.push(page.user_coupon_list.len());
        seen.extend(
            page.user_coupon_list
                .iter()
                .map(|c| c.coupon_code.to_string()),
        );
    }
    assert_eq!(sizes, [20, 20, 5]);
    assert_eq!(seen, codes, "every coupon once, in issue order");
    assert_eq!(sandbox.received_requests().len(), 3);
    let targets: Vec<String> = sandbox
        .received_requests()
        .iter()
        .map(|r| r.target.clone())
        .collect();
    assert!(!targets[0].contains("page_token"));
    assert!(targets[1].contains("page_token=SBXPAGE20"), "{targets:?}");
}

#[test]
fn pages_stop_with_an_error_when_a_page_names_itself_as_the_next() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let openid = "oPAGES0000000000000000000002";
    for i in 0..3 {
        sandbox.issue_coupon(openid, &format!("Code_LOOP_{i:03}"));
    }
    let mut req = ListUserCouponsRequest::new(openid, seed::APPID, seed::BRAND_ID);
    req.page_size = Some(2);
    let mut pages = client.user_coupon_pages(req);
    let first = pages.next().expect("page 1").expect("page 1");
    let token = first
        .parse()
        .expect("parse")
        .next_page_token
        .map(|t| t.to_string());
    assert_eq!(token.as_deref(), Some("SBXPAGE2"));
    // A server answering page 2 with page 2's own token would make a naive loop spin forever.
    sandbox.push_fault(sandbox::Fault::Body(
        r#"{"total_count":3,"user_coupon_list":[],"next_page_token":"SBXPAGE2"}"#.into(),
    ));
    let err = pages
        .next()
        .expect("an item for page 2")
        .expect_err("a repeated token");
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("SBXPAGE2"), "{err}");
    assert!(pages.next().is_none(), "the iterator ends after the error");
}

#[test]
fn list_filters_reflect_the_states() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let sent = send(&client, "MCHSEND_LIST_001");
    client
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE_LIST_01"))
        .expect("use");
    let list = |state: Option<&str>, stock: Option<&str>| -> Vec<String> {
        let mut req = ListUserCouponsRequest::new(seed::OPENID, seed::APPID, seed::BRAND_ID);
        req.coupon_state = state.map(Into::into);
        req.stock_id = stock.map(Into::into);
        let page = client.list_user_coupons(&req).expect("list");
        let page = page.parse().expect("parse");
        assert!(page.next_page_token.is_none());
        page.user_coupon_list
            .iter()
            .map(|c| c.coupon_code.to_string())
            .collect()
    };
    assert_eq!(
        list(None, None),
        [
            seed::COUPON_CODE,
            seed::SECOND_COUPON_CODE,
            sent.coupon_code.as_str()
        ]
    );
    assert_eq!(list(Some("USED"), None), [seed::COUPON_CODE]);
    assert_eq!(list(Some("EFFECTIVE"), None), [seed::SECOND_COUPON_CODE]);
    assert_eq!(list(Some("CONFIRMING"), None), [sent.coupon_code.as_str()]);
    assert_eq!(
        list(None, Some(seed::SEND_STOCK_ID)),
        [sent.coupon_code.as_str()]
    );
    // Another brand or AppID sees nothing.
    let other = ListUserCouponsRequest::new(seed::OPENID, "wx0000", seed::BRAND_ID);
    let page = client.list_user_coupons(&other).expect("list");
    assert_eq!(page.parse().expect("parse").total_count, Some(0));
}

#[test]
fn list_rules_are_checked_on_both_sides() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let mut req = ListUserCouponsRequest::new(seed::OPENID, seed::APPID, seed::BRAND_ID);
    for size in [0, 51] {
        req.page_size = Some(size);
        assert!(matches!(
            client.list_user_coupons(&req),
            Err(Error::InvalidRequest { field, .. }) if field == "page_size"
        ));
    }
    let path = format!(
        "/v3/marketing/partner/product-coupon/users/{}/coupons",
        seed::OPENID
    );
    let base = [("appid", seed::APPID), ("brand_id", seed::BRAND_ID)];
    for extra in [
        ("page_size", "51"),
        ("page_token", "nonsense"),
        ("page_size", "x"),
    ] {
        let query = [base[0], base[1], extra];
        let err = client
            .call(Method::Get, &path, &query, None)
            .expect_err("refused");
        assert_eq!(api(&err), (400, "PARAM_ERROR".into()), "{extra:?}");
    }
    let err = client
        .call(Method::Get, &path, &[("appid", seed::APPID)], None)
        .expect_err("brand_id missing");
    assert!(err.to_string().contains("brand_id"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// product coupon: get, edit one field, update
// ---------------------------------------------------------------------------------------------

#[test]
fn change_the_name_is_get_edit_update() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let get = GetProductCouponRequest::new(seed::PRODUCT_COUPON_ID, seed::BRAND_ID);
    let before = client.get_product_coupon(&get).expect("get");
    let before = before.parse().expect("parse");
    let mut req = UpdateProductCouponRequest::from_product_coupon(&before, "MCHUPD_NAME_001")
        .expect("convertible");
    req.display_info.name = "改名后的商品券".into();
    client.update_product_coupon(&req).expect("update");
    let after = client.get_product_coupon(&get).expect("get");
    let after = after.parse().expect("parse");
    assert_eq!(after.display_info.name, "改名后的商品券");
    assert_eq!(after.display_info.image_url, before.display_info.image_url);
    assert_eq!(
        after.display_info.background_url,
        before.display_info.background_url
    );
    assert_eq!(
        after.display_info.detail_image_url_list,
        before.display_info.detail_image_url_list
    );
    assert_eq!(
        after.display_info.original_price,
        before.display_info.original_price
    );

    let err = client
        .get_product_coupon(&GetProductCouponRequest::new("999", seed::BRAND_ID))
        .expect_err("unknown");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    let err = client
        .get_product_coupon(&GetProductCouponRequest::new(
            seed::PRODUCT_COUPON_ID,
            "999",
        ))
        .expect_err("other brand");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
}

// ---------------------------------------------------------------------------------------------
// notify URL and notifications
// ---------------------------------------------------------------------------------------------

#[test]
fn the_notify_url_is_set_read_and_checked() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let err = client
        .get_notify_config(&GetNotifyConfigRequest::new())
        .expect_err("none set yet");
    assert_eq!(api(&err), (404, "NOT_FOUND".into()));
    let set = client
        .set_notify_config(&SetNotifyConfigRequest::new(
            "https://example.com/wxpay/coupon",
        ))
        .expect("set");
    assert!(set.parse().expect("parse").update_time.is_some());
    let got = client
        .get_notify_config(&GetNotifyConfigRequest::new())
        .expect("get");
    assert_eq!(
        got.parse().expect("parse").notify_url,
        "https://example.com/wxpay/coupon"
    );
    // Refused by the client, and by the gateway when sent anyway.
    let too_long = format!("https://example.com/{}", "n".repeat(237));
    assert_eq!(too_long.chars().count(), 257);
    for bad in [
        "http://example.com/n",
        "https://example.com/n?x=1",
        "ftp://example.com",
        too_long.as_str(),
    ] {
        assert!(matches!(
            client.set_notify_config(&SetNotifyConfigRequest::new(bad)),
            Err(Error::InvalidRequest { .. })
        ));
        let body = serde_json::json!({ "notify_url": bad }).to_string();
        let err = client
            .call(
                Method::Post,
                "/v3/marketing/partner/product-coupon/notify-configs",
                &[],
                Some(body.as_bytes()),
            )
            .expect_err(bad);
        assert_eq!(api(&err), (400, "PARAM_ERROR".into()), "{bad}");
    }
}

#[test]
fn a_send_notifies_and_the_notification_verifies_and_confirms() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let receiver = Receiver::start(vec![]);
    client
        .set_notify_config(&SetNotifyConfigRequest::new(receiver.url.as_str()))
        .expect("set notify URL");
    let sent = send(&client, "MCHSEND_NOTIFY_01");
    let got = receiver.wait_for(1);
    assert_eq!(got.len(), 1, "one notification");
    let n = &got[0];
    assert!(n
        .pairs()
        .any(|(k, v)| k == "wechatpay-serial" && v == sandbox::PUBLIC_KEY_ID.as_bytes()));
    let notification = client
        .parse_notification(n.pairs(), &n.body)
        .expect("verified");
    assert_eq!(notification.event_type, "PRODUCT_COUPON_SP.SEND");
    assert_eq!(notification.id.len(), 36);
    let NotificationEvent::CouponSent(event) = &notification.event else {
        panic!("{:?}", notification.event);
    };
    assert_eq!(event.coupon_code, sent.coupon_code.as_str());
    assert_eq!(event.send_request_no, "MCHSEND_NOTIFY_01");
    // Confirm from the notification alone.
    let coupon = UserCouponRef::from(event.as_ref());
    assert_eq!(coupon, sent);
    client
        .confirm_coupon(&ConfirmCouponRequest::new(
            coupon.clone(),
            "MCHCONF_NOTIFY1",
        ))
        .expect("confirm");
    assert_eq!(state(&client, &coupon), "EFFECTIVE");
    // A replayed send does not notify again.
    send(&client, "MCHSEND_NOTIFY_01");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(receiver.received().len(), 1);
    // The delivery record.
    let deliveries = sandbox.notification_deliveries();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].id, notification.id);
    assert!(deliveries[0].delivered);
}

#[test]
fn failed_deliveries_are_retried_with_the_same_id_and_a_fresh_signature() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let receiver = Receiver::start(vec![500, 503]);
    client
        .set_notify_config(&SetNotifyConfigRequest::new(receiver.url.as_str()))
        .expect("set");
    send(&client, "MCHSEND_RETRY_01");
    let got = receiver.wait_for(3);
    assert_eq!(got.len(), 3);
    let ids: Vec<String> = got
        .iter()
        .map(|n| {
            client
                .parse_notification(n.pairs(), &n.body)
                .expect("each copy verifies")
                .id
        })
        .collect();
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "deduplicate by id: {ids:?}"
    );
    let nonce = |n: &ReceivedNotification| {
        n.headers
            .iter()
            .find(|(k, _)| k == "wechatpay-nonce")
            .map(|(_, v)| v.clone())
    };
    assert_ne!(nonce(&got[0]), nonce(&got[1]));
    let delivery = loop {
        let d = sandbox.notification_deliveries();
        if d[0].finished {
            break d[0].clone();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(delivery.attempts, [Ok(500), Ok(503), Ok(204)]);
    assert!(delivery.delivered);
}

#[test]
fn deliveries_stop_after_the_bounded_retries() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let receiver = Receiver::start(vec![500; 10]);
    client
        .set_notify_config(&SetNotifyConfigRequest::new(receiver.url.as_str()))
        .expect("set");
    send(&client, "MCHSEND_GIVEUP_1");
    let delivery = loop {
        let d = sandbox.notification_deliveries();
        if d[0].finished {
            break d[0].clone();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(delivery.attempts.len(), 1 + sandbox::RETRY_DELAYS.len());
    assert!(!delivery.delivered);
    assert_eq!(receiver.received().len(), 1 + sandbox::RETRY_DELAYS.len());
}

#[test]
fn a_notification_with_the_wrong_apiv3_key_is_refused_with_a_500_reply() {
    let sandbox = Sandbox::start().expect("sandbox");
    let setter = client(&sandbox);
    let receiver = Receiver::start(vec![]);
    setter
        .set_notify_config(&SetNotifyConfigRequest::new(receiver.url.as_str()))
        .expect("set");
    send(&setter, "MCHSEND_WRONGKEY");
    let n = receiver.wait_for(1).remove(0);
    let wrong = sandbox
        .client_builder()
        .and_then(|b| b.apiv3_key(ApiV3Key::new([b'k'; 32])?).build())
        .expect("client");
    let result = wrong.parse_notification(n.pairs(), &n.body);
    assert_eq!(
        result.as_ref().err().map(Error::kind),
        Some(ErrorKind::Notification)
    );
    assert_eq!(NotificationReply::for_result(&result).status, 500);
    // Without an APIv3 key the client says which setting is missing.
    let none = sandbox.client().expect("client");
    assert!(matches!(
        none.parse_notification(n.pairs(), &n.body),
        Err(Error::Config {
            setting: "apiv3_key",
            ..
        })
    ));
}

// ---------------------------------------------------------------------------------------------
// platform certificates
// ---------------------------------------------------------------------------------------------

/// A certificate-mode client that knows no certificate yet, only the APIv3 key.
fn bootstrap_builder(
    sandbox: &Sandbox,
    apiv3_key: &[u8],
) -> wechatpay_product_coupon::ClientBuilder {
    Client::builder()
        .mchid(sandbox::MCHID)
        .merchant_serial(sandbox::MERCHANT_SERIAL)
        .private_key(
            wechatpay_product_coupon::MerchantPrivateKey::from_pem(
                sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM,
            )
            .expect("key"),
        )
        .base_url(sandbox.base_url())
        .retry_policy(RetryPolicy::none())
        .apiv3_key(ApiV3Key::new(apiv3_key).expect("32 bytes"))
}

fn bootstrap_client(sandbox: &Sandbox, refresh: Option<Duration>) -> Client {
    let mut builder = bootstrap_builder(sandbox, sandbox::TEST_APIV3_KEY.as_bytes());
    if let Some(interval) = refresh {
        builder = builder.refresh_certificates(interval);
    }
    builder
        .build()
        .expect("a client with only an APIv3 key builds")
}

fn certificate_downloads(sandbox: &Sandbox) -> usize {
    sandbox
        .received_requests()
        .iter()
        .filter(|r| r.target == "/v3/certificates")
        .count()
}

#[test]
fn certificates_download_decrypt_verify_and_install() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = bootstrap_client(&sandbox, None);
    // Without the certificate, responses cannot be verified.
    let err = client
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE_CERT_001"))
        .expect_err("unknown serial");
    assert_eq!(err.kind(), ErrorKind::Verification);
    let certs = client.download_platform_certificates().expect("download");
    assert_eq!(certs.len(), 1);
    assert_eq!(certs[0].serial(), sandbox::PLATFORM_SERIAL);
    let installed = client.refresh_platform_certificates().expect("refresh");
    let serials: Vec<&str> = installed.iter().map(|c| c.serial()).collect();
    assert_eq!(serials, [sandbox::PLATFORM_SERIAL]);
    let used = client
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE_CERT_001"))
        .expect("verified with the downloaded certificate");
    assert_eq!(used.parse().expect("parse").coupon_state.as_str(), "USED");
}

#[test]
fn a_tampered_download_or_the_wrong_apiv3_key_is_refused() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = bootstrap_client(&sandbox, None);
    sandbox.push_fault(sandbox::Fault::TamperBody);
    let err = client
        .download_platform_certificates()
        .expect_err("tampered");
    assert_eq!(err.kind(), ErrorKind::Verification, "{err}");
    assert!(
        err.to_string().starts_with("download_certificates"),
        "{err}"
    );

    let wrong = bootstrap_builder(&sandbox, &[b'w'; 32])
        .build()
        .expect("client");
    let err = wrong
        .download_platform_certificates()
        .expect_err("wrong key");
    assert_eq!(err.kind(), ErrorKind::Key);
    assert!(err.to_string().contains("APIv3 key"), "{err}");
}

#[test]
fn an_expired_certificate_is_refused_with_its_dates() {
    let sandbox = Sandbox::start().expect("sandbox");
    // 101 years later: the sandbox certificate (valid until 2126) has expired.
    let skew = 101 * 366 * 86_400;
    sandbox.set_clock_skew(skew);
    let now = move || time::OffsetDateTime::now_utc().unix_timestamp() + skew;
    let client = bootstrap_builder(&sandbox, sandbox::TEST_APIV3_KEY.as_bytes())
        .clock(now)
        .build()
        .expect("client");
    let err = client
        .download_platform_certificates()
        .expect_err("expired");
    let text = err.to_string();
    assert_eq!(err.kind(), ErrorKind::Key, "{text}");
    assert!(text.contains(sandbox::PLATFORM_SERIAL), "{text}");
    assert!(text.contains("expired on 2126-"), "{text}");
    assert!(text.contains("valid from 2026-"), "{text}");
}

#[test]
fn the_optional_refresh_runs_on_an_unknown_serial_at_most_once_per_interval() {
    let sandbox = Sandbox::start().expect("sandbox");
    // Off by default: no download happens on its own.
    let off = bootstrap_client(&sandbox, None);
    let lookup = GetUserCouponRequest::new(seed::coupon(seed::COUPON_CODE));
    assert!(off.get_user_coupon(&lookup).is_err());
    assert_eq!(certificate_downloads(&sandbox), 0);

    // On: building downloads nothing; the first unknown serial refreshes, then it verifies.
    let on = bootstrap_client(&sandbox, Some(Duration::from_secs(3600)));
    assert_eq!(certificate_downloads(&sandbox), 0, "never in build()");
    let used = on
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE_REFR_002"))
        .expect("refreshed, then verified");
    assert_eq!(used.parse().expect("parse").coupon_state.as_str(), "USED");
    assert_eq!(certificate_downloads(&sandbox), 1);
    // Another unknown serial within the interval: no second download.
    sandbox.push_fault(sandbox::Fault::UnknownSerial);
    let err = on
        .use_coupon(&seed::use_request(
            seed::SECOND_COUPON_CODE,
            "MCHUSE_REFR_003",
        ))
        .expect_err("still unknown");
    assert_eq!(err.kind(), ErrorKind::Verification);
    assert_eq!(certificate_downloads(&sandbox), 1);
}

#[test]
fn a_refresh_interval_under_a_second_is_refused() {
    let sandbox = Sandbox::start().expect("sandbox");
    let err = sandbox
        .client_builder()
        .and_then(|b| {
            b.apiv3_key(ApiV3Key::new(sandbox::TEST_APIV3_KEY)?)
                .refresh_certificates(Duration::from_millis(10))
                .build()
        })
        .expect_err("too short");
    assert!(matches!(
        err,
        Error::Config {
            setting: "refresh_certificates",
            ..
        }
    ));
    // Duration::MAX is a valid "practically never again".
    assert!(sandbox
        .client_builder()
        .and_then(|b| {
            b.apiv3_key(ApiV3Key::new(sandbox::TEST_APIV3_KEY)?)
                .refresh_certificates(Duration::MAX)
                .build()
        })
        .is_ok());
}

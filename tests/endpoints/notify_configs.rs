//! Notification settings: `set_notify_config` and `get_notify_config`, and the notifications
//! the sandbox delivers to the configured URL (verified, decrypted, retried, bounded).

use super::*;

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
    let coupon = UserCouponRef::try_from(event.as_ref()).unwrap();
    assert_eq!(coupon, sent);
    client
        .confirm_coupon(&ConfirmCouponRequest::new(
            coupon.clone(),
            "MCHCONF_NOTIFY1".parse().unwrap(),
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
    let none = Client::builder()
        .mchid(sandbox::MCHID)
        .merchant_serial(sandbox::MERCHANT_SERIAL)
        .private_key(
            MerchantPrivateKey::from_pem(sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM).expect("key"),
        )
        .wechatpay_public_key(
            WechatPayPublicKey::from_pem(
                sandbox::PUBLIC_KEY_ID,
                sandbox::TEST_WECHATPAY_PUBLIC_KEY_PEM,
            )
            .expect("key"),
        )
        .base_url(sandbox.base_url())
        .build()
        .expect("client");
    assert!(matches!(
        none.parse_notification(n.pairs(), &n.body),
        Err(Error::Config {
            setting: "apiv3_key",
            ..
        })
    ));
}

/// `Sandbox::client()` carries the sandbox's test APIv3 key: a notification the sandbox
/// delivered is parsed with no setting added. The certificate-mode builder carries it too:
/// its client downloads (and decrypts) the platform certificates as it is.
#[test]
fn a_sandbox_client_parses_the_sandboxs_notifications_as_it_is() {
    let sandbox = Sandbox::start().expect("sandbox");
    let receiver = Receiver::start(vec![]);
    let client = sandbox.client().expect("client");
    client
        .set_notify_config(&SetNotifyConfigRequest::new(receiver.url.as_str()))
        .expect("set");
    let sent = send(&client, "MCHSEND_PLAINCLIENT");
    let n = receiver.wait_for(1).remove(0);
    let notification = client
        .parse_notification(n.pairs(), &n.body)
        .expect("parsed without setting the APIv3 key");
    match &notification.event {
        NotificationEvent::CouponSent(event) => {
            assert_eq!(event.coupon_code.as_str(), sent.coupon_code)
        }
        other => panic!("not a send: {other:?}"),
    }
    let certificate_mode = sandbox
        .certificate_mode_client_builder()
        .and_then(|b| b.build())
        .expect("client");
    let downloaded = certificate_mode
        .download_platform_certificates()
        .expect("decrypted with the sandbox's APIv3 key");
    assert_eq!(downloaded[0].serial(), sandbox::PLATFORM_SERIAL);
}

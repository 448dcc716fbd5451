//! Accepted variants, and what to answer.

use super::*;

// ---------------------------------------------------------------------------------------------
// Accepted variants
// ---------------------------------------------------------------------------------------------

#[test]
fn an_empty_or_absent_associated_data_is_accepted() {
    for aad in [None, Some("")] {
        let body = envelope(
            "PRODUCT_COUPON_SP.SEND",
            &resource("0123456789ab", aad, &send_plaintext()),
        );
        let n = Request::signed(&body, TS).parse(TS).expect("accepted");
        assert!(matches!(n.event, NotificationEvent::CouponSent(_)));
    }
}

#[test]
fn image_generation_is_typed_and_unknown_events_come_back_as_json() {
    let plain = r#"{"brand_id":"120344","task_id":"T-1","image_generation_type":"CUT_OUT","task_state":"SUCCESS","cut_out_result":{"image_url":"https://img/1.png"}}"#;
    let body = envelope(
        "PRODUCT_COUPON_SP.IMAGE_GENERATION",
        &resource("0123456789ab", Some("product_coupon"), plain),
    );
    let n = Request::signed(&body, TS).parse(TS).expect("accepted");
    let NotificationEvent::ImageGeneration(task) = &n.event else {
        panic!("{:?}", n.event);
    };
    assert_eq!(task.task_id, "T-1");
    let url = task
        .cut_out_result
        .as_ref()
        .and_then(|r| r.image_url.as_ref());
    assert_eq!(url.map(|u| u.as_str()), Some("https://img/1.png"));

    let plain = r#"{"coupon_code":"C1","whatever":[1,2]}"#;
    let body = envelope(
        "PRODUCT_COUPON_SP.USE",
        &resource("0123456789ab", Some("product_coupon"), plain),
    );
    let n = Request::signed(&body, TS)
        .parse(TS)
        .expect("an unknown event is no error");
    match &n.event {
        NotificationEvent::Other { event_type, json } => {
            assert_eq!(event_type, "PRODUCT_COUPON_SP.USE");
            assert_eq!(json["whatever"][1], 2);
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// What to answer
// ---------------------------------------------------------------------------------------------

#[test]
fn the_reply_helper_maps_each_outcome_to_a_status_and_body() {
    let ok = Request::vector().parse(TS);
    assert_eq!(
        NotificationReply::for_result(&ok),
        NotificationReply::success()
    );
    let cases: [(Result<Notification, Error>, u16); 4] = [
        (Request::vector().without("Wechatpay-Nonce").parse(TS), 401),
        (Request::vector().parse(TS + 600), 401),
        (Request::signed("{}", TS).parse(TS), 400),
        (
            Request::vector().parse_with(&keys(), &ApiV3Key::new([7u8; 32]).expect("key"), TS),
            500,
        ),
    ];
    for (result, status) in cases {
        let reply = NotificationReply::for_result(&result);
        assert_eq!(reply.status, status, "{result:?}");
        let body: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON body");
        assert_eq!(body["code"], "FAIL");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert_eq!(reply.content_type(), Some("application/json"));
    }
}

#[test]
fn apiv3_keys_of_the_wrong_length_are_refused_without_echoing_them() {
    let err = ApiV3Key::new("testAPIv3Key0000").expect_err("16 bytes is AES-128, refused");
    let text = err.to_string();
    assert!(text.contains("16 bytes"), "{text}");
    assert!(!text.contains("testAPIv3Key0000"), "{text}");
    assert_eq!(format!("{:?}", apiv3_key()), "ApiV3Key(..)");
}

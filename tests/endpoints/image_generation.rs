//! 图片生成任务: create (E23) and query (E24) an image-generation task, its completion after
//! the sandbox's delay (sandbox time), and the `PRODUCT_COUPON_SP.IMAGE_GENERATION`
//! notification, parsed by the client like the SEND one.

use super::*;
use wechatpay_product_coupon::api::{
    CombineImage, CombineImageScope, CreateImageGenerationTaskRequest,
    GetImageGenerationTaskRequest, ImageGenerationKind, UploadImageRequest,
};
use wechatpay_product_coupon::model::{
    ImageGenerationTaskState, ImageGenerationType, NormalCouponUsageRule,
};

const BRAND: &str = "120344";

/// 满100减0.01, as in the community example.
fn combine(task_id: &str) -> CreateImageGenerationTaskRequest {
    let mut rule = NormalCouponUsageRule::default();
    (rule.threshold, rule.discount_amount) = (Some(10000), Some(1));
    CreateImageGenerationTaskRequest::combine_image(
        BRAND.parse().unwrap(),
        task_id.parse().unwrap(),
        CombineImage::normal(CombineImageScope::All, rule).background_color("#ff5733"),
    )
}

fn query(task_id: &str, kind: ImageGenerationKind) -> GetImageGenerationTaskRequest {
    GetImageGenerationTaskRequest::new(task_id.parse().unwrap(), BRAND.parse().unwrap(), kind)
}

/// The community example body ([OA] / wechatpay-im website, via ENDPOINTS.md §E23; no
/// official body is published), and the official query target of E24 [D:4017327739].
#[test]
fn requests_encode_to_the_documented_examples() {
    let encoded = combine("image_generation_task_1").encode().unwrap();
    let expected: serde_json::Value = serde_json::from_str(
        r##"{"brand_id":"120344","task_id":"image_generation_task_1","image_generation_type":"COMBINE_IMAGE","combine_image":{"scope":"ALL","type":"NORMAL","usage_mode":"SINGLE","normal_coupon":{"threshold":10000,"discount_amount":1},"background_color":"#ff5733"}}"##,
    )
    .unwrap();
    let body: serde_json::Value = serde_json::from_slice(encoded.body_bytes()).unwrap();
    assert_eq!(body, expected);
    let target = query("image_generation_task_1", ImageGenerationKind::CombineImage)
        .encode()
        .unwrap()
        .target;
    assert_eq!(
        target,
        "/v3/marketing/partner/product-coupon/image-generation-tasks/image_generation_task_1?brand_id=120344&image_generation_type=COMBINE_IMAGE"
    );
}

#[test]
fn a_task_is_processing_then_succeeds_and_its_notification_parses() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.set_image_generation_delay(Duration::from_secs(1));
    let client = client(&sandbox);
    let receiver = Receiver::start(vec![]);
    client
        .set_notify_config(&SetNotifyConfigRequest::new(receiver.url.as_str()))
        .unwrap();
    let created = client
        .create_image_generation_task(&combine("IMG_TASK_01"))
        .unwrap();
    let receipt = created.parse().unwrap();
    assert_eq!(
        (receipt.task_id.as_str(), receipt.brand_id.as_str()),
        ("IMG_TASK_01", BRAND)
    );

    // Before the delay: PROCESSING, no image, nothing notified yet (the delivery is pending).
    let got = client
        .get_image_generation_task(&query("IMG_TASK_01", ImageGenerationKind::CombineImage))
        .unwrap();
    let task = got.parse().unwrap();
    assert_eq!(task.task_state, ImageGenerationTaskState::Processing);
    assert_eq!(
        task.image_generation_type,
        ImageGenerationType::CombineImage
    );
    assert!(task.image_url().is_none());
    assert!(receiver.received().is_empty());
    let pending = sandbox.notification_deliveries();
    assert_eq!(pending.len(), 1);
    assert!(pending[0].attempts.is_empty());

    // After it: the notification, signed and encrypted, parsed like the SEND one.
    let got = receiver.wait_for(1);
    assert_eq!(got.len(), 1);
    let notification = client
        .parse_notification(got[0].pairs(), &got[0].body)
        .expect("verified and decrypted");
    assert_eq!(
        notification.event_type,
        "PRODUCT_COUPON_SP.IMAGE_GENERATION"
    );
    assert_eq!(notification.original_type, "product_coupon");
    let NotificationEvent::ImageGeneration(event) = &notification.event else {
        panic!("{:?}", notification.event);
    };
    assert_eq!(event.task_id, "IMG_TASK_01");
    assert_eq!(event.brand_id.as_deref(), Some(BRAND));
    assert_eq!(
        event.image_generation_type.as_deref(),
        Some("COMBINE_IMAGE")
    );
    assert_eq!(event.task_state.as_deref(), Some("SUCCESS"));
    assert_eq!(event.state(), Some(ImageGenerationTaskState::Success));
    let notified_url = event
        .combine_image_result
        .as_ref()
        .and_then(|r| r.image_url.clone())
        .expect("the generated image");
    assert_eq!(event.image_url(), Some(notified_url.as_str()));

    // The query now answers the same image.
    let got = client
        .get_image_generation_task(&query("IMG_TASK_01", ImageGenerationKind::CombineImage))
        .unwrap();
    let task = got.parse().unwrap();
    assert_eq!(task.task_state, ImageGenerationTaskState::Success);
    assert_eq!(
        task.image_url().map(|u| u.as_str()),
        Some(notified_url.as_str())
    );
    assert!(notified_url.starts_with("https://wxpaylogo.qpic.cn/"));
}

#[test]
fn completion_follows_sandbox_time_and_without_a_notify_url_nothing_is_sent() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.set_image_generation_delay(Duration::from_secs(3600));
    let client = client(&sandbox);
    client
        .create_image_generation_task(&combine("IMG_TASK_02"))
        .unwrap();
    let state = |c: &Client| {
        c.get_image_generation_task(&query("IMG_TASK_02", ImageGenerationKind::CombineImage))
            .unwrap()
            .parse()
            .unwrap()
            .task_state
            .as_str()
            .to_owned()
    };
    assert_eq!(state(&client), "PROCESSING");
    sandbox.set_time_offset(3601);
    assert_eq!(state(&client), "SUCCESS");
    assert!(sandbox.notification_deliveries().is_empty());
}

#[test]
fn a_cut_out_of_an_uploaded_image_succeeds_and_of_an_unknown_one_fails() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.set_image_generation_delay(Duration::ZERO);
    let client = client(&sandbox);
    let upload =
        UploadImageRequest::new("product.png", b"\x89PNG\r\n\x1a\nproduct".to_vec()).unwrap();
    let image_url = client
        .upload_image(&upload)
        .unwrap()
        .parse()
        .unwrap()
        .image_url
        .to_string();
    for (task_id, url, state) in [
        ("IMG_CUT_OK", image_url.as_str(), "SUCCESS"),
        (
            "IMG_CUT_KO",
            "https://wxpaylogo.qpic.cn/never-uploaded.png",
            "FAIL",
        ),
    ] {
        let req = CreateImageGenerationTaskRequest::cut_out(
            BRAND.parse().unwrap(),
            task_id.parse().unwrap(),
            url,
        );
        client.create_image_generation_task(&req).unwrap();
        let got = client
            .get_image_generation_task(&query(task_id, ImageGenerationKind::CutOut))
            .unwrap();
        let task = got.parse().unwrap();
        assert_eq!(task.task_state.as_str(), state, "{task_id}");
        assert_eq!(task.image_generation_type, ImageGenerationType::CutOut);
        assert_eq!(task.cut_out_result.is_some(), state == "SUCCESS");
        assert!(task.combine_image_result.is_none());
    }
}

#[test]
fn the_task_id_is_the_idempotency_key() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.set_image_generation_delay(Duration::ZERO);
    let client = client(&sandbox);
    let receiver = Receiver::start(vec![]);
    client
        .set_notify_config(&SetNotifyConfigRequest::new(receiver.url.as_str()))
        .unwrap();
    let req = combine("IMG_TASK_03");
    let first = client.create_image_generation_task(&req).unwrap();
    let again = client.create_image_generation_task(&req).unwrap();
    assert_eq!(first.parse().unwrap(), again.parse().unwrap());
    receiver.wait_for(1);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        receiver.received().len(),
        1,
        "a replay creates and notifies nothing"
    );

    let mut other = req.clone();
    if let Some(image) = other.combine_image.as_mut() {
        image.background_color = Some("#000000".into());
    }
    let err = client.create_image_generation_task(&other).unwrap_err();
    assert_eq!(api(&err), (400, "INVALID_REQUEST".to_owned()));
}

#[test]
fn the_gateway_refuses_unknown_tasks_wrong_types_and_bad_bodies() {
    let sandbox = Sandbox::start().unwrap();
    let client = client(&sandbox);
    let err = client
        .get_image_generation_task(&query("IMG_NOPE_01", ImageGenerationKind::CutOut))
        .unwrap_err();
    assert_eq!(api(&err), (404, "NOT_FOUND".to_owned()));

    client
        .create_image_generation_task(&combine("IMG_TASK_04"))
        .unwrap();
    let err = client
        .get_image_generation_task(&query("IMG_TASK_04", ImageGenerationKind::CutOut))
        .unwrap_err();
    assert_eq!(api(&err), (400, "PARAM_ERROR".to_owned()));

    // Bodies the client would refuse, sent through the generic call.
    let path = "/v3/marketing/partner/product-coupon/image-generation-tasks";
    for (body, what) in [
        (
            r#"{"brand_id":"120344","task_id":"IMG_RAW_01","image_generation_type":"CUT_OUT","cut_out":{"image_url":"https://example.com/a.png"}}"#,
            "wxpaylogo.qpic.cn",
        ),
        (
            r#"{"brand_id":"120344","task_id":"IMG_RAW_02","image_generation_type":"COMBINE_IMAGE","combine_image":{"scope":"ALL","type":"NORMAL","usage_mode":"SINGLE"}}"#,
            "normal_coupon",
        ),
        (
            r#"{"brand_id":"120344","task_id":"IMG_RAW_03","image_generation_type":"CUT_OUT"}"#,
            "cut_out",
        ),
        (
            r#"{"brand_id":"120344","task_id":"x","image_generation_type":"CUT_OUT","cut_out":{"image_url":"https://wxpaylogo.qpic.cn/a"}}"#,
            "task_id",
        ),
    ] {
        let err = client
            .call(Method::Post, path, &[], Some(body.as_bytes()))
            .unwrap_err();
        let api = expect_api(err);
        assert_eq!(
            (api.status, api.code.as_str()),
            (400, "PARAM_ERROR"),
            "{body}"
        );
        assert!(api.message.contains(what), "{what}: {}", api.message);
    }
}

#[test]
fn the_client_checks_the_rules_before_sending_naming_the_field() {
    let sandbox = Sandbox::start().unwrap();
    let client = client(&sandbox);
    let cut_out = CreateImageGenerationTaskRequest::cut_out(
        BRAND.parse().unwrap(),
        "IMG_BAD_01".parse().unwrap(),
        "https://example.com/a.png",
    );
    let mut no_rule = combine("IMG_BAD_02");
    if let Some(image) = no_rule.combine_image.as_mut() {
        image.normal_coupon = None;
    }
    let mut bad_color = combine("IMG_BAD_03");
    if let Some(image) = bad_color.combine_image.as_mut() {
        image.background_color = Some("Color010".into());
    }
    let mut both = combine("IMG_BAD_04");
    both.cut_out = cut_out.cut_out.clone();
    let mut two_rules = combine("IMG_BAD_05");
    if let Some(image) = two_rules.combine_image.as_mut() {
        image.discount_coupon = Some(Default::default());
    }
    for (req, field) in [
        (cut_out, "cut_out.image_url"),
        (no_rule, "combine_image.normal_coupon"),
        (bad_color, "combine_image.background_color"),
        (both, "combine_image"),
        (two_rules, "combine_image.normal_coupon"),
    ] {
        let err = client.create_image_generation_task(&req).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest);
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
    assert!("short"
        .parse::<wechatpay_product_coupon::ids::ImageGenerationTaskId>()
        .is_err());
    assert_eq!(sandbox.requests_served(), 0, "nothing was sent");
}

#[test]
fn the_travel_forms_round_trip_and_refuse_unknown_fields() {
    let req = combine("IMG_TASK_05");
    let json = serde_json::to_value(&req).unwrap();
    assert_eq!(json["combine_image"]["type"], "NORMAL");
    let back: CreateImageGenerationTaskRequest = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, req);
    let mut typo = json;
    typo["combine_image"]["colour"] = "#ffffff".into();
    let err = serde_json::from_value::<CreateImageGenerationTaskRequest>(typo).unwrap_err();
    assert!(err.to_string().contains("colour"), "{err}");
    let q = query("IMG_TASK_05", ImageGenerationKind::CutOut);
    let json = serde_json::to_value(&q).unwrap();
    assert_eq!(json["image_generation_type"], "CUT_OUT");
    assert_eq!(
        serde_json::from_value::<GetImageGenerationTaskRequest>(json).unwrap(),
        q
    );
}

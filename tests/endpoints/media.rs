//! 媒体: the image upload, a `multipart/form-data` request whose `meta` part is what is
//! signed, end to end: encode, sign, send, the sandbox's reading of the form (the client's,
//! Python `wechatpayv3`'s and the official Go sample's shapes), the signed answer.

use super::*;
use wechatpay_product_coupon::api::UploadImageRequest;
use wechatpay_product_coupon::multipart::FilePart;

/// A tiny PNG-looking file (the sandbox checks the digest and size, not the pixels).
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0u8..=255).cycle().take(3000));
    bytes
}

fn meta_json(filename: &str, content: &[u8]) -> Vec<u8> {
    serde_json::to_vec(
        &UploadImageRequest::new(filename, content.to_vec())
            .unwrap()
            .meta,
    )
    .unwrap()
}

#[test]
fn an_image_uploads_and_the_same_bytes_get_the_same_url() {
    let sandbox = Sandbox::start().unwrap();
    let client = client(&sandbox);
    let req = UploadImageRequest::new("header.png", png()).unwrap();
    let uploaded = client.upload_image(&req).unwrap();
    let url = uploaded.parse().unwrap().image_url.to_string();
    assert!(url.starts_with("https://"), "{url}");
    assert!(url.ends_with(&req.meta.sha256), "{url}");
    let again = client.upload_image(&req).unwrap();
    assert_eq!(again.parse().unwrap().image_url, url.as_str());

    // What went over the wire: a form whose meta part is the JSON that was signed.
    let received = sandbox.received_requests();
    let last = received.last().unwrap();
    let encoded = req.encode().unwrap();
    assert_eq!(last.body, encoded.sent_body().unwrap());
    assert!(last
        .body
        .windows(encoded.body_bytes().len())
        .any(|w| w == encoded.body_bytes()));
}

#[test]
fn the_meta_part_is_what_the_signature_covers() {
    let sandbox = Sandbox::start().unwrap();
    let signer = sandbox_signer().unwrap();
    let req = UploadImageRequest::new("header.png", png()).unwrap();
    let encoded = req.encode().unwrap();
    let now = sandbox.now().unix_timestamp();
    let answer = RawRequest::signed(&signer, &encoded, now, None)
        .unwrap()
        .send(&sandbox);
    assert_eq!(answer.status, 200, "{}", answer.json());
    answer.assert_signed();

    // The same signed meta with other file bytes: the signature holds (it covers the meta),
    // and the gateway refuses the digest that no longer matches.
    let mut other = req.clone();
    other.file = FilePart::new("header.png", "image/png", b"\x89PNG other".to_vec());
    let form =
        wechatpay_product_coupon::multipart::MultipartForm::new(encoded.body_bytes(), &other.file)
            .unwrap();
    let answer = RawRequest::signed(&signer, &encoded, now, None)
        .unwrap()
        .with_body(&form.content_type(), form.body().to_vec())
        .send(&sandbox);
    assert_eq!(answer.status, 400, "{}", answer.json());
    assert_eq!(answer.json()["code"], "PARAM_ERROR");
    assert!(answer.json()["message"]
        .as_str()
        .unwrap()
        .contains("sha256"));

    // A changed meta part no longer matches the signature: 401, unsigned.
    let mut tampered = form.body().to_vec();
    let at = tampered
        .windows(10)
        .position(|w| w == b"header.png")
        .unwrap();
    tampered[at] = b'H';
    let answer = RawRequest::signed(&signer, &encoded, now, None)
        .unwrap()
        .with_body(&form.content_type(), tampered)
        .send(&sandbox);
    assert_eq!(answer.status, 401);
    answer.assert_unsigned();
}

/// Python `wechatpayv3` sends no `boundary` parameter; the official Go sample writes the
/// file part first and gives the meta part no `Content-Type`. The gateway takes both.
#[test]
fn the_form_shapes_other_sdks_send_are_accepted() {
    let sandbox = Sandbox::start().unwrap();
    let signer = sandbox_signer().unwrap();
    let content = png();
    let req = UploadImageRequest::new("header.jpg", content.clone()).unwrap();
    let encoded = req.encode().unwrap();
    assert_eq!(encoded.body_bytes(), meta_json("header.jpg", &content));
    let meta = String::from_utf8(encoded.body_bytes().to_vec()).unwrap();
    let part = |headers: &str, body: &[u8]| {
        let mut p = format!("--PyBoundary\r\n{headers}\r\n\r\n").into_bytes();
        p.extend_from_slice(body);
        p.extend_from_slice(b"\r\n");
        p
    };
    let meta_part = part(
        "Content-Disposition: form-data; name=\"meta\"",
        meta.as_bytes(),
    );
    let file_part = part(
        "Content-Disposition: form-data; name=\"file\"; filename=\"header.jpg\"\r\nContent-Type: image/jpg",
        &content,
    );
    for (content_type, first, second) in [
        ("multipart/form-data", &meta_part, &file_part), // Python: no boundary parameter
        (
            "multipart/form-data; boundary=PyBoundary",
            &file_part,
            &meta_part,
        ), // Go: file first
    ] {
        let mut body = first.clone();
        body.extend_from_slice(second);
        body.extend_from_slice(b"--PyBoundary--\r\n");
        let now = sandbox.now().unix_timestamp();
        let answer = RawRequest::signed(&signer, &encoded, now, None)
            .unwrap()
            .with_body(content_type, body)
            .send(&sandbox);
        assert_eq!(answer.status, 200, "{content_type}: {}", answer.json());
        assert!(answer.json()["image_url"]
            .as_str()
            .unwrap()
            .ends_with(&req.meta.sha256));
    }
}

#[test]
fn a_body_of_the_wrong_kind_is_refused() {
    let sandbox = Sandbox::start().unwrap();
    let client = client(&sandbox);
    // JSON to the upload endpoint.
    let err = client
        .call(
            Method::Post,
            "/v3/marketing/partner/product-coupon/media/upload-image",
            &[],
            Some(br#"{"filename":"a.png","sha256":"00"}"#),
        )
        .unwrap_err();
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (400, "INVALID_REQUEST"));
    assert!(
        api.message.contains("multipart/form-data"),
        "{}",
        api.message
    );
}

#[test]
fn upload_rules_are_checked_before_sending_naming_the_field() {
    let sandbox = Sandbox::start().unwrap();
    let client = client(&sandbox);
    let err = UploadImageRequest::new("header.gif", png()).unwrap_err();
    assert!(err.to_string().contains("meta.filename"), "{err}");

    let mut req = UploadImageRequest::new("header.png", png()).unwrap();
    req.meta.sha256 = "0".repeat(64);
    let err = client.upload_image(&req).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert!(err.to_string().contains("meta.sha256"), "{err}");

    let big = UploadImageRequest::new("big.png", vec![0; 2 * 1024 * 1024 + 1]).unwrap();
    let err = client.upload_image(&big).unwrap_err();
    assert!(err.to_string().contains("file"), "{err}");
    assert_eq!(sandbox.requests_served(), 0, "nothing was sent");
}

#[test]
fn the_travel_form_carries_the_file_as_base64_and_refuses_unknown_fields() {
    let req = UploadImageRequest::new("a.png", vec![1, 2, 3]).unwrap();
    let json = serde_json::to_value(&req).unwrap();
    assert_eq!(json["file"]["content"], "AQID");
    assert_eq!(json["meta"]["filename"], "a.png");
    let back: UploadImageRequest = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, req);
    let mut typo = json;
    typo["meta"]["file_name"] = "x".into();
    let err = serde_json::from_value::<UploadImageRequest>(typo).unwrap_err();
    assert!(err.to_string().contains("file_name"), "{err}");
}

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

/// A form part as `requests`/urllib3 and Go's `mime/multipart` both lay it out.
fn form_part(boundary: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut p = format!("--{boundary}\r\n{headers}\r\n\r\n").into_bytes();
    p.extend_from_slice(body);
    p.extend_from_slice(b"\r\n");
    p
}

/// Python `wechatpayv3` (`media.py`): `requests.post(data={'meta': meta}, files=[('file',
/// (filename, content, 'image/' + filename))])` with its own `Content-Type:
/// multipart/form-data` header, so the header has no boundary; urllib3 writes the data
/// fields first (no part `Content-Type`), then the files, under a 32-hex-digit boundary.
fn python_wechatpayv3_form(meta: &[u8], filename: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "9f1c0e3b5a7d4e2f8c6b1a0d3e5f7a9b";
    let mut body = form_part(
        boundary,
        "Content-Disposition: form-data; name=\"meta\"",
        meta,
    );
    body.extend(form_part(
        boundary,
        &format!(
            "Content-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: image/{filename}"
        ),
        content,
    ));
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    ("multipart/form-data".to_owned(), body)
}

/// The official Go sample: `mime/multipart`'s `CreateFormFile("file", filename)` first
/// (`Content-Type: application/octet-stream`), then `CreateFormField("meta")` (no part
/// `Content-Type`), under a 60-hex-digit boundary that `FormDataContentType()` names.
fn go_sample_form(meta: &[u8], filename: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "3d6b4f0e2a8c1e5f7b9d0a2c4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d";
    let mut body = form_part(
        boundary,
        &format!(
            "Content-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream"
        ),
        content,
    );
    body.extend(form_part(
        boundary,
        "Content-Disposition: form-data; name=\"meta\"",
        meta,
    ));
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Python `wechatpayv3` sends no `boundary` parameter (the sandbox reads it from the body's
/// first line); the official Go sample writes the file part first and gives the meta part
/// no `Content-Type`. The gateway takes both; a body that names no boundary either way is
/// refused.
#[test]
fn the_form_shapes_other_sdks_send_are_accepted() {
    let sandbox = Sandbox::start().unwrap();
    let signer = sandbox_signer().unwrap();
    let content = png();
    let req = UploadImageRequest::new("header.jpg", content.clone()).unwrap();
    let encoded = req.encode().unwrap();
    assert_eq!(encoded.body_bytes(), meta_json("header.jpg", &content));
    let meta = encoded.body_bytes();
    for (sdk, (content_type, body)) in [
        (
            "python",
            python_wechatpayv3_form(meta, "header.jpg", &content),
        ),
        ("go", go_sample_form(meta, "header.jpg", &content)),
    ] {
        let now = sandbox.now().unix_timestamp();
        let answer = RawRequest::signed(&signer, &encoded, now, None)
            .unwrap()
            .with_body(&content_type, body)
            .send(&sandbox);
        assert_eq!(answer.status, 200, "{sdk}: {}", answer.json());
        assert!(answer.json()["image_url"]
            .as_str()
            .unwrap()
            .ends_with(&req.meta.sha256));
    }

    // No boundary parameter, and a first line that is not a delimiter: nothing to split by.
    let (_, mut body) = python_wechatpayv3_form(meta, "header.jpg", &content);
    body.splice(0..0, b"preamble\r\n".iter().copied());
    let now = sandbox.now().unix_timestamp();
    let answer = RawRequest::signed(&signer, &encoded, now, None)
        .unwrap()
        .with_body("multipart/form-data", body)
        .send(&sandbox);
    assert_eq!(answer.status, 400, "{}", answer.json());
    assert_eq!(answer.json()["code"], "PARAM_ERROR");
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

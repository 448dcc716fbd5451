//! Known-answer vectors (official and derived) and the typed request body.

use super::*;

// ---------------------------------------------------------------------------------------------
// Official vectors
// ---------------------------------------------------------------------------------------------

#[test]
fn go_official_vector_sign_source() {
    let expected = read_data("go_sign_source_expected_signature.txt");
    let signature = go_key_pkcs8().sign_base64(b"source").expect("signs");
    assert_eq!(signature, expected.trim());
}

#[test]
fn java_official_vector_sign_message() {
    let key = MerchantPrivateKey::from_pem(&read_data("java_merchant_private_key.pem"))
        .expect("java key loads");
    let expected = read_data("java_sign_message_expected_signature.txt");
    assert_eq!(key.sign_base64(b"message").expect("signs"), expected.trim());
}

// ---------------------------------------------------------------------------------------------
// Derived vectors: canonical message and complete Authorization header
// ---------------------------------------------------------------------------------------------

#[test]
fn derived_post_use_vector_message_and_header_with_pkcs8_and_pkcs1() {
    let v = derived();
    let name = "request_signing_post_use";
    assert_eq!(vector_str(&v, name, "method"), "POST");
    assert_eq!(vector_str(&v, name, "timestamp"), TIMESTAMP.to_string());
    assert_eq!(vector_str(&v, name, "nonce"), NONCE);
    let target = vector_str(&v, name, "canonical_url");
    let body = vector_str(&v, name, "body");
    let message = signing::canonical_request("POST", &target, TIMESTAMP, NONCE, body.as_bytes());
    assert_eq!(message, vector_str(&v, name, "message").as_bytes());

    let signature = vector_str(&v, name, "signature");
    let header = expected_header(NONCE, &signature, TIMESTAMP, SERIAL);
    assert_eq!(
        header,
        vector_str(
            &v,
            name,
            "authorization_example (mchid/serial illustrative)"
        )
    );
    for key in [go_key_pkcs8(), go_key_pkcs1()] {
        let auth = signer(key)
            .authorization("POST", &target, body.as_bytes(), TIMESTAMP, NONCE)
            .expect("authorization");
        assert_eq!(auth, header);
    }
}

#[test]
fn derived_get_with_query_vector_message_and_header_with_pkcs8_and_pkcs1() {
    let v = derived();
    let name = "request_signing_get_with_query";
    let built = target::build(
        &format!(
            "{}/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code_123456",
            target::API_PREFIX
        ),
        &[
            ("product_coupon_id", "1000000013"),
            ("stock_id", "1000000013001"),
            ("appid", "wx233544546545989"),
            ("brand_id", "120344"),
        ],
    )
    .expect("target builds");
    assert_eq!(built, GET_TARGET);
    let message = signing::canonical_request("GET", GET_TARGET, TIMESTAMP, NONCE, b"");
    assert_eq!(message, vector_str(&v, name, "message").as_bytes());

    let header = expected_header(NONCE, &vector_str(&v, name, "signature"), TIMESTAMP, SERIAL);
    for key in [go_key_pkcs8(), go_key_pkcs1()] {
        let auth = signer(key)
            .authorization("GET", GET_TARGET, b"", TIMESTAMP, NONCE)
            .expect("authorization");
        assert_eq!(auth, header);
    }
}

#[test]
fn derived_patch_utf8_body_vector_message_and_header_with_pkcs8_and_pkcs1() {
    let v = derived();
    let name = "request_signing_patch_utf8_body";
    let message = signing::canonical_request(
        "PATCH",
        PATCH_TARGET,
        TIMESTAMP,
        NONCE,
        PATCH_BODY.as_bytes(),
    );
    assert_eq!(message, vector_str(&v, name, "message").as_bytes());

    let header = expected_header(NONCE, &vector_str(&v, name, "signature"), TIMESTAMP, SERIAL);
    for key in [go_key_pkcs8(), go_key_pkcs1()] {
        let auth = signer(key)
            .authorization(
                "PATCH",
                PATCH_TARGET,
                PATCH_BODY.as_bytes(),
                TIMESTAMP,
                NONCE,
            )
            .expect("authorization");
        assert_eq!(auth, header);
    }
}

/// The official examples' coupon, as in the derived `use` vector.
fn example_coupon() -> UserCouponRef {
    UserCouponRef {
        openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse().unwrap(),
        coupon_code: "Code_123456".parse().unwrap(),
        product_coupon_id: "1000000013".parse().unwrap(),
        stock_id: "1000000013001".parse().unwrap(),
        appid: "wx233544546545989".parse().unwrap(),
        brand_id: "120344".parse().unwrap(),
    }
}

#[test]
fn typed_use_coupon_request_encodes_to_the_vector_target_and_body_and_reproduces_its_signature() {
    let req = UseCouponRequest::new(
        example_coupon(),
        "MCHUSE202003101234".parse().unwrap(),
        time::macros::datetime!(2025-08-03 12:00:00 +08:00),
        AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
    );
    req.validate().expect("the example request is valid");
    let encoded = req.encode().expect("encodes");
    let v = derived();
    let name = "request_signing_post_use";
    assert_eq!(encoded.method, Method::Post);
    assert_eq!(encoded.method.as_str(), vector_str(&v, name, "method"));
    assert_eq!(encoded.endpoint, UseCouponRequest::ENDPOINT);
    assert_eq!(encoded.target, vector_str(&v, name, "canonical_url"));
    let body = encoded.body.clone().expect("a POST has a body");
    assert_eq!(
        String::from_utf8_lossy(&body),
        vector_str(&v, name, "body"),
        "typed body differs from the vector body"
    );
    assert_eq!(body, vector_str(&v, name, "body").as_bytes());
    assert_eq!(encoded.body_bytes(), body.as_slice());

    let message = signing::canonical_request(
        encoded.method.as_str(),
        &encoded.target,
        TIMESTAMP,
        NONCE,
        encoded.body_bytes(),
    );
    assert_eq!(message, vector_str(&v, name, "message").as_bytes());
    let auth = signer(go_key_pkcs8())
        .authorization(
            encoded.method.as_str(),
            &encoded.target,
            encoded.body_bytes(),
            TIMESTAMP,
            NONCE,
        )
        .expect("authorization");
    assert_eq!(
        auth,
        expected_header(NONCE, &vector_str(&v, name, "signature"), TIMESTAMP, SERIAL)
    );
}

#[test]
fn typed_update_request_encodes_to_the_patch_vector_target_and_body_and_reproduces_its_signature() {
    let mut display = ProductCouponDisplayInfo::new(
        "全场满100立打8折-新名字",
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
    );
    display
        .detail_image_url_list
        .push("https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx".into());
    let req = UpdateProductCouponRequest::new(
        "1000000013".parse().unwrap(),
        "120344".parse().unwrap(),
        "12345_20250101_A3489".parse().unwrap(),
        display,
    );
    let encoded = req.encode().expect("encodes");
    assert_eq!(encoded.method, Method::Patch);
    assert_eq!(encoded.endpoint, UpdateProductCouponRequest::ENDPOINT);
    assert_eq!(encoded.target, PATCH_TARGET);
    assert_eq!(encoded.body_bytes(), PATCH_BODY.as_bytes());

    let v = derived();
    let name = "request_signing_patch_utf8_body";
    let message = signing::canonical_request(
        encoded.method.as_str(),
        &encoded.target,
        TIMESTAMP,
        NONCE,
        encoded.body_bytes(),
    );
    assert_eq!(message, vector_str(&v, name, "message").as_bytes());
    let auth = signer(go_key_pkcs1())
        .authorization(
            encoded.method.as_str(),
            &encoded.target,
            encoded.body_bytes(),
            TIMESTAMP,
            NONCE,
        )
        .expect("authorization");
    assert_eq!(
        auth,
        expected_header(NONCE, &vector_str(&v, name, "signature"), TIMESTAMP, SERIAL)
    );
}

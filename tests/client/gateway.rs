//! What the gateway answers, seen over raw HTTP where the client hides it: the unsigned
//! `401 SIGN_ERROR` and its documented detail, signed answers after a valid signature, the
//! content type, chunked request bodies, and the sandbox's client builder.

use super::*;

/// The content type of every sandbox answer.
const JSON_UTF8: &str = "application/json; charset=utf-8";

#[test]
fn wrong_merchant_key_is_401_sign_error_with_the_documented_detail() -> TestResult {
    let sandbox = Sandbox::start()?;
    let other_key = MerchantPrivateKey::from_pem_file(data_path("go_test_private_key_pkcs8.pem"))?;
    let client = sandbox.client_builder()?.private_key(other_key).build()?;
    let request = use_request(seed::COUPON_CODE, "MCHUSESIGN000001");
    let err = client
        .use_coupon(&request)
        .expect_err("signature made with another key");
    assert_sandbox_request_id(err.request_id());
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (401, "SIGN_ERROR"));
    assert_eq!(api.message, "错误的签名，验签失败");

    // The signed message as the gateway saw it.
    let received = sandbox.received_requests();
    assert_eq!(received.len(), 1, "401 is not retried");
    let sent = &received[0];
    let encoded = ApiRequest::encode(&request)?;
    assert_eq!(sent.target, encoded.target);
    let timestamp: i64 = sent
        .timestamp
        .as_deref()
        .expect("a timestamp")
        .parse()
        .expect("Unix seconds");
    let nonce = sent.nonce.as_deref().expect("a nonce");
    let message_len =
        signing::canonical_request("POST", &encoded.target, timestamp, nonce, &sent.body).len();

    let detail = api.detail.expect("a SIGN_ERROR detail");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = v
            .as_object()
            .unwrap_or_else(|| panic!("an object: {v}"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&detail),
        ["detail", "field", "location", "sign_information"]
    );
    assert_eq!(
        detail["detail"],
        serde_json::json!({ "issue": "sign not match" })
    );
    assert_eq!(detail["field"], "signature");
    assert_eq!(detail["location"], "authorization");
    let info = &detail["sign_information"];
    assert_eq!(
        keys(info),
        [
            "method",
            "sign_message_length",
            "truncated_sign_message",
            "url"
        ]
    );
    assert_eq!(info["method"], "POST");
    assert_eq!(info["url"], encoded.target.as_str());
    assert_eq!(info["sign_message_length"], message_len);
    let shown = info["truncated_sign_message"].as_str().expect("text");
    assert!(
        shown.starts_with(&format!("POST\n{}\n{timestamp}\n", encoded.target)),
        "{shown:?}"
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn sign_error_answers_are_unsigned_and_answers_after_a_valid_signature_are_signed() -> TestResult {
    let sandbox = Sandbox::start()?;
    let now = sandbox.now().unix_timestamp();

    // Through the client: another merchant key, then a timestamp outside the 5-minute window.
    let wrong_key = sandbox
        .client_builder()?
        .private_key(MerchantPrivateKey::from_pem_file(data_path(
            "go_test_private_key_pkcs8.pem",
        ))?)
        .build()?;
    let stale_clock = sandbox
        .client_builder()?
        .clock(|| OffsetDateTime::now_utc().unix_timestamp() - 400)
        .build()?;
    for (client, out_request_no) in [
        (&wrong_key, "MCHUSEUNSIGNED01"),
        (&stale_clock, "MCHUSEUNSIGNED02"),
    ] {
        let err = client
            .use_coupon(&use_request(seed::COUPON_CODE, out_request_no))
            .expect_err("the signature check fails");
        let api = expect_api(err);
        assert_eq!(
            (api.status, api.code.as_str()),
            (401, "SIGN_ERROR"),
            "{api}"
        );
    }

    // On the wire, the same two requests get answers without signature headers.
    let encoded = encoded_use(seed::COUPON_CODE, "MCHUSEUNSIGNED03");
    let key_id = Some(sandbox::PUBLIC_KEY_ID);
    let wrong_signature = RawRequest::signed(&wrong_key_signer()?, &encoded, now, key_id)?;
    let stale = RawRequest::signed(&sandbox_signer()?, &encoded, now - 400, key_id)?;
    for request in [wrong_signature, stale] {
        let answer = request.send(&sandbox);
        assert_eq!(answer.status, 401, "{answer:?}");
        assert_eq!(answer.json()["code"], "SIGN_ERROR");
        assert!(answer.header(headers::REQUEST_ID).is_some());
        answer.assert_unsigned();
    }
    // A request failing the header checks (no User-Agent) is answered unsigned too.
    let no_user_agent = RawRequest::signed(&sandbox_signer()?, &encoded, now, key_id)?
        .without(headers::USER_AGENT)
        .send(&sandbox);
    assert_eq!(no_user_agent.status, 400, "{no_user_agent:?}");
    assert_eq!(no_user_agent.json()["code"], "INVALID_REQUEST");
    no_user_agent.assert_unsigned();
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );

    // After a valid signature, both a success and an error answer are signed.
    let public_key =
        VerifierKeys::new().with_public_key(sandbox_public_key(sandbox::PUBLIC_KEY_ID)?);
    let ok = RawRequest::signed(&sandbox_signer()?, &encoded, now, key_id)?.send(&sandbox);
    assert_eq!(ok.status, 200, "{ok:?}");
    ok.assert_signed();
    assert_eq!(ok.verify_with(&public_key), Ok(()));
    let missing = encoded_use("Code_DOES_NOT_EXIST", "MCHUSEUNSIGNED04");
    let not_found = RawRequest::signed(&sandbox_signer()?, &missing, now, key_id)?.send(&sandbox);
    assert_eq!(not_found.status, 404, "{not_found:?}");
    assert_eq!(not_found.json()["code"], "NOT_FOUND");
    not_found.assert_signed();
    assert_eq!(not_found.verify_with(&public_key), Ok(()));
    Ok(())
}

#[test]
fn sandbox_client_builder_targets_loopback_and_its_headers_are_accepted() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client_builder()?.build()?;
    assert!(
        client.base_url().starts_with("http://127.0.0.1"),
        "{}",
        client.base_url()
    );
    assert_eq!(client.base_url(), sandbox.base_url());
    // The sandbox checks Accept, User-Agent, Content-Type, Wechatpay-Serial and the signature;
    // a successful call proves they were all accepted.
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEHEADERS001"))?;
    assert_eq!(response.raw().status(), 200);
    Ok(())
}

#[test]
fn answers_are_json_in_utf8() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let raw = client.call(
        Method::Post,
        &use_path(seed::OPENID, seed::COUPON_CODE),
        &[],
        Some(&use_body("MCHUSECTYPE00001")),
    )?;
    assert_eq!(raw.header(headers::CONTENT_TYPE), Some(JSON_UTF8));
    let typed =
        client.update_product_coupon(&update_request("MCHUPDATECTYPE01", "内容类型测试"))?;
    assert_eq!(typed.raw().header(headers::CONTENT_TYPE), Some(JSON_UTF8));

    // Error answers too, signed (404) or not (401).
    let now = sandbox.now().unix_timestamp();
    let key_id = Some(sandbox::PUBLIC_KEY_ID);
    let missing = encoded_use("Code_DOES_NOT_EXIST", "MCHUSECTYPE00002");
    let not_found = RawRequest::signed(&sandbox_signer()?, &missing, now, key_id)?.send(&sandbox);
    assert_eq!(not_found.status, 404);
    assert_eq!(not_found.header(headers::CONTENT_TYPE), Some(JSON_UTF8));
    let encoded = encoded_use(seed::SECOND_COUPON_CODE, "MCHUSECTYPE00003");
    let unsigned = RawRequest::signed(&wrong_key_signer()?, &encoded, now, key_id)?.send(&sandbox);
    assert_eq!(unsigned.status, 401);
    assert_eq!(unsigned.header(headers::CONTENT_TYPE), Some(JSON_UTF8));
    Ok(())
}

#[test]
fn chunked_request_body_is_accepted() -> TestResult {
    let sandbox = Sandbox::start()?;
    let encoded = encoded_use(seed::COUPON_CODE, "MCHUSECHUNKED001");
    let request = RawRequest::signed(
        &sandbox_signer()?,
        &encoded,
        sandbox.now().unix_timestamp(),
        Some(sandbox::PUBLIC_KEY_ID),
    )?
    .chunked(4);
    let wire = request.to_bytes();
    assert!(!wire
        .windows(b"Content-Length".len())
        .any(|w| w.eq_ignore_ascii_case(b"Content-Length")));
    let answer = request.send(&sandbox);
    assert_eq!(answer.status, 200, "{answer:?}");
    let public_key =
        VerifierKeys::new().with_public_key(sandbox_public_key(sandbox::PUBLIC_KEY_ID)?);
    assert_eq!(answer.verify_with(&public_key), Ok(()));
    let coupon: UserProductCouponEntity<'_> =
        serde_json::from_slice(&answer.body).expect("a coupon");
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    // The sandbox reassembled exactly the signed body.
    assert_eq!(
        sandbox.received_bodies(),
        vec![encoded.body_bytes().to_vec()]
    );
    Ok(())
}

#[test]
fn a_lower_case_merchant_serial_is_sent_in_upper_case_and_accepted() -> TestResult {
    let sandbox = Sandbox::start()?;
    let lower = sandbox::MERCHANT_SERIAL.to_ascii_lowercase();
    assert_ne!(lower, sandbox::MERCHANT_SERIAL);
    // Accepted by `build` but sent as given, this was a 401 at the first call.
    let client = sandbox.client_builder()?.merchant_serial(lower).build()?;
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSELOWERSER01"))?;
    assert_eq!(response.raw().status(), 200);
    Ok(())
}

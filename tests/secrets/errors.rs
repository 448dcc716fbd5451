//! Errors the client produces, of every kind.

use super::*;

// ---------------------------------------------------------------------------------------------
// Errors the client produces
// ---------------------------------------------------------------------------------------------

#[test]
fn api_errors_show_no_secrets() -> Result<(), Error> {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .retry_policy(RetryPolicy::none())
        .build()?;
    // 404 from the business logic.
    let err = use_error(&sandbox, &client, None, "Code_DOES_NOT_EXIST");
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_error_clean("404", &err);
    // 401 SIGN_ERROR: the gateway rejects the Authorization header (timestamp 400 s off).
    let skewed = sandbox
        .client_builder()?
        .retry_policy(RetryPolicy::none())
        .clock(|| time::OffsetDateTime::now_utc().unix_timestamp() + 400)
        .build()?;
    let err = use_error(&sandbox, &skewed, None, seed::COUPON_CODE);
    assert!(matches!(&err, Error::Api(e) if e.status == 401), "{err:?}");
    assert_error_clean("401", &err);
    // 202 on a typed call.
    let err = use_error(&sandbox, &client, Some(Fault::Accepted), seed::COUPON_CODE);
    assert!(matches!(&err, Error::Api(e) if e.status == 202), "{err:?}");
    assert_error_clean("202", &err);
    Ok(())
}

#[test]
fn verification_errors_show_no_secrets() -> Result<(), Error> {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let faults = [
        Fault::TamperBody,
        Fault::Unsigned,
        Fault::Stale,
        Fault::UnknownSerial,
        Fault::BadBase64,
        Fault::SignTestProbe,
        Fault::DuplicateSignature,
    ];
    for (i, fault) in faults.into_iter().enumerate() {
        let code = format!("Code_SECRET_{i}");
        sandbox.issue_coupon(seed::OPENID, &code);
        let what = format!("{fault:?}");
        let err = use_error(&sandbox, &client, Some(fault), &code);
        assert!(matches!(err, Error::Verification(_)), "{what}: {err:?}");
        assert_error_clean(&what, &err);
    }
    Ok(())
}

#[test]
fn decode_error_shows_no_secrets() -> Result<(), Error> {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    sandbox.push_fault(Fault::EmptyBody);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSESECRETS04"))?;
    let err = response.parse().expect_err("an empty body");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_error_clean("decode", &err);
    Ok(())
}

#[test]
fn transport_errors_show_no_secrets() -> Result<(), Error> {
    // Connect phase: nothing listens.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("local addr").port()
    };
    let sandbox = Sandbox::start()?;
    let refused = sandbox
        .client_builder()?
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy::none())
        .build()?;
    let err = use_error(&sandbox, &refused, None, seed::COUPON_CODE);
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_error_clean("connect", &err);
    // Mid-exchange: the body is cut; and a timeout.
    let client = sandbox
        .client_builder()?
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()?;
    for (i, fault) in [
        Fault::TruncatedBody,
        Fault::Hang(Duration::from_secs(30)),
        Fault::HugeBody(5 * 1024 * 1024),
    ]
    .into_iter()
    .enumerate()
    {
        let code = format!("Code_SECRET_T{i}");
        sandbox.issue_coupon(seed::OPENID, &code);
        let what = format!("{fault:?}");
        let err = use_error(&sandbox, &client, Some(fault), &code);
        assert!(matches!(err, Error::Transport(_)), "{what}: {err:?}");
        assert_error_clean(&what, &err);
    }
    Ok(())
}

#[test]
fn retries_exhausted_error_shows_no_secrets() -> Result<(), Error> {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .retry_policy(fast_retries(3))
        .build()?;
    sandbox.set_fault(Some(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    }));
    let err = use_error(&sandbox, &client, None, seed::COUPON_CODE);
    assert!(matches!(err, Error::RetriesExhausted { .. }), "{err:?}");
    assert_error_clean("retries exhausted", &err);
    Ok(())
}

#[test]
fn key_errors_show_no_key_material() {
    let pem = sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM;
    let lines: Vec<&str> = pem.lines().collect();
    // The key with its last body line dropped (DER cut short).
    let mut short = lines.clone();
    short.remove(lines.len() - 2);
    // The key with one character of a body line replaced (bad Base64).
    let mut bad_char = lines.iter().map(|l| (*l).to_owned()).collect::<Vec<_>>();
    bad_char[3].replace_range(10..11, "!");
    // The PKCS#8 body under a PKCS#1 label.
    let relabelled = pem.replace("PRIVATE KEY", "RSA PRIVATE KEY");
    // Without the END line.
    let unterminated: String = lines[..lines.len() - 1].join("\n");
    let cases = [
        (
            "truncated",
            MerchantPrivateKey::from_pem(&short.join("\n")).err(),
        ),
        (
            "bad char",
            MerchantPrivateKey::from_pem(&bad_char.join("\n")).err(),
        ),
        (
            "relabelled",
            MerchantPrivateKey::from_pem(&relabelled).err(),
        ),
        (
            "unterminated",
            MerchantPrivateKey::from_pem(&unterminated).err(),
        ),
        // A private key where a public key or certificate is expected.
        (
            "as public key",
            WechatPayPublicKey::from_pem(sandbox::PUBLIC_KEY_ID, pem).err(),
        ),
        ("as certificate", PlatformCertificate::from_pem(pem).err()),
        (
            "bytes, not UTF-8",
            MerchantPrivateKey::from_pem_bytes(&[pem.as_bytes(), &[0xFF]].concat()).err(),
        ),
    ];
    for (what, err) in cases {
        let err = err.unwrap_or_else(|| panic!("{what}: expected a key error"));
        assert!(matches!(err, Error::Key { .. }), "{what}: {err:?}");
        assert_error_clean(what, &err);
    }
}

#[test]
fn config_and_invalid_request_errors_show_no_secrets() -> Result<(), Error> {
    // Missing mchid, with the key already configured.
    let err = Client::builder()
        .private_key(merchant_key())
        .merchant_serial(sandbox::MERCHANT_SERIAL)
        .build()
        .expect_err("no mchid");
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert_error_clean("config: mchid", &err);
    // A bad base URL.
    let sandbox = Sandbox::start()?;
    let err = sandbox
        .client_builder()?
        .base_url("http://example.com")
        .build()
        .expect_err("plain http to a remote host");
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert_error_clean("config: base url", &err);
    // A request that breaks a documented rule.
    let client = sandbox.client()?;
    let mut req = use_request(seed::COUPON_CODE, "MCHUSESECRETS06");
    req.store_id = Some("store\u{0}".into());
    let err = client.use_coupon(&req).expect_err("NUL in store_id");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_error_clean("invalid request", &err);
    assert_eq!(sandbox.requests_served(), 0);
    Ok(())
}

#[test]
fn builder_refusals_show_no_secrets() -> Result<(), Error> {
    // Every refusal of `build()` happens with the private key already configured.
    let sandbox = Sandbox::start()?;
    let refusals: Vec<(&str, Result<Client, Error>)> = vec![
        (
            "timeout",
            sandbox.client_builder()?.timeout(Duration::ZERO).build(),
        ),
        (
            "connect_timeout",
            sandbox
                .client_builder()?
                .connect_timeout(Duration::from_secs(7200))
                .build(),
        ),
        (
            "body_limit",
            sandbox.client_builder()?.body_limit(0).build(),
        ),
        (
            "timestamp_window",
            sandbox.client_builder()?.timestamp_window(0).build(),
        ),
        (
            "retry_policy",
            sandbox
                .client_builder()?
                .retry_policy(RetryPolicy {
                    max_attempts: 0,
                    ..RetryPolicy::none()
                })
                .build(),
        ),
        (
            "wechatpay_public_key",
            Client::builder()
                .mchid(sandbox::MCHID)
                .merchant_serial(sandbox::MERCHANT_SERIAL)
                .private_key(merchant_key())
                .build(),
        ),
    ];
    for (setting, result) in refusals {
        let err = result.expect_err(setting);
        assert!(
            matches!(&err, Error::Config { setting: s, .. } if *s == setting),
            "{setting}: {err:?}"
        );
        assert_error_clean(setting, &err);
    }
    let err = RateLimits::none()
        .with_named("use", 10)
        .expect_err("unknown endpoint name");
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert_error_clean("rate_limits", &err);
    Ok(())
}

#[test]
fn io_error_of_a_sandbox_on_a_taken_port_shows_no_secrets() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("local addr").port();
    let err = Sandbox::start_on(port).expect_err("the port is taken");
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Io);
    let source = std::error::Error::source(&err).expect("the OS error is the source");
    assert!(
        source.downcast_ref::<std::io::Error>().is_some(),
        "{source:?}"
    );
    assert!(err.to_string().contains(&port.to_string()), "{err}");
    assert_error_clean("io", &err);
    drop(taken);
}

/// At least one error of every [`ErrorKind`], produced through the public API where it can be.
fn one_error_of_every_kind() -> Result<Vec<(String, Error)>, Error> {
    let mut errors: Vec<(String, Error)> = Vec::new();
    let sandbox = Sandbox::start()?;
    let once = sandbox
        .client_builder()?
        .retry_policy(RetryPolicy::none())
        .build()?;

    // InvalidRequest: a name of 2 characters, caught by `encode` before anything is sent
    // (a bad identifier cannot be built at all: its refusal is pushed below).
    errors.push((
        "invalid request: identifier".into(),
        ProductCouponId::new("..").expect_err(".."),
    ));
    let req = UpdateProductCouponRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
        "MCHUPDATESECRETS1".parse().unwrap(),
        ProductCouponDisplayInfo::new("好券", "https://a/1.png", "https://a/2.png"),
    );
    errors.push((
        "invalid request: encode".into(),
        req.encode().expect_err("short name"),
    ));
    errors.push((
        "invalid request: client".into(),
        once.update_product_coupon(&req).expect_err("short name"),
    ));
    errors.push((
        "invalid request: generic call".into(),
        once.call(Method::Get, "/v3/../x", &[], None)
            .expect_err("dot segment"),
    ));

    // Key: the merchant key file, corrupted, loaded from a file (the error names the file).
    let scratch = common::Scratch::new("secrets-key");
    let corrupted = sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM.replacen("MII", "MIJ", 1);
    let path = scratch.write("apiclient_key.pem", corrupted.as_bytes());
    errors.push((
        "key: corrupted file".into(),
        MerchantPrivateKey::from_pem_file(&path)
            .map(drop)
            .expect_err("corrupted"),
    ));
    errors.push((
        "key: swapped arguments".into(),
        WechatPayPublicKey::from_pem(
            sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM,
            sandbox::TEST_WECHATPAY_PUBLIC_KEY_PEM,
        )
        .map(drop)
        .expect_err("swapped"),
    ));

    // Config.
    errors.push((
        "config".into(),
        sandbox
            .client_builder()?
            .body_limit(0)
            .build()
            .map(drop)
            .expect_err("zero body limit"),
    ));

    // Random, Signing, RequestBuild: an OS RNG failure, ring refusing a key that loaded, and
    // http refusing a request the crate already validated cannot be caused from outside, so
    // these are constructed (their text is fixed or comes from the http crate).
    errors.push(("random".into(), Error::Random));
    errors.push(("signing".into(), Error::Signing));
    errors.push((
        "request build".into(),
        Error::RequestBuild("invalid uri character".into()),
    ));

    // Io: the sandbox cannot listen on a taken port.
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("local addr").port();
    errors.push((
        "io".into(),
        Sandbox::start_on(port).map(drop).expect_err("taken port"),
    ));

    // Transport: nothing listens on the base URL.
    let free_port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("local addr").port()
    };
    let refused = sandbox
        .client_builder()?
        .base_url(format!("http://127.0.0.1:{free_port}"))
        .retry_policy(RetryPolicy::none())
        .build()?;
    errors.push((
        "transport".into(),
        use_error(&sandbox, &refused, None, seed::COUPON_CODE),
    ));

    // Api: 404 from the business logic.
    errors.push((
        "api".into(),
        use_error(&sandbox, &once, None, "Code_DOES_NOT_EXIST"),
    ));

    // Verification: a tampered body.
    sandbox.issue_coupon(seed::OPENID, "Code_SECRET_KIND");
    errors.push((
        "verification".into(),
        use_error(&sandbox, &once, Some(Fault::TamperBody), "Code_SECRET_KIND"),
    ));

    // Decode: a verified empty body, and a body parsed directly.
    sandbox.push_fault(Fault::EmptyBody);
    let verified = once.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSESECRETS05"))?;
    errors.push((
        "decode: verified".into(),
        verified.parse().map(drop).expect_err("empty body"),
    ));
    errors.push((
        "decode: direct".into(),
        Error::Decode(UserCoupon::parse(b"{}").map(drop).expect_err("{}")),
    ));

    // RetriesExhausted: 500 on every attempt.
    let retrying = sandbox
        .client_builder()?
        .retry_policy(fast_retries(2))
        .build()?;
    sandbox.set_fault(Some(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    }));
    errors.push((
        "retries exhausted".into(),
        use_error(&sandbox, &retrying, None, seed::COUPON_CODE),
    ));
    sandbox.set_fault(None);
    drop(taken);

    // Notification: a notification signed by the sandbox's WeChat Pay key, decrypted with
    // the wrong APIv3 key.
    errors.push(("notification".into(), notification_error()?));
    Ok(errors)
}

/// The error of a verified notification decrypted with [`WRONG_APIV3_KEY`].
fn notification_error() -> Result<Error, Error> {
    use wechatpay_product_coupon::aead::ApiV3Key;
    use wechatpay_product_coupon::notify::parse_notification;
    use wechatpay_product_coupon::verify::response_message;
    use wechatpay_product_coupon::VerifierKeys;

    let sandbox_key = ApiV3Key::new(sandbox::TEST_APIV3_KEY)?;
    let ciphertext = sandbox_key
        .encrypt("0123456789ab", "product_coupon", br#"{"coupon_code":"C"}"#)
        .map_err(|e| Error::Key {
            expected: "encryption",
            found: e.to_string(),
        })?;
    let body = format!(
        r#"{{"id":"EV-1","event_type":"PRODUCT_COUPON_SP.SEND","resource":{{"algorithm":"AEAD_AES_256_GCM","ciphertext":"{ciphertext}","nonce":"0123456789ab","associated_data":"product_coupon"}}}}"#
    );
    let wechatpay = MerchantPrivateKey::from_pem(sandbox::TEST_WECHATPAY_PRIVATE_KEY_PEM)?;
    let signature =
        wechatpay.sign_base64(&response_message("1754064001", "N1", body.as_bytes()))?;
    let headers: [(&str, &[u8]); 4] = [
        ("Wechatpay-Timestamp", b"1754064001"),
        ("Wechatpay-Nonce", b"N1"),
        ("Wechatpay-Signature", signature.as_bytes()),
        ("Wechatpay-Serial", sandbox::PUBLIC_KEY_ID.as_bytes()),
    ];
    let keys = VerifierKeys::new().with_public_key(WechatPayPublicKey::from_pem(
        sandbox::PUBLIC_KEY_ID,
        sandbox::TEST_WECHATPAY_PUBLIC_KEY_PEM,
    )?);
    let wrong = ApiV3Key::new(WRONG_APIV3_KEY)?;
    let result = parse_notification(&keys, &wrong, headers, body.as_bytes(), 1754064001, 300);
    Ok(result.map(drop).expect_err("the wrong APIv3 key"))
}

#[test]
fn errors_of_every_kind_show_no_secrets() -> Result<(), Error> {
    let errors = one_error_of_every_kind()?;
    let covered: HashSet<ErrorKind> = errors.iter().map(|(_, e)| e.kind()).collect();
    for kind in ErrorKind::ALL {
        assert!(covered.contains(&kind), "no {kind} error is checked");
    }
    for (what, err) in &errors {
        assert_error_clean(what, err);
    }
    Ok(())
}

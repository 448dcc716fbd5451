//! `use_coupon`: success, idempotency by `out_request_no`, validation before I/O, API errors,
//! and the coupon's validity period.

use super::*;

#[test]
fn use_coupon_marks_coupon_used_and_returns_verified_entity() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let out_request_no = "MCHUSE202003101234";
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, out_request_no))?;
    assert_eq!(response.raw().status(), 200);
    assert!(response
        .request_id()
        .is_some_and(|id| id.starts_with("08SANDBOX")));
    let coupon = response.parse()?;
    assert_eq!(coupon.coupon_code, seed::COUPON_CODE);
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    let usage = coupon.single_usage_detail.expect("single_usage_detail");
    assert_eq!(usage.use_request_no.as_deref(), Some(out_request_no));
    assert_eq!(
        usage
            .associated_order_info
            .and_then(|o| o.transaction_id)
            .as_deref(),
        Some(seed::TRANSACTION_ID)
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

#[test]
fn repeated_use_request_returns_same_result() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let request = use_request(seed::COUPON_CODE, "MCHUSEIDEMPOTENT01");
    let first = client.use_coupon(&request)?;
    let second = client.use_coupon(&request)?;
    assert_eq!(first.raw().body(), second.raw().body());
    let (a, b) = (first.parse()?, second.parse()?);
    assert_eq!(a.coupon_state, UserProductCouponState::Used);
    assert_eq!(b.coupon_state, UserProductCouponState::Used);
    assert_eq!(
        b.single_usage_detail.and_then(|u| u.use_request_no),
        a.single_usage_detail.and_then(|u| u.use_request_no)
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

#[test]
fn reused_out_request_no_with_different_data_is_invalid_request() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let request = use_request(seed::COUPON_CODE, "MCHUSEIDEMPOTENT02");
    client.use_coupon(&request)?;
    let mut different = request.clone();
    different.order = AssociatedOrderInfo::transaction_id("4200000000999999999999999999").into();
    let err = client.use_coupon(&different).expect_err("must be refused");
    assert_sandbox_request_id(err.request_id());
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (400, "INVALID_REQUEST"));
    assert_eq!(api.endpoint, "use_coupon");
    Ok(())
}

#[test]
fn use_request_stored_as_json_and_resent_gets_the_first_answer() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let request = use_request(seed::COUPON_CODE, "MCHUSESTORED0001");
    // Persisted before the first send: the travel form holds every field, path ones too.
    let stored = serde_json::to_string(&request).expect("serializes");
    assert!(stored.contains(seed::OPENID) && stored.contains(seed::COUPON_CODE));
    let first = client.use_coupon(&request)?;

    // Later (another process, after a crash): the stored value is read back and resent.
    let resent: UseCouponRequest = serde_json::from_str(&stored).expect("deserializes");
    assert_eq!(resent, request);
    let second = client.use_coupon(&resent)?;

    let coupon = second.parse()?;
    assert_eq!(coupon.coupon_code, seed::COUPON_CODE);
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    let json = |body: &[u8]| -> serde_json::Value { serde_json::from_slice(body).expect("JSON") };
    assert_eq!(
        json(second.raw().body()),
        json(first.raw().body()),
        "the resent request gets the first answer"
    );
    // Both requests carried the same bytes, so the gateway replayed the first result
    // instead of redeeming again.
    let bodies = sandbox.received_bodies();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

#[test]
fn use_request_rebuilt_with_a_new_use_time_is_invalid_request() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let out_request_no = "MCHUSEREBUILT001";
    client.use_coupon(&use_request(seed::COUPON_CODE, out_request_no))?;
    // The wrong way to retry: building the request again, with the current time.
    let rebuilt = UseCouponRequest::new(
        seed::coupon(seed::COUPON_CODE).unwrap(),
        out_request_no.parse().unwrap(),
        datetime!(2025-08-03 12:00:01 +08:00),
        AssociatedOrderInfo::transaction_id(seed::TRANSACTION_ID),
    );
    assert_ne!(rebuilt, use_request(seed::COUPON_CODE, out_request_no));
    let err = client
        .use_coupon(&rebuilt)
        .expect_err("same out_request_no, different data");
    assert_sandbox_request_id(err.request_id());
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (400, "INVALID_REQUEST"));
    Ok(())
}

#[test]
fn invalid_request_is_rejected_before_io() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut request = use_request(seed::COUPON_CODE, "MCHUSEINVALID001");
    request.store_id = Some("store\u{0}1".into());
    let err = client.use_coupon(&request).expect_err("NUL in store_id");
    match &err {
        Error::InvalidRequest { field, .. } => assert_eq!(field, "store_id"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(!err.is_retry_safe());
    assert_eq!(sandbox.requests_served(), 0);
    assert_eq!(sandbox.connections_accepted(), 0);
    Ok(())
}

#[test]
fn dot_segments_and_control_characters_in_path_parameters_cannot_be_built() {
    for field in ["openid", "coupon_code"] {
        for value in ["..", ".", "Code\u{7}123", "Code\n123", "Code\u{7f}"] {
            // A typed identifier cannot hold the value, so no request carrying it exists.
            let err = match field {
                "openid" => OpenId::new(value).map(drop),
                _ => CouponCode::new(value).map(drop),
            }
            .expect_err("a path parameter that is a dot segment or has a control character");
            match &err {
                Error::InvalidRequest { field: named, .. } => {
                    assert_eq!(named, field, "{value:?}: {err}")
                }
                other => panic!("{field}={value:?}: expected InvalidRequest, got {other:?}"),
            }
            assert!(err.to_string().contains(field), "{err}");
            assert!(!err.is_retry_safe());
        }
    }
}

#[test]
fn path_parameter_in_body_is_400_param_error() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut body: serde_json::Value =
        serde_json::from_slice(&use_body("MCHUSEPARAM00001")).expect("JSON");
    body["openid"] = seed::OPENID.into();
    let body = serde_json::to_vec(&body).expect("serializes");
    let err = client
        .call(
            Method::Post,
            &use_path(seed::OPENID, seed::COUPON_CODE),
            &[],
            Some(&body),
        )
        .expect_err("the sandbox rejects openid in the body");
    assert_sandbox_request_id(err.request_id());
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (400, "PARAM_ERROR"));
    assert_eq!(api.endpoint, "call");
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn using_a_used_coupon_with_new_out_request_no_is_403_not_enough() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEFIRST00001"))?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSESECOND0001"))
        .expect_err("already used");
    assert_sandbox_request_id(err.request_id());
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (403, "NOT_ENOUGH"));
    Ok(())
}

#[test]
fn unknown_coupon_is_404_not_found() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let err = client
        .use_coupon(&use_request("Code_DOES_NOT_EXIST", "MCHUSE404000001"))
        .expect_err("no such coupon");
    assert_sandbox_request_id(err.request_id());
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (404, "NOT_FOUND"));
    Ok(())
}

fn beijing() -> UtcOffset {
    UtcOffset::from_hms(8, 0, 0).expect("a valid offset")
}

const DAY_SECS: i64 = 24 * 60 * 60;

/// Uses `code` and checks the answer is `403 NOT_ENOUGH` with the coupon still EFFECTIVE.
fn assert_not_usable(sandbox: &Sandbox, client: &Client, code: &str) {
    let err = client
        .use_coupon(&use_request(code, &format!("MCHUSE_{code}")))
        .expect_err("the coupon is not usable now");
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!(
        (api.status, api.code.as_str()),
        (403, "NOT_ENOUGH"),
        "{api}"
    );
    assert_eq!(state_of(sandbox, code).as_deref(), Some("EFFECTIVE"));
}

#[test]
fn coupon_outside_its_validity_period_is_403_not_enough() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let now = sandbox.now();
    let past = CouponValidity::new(now - time::Duration::days(2), now - time::Duration::days(1));
    sandbox.issue_coupon_with(seed::OPENID, "Code_PAST", &past);
    assert_not_usable(&sandbox, &client, "Code_PAST");
    let future = CouponValidity::new(now + time::Duration::days(1), now + time::Duration::days(2));
    sandbox.issue_coupon_with(seed::OPENID, "Code_FUTURE", &future);
    assert_not_usable(&sandbox, &client, "Code_FUTURE");
    Ok(())
}

#[test]
fn coupon_valid_on_another_weekday_only_is_403_not_enough() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let today = sandbox.now().to_offset(beijing()).weekday();
    // The day after tomorrow, so that crossing midnight during the test changes nothing.
    let other_day = today.next().next();
    let validity = CouponValidity::around(sandbox.now()).on(&[other_day]);
    sandbox.issue_coupon_with(seed::OPENID, "Code_OTHER_DAY", &validity);
    assert_not_usable(&sandbox, &client, "Code_OTHER_DAY");
    Ok(())
}

#[test]
fn issued_coupon_is_usable() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    sandbox.issue_coupon(seed::OPENID, "Code_ISSUED");
    let used = client.use_coupon(&use_request("Code_ISSUED", "MCHUSEISSUED0001"))?;
    assert_eq!(used.parse()?.coupon_state, UserProductCouponState::Used);
    assert_eq!(state_of(&sandbox, "Code_ISSUED").as_deref(), Some("USED"));
    Ok(())
}

#[test]
fn seeded_coupon_is_refused_40_days_later() -> TestResult {
    let sandbox = Sandbox::start()?;
    let skew = 40 * DAY_SECS;
    sandbox.set_clock_skew(skew);
    // The client's clock moves with the sandbox's, so signatures stay within the window.
    let client = sandbox
        .client_builder()?
        .clock(move || OffsetDateTime::now_utc().unix_timestamp() + skew)
        .build()?;
    assert_not_usable(&sandbox, &client, seed::COUPON_CODE);
    // A coupon issued "now" (40 days on) is usable with the same client and clocks.
    sandbox.issue_coupon(seed::OPENID, "Code_LATER");
    let used = client.use_coupon(&use_request("Code_LATER", "MCHUSELATER00001"))?;
    assert_eq!(used.parse()?.coupon_state, UserProductCouponState::Used);
    Ok(())
}

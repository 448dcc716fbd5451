#![cfg(feature = "sandbox")]
//! End-to-end tests over loopback against the embedded sandbox.
//!
//! Every test starts its own `Sandbox` on an ephemeral port of 127.0.0.1, so the tests are
//! independent and run in parallel.

mod common;

use common::use_request;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use wechatpay_product_coupon::error::{ApiError, TransportErrorKind, VerificationError};
use wechatpay_product_coupon::model::{ProductCouponState, UserProductCouponState};
use wechatpay_product_coupon::request::{
    AssociatedOrderInfo, DeactivateCouponRequest, ProductCouponDisplayInfo,
    UpdateProductCouponRequest,
};
use wechatpay_product_coupon::response::UserProductCouponEntity;
use wechatpay_product_coupon::sandbox::{self, seed, Fault, Sandbox};
use wechatpay_product_coupon::{
    Client, ClientBuilder, Error, MerchantPrivateKey, Method, RetryPolicy, VerifyFailure,
    WechatPayPublicKey, DEFAULT_BODY_LIMIT,
};

type TestResult = Result<(), Error>;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const TRANSACTION_ID: &str = "4200000000123456789123456789";

fn deactivate_request(
    coupon_code: &str,
    out_request_no: &str,
    reason: &str,
) -> DeactivateCouponRequest {
    DeactivateCouponRequest {
        openid: seed::OPENID.into(),
        coupon_code: coupon_code.into(),
        product_coupon_id: seed::PRODUCT_COUPON_ID.into(),
        stock_id: seed::STOCK_ID.into(),
        appid: seed::APPID.into(),
        out_request_no: out_request_no.into(),
        deactivate_reason: reason.into(),
        brand_id: seed::BRAND_ID.into(),
    }
}

fn update_request(out_request_no: &str, name: &str) -> UpdateProductCouponRequest {
    let image = "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx";
    UpdateProductCouponRequest {
        product_coupon_id: seed::PRODUCT_COUPON_ID.into(),
        out_request_no: out_request_no.into(),
        display_info: ProductCouponDisplayInfo {
            name: name.into(),
            image_url: image.into(),
            background_url: image.into(),
            detail_image_url_list: vec![image.into()],
            ..Default::default()
        },
        brand_id: seed::BRAND_ID.into(),
    }
}

/// The JSON body of `use_request`, as the generic call sends it.
fn use_body(out_request_no: &str) -> serde_json::Value {
    serde_json::json!({
        "product_coupon_id": seed::PRODUCT_COUPON_ID,
        "stock_id": seed::STOCK_ID,
        "appid": seed::APPID,
        "use_time": "2025-08-03T12:00:00+08:00",
        "out_request_no": out_request_no,
        "brand_id": seed::BRAND_ID,
        "associated_order_info": { "transaction_id": TRANSACTION_ID },
    })
}

fn use_path(openid: &str, coupon_code: &str) -> String {
    format!("/v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/use")
}

/// A builder with the sandbox keys and identity, pointed at `base_url`.
fn sandbox_identity_builder(base_url: &str) -> Result<ClientBuilder, Error> {
    Ok(Client::builder()
        .mchid(sandbox::MCHID)
        .merchant_serial(sandbox::MERCHANT_SERIAL)
        .private_key(MerchantPrivateKey::from_pem(
            sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM,
        )?)
        .base_url(base_url))
}

fn state_of(sandbox: &Sandbox, code: &str) -> Option<String> {
    sandbox.coupon_state(seed::OPENID, code)
}

fn expect_api(err: Error) -> ApiError {
    match err {
        Error::Api(e) => e,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn expect_verification(err: Error) -> VerificationError {
    match err {
        Error::Verification(e) => e,
        other => panic!("expected Error::Verification, got {other:?}"),
    }
}

fn assert_sandbox_request_id(err: &Error) {
    let id = err
        .request_id()
        .unwrap_or_else(|| panic!("no Request-ID on {err:?}"));
    assert!(id.starts_with("08SANDBOX"), "unexpected Request-ID {id:?}");
}

/// Queues `fault`, redeems the first seeded coupon, and returns the verification error.
fn forged_use(fault: Fault) -> VerificationError {
    let sandbox = Sandbox::start().expect("sandbox starts");
    let client = sandbox.client().expect("client builds");
    sandbox.push_fault(fault);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEFORGED0001"))
        .expect_err("a forged response must fail the call");
    assert_sandbox_request_id(&err);
    assert!(
        !err.is_retry_safe(),
        "verification errors are not retry safe"
    );
    expect_verification(err)
}

// ---------------------------------------------------------------------------------------------
// 1. The three calls succeed and are verified
// ---------------------------------------------------------------------------------------------

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
        Some(TRANSACTION_ID)
    );
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("USED")
    );
    Ok(())
}

#[test]
fn deactivate_coupon_marks_coupon_deactivated_and_echoes_reason() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let reason = "商品已下线,使用户商品券失效";
    let response = client.deactivate_coupon(&deactivate_request(
        seed::SECOND_COUPON_CODE,
        "MCHDEACTIVATE202003101234",
        reason,
    ))?;
    assert!(response.request_id().is_some());
    let coupon = response.parse()?;
    assert_eq!(coupon.coupon_code, seed::SECOND_COUPON_CODE);
    assert_eq!(coupon.coupon_state, UserProductCouponState::Deactivated);
    assert_eq!(coupon.deactivate_reason.as_deref(), Some(reason));
    assert_eq!(
        coupon.deactivate_request_no.as_deref(),
        Some("MCHDEACTIVATE202003101234")
    );
    assert_eq!(
        state_of(&sandbox, seed::SECOND_COUPON_CODE).as_deref(),
        Some("DEACTIVATED")
    );
    Ok(())
}

#[test]
fn update_product_coupon_returns_effective_coupon_with_new_name() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let name = "全场满200打9折";
    let response = client.update_product_coupon(&update_request("12345_20250101_A3489", name))?;
    assert!(response.request_id().is_some());
    let product = response.parse()?;
    assert_eq!(product.product_coupon_id, seed::PRODUCT_COUPON_ID);
    assert_eq!(product.state, ProductCouponState::Effective);
    assert_eq!(product.display_info.name, name);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. Idempotency
// ---------------------------------------------------------------------------------------------

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
    different.associated_order_info = Some(AssociatedOrderInfo {
        transaction_id: Some("4200000000999999999999999999".into()),
        ..Default::default()
    });
    let err = client.use_coupon(&different).expect_err("must be refused");
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (400, "INVALID_REQUEST"));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. Error statuses
// ---------------------------------------------------------------------------------------------

#[test]
fn path_parameter_in_body_is_400_param_error() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut body = use_body("MCHUSEPARAM00001");
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
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (400, "PARAM_ERROR"));
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn injected_400_param_error_is_not_retry_safe() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    sandbox.push_fault(Fault::Status {
        status: 400,
        code: "PARAM_ERROR",
    });
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEFAULT40001"))
        .expect_err("injected 400");
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (400, "PARAM_ERROR"));
    Ok(())
}

#[test]
fn wrong_merchant_key_is_401_sign_error() -> TestResult {
    let sandbox = Sandbox::start()?;
    let other_key = MerchantPrivateKey::from_pem_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/java_merchant_private_key.pem"
    ))?;
    let client = sandbox.client_builder()?.private_key(other_key).build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSESIGN000001"))
        .expect_err("signature made with another key");
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (401, "SIGN_ERROR"));
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
    assert_sandbox_request_id(&err);
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
    assert_sandbox_request_id(&err);
    assert!(!err.is_retry_safe());
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (404, "NOT_FOUND"));
    Ok(())
}

/// Injects `status`, checks the error, that the coupon is untouched, and that repeating the
/// same request then succeeds.
fn injected_status_is_retry_safe_and_unprocessed(status: u16, code: &'static str) -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .retry_policy(RetryPolicy::none())
        .build()?;
    sandbox.push_fault(Fault::Status { status, code });
    let request = use_request(seed::COUPON_CODE, "MCHUSERETRY00001");
    let err = client.use_coupon(&request).expect_err("injected status");
    assert_sandbox_request_id(&err);
    assert!(err.is_retry_safe(), "{status} must be retry safe");
    let api = expect_api(err);
    assert_eq!((api.status, api.code.as_str()), (status, code));
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE"),
        "the request must not have been processed"
    );
    let retried = client.use_coupon(&request)?;
    assert_eq!(retried.parse()?.coupon_state, UserProductCouponState::Used);
    Ok(())
}

#[test]
fn injected_429_is_retry_safe_and_unprocessed() -> TestResult {
    injected_status_is_retry_safe_and_unprocessed(429, "RATELIMIT_EXCEEDED")
}

#[test]
fn injected_500_is_retry_safe_and_unprocessed() -> TestResult {
    injected_status_is_retry_safe_and_unprocessed(500, "SYSTEM_ERROR")
}

#[test]
fn accepted_202_on_typed_call_is_retry_safe_api_error() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .retry_policy(RetryPolicy::none())
        .build()?;
    sandbox.push_fault(Fault::Accepted);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEACCEPTED01"))
        .expect_err("202 is not a result");
    assert_sandbox_request_id(&err);
    assert!(err.is_retry_safe());
    assert_eq!(expect_api(err).status, 202);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 4. Forged responses
// ---------------------------------------------------------------------------------------------

#[test]
fn tampered_body_is_signature_mismatch() {
    let err = forged_use(Fault::TamperBody);
    assert!(
        matches!(&err.reason, VerifyFailure::SignatureMismatch { serial } if serial == sandbox::PUBLIC_KEY_ID),
        "{err:?}"
    );
}

#[test]
fn unsigned_response_is_missing_header() {
    let err = forged_use(Fault::Unsigned);
    assert!(
        matches!(err.reason, VerifyFailure::MissingHeader(_)),
        "{err:?}"
    );
}

#[test]
fn stale_response_is_timestamp_out_of_window() {
    let err = forged_use(Fault::Stale);
    match err.reason {
        VerifyFailure::TimestampOutOfWindow { server, local, .. } => assert!(server < local),
        other => panic!("expected TimestampOutOfWindow, got {other:?}"),
    }
}

#[test]
fn future_dated_response_is_timestamp_out_of_window() {
    let err = forged_use(Fault::FutureDated);
    match err.reason {
        VerifyFailure::TimestampOutOfWindow { server, local, .. } => assert!(server > local),
        other => panic!("expected TimestampOutOfWindow, got {other:?}"),
    }
}

#[test]
fn unknown_serial_names_received_and_configured_serials() {
    let err = forged_use(Fault::UnknownSerial);
    let text = err.to_string();
    match &err.reason {
        VerifyFailure::UnknownSerial {
            received,
            configured,
        } => {
            assert_ne!(received, sandbox::PUBLIC_KEY_ID);
            assert!(received.starts_with("PUB_KEY_ID_"));
            assert_eq!(configured, &vec![sandbox::PUBLIC_KEY_ID.to_owned()]);
            assert!(text.contains(received.as_str()), "{text}");
            assert!(text.contains(sandbox::PUBLIC_KEY_ID), "{text}");
        }
        other => panic!("expected UnknownSerial, got {other:?}"),
    }
}

#[test]
fn non_base64_signature_is_signature_not_base64() {
    let err = forged_use(Fault::BadBase64);
    assert_eq!(err.reason, VerifyFailure::SignatureNotBase64);
}

#[test]
fn signtest_probe_is_signature_probe() {
    let err = forged_use(Fault::SignTestProbe);
    assert_eq!(err.reason, VerifyFailure::SignatureProbe);
}

#[test]
fn duplicate_signature_header_is_duplicate_header() {
    let err = forged_use(Fault::DuplicateSignature);
    assert_eq!(
        err.reason,
        VerifyFailure::DuplicateHeader("Wechatpay-Signature")
    );
}

#[test]
fn local_clock_1000s_ahead_rejects_good_response_as_out_of_window() -> TestResult {
    let sandbox = Arc::new(Sandbox::start()?);
    let observed = Arc::clone(&sandbox);
    // The request is signed with the real time (the sandbox accepts it); once the sandbox has
    // received it, the local clock jumps 1000 s ahead, so the correctly signed response falls
    // outside the window.
    let clock = move || {
        let real_now = time::OffsetDateTime::now_utc().unix_timestamp();
        if observed.requests_served() == 0 {
            real_now
        } else {
            real_now + 1000
        }
    };
    let client = sandbox.client_builder()?.clock(Arc::new(clock)).build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECLOCK00001"))
        .expect_err("response outside the window");
    assert_sandbox_request_id(&err);
    match expect_verification(err).reason {
        VerifyFailure::TimestampOutOfWindow {
            server,
            local,
            window,
        } => {
            assert_eq!(window, 300);
            assert!(local - server >= 900, "server {server}, local {local}");
        }
        other => panic!("expected TimestampOutOfWindow, got {other:?}"),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 5. Certificate mode
// ---------------------------------------------------------------------------------------------

#[test]
fn certificate_only_client_rejects_public_key_signed_response() -> TestResult {
    let sandbox = Sandbox::start()?;
    let certificate = Sandbox::platform_certificate()?;
    assert_eq!(certificate.serial(), sandbox::PLATFORM_SERIAL);
    let client = sandbox_identity_builder(&sandbox.base_url())?
        .platform_certificate(certificate)
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECERT000001"))
        .expect_err("the sandbox signs with the public key ID");
    assert_sandbox_request_id(&err);
    match expect_verification(err).reason {
        VerifyFailure::UnknownSerial {
            received,
            configured,
        } => {
            assert_eq!(received, sandbox::PUBLIC_KEY_ID);
            assert_eq!(configured, vec![sandbox::PLATFORM_SERIAL.to_owned()]);
        }
        other => panic!("expected UnknownSerial, got {other:?}"),
    }
    Ok(())
}

#[test]
fn client_with_public_key_and_certificate_succeeds() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .platform_certificate(Sandbox::platform_certificate()?)
        .build()?;
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECERT000002"))?;
    assert_eq!(response.parse()?.coupon_state, UserProductCouponState::Used);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. Transport
// ---------------------------------------------------------------------------------------------

#[test]
fn closed_port_is_connect_phase_transport_error() -> TestResult {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("local addr").port()
    };
    let client = sandbox_identity_builder(&format!("http://127.0.0.1:{port}"))?
        .wechatpay_public_key(WechatPayPublicKey::from_pem(
            sandbox::PUBLIC_KEY_ID,
            sandbox::TEST_WECHATPAY_PUBLIC_KEY_PEM,
        )?)
        .retry_policy(RetryPolicy::none())
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECLOSED0001"))
        .expect_err("nothing listens");
    match err {
        Error::Transport(e) => assert!(e.kind.is_connect_phase(), "{e:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    Ok(())
}

#[test]
fn redirect_is_not_followed() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    sandbox.push_fault(Fault::Redirect("http://127.0.0.1:1/elsewhere".into()));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEREDIRECT01"))
        .expect_err("redirect is an error");
    assert_eq!(expect_api(err).status, 302);
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

#[test]
fn huge_body_over_default_limit_is_body_too_large() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    sandbox.push_fault(Fault::HugeBody(8 * 1024 * 1024));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEHUGE000001"))
        .expect_err("body over the limit");
    match err {
        Error::Transport(e) => assert_eq!(
            e.kind,
            TransportErrorKind::BodyTooLarge {
                limit: DEFAULT_BODY_LIMIT
            }
        ),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    Ok(())
}

#[test]
fn hanging_server_is_timeout() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .timeout(Duration::from_millis(500))
        .retry_policy(RetryPolicy::none())
        .build()?;
    sandbox.push_fault(Fault::Hang(Duration::from_secs(5)));
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEHANG000001"))
        .expect_err("no answer");
    assert!(err.is_retry_safe());
    match err {
        Error::Transport(e) => assert!(matches!(e.kind, TransportErrorKind::Timeout(_)), "{e:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    Ok(())
}

#[test]
fn signed_empty_body_verifies_but_fails_to_parse() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    sandbox.push_fault(Fault::EmptyBody);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEEMPTY00001"))?;
    assert!(response.raw().body().is_empty());
    let err = response.parse().expect_err("empty body is no entity");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.request_id().is_some());
    Ok(())
}

#[test]
fn signed_non_utf8_body_verifies_but_fails_to_parse() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    sandbox.push_fault(Fault::NonUtf8Body);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSENONUTF801"))?;
    let err = response.parse().expect_err("non-UTF-8 body is no entity");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. The generic call
// ---------------------------------------------------------------------------------------------

#[test]
fn generic_call_returns_verified_raw_response() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let body = serde_json::to_vec(&use_body("MCHUSEGENERIC001")).expect("serializes");
    let raw = client.call(
        Method::Post,
        &use_path(seed::OPENID, seed::COUPON_CODE),
        &[],
        Some(&body),
    )?;
    assert_eq!(raw.status(), 200);
    assert!(raw.request_id().is_some());
    let coupon: UserProductCouponEntity<'_> = raw.json()?;
    assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
    assert_eq!(
        coupon
            .single_usage_detail
            .and_then(|u| u.use_request_no)
            .as_deref(),
        Some("MCHUSEGENERIC001")
    );
    Ok(())
}

#[test]
fn generic_call_without_v3_prefix_is_rejected_before_io() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let body = serde_json::to_vec(&use_body("MCHUSEGENERIC002")).expect("serializes");
    let path = use_path(seed::OPENID, seed::COUPON_CODE);
    let without_prefix = path.strip_prefix("/v3").expect("has /v3");
    let err = client
        .call(Method::Post, without_prefix, &[], Some(&body))
        .expect_err("path must start with /v3/");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(sandbox.requests_served(), 0);
    assert_eq!(sandbox.connections_accepted(), 0);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 8. Validation before I/O
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_request_is_rejected_before_io() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let mut request = use_request(seed::COUPON_CODE, "MCHUSEINVALID001");
    request.appid = String::new();
    let err = client.use_coupon(&request).expect_err("empty appid");
    match &err {
        Error::InvalidRequest { field, .. } => assert_eq!(field, "appid"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(!err.is_retry_safe());
    assert_eq!(sandbox.requests_served(), 0);
    assert_eq!(sandbox.connections_accepted(), 0);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 9. Sharing
// ---------------------------------------------------------------------------------------------

const _: () = {
    const fn assert_send_sync_clone<T: Send + Sync + Clone>() {}
    assert_send_sync_clone::<Client>();
};

const THREADS: usize = 8;
const CALLS_PER_THREAD: usize = 20;

/// Issues `THREADS * CALLS_PER_THREAD` coupons, then redeems them all from `THREADS` threads
/// sharing clones of one client; checks every result and the sandbox state.
fn redeem_from_threads_sharing_one_client(sandbox: &Sandbox) -> TestResult {
    for t in 0..THREADS {
        for i in 0..CALLS_PER_THREAD {
            sandbox.issue_coupon(seed::OPENID, &format!("Code_T{t}_{i}"));
        }
    }
    let client = sandbox.client()?;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let client = client.clone();
                scope.spawn(move || -> TestResult {
                    for i in 0..CALLS_PER_THREAD {
                        let code = format!("Code_T{t}_{i}");
                        let response =
                            client.use_coupon(&use_request(&code, &format!("MCHUSE_T{t}_{i}")))?;
                        let coupon = response.parse()?;
                        assert_eq!(coupon.coupon_code, code);
                        assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().expect("worker thread panicked"))
    })?;
    for t in 0..THREADS {
        for i in 0..CALLS_PER_THREAD {
            assert_eq!(
                state_of(sandbox, &format!("Code_T{t}_{i}")).as_deref(),
                Some("USED")
            );
        }
    }
    assert_eq!(
        sandbox.requests_served(),
        (THREADS * CALLS_PER_THREAD) as u64
    );
    Ok(())
}

#[test]
fn one_client_shared_by_8_threads_completes_all_calls() -> TestResult {
    let sandbox = Sandbox::start()?;
    redeem_from_threads_sharing_one_client(&sandbox)
}

#[test]
fn one_client_shared_by_8_threads_reuses_connections() -> TestResult {
    let sandbox = Sandbox::start()?;
    redeem_from_threads_sharing_one_client(&sandbox)?;
    let connections = sandbox.connections_accepted();
    assert!(
        connections <= 16,
        "{connections} connections for {} calls",
        THREADS * CALLS_PER_THREAD
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 10. Configuration via the sandbox builder
// ---------------------------------------------------------------------------------------------

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

//! The sandbox's documented per-merchant rate limits: on by default, `429
//! RATELIMIT_EXCEEDED` past an endpoint's calls per second, not processed, signed like the
//! other errors found after the signature check; scaled and off.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use wechatpay_product_coupon::api::GetProductCouponRequest;
use wechatpay_product_coupon::endpoint::ApiRequest;
use wechatpay_product_coupon::sandbox::{self, seed, RateLimitMode, Sandbox};
use wechatpay_product_coupon::signing::RequestSigner;
use wechatpay_product_coupon::{
    headers, Client, Error, MerchantPrivateKey, RateLimits, RetryPolicy,
};

type TestResult = Result<(), Error>;

/// The documented message of `429 RATELIMIT_EXCEEDED` on the product-coupon pages.
const ADVICE: &str = "请稍后使用原参数重试";

/// A client of `sandbox` that does not retry (so that a 429 reaches the test).
fn no_retry_client(sandbox: &Sandbox) -> Result<Client, Error> {
    sandbox
        .client_builder()?
        .retry_policy(RetryPolicy::none())
        .build()
}

/// The status and code of an API error.
fn status_code(err: &Error) -> Option<(u16, String)> {
    err.api_error().map(|e| (e.status, e.code.clone()))
}

#[test]
fn documented_limit_answers_429_with_the_documented_code_and_message() -> TestResult {
    let sandbox = Sandbox::start()?;
    assert_eq!(sandbox.rate_limits(), RateLimitMode::Documented);
    let client = no_retry_client(&sandbox)?;
    // update_product_coupon: 20/s. However slow the machine, 200 calls in a row cross it.
    let started = Instant::now();
    let mut admitted: u32 = 0;
    let limited = (0..200).find_map(|i| {
        let name = format!("限流测试{i:03}");
        match client
            .update_product_coupon(&seed::update_request(&format!("MCHUPD{i:04}"), &name).unwrap())
        {
            Ok(_) => {
                admitted += 1;
                None
            }
            Err(err) => Some(err),
        }
    });
    let err = limited.expect("20/s was crossed");
    let api = err.api_error().expect("an API error");
    assert_eq!((api.status, api.code.as_str()), (429, "RATELIMIT_EXCEEDED"));
    assert!(api.message.contains(ADVICE), "{}", api.message);
    assert!(
        api.message.contains("请求超过接口频率限制"),
        "{}",
        api.message
    );
    assert!(api.request_id.is_some());
    // No more than one second's quota plus what 20/s refills in the time taken.
    let bound = 20.0 + 20.0 * started.elapsed().as_secs_f64();
    assert!(
        f64::from(admitted) <= bound,
        "{admitted} admitted, bound {bound}"
    );
    Ok(())
}

#[test]
fn scaled_limits_refuse_without_processing_and_the_same_request_passes_later() -> TestResult {
    let sandbox = Sandbox::start()?;
    sandbox.set_rate_limits(RateLimitMode::Scaled(0.002)); // use_coupon: 500/s → 1/s
    let client = no_retry_client(&sandbox)?;
    for i in 0..3 {
        sandbox.issue_coupon(seed::OPENID, &format!("Code_RL{i}"));
    }
    let mut refused = Vec::new();
    for i in 0..3 {
        let request = seed::use_request(&format!("Code_RL{i}"), &format!("MCHUSE_RL{i}")).unwrap();
        if let Err(err) = client.use_coupon(&request) {
            assert_eq!(status_code(&err), Some((429, "RATELIMIT_EXCEEDED".into())));
            refused.push(i);
        }
    }
    assert!(!refused.is_empty(), "3 uses at 1/s");
    for i in &refused {
        // Not applied: still usable.
        let code = format!("Code_RL{i}");
        assert_eq!(
            sandbox.coupon_state(seed::OPENID, &code).as_deref(),
            Some("EFFECTIVE")
        );
    }
    // Not recorded either: the same request, resent once a call is allowed again, is applied.
    std::thread::sleep(Duration::from_millis(1100));
    let i = refused[0];
    let request = seed::use_request(&format!("Code_RL{i}"), &format!("MCHUSE_RL{i}")).unwrap();
    assert_eq!(
        client.use_coupon(&request)?.parse()?.coupon_state.as_str(),
        "USED"
    );
    // Other endpoints keep their own quota.
    let get = GetProductCouponRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    client.get_product_coupon(&get)?;
    Ok(())
}

#[test]
fn a_client_pacing_itself_at_the_documented_rates_is_never_refused() -> TestResult {
    let sandbox = Sandbox::start()?;
    let paced = sandbox
        .client_builder()?
        .retry_policy(RetryPolicy::none())
        .rate_limits(RateLimits::documented())
        .build()?;
    // 30 updates at the documented 20/s: the client waits, the sandbox never answers 429.
    for i in 0..30 {
        let name = format!("限速客户端{i:02}");
        paced.update_product_coupon(
            &seed::update_request(&format!("MCHPACE{i:04}"), &name).unwrap(),
        )?;
    }
    assert_eq!(sandbox.requests_served(), 30);
    Ok(())
}

#[test]
fn the_default_client_retries_a_429_until_the_quota_frees() -> TestResult {
    let sandbox = Sandbox::start()?;
    sandbox.set_rate_limits(RateLimitMode::Scaled(2.0)); // get_product_coupon: 20/s → 40/s
    let patient = sandbox
        .client_builder()?
        .retry_policy(RetryPolicy {
            max_attempts: 10,
            max_elapsed: Duration::from_secs(20),
            ..RetryPolicy::default()
        })
        .build()?;
    let get = GetProductCouponRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    for _ in 0..60 {
        patient.get_product_coupon(&get)?;
    }
    assert!(sandbox.requests_served() >= 60);
    Ok(())
}

#[test]
fn off_never_limits() -> TestResult {
    let sandbox = Sandbox::start()?;
    sandbox.set_rate_limits(RateLimitMode::Off);
    let client = no_retry_client(&sandbox)?;
    let get = GetProductCouponRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    let started = Instant::now();
    let mut calls = 0;
    // Far more than the documented 20/s of get_product_coupon.
    while calls < 150 {
        client.get_product_coupon(&get)?;
        calls += 1;
    }
    assert_eq!(sandbox.requests_served(), 150, "{:?}", started.elapsed());
    Ok(())
}

#[test]
fn the_429_is_signed_like_the_other_errors_after_the_signature_check() -> TestResult {
    let sandbox = Sandbox::start()?;
    sandbox.set_rate_limits(RateLimitMode::Scaled(0.001)); // get_product_coupon: 1 per 50 s
    let signer = RequestSigner::new(
        sandbox::MCHID,
        sandbox::MERCHANT_SERIAL,
        MerchantPrivateKey::from_pem(sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM)?,
    )?;
    let encoded = GetProductCouponRequest::new(
        seed::PRODUCT_COUPON_ID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    )
    .encode()?;
    let mut answers = Vec::new();
    for _ in 0..2 {
        let now = sandbox.now().unix_timestamp();
        let nonce = signer.nonce()?;
        let authorization =
            signer.authorization("GET", &encoded.target, b"", now, nonce.as_str())?;
        let request = format!(
            "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n{}: {}\r\n{}: rate-limit-test/1.0\r\n{}: {}\r\n{}: {}\r\nConnection: close\r\n\r\n",
            encoded.target,
            headers::ACCEPT,
            headers::ACCEPT_VALUE,
            headers::USER_AGENT,
            headers::AUTHORIZATION,
            authorization,
            headers::SERIAL,
            sandbox::PUBLIC_KEY_ID,
        );
        let addr = sandbox.base_url().trim_start_matches("http://").to_owned();
        let io = |e| Error::Io {
            context: "talking to the sandbox".into(),
            source: e,
        };
        let mut stream = TcpStream::connect(addr).map_err(io)?;
        stream.write_all(request.as_bytes()).map_err(io)?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).map_err(io)?;
        answers.push(answer);
    }
    assert!(answers[0].starts_with("HTTP/1.1 200"), "{}", answers[0]);
    let limited = &answers[1];
    assert!(limited.starts_with("HTTP/1.1 429"), "{limited}");
    assert!(limited.contains("RATELIMIT_EXCEEDED"), "{limited}");
    let lower = limited.to_ascii_lowercase();
    for header in [
        headers::SIGNATURE,
        headers::TIMESTAMP,
        headers::NONCE,
        headers::REQUEST_ID,
    ] {
        assert!(
            lower.contains(&format!("{}:", header.to_ascii_lowercase())),
            "{header} in {limited}"
        );
    }
    Ok(())
}

#[test]
fn rate_limit_modes_parse_as_the_standalone_sandbox_takes_them() {
    assert_eq!(
        "documented".parse::<RateLimitMode>().ok(),
        Some(RateLimitMode::Documented)
    );
    assert_eq!(
        "off".parse::<RateLimitMode>().ok(),
        Some(RateLimitMode::Off)
    );
    assert_eq!(
        "0.5".parse::<RateLimitMode>().ok(),
        Some(RateLimitMode::Scaled(0.5))
    );
    for bad in ["", "-1", "0", "NaN", "inf", "fast"] {
        assert!(bad.parse::<RateLimitMode>().is_err(), "{bad}");
    }
}

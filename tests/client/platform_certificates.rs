//! Platform certificates: download, decryption with the APIv3 key, verification, install,
//! expiry, and the optional refresh.

use super::*;

/// A certificate-mode client that knows no certificate yet, only the APIv3 key.
fn bootstrap_builder(sandbox: &Sandbox, apiv3_key: &[u8]) -> ClientBuilder {
    sandbox_identity_builder(&sandbox.base_url())
        .expect("key")
        .retry_policy(RetryPolicy::none())
        .apiv3_key(ApiV3Key::new(apiv3_key).expect("32 bytes"))
}

fn bootstrap_client(sandbox: &Sandbox, refresh: Option<Duration>) -> Client {
    let mut builder = bootstrap_builder(sandbox, sandbox::TEST_APIV3_KEY.as_bytes());
    if let Some(interval) = refresh {
        builder = builder.refresh_certificates(interval);
    }
    builder
        .build()
        .expect("a client with only an APIv3 key builds")
}

fn certificate_downloads(sandbox: &Sandbox) -> usize {
    sandbox
        .received_requests()
        .iter()
        .filter(|r| r.target == "/v3/certificates")
        .count()
}

#[test]
fn certificates_download_decrypt_verify_and_install() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = bootstrap_client(&sandbox, None);
    // Without the certificate, responses cannot be verified.
    let err = client
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE_CERT_001").unwrap())
        .expect_err("unknown serial");
    assert_eq!(err.kind(), ErrorKind::Verification);
    let certs = client.download_platform_certificates().expect("download");
    assert_eq!(certs.len(), 1);
    assert_eq!(certs[0].serial(), sandbox::PLATFORM_SERIAL);
    let installed = client.refresh_platform_certificates().expect("refresh");
    let serials: Vec<&str> = installed.iter().map(|c| c.serial()).collect();
    assert_eq!(serials, [sandbox::PLATFORM_SERIAL]);
    let used = client
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE_CERT_001").unwrap())
        .expect("verified with the downloaded certificate");
    assert_eq!(used.parse().expect("parse").coupon_state.as_str(), "USED");
}

#[test]
fn a_tampered_download_or_the_wrong_apiv3_key_is_refused() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = bootstrap_client(&sandbox, None);
    sandbox.push_fault(sandbox::Fault::TamperBody);
    let err = client
        .download_platform_certificates()
        .expect_err("tampered");
    assert_eq!(err.kind(), ErrorKind::Verification, "{err}");
    assert!(
        err.to_string().starts_with("download_certificates"),
        "{err}"
    );

    let wrong = bootstrap_builder(&sandbox, &[b'w'; 32])
        .build()
        .expect("client");
    let err = wrong
        .download_platform_certificates()
        .expect_err("wrong key");
    assert_eq!(err.kind(), ErrorKind::Key);
    assert!(err.to_string().contains("APIv3 key"), "{err}");
}

#[test]
fn an_expired_certificate_is_refused_with_its_dates() {
    let sandbox = Sandbox::start().expect("sandbox");
    // 101 years later: the sandbox certificate (valid until 2126) has expired.
    let skew = 101 * 366 * 86_400;
    sandbox.set_clock_skew(skew);
    let now = move || time::OffsetDateTime::now_utc().unix_timestamp() + skew;
    let client = bootstrap_builder(&sandbox, sandbox::TEST_APIV3_KEY.as_bytes())
        .clock(now)
        .build()
        .expect("client");
    let err = client
        .download_platform_certificates()
        .expect_err("expired");
    let text = err.to_string();
    assert_eq!(err.kind(), ErrorKind::Key, "{text}");
    assert!(text.contains(sandbox::PLATFORM_SERIAL), "{text}");
    assert!(text.contains("expired on 2126-"), "{text}");
    assert!(text.contains("valid from 2026-"), "{text}");
}

#[test]
fn the_optional_refresh_runs_on_an_unknown_serial_at_most_once_per_interval() {
    let sandbox = Sandbox::start().expect("sandbox");
    // Off by default: no download happens on its own.
    let off = bootstrap_client(&sandbox, None);
    let lookup = GetUserCouponRequest::new(seed::coupon(seed::COUPON_CODE).unwrap());
    assert!(off.get_user_coupon(&lookup).is_err());
    assert_eq!(certificate_downloads(&sandbox), 0);

    // On: building downloads nothing; the first unknown serial refreshes, then it verifies.
    let on = bootstrap_client(&sandbox, Some(Duration::from_secs(3600)));
    assert_eq!(certificate_downloads(&sandbox), 0, "never in build()");
    let used = on
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE_REFR_002").unwrap())
        .expect("refreshed, then verified");
    assert_eq!(used.parse().expect("parse").coupon_state.as_str(), "USED");
    assert_eq!(certificate_downloads(&sandbox), 1);
    // Another unknown serial within the interval: no second download.
    sandbox.push_fault(sandbox::Fault::UnknownSerial);
    let err = on
        .use_coupon(&seed::use_request(seed::SECOND_COUPON_CODE, "MCHUSE_REFR_003").unwrap())
        .expect_err("still unknown");
    assert_eq!(err.kind(), ErrorKind::Verification);
    assert_eq!(certificate_downloads(&sandbox), 1);
}

#[test]
fn a_refresh_interval_under_a_second_is_refused() {
    let sandbox = Sandbox::start().expect("sandbox");
    let err = sandbox
        .client_builder()
        .and_then(|b| b.refresh_certificates(Duration::from_millis(10)).build())
        .expect_err("too short");
    assert!(matches!(
        err,
        Error::Config {
            setting: "refresh_certificates",
            ..
        }
    ));
    // Duration::MAX is a valid "practically never again".
    assert!(sandbox
        .client_builder()
        .and_then(|b| { b.refresh_certificates(Duration::MAX).build() })
        .is_ok());
}

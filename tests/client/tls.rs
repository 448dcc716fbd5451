//! TLS: a handshake that fails (a certificate no root trusts) happens before any request
//! byte is sent, so it is a connect-phase failure: retry-safe, tried on the backup host,
//! and its message says so and what to do. An extra root makes the same server trusted.
//! The CA is a throwaway made with the `openssl` CLI per test (TEST-ONLY).

use super::*;

#[test]
fn untrusted_certificate_fails_over_to_the_backup_host() -> TestResult {
    let sandbox = Sandbox::start()?;
    let ca = TestCa::generate();
    let (primary, handshakes) = tls_relay(&ca, &sandbox.base_url());
    // No retries: the failover happens inside the single attempt.
    let client = sandbox
        .client_builder()?
        .base_url(&primary)
        .backup_base_url(sandbox.base_url())
        .retry_policy(RetryPolicy::none())
        .build()?;
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSETLSBACKUP1"))?;
    assert_used_once(&sandbox, &response, "MCHUSETLSBACKUP1");
    assert_eq!(handshakes.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(sandbox.requests_served(), 1, "only the backup served it");
    Ok(())
}

#[test]
fn untrusted_certificate_without_backup_is_not_sent_and_says_what_to_do() -> TestResult {
    let sandbox = Sandbox::start()?;
    let ca = TestCa::generate();
    let (primary, handshakes) = tls_relay(&ca, &sandbox.base_url());
    let client = sandbox
        .client_builder()?
        .base_url(&primary)
        .no_backup()
        .retry_policy(fast_retries(3))
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSETLSNOBACK1"))
        .expect_err("no root trusts the primary");
    assert!(err.is_retry_safe(), "nothing was sent: {err:?}");
    let (attempts, last) = expect_exhausted(err);
    assert_eq!(
        attempts, 3,
        "a handshake failure is retried like a refused connection"
    );
    assert_eq!(handshakes.load(std::sync::atomic::Ordering::SeqCst), 3);
    let transport = expect_transport(last);
    assert_eq!(transport.kind, TransportErrorKind::Connect);
    assert!(transport.kind.is_connect_phase());
    assert_eq!(
        transport.to_string(),
        format!(
            "use_coupon: could not connect (request not sent): TLS handshake with {primary} \
             failed: invalid peer certificate: UnknownIssuer, so the server is not trusted; \
             check the base URL, or if a proxy or private CA signs its certificate, add that \
             CA with `extra_root_certificates_pem` (WECHATPAY_EXTRA_ROOTS_PEM)"
        )
    );
    assert_eq!(sandbox.requests_served(), 0);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn an_extra_root_makes_the_private_ca_trusted_and_keeps_the_others() -> TestResult {
    let sandbox = Sandbox::start()?;
    let ca = TestCa::generate();
    let (relay, _) = tls_relay(&ca, &sandbox.base_url());
    let other = TestCa::generate();
    let client = sandbox
        .client_builder()?
        .base_url(&relay)
        .no_backup()
        .retry_policy(RetryPolicy::none())
        // Another CA first: each call adds roots, none replaces the others.
        .extra_root_certificates_pem(other.ca_pem.clone())
        .extra_root_certificates_pem(ca.ca_pem.clone())
        .build()?;
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSETLSEXTRA01"))?;
    assert_used_once(&sandbox, &response, "MCHUSETLSEXTRA01");
    Ok(())
}

//! The backup host: tried when the primary refuses the connection, and only then.

use super::*;

#[test]
fn refused_primary_fails_over_to_backup_within_one_attempt() -> TestResult {
    let sandbox = Sandbox::start()?;
    // No retries: the failover happens inside the single attempt.
    let client = sandbox
        .client_builder()?
        .base_url(closed_port_url())
        .backup_base_url(sandbox.base_url())
        .retry_policy(RetryPolicy::none())
        .build()?;
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEBACKUP0001"))?;
    assert_used_once(&sandbox, &response, "MCHUSEBACKUP0001");
    assert_eq!(sandbox.requests_served(), 1);
    Ok(())
}

#[test]
fn refused_primary_without_backup_fails_with_connect_phase_error() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .base_url(closed_port_url())
        .backup_base_url(sandbox.base_url())
        .no_backup()
        .retry_policy(fast_retries(3))
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSENOBACKUP01"))
        .expect_err("nothing listens on the primary");
    let (attempts, last) = expect_exhausted(err);
    assert_eq!(attempts, 3, "connect failures are retried");
    let transport = expect_transport(last);
    assert!(transport.kind.is_connect_phase(), "{transport:?}");

    // Without retries, the same failure is a plain connect-phase transport error.
    let once = sandbox
        .client_builder()?
        .base_url(closed_port_url())
        .retry_policy(RetryPolicy::none())
        .build()?;
    let err = once
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSENOBACKUP02"))
        .expect_err("nothing listens");
    assert!(err.is_retry_safe());
    let transport = expect_transport(err);
    assert!(transport.kind.is_connect_phase(), "{transport:?}");
    assert_eq!(transport.endpoint, "use_coupon");

    assert_eq!(sandbox.connections_accepted(), 0);
    assert_eq!(
        state_of(&sandbox, seed::COUPON_CODE).as_deref(),
        Some("EFFECTIVE")
    );
    Ok(())
}

#[test]
fn backup_is_not_tried_after_a_non_connect_failure() -> TestResult {
    let primary = Sandbox::start()?;
    let backup = Sandbox::start()?;
    primary.set_fault(Some(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    }));
    let client = primary
        .client_builder()?
        .backup_base_url(backup.base_url())
        .retry_policy(fast_retries(3))
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEPRIMARY501"))
        .expect_err("the primary answers 500");
    let (attempts, last) = expect_exhausted(err);
    assert_eq!(attempts, 3);
    assert_eq!(expect_api(last).status, 500);
    assert_eq!(primary.requests_served(), 3);
    assert_eq!(backup.requests_served(), 0);
    assert_eq!(backup.connections_accepted(), 0);
    Ok(())
}

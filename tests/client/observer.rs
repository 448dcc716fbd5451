//! The per-attempt observer (`ClientBuilder::observer`): one `Attempt` per HTTP exchange, with
//! the right attempt number, host and outcome across a retry, a failover, a refused answer, a
//! certificate download and the pages of a list.

use std::sync::Mutex;

use wechatpay_product_coupon::api::ListUserCouponsRequest;
use wechatpay_product_coupon::observe::{Attempt, Host, Outcome};

use super::*;

/// An attempt as observed, owned.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    endpoint: &'static str,
    method: Method,
    path: Option<&'static str>,
    attempt: u32,
    host: Host,
    outcome: Outcome,
    elapsed: Duration,
    request_id: Option<String>,
}

/// A builder whose observer records every attempt, and the record.
fn observed(builder: ClientBuilder) -> (ClientBuilder, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let builder = builder.observer(move |a: &Attempt<'_>| {
        sink.lock().expect("observer lock").push(Seen {
            endpoint: a.endpoint,
            method: a.method,
            path: a.path,
            attempt: a.attempt,
            host: a.host,
            outcome: a.outcome,
            elapsed: a.elapsed,
            request_id: a.request_id.map(str::to_owned),
        });
    });
    (builder, seen)
}

fn taken(seen: &Arc<Mutex<Vec<Seen>>>) -> Vec<Seen> {
    std::mem::take(&mut *seen.lock().expect("observer lock"))
}

/// (attempt, host, outcome) of each observation, in order.
fn summary(seen: &[Seen]) -> Vec<(u32, Host, Outcome)> {
    seen.iter()
        .map(|s| (s.attempt, s.host, s.outcome))
        .collect()
}

#[test]
fn a_retried_call_is_observed_once_per_attempt_with_each_outcome() -> TestResult {
    let sandbox = Sandbox::start()?;
    let (builder, seen) = observed(sandbox.client_builder()?.retry_policy(fast_retries(3)));
    let client = builder.build()?;
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOBSERVE001"))?;
    let seen = taken(&seen);
    assert_eq!(
        summary(&seen),
        [
            (1, Host::Primary, Outcome::Status(500)),
            (2, Host::Primary, Outcome::Status(200)),
        ]
    );
    for s in &seen {
        assert_eq!(s.endpoint, "use_coupon");
        assert_eq!(s.method, Method::Post);
        let path = s.path.expect("a typed call has a path template");
        assert!(path.ends_with("/coupons/{coupon_code}/use"), "{path}");
        assert!(s.elapsed > Duration::ZERO);
        assert!(s.request_id.is_some(), "{s:?}");
    }
    assert_eq!(seen[1].request_id.as_deref(), response.request_id());
    assert_ne!(seen[0].request_id, seen[1].request_id);
    Ok(())
}

#[test]
fn a_failover_is_observed_on_both_hosts_within_one_attempt() -> TestResult {
    let sandbox = Sandbox::start()?;
    let (builder, seen) = observed(
        sandbox
            .client_builder()?
            .base_url(closed_port_url())
            .backup_base_url(sandbox.base_url())
            .retry_policy(RetryPolicy::none()),
    );
    let client = builder.build()?;
    client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOBSERVE002"))?;
    let seen = taken(&seen);
    assert_eq!(
        summary(&seen),
        [
            (
                1,
                Host::Primary,
                Outcome::Transport(TransportErrorKind::Connect)
            ),
            (1, Host::Backup, Outcome::Status(200)),
        ]
    );
    assert_eq!(seen[0].request_id, None, "no answer, no Request-ID");
    assert!(seen[1].request_id.is_some());
    Ok(())
}

#[test]
fn a_refused_answer_is_observed_as_unverified_and_a_generic_call_without_a_path() -> TestResult {
    let sandbox = Sandbox::start()?;
    let (builder, seen) = observed(sandbox.client_builder()?.retry_policy(RetryPolicy::none()));
    let client = builder.build()?;
    sandbox.push_fault(Fault::TamperBody);
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEOBSERVE003"))
        .expect_err("an altered body is refused");
    assert_eq!(err.kind(), ErrorKind::Verification);
    assert_eq!(
        summary(&taken(&seen)),
        [(1, Host::Primary, Outcome::Unverified { status: 200 })]
    );

    let path = format!(
        "/v3/marketing/partner/product-coupon/product-coupons/{}",
        seed::PRODUCT_COUPON_ID
    );
    client.call(Method::Get, &path, &[("brand_id", seed::BRAND_ID)], None)?;
    let seen = taken(&seen);
    assert_eq!(summary(&seen), [(1, Host::Primary, Outcome::Status(200))]);
    assert_eq!((seen[0].endpoint, seen[0].path), ("call", None));
    Ok(())
}

#[test]
fn certificate_downloads_and_every_page_are_observed() -> TestResult {
    let sandbox = Sandbox::start()?;
    let (builder, seen) = observed(
        sandbox
            .client_builder()?
            .apiv3_key(ApiV3Key::new(sandbox::TEST_APIV3_KEY)?),
    );
    let client = builder.build()?;
    client.download_platform_certificates()?;
    let seen_download = taken(&seen);
    assert_eq!(
        summary(&seen_download),
        [(1, Host::Primary, Outcome::Status(200))]
    );
    assert_eq!(seen_download[0].endpoint, "download_certificates");
    assert_eq!(seen_download[0].path, Some("/v3/certificates"));

    let openid = "oOBSERVE00000000000000000001";
    for i in 0..5 {
        sandbox.issue_coupon(openid, &format!("Code_OBSERVE_{i:03}"));
    }
    let mut req = ListUserCouponsRequest::new(
        openid.parse()?,
        seed::APPID.parse()?,
        seed::BRAND_ID.parse()?,
    );
    req.page_size = Some(2);
    let pages = client
        .user_coupon_pages(req)
        .collect::<Result<Vec<_>, _>>()?;
    assert_eq!(pages.len(), 3);
    let seen = taken(&seen);
    assert_eq!(seen.len(), 3, "one attempt per page: {seen:?}");
    assert!(seen
        .iter()
        .all(|s| s.endpoint == "list_user_coupons" && s.outcome == Outcome::Status(200)));
    Ok(())
}

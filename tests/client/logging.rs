//! What the client logs through the `log` facade: one `debug` line per attempt (endpoint,
//! method, path template, attempt, host, outcome, Request-ID, elapsed), a retry at `info`, a
//! failover at `warn`; and never a secret (Authorization, signature, nonce, private key, APIv3
//! key) or a body, unless bodies are asked for with `log_bodies(true)`.
//!
//! The test logger is process-wide (as `log` requires) but records only on a thread that asked
//! for it, so the other tests of this binary, running in parallel, neither add records nor pay
//! for formatting them. The client logs on the calling thread, so a test sees its own calls.

use std::cell::RefCell;
use std::sync::Once;

use log::{Level, Log, Metadata, Record};

use super::*;

/// A logged record, owned.
#[derive(Debug, Clone)]
struct Logged {
    level: Level,
    target: String,
    message: String,
}

thread_local! {
    /// The records of this thread, while it captures.
    static CAPTURED: RefCell<Option<Vec<Logged>>> = const { RefCell::new(None) };
}

/// Records at `debug` and above (ureq's own `debug` lines included), on capturing threads.
struct ThreadLogger;

impl Log for ThreadLogger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= Level::Debug && CAPTURED.with(|c| c.borrow().is_some())
    }

    fn log(&self, record: &Record<'_>) {
        if self.enabled(record.metadata()) {
            let logged = Logged {
                level: record.level(),
                target: record.target().to_owned(),
                message: record.args().to_string(),
            };
            CAPTURED.with(|c| c.borrow_mut().as_mut().map(|v| v.push(logged)));
        }
    }

    fn flush(&self) {}
}

/// Runs `f` with this thread's log records captured, and returns them.
fn capture<T>(f: impl FnOnce() -> T) -> (T, Vec<Logged>) {
    static INSTALL: Once = Once::new();
    static LOGGER: ThreadLogger = ThreadLogger;
    INSTALL.call_once(|| {
        log::set_logger(&LOGGER).expect("no other logger in this test binary");
        log::set_max_level(log::LevelFilter::Debug);
    });
    CAPTURED.with(|c| *c.borrow_mut() = Some(Vec::new()));
    let value = f();
    let records = CAPTURED.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (value, records)
}

/// The records of this crate (not ureq's).
fn ours_of(records: &[Logged]) -> Vec<&Logged> {
    records
        .iter()
        .filter(|r| r.target.starts_with("wechatpay_product_coupon"))
        .collect()
}

/// Every piece of secret material of the exchanges the sandbox received, and the key
/// material of the client: none may appear in any record, ureq's included.
fn assert_no_secrets(sandbox: &Sandbox, records: &[Logged]) {
    let received = sandbox.received_requests();
    assert!(!received.is_empty());
    let mut secrets: Vec<String> = vec![
        "WECHATPAY2-SHA256-RSA2048".to_owned(),
        sandbox::TEST_APIV3_KEY.to_owned(),
    ];
    secrets.extend(pem_body_lines(sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM));
    for r in &received {
        secrets.extend(r.signature.clone());
        secrets.extend(r.nonce.clone());
    }
    for record in records {
        for secret in &secrets {
            assert!(
                !record.message.contains(secret.as_str()),
                "a secret was logged by {}: {}",
                record.target,
                record.message
            );
        }
    }
}

/// The body bytes the sandbox received, and a distinctive part of them, are absent.
fn assert_no_bodies(records: &[Logged], markers: &[&str]) {
    for record in records {
        for marker in markers {
            assert!(
                !record.message.contains(marker),
                "a body (or the filled path) was logged by {}: {}",
                record.target,
                record.message
            );
        }
    }
}

#[test]
fn each_attempt_is_a_debug_line_and_a_retry_an_info_line_without_secrets() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .apiv3_key(ApiV3Key::new(sandbox::TEST_APIV3_KEY)?)
        .retry_policy(fast_retries(3))
        .build()?;
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let (response, records) =
        capture(|| client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSELOGGING001")));
    let response = response?;
    let ours = ours_of(&records);
    let attempts: Vec<&&Logged> = ours.iter().filter(|r| r.level == Level::Debug).collect();
    assert_eq!(attempts.len(), 2, "{ours:#?}");
    let template = "/v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/use";
    for (n, (line, outcome)) in attempts
        .iter()
        .zip(["status 500", "status 200"])
        .enumerate()
    {
        let m = &line.message;
        assert!(m.starts_with("use_coupon POST "), "{m}");
        assert!(m.contains(template), "the path template: {m}");
        assert!(m.contains(&format!("attempt={}", n + 1)), "{m}");
        assert!(m.contains("host=primary"), "{m}");
        assert!(m.contains(outcome), "{m}");
        assert!(m.contains("elapsed="), "{m}");
        assert!(!m.contains("request_id=-"), "a Request-ID: {m}");
    }
    let request_id = response
        .request_id()
        .expect("the sandbox sends a Request-ID");
    assert!(attempts[1].message.contains(request_id));
    let retries: Vec<&&Logged> = ours.iter().filter(|r| r.level == Level::Info).collect();
    assert_eq!(retries.len(), 1, "{ours:#?}");
    assert!(
        retries[0].message.contains("retrying, attempt 2")
            && retries[0].message.contains("status 500"),
        "{}",
        retries[0].message
    );
    assert!(ours.iter().all(|r| r.level != Level::Warn), "{ours:#?}");
    // ureq's own debug lines are captured too, so the checks below cover them.
    assert!(records.iter().any(|r| r.target.starts_with("ureq")));
    assert_no_secrets(&sandbox, &records);
    // Neither the filled path (openid, coupon code) nor the body (the request number).
    assert_no_bodies(
        &records,
        &[seed::OPENID, seed::COUPON_CODE, "MCHUSELOGGING001"],
    );

    // A certificate download: the answer carries the encrypted certificates; none of it,
    // and no key, is logged.
    let (certs, records) = capture(|| client.download_platform_certificates());
    assert_eq!(certs?.len(), 1);
    let ours_download = ours_of(&records);
    assert_eq!(ours_download.len(), 1, "{ours_download:#?}");
    assert!(ours_download[0]
        .message
        .starts_with("download_certificates GET /v3/certificates attempt=1"));
    assert_no_secrets(&sandbox, &records);
    assert_no_bodies(&records, &["ciphertext", "AEAD_AES_256_GCM"]);
    Ok(())
}

#[test]
fn a_failover_is_a_warn_line_naming_the_backup_host() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .base_url(closed_port_url())
        .backup_base_url(sandbox.base_url())
        .retry_policy(RetryPolicy::none())
        .build()?;
    let (result, records) =
        capture(|| client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSELOGGING002")));
    result?;
    let ours = ours_of(&records);
    let warns: Vec<&&Logged> = ours.iter().filter(|r| r.level == Level::Warn).collect();
    assert_eq!(warns.len(), 1, "{ours:#?}");
    assert!(
        warns[0].message.contains("trying the backup host")
            && warns[0].message.contains(&sandbox.base_url())
            && warns[0].message.contains("Connect"),
        "{}",
        warns[0].message
    );
    let debug: Vec<&str> = ours
        .iter()
        .filter(|r| r.level == Level::Debug)
        .map(|r| r.message.as_str())
        .collect();
    assert_eq!(debug.len(), 2, "{debug:#?}");
    assert!(debug[0].contains("host=primary") && debug[0].contains("transport error Connect"));
    assert!(debug[0].contains("request_id=-"), "{}", debug[0]);
    assert!(debug[1].contains("host=backup") && debug[1].contains("status 200"));
    assert_no_secrets(&sandbox, &records);
    assert_no_bodies(&records, &[seed::OPENID, "MCHUSELOGGING002"]);
    Ok(())
}

#[test]
fn bodies_are_logged_only_when_asked_for_and_secrets_never() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client_builder()?.log_bodies(true).build()?;
    let (result, records) =
        capture(|| client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSELOGGING003")));
    result?;
    let ours = ours_of(&records);
    let request_body = ours
        .iter()
        .find(|r| r.message.starts_with("use_coupon request body: "))
        .unwrap_or_else(|| panic!("the request body is logged: {ours:#?}"));
    assert_eq!(request_body.level, Level::Debug);
    assert!(request_body.message.contains("MCHUSELOGGING003"));
    let response_body = ours
        .iter()
        .find(|r| {
            r.message
                .starts_with("use_coupon response body (status 200): ")
        })
        .unwrap_or_else(|| panic!("the response body is logged: {ours:#?}"));
    assert!(response_body.message.contains("\"coupon_state\":\"USED\""));
    assert_no_secrets(&sandbox, &records);
    Ok(())
}

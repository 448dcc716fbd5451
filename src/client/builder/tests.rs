//! Tests of the builder: the environment, and the settings `build` refuses.

use std::time::Duration;

use super::*;
use crate::error::Error;
use crate::error::ErrorKind;

const KEY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/sandbox/test_keys/merchant_private_key.pem"
);
const PUB: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/sandbox/test_keys/wechatpay_public_key.pem"
);

fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

const FULL: [(&str, &str); 6] = [
    ("WECHATPAY_BASE_URL", "http://127.0.0.1:9"),
    ("WECHATPAY_MCHID", "1900000001"),
    (
        "WECHATPAY_MCH_SERIAL",
        "5A4E44424F58000000000000000000000001",
    ),
    ("WECHATPAY_PRIVATE_KEY", KEY),
    (
        "WECHATPAY_PUBLIC_KEY_ID",
        "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    ),
    ("WECHATPAY_PUBLIC_KEY", PUB),
];

#[test]
fn from_env_reads_every_documented_variable() {
    let client = ClientBuilder::from_lookup(env(&FULL)).and_then(ClientBuilder::build);
    let client = client.map_err(|e| e.to_string());
    assert_eq!(
        client.as_ref().map(|c| c.base_url()),
        Ok("http://127.0.0.1:9")
    );
    let debug = format!("{client:?}");
    assert!(debug.contains("1900000001") && debug.contains("PUB_KEY_ID_0000SANDBOX"));
}

#[test]
fn from_env_names_the_missing_variable_and_defaults_the_base_url() {
    let without_mchid: Vec<_> = FULL
        .iter()
        .copied()
        .filter(|(n, _)| *n != "WECHATPAY_MCHID")
        .collect();
    let err = ClientBuilder::from_lookup(env(&without_mchid)).err();
    assert!(
        matches!(
            err,
            Some(Error::Config {
                setting: "WECHATPAY_MCHID",
                ..
            })
        ),
        "{err:?}"
    );
    let without_url: Vec<_> = FULL
        .iter()
        .copied()
        .filter(|(n, _)| *n != "WECHATPAY_BASE_URL")
        .collect();
    let empty_url: Vec<_> = without_url
        .iter()
        .copied()
        .chain([("WECHATPAY_BASE_URL", "")])
        .collect();
    let err = ClientBuilder::from_lookup(env(&empty_url)).err();
    assert!(
        matches!(
            err,
            Some(Error::Config {
                setting: "WECHATPAY_BASE_URL",
                ..
            })
        ),
        "{err:?}"
    );
    let client = ClientBuilder::from_lookup(env(&without_url)).and_then(ClientBuilder::build);
    assert_eq!(
        client.map(|c| c.base_url().to_owned()).ok().as_deref(),
        Some(DEFAULT_BASE_URL)
    );
}

fn sandbox_builder() -> ClientBuilder {
    ClientBuilder::from_lookup(env(&FULL)).unwrap_or_else(|_| ClientBuilder::new())
}

fn refused(builder: ClientBuilder) -> Option<&'static str> {
    match builder.build() {
        Err(Error::Config { setting, .. }) => Some(setting),
        _ => None,
    }
}

#[test]
fn settings_that_would_fail_or_panic_every_call_are_refused_by_name() {
    assert_eq!(
        refused(sandbox_builder().timeout(Duration::MAX)),
        Some("timeout")
    );
    assert_eq!(
        refused(sandbox_builder().connect_timeout(Duration::MAX)),
        Some("connect_timeout")
    );
    assert_eq!(
        refused(sandbox_builder().timeout(Duration::ZERO)),
        Some("timeout")
    );
    assert_eq!(
        refused(sandbox_builder().connect_timeout(Duration::ZERO)),
        Some("connect_timeout")
    );
    assert_eq!(refused(sandbox_builder().body_limit(0)), Some("body_limit"));
    assert_eq!(
        refused(sandbox_builder().timestamp_window(0)),
        Some("timestamp_window")
    );
    let no_attempts = RetryPolicy {
        max_attempts: 0,
        ..RetryPolicy::default()
    };
    assert_eq!(
        refused(sandbox_builder().retry_policy(no_attempts)),
        Some("retry_policy")
    );
    let forever = RetryPolicy {
        max_backoff: Duration::MAX,
        ..RetryPolicy::default()
    };
    assert_eq!(
        refused(sandbox_builder().retry_policy(forever)),
        Some("retry_policy")
    );
    assert_eq!(
        refused(sandbox_builder().base_url("ftp://x")),
        Some("base_url")
    );
    assert_eq!(
        refused(sandbox_builder().backup_base_url("http://example.com")),
        Some("backup_base_url")
    );
    assert_eq!(refused(ClientBuilder::new()), Some("mchid"));
    // The limits themselves are fine.
    assert!(sandbox_builder()
        .timeout(MAX_TIMEOUT)
        .connect_timeout(MIN_TIMEOUT)
        .timestamp_window(MAX_TIMESTAMP_WINDOW_SECS)
        .max_pages(1)
        .body_limit(1)
        .build()
        .is_ok());
    assert!(sandbox_builder()
        .timeout(MIN_TIMEOUT)
        .connect_timeout(MAX_TIMEOUT)
        .timestamp_window(1)
        .build()
        .is_ok());
    assert_eq!(Error::config("x", "y").kind(), ErrorKind::Config);
}

/// The error of `build`, as `(setting, message)`, or why there was none.
fn refusal(builder: ClientBuilder) -> (&'static str, String) {
    match builder.build() {
        Err(e @ Error::Config { setting, .. }) => (setting, e.to_string()),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn values_once_silently_accepted_are_refused_naming_the_setting_and_the_bound() {
    // A timestamp window of u64::MAX switched replay protection off.
    for window in [u64::MAX, MAX_TIMESTAMP_WINDOW_SECS + 1] {
        let (setting, message) = refusal(sandbox_builder().timestamp_window(window));
        assert_eq!(setting, "timestamp_window");
        assert!(message.contains("1 to 900 seconds"), "{message}");
        assert!(message.contains(&window.to_string()), "{message}");
    }
    // 1 ns was accepted while 0 was refused: both timeouts share the bounds 100 ms..=1 h.
    for (name, builder) in [
        (
            "timeout",
            sandbox_builder().timeout(Duration::from_nanos(1)),
        ),
        (
            "connect_timeout",
            sandbox_builder().connect_timeout(Duration::from_millis(99)),
        ),
    ] {
        let (setting, message) = refusal(builder);
        assert_eq!(setting, name);
        assert!(message.contains("at least 100ms"), "{message}");
    }
    let (setting, message) = refusal(sandbox_builder().max_pages(0));
    assert_eq!(setting, "max_pages");
    assert!(message.contains("at least 1"), "{message}");
    // `check_settings` refuses the same values without the required settings.
    let err = ClientBuilder::new()
        .timestamp_window(u64::MAX)
        .check_settings()
        .err();
    assert!(
        matches!(
            err,
            Some(Error::Config {
                setting: "timestamp_window",
                ..
            })
        ),
        "{err:?}"
    );
    assert!(ClientBuilder::new().check_settings().is_ok());
}

#[test]
fn a_lower_case_merchant_serial_is_sent_in_upper_case() {
    // Accepted at build, it used to be sent as given and answered 401 by the gateway.
    let client = sandbox_builder()
        .merchant_serial("5a4e44424f58000000000000000000000001")
        .build();
    let serial = client.map(|c| c.inner.signer.serial_no().to_owned());
    assert_eq!(
        serial.ok().as_deref(),
        Some("5A4E44424F58000000000000000000000001")
    );
    // The same from the environment.
    let lower: Vec<_> = FULL
        .iter()
        .map(|&(n, v)| {
            if n == "WECHATPAY_MCH_SERIAL" {
                (n, "5a4e44424f58000000000000000000000001")
            } else {
                (n, v)
            }
        })
        .collect();
    let client = ClientBuilder::from_lookup(env(&lower)).and_then(ClientBuilder::build);
    let serial = client.map(|c| c.inner.signer.serial_no().to_owned());
    assert_eq!(
        serial.ok().as_deref(),
        Some("5A4E44424F58000000000000000000000001")
    );
}

//! The examples as a user runs them: the quickstart against the in-process sandbox, configured
//! through the `WECHATPAY_*` variables, on success and when every attempt fails.

use std::path::PathBuf;
use std::process::{Command, Output};

use wechatpay_product_coupon::sandbox::{self, Fault, Sandbox};

/// The example binary `name`, which `cargo test --all-features` builds beside the tests.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let target = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("tests run from target/<profile>/deps");
    let path = target.join("examples").join(name);
    assert!(
        path.exists(),
        "{} is missing: run the tests with `cargo test --all-features`, which builds the examples",
        path.display()
    );
    path
}

/// Runs the quickstart against `sandbox` through `ClientBuilder::from_env`.
fn quickstart_against(sandbox: &Sandbox) -> Output {
    let key = |name: &str| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("src/sandbox/test_keys")
            .join(name)
    };
    Command::new(example("quickstart"))
        .env("WECHATPAY_BASE_URL", sandbox.base_url())
        .env("WECHATPAY_MCHID", sandbox::MCHID)
        .env("WECHATPAY_MCH_SERIAL", sandbox::MERCHANT_SERIAL)
        .env("WECHATPAY_PRIVATE_KEY", key("merchant_private_key.pem"))
        .env("WECHATPAY_PUBLIC_KEY_ID", sandbox::PUBLIC_KEY_ID)
        .env("WECHATPAY_PUBLIC_KEY", key("wechatpay_public_key.pem"))
        .output()
        .expect("the quickstart runs")
}

#[test]
fn the_quickstart_prints_the_three_states() {
    let sandbox = Sandbox::start().unwrap();
    let out = quickstart_against(&sandbox);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("use         coupon Code_123456 -> USED (Request-ID "),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("deactivate  coupon Code_123457 -> DEACTIVATED (Request-ID "),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("update      product coupon 1000000013 -> EFFECTIVE"),
        "{stdout}"
    );
}

#[test]
fn a_call_failing_every_attempt_prints_the_whole_chain_once() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.set_fault(Some(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    }));
    let out = quickstart_against(&sandbox);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().last().unwrap_or_default();
    // The outer error, then its cause: status, code, the gateway's message, the Request-ID.
    assert!(line.starts_with("error: "), "{stderr}");
    assert!(
        line.contains("the call failed after 3 attempts: "),
        "{stderr}"
    );
    assert!(line.contains("HTTP 500 SYSTEM_ERROR"), "{stderr}");
    assert!(line.contains("Request-ID "), "{stderr}");
    assert_eq!(
        line.matches("HTTP 500").count(),
        1,
        "each cause once: {stderr}"
    );
    assert_eq!(
        sandbox.requests_served(),
        3,
        "three attempts reached the sandbox"
    );
}

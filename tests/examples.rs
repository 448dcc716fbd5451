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

/// The standalone sandbox, killed when dropped.
struct Standalone(std::process::Child);

impl Drop for Standalone {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the standalone sandbox with `args` and returns it with its printout (every line up
/// to the rate-limits line, its last before serving).
fn standalone(args: &[&str]) -> (Standalone, Vec<String>) {
    use std::io::BufRead;
    let mut child = Command::new(example("sandbox"))
        .args(["--port", "0", "--rate-limits", "off"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the standalone sandbox starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let child = Standalone(child);
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.expect("a line of the printout");
        let last = line.starts_with("# rate limits");
        lines.push(line);
        if last {
            break;
        }
    }
    (child, lines)
}

/// The printout names each seeded stock with what it is for, and gives a C configuration
/// (printed, and in the file it names) for the running sandbox; `--time-offset` moves the
/// coupons' date past the seeded coupons' validity while a client on the real clock still
/// verifies every answer.
#[test]
fn the_standalone_sandbox_describes_its_stocks_prints_a_c_configuration_and_shifts_time() {
    use wechatpay_product_coupon::api::GetUserCouponRequest;
    use wechatpay_product_coupon::sandbox::seed;
    use wechatpay_product_coupon::RetryPolicy;

    let config_path = std::env::temp_dir().join(format!(
        "wechatpay-sandbox-test-{}.json",
        std::process::id()
    ));
    let month = (31 * 24 * 3600).to_string();
    let (_sandbox, lines) = standalone(&[
        "--time-offset",
        &month,
        "--c-config",
        config_path.to_str().expect("a UTF-8 temp dir"),
    ]);
    let printout = lines.join("\n");
    let value = |prefix: &str| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no {prefix} line in:\n{printout}"))
            .to_owned()
    };
    let base_url = value("WECHATPAY_BASE_URL=");

    // One line per stock: its ID, code mode and what it is for.
    let stock_lines: Vec<&String> = lines.iter().filter(|l| l.starts_with("# stock ")).collect();
    assert_eq!(stock_lines.len(), seed::STOCKS.len(), "{printout}");
    for (line, stock) in stock_lines.iter().zip(seed::STOCKS) {
        let expected = format!(
            "# stock {} ({}): {}",
            stock.stock_id, stock.coupon_code_mode, stock.purpose
        );
        assert_eq!(**line, expected);
    }
    assert!(stock_lines[0].contains("(UPLOAD)") && stock_lines[0].contains("does not send"));
    assert!(stock_lines[1].contains(seed::SEND_STOCK_ID) && stock_lines[1].contains("send from"));
    assert!(
        printout.contains(&format!("time offset +{month} s")),
        "{printout}"
    );

    // The C configuration: printed, written to the named file, and the library's for this URL
    // (ffi/tests/sandbox_config.rs feeds that one to wpc_client_new_from_json).
    let printed = value("# C configuration (wpc_client_new_from_json), also in ");
    let (path, json) = printed.split_once(": ").expect("path: json");
    assert_eq!(std::path::Path::new(path), config_path);
    assert_eq!(
        std::fs::read_to_string(path).expect("the file exists"),
        json
    );
    assert_eq!(json, sandbox::c_client_config_json(&base_url));
    let _ = std::fs::remove_file(path);

    // A month later for the coupons: the seeded coupon is EXPIRED and cannot be used; every
    // answer verified with the real clock.
    let client = wechatpay_product_coupon::Client::builder()
        .mchid(value("WECHATPAY_MCHID="))
        .merchant_serial(value("WECHATPAY_MCH_SERIAL="))
        .private_key(
            wechatpay_product_coupon::MerchantPrivateKey::from_pem_file(value(
                "WECHATPAY_PRIVATE_KEY=",
            ))
            .expect("key"),
        )
        .wechatpay_public_key(
            wechatpay_product_coupon::WechatPayPublicKey::from_pem_file(
                value("WECHATPAY_PUBLIC_KEY_ID="),
                value("WECHATPAY_PUBLIC_KEY="),
            )
            .expect("key"),
        )
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let got = client
        .get_user_coupon(&GetUserCouponRequest::new(
            seed::coupon(seed::COUPON_CODE).expect("ref"),
        ))
        .expect("a verified answer");
    assert_eq!(got.parse().expect("parse").coupon_state.as_str(), "EXPIRED");
    let err = client
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSESTANDALONE01").expect("req"))
        .expect_err("expired");
    let api = err.api_error().expect("a verified API error");
    assert_eq!((api.status, api.code.as_str()), (403, "NOT_ENOUGH"));
}

/// `--clock` sets the coupons' date (RFC 3339 or Unix seconds), and the printout says so;
/// a value that is neither is refused with the accepted forms.
#[test]
fn the_standalone_sandbox_clock_option_sets_the_coupons_date() {
    for clock in ["2030-01-01T00:00:00+08:00", "1893427200"] {
        let (_sandbox, lines) = standalone(&["--clock", clock]);
        let line = lines
            .iter()
            .find(|l| l.starts_with("# clock: coupons' date "))
            .unwrap_or_else(|| panic!("no clock line in {lines:?}"));
        // Set at start, printed a moment later.
        assert!(
            line.starts_with("# clock: coupons' date 2030-01-01T00:00:0"),
            "{line}"
        );
    }
    let out = Command::new(example("sandbox"))
        .args(["--clock", "yesterday"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--clock expects Unix seconds or RFC 3339"),
        "{stderr}"
    );
}

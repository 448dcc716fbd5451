//! Runs the sandbox standalone, so a client in any language can be pointed at it:
//!
//!     cargo run --example sandbox --features sandbox -- --port 8080 --rate-limits documented
//!
//! `--rate-limits` is `documented` (the default: WeChat Pay's per-merchant calls per second
//! of each endpoint, past which it answers `429 RATELIMIT_EXCEEDED`), `off`, or a factor
//! applied to the documented rates (e.g. `0.01`: 5/s for use instead of 500/s).
//!
//! Prints the base URL, mchid, merchant serial, public key ID, the test key paths and the
//! test APIv3 key (as the `WECHATPAY_*` variables `ClientBuilder::from_env` reads), then
//! serves until killed. All keys are TEST-ONLY.

use std::process::ExitCode;

use wechatpay_product_coupon::api::ENDPOINTS;
use wechatpay_product_coupon::sandbox::{self, seed, RateLimitMode, Sandbox};

fn main() -> ExitCode {
    let usage = || {
        eprintln!("usage: sandbox [--port PORT] [--rate-limits off|documented|FACTOR]");
        ExitCode::from(2)
    };
    let mut args = std::env::args().skip(1);
    let mut port: u16 = 0;
    let mut rate_limits = RateLimitMode::Documented;
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--port", Some(v)) => match v.parse::<u16>() {
                Ok(p) => port = p,
                Err(_) => return usage(),
            },
            ("--rate-limits", Some(v)) => match v.parse::<RateLimitMode>() {
                Ok(mode) => rate_limits = mode,
                Err(e) => {
                    eprintln!("error: {e}");
                    return usage();
                }
            },
            _ => return usage(),
        }
    }
    let sandbox = match Sandbox::start_on(port) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}", e.report());
            return ExitCode::FAILURE;
        }
    };
    sandbox.set_rate_limits(rate_limits);
    let key = |f: &str| sandbox::test_key_path(f).display().to_string();
    println!("WeChat Pay sandbox (TEST KEYS ONLY) listening");
    println!("WECHATPAY_BASE_URL={}", sandbox.base_url());
    println!("WECHATPAY_MCHID={}", sandbox::MCHID);
    println!("WECHATPAY_MCH_SERIAL={}", sandbox::MERCHANT_SERIAL);
    println!("WECHATPAY_PRIVATE_KEY={}", key("merchant_private_key.pem"));
    println!("WECHATPAY_PUBLIC_KEY_ID={}", sandbox::PUBLIC_KEY_ID);
    println!("WECHATPAY_PUBLIC_KEY={}", key("wechatpay_public_key.pem"));
    // Decrypts notifications and `GET /v3/certificates`; TEST-ONLY, like the keys.
    println!("WECHATPAY_APIV3_KEY={}", sandbox::TEST_APIV3_KEY);
    println!(
        "# certificate mode: platform certificate (serial {}): {}",
        sandbox::PLATFORM_SERIAL,
        key("wechatpay_platform_certificate.pem")
    );
    println!(
        "# requests with Wechatpay-Serial: {} are answered signed with the public key; \
         requests without it, with the platform certificate",
        sandbox::PUBLIC_KEY_ID
    );
    println!(
        "# seeded: openid {} coupons {} and {}, product coupon {}, stock {}, appid {}, brand {}",
        seed::OPENID,
        seed::COUPON_CODE,
        seed::SECOND_COUPON_CODE,
        seed::PRODUCT_COUPON_ID,
        seed::STOCK_ID,
        seed::APPID,
        seed::BRAND_ID
    );
    if rate_limits == RateLimitMode::Off {
        println!("# rate limits: off (no 429 RATELIMIT_EXCEEDED)");
    } else {
        let limits: Vec<String> = ENDPOINTS
            .iter()
            .map(|e| match rate_limits.per_second(e) {
                Some(rate) => format!("{} {rate}/s", e.name),
                None => format!("{} unlimited", e.name),
            })
            .collect();
        println!(
            "# rate limits per mchid: {rate_limits} (429 RATELIMIT_EXCEEDED past them): {}",
            limits.join(", ")
        );
    }
    loop {
        std::thread::park();
    }
}

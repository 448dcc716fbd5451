//! Runs the sandbox standalone, so a client in any language can be pointed at it:
//!
//!     cargo run --example sandbox --features sandbox -- --port 8080 --rate-limits documented
//!
//! `--rate-limits` is `documented` (the default: WeChat Pay's per-merchant calls per second
//! of each endpoint, past which it answers `429 RATELIMIT_EXCEEDED`), `off`, or a factor
//! applied to the documented rates (e.g. `0.01`: 5/s for use instead of 500/s).
//!
//! Time, to test expiry and validity windows from any language: `--time-offset ±SECONDS`
//! moves the coupons' date (validity checks, the times written into coupons), `--clock TIME`
//! sets it (Unix seconds or RFC 3339, e.g. `2030-01-01T00:00:00+08:00`); signatures and the
//! request window stay on the real clock, so clients need no change. `--clock-skew ±SECONDS`
//! puts the gateway's whole clock off instead, signatures included (to test a client's
//! timestamp window). Seeded coupons are valid from the day before the start for 30 days.
//!
//! Prints the base URL, mchid, merchant serial, public key ID, the test key paths and the
//! test APIv3 key (as the `WECHATPAY_*` variables `ClientBuilder::from_env` reads), one line
//! per seeded stock saying what it is for, and a ready configuration for the C ABI's
//! `wpc_client_new_from_json` (also written to the file it names; `--c-config PATH` chooses
//! it), then serves until killed. All keys are TEST-ONLY.

use std::process::ExitCode;

use wechatpay_product_coupon::api::ENDPOINTS;
use wechatpay_product_coupon::sandbox::{self, seed, CouponValidity, RateLimitMode, Sandbox};
use wechatpay_product_coupon::time::format_description::well_known::Rfc3339;
use wechatpay_product_coupon::time::{OffsetDateTime, UtcOffset};

/// The command line.
struct Options {
    port: u16,
    rate_limits: RateLimitMode,
    /// Seconds added to the coupons' clock.
    time_offset: i64,
    /// Seconds added to the gateway's clock.
    clock_skew: i64,
    c_config: Option<std::path::PathBuf>,
}

const USAGE: &str = "usage: sandbox [--port PORT] [--rate-limits off|documented|FACTOR] \
                     [--time-offset ±SECONDS | --clock UNIX_SECONDS|RFC3339] \
                     [--clock-skew ±SECONDS] [--c-config PATH]";

/// `--clock`'s value: Unix seconds or RFC 3339, as an offset from now in seconds.
fn offset_to(clock: &str) -> Result<i64, String> {
    let target = match clock.parse::<i64>() {
        Ok(secs) => OffsetDateTime::from_unix_timestamp(secs).map_err(|e| e.to_string())?,
        Err(_) => OffsetDateTime::parse(clock, &Rfc3339).map_err(|e| {
            format!("--clock expects Unix seconds or RFC 3339 (2030-01-01T00:00:00+08:00), found {clock:?}: {e}")
        })?,
    };
    Ok(target.unix_timestamp() - OffsetDateTime::now_utc().unix_timestamp())
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        rate_limits: RateLimitMode::Documented,
        time_offset: 0,
        clock_skew: 0,
        c_config: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
        let seconds = |v: &str| {
            v.parse::<i64>()
                .map_err(|_| format!("{arg} expects whole seconds (e.g. -3600), found {v:?}"))
        };
        match arg.as_str() {
            "--port" => {
                options.port = value
                    .parse()
                    .map_err(|_| format!("--port expects 0 to 65535, found {value:?}"))?
            }
            "--rate-limits" => options.rate_limits = value.parse().map_err(|e| format!("{e}"))?,
            "--time-offset" => options.time_offset = seconds(&value)?,
            "--clock" => options.time_offset = offset_to(&value)?,
            "--clock-skew" => options.clock_skew = seconds(&value)?,
            "--c-config" => options.c_config = Some(value.into()),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let rate_limits = options.rate_limits;
    let sandbox = match Sandbox::start_on(options.port) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}", e.report());
            return ExitCode::FAILURE;
        }
    };
    // The seeded coupons' validity, fixed at the start (before the clocks move).
    let seeded = CouponValidity::around(sandbox.now());
    sandbox.set_rate_limits(rate_limits);
    sandbox.set_clock_skew(options.clock_skew);
    sandbox.set_time_offset(options.time_offset);
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
        "# seeded: openid {}, coupons {} and {} (stock {}, valid {} to {}), product coupon {}, \
         appid {}, brand {}",
        seed::OPENID,
        seed::COUPON_CODE,
        seed::SECOND_COUPON_CODE,
        seed::STOCK_ID,
        rfc3339(seeded.begin),
        rfc3339(seeded.end),
        seed::PRODUCT_COUPON_ID,
        seed::APPID,
        seed::BRAND_ID
    );
    for stock in seed::STOCKS {
        println!(
            "# stock {} ({}): {}",
            stock.stock_id, stock.coupon_code_mode, stock.purpose
        );
    }
    if options.time_offset != 0 || options.clock_skew != 0 {
        println!(
            "# clock: coupons' date {} (time offset {:+} s); gateway clock skew {:+} s \
             (signatures and the request window)",
            rfc3339(sandbox.now()),
            options.time_offset,
            options.clock_skew
        );
    }
    let c_config = sandbox::c_client_config_json(&sandbox.base_url());
    let port = sandbox
        .base_url()
        .rsplit(':')
        .next()
        .unwrap_or("0")
        .to_owned();
    let path = options
        .c_config
        .unwrap_or_else(|| std::env::temp_dir().join(format!("wechatpay-sandbox-{port}.json")));
    match std::fs::write(&path, &c_config) {
        Ok(()) => println!(
            "# C configuration (wpc_client_new_from_json), also in {}: {c_config}",
            path.display()
        ),
        Err(e) => {
            eprintln!("warning: could not write {}: {e}", path.display());
            println!("# C configuration (wpc_client_new_from_json): {c_config}");
        }
    }
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

/// `t` in Beijing time as RFC 3339, to the second (empty past the year 9999).
fn rfc3339(t: OffsetDateTime) -> String {
    let beijing = UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC);
    t.to_offset(beijing)
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

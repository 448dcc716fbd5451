//! One verified call (核销, use_coupon), with nothing but the environment and a request file.
//! Used for the binary-size figure (`cargo build --profile size --example one_call`); needs
//! only the default `client` feature.
//!
//! The client comes from the `WECHATPAY_*` variables (`Client::from_env`); the request is a
//! JSON file in the API's own field names, path parameters included, e.g.:
//!
//! ```json
//! {"openid":"oh-394z-6CGkNoJrsDLTTUKiAnp4","coupon_code":"Code_123456",
//!  "product_coupon_id":"1000000013","stock_id":"1000000013001","appid":"wx233544546545989",
//!  "use_time":"2025-08-03T12:00:00+08:00","out_request_no":"MCHUSE202003101234",
//!  "brand_id":"120344","associated_order_info":{"transaction_id":"4200000000123456789123456789"}}
//! ```
//!
//!     cargo run --example one_call -- request.json
//!
//! Resending the same file is the safe retry: same body, same `out_request_no`. Prints the
//! coupon's resulting state; exits non-zero, printing the error, on any failure.

use std::process::ExitCode;

use wechatpay_product_coupon::api::UseCouponRequest;
use wechatpay_product_coupon::error::Report;
use wechatpay_product_coupon::{Client, Error};

fn run(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let request: UseCouponRequest = serde_json::from_slice(&std::fs::read(path)?)?;
    let verified = client.use_coupon(&request)?;
    let coupon = verified.parse()?;
    println!(
        "coupon {} -> {} (Request-ID {})",
        coupon.coupon_code,
        coupon.coupon_state,
        verified.request_id().unwrap_or("-")
    );
    Ok(())
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: one_call <request.json>   (client settings from WECHATPAY_* variables)");
        return ExitCode::from(2);
    };
    match run(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Errors of this crate already say what failed; others are I/O or JSON.
            let what = if e.is::<Error>() {
                "error"
            } else {
                "cannot read the request"
            };
            eprintln!("{what}: {}", Report::of(e.as_ref()));
            ExitCode::FAILURE
        }
    }
}

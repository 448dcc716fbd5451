//! One verified call (核销, use_coupon), configured only from the environment. Used for the
//! binary-size figure (`cargo build --profile size --example one_call`); needs no feature.
//!
//! Required: `WECHATPAY_BASE_URL`, `WECHATPAY_MCHID`, `WECHATPAY_MCH_SERIAL`,
//! `WECHATPAY_PRIVATE_KEY` (path to PEM), `WECHATPAY_PUBLIC_KEY_ID`,
//! `WECHATPAY_PUBLIC_KEY` (path to PEM). Optional: `WECHATPAY_COUPON_CODE` (default
//! `Code_123456`). The other IDs are those of the official example.
//!
//! Prints the coupon's resulting state; exits non-zero, printing the error, on any failure.

use std::process::ExitCode;

use wechatpay_product_coupon::request::{AssociatedOrderInfo, UseCouponRequest};
use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey, WechatPayPublicKey};

fn required(name: &str) -> Result<String, Error> {
    std::env::var(name)
        .map_err(|_| Error::Config(format!("environment variable {name} is not set")))
}

fn run() -> Result<(), Error> {
    let client = Client::builder()
        .base_url(required("WECHATPAY_BASE_URL")?)
        .mchid(required("WECHATPAY_MCHID")?)
        .merchant_serial(required("WECHATPAY_MCH_SERIAL")?)
        .private_key(MerchantPrivateKey::from_pem_file(required(
            "WECHATPAY_PRIVATE_KEY",
        )?)?)
        .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
            required("WECHATPAY_PUBLIC_KEY_ID")?,
            required("WECHATPAY_PUBLIC_KEY")?,
        )?)
        .build()?;

    let coupon_code =
        std::env::var("WECHATPAY_COUPON_CODE").unwrap_or_else(|_| "Code_123456".to_owned());
    let beijing = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let now = time::OffsetDateTime::now_utc().to_offset(beijing);
    let verified = client.use_coupon(&UseCouponRequest {
        openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".to_owned(),
        coupon_code,
        product_coupon_id: "1000000013".to_owned(),
        stock_id: "1000000013001".to_owned(),
        appid: "wx233544546545989".to_owned(),
        use_time: now,
        // Unique per run, so a real server does not answer from its idempotency records.
        out_request_no: format!("ONECALL{}", now.unix_timestamp()),
        brand_id: "120344".to_owned(),
        associated_order_info: Some(AssociatedOrderInfo {
            transaction_id: Some("4200000000123456789123456789".to_owned()),
            ..Default::default()
        }),
        associated_pay_score_order_info: None,
        store_id: None,
    })?;
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
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

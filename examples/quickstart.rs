//! Quickstart: use → deactivate (a second coupon) → update, each signed and verified.
//!
//! With no configuration it starts the embedded sandbox (test keys, 127.0.0.1) and runs there:
//!
//!     cargo run --example quickstart --features sandbox
//!
//! To run against another server, set all six of
//! `WECHATPAY_BASE_URL`, `WECHATPAY_MCHID`, `WECHATPAY_MCH_SERIAL`,
//! `WECHATPAY_PRIVATE_KEY` (path to PEM), `WECHATPAY_PUBLIC_KEY_ID`,
//! `WECHATPAY_PUBLIC_KEY` (path to PEM). The business IDs default to the official examples
//! and can be overridden with `WECHATPAY_OPENID`, `WECHATPAY_COUPON_CODE`,
//! `WECHATPAY_DEACTIVATE_COUPON_CODE`, `WECHATPAY_PRODUCT_COUPON_ID`, `WECHATPAY_STOCK_ID`,
//! `WECHATPAY_APPID`, `WECHATPAY_BRAND_ID`, `WECHATPAY_TRANSACTION_ID`.
//!
//! Exits non-zero, printing the error, when any call fails.

use std::process::ExitCode;

use wechatpay_product_coupon::request::{
    AssociatedOrderInfo, DeactivateCouponRequest, ProductCouponDisplayInfo,
    UpdateProductCouponRequest, UseCouponRequest,
};
use wechatpay_product_coupon::sandbox::Sandbox;
use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey, WechatPayPublicKey};

const CONNECTION_VARS: [&str; 6] = [
    "WECHATPAY_BASE_URL",
    "WECHATPAY_MCHID",
    "WECHATPAY_MCH_SERIAL",
    "WECHATPAY_PRIVATE_KEY",
    "WECHATPAY_PUBLIC_KEY_ID",
    "WECHATPAY_PUBLIC_KEY",
];

fn var_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// The business IDs the three calls use.
struct Ids {
    openid: String,
    coupon_code: String,
    deactivate_coupon_code: String,
    product_coupon_id: String,
    stock_id: String,
    appid: String,
    brand_id: String,
    transaction_id: String,
}

impl Ids {
    fn from_env() -> Self {
        Ids {
            openid: var_or("WECHATPAY_OPENID", "oh-394z-6CGkNoJrsDLTTUKiAnp4"),
            coupon_code: var_or("WECHATPAY_COUPON_CODE", "Code_123456"),
            deactivate_coupon_code: var_or("WECHATPAY_DEACTIVATE_COUPON_CODE", "Code_123457"),
            product_coupon_id: var_or("WECHATPAY_PRODUCT_COUPON_ID", "1000000013"),
            stock_id: var_or("WECHATPAY_STOCK_ID", "1000000013001"),
            appid: var_or("WECHATPAY_APPID", "wx233544546545989"),
            brand_id: var_or("WECHATPAY_BRAND_ID", "120344"),
            transaction_id: var_or("WECHATPAY_TRANSACTION_ID", "4200000000123456789123456789"),
        }
    }
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

fn run() -> Result<(), Error> {
    let set: Vec<&str> = CONNECTION_VARS
        .iter()
        .copied()
        .filter(|v| std::env::var_os(v).is_some())
        .collect();
    // Keep the sandbox alive for the whole run when it is used.
    let (client, _sandbox) = if set.is_empty() {
        let sandbox = Sandbox::start()?;
        println!(
            "sandbox  {} (test keys, nothing leaves this machine)",
            sandbox.base_url()
        );
        (sandbox.client()?, Some(sandbox))
    } else if set.len() == CONNECTION_VARS.len() {
        (client_from_env()?, None)
    } else {
        let missing: Vec<&str> = CONNECTION_VARS
            .iter()
            .copied()
            .filter(|v| !set.contains(v))
            .collect();
        return Err(Error::Config(format!(
            "set all of {} or none; missing {}",
            CONNECTION_VARS.join(", "),
            missing.join(", ")
        )));
    };
    let ids = Ids::from_env();
    // Unique per run, so a real server does not answer from its idempotency records.
    let run_id = time::OffsetDateTime::now_utc().unix_timestamp();

    let used = client.use_coupon(&UseCouponRequest {
        openid: ids.openid.clone(),
        coupon_code: ids.coupon_code.clone(),
        product_coupon_id: ids.product_coupon_id.clone(),
        stock_id: ids.stock_id.clone(),
        appid: ids.appid.clone(),
        use_time: now_beijing(),
        out_request_no: format!("QSUSE{run_id}"),
        brand_id: ids.brand_id.clone(),
        associated_order_info: Some(AssociatedOrderInfo {
            transaction_id: Some(ids.transaction_id.clone()),
            ..Default::default()
        }),
        associated_pay_score_order_info: None,
        store_id: None,
    })?;
    let coupon = used.parse()?;
    println!(
        "use         coupon {} -> {} (Request-ID {})",
        coupon.coupon_code,
        coupon.coupon_state,
        used.request_id().unwrap_or("-")
    );

    let deactivated = client.deactivate_coupon(&DeactivateCouponRequest {
        openid: ids.openid.clone(),
        coupon_code: ids.deactivate_coupon_code.clone(),
        product_coupon_id: ids.product_coupon_id.clone(),
        stock_id: ids.stock_id.clone(),
        appid: ids.appid.clone(),
        out_request_no: format!("QSDEACT{run_id}"),
        deactivate_reason: "商品已下线,使用户商品券失效".to_owned(),
        brand_id: ids.brand_id.clone(),
    })?;
    let coupon = deactivated.parse()?;
    println!(
        "deactivate  coupon {} -> {} (Request-ID {})",
        coupon.coupon_code,
        coupon.coupon_state,
        deactivated.request_id().unwrap_or("-")
    );

    let updated = client.update_product_coupon(&UpdateProductCouponRequest {
        product_coupon_id: ids.product_coupon_id.clone(),
        out_request_no: format!("QSUPDATE{run_id}"),
        display_info: ProductCouponDisplayInfo {
            name: "全场满100立打8折-新名字".to_owned(),
            image_url: "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx".to_owned(),
            background_url: "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx".to_owned(),
            detail_image_url_list: vec!["https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx".to_owned()],
            ..Default::default()
        },
        brand_id: ids.brand_id.clone(),
    })?;
    let product = updated.parse()?;
    println!(
        "update      product coupon {} -> {} name {:?} (Request-ID {})",
        product.product_coupon_id,
        product.state,
        product.display_info.name,
        updated.request_id().unwrap_or("-")
    );
    Ok(())
}

fn client_from_env() -> Result<Client, Error> {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    Client::builder()
        .base_url(var("WECHATPAY_BASE_URL"))
        .mchid(var("WECHATPAY_MCHID"))
        .merchant_serial(var("WECHATPAY_MCH_SERIAL"))
        .private_key(MerchantPrivateKey::from_pem_file(var(
            "WECHATPAY_PRIVATE_KEY",
        ))?)
        .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
            var("WECHATPAY_PUBLIC_KEY_ID"),
            var("WECHATPAY_PUBLIC_KEY"),
        )?)
        .build()
}

fn now_beijing() -> time::OffsetDateTime {
    let beijing = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::now_utc().to_offset(beijing)
}

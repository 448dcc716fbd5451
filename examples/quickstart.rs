//! Quickstart: use → deactivate (a second coupon) → update, each signed and verified.
//!
//! With no configuration it starts the embedded sandbox (test keys, 127.0.0.1) and runs there:
//!
//!     cargo run --example quickstart --features sandbox
//!
//! To run against another server, set the variables `ClientBuilder::from_env` reads:
//! `WECHATPAY_BASE_URL`, `WECHATPAY_MCHID`, `WECHATPAY_MCH_SERIAL`,
//! `WECHATPAY_PRIVATE_KEY` (path to PEM), `WECHATPAY_PUBLIC_KEY_ID`,
//! `WECHATPAY_PUBLIC_KEY` (path to PEM). The business IDs default to the official examples
//! and can be overridden with `WECHATPAY_OPENID`, `WECHATPAY_COUPON_CODE`,
//! `WECHATPAY_DEACTIVATE_COUPON_CODE`, `WECHATPAY_PRODUCT_COUPON_ID`, `WECHATPAY_STOCK_ID`,
//! `WECHATPAY_APPID`, `WECHATPAY_BRAND_ID`, `WECHATPAY_TRANSACTION_ID`.
//!
//! Exits non-zero, printing the error, when any call fails.

use std::process::ExitCode;

use wechatpay_product_coupon::api::{
    AssociatedOrderInfo, DeactivateCouponRequest, ProductCouponDisplayInfo,
    UpdateProductCouponRequest, UseCouponRequest, UserCouponRef,
};
use wechatpay_product_coupon::ids::{
    AppId, BrandId, CouponCode, OpenId, ProductCouponId, RequestNo, StockId,
};
use wechatpay_product_coupon::sandbox::{seed, Sandbox};
use wechatpay_product_coupon::time::{OffsetDateTime, UtcOffset};
use wechatpay_product_coupon::{ClientBuilder, Error, ENV_VARS};

fn var_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// The business IDs the three calls use: the official examples' (which the sandbox is
/// seeded with) unless overridden. Each is checked when read: a bad value is an error naming
/// its field.
struct Ids {
    openid: OpenId,
    coupon_code: CouponCode,
    deactivate_coupon_code: CouponCode,
    product_coupon_id: ProductCouponId,
    stock_id: StockId,
    appid: AppId,
    brand_id: BrandId,
    transaction_id: String,
}

impl Ids {
    fn from_env() -> Result<Self, Error> {
        Ok(Ids {
            openid: OpenId::new(var_or("WECHATPAY_OPENID", seed::OPENID))?,
            coupon_code: CouponCode::new(var_or("WECHATPAY_COUPON_CODE", seed::COUPON_CODE))?,
            deactivate_coupon_code: CouponCode::new(var_or(
                "WECHATPAY_DEACTIVATE_COUPON_CODE",
                seed::SECOND_COUPON_CODE,
            ))?,
            product_coupon_id: ProductCouponId::new(var_or(
                "WECHATPAY_PRODUCT_COUPON_ID",
                seed::PRODUCT_COUPON_ID,
            ))?,
            stock_id: StockId::new(var_or("WECHATPAY_STOCK_ID", seed::STOCK_ID))?,
            appid: AppId::new(var_or("WECHATPAY_APPID", seed::APPID))?,
            brand_id: BrandId::new(var_or("WECHATPAY_BRAND_ID", seed::BRAND_ID))?,
            transaction_id: var_or("WECHATPAY_TRANSACTION_ID", seed::TRANSACTION_ID),
        })
    }

    fn coupon(&self, coupon_code: &CouponCode) -> UserCouponRef {
        UserCouponRef {
            openid: self.openid.clone(),
            coupon_code: coupon_code.clone(),
            product_coupon_id: self.product_coupon_id.clone(),
            stock_id: self.stock_id.clone(),
            appid: self.appid.clone(),
            brand_id: self.brand_id.clone(),
        }
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.report());
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Error> {
    let set = ENV_VARS
        .iter()
        .filter(|(name, _, _)| std::env::var_os(name).is_some())
        .count();
    // Keep the sandbox alive for the whole run when it is used.
    let (client, _sandbox) = if set == 0 {
        let sandbox = Sandbox::start()?;
        println!(
            "sandbox  {} (test keys, nothing leaves this machine)",
            sandbox.base_url()
        );
        (sandbox.client()?, Some(sandbox))
    } else {
        // Names the first missing variable, if any.
        (ClientBuilder::from_env()?.build()?, None)
    };
    let ids = Ids::from_env()?;
    // Unique per run, so a real server does not answer from its idempotency records.
    let run_id = OffsetDateTime::now_utc().unix_timestamp();

    // Keep the request value: to retry, resend exactly this value.
    let use_request = UseCouponRequest::new(
        ids.coupon(&ids.coupon_code),
        RequestNo::new(format!("QSUSE{run_id}"))?,
        now_beijing(),
        AssociatedOrderInfo::transaction_id(ids.transaction_id.clone()),
    );
    let used = client.use_coupon(&use_request)?;
    let coupon = used.parse()?;
    println!(
        "use         coupon {} -> {} (Request-ID {})",
        coupon.coupon_code,
        coupon.coupon_state,
        used.request_id().unwrap_or("-")
    );

    let deactivated = client.deactivate_coupon(&DeactivateCouponRequest::new(
        ids.coupon(&ids.deactivate_coupon_code),
        RequestNo::new(format!("QSDEACT{run_id}"))?,
        "商品已下线,使用户商品券失效",
    ))?;
    let coupon = deactivated.parse()?;
    println!(
        "deactivate  coupon {} -> {} (Request-ID {})",
        coupon.coupon_code,
        coupon.coupon_state,
        deactivated.request_id().unwrap_or("-")
    );

    let image = "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx";
    let mut display = ProductCouponDisplayInfo::new("全场满100立打8折-新名字", image, image);
    display.detail_image_url_list.push(image.into());
    let updated = client.update_product_coupon(&UpdateProductCouponRequest::new(
        ids.product_coupon_id.clone(),
        ids.brand_id.clone(),
        RequestNo::new(format!("QSUPDATE{run_id}"))?,
        display,
    ))?;
    let product = updated.parse()?;
    println!(
        "update      product coupon {} -> {} name {:?} (Request-ID {})",
        product.product_coupon_id,
        product.state,
        product.display_info.name.as_str(),
        updated.request_id().unwrap_or("-")
    );
    Ok(())
}

fn now_beijing() -> OffsetDateTime {
    let beijing = UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC);
    OffsetDateTime::now_utc().to_offset(beijing)
}

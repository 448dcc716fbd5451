//! No public type that holds secrets, and no error the client produces, shows the merchant
//! private key or a request's `Authorization` header in `{:?}`, `{:#?}` or (for errors) `{}`.
//!
//! What counts as leaked: any body line of the merchant private key PEM, a run of the key's
//! DER bytes as `Debug` prints a byte slice or as hex, the `WECHATPAY2-SHA256-RSA2048 `
//! header prefix, and `signature="` (the Authorization parameter).
//!
//! The APIv3 key (notifications, certificate downloads) is a secret too: the test and wrong
//! APIv3 keys are among the needles no error text may contain.

#[path = "../common/mod.rs"]
mod common;

mod errors;

use common::fast_retries;

use common::use_request;

use std::collections::HashSet;
use std::net::TcpListener;
use std::time::Duration;

use base64::Engine as _;
use wechatpay_product_coupon::api::{ProductCouponDisplayInfo, UpdateProductCouponRequest};
use wechatpay_product_coupon::endpoint::{ApiRequest, ResponseModel};
use wechatpay_product_coupon::ids::ProductCouponId;
use wechatpay_product_coupon::model::UserCoupon;
use wechatpay_product_coupon::sandbox::{self, seed, Fault, Sandbox};
use wechatpay_product_coupon::signing::RequestSigner;
use wechatpay_product_coupon::{
    Client, Error, ErrorKind, MerchantPrivateKey, Method, PlatformCertificate, RateLimits,
    RetryPolicy, WechatPayPublicKey,
};

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

/// The merchant private key's DER bytes.
fn key_der() -> Vec<u8> {
    let b64: String = common::pem_body_lines(sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM).concat();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("the test key PEM is Base64")
}

/// Every text that would show that the private key or a signed header leaked.
fn forbidden() -> Vec<String> {
    let pem = sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM;
    let mut needles = common::pem_body_lines(pem);
    let der = key_der();
    // Byte runs from the middle of the key (private exponent and primes), printed as a
    // `Debug` byte slice would print them and as hex.
    for start in (der.len() / 4..der.len() - 16).step_by(97) {
        let run = &der[start..start + 12];
        let debug = format!("{run:?}");
        needles.push(debug.trim_matches(['[', ']']).to_owned());
        needles.push(run.iter().map(|b| format!("{b:02x}")).collect());
        needles.push(run.iter().map(|b| format!("{b:02X}")).collect());
    }
    // The APIv3 keys of the tests.
    needles.push(sandbox::TEST_APIV3_KEY.to_owned());
    needles.push(WRONG_APIV3_KEY.to_owned());
    needles.push(format!("{} ", wechatpay_product_coupon::signing::SCHEME));
    needles.push("WECHATPAY2-SHA256-RSA2048 ".to_owned());
    needles.push("signature=\"".to_owned());
    needles
}

/// The first forbidden text `text` contains, if any.
fn leak_in(text: &str) -> Option<String> {
    forbidden().into_iter().find(|needle| text.contains(needle))
}

fn assert_clean_text(what: &str, format: &str, text: &str) {
    if let Some(needle) = leak_in(text) {
        panic!("{what} {format} leaks {needle:?}:\n{text}");
    }
}

/// `{:?}` and `{:#?}` of `value` contain nothing forbidden.
fn assert_debug_clean(what: &str, value: &impl std::fmt::Debug) {
    assert_clean_text(what, "{:?}", &format!("{value:?}"));
    assert_clean_text(what, "{:#?}", &format!("{value:#?}"));
}

/// `{:?}`, `{:#?}` and `{}` of the error, and of each error in its source chain, contain
/// nothing forbidden.
fn assert_error_clean(what: &str, err: &Error) {
    assert_debug_clean(what, err);
    assert_clean_text(what, "{}", &err.to_string());
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        assert_clean_text(what, "source {}", &inner.to_string());
        assert_clean_text(what, "source {:?}", &format!("{inner:?}"));
        source = inner.source();
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn merchant_key() -> MerchantPrivateKey {
    MerchantPrivateKey::from_pem(sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM).expect("test key loads")
}

/// The error of one use call through `client`, after queueing `fault` (if any).
fn use_error(sandbox: &Sandbox, client: &Client, fault: Option<Fault>, code: &str) -> Error {
    if let Some(fault) = fault {
        sandbox.push_fault(fault);
    }
    client
        .use_coupon(&use_request(code, "MCHUSESECRETS01"))
        .expect_err("the call fails")
}

// ---------------------------------------------------------------------------------------------
// Types holding secrets
// ---------------------------------------------------------------------------------------------

#[test]
fn the_checks_catch_a_leak() {
    let pem = sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM;
    assert!(leak_in(pem).is_some(), "the PEM itself must be caught");
    for line in common::pem_body_lines(pem) {
        assert!(leak_in(&format!("key: {line}")).is_some());
    }
    let header = "Authorization: WECHATPAY2-SHA256-RSA2048 mchid=\"1\",signature=\"abc\"";
    assert!(
        leak_in(header).is_some(),
        "an Authorization header must be caught"
    );
    assert!(leak_in("signature=\"abc\"").is_some());
    let der = key_der();
    assert!(
        leak_in(&format!("{der:?}")).is_some(),
        "DER as a byte slice"
    );
    let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
    assert!(leak_in(&hex).is_some(), "DER as hex");
    assert!(leak_in("nothing to see").is_none());
}

#[test]
fn merchant_private_key_debug_shows_no_key_material() {
    assert_debug_clean("MerchantPrivateKey", &merchant_key());
}

#[test]
fn request_signer_debug_shows_no_key_material() -> Result<(), Error> {
    let signer = RequestSigner::new(sandbox::MCHID, sandbox::MERCHANT_SERIAL, merchant_key())?;
    // A signer that has signed is no different.
    let nonce = signer.nonce()?;
    signer.authorization("GET", "/v3/x", b"", 1_700_000_000, nonce.as_str())?;
    assert_debug_clean("RequestSigner", &signer);
    Ok(())
}

#[test]
fn client_builder_and_client_debug_show_no_key_material() -> Result<(), Error> {
    let sandbox = Sandbox::start()?;
    let builder = sandbox
        .client_builder()?
        .platform_certificate(Sandbox::platform_certificate()?);
    assert_debug_clean("ClientBuilder", &builder);
    let client = builder.build()?;
    assert_debug_clean("Client", &client);
    // After calls (signing happened), the client still shows nothing.
    client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSESECRETS02"))?;
    assert_debug_clean("Client after a call", &client);
    Ok(())
}

#[test]
fn sandbox_debug_shows_no_key_material() -> Result<(), Error> {
    let sandbox = Sandbox::start()?;
    sandbox
        .client()?
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSESECRETS03"))?;
    assert_debug_clean("Sandbox", &sandbox);
    Ok(())
}

/// An APIv3 key that is not the sandbox's.
const WRONG_APIV3_KEY: &str = "WRONG0TEST0ONLY0APIV3KEY00000001";

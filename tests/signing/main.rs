//! Request signing: known-answer vectors (official and derived), the typed request body, and
//! independent cross-checks against the `openssl` CLI in both directions.

#[path = "../common/mod.rs"]
mod common;

mod openssl;
mod signer;
mod vectors;

use common::*;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use wechatpay_product_coupon::api::{
    AssociatedOrderInfo, ProductCouponDisplayInfo, UpdateProductCouponRequest, UseCouponRequest,
    UserCouponRef,
};
use wechatpay_product_coupon::endpoint::{ApiRequest, Method};
use wechatpay_product_coupon::signing::{self, RequestSigner, NONCE_LEN, SCHEME};
use wechatpay_product_coupon::{target, Error, MerchantPrivateKey};

const MCHID: &str = "1900000001";
const SERIAL: &str = "0C4AEF34B89340881BB2B25226393DC2E47F094B";
const TIMESTAMP: i64 = 1554208460;
const NONCE: &str = "593BEC0C930BF1AFEB40B4A08C8FB242";

const GET_TARGET: &str = "/v3/marketing/partner/product-coupon/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code_123456?product_coupon_id=1000000013&stock_id=1000000013001&appid=wx233544546545989&brand_id=120344";
const PATCH_TARGET: &str = "/v3/marketing/partner/product-coupon/product-coupons/1000000013";
const PATCH_BODY: &str = r#"{"out_request_no":"12345_20250101_A3489","display_info":{"name":"全场满100立打8折-新名字","image_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx","background_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx","detail_image_url_list":["https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"]},"brand_id":"120344"}"#;

fn sandbox_key_path() -> PathBuf {
    sandbox_path("merchant_private_key.pem")
}

fn vector_str(v: &serde_json::Value, vector: &str, field: &str) -> String {
    v[vector][field]
        .as_str()
        .unwrap_or_else(|| panic!("derived_vectors.json: {vector}.{field} missing"))
        .to_owned()
}

fn go_key_pkcs8() -> MerchantPrivateKey {
    MerchantPrivateKey::from_pem(&read_data("go_test_private_key_pkcs8.pem")).expect("PKCS#8 key")
}

fn go_key_pkcs1() -> MerchantPrivateKey {
    MerchantPrivateKey::from_pem(&read_data("derived_go_test_private_key_pkcs1.pem"))
        .expect("PKCS#1 key")
}

fn signer(key: MerchantPrivateKey) -> RequestSigner {
    RequestSigner::new(MCHID, SERIAL, key).expect("valid signer")
}

fn expected_header(nonce: &str, signature: &str, timestamp: i64, serial: &str) -> String {
    format!(
        "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{serial}\""
    )
}

/// Signs `message` with `openssl dgst -sha256 -sign key` and returns the signature in Base64.
fn openssl_sign_base64(scratch: &Scratch, key: &Path, message: &[u8]) -> String {
    let msg = scratch.write("openssl-msg.bin", message);
    let sig = scratch.path("openssl-sig.bin");
    let (ok, _, err) = openssl([
        OsStr::new("dgst"),
        OsStr::new("-sha256"),
        OsStr::new("-sign"),
        key.as_os_str(),
        OsStr::new("-out"),
        sig.as_os_str(),
        msg.as_os_str(),
    ]);
    assert!(ok, "openssl dgst -sign failed: {err}");
    let raw = std::fs::read(&sig).expect("openssl wrote the signature");
    base64::engine::general_purpose::STANDARD.encode(raw)
}

/// Derives the public key of `key` with `openssl pkey -pubout`.
fn openssl_public_key(scratch: &Scratch, key: &Path) -> PathBuf {
    let public = scratch.path("pub.pem");
    let (ok, _, err) = openssl([
        OsStr::new("pkey"),
        OsStr::new("-in"),
        key.as_os_str(),
        OsStr::new("-pubout"),
        OsStr::new("-out"),
        public.as_os_str(),
    ]);
    assert!(ok, "openssl pkey -pubout failed: {err}");
    public
}

/// Whether `openssl dgst -sha256 -verify pub -signature sig` accepts `signature_b64` over `message`.
fn openssl_verifies(scratch: &Scratch, public: &Path, message: &[u8], signature_b64: &str) -> bool {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(signature_b64)
        .expect("our signature is Base64");
    let msg = scratch.write("verify-msg.bin", message);
    let sig = scratch.write("verify-sig.bin", &raw);
    let (ok, stdout, _) = openssl([
        OsStr::new("dgst"),
        OsStr::new("-sha256"),
        OsStr::new("-verify"),
        public.as_os_str(),
        OsStr::new("-signature"),
        sig.as_os_str(),
        msg.as_os_str(),
    ]);
    ok && String::from_utf8_lossy(&stdout).contains("Verified OK")
}

fn cross_check_messages() -> Vec<(&'static str, Vec<u8>)> {
    let ten_kb: Vec<u8> = (0..10 * 1024)
        .map(|i| b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789{}\":,\n"[i % 68])
        .collect();
    vec![
        ("ascii", b"source".to_vec()),
        (
            "ascii canonical request",
            signing::canonical_request("GET", GET_TARGET, TIMESTAMP, NONCE, b""),
        ),
        (
            "utf-8 chinese",
            "全场满100立打8折-新名字 商品券".as_bytes().to_vec(),
        ),
        (
            "utf-8 canonical request",
            signing::canonical_request(
                "PATCH",
                PATCH_TARGET,
                TIMESTAMP,
                NONCE,
                PATCH_BODY.as_bytes(),
            ),
        ),
        ("empty", Vec::new()),
        (
            "empty body canonical request",
            signing::canonical_request("POST", "/v3/x", TIMESTAMP, NONCE, b""),
        ),
        ("10 KB", ten_kb),
    ]
}

fn cross_check_keys() -> Vec<(&'static str, PathBuf)> {
    vec![
        ("go PKCS#8", data_path("go_test_private_key_pkcs8.pem")),
        (
            "go PKCS#1",
            data_path("derived_go_test_private_key_pkcs1.pem"),
        ),
        ("java merchant", data_path("java_merchant_private_key.pem")),
        ("sandbox merchant", sandbox_key_path()),
    ]
}

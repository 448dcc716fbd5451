//! Who the sandbox is: the simulated merchant (service provider) and WeChat Pay, with their
//! IDs, serials and **test-only** keys (`src/sandbox/test_keys/`, public on purpose).

use std::path::PathBuf;

/// The sandbox merchant ID (service provider).
pub const MCHID: &str = "1900000001";
/// Serial of the sandbox merchant certificate (`merchant_certificate.pem`).
pub const MERCHANT_SERIAL: &str = "5A4E44424F58000000000000000000000001";
/// ID of the sandbox WeChat Pay public key.
pub const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001";
/// Serial of the sandbox platform certificate (a key of its own, not the public key's).
pub const PLATFORM_SERIAL: &str = "5A4E44424F58000000000000000000000002";

/// TEST-ONLY merchant private key (PKCS#8).
pub const TEST_MERCHANT_PRIVATE_KEY_PEM: &str = include_str!("test_keys/merchant_private_key.pem");
/// TEST-ONLY merchant certificate.
pub const TEST_MERCHANT_CERTIFICATE_PEM: &str = include_str!("test_keys/merchant_certificate.pem");
/// TEST-ONLY WeChat Pay public key (SPKI), ID [`PUBLIC_KEY_ID`].
pub const TEST_WECHATPAY_PUBLIC_KEY_PEM: &str = include_str!("test_keys/wechatpay_public_key.pem");
/// TEST-ONLY WeChat Pay private key: signs responses in public-key mode.
pub const TEST_WECHATPAY_PRIVATE_KEY_PEM: &str =
    include_str!("test_keys/wechatpay_private_key.pem");
/// TEST-ONLY platform certificate, serial [`PLATFORM_SERIAL`].
pub const TEST_PLATFORM_CERTIFICATE_PEM: &str =
    include_str!("test_keys/wechatpay_platform_certificate.pem");
/// TEST-ONLY platform certificate private key: signs responses in certificate mode.
pub const TEST_PLATFORM_PRIVATE_KEY_PEM: &str =
    include_str!("test_keys/wechatpay_platform_private_key.pem");

/// TEST-ONLY APIv3 key (32 bytes): the sandbox encrypts notifications and certificate
/// downloads with it. Configure the same key in the client under test.
pub const TEST_APIV3_KEY: &str = "SANDBOX0TEST0ONLY0APIV3KEY000001";

/// Path of a shipped test key file, e.g. `test_key_path("merchant_private_key.pem")`.
/// Points into this crate's source tree, for programs in other languages.
///
/// ```
/// let path = wechatpay_product_coupon::sandbox::test_key_path("merchant_private_key.pem");
/// assert!(path.exists());
/// ```
pub fn test_key_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/sandbox/test_keys")
        .join(file)
}

/// A client configuration for a sandbox at `base_url`, in the JSON that the C ABI's
/// `wpc_client_new_from_json` reads (`ffi/src/config.rs`): mchid, merchant serial, the
/// **test-only** keys as file paths ([`test_key_path`], public-key mode) and the test APIv3
/// key. The standalone sandbox (`examples/sandbox.rs`) prints it and writes it to a file.
///
/// ```
/// use wechatpay_product_coupon::sandbox::{self, Sandbox};
/// let sandbox = Sandbox::start()?;
/// let json: serde_json::Value = serde_json::from_str(&sandbox::c_client_config_json(&sandbox.base_url()))?;
/// assert_eq!(json["base_url"], sandbox.base_url());
/// assert_eq!(json["wechatpay_public_key_id"], sandbox::PUBLIC_KEY_ID);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn c_client_config_json(base_url: &str) -> String {
    let path = |file: &str| test_key_path(file).display().to_string();
    serde_json::json!({
        "mchid": MCHID,
        "merchant_serial": MERCHANT_SERIAL,
        "private_key_file": path("merchant_private_key.pem"),
        "wechatpay_public_key_id": PUBLIC_KEY_ID,
        "wechatpay_public_key_file": path("wechatpay_public_key.pem"),
        "base_url": base_url,
        "apiv3_key": TEST_APIV3_KEY,
    })
    .to_string()
}

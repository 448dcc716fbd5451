//! Helpers shared by the integration tests: test-data paths, PEM body lines, scratch
//! directories and the `openssl` CLI used for independent cross-checks.
// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn data_path(name: &str) -> PathBuf {
    manifest().join("tests/data").join(name)
}

pub fn read_data(name: &str) -> String {
    std::fs::read_to_string(data_path(name))
        .unwrap_or_else(|e| panic!("cannot read tests/data/{name}: {e}"))
}

/// A shipped sandbox test key file.
pub fn sandbox_path(name: &str) -> PathBuf {
    manifest().join("src/sandbox/test_keys").join(name)
}

/// The non-empty lines strictly between the BEGIN and END lines of every PEM block
/// (RFC 1421 header lines such as `Proc-Type:` excluded).
pub fn pem_body_lines(pem: &str) -> Vec<String> {
    let mut inside = false;
    let mut lines = Vec::new();
    for line in pem.lines().map(str::trim) {
        if line.starts_with("-----BEGIN ") {
            inside = true;
        } else if line.starts_with("-----END ") {
            inside = false;
        } else if inside && !line.is_empty() && !line.contains(':') {
            lines.push(line.to_owned());
        }
    }
    assert!(!lines.is_empty(), "expected a PEM body");
    lines
}

/// A scratch directory under the system temp dir, unique per test, removed on drop.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(tag: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "wpc-{tag}-{}-{n}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write scratch file");
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `openssl` and returns (success, stdout, stderr).
pub fn openssl<I, S>(args: I) -> (bool, Vec<u8>, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("the openssl CLI must be installed for these cross-checks");
    (
        out.status.success(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A `use` request for the seed openid/product coupon/stock/appid/brand (the official
/// examples' IDs, which the sandbox is seeded with). `use_time` is fixed, so repeating the
/// request sends the same body.
pub fn use_request(
    coupon_code: &str,
    out_request_no: &str,
) -> wechatpay_product_coupon::request::UseCouponRequest {
    use wechatpay_product_coupon::request::{AssociatedOrderInfo, UseCouponRequest};
    UseCouponRequest {
        openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
        coupon_code: coupon_code.into(),
        product_coupon_id: "1000000013".into(),
        stock_id: "1000000013001".into(),
        appid: "wx233544546545989".into(),
        use_time: time::macros::datetime!(2025-08-03 12:00:00 +08:00),
        out_request_no: out_request_no.into(),
        brand_id: "120344".into(),
        associated_order_info: Some(AssociatedOrderInfo {
            transaction_id: Some("4200000000123456789123456789".into()),
            ..Default::default()
        }),
        associated_pay_score_order_info: None,
        store_id: None,
    }
}

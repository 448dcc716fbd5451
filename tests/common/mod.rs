//! Helpers shared by the test crates, one copy each: test-data paths and readers, PEM body
//! lines, scratch directories, the `openssl` CLI used for independent cross-checks, the
//! notification [`Receiver`], and (with the `sandbox` feature) the helpers of the
//! sandbox-backed crates: the error unwrappers, the sandbox identity, and raw HTTP/1.1 to the
//! sandbox over a `TcpStream` ([`RawRequest`], [`RawAnswer`]).
//!
//! Every test crate includes this module (`#[path = "../common/mod.rs"] mod common;` from a
//! `tests/<crate>/main.rs`, `mod common;` from a `tests/<crate>.rs`).
// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

#[cfg(feature = "client")]
mod network;
#[cfg(feature = "sandbox")]
mod raw_http;
mod receiver;
#[cfg(feature = "sandbox")]
mod sandbox;

#[cfg(feature = "client")]
#[allow(unused_imports)] // each test crate uses a different subset
pub use network::{connect_proxy, fixed_answer, tls_relay, TestCa};
#[cfg(feature = "sandbox")]
#[allow(unused_imports)] // each test crate uses a different subset
pub use raw_http::{RawAnswer, RawRequest};
#[allow(unused_imports)] // each test crate uses a different subset
pub use receiver::{ReceivedNotification, Receiver};
#[cfg(feature = "sandbox")]
#[allow(unused_imports)] // each test crate uses a different subset
pub use sandbox::*;

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

/// A file of `tests/data`, as bytes.
pub fn read_bytes(name: &str) -> Vec<u8> {
    std::fs::read(data_path(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

/// A JSON file of `tests/data`.
pub fn read_json(name: &str) -> serde_json::Value {
    serde_json::from_slice(&read_bytes(name)).unwrap_or_else(|e| panic!("parsing {name}: {e}"))
}

/// `tests/data/derived_vectors.json`.
pub fn derived() -> serde_json::Value {
    serde_json::from_str(&read_data("derived_vectors.json")).expect("derived_vectors.json parses")
}

/// The key ID the pure tests give the public test keys.
pub const PUB_KEY_ID: &str = "PUB_KEY_ID_illustrative";

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

/// The seed requests: one copy, in `sandbox::seed`, shared with the benches and examples;
/// here unwrapped, since the tests pass valid identifiers.
#[cfg(feature = "sandbox")]
#[allow(dead_code)] // each test crate uses a different subset
pub fn use_request(
    coupon_code: &str,
    out_request_no: &str,
) -> wechatpay_product_coupon::api::UseCouponRequest {
    wechatpay_product_coupon::sandbox::seed::use_request(coupon_code, out_request_no)
        .expect("a valid seed use request")
}

/// [`use_request`]'s twin for deactivations.
#[cfg(feature = "sandbox")]
#[allow(dead_code)]
pub fn deactivate_request(
    coupon_code: &str,
    out_request_no: &str,
) -> wechatpay_product_coupon::api::DeactivateCouponRequest {
    wechatpay_product_coupon::sandbox::seed::deactivate_request(coupon_code, out_request_no)
        .expect("a valid seed deactivate request")
}

/// [`use_request`]'s twin for product coupon updates.
#[cfg(feature = "sandbox")]
#[allow(dead_code)]
pub fn update_request(
    out_request_no: &str,
    name: &str,
) -> wechatpay_product_coupon::api::UpdateProductCouponRequest {
    wechatpay_product_coupon::sandbox::seed::update_request(out_request_no, name)
        .expect("a valid seed update request")
}

/// Retries with tiny backoffs, so the tests do not wait.
#[cfg(feature = "client")]
pub fn fast_retries(max_attempts: u32) -> wechatpay_product_coupon::RetryPolicy {
    use std::time::Duration;
    wechatpay_product_coupon::RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        max_elapsed: Duration::from_secs(10),
    }
}

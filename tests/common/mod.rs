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

/// The seed requests: one copy, in `sandbox::seed`, shared with the benches and examples.
#[cfg(feature = "sandbox")]
#[allow(unused_imports)] // each test crate uses a different subset
pub use wechatpay_product_coupon::sandbox::seed::{
    deactivate_request, update_request, use_request,
};

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

/// A notification received by [`Receiver`]: headers (names lower-cased) and the raw body.
#[derive(Debug, Clone)]
pub struct ReceivedNotification {
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

impl ReceivedNotification {
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.headers.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

/// A minimal HTTP receiver on 127.0.0.1 for notifications: records each POST and answers
/// with the next status of `statuses` (then 204).
pub struct Receiver {
    pub url: String,
    received: std::sync::Arc<std::sync::Mutex<Vec<ReceivedNotification>>>,
}

impl Receiver {
    pub fn start(statuses: Vec<u16>) -> Receiver {
        use std::io::{BufRead, BufReader, Read, Write};
        use std::sync::{Arc, Mutex};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind receiver");
        let url = format!(
            "http://{}/wxpay/notify",
            listener.local_addr().expect("addr")
        );
        let received = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&received);
        let statuses = Arc::new(Mutex::new(statuses.into_iter()));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let mut reader = BufReader::new(stream);
                let mut headers = Vec::new();
                let mut line = String::new();
                let mut ok = reader.read_line(&mut line).is_ok(); // request line
                let mut length = 0usize;
                while ok {
                    line.clear();
                    ok = reader.read_line(&mut line).is_ok_and(|n| n > 0);
                    let trimmed = line.trim_end();
                    if trimmed.is_empty() {
                        break;
                    }
                    if let Some((k, v)) = trimmed.split_once(':') {
                        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_owned());
                        if k == "content-length" {
                            length = v.parse().unwrap_or(0);
                        }
                        headers.push((k, v.into_bytes()));
                    }
                }
                let mut body = vec![0u8; length];
                if reader.read_exact(&mut body).is_err() {
                    continue;
                }
                sink.lock()
                    .expect("lock")
                    .push(ReceivedNotification { headers, body });
                let status = statuses.lock().expect("lock").next().unwrap_or(204);
                let reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
                let _ = reader.get_mut().write_all(reply.as_bytes());
            }
        });
        Receiver { url, received }
    }

    pub fn received(&self) -> Vec<ReceivedNotification> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits (up to 10 s) until `n` notifications arrived.
    pub fn wait_for(&self, n: usize) -> Vec<ReceivedNotification> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let got = self.received();
            if got.len() >= n || std::time::Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

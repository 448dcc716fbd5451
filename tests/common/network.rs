//! Small servers on 127.0.0.1 for the network tests: a TLS relay whose certificate no root
//! trusts (a throwaway CA made with the `openssl` CLI at test time — TEST-ONLY keys, never
//! written to the repository), an HTTP CONNECT proxy that records what it was asked, and a
//! server that answers fixed bytes.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::{openssl, Scratch};

/// A throwaway CA and a leaf for `127.0.0.1` signed by it (TEST-ONLY, made per test).
pub struct TestCa {
    /// The CA certificate, PEM.
    pub ca_pem: Vec<u8>,
    leaf_pem: Vec<u8>,
    leaf_key_pem: Vec<u8>,
}

impl TestCa {
    pub fn generate() -> TestCa {
        let dir = Scratch::new("tls-ca");
        let path = |n: &str| dir.path(n).to_string_lossy().into_owned();
        let ext = dir.write(
            "leaf.ext",
            b"subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        );
        let steps: [Vec<String>; 3] = [
            [
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=wpc TEST-ONLY CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain([
                "-keyout".into(),
                path("ca.key"),
                "-out".into(),
                path("ca.pem"),
            ])
            .collect(),
            [
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-subj",
                "/CN=127.0.0.1",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain([
                "-keyout".into(),
                path("leaf.key"),
                "-out".into(),
                path("leaf.csr"),
            ])
            .collect(),
            ["x509", "-req", "-days", "2", "-set_serial", "2"]
                .iter()
                .map(|s| s.to_string())
                .chain([
                    "-in".into(),
                    path("leaf.csr"),
                    "-CA".into(),
                    path("ca.pem"),
                    "-CAkey".into(),
                    path("ca.key"),
                    "-extfile".into(),
                    ext.to_string_lossy().into_owned(),
                    "-out".into(),
                    path("leaf.pem"),
                ])
                .collect(),
        ];
        for args in steps {
            let (ok, _, stderr) = openssl(&args);
            assert!(ok, "openssl {args:?}: {stderr}");
        }
        let read = |n: &str| std::fs::read(dir.path(n)).expect("openssl wrote it");
        TestCa {
            ca_pem: read("ca.pem"),
            leaf_pem: read("leaf.pem"),
            leaf_key_pem: read("leaf.key"),
        }
    }

    fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let chain = CertificateDer::pem_slice_iter(&self.leaf_pem)
            .collect::<Result<Vec<_>, _>>()
            .expect("leaf PEM");
        let key = PrivateKeyDer::from_pem_slice(&self.leaf_key_pem).expect("leaf key PEM");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("leaf and key match");
        Arc::new(config)
    }
}

/// A TLS server on 127.0.0.1 with the leaf of `ca`. Each connection is handshaken; when
/// the handshake succeeds, the HTTP exchanges on it are relayed to `upstream` (an
/// `http://127.0.0.1:port`, e.g. a sandbox). Returns the `https://` base URL and the number
/// of connections accepted.
pub fn tls_relay(ca: &TestCa, upstream: &str) -> (String, Arc<AtomicUsize>) {
    let config = ca.server_config();
    let upstream = upstream.trim_start_matches("http://").to_owned();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            let config = config.clone();
            let upstream = upstream.clone();
            thread::spawn(move || {
                let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
                let Ok(conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                // One exchange after another until the client closes or the handshake fails.
                while let Some(request) = read_message(&mut tls) {
                    let Ok(mut up) = TcpStream::connect(&upstream) else {
                        return;
                    };
                    if up.write_all(&request).is_err() {
                        return;
                    }
                    let Some(answer) = read_message(&mut up) else {
                        return;
                    };
                    if tls.write_all(&answer).and_then(|_| tls.flush()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (format!("https://127.0.0.1:{port}"), accepted)
}

/// One HTTP/1.1 message (head and `Content-Length` body), or `None` at EOF or on an error.
pub fn read_message(stream: &mut impl Read) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(head) = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4) {
            let text = String::from_utf8_lossy(&buf[..head]).to_ascii_lowercase();
            let length = text
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= head + length {
                buf.truncate(head + length);
                return Some(buf);
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// An HTTP CONNECT proxy on 127.0.0.1: records each request line (`CONNECT host:port
/// HTTP/1.1`), opens the tunnel and copies bytes both ways. Returns its URL and the lines.
pub fn connect_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let seen = lines.clone();
    thread::spawn(move || {
        for mut client in listener.incoming().flatten() {
            let seen = seen.clone();
            thread::spawn(move || {
                let Some(head) = read_message(&mut client) else {
                    return;
                };
                let text = String::from_utf8_lossy(&head).into_owned();
                let line = text.lines().next().unwrap_or_default().to_owned();
                seen.lock().expect("lock").push(line.clone());
                let target = line.split(' ').nth(1).unwrap_or_default().to_owned();
                let Ok(upstream) = TcpStream::connect(&target) else {
                    let _ =
                        client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
                    return;
                };
                if client
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .is_err()
                {
                    return;
                }
                let (Ok(mut c2), Ok(mut u2)) = (client.try_clone(), upstream.try_clone()) else {
                    return;
                };
                let (mut c1, mut u1) = (client, upstream);
                thread::spawn(move || {
                    let _ = std::io::copy(&mut c2, &mut u2);
                    let _ = u2.shutdown(std::net::Shutdown::Write);
                });
                let _ = std::io::copy(&mut u1, &mut c1);
                let _ = c1.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    (format!("http://127.0.0.1:{port}"), lines)
}

/// A server on 127.0.0.1 that reads each request, waits `delay`, answers `answer` and
/// closes. Returns its base URL.
pub fn fixed_answer(answer: Vec<u8>, delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let answer = answer.clone();
            thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                if read_message(&mut stream).is_none() {
                    return;
                }
                thread::sleep(delay);
                let _ = stream.write_all(&answer);
            });
        }
    });
    format!("http://127.0.0.1:{port}")
}

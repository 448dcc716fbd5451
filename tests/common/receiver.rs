//! A minimal HTTP receiver for the notifications the sandbox delivers.

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

//! Notification delivery, as WeChat Pay does it (docs/protocol-notes.md §5): the payload encrypted with the
//! APIv3 key ([`TEST_APIV3_KEY`], AES-256-GCM, a fresh 12-character nonce, AAD
//! `product_coupon`) inside the documented envelope, signed with the WeChat Pay key
//! (`Wechatpay-Serial` = [`PUBLIC_KEY_ID`](super::PUBLIC_KEY_ID)), POSTed to the notify URL. Anything but a 2xx
//! answer within 5 s is retried, a bounded number of times, with the same notification `id`
//! and a fresh signature.
//!
//! The real schedule is not officially documented (the community mirror says every 60 s, up
//! to 11 times); the sandbox compresses it to [`RETRY_DELAYS`] so that tests stay fast.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};
use serde_json::json;
use time::OffsetDateTime;

use super::gateway::{self, Gateway, Signer};
use super::identity::TEST_APIV3_KEY;
use super::seed::beijing_text;
use crate::protocol::aead::ApiV3Key;
use crate::protocol::headers;

/// A notification a store wants delivered: the sandbox encrypts, signs and POSTs it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutgoingEvent {
    /// Where to POST it (the notify URL when the event happened).
    pub(crate) url: String,
    /// The event type, e.g. `PRODUCT_COUPON_SP.SEND`.
    pub(crate) event_type: &'static str,
    /// The payload before encryption.
    pub(crate) payload: serde_json::Value,
}

/// The waits between delivery attempts: 5 attempts in all.
pub const RETRY_DELAYS: [Duration; 4] = [
    Duration::from_millis(100),
    Duration::from_millis(200),
    Duration::from_millis(400),
    Duration::from_millis(800),
];
/// How long the receiver has to answer (the documented 5 seconds).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);
/// The associated data of notification resources.
const AAD: &str = "product_coupon";

/// One notification the sandbox sent (or tried to), for tests to inspect.
///
/// ```
/// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
/// let sandbox = Sandbox::start()?;
/// // No notify URL is set: a send notifies nobody.
/// sandbox.client()?.send_coupon(&seed::send_request("MCHSEND0001")?)?;
/// assert!(sandbox.notification_deliveries().is_empty());
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NotificationDelivery {
    /// The notification `id` (the same on every attempt).
    pub id: String,
    /// The event type, e.g. `PRODUCT_COUPON_SP.SEND`.
    pub event_type: String,
    /// Where it was POSTed.
    pub url: String,
    /// Each attempt's outcome: the HTTP status, or the connection error.
    pub attempts: Vec<Result<u16, String>>,
    /// Whether an attempt got a 2xx answer.
    pub delivered: bool,
    /// Whether attempts are over (delivered, or every retry used).
    pub finished: bool,
}

/// The deliveries of a sandbox.
pub(crate) struct Notifier {
    apiv3_key: Option<ApiV3Key>,
    rng: SystemRandom,
    agent: ureq::Agent,
    deliveries: Mutex<Vec<NotificationDelivery>>,
    stopping: AtomicBool,
}

impl Notifier {
    pub(crate) fn new() -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(ANSWER_TIMEOUT))
            .proxy(None)
            // ureq has no roots of its own (see `client::tls`): an `https` notify URL is
            // checked against Mozilla's, as the client's calls are.
            .tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(crate::client::tls::mozilla_roots())
                    .build(),
            )
            .build()
            .new_agent();
        Notifier {
            apiv3_key: ApiV3Key::new(TEST_APIV3_KEY).ok(),
            rng: SystemRandom::new(),
            agent,
            deliveries: Mutex::new(Vec::new()),
            stopping: AtomicBool::new(false),
        }
    }

    /// Stops retrying (the sandbox is shutting down).
    pub(crate) fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    pub(crate) fn deliveries(&self) -> Vec<NotificationDelivery> {
        lock(&self.deliveries).clone()
    }

    /// Delivers `event` on a thread of its own; `now` dates the envelope.
    pub(crate) fn spawn(
        self: &Arc<Self>,
        gateway: Arc<Gateway>,
        event: OutgoingEvent,
        now: impl Fn() -> OffsetDateTime + Send + 'static,
    ) {
        self.spawn_after(Duration::ZERO, gateway, event, now);
    }

    /// Delivers `event` after `delay` (e.g. when an image-generation task is done), on a
    /// thread of its own; the delivery is listed (without attempts) from now on.
    pub(crate) fn spawn_after(
        self: &Arc<Self>,
        delay: Duration,
        gateway: Arc<Gateway>,
        event: OutgoingEvent,
        now: impl Fn() -> OffsetDateTime + Send + 'static,
    ) {
        let id = self.uuid();
        let index = {
            let mut deliveries = lock(&self.deliveries);
            deliveries.push(NotificationDelivery {
                id: id.clone(),
                event_type: event.event_type.to_owned(),
                url: event.url.clone(),
                attempts: Vec::new(),
                delivered: false,
                finished: false,
            });
            deliveries.len() - 1
        };
        let notifier = Arc::clone(self);
        std::thread::spawn(move || {
            if !delay.is_zero() {
                std::thread::sleep(delay);
                if notifier.stopping.load(Ordering::SeqCst) {
                    // The sandbox stopped while the task ran: nothing is attempted.
                    if let Some(record) = lock(&notifier.deliveries).get_mut(index) {
                        record.finished = true;
                    }
                    return;
                }
            }
            let body = notifier.envelope(&id, &event, now());
            let mut delays = RETRY_DELAYS.iter();
            loop {
                let outcome = notifier.post(&gateway, &event.url, &body, now().unix_timestamp());
                let delivered = matches!(outcome, Ok(200..=299));
                let mut deliveries = lock(&notifier.deliveries);
                // The list only grows, so `index` stays valid; never panic if it did not.
                let Some(record) = deliveries.get_mut(index) else {
                    return;
                };
                record.attempts.push(outcome);
                record.delivered = delivered;
                let delay = match delays.next() {
                    Some(d) if !delivered && !notifier.stopping.load(Ordering::SeqCst) => *d,
                    _ => {
                        record.finished = true;
                        return;
                    }
                };
                drop(deliveries);
                std::thread::sleep(delay);
            }
        });
    }

    /// The envelope of `event`: id, times, type, summary and the encrypted resource.
    fn envelope(&self, id: &str, event: &OutgoingEvent, now: OffsetDateTime) -> Vec<u8> {
        let plaintext = event.payload.to_string();
        let nonce = self.nonce();
        let ciphertext = self
            .apiv3_key
            .as_ref()
            .and_then(|key| key.encrypt(&nonce, AAD, plaintext.as_bytes()).ok())
            .unwrap_or_default();
        let envelope = json!({
            "id": id,
            "create_time": beijing_text(now),
            "resource_type": "encrypt-resource",
            "event_type": event.event_type,
            "summary": "商品券通知",
            "resource": {
                "original_type": "product_coupon",
                "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": ciphertext,
                "associated_data": AAD,
                "nonce": nonce,
            },
        });
        serde_json::to_vec(&envelope).unwrap_or_default()
    }

    /// One attempt: signs `body` afresh and POSTs it.
    fn post(&self, gateway: &Gateway, url: &str, body: &[u8], now: i64) -> Result<u16, String> {
        let request_id = format!("08SANDBOXNOTIFY{}-0", self.uuid().replace('-', ""));
        let signed = gateway.signed(
            Signer::PublicKey,
            now,
            gateway::response(200, &request_id, body.to_vec()),
            None,
        );
        let mut request = self.agent.post(url);
        for (name, value) in &signed.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        request = request.header(headers::USER_AGENT, "Mozilla/4.0 (WeChat Pay sandbox)");
        match request.send(body) {
            Ok(response) => Ok(response.status().as_u16()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// 12 characters of `[0-9A-Za-z]`: the AES-GCM nonce.
    fn nonce(&self) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut bytes = [0u8; 12];
        if self.rng.fill(&mut bytes).is_err() {
            bytes = [7; 12];
        }
        bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect()
    }

    /// A random UUID-shaped notification id (36 characters, as documented).
    fn uuid(&self) -> String {
        let mut bytes = [0u8; 16];
        if self.rng.fill(&mut bytes).is_err() {
            bytes = [9; 16];
        }
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

//! Receiving WeChat Pay notifications with `wechatpay-product-coupon` in the two web
//! frameworks Rust services use most: [`axum_receiver`] (axum on tokio) and
//! [`actix_receiver`] (actix-web). Each is one short module to copy into a service.
//!
//! What every receiver does, whatever the framework ([`Receiver::receive`]):
//!
//! 1. take the request's headers and its **raw** body bytes (never re-serialized JSON: the
//!    signature covers the bytes as sent);
//! 2. verify, decrypt and parse them with [`Client::parse_notification`] (the client needs
//!    the APIv3 key: `.apiv3_key(…)`, `WECHATPAY_APIV3_KEY`, or a sandbox client);
//! 3. hand the verified [`Notification`] to your code, which records it (deduplicating by
//!    [`Notification::id`]: WeChat Pay may deliver the same notification more than once);
//! 4. answer with [`NotificationReply`]: 204 once recorded; 401/400/500 when the notification
//!    is refused or your code failed, so that WeChat Pay delivers it again.
//!
//! `parse_notification` is blocking code (pure CPU in public-key mode, but a certificate-mode
//! client may download certificates), so both handlers run it on the framework's blocking
//! pool (`tokio::task::spawn_blocking`, `actix_web::web::block`), never on the async
//! executor.
//!
//! This crate is a workspace member of its own, outside `default-members`, so that the
//! library's dependency tree does not change. Run its tests, which start the library's
//! sandbox, point its notify URL at each receiver and send a coupon:
//!
//! ```sh
//! cargo test -p wechatpay-product-coupon-receivers
//! ```

#![deny(missing_docs)]

pub mod actix_receiver;
pub mod axum_receiver;

use std::sync::Arc;

use wechatpay_product_coupon::model::Notification;
use wechatpay_product_coupon::notify::NotificationReply;
use wechatpay_product_coupon::Client;

/// The path both example routers serve (any path works: it is the notify URL you set with
/// `set_notify_config`).
pub const NOTIFY_PATH: &str = "/wxpay/notify";

/// Your processing of a verified notification: `Ok` once it is safely recorded, `Err` to
/// have WeChat Pay deliver it again later.
pub type OnNotification =
    dyn Fn(Notification) -> Result<(), Box<dyn std::error::Error + Send + Sync>> + Send + Sync;

/// A client (with the APIv3 key) and your code: the framework-independent part of a
/// receiver. Cheap to clone: handlers share it.
///
/// ```
/// use wechatpay_product_coupon::sandbox::Sandbox;
/// use wechatpay_product_coupon_receivers::Receiver;
/// let sandbox = Sandbox::start()?;
/// let receiver = Receiver::new(sandbox.client()?, |notification| {
///     println!("record {} ({})", notification.id, notification.event_type);
///     Ok(())
/// });
/// // A post that is not a signed notification is refused, and your code is not called.
/// let reply = receiver.receive(&[], b"{}");
/// assert_eq!(reply.status, 401);
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Clone)]
pub struct Receiver {
    client: Client,
    on_notification: Arc<OnNotification>,
}

impl std::fmt::Debug for Receiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver").finish_non_exhaustive()
    }
}

impl Receiver {
    /// A receiver that parses with `client` and hands each verified notification to
    /// `on_notification`.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::NotificationEvent;
    /// use wechatpay_product_coupon::sandbox::Sandbox;
    /// use wechatpay_product_coupon_receivers::Receiver;
    /// let sandbox = Sandbox::start()?;
    /// let receiver = Receiver::new(sandbox.client()?, |n| {
    ///     if let NotificationEvent::CouponSent(sent) = &n.event {
    ///         println!("coupon {} sent: confirm it", sent.coupon_code);
    ///     }
    ///     Ok(())
    /// });
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn new(
        client: Client,
        on_notification: impl Fn(Notification) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        Receiver {
            client,
            on_notification: Arc::new(on_notification),
        }
    }

    /// Verifies, decrypts and parses one notification (`headers` as received, names in any
    /// case; `body` the raw bytes), hands it to your code, and says what to answer. Blocking:
    /// call it from the framework's blocking pool.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::Sandbox;
    /// use wechatpay_product_coupon_receivers::Receiver;
    /// let sandbox = Sandbox::start()?;
    /// let receiver = Receiver::new(sandbox.client()?, |_| Ok(()));
    /// let headers = [("Wechatpay-Serial".to_owned(), b"PUB_KEY_ID_0".to_vec())];
    /// assert_eq!(receiver.receive(&headers, b"not json").status, 401);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn receive(&self, headers: &[(String, Vec<u8>)], body: &[u8]) -> NotificationReply {
        let pairs = headers.iter().map(|(k, v)| (k.as_str(), v.as_slice()));
        let notification = match self.client.parse_notification(pairs, body) {
            Ok(n) => n,
            // 401 (signature), 400 (envelope), 500 (decryption): never handed to your code.
            Err(e) => return NotificationReply::for_error(&e),
        };
        match (self.on_notification)(notification) {
            Ok(()) => NotificationReply::success(),
            // Not recorded: a failure, so that WeChat Pay delivers it again.
            Err(_) => NotificationReply::internal_error(),
        }
    }
}

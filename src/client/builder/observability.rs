//! The observability settings of [`ClientBuilder`]: the per-attempt observer and body
//! logging ([`crate::observe`]).

use std::sync::Arc;

use super::ClientBuilder;
use crate::client::observe::Attempt;

impl ClientBuilder {
    /// Calls `observer` once per HTTP exchange, with its [`Attempt`]: endpoint, attempt
    /// number, host (primary or backup), outcome, time taken and `Request-ID`; enough to feed
    /// a metrics system (the README has a Prometheus-style counter). Certificate downloads
    /// and every page of [`Client::user_coupon_pages`](crate::Client::user_coupon_pages) are
    /// observed too. A 2xx answer is observed once it has been verified (or refused).
    ///
    /// The observer runs on the calling thread, inside the call: keep it quick, and do not
    /// call the client from it. Setting it again replaces the previous one.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicU32, Ordering};
    /// use std::sync::Arc;
    /// use wechatpay_product_coupon::observe::Outcome;
    /// use wechatpay_product_coupon::{Client, Method, MerchantPrivateKey, RetryPolicy, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let key = MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?;
    /// # let public_key = WechatPayPublicKey::from_pem_file(
    /// #     "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #     format!("{dir}/wechatpay_public_key.pem"),
    /// # )?;
    /// // A port nothing listens on, so that the one attempt fails to connect.
    /// let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    /// let failed = Arc::new(AtomicU32::new(0));
    /// let counter = Arc::clone(&failed);
    /// let client = Client::builder()
    ///     .mchid("1900000001")
    ///     .merchant_serial("5A4E44424F58000000000000000000000001")
    ///     .private_key(key)
    ///     .wechatpay_public_key(public_key)
    ///     .base_url(format!("http://127.0.0.1:{port}"))
    ///     .retry_policy(RetryPolicy::none())
    ///     .observer(move |attempt| {
    ///         if matches!(attempt.outcome, Outcome::Transport(_)) {
    ///             counter.fetch_add(1, Ordering::Relaxed);
    ///         }
    ///     })
    ///     .build()?;
    /// let path = "/v3/marketing/partner/product-coupon/product-coupons/1000000013";
    /// assert!(client.call(Method::Get, path, &[("brand_id", "120344")], None).is_err());
    /// assert_eq!(failed.load(Ordering::Relaxed), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn observer(mut self, observer: impl Fn(&Attempt<'_>) + Send + Sync + 'static) -> Self {
        self.observe.observer = Some(Arc::new(observer));
        self
    }

    /// Also logs (through the `log` facade, at `debug`) the body each attempt sends and the
    /// body it receives, cut at 4 KiB. Off by default: bodies carry user IDs (`openid`) and
    /// coupon codes. Headers are never logged, so neither is the `Authorization` signature;
    /// the request body logged is the signed JSON (for an image upload, its `meta` part, not
    /// the image). Turn it on only where such logs may be kept.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// # let key = MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?;
    /// # let public_key = WechatPayPublicKey::from_pem_file(
    /// #     "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #     format!("{dir}/wechatpay_public_key.pem"),
    /// # )?;
    /// let client = Client::builder()
    ///     .mchid("1900000001")
    ///     .merchant_serial("5A4E44424F58000000000000000000000001")
    ///     .private_key(key)
    ///     .wechatpay_public_key(public_key)
    ///     .base_url("http://127.0.0.1:9")
    ///     .log_bodies(cfg!(debug_assertions)) // in development builds only
    ///     .build()?;
    /// # Ok::<(), Error>(())
    /// ```
    pub fn log_bodies(mut self, on: bool) -> Self {
        self.observe.log_bodies = on;
        self
    }
}

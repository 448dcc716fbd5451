//! The sandbox's two clocks: the gateway's ([`Sandbox::set_clock_skew`]: request window,
//! response and notification signatures) and the coupons' ([`Sandbox::set_time_offset`]:
//! validity, the times written into coupons), the second following the first; and how
//! long an image-generation task takes.

use std::sync::atomic::Ordering;
use std::time::Duration;

use time::OffsetDateTime;

use super::shared::lock;
use super::Sandbox;

impl Sandbox {
    /// Shifts the sandbox clock by `secs` (to test the client's window and skew reporting,
    /// and coupon validity).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// use wechatpay_product_coupon::ErrorKind;
    /// let sandbox = Sandbox::start()?;
    /// sandbox.set_clock_skew(120); // the gateway's clock is 2 minutes ahead
    /// let strict = sandbox.client_builder()?.timestamp_window(60).build()?;
    /// let err = strict.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Verification);
    /// assert!(err.to_string().contains("behind the server's"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn set_clock_skew(&self, secs: i64) {
        self.shared.clock_skew.store(secs, Ordering::Relaxed);
    }

    /// Moves the sandbox's date for coupons by `secs` (negative: back), to test expiry and
    /// validity windows: validity checks and the times the sandbox writes into coupons
    /// follow [`Sandbox::now`], while request timestamps and response signatures stay on the
    /// gateway's clock, so that any client, in any language, keeps talking to it unchanged.
    /// Replaces the previous offset. Seeded coupons are valid from the day before the start
    /// for 30 days ([`CouponValidity::around`](super::CouponValidity::around)): an offset
    /// of 31 days puts them past their end. (To put the gateway's whole clock off,
    /// signatures included, use [`Sandbox::set_clock_skew`].)
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, Sandbox};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.set_time_offset(31 * 24 * 3600); // a month later: the seeded coupons expired
    /// let client = sandbox.client()?; // its clock is the real one: answers still verify
    /// let err = client.use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE0001")?).unwrap_err();
    /// assert_eq!(err.api_error().map(|e| (e.status, e.code.as_str())), Some((403, "NOT_ENOUGH")));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn set_time_offset(&self, secs: i64) {
        self.shared.time_offset.store(secs, Ordering::Relaxed);
    }

    /// The offset set with [`Sandbox::set_time_offset`] (0 by default).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::Sandbox;
    /// let sandbox = Sandbox::start()?;
    /// sandbox.set_time_offset(-3600);
    /// assert_eq!(sandbox.time_offset(), -3600);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn time_offset(&self) -> i64 {
        self.shared.time_offset.load(Ordering::Relaxed)
    }

    /// The sandbox's clock for coupons (the system clock plus any skew and time offset).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::Sandbox;
    /// use wechatpay_product_coupon::time::{Duration, OffsetDateTime};
    /// let sandbox = Sandbox::start()?;
    /// sandbox.set_clock_skew(-3600);
    /// let behind = OffsetDateTime::now_utc() - sandbox.now();
    /// assert!(behind >= Duration::minutes(59) && behind <= Duration::minutes(61));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn now(&self) -> OffsetDateTime {
        self.shared.coupon_now()
    }

    /// Sets how long an image-generation task takes (2 s by default; the documents give no
    /// duration): a task created afterwards is `PROCESSING` for `delay` of sandbox time,
    /// then done, and its `PRODUCT_COUPON_SP.IMAGE_GENERATION` notification is sent after
    /// `delay`. Tests set a short one.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wechatpay_product_coupon::sandbox::Sandbox;
    /// let sandbox = Sandbox::start()?;
    /// sandbox.set_image_generation_delay(Duration::from_millis(50));
    /// assert_eq!(sandbox.image_generation_delay(), Duration::from_millis(50));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn set_image_generation_delay(&self, delay: Duration) {
        lock(&self.shared.stores).media.generation_delay = delay;
    }

    /// How long an image-generation task takes (see [`Sandbox::set_image_generation_delay`]).
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::Sandbox;
    /// let sandbox = Sandbox::start()?;
    /// assert_eq!(sandbox.image_generation_delay().as_secs(), 2);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn image_generation_delay(&self) -> Duration {
        lock(&self.shared.stores).media.generation_delay
    }
}

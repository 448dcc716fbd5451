//! [`CouponValidity`]: when a user coupon can be used.

use time::{OffsetDateTime, Weekday};

use crate::sandbox::seed::BEIJING;

/// When a sandbox coupon can be used: between `begin` and `end` (inclusive), on the listed
/// days of the week (in Beijing time). `use` outside it is `403 NOT_ENOUGH`.
///
/// ```
/// use wechatpay_product_coupon::sandbox::CouponValidity;
/// use time::{macros::datetime, Weekday};
/// let weekends = CouponValidity::new(
///     datetime!(2025-08-01 00:00:00 +08:00),
///     datetime!(2025-08-31 23:59:59 +08:00),
/// )
/// .on(&[Weekday::Saturday, Weekday::Sunday]);
/// assert_eq!(weekends.weekdays.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CouponValidity {
    /// 可用开始时间.
    pub begin: OffsetDateTime,
    /// 可用结束时间.
    pub end: OffsetDateTime,
    /// The days of the week it can be used on.
    pub weekdays: Vec<Weekday>,
}

/// Every day of the week, Monday first.
pub(crate) const EVERY_DAY: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

impl CouponValidity {
    /// Usable from `begin` to `end`, every day.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::CouponValidity;
    /// use time::macros::datetime;
    /// let august = CouponValidity::new(
    ///     datetime!(2025-08-01 00:00:00 +08:00),
    ///     datetime!(2025-08-31 23:59:59 +08:00),
    /// );
    /// assert_eq!(august.weekdays.len(), 7); // every day
    /// ```
    pub fn new(begin: OffsetDateTime, end: OffsetDateTime) -> Self {
        CouponValidity {
            begin,
            end,
            weekdays: EVERY_DAY.to_vec(),
        }
    }

    /// Usable on `weekdays` only.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::{seed, CouponValidity, Sandbox};
    /// use wechatpay_product_coupon::time::UtcOffset;
    /// let sandbox = Sandbox::start()?;
    /// let today = sandbox.now().to_offset(UtcOffset::from_hms(8, 0, 0)?).weekday(); // Beijing time
    /// let not_today = CouponValidity::around(sandbox.now()).on(&[today.previous()]);
    /// sandbox.issue_coupon_with(seed::OPENID, "Code_YESTERDAY", &not_today);
    /// let err = sandbox.client()?.use_coupon(&seed::use_request("Code_YESTERDAY", "MCHUSE0001")?).unwrap_err();
    /// assert_eq!(err.api_error().map(|e| e.status), Some(403));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn on(mut self, weekdays: &[Weekday]) -> Self {
        self.weekdays = weekdays.to_vec();
        self
    }

    /// The sandbox's default: from the start of the day before `now` (Beijing time) for 30
    /// days, every day; so seeded coupons are usable whatever the date.
    ///
    /// ```
    /// use wechatpay_product_coupon::sandbox::CouponValidity;
    /// use wechatpay_product_coupon::time::{Duration, OffsetDateTime};
    /// let now = OffsetDateTime::now_utc();
    /// let validity = CouponValidity::around(now);
    /// assert!(validity.begin < now && now < validity.end);
    /// assert_eq!(validity.end - validity.begin, Duration::days(30) - Duration::seconds(1));
    /// ```
    pub fn around(now: OffsetDateTime) -> Self {
        let day_before = now.to_offset(BEIJING) - time::Duration::days(1);
        let begin = day_before.replace_time(time::Time::MIDNIGHT);
        let end = begin + time::Duration::days(30) - time::Duration::seconds(1);
        CouponValidity::new(begin, end)
    }

    /// Whether a coupon may be used at `now`.
    pub(crate) fn allows(&self, now: OffsetDateTime) -> bool {
        let weekday = now.to_offset(BEIJING).weekday();
        self.begin <= now && now <= self.end && self.weekdays.contains(&weekday)
    }
}

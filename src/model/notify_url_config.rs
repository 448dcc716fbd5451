//! The notification URL setting (`NotifyUrlConfig`): the answer of set and get notify-configs.

use crate::model::ResponseModel;
use crate::model::{view, Rfc3339, Text};

/// The owned form of [`NotifyUrlConfigEntity`].
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::NotifyUrlConfig;
/// let config = NotifyUrlConfig::parse(br#"{"notify_url":"https://example.com/wxpay/coupon","update_time":"2025-08-02T00:00:00+08:00"}"#)?;
/// assert_eq!(config.notify_url, "https://example.com/wxpay/coupon");
/// # Ok::<(), wechatpay_product_coupon::error::DecodeError>(())
/// ```
pub type NotifyUrlConfig = NotifyUrlConfigEntity<'static>;

impl ResponseModel for NotifyUrlConfigEntity<'static> {
    type View<'a> = NotifyUrlConfigEntity<'a>;
    const NAME: &'static str = "NotifyUrlConfig";
}

view! {
    /// The service provider's notification URL for product-coupon events (one URL for all
    /// brands; tell them apart by `brand_id` in the payload).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::NotifyUrlConfigEntity;
    /// let config: NotifyUrlConfigEntity<'_> = serde_json::from_str(r#"{"notify_url":"https://a/n"}"#)?;
    /// assert!(config.update_time.is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct NotifyUrlConfigEntity<'a> {
        /// 通知地址.
        #[serde(borrow)]
        pub notify_url: Text<'a>,
        /// 更新时间.
        #[serde(borrow, default)]
        pub update_time: Option<Rfc3339<'a>>,
    }
}

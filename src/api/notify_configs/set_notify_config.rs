//! 设置商品券事件通知地址 (set the notification URL):
//! `POST /v3/marketing/partner/product-coupon/notify-configs`.

use serde::{Deserialize, Serialize};

use crate::api::rules;
use crate::error::Error;
use crate::model::NotifyUrlConfig;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Sets the URL WeChat Pay POSTs product-coupon notifications to (`PRODUCT_COUPON_SP.SEND`,
/// …). One URL per service provider, for all brands. An APIv3 key must be set in the
/// merchant platform, or no notifications are sent (docs/protocol-notes.md §5).
///
/// Rules: at most 256 characters, `https://`, no query string. `http://` is accepted for a
/// loopback host only (`127.0.0.1`, `localhost`, `[::1]`), for local sandboxes: the real
/// gateway requires HTTPS and will refuse it.
///
/// ```
/// use wechatpay_product_coupon::api::SetNotifyConfigRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let req = SetNotifyConfigRequest::new("https://example.com/wxpay/coupon-events");
/// assert_eq!(req.encode()?.body_bytes(), br#"{"notify_url":"https://example.com/wxpay/coupon-events"}"#);
///
/// let err = SetNotifyConfigRequest::new("https://example.com/n?brand=1").validate().unwrap_err();
/// assert!(err.to_string().contains("query string"));
/// assert!(SetNotifyConfigRequest::new("http://example.com/n").validate().is_err());
/// assert!(SetNotifyConfigRequest::new("http://127.0.0.1:8080/n").validate().is_ok()); // local only
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SetNotifyConfigRequest {
    /// 通知地址.
    pub notify_url: String,
}

impl SetNotifyConfigRequest {
    /// Sets the notification URL to `notify_url`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::SetNotifyConfigRequest;
    /// assert_eq!(SetNotifyConfigRequest::new("https://a/n").notify_url, "https://a/n");
    /// ```
    pub fn new(notify_url: impl Into<String>) -> Self {
        SetNotifyConfigRequest {
            notify_url: notify_url.into(),
        }
    }
}

impl ApiRequest for SetNotifyConfigRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "set_notify_config",
        Method::Post,
        "/v3/marketing/partner/product-coupon/notify-configs",
        Params::JsonBody,
        20,
    );
    type Response = NotifyUrlConfig;

    fn check(&self) -> Result<(), Error> {
        check_notify_url(&self.notify_url)
    }
}

/// The notify-URL rules (see [`SetNotifyConfigRequest`]).
fn check_notify_url(url: &str) -> Result<(), Error> {
    const FIELD: &str = "notify_url";
    rules::required(FIELD, url)?;
    rules::max_chars(FIELD, url, 256)?;
    if url.contains('?') || url.contains('#') {
        return Err(Error::invalid(
            FIELD,
            "must not have a query string or fragment (WeChat Pay refuses them)",
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(FIELD, "must not contain whitespace"));
    }
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split('/').next().unwrap_or_default();
    let host_name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    if host_name.is_empty() {
        return Err(Error::invalid(
            FIELD,
            format!("must be an absolute https:// URL with a host, found {url:?}"),
        ));
    }
    let loopback = ["127.0.0.1", "localhost", "::1"].contains(&host_name);
    match scheme {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(Error::invalid(
            FIELD,
            format!(
                "must start with https:// (http:// only for a loopback host, for local tests), found {url:?}"
            ),
        )),
    }
}

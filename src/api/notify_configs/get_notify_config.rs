//! 获取商品券事件通知地址 (get the notification URL):
//! `GET /v3/marketing/partner/product-coupon/notify-configs`.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::NotifyUrlConfig;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Reads the notification URL (it has no parameters: one URL per service provider).
///
/// ```
/// use wechatpay_product_coupon::api::GetNotifyConfigRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let encoded = GetNotifyConfigRequest::new().encode()?;
/// assert_eq!(encoded.target, "/v3/marketing/partner/product-coupon/notify-configs");
/// assert_eq!(encoded.body, None);
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GetNotifyConfigRequest {}

impl GetNotifyConfigRequest {
    /// The request (it has no fields).
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::GetNotifyConfigRequest;
    /// assert_eq!(GetNotifyConfigRequest::new(), GetNotifyConfigRequest::default());
    /// ```
    pub fn new() -> Self {
        GetNotifyConfigRequest {}
    }
}

impl ApiRequest for GetNotifyConfigRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "get_notify_config",
        Method::Get,
        "/v3/marketing/partner/product-coupon/notify-configs",
        Params::Query,
        20,
    );
    type Response = NotifyUrlConfig;

    fn check(&self) -> Result<(), Error> {
        Ok(())
    }
}

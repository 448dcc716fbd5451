//! The notify URL (one for all brands) and the handlers of its endpoints:
//! [`set_notify_config`] and [`get_notify_config`].

use serde::Serialize;
use serde_json::Value;

use super::Stores;
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::rules::notify_configs::parse_notify_url;
use crate::sandbox::seed::beijing_text;

/// The notify configuration, as `GET …/notify-configs` answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct NotifyConfig {
    /// Where notifications go.
    pub(crate) notify_url: String,
    /// When it was set (RFC 3339, Beijing time).
    pub(crate) update_time: String,
}

/// The notify configuration, once set.
#[derive(Debug, Default)]
pub(crate) struct NotifyConfigs {
    current: Option<NotifyConfig>,
}

impl NotifyConfigs {
    /// The notify URL, if one was set.
    pub(crate) fn url(&self) -> Option<&str> {
        self.current.as_ref().map(|c| c.notify_url.as_str())
    }

    /// The answer of a get: `404 NOT_FOUND` before any was set (a guess).
    fn answer(&self) -> Result<Value, GatewayError> {
        match &self.current {
            Some(config) => {
                serde_json::to_value(config).map_err(|e| GatewayError::system(e.to_string()))
            }
            None => Err(GatewayError::not_found("尚未设置商品券事件通知地址")),
        }
    }
}

/// 设置商品券事件通知地址: `POST …/notify-configs`.
pub(crate) fn set_notify_config(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let notify_url = parse_notify_url(call.body)?.to_owned();
    stores.notify_configs.current = Some(NotifyConfig {
        notify_url,
        update_time: beijing_text(call.now),
    });
    stores.notify_configs.answer()
}

/// 获取商品券事件通知地址: `GET …/notify-configs`. Before any was set: 404 (a guess).
pub(crate) fn get_notify_config(
    stores: &mut Stores,
    _call: &Call<'_>,
) -> Result<Value, GatewayError> {
    stores.notify_configs.answer()
}

//! The body rules of the notify-config endpoints: the notify URL.

use serde_json::Value;

use super::{check_char_count, Fields};
use crate::sandbox::error::GatewayError;

/// A set-notify-config request body: the URL.
pub(crate) fn parse_notify_url(body: &Value) -> Result<&str, GatewayError> {
    let fields = Fields::body(body, &[])?;
    let url = fields.required_str("notify_url")?;
    check_char_count("notify_url", url, 1, 256)?;
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|prefix| {
            url.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        });
    // The gateway requires HTTPS; the sandbox also takes plain HTTP on a loopback host so
    // that a local receiver can be tested (a documented deviation).
    if !(url.starts_with("https://") || loopback) {
        return Err(GatewayError::param(
            "参数 notify_url 格式错误：须为 https 地址",
        ));
    }
    if url.contains(['?', '#']) {
        return Err(GatewayError::param(
            "参数 notify_url 格式错误：不能携带查询参数",
        ));
    }
    Ok(url)
}

//! Pieces shared by the messages of the detail types.

use std::fmt;

/// Writes ` (Request-ID …)` when there is one.
pub(super) fn fmt_request_id(
    f: &mut fmt::Formatter<'_>,
    request_id: &Option<String>,
) -> fmt::Result {
    match request_id {
        Some(id) => write!(f, " (Request-ID {id})"),
        None => Ok(()),
    }
}

/// Writes `endpoint: ` when the endpoint is known.
pub(super) fn fmt_endpoint(f: &mut fmt::Formatter<'_>, endpoint: &'static str) -> fmt::Result {
    if endpoint.is_empty() {
        Ok(())
    } else {
        write!(f, "{endpoint}: ")
    }
}

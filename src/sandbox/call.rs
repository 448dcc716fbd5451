//! [`Call`]: what a handler is given about a verified, routed request.

use serde_json::Value;
use time::OffsetDateTime;

use super::error::GatewayError;
use super::multipart::Part;
use super::rules::Query;

/// A request as a handler sees it: the endpoint's name, its path parameters by name
/// (percent-decoded), the raw query (parsed on demand, as only GET endpoints read it), the
/// parsed body (`Null` when empty), the caller's mchid and the gateway's time.
#[derive(Debug, Clone)]
pub(crate) struct Call<'a> {
    /// The endpoint's name (`Endpoint::name`), e.g. `use_coupon`.
    pub(crate) endpoint: &'static str,
    /// The path parameters, by the names of the template's `{…}`.
    pub(crate) params: &'a [(&'static str, String)],
    /// The query string, without `?` (empty when there is none).
    pub(crate) query: &'a str,
    /// The body, parsed (for an upload, its `meta` part).
    pub(crate) body: &'a Value,
    /// An upload's `file` part.
    pub(crate) file: Option<&'a Part<'a>>,
    /// The service provider's mchid, from the `Authorization` header (no handler reads it
    /// yet: the gateway check admits the sandbox merchant only).
    #[allow(dead_code)]
    pub(crate) mchid: &'a str,
    /// The coupons' clock (the sandbox's: skew and time offset included).
    pub(crate) now: OffsetDateTime,
}

impl Call<'_> {
    /// The path parameter `name` (empty if the template has none of that name, which the
    /// registry test rules out for every handler's endpoint).
    pub(crate) fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The query, decoded (`PARAM_ERROR` when it is malformed or repeats a name).
    pub(crate) fn query(&self) -> Result<Query, GatewayError> {
        Query::parse(self.query)
    }
}

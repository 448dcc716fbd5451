//! The I/O edge: base URL rules, the ureq agent's configuration, the one place request
//! headers are set, and mapping ureq's errors to ours.

use std::time::Duration;

use ureq::http;

use super::tls;
use crate::error::{Error, TimeoutKind, TransportError, TransportErrorKind};
use crate::protocol::endpoint::Method;
use crate::protocol::headers;

/// The `User-Agent` sent on every request.
pub const USER_AGENT: &str = concat!(
    "wechatpay-product-coupon-rust/",
    env!("CARGO_PKG_VERSION"),
    " (ureq)"
);

/// A checked base URL: `scheme://host[:port]`, no path.
pub(crate) struct BaseUrl {
    url: String,
    loopback: bool,
}

impl BaseUrl {
    /// Accepts `https://host[:port]`, or `http://` only when the host is loopback.
    /// `setting` names the builder method in errors (`base_url` or `backup_base_url`).
    pub(crate) fn parse(setting: &'static str, url: &str) -> Result<Self, Error> {
        let url = url.trim_end_matches('/');
        let (scheme, rest) = url.split_once("://").ok_or_else(|| {
            Error::config(
                setting,
                format!("needs a scheme (https://…), found {url:?}"),
            )
        })?;
        if rest.is_empty()
            || rest.contains(['/', '?', '#', '@'])
            || rest.contains(char::is_whitespace)
        {
            return Err(Error::config(
                setting,
                format!("must be scheme://host[:port] with no path, query or credentials, found {url:?}"),
            ));
        }
        let host = host_of(rest);
        let loopback = is_loopback(host);
        match scheme {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(Error::config(
                    setting,
                    format!("plain http:// is accepted only for loopback hosts (127.0.0.0/8, [::1], localhost), found host {host:?}"),
                ))
            }
            other => {
                return Err(Error::config(
                    setting,
                    format!("scheme must be https (or http for loopback), found {other:?}"),
                ))
            }
        }
        Ok(BaseUrl {
            url: url.to_owned(),
            loopback,
        })
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.url
    }
}

fn host_of(authority: &str) -> &str {
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or("");
    }
    authority.split(':').next().unwrap_or("")
}

fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => false,
    }
}

/// Idle connections kept for reuse (one host per client, so the per-host and total limits match).
const MAX_IDLE_CONNECTIONS: usize = 64;

/// The network settings of the agent, checked by the builder: the proxy every request goes
/// through, and the roots TLS trusts (`None`: Mozilla's alone).
#[derive(Default)]
pub(crate) struct Network {
    pub(crate) proxy: Option<ureq::Proxy>,
    pub(crate) roots: Option<ureq::tls::RootCerts>,
}

/// One agent per client: connection pool shared by all threads, no redirects, status codes
/// returned as responses (we map them). The configured proxy carries every request; without
/// one, the `*_PROXY` environment variables apply, except for loopback targets.
pub(crate) fn agent(
    base: &BaseUrl,
    backup: Option<&BaseUrl>,
    connect_timeout: Duration,
    timeout: Duration,
    network: Network,
) -> ureq::Agent {
    let mut config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .timeout_resolve(Some(connect_timeout))
        .timeout_connect(Some(connect_timeout))
        .timeout_global(Some(timeout))
        // ureq keeps 3 idle connections per host by default; a client shared by many threads
        // would then reconnect (a TLS handshake each time) for every call beyond 3 in flight.
        .max_idle_connections(MAX_IDLE_CONNECTIONS)
        .max_idle_connections_per_host(MAX_IDLE_CONNECTIONS);
    if network.proxy.is_some() {
        config = config.proxy(network.proxy);
    } else if base.loopback && backup.is_none_or(|b| b.loopback) {
        config = config.proxy(None);
    }
    // Always given: ureq has no roots of its own (see `tls`).
    let roots = network.roots.unwrap_or_else(tls::mozilla_roots);
    config = config.tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build());
    config.build().new_agent()
}

/// A response as read from the wire.
pub(crate) struct Received {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
}

/// One signed request, ready to send.
pub(crate) struct Outgoing<'a> {
    /// The endpoint's name, for errors.
    pub endpoint: &'static str,
    pub method: Method,
    pub target: &'a str,
    /// The body to send with its `Content-Type` (JSON, or a multipart form).
    pub body: Option<(&'a [u8], &'a str)>,
    pub authorization: &'a str,
    /// `Wechatpay-Serial` to send (the public key ID in public-key mode).
    pub wechatpay_serial: Option<&'a str>,
}

/// Sends one request to `base` and reads the whole body, at most `limit` bytes, within
/// `timeout` when given (a per-call timeout shorter than the agent's). Every header a
/// request carries is set here and nowhere else.
pub(crate) fn send(
    agent: &ureq::Agent,
    base: &str,
    out: &Outgoing<'_>,
    limit: u64,
    timeout: Option<Duration>,
) -> Result<Received, Error> {
    let mut url = String::with_capacity(base.len() + out.target.len());
    url.push_str(base);
    url.push_str(out.target);
    let mut builder = http::Request::builder()
        .method(out.method.as_str())
        .uri(url)
        .header(headers::AUTHORIZATION, out.authorization)
        .header(headers::ACCEPT, headers::ACCEPT_VALUE)
        .header(headers::USER_AGENT, USER_AGENT);
    if let Some((_, content_type)) = out.body {
        builder = builder.header(headers::CONTENT_TYPE, content_type);
    }
    if let Some(serial) = out.wechatpay_serial {
        builder = builder.header(headers::SERIAL, serial);
    }
    let request = builder
        .body(out.body.map(|(bytes, _)| bytes).unwrap_or_default())
        .map_err(|e| Error::RequestBuild(e.to_string()))?;

    let request = match timeout {
        Some(t) => agent
            .configure_request(request)
            .timeout_global(Some(t))
            .build(),
        None => request,
    };
    let response = agent
        .run(request)
        .map_err(|e| map_error(out.endpoint, base, agent.config().proxy(), e, None))?;
    let (parts, mut body) = response.into_parts();
    let request_id = parts
        .headers
        .get(headers::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let hint = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let reader = body.with_config().limit(limit).reader();
    let bytes = read_limited(reader, limit, hint)
        .map_err(|e| map_error(out.endpoint, base, None, e.into(), request_id))?;
    Ok(Received {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body: bytes,
    })
}

/// Reads a body that ureq cuts off after `limit` bytes, growing the buffer at most to `limit`
/// (a plain `read_to_end` doubles its buffer and could allocate twice the limit).
fn read_limited(
    mut reader: impl std::io::Read,
    limit: u64,
    content_length: Option<u64>,
) -> std::io::Result<Vec<u8>> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let initial = content_length
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(8 * 1024)
        .min(limit);
    let mut buf = Vec::with_capacity(initial);
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(buf),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.capacity() - buf.len() < n {
            let wanted = (buf.capacity() * 2)
                .max(buf.len() + n)
                .min(limit.max(buf.len() + n));
            buf.reserve_exact(wanted - buf.len());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Our error for ureq's: the phase (whether the request can have been sent) and a message
/// naming the host (or the `proxy` that refused to connect) and the cause once (not ureq's
/// `io: ` wrapping).
fn map_error(
    endpoint: &'static str,
    base: &str,
    proxy: Option<&ureq::Proxy>,
    e: ureq::Error,
    request_id: Option<String>,
) -> Error {
    use std::io::ErrorKind as Io;
    let (kind, message) = match &e {
        ureq::Error::Timeout(t) => (
            TransportErrorKind::Timeout(match t {
                ureq::Timeout::Resolve => TimeoutKind::Resolve,
                ureq::Timeout::Connect => TimeoutKind::Connect,
                ureq::Timeout::SendRequest
                | ureq::Timeout::SendBody
                | ureq::Timeout::PerWrite => TimeoutKind::Send,
                ureq::Timeout::RecvResponse | ureq::Timeout::PerRead => TimeoutKind::Response,
                ureq::Timeout::RecvBody => TimeoutKind::Body,
                _ => TimeoutKind::Overall,
            }),
            e.to_string(),
        ),
        ureq::Error::HostNotFound => (
            TransportErrorKind::Connect,
            format!("the host of {base} was not found (DNS); check the base URL"),
        ),
        ureq::Error::ConnectionFailed => (
            TransportErrorKind::Connect,
            format!("no connection to {base} could be opened"),
        ),
        ureq::Error::Tls(what) => (
            TransportErrorKind::Connect,
            format!("TLS with {base} could not start: {what}"),
        ),
        ureq::Error::Rustls(tls) => (
            TransportErrorKind::Connect,
            tls::handshake_message(base, tls),
        ),
        ureq::Error::Pem(pem) => (
            TransportErrorKind::Connect,
            format!("TLS with {base} could not start: {pem}"),
        ),
        ureq::Error::ConnectProxyFailed(why) => (
            TransportErrorKind::Connect,
            format!("the proxy did not open a tunnel to {base}: {why}; check the `proxy` setting"),
        ),
        ureq::Error::Io(io) => match tls::handshake_failure(io) {
            Some(failed) => (
                TransportErrorKind::Connect,
                tls::handshake_message(base, failed),
            ),
            None => match io.kind() {
                Io::ConnectionRefused => (
                    TransportErrorKind::Connect,
                    match proxy {
                        // Host and port only: the proxy URL may hold a password.
                        Some(p) => format!(
                            "the proxy {}:{} refused the connection; check the `proxy` setting \
                             (or the *_PROXY environment variables)",
                            p.host(),
                            p.port()
                        ),
                        None => format!("{base} refused the connection; check the host and port, and that the server is up"),
                    },
                ),
                Io::AddrNotAvailable | Io::NetworkUnreachable | Io::HostUnreachable => {
                    (TransportErrorKind::Connect, format!("{base}: {io}"))
                }
                Io::TimedOut | Io::WouldBlock => (
                    TransportErrorKind::Timeout(TimeoutKind::Response),
                    format!("{base}: {io}"),
                ),
                _ => (TransportErrorKind::Io, format!("{base}: {io}")),
            },
        },
        ureq::Error::Protocol(proto) => (
            TransportErrorKind::Io,
            format!("{base} did not answer with HTTP/1.1 ({proto})"),
        ),
        ureq::Error::BodyExceedsLimit(limit) => {
            (TransportErrorKind::BodyTooLarge { limit: *limit }, e.to_string())
        }
        _ => (TransportErrorKind::Io, e.to_string()),
    };
    Error::Transport(TransportError {
        endpoint,
        kind,
        message,
        request_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert!(BaseUrl::parse("base_url", "https://api.mch.weixin.qq.com").is_ok());
        assert!(BaseUrl::parse("base_url", "https://api.mch.weixin.qq.com/").is_ok());
        assert!(BaseUrl::parse("base_url", "http://127.0.0.1:8080").is_ok());
        assert!(BaseUrl::parse("base_url", "http://[::1]:8080").is_ok());
        assert!(BaseUrl::parse("base_url", "http://localhost:1").is_ok());
        assert!(BaseUrl::parse("base_url", "http://api.mch.weixin.qq.com").is_err());
        assert!(BaseUrl::parse("base_url", "http://10.0.0.1").is_err());
        assert!(BaseUrl::parse("base_url", "ftp://127.0.0.1").is_err());
        assert!(BaseUrl::parse("base_url", "https://h/v3").is_err());
        assert!(BaseUrl::parse("base_url", "api.mch.weixin.qq.com").is_err());
    }
}

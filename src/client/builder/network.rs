//! The network settings of [`ClientBuilder`]: the proxy every request goes through and the
//! root certificates trusted beside Mozilla's. Both serve every request of the client,
//! platform-certificate downloads included, and both hosts (primary and backup).

use super::ClientBuilder;
use crate::client::tls;
use crate::client::transport::Network;
use crate::error::Error;

/// The proxy schemes ureq speaks; SOCKS needs our `socks-proxy` feature.
const SOCKS_SCHEMES: [&str; 4] = ["socks4", "socks4a", "socks5", "socks5h"];

/// As set, checked by [`NetworkSettings::check`] at build.
#[derive(Default)]
pub(super) struct NetworkSettings {
    proxy: Option<String>,
    extra_roots: Vec<Vec<u8>>,
}

impl NetworkSettings {
    /// The proxy parsed and the root set built, or an error naming the setting.
    pub(super) fn check(self) -> Result<Network, Error> {
        let proxy = match self.proxy {
            None => None,
            Some(url) => Some(parse_proxy(&url)?),
        };
        Ok(Network {
            proxy,
            roots: tls::roots_with(&self.extra_roots)?,
        })
    }
}

/// `http://[user:password@]host:port` (HTTP CONNECT), `https://…` (CONNECT over TLS), or
/// `socks4://`, `socks4a://`, `socks5://`, `socks5h://` with the `socks-proxy` feature. The
/// URL is never echoed in errors: it may hold a password.
fn parse_proxy(url: &str) -> Result<ureq::Proxy, Error> {
    let setting = "proxy";
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(Error::config(
            setting,
            "needs a scheme: http://host:port (HTTP CONNECT), https://host:port, or socks5://host:port",
        ));
    };
    let scheme = scheme.to_ascii_lowercase();
    let socks = SOCKS_SCHEMES.contains(&scheme.as_str());
    if !socks && scheme != "http" && scheme != "https" {
        return Err(Error::config(
            setting,
            format!(
                "scheme must be http, https, socks4, socks4a, socks5 or socks5h, found {scheme:?}"
            ),
        ));
    }
    if socks && !cfg!(feature = "socks-proxy") {
        return Err(Error::config(
            setting,
            format!("a {scheme} proxy needs this crate's `socks-proxy` feature; HTTP CONNECT proxies (http://) need none"),
        ));
    }
    let host = rest.rsplit('@').next().unwrap_or_default();
    let host = host.strip_suffix('/').unwrap_or(host);
    if host.is_empty() || host.contains(['/', '?', '#']) {
        return Err(Error::config(
            setting,
            "must be scheme://[user:password@]host:port with no path",
        ));
    }
    ureq::Proxy::new(url).map_err(|_| {
        Error::config(
            setting,
            "is not a proxy URL of the form scheme://[user:password@]host:port (percent-encode the user and password)",
        )
    })
}

impl ClientBuilder {
    /// Sends every request through this proxy (the API calls and the platform-certificate
    /// downloads, to both hosts): `http://[user:password@]host:port` for an HTTP CONNECT
    /// proxy (TLS to WeChat Pay stays end to end), `https://…` for CONNECT over TLS, or
    /// with the `socks-proxy` feature `socks5://`, `socks5h://` (the proxy resolves the
    /// host), `socks4://`, `socks4a://`. Percent-encode a user or password.
    ///
    /// Without this setting, the `ALL_PROXY` / `HTTPS_PROXY` / `HTTP_PROXY` (and `NO_PROXY`)
    /// environment variables apply, except to a loopback base URL. Checked at
    /// [`build`](Self::build): an unknown scheme or a malformed URL is an
    /// [`Error::Config`] naming `proxy` (the URL is not echoed: it may hold a password).
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys");
    /// # let configured = || -> Result<_, Error> { Ok(Client::builder()
    /// #     .mchid("1900000001")
    /// #     .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #     .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #     .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #         "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #         format!("{dir}/wechatpay_public_key.pem"),
    /// #     )?)) };
    /// let client = configured()?.proxy("http://proxy.internal:3128").build()?;
    ///
    /// let err = configured()?.proxy("ftp://proxy.internal:21").build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "proxy", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.network.proxy = Some(url.into());
        self
    }

    /// Trusts the CA certificates of `pem` (one or more `-----BEGIN CERTIFICATE-----`
    /// blocks) beside Mozilla's roots, which stay trusted: for a TLS-inspecting corporate
    /// proxy or a private test gateway. Each call adds to the previous ones. Used for every
    /// request, platform-certificate downloads included.
    ///
    /// Checked at [`build`](Self::build): a PEM without a certificate, with a private key,
    /// or with a certificate that cannot be a root is an [`Error::Config`] naming
    /// `extra_root_certificates_pem`. The environment variable `WECHATPAY_EXTRA_ROOTS_PEM`
    /// names such a file for [`from_env`](Self::from_env).
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys");
    /// # let configured = || -> Result<_, Error> { Ok(Client::builder()
    /// #     .mchid("1900000001")
    /// #     .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #     .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #     .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #         "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #         format!("{dir}/wechatpay_public_key.pem"),
    /// #     )?)) };
    /// let corporate_ca = std::fs::read(format!("{dir}/wechatpay_platform_certificate.pem"))
    ///     .map_err(|e| Error::Io { context: "reading the CA".into(), source: e })?;
    /// let client = configured()?.extra_root_certificates_pem(corporate_ca).build()?;
    ///
    /// let err = configured()?.extra_root_certificates_pem("not a PEM").build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "extra_root_certificates_pem", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn extra_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.network.extra_roots.push(pem.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys");

    /// `from_lookup` with the required variables plus `extra`.
    fn from_env(extra: &[(&str, String)]) -> Result<ClientBuilder, Error> {
        let mut vars: Vec<(&str, String)> = vec![
            ("WECHATPAY_BASE_URL", "http://127.0.0.1:9".into()),
            ("WECHATPAY_MCHID", "1900000001".into()),
            (
                "WECHATPAY_MCH_SERIAL",
                "5A4E44424F58000000000000000000000001".into(),
            ),
            (
                "WECHATPAY_PRIVATE_KEY",
                format!("{DIR}/merchant_private_key.pem"),
            ),
            (
                "WECHATPAY_PUBLIC_KEY_ID",
                "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001".into(),
            ),
            (
                "WECHATPAY_PUBLIC_KEY",
                format!("{DIR}/wechatpay_public_key.pem"),
            ),
        ];
        vars.extend(extra.iter().cloned());
        ClientBuilder::from_lookup(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        })
    }

    fn setting(result: Result<impl Sized, Error>) -> Option<&'static str> {
        match result {
            Err(Error::Config { setting, .. }) => Some(setting),
            _ => None,
        }
    }

    #[test]
    fn environment_variables() {
        let builder = from_env(&[
            ("WECHATPAY_PROXY", "http://127.0.0.1:3128".into()),
            (
                "WECHATPAY_EXTRA_ROOTS_PEM",
                format!("{DIR}/wechatpay_platform_certificate.pem"),
            ),
        ]);
        let builder = builder.map_err(|e| e.to_string());
        let network = builder
            .as_ref()
            .map(|b| (b.network.proxy.clone(), b.network.extra_roots.len()));
        assert_eq!(network, Ok((Some("http://127.0.0.1:3128".to_owned()), 1)));
        assert!(builder.map(|b| b.build().is_ok()) == Ok(true));
        for var in ["WECHATPAY_PROXY", "WECHATPAY_EXTRA_ROOTS_PEM"] {
            assert_eq!(setting(from_env(&[(var, String::new())])), Some(var));
        }
        let missing = [("WECHATPAY_EXTRA_ROOTS_PEM", format!("{DIR}/no_such.pem"))];
        assert_eq!(
            setting(from_env(&missing)),
            Some("WECHATPAY_EXTRA_ROOTS_PEM")
        );
        let bad = [("WECHATPAY_PROXY", "ftp://127.0.0.1:21".to_owned())];
        assert_eq!(
            setting(from_env(&bad).and_then(ClientBuilder::build)),
            Some("proxy")
        );
    }

    #[test]
    fn proxy_urls() {
        assert!(parse_proxy("http://127.0.0.1:3128").is_ok());
        assert!(parse_proxy("http://user:p%40ss@proxy:3128").is_ok());
        assert!(parse_proxy("HTTPS://proxy:443").is_ok());
        let err = |url: &str| {
            parse_proxy(url)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err("proxy:3128").contains("needs a scheme"));
        assert!(err("ftp://proxy:21").contains("\"ftp\""));
        assert!(err("http://").contains("no path"));
        assert!(!err("http://user:secret@/x").contains("secret"));
        let socks = parse_proxy("socks5://127.0.0.1:1080");
        assert_eq!(socks.is_ok(), cfg!(feature = "socks-proxy"));
    }
}

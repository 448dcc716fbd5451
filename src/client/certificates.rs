//! Platform certificates over the network: the download (`GET /v3/certificates`, read by
//! [`certificates::read_certificate_download`]) and installing what it brings.

use std::sync::{Arc, PoisonError};

use super::handle::Payload;
use super::Client;
use crate::error::Error;
use crate::protocol::certificates::{self, CERTIFICATES_PATH, DOWNLOAD_ENDPOINT};
use crate::protocol::endpoint::Method;
use crate::protocol::keys::{PlatformCertificate, VerifierKeys};

impl Client {
    /// The one refresh step, shared by responses and notifications: runs `check` with the
    /// current keys; when it fails on a serial we do not hold (`unknown_serial`) and the
    /// optional refresh may run now (at most once per its interval), downloads and installs
    /// the platform certificates and runs `check` once more. A failed refresh leaves the
    /// keys as they were, and the first answer stands.
    pub(crate) fn with_key_refresh<T, E>(
        &self,
        check: impl Fn(&VerifierKeys) -> Result<T, E>,
        unknown_serial: impl Fn(&E) -> bool,
    ) -> Result<T, E> {
        let result = check(&self.verifier_keys());
        match &result {
            Err(e)
                if unknown_serial(e)
                    && self.inner.refresh.as_ref().is_some_and(|r| r.claim())
                    && self.refresh_platform_certificates().is_ok() =>
            {
                check(&self.verifier_keys())
            }
            _ => result,
        }
    }

    /// Downloads the platform certificates (`GET /v3/certificates`), decrypts each with the
    /// APIv3 key ([`ClientBuilder::apiv3_key`](crate::ClientBuilder::apiv3_key)), loads it,
    /// verifies the download's own signature with the certificate it names, and checks each
    /// certificate's validity period (an expired one is refused with its dates). Nothing is
    /// installed: see [`refresh_platform_certificates`](Self::refresh_platform_certificates).
    ///
    /// Verifying the download with a certificate it carries is the official downloaders'
    /// bootstrap; [`certificates`](crate::certificates) says why that is acceptable and
    /// what it does not protect against.
    ///
    /// ```no_run
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// for cert in client.download_platform_certificates()? {
    ///     println!("{} valid until {}", cert.serial(), cert.not_after());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn download_platform_certificates(&self) -> Result<Vec<PlatformCertificate>, Error> {
        let apiv3_key = self.apiv3_key("download_platform_certificates")?;
        let trace = self.trace(DOWNLOAD_ENDPOINT, Method::Get, Some(CERTIFICATES_PATH));
        let raw = self.with_retries(&trace, Error::is_retry_safe, |deadline| {
            self.send_signed(
                &trace,
                Method::Get,
                CERTIFICATES_PATH,
                Payload::json(None),
                deadline,
            )
        })?;
        let downloaded = certificates::read_certificate_download(
            apiv3_key,
            &self.verifier_keys(),
            raw.headers(),
            raw.body(),
            (self.inner.clock)(),
            self.inner.window_secs,
        );
        trace.verified(downloaded.is_ok());
        downloaded
    }

    /// Downloads the platform certificates ([`download_platform_certificates`](Self::download_platform_certificates))
    /// and adds them to the keys this client (and its clones) verify with; returns them.
    /// Keys already configured are kept.
    ///
    /// ```no_run
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// for cert in client.refresh_platform_certificates()? {
    ///     println!("now verifying with {} (until {})", cert.serial(), cert.not_after());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn refresh_platform_certificates(&self) -> Result<Vec<PlatformCertificate>, Error> {
        let downloaded = self.download_platform_certificates()?;
        let installed = downloaded.clone();
        let mut keys = self
            .inner
            .keys
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let updated = downloaded
            .into_iter()
            .fold((**keys).clone(), |k, cert| k.with_certificate(cert));
        *keys = Arc::new(updated);
        Ok(installed)
    }
}

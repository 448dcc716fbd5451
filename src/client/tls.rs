//! TLS specifics of the I/O edge: telling a failed handshake (the request was never sent)
//! from a connection that broke mid-exchange, and the root set: Mozilla's roots, beside
//! extra roots of the user's.
//!
//! ureq is built without its own copy of Mozilla's roots (its `rustls-webpki-roots` feature):
//! `webpki_roots::TLS_SERVER_ROOTS` is a `const`, so each crate using it links its own copy
//! of the 73 KB list. Every agent is handed the roots built here instead, so one copy is
//! linked.

use std::sync::{Arc, OnceLock};

use ureq::tls::{Certificate, RootCerts};

use crate::error::Error;
use crate::protocol::pem;

/// The rustls error inside an I/O error, when it can only come from a TLS handshake:
/// certificate checks, version or cipher negotiation, the handshake alerts. Such a failure
/// happens before any request byte is written, so the request was not sent.
pub(super) fn handshake_failure(io: &std::io::Error) -> Option<&rustls::Error> {
    use rustls::AlertDescription as Alert;
    let tls = io.get_ref()?.downcast_ref::<rustls::Error>()?;
    let handshake = match tls {
        rustls::Error::InvalidCertificate(_)
        | rustls::Error::NoCertificatesPresented
        | rustls::Error::UnsupportedNameType
        | rustls::Error::InvalidCertRevocationList(_)
        | rustls::Error::PeerIncompatible(_)
        | rustls::Error::InappropriateHandshakeMessage { .. }
        | rustls::Error::NoApplicationProtocol => true,
        rustls::Error::AlertReceived(alert) => matches!(
            alert,
            Alert::HandshakeFailure
                | Alert::BadCertificate
                | Alert::UnsupportedCertificate
                | Alert::CertificateRevoked
                | Alert::CertificateExpired
                | Alert::CertificateUnknown
                | Alert::UnknownCA
                | Alert::ProtocolVersion
                | Alert::InsufficientSecurity
                | Alert::UnrecognisedName
                | Alert::NoApplicationProtocol
                | Alert::CertificateRequired
        ),
        _ => false,
    };
    handshake.then_some(tls)
}

/// The message of a failed handshake with `base`: what failed and what to do.
pub(super) fn handshake_message(base: &str, tls: &rustls::Error) -> String {
    match tls {
        rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented => format!(
            "TLS handshake with {base} failed: {tls}, so the server is not trusted; check the \
             base URL, or if a proxy or private CA signs its certificate, add that CA with \
             `extra_root_certificates_pem` (WECHATPAY_EXTRA_ROOTS_PEM)"
        ),
        _ => format!(
            "TLS handshake with {base} failed: {tls}; check the base URL (the host must speak \
             TLS 1.2 or 1.3)"
        ),
    }
}

/// Mozilla's roots as ureq takes them (certificates), built once per process: what every
/// agent trusts when no extra roots are configured.
pub(crate) fn mozilla_roots() -> RootCerts {
    RootCerts::Specific(Arc::clone(mozilla_certificates()))
}

/// Mozilla's trust anchors, each turned into a certificate, once per process.
fn mozilla_certificates() -> &'static Arc<Vec<Certificate<'static>>> {
    static ROOTS: OnceLock<Arc<Vec<Certificate<'static>>>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        Arc::new(
            webpki_roots::TLS_SERVER_ROOTS
                .iter()
                .map(|anchor| {
                    Certificate::from_der(&anchor_certificate(
                        &anchor.subject,
                        &anchor.subject_public_key_info,
                        anchor.name_constraints.as_deref(),
                    ))
                    .to_owned()
                })
                .collect(),
        )
    })
}

/// Mozilla's roots plus the certificates of `extra_pem`, each checked to be a usable root;
/// `None` when there are no extras, so Mozilla's roots alone stand ([`mozilla_roots`]).
/// Errors name the setting `extra_root_certificates_pem`.
pub(crate) fn roots_with(extra_pem: &[Vec<u8>]) -> Result<Option<RootCerts>, Error> {
    if extra_pem.is_empty() {
        return Ok(None);
    }
    let setting = "extra_root_certificates_pem";
    let mut extras = Vec::new();
    for (index, pem) in extra_pem.iter().enumerate() {
        let pem = std::str::from_utf8(pem).map_err(|_| {
            Error::config(
                setting,
                format!(
                    "PEM #{} is not text; give CA certificates (-----BEGIN CERTIFICATE-----)",
                    index + 1
                ),
            )
        })?;
        let blocks = match pem::parse(pem) {
            Ok(blocks) => blocks,
            Err(pem::PemError::NoBlock) => Vec::new(),
            Err(e) => {
                return Err(Error::config(
                    setting,
                    format!(
                        "PEM #{} is not valid PEM ({}); give CA certificates (-----BEGIN CERTIFICATE-----)",
                        index + 1,
                        e.describe()
                    ),
                ))
            }
        };
        if blocks.is_empty() {
            return Err(Error::config(
                setting,
                format!(
                    "PEM #{} holds no certificate; give CA certificates (-----BEGIN CERTIFICATE-----)",
                    index + 1
                ),
            ));
        }
        for block in blocks {
            // Never echo a key: say only what it is.
            if block.label != "CERTIFICATE" {
                return Err(Error::config(
                    setting,
                    format!(
                        "PEM #{} holds a {} block; give only CA certificates (-----BEGIN CERTIFICATE-----)",
                        index + 1,
                        block.label.chars().take(40).collect::<String>()
                    ),
                ));
            }
            extras.push(Certificate::from_der(&block.der).to_owned());
        }
    }
    for (n, cert) in extras.iter().enumerate() {
        let der = rustls::pki_types::CertificateDer::from(cert.der());
        let mut store = rustls::RootCertStore::empty();
        store.add(der).map_err(|e| {
            Error::config(
                setting,
                format!("certificate #{} cannot be a root ({e})", n + 1),
            )
        })?;
    }
    let mut all: Vec<Certificate<'static>> = mozilla_certificates().as_ref().clone();
    all.extend(extras);
    Ok(Some(RootCerts::Specific(Arc::new(all))))
}

/// A minimal X.509 v3 certificate carrying a trust anchor (subject, public key, name
/// constraints): ureq takes roots as certificates, and Mozilla's roots ship as trust
/// anchors. A root's own signature is never checked, so the signature is empty; rustls
/// turns this certificate back into the same anchor (a test checks every root).
fn anchor_certificate(subject: &[u8], spki: &[u8], name_constraints: Option<&[u8]>) -> Vec<u8> {
    // sha256WithRSAEncryption, NULL parameters: a placeholder, never used to verify.
    const ALGORITHM: &[u8] = &[
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00,
    ];
    let name = der(0x30, subject);
    let mut tbs = vec![0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01]; // v3, serial 1
    tbs.extend_from_slice(ALGORITHM);
    tbs.extend_from_slice(&name);
    tbs.extend(der(
        0x30,
        &[
            &der(0x17, b"000101000000Z")[..],
            &der(0x18, b"99991231235959Z"),
        ]
        .concat(),
    ));
    tbs.extend_from_slice(&name);
    tbs.extend(der(0x30, spki));
    if let Some(constraints) = name_constraints {
        // id-ce-nameConstraints (2.5.29.30), critical, wrapping the NameConstraints value.
        let id: &[u8] = &[0x06, 0x03, 0x55, 0x1d, 0x1e, 0x01, 0x01, 0xff];
        let value = der(0x04, &der(0x30, constraints));
        let extension = der(0x30, &[id, &value].concat());
        tbs.extend(der(0xa3, &der(0x30, &extension)));
    }
    let body = [&der(0x30, &tbs)[..], ALGORITHM, &[0x03, 0x01, 0x00]].concat();
    der(0x30, &body)
}

/// One DER element: tag, definite length, contents.
fn der(tag: u8, contents: &[u8]) -> Vec<u8> {
    let len = contents.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(contents);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mozilla_root_survives_the_round_trip() {
        // No extras means Mozilla's roots alone (`mozilla_roots`); with one, the whole set is built.
        let extra = include_bytes!("../sandbox/test_keys/wechatpay_platform_certificate.pem");
        let Ok(Some(RootCerts::Specific(certs))) = roots_with(&[extra.to_vec()]) else {
            panic!("roots with one extra");
        };
        let mut store = rustls::RootCertStore::empty();
        let (added, ignored) = store.add_parsable_certificates(
            certs
                .iter()
                .map(|c| rustls::pki_types::CertificateDer::from(c.der()).into_owned()),
        );
        assert_eq!(ignored, 0);
        assert_eq!(added, webpki_roots::TLS_SERVER_ROOTS.len() + 1);
        for (rebuilt, original) in store.roots.iter().zip(webpki_roots::TLS_SERVER_ROOTS) {
            assert_eq!(rebuilt, original);
        }
        assert!(webpki_roots::TLS_SERVER_ROOTS
            .iter()
            .any(|a| a.name_constraints.is_some()));
    }

    #[test]
    fn without_extras_every_agent_gets_mozillas_roots_once() {
        // ureq has no roots of its own: the default must be the whole Mozilla list, and the
        // list is built once per process.
        let (RootCerts::Specific(a), RootCerts::Specific(b)) = (mozilla_roots(), mozilla_roots())
        else {
            panic!("Mozilla's roots as certificates");
        };
        assert_eq!(a.len(), webpki_roots::TLS_SERVER_ROOTS.len());
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn extras_are_checked() {
        let err = |pem: &[u8]| roots_with(&[pem.to_vec()]).err().map(|e| e.to_string());
        assert!(err(b"").is_some_and(|e| e.contains("no certificate")));
        let key = include_bytes!("../sandbox/test_keys/merchant_private_key.pem");
        let text = err(key).unwrap_or_default();
        assert!(
            text.contains("PRIVATE KEY block") && !text.contains("MII"),
            "{text}"
        );
        assert!(roots_with(&[]).is_ok_and(|r| r.is_none()));
    }
}

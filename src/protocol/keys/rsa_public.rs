//! [`RsaPublicKey`]: the RSA key of the WeChat Pay public key or of a platform certificate,
//! checked once when loaded.

use ring::signature::{self, UnparsedPublicKey};

use super::load::check_bits;
use crate::error::Error;
use crate::protocol::der::{self, KeyAlgorithm};
use crate::protocol::pem::{self, PemBlock};

/// An RSA public key, held as PKCS#1 DER, checked at load time.
#[derive(Clone)]
pub(crate) struct RsaPublicKey {
    pkcs1: Vec<u8>,
    pub(super) bits: usize,
}

impl RsaPublicKey {
    pub(super) fn from_pkcs1(
        pkcs1: &[u8],
        expected: &'static str,
        what: &str,
    ) -> Result<Self, Error> {
        let bits = der::rsa_public_key_bits(pkcs1)
            .map_err(|e| Error::key(expected, format!("{what} with invalid DER: {}", e.0)))?;
        check_bits(bits, expected, format!("RSA key in {what}"))?;
        Ok(RsaPublicKey {
            pkcs1: pkcs1.to_vec(),
            bits,
        })
    }

    /// The RSA key of a `SubjectPublicKeyInfo`; other algorithms are named in the error.
    pub(super) fn from_spki(
        spki: &[u8],
        expected: &'static str,
        what: &str,
    ) -> Result<Self, Error> {
        let (algorithm, key) =
            der::spki(spki).map_err(|e| Error::key(expected, format!("{what}: {}", e.0)))?;
        if algorithm != KeyAlgorithm::Rsa {
            return Err(Error::key(
                expected,
                format!(
                    "{what} holding {} public key; WeChat Pay APIv3 keys are RSA",
                    algorithm.article_name()
                ),
            ));
        }
        Self::from_pkcs1(key, expected, what)
    }

    pub(super) fn from_block(block: &PemBlock, expected: &'static str) -> Result<Self, Error> {
        let what = pem::describe_label(&block.label);
        match block.label.as_str() {
            "RSA PUBLIC KEY" => Self::from_pkcs1(&block.der, expected, &what),
            _ => Self::from_spki(&block.der, expected, &what),
        }
    }

    /// Verifies an RSASSA-PKCS1-v1_5 / SHA-256 signature.
    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &self.pkcs1)
            .verify(message, signature)
            .is_ok()
    }
}

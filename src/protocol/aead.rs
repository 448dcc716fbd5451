//! The APIv3 key and AES-256-GCM: how WeChat Pay encrypts the `resource` of a notification
//! and the certificates of a platform-certificate download (docs/protocol-notes.md §5): key = the 32-byte
//! APIv3 key, nonce = the 12 bytes of the `nonce` text, AAD = the `associated_data` text (may
//! be empty), ciphertext = Base64 of the encrypted bytes followed by the 16-byte tag.

use std::fmt;

use base64::Engine as _;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};

use crate::error::Error;

/// The length of the authentication tag appended to the ciphertext.
pub const TAG_LEN: usize = 16;

/// The APIv3 key (APIv3密钥) set in the merchant platform: exactly 32 bytes. It decrypts
/// notifications and certificate downloads. It never appears in `Debug`, has no `Display`,
/// is never put in an error, and is overwritten when dropped (best effort: the crate has no
/// `unsafe`, so the wipe relies on `black_box` to keep the write).
///
/// ```
/// use wechatpay_product_coupon::aead::ApiV3Key;
/// let key = ApiV3Key::new("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")?;
/// assert_eq!(format!("{key:?}"), "ApiV3Key(..)");
/// let err = ApiV3Key::new("too short").unwrap_err();
/// assert!(err.to_string().contains("9 bytes"));
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Clone)]
pub struct ApiV3Key {
    bytes: [u8; 32],
}

impl ApiV3Key {
    /// The key from its text or bytes; anything but exactly 32 bytes is an error naming the
    /// length found (never the content).
    pub fn new(key: impl AsRef<[u8]>) -> Result<Self, Error> {
        let key = key.as_ref();
        let bytes: [u8; 32] = key.try_into().map_err(|_| {
            Error::key(
                "a 32-byte APIv3 key (the APIv3密钥 set in the merchant platform)",
                format!("{} bytes", key.len()),
            )
        })?;
        Ok(ApiV3Key { bytes })
    }

    fn cipher(&self) -> Result<LessSafeKey, AeadError> {
        UnboundKey::new(&AES_256_GCM, &self.bytes)
            .map(LessSafeKey::new)
            .map_err(|_| AeadError::Key)
    }

    /// Decrypts a Base64 `ciphertext` (encrypted bytes and tag) with its `nonce` text and
    /// `associated_data` text.
    ///
    /// ```
    /// # use wechatpay_product_coupon::aead::ApiV3Key;
    /// // wechatpay-java's AeadAesCipherTest vector.
    /// let key = ApiV3Key::new("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")?;
    /// let plain = key.decrypt("uluk4a9R25RW", "associatedData", "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=")?;
    /// assert_eq!(plain, b"message");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decrypt(
        &self,
        nonce: &str,
        associated_data: &str,
        ciphertext: &str,
    ) -> Result<Vec<u8>, AeadError> {
        let nonce = nonce_of(nonce)?;
        let mut data = base64::engine::general_purpose::STANDARD
            .decode(ciphertext.as_bytes())
            .map_err(|_| AeadError::NotBase64)?;
        if data.len() < TAG_LEN {
            return Err(AeadError::Truncated { len: data.len() });
        }
        let plain_len = self
            .cipher()?
            .open_in_place(nonce, Aad::from(associated_data.as_bytes()), &mut data)
            .map_err(|_| AeadError::Authentication)?
            .len();
        data.truncate(plain_len);
        Ok(data)
    }

    /// Encrypts `plaintext` as WeChat Pay does (the sandbox uses this to send notifications
    /// and certificates); returns the Base64 ciphertext with its tag.
    ///
    /// ```
    /// # use wechatpay_product_coupon::aead::ApiV3Key;
    /// let key = ApiV3Key::new("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")?;
    /// let sealed = key.encrypt("uluk4a9R25RW", "associatedData", b"message")?;
    /// assert_eq!(sealed, "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encrypt(
        &self,
        nonce: &str,
        associated_data: &str,
        plaintext: &[u8],
    ) -> Result<String, AeadError> {
        let nonce = nonce_of(nonce)?;
        let mut data = plaintext.to_vec();
        self.cipher()?
            .seal_in_place_append_tag(nonce, Aad::from(associated_data.as_bytes()), &mut data)
            .map_err(|_| AeadError::Authentication)?;
        Ok(base64::engine::general_purpose::STANDARD.encode(data))
    }
}

impl fmt::Debug for ApiV3Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiV3Key(..)")
    }
}

impl Drop for ApiV3Key {
    fn drop(&mut self) {
        self.bytes = [0; 32];
        std::hint::black_box(&self.bytes);
    }
}

fn nonce_of(nonce: &str) -> Result<Nonce, AeadError> {
    Nonce::try_assume_unique_for_key(nonce.as_bytes())
        .map_err(|_| AeadError::NonceLength { len: nonce.len() })
}

/// Why an AES-256-GCM decryption failed. Messages never show the key, the nonce or data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AeadError {
    /// The nonce is not 12 bytes.
    NonceLength {
        /// The length found.
        len: usize,
    },
    /// The ciphertext is not valid Base64.
    NotBase64,
    /// The ciphertext is shorter than the 16-byte tag.
    Truncated {
        /// The decoded length found.
        len: usize,
    },
    /// The tag does not match: the APIv3 key is not the one WeChat Pay used, or the
    /// ciphertext, nonce or associated data were altered.
    Authentication,
    /// The crypto library refused the key.
    Key,
}

impl fmt::Display for AeadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AeadError::NonceLength { len } => {
                write!(f, "the nonce must be {NONCE_LEN} bytes, found {len}")
            }
            AeadError::NotBase64 => f.write_str("the ciphertext is not valid Base64"),
            AeadError::Truncated { len } => write!(
                f,
                "the ciphertext is {len} bytes, shorter than its {TAG_LEN}-byte tag (truncated)"
            ),
            AeadError::Authentication => f.write_str(
                "decryption failed: the configured APIv3 key is not the one set in the merchant \
                 platform (most likely), or the resource was altered",
            ),
            AeadError::Key => f.write_str("the crypto library refused the APIv3 key"),
        }
    }
}

impl std::error::Error for AeadError {}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";

    #[test]
    fn rejections_say_which_rule_failed() {
        let key = ApiV3Key::new(KEY).ok();
        let key = key.as_ref();
        let decrypt = |n: &str, a: &str, c: &str| key.map(|k| k.decrypt(n, a, c));
        assert_eq!(
            decrypt("short", "", "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI="),
            Some(Err(AeadError::NonceLength { len: 5 }))
        );
        assert_eq!(
            decrypt("uluk4a9R25RW", "", "not base64!"),
            Some(Err(AeadError::NotBase64))
        );
        assert_eq!(
            decrypt("uluk4a9R25RW", "associatedData", "AAAA"),
            Some(Err(AeadError::Truncated { len: 3 }))
        );
        // Another AAD, or another key: authentication fails.
        assert_eq!(
            decrypt("uluk4a9R25RW", "other", "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI="),
            Some(Err(AeadError::Authentication))
        );
        let other = ApiV3Key::new("b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb").ok();
        assert_eq!(
            other.map(|k| k.decrypt(
                "uluk4a9R25RW",
                "associatedData",
                "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI="
            )),
            Some(Err(AeadError::Authentication))
        );
    }

    #[test]
    fn keys_of_other_lengths_are_refused_by_length_only() {
        for bad in ["", "testAPIv3Key0000", &"x".repeat(33)] {
            let err = ApiV3Key::new(bad)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(&format!("{} bytes", bad.len())), "{err}");
            assert!(bad.is_empty() || !err.contains(bad), "{err}");
        }
    }
}

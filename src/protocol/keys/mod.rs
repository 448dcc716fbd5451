//! Loading the merchant private key, the WeChat Pay public key and platform certificates.
//!
//! Keys are parsed once, when loaded; signing and verifying never re-parse. `Debug` output
//! never shows key material, only what identifies the key (format, size, serial or ID).
//!
//! | file | what it holds |
//! | --- | --- |
//! | `merchant.rs` | [`MerchantPrivateKey`]: loading it and signing with it |
//! | `public_key.rs` | [`WechatPayPublicKey`]: the public key and its ID (public-key mode) |
//! | `certificate.rs` | [`PlatformCertificate`]: a platform certificate, its serial and validity |
//! | `verifier.rs` | [`VerifierKeys`]: the keys that may sign responses, by serial |
//! | `rsa_public.rs` | the checked RSA public key both verification modes hold |
//! | `load.rs` | what the loaders share: PEM blocks, files, key sizes, IDs, error wording |

mod certificate;
mod load;
mod merchant;
mod public_key;
mod rsa_public;
mod verifier;

pub use certificate::PlatformCertificate;
pub use merchant::MerchantPrivateKey;
pub(crate) use merchant::MAX_SIGNATURE_LEN;
pub use public_key::WechatPayPublicKey;
pub use verifier::VerifierKeys;

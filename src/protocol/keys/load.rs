//! What the loaders share: reading PEM text and files, picking the expected PEM block,
//! checking key sizes and IDs, and wording their errors.

use std::path::Path;

use crate::error::Error;
use crate::protocol::pem::{self, PemBlock};

pub(super) fn check_key_id(id: &str) -> Result<(), Error> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        // Never echo long or PEM-like text: swapped arguments would put a key into the error.
        let found = if id.contains("-----") {
            "text that looks like PEM (are the id and pem arguments swapped?)".to_owned()
        } else if id.chars().count() > 64 {
            format!(
                "a {}-character string that is not an ID",
                id.chars().count()
            )
        } else {
            format!("{id:?}")
        };
        return Err(Error::key(
            "a public key ID such as PUB_KEY_ID_0114232134912410000000000000000000 (letters, digits, _)",
            found,
        ));
    }
    Ok(())
}

pub(super) fn read_blocks(text: &str, expected: &'static str) -> Result<Vec<PemBlock>, Error> {
    pem::parse(text).map_err(|e| Error::key(expected, e.describe()))
}

pub(super) fn find_block<'b>(
    blocks: &'b [PemBlock],
    labels: &[&str],
    expected: &'static str,
) -> Result<&'b PemBlock, Error> {
    if let Some(block) = blocks.iter().find(|b| labels.contains(&b.label.as_str())) {
        return Ok(block);
    }
    let found: Vec<String> = blocks
        .iter()
        .map(|b| pem::describe_label(&b.label))
        .collect();
    Err(Error::key(expected, found.join(" and ")))
}

pub(super) fn pem_text<'t>(bytes: &'t [u8], expected: &'static str) -> Result<&'t str, Error> {
    std::str::from_utf8(bytes).map_err(|_| {
        Error::key(
            expected,
            "bytes that are not text (binary DER? convert with `openssl … -outform PEM`)",
        )
    })
}

/// Rejects RSA sizes outside what ring (and WeChat Pay) accept, naming the size found.
pub(super) fn check_bits(bits: usize, expected: &'static str, what: String) -> Result<(), Error> {
    if (2048..=8192).contains(&bits) {
        return Ok(());
    }
    Err(Error::key(
        expected,
        format!(
            "{} {bits}-bit {what}; 2048 to 8192 bits are accepted",
            article(bits)
        ),
    ))
}

/// "a" or "an" before a number of bits as it is read aloud ("an 8192-bit", "an 1100-bit").
pub(super) fn article(bits: usize) -> &'static str {
    let digits = bits.to_string();
    let eleven_or_eighteen =
        digits.len() == 4 && (digits.starts_with("11") || digits.starts_with("18"));
    if digits.starts_with('8') || eleven_or_eighteen {
        "an"
    } else {
        "a"
    }
}

/// ring's reason for rejecting a key whose algorithm and size were fine, in plain words
/// (its own names, such as `InconsistentComponents`, mean nothing to a user).
pub(super) fn describe_rejection(rejected: &ring::error::KeyRejected) -> &'static str {
    match rejected.to_string().as_str() {
        "InvalidEncoding" => "its DER encoding is invalid",
        "InconsistentComponents" => "its components are inconsistent (a corrupted key?)",
        "VersionNotSupported" => "its version is not supported (multi-prime keys are not)",
        "InvalidComponent" => "one of its components is invalid",
        "PublicKeyIsMissing" => "its public key is missing",
        _ => "it is malformed",
    }
}

/// Adds the file name to a key error found while loading it.
pub(super) fn in_file<T>(path: &Path, result: Result<T, Error>) -> Result<T, Error> {
    result.map_err(|e| match e {
        Error::Key { expected, found } => Error::Key {
            expected,
            found: format!("{found} (in file {})", path.display()),
        },
        other => other,
    })
}

pub(super) fn read_file(path: &Path, expected: &'static str) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::key(
            expected,
            format!("an unreadable file {}: {e}", path.display()),
        )
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::key(
            expected,
            format!("an empty file {}", path.display()),
        ));
    }
    let text = in_file(path, pem_text(&bytes, expected))?.to_owned();
    // Best-effort wipe of the raw copy; `text` is dropped by the caller after parsing.
    let mut bytes = bytes;
    bytes.fill(0);
    std::hint::black_box(&bytes);
    Ok(text)
}

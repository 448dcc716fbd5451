//! A tolerant PEM reader: finds `-----BEGIN X-----` … `-----END X-----` blocks anywhere in the
//! text, ignores surrounding text, CRLF line endings and whitespace inside the Base64.

use base64::Engine as _;

/// One decoded PEM block.
pub(crate) struct PemBlock {
    /// The label between `BEGIN ` and `-----`, e.g. `PRIVATE KEY`.
    pub label: String,
    /// The decoded DER bytes.
    pub der: Vec<u8>,
}

impl Drop for PemBlock {
    /// Best-effort wipe: private key DER must not linger in freed memory longer than needed.
    fn drop(&mut self) {
        self.der.fill(0);
        std::hint::black_box(&self.der);
    }
}

/// Why PEM text could not be read.
pub(crate) enum PemError {
    /// No `-----BEGIN` line at all.
    NoBlock,
    /// A block has no matching END line.
    Unterminated(String),
    /// A block carries RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`): an encrypted key.
    Encrypted(String),
    /// The Base64 inside a block is invalid.
    BadBase64(String),
}

impl PemError {
    /// Describes the problem for a "found …" message.
    pub fn describe(&self) -> String {
        match self {
            PemError::NoBlock => "no PEM block (no -----BEGIN …----- line)".to_owned(),
            PemError::Unterminated(l) => format!("a BEGIN {l} line without its END line"),
            PemError::Encrypted(l) => format!(
                "an encrypted {l} (Proc-Type header); decrypt it first, e.g. `openssl pkey -in key.pem -out plain.pem`"
            ),
            PemError::BadBase64(l) => format!("a {l} block whose Base64 content is invalid"),
        }
    }
}

/// Decodes every PEM block in `text`, in order.
pub(crate) fn parse(text: &str) -> Result<Vec<PemBlock>, PemError> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after_begin = &rest[start + "-----BEGIN ".len()..];
        let Some(label_end) = after_begin.find("-----") else {
            return Err(PemError::Unterminated(String::from("(unlabelled)")));
        };
        let label = after_begin[..label_end].trim().to_owned();
        let body_and_rest = &after_begin[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = body_and_rest.find(&end_marker) else {
            return Err(PemError::Unterminated(label));
        };
        let body = &body_and_rest[..end];
        if body.contains(':') {
            return Err(PemError::Encrypted(label));
        }
        let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        let der = match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
            Ok(der) => der,
            Err(_) => return Err(PemError::BadBase64(label)),
        };
        blocks.push(PemBlock { label, der });
        rest = &body_and_rest[end + end_marker.len()..];
    }
    if blocks.is_empty() {
        return Err(PemError::NoBlock);
    }
    Ok(blocks)
}

/// Names a block's label in user terms, for "found …" messages.
pub(crate) fn describe_label(label: &str) -> String {
    let what = match label {
        "PRIVATE KEY" => "a PKCS#8 private key",
        "RSA PRIVATE KEY" => "a PKCS#1 RSA private key",
        "ENCRYPTED PRIVATE KEY" => {
            "an encrypted PKCS#8 private key (not supported; decrypt it first)"
        }
        "EC PRIVATE KEY" => "an EC private key (WeChat Pay APIv3 uses RSA)",
        "PUBLIC KEY" => "a public key (SPKI)",
        "RSA PUBLIC KEY" => "a PKCS#1 RSA public key",
        "CERTIFICATE" => "a certificate",
        "CERTIFICATE REQUEST" => "a certificate signing request",
        _ => "a PEM block",
    };
    format!("{what} (BEGIN {label})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_crlf_surrounding_text_and_indentation() {
        let text = "Bag Attributes\r\n  friendlyName: x\r\n-----BEGIN PUBLIC KEY-----\r\n  AAEC\r\n  AwQ=\r\n-----END PUBLIC KEY-----\r\ntrailer";
        let blocks = parse(text).ok().unwrap_or_default();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].label, "PUBLIC KEY");
        assert_eq!(blocks[0].der, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn reports_problems() {
        assert!(matches!(parse("nothing here"), Err(PemError::NoBlock)));
        assert!(matches!(
            parse("-----BEGIN X-----\nAAAA\n"),
            Err(PemError::Unterminated(_))
        ));
        assert!(matches!(
            parse("-----BEGIN X-----\n!!!!\n-----END X-----"),
            Err(PemError::BadBase64(_))
        ));
        assert!(matches!(
            parse("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END RSA PRIVATE KEY-----"),
            Err(PemError::Encrypted(_))
        ));
    }
}

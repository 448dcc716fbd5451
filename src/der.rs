//! The few DER structures the crate reads: an X.509 certificate's serial and public key, an
//! SPKI's RSA key, and a PKCS#1 `RSAPublicKey`'s modulus size. Nothing else of X.509 is used.

/// A DER structure was malformed; the text says where.
pub(crate) struct DerError(pub &'static str);

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;
const CONTEXT_0: u8 = 0xA0;
/// 1.2.840.113549.1.1.1 rsaEncryption
const RSA_ENCRYPTION_OID: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];

/// A cursor over DER bytes.
struct Reader<'a> {
    input: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(input: &'a [u8]) -> Self {
        Reader { input }
    }

    fn peek_tag(&self) -> Option<u8> {
        self.input.first().copied()
    }

    /// Reads one TLV and returns its tag and content.
    fn read(&mut self) -> Result<(u8, &'a [u8]), DerError> {
        let [tag, first_len, rest @ ..] = self.input else {
            return Err(DerError("truncated element"));
        };
        if tag & 0x1F == 0x1F {
            return Err(DerError("high tag numbers are not supported"));
        }
        let (len, rest) = if first_len & 0x80 == 0 {
            (usize::from(*first_len), rest)
        } else {
            let n = usize::from(first_len & 0x7F);
            if n == 0 || n > 4 || rest.len() < n {
                return Err(DerError("bad length"));
            }
            let len = rest[..n]
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (len, &rest[n..])
        };
        if rest.len() < len {
            return Err(DerError("element longer than its input"));
        }
        let (content, remaining) = rest.split_at(len);
        self.input = remaining;
        Ok((*tag, content))
    }

    fn read_expected(&mut self, tag: u8, what: &'static str) -> Result<&'a [u8], DerError> {
        match self.read()? {
            (t, content) if t == tag => Ok(content),
            _ => Err(DerError(what)),
        }
    }
}

/// Extracts the PKCS#1 `RSAPublicKey` from a `SubjectPublicKeyInfo`, checking it is RSA.
pub(crate) fn spki_to_rsa_public_key(spki: &[u8]) -> Result<&[u8], DerError> {
    let mut outer = Reader::new(spki);
    let seq = outer.read_expected(SEQUENCE, "SubjectPublicKeyInfo is not a SEQUENCE")?;
    if !outer.input.is_empty() {
        return Err(DerError("trailing bytes after SubjectPublicKeyInfo"));
    }
    let mut inner = Reader::new(seq);
    let alg = inner.read_expected(SEQUENCE, "AlgorithmIdentifier is not a SEQUENCE")?;
    let oid = Reader::new(alg).read_expected(OID, "AlgorithmIdentifier has no OID")?;
    if oid != RSA_ENCRYPTION_OID {
        return Err(DerError(
            "the key is not an RSA key (algorithm OID is not rsaEncryption)",
        ));
    }
    let bits = inner.read_expected(BIT_STRING, "subjectPublicKey is not a BIT STRING")?;
    match bits {
        [0, key @ ..] => Ok(key),
        _ => Err(DerError("subjectPublicKey has unused bits")),
    }
}

/// Returns the modulus size in bits of a PKCS#1 `RSAPublicKey`.
pub(crate) fn rsa_public_key_bits(pkcs1: &[u8]) -> Result<usize, DerError> {
    let mut outer = Reader::new(pkcs1);
    let seq = outer.read_expected(SEQUENCE, "RSAPublicKey is not a SEQUENCE")?;
    if !outer.input.is_empty() {
        return Err(DerError("trailing bytes after RSAPublicKey"));
    }
    let mut inner = Reader::new(seq);
    let modulus = inner.read_expected(INTEGER, "RSAPublicKey modulus is not an INTEGER")?;
    let exponent = inner.read_expected(INTEGER, "RSAPublicKey exponent is not an INTEGER")?;
    if exponent.iter().all(|b| *b == 0) {
        return Err(DerError("RSA exponent is empty or zero"));
    }
    let significant: &[u8] = match modulus.iter().position(|b| *b != 0) {
        Some(i) => &modulus[i..],
        None => return Err(DerError("RSA modulus is zero")),
    };
    let lead_bits = 8 - significant[0].leading_zeros() as usize;
    Ok((significant.len() - 1) * 8 + lead_bits)
}

/// The parts of an X.509 certificate the verifier needs.
pub(crate) struct CertificateParts<'a> {
    /// The serial as upper-case hex of its big-endian magnitude (as the official Go SDK prints it).
    pub serial_hex: String,
    /// The DER `SubjectPublicKeyInfo`.
    pub spki: &'a [u8],
}

/// Reads a certificate's serial and `SubjectPublicKeyInfo`.
pub(crate) fn certificate_parts(cert: &[u8]) -> Result<CertificateParts<'_>, DerError> {
    let mut outer = Reader::new(cert);
    let cert_seq = outer.read_expected(SEQUENCE, "Certificate is not a SEQUENCE")?;
    let tbs = Reader::new(cert_seq).read_expected(SEQUENCE, "TBSCertificate is not a SEQUENCE")?;
    let mut fields = Reader::new(tbs);
    if fields.peek_tag() == Some(CONTEXT_0) {
        fields.read()?; // version
    }
    let serial = fields.read_expected(INTEGER, "serialNumber is not an INTEGER")?;
    for what in [
        "signature AlgorithmIdentifier is not a SEQUENCE",
        "issuer is not a SEQUENCE",
        "validity is not a SEQUENCE",
        "subject is not a SEQUENCE",
    ] {
        fields.read_expected(SEQUENCE, what)?;
    }
    let before = fields.input;
    fields.read_expected(SEQUENCE, "subjectPublicKeyInfo is not a SEQUENCE")?;
    let spki = &before[..before.len() - fields.input.len()];
    match serial.first() {
        None => return Err(DerError("serialNumber is empty")),
        Some(b) if b & 0x80 != 0 => return Err(DerError("serialNumber is negative")),
        Some(_) => {}
    }
    let magnitude = match serial.iter().position(|b| *b != 0) {
        Some(i) => &serial[i..],
        None => &serial[serial.len() - 1..],
    };
    let serial_hex = magnitude.iter().map(|b| format!("{b:02X}")).collect();
    Ok(CertificateParts { serial_hex, spki })
}

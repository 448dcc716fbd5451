//! The few DER structures the crate reads: an X.509 certificate's serial, validity and public key, an
//! SPKI's RSA key, a PKCS#1 key's modulus size, and the algorithm of a PKCS#8 or SPKI key (to
//! name a wrong key in errors). Nothing else of X.509 is used.

/// A DER structure was malformed; the text says where.
pub(crate) struct DerError(pub &'static str);

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const CONTEXT_0: u8 = 0xA0;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;

/// The algorithm named by a key's `AlgorithmIdentifier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyAlgorithm {
    /// 1.2.840.113549.1.1.1 rsaEncryption: the only one WeChat Pay APIv3 uses.
    Rsa,
    /// 1.2.840.113549.1.1.10 RSASSA-PSS.
    RsaPss,
    /// 1.2.840.10045.2.1 id-ecPublicKey (also SM2 keys).
    Ec,
    /// 1.3.101.112.
    Ed25519,
    /// 1.3.101.113.
    Ed448,
    /// 1.3.101.110.
    X25519,
    /// 1.3.101.111.
    X448,
    /// 1.2.840.10040.4.1.
    Dsa,
    /// Anything else.
    Other,
}

impl KeyAlgorithm {
    fn from_oid(oid: &[u8]) -> Self {
        match oid {
            [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01] => KeyAlgorithm::Rsa,
            [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A] => KeyAlgorithm::RsaPss,
            [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01] => KeyAlgorithm::Ec,
            [0x2B, 0x65, 0x70] => KeyAlgorithm::Ed25519,
            [0x2B, 0x65, 0x71] => KeyAlgorithm::Ed448,
            [0x2B, 0x65, 0x6E] => KeyAlgorithm::X25519,
            [0x2B, 0x65, 0x6F] => KeyAlgorithm::X448,
            [0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01] => KeyAlgorithm::Dsa,
            _ => KeyAlgorithm::Other,
        }
    }

    /// The key type in user terms, e.g. `"an EC"` (followed by "private key" or "public key").
    pub(crate) fn article_name(self) -> &'static str {
        match self {
            KeyAlgorithm::Rsa => "an RSA",
            KeyAlgorithm::RsaPss => "an RSA-PSS",
            KeyAlgorithm::Ec => "an EC (or SM2)",
            KeyAlgorithm::Ed25519 => "an Ed25519",
            KeyAlgorithm::Ed448 => "an Ed448",
            KeyAlgorithm::X25519 => "an X25519",
            KeyAlgorithm::X448 => "an X448",
            KeyAlgorithm::Dsa => "a DSA",
            KeyAlgorithm::Other => "a non-RSA",
        }
    }
}

/// Reads an `AlgorithmIdentifier`'s algorithm.
fn algorithm(alg: &[u8]) -> Result<KeyAlgorithm, DerError> {
    let oid = Reader::new(alg).read_expected(OID, "AlgorithmIdentifier has no OID")?;
    Ok(KeyAlgorithm::from_oid(oid))
}

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

/// Reads a `SubjectPublicKeyInfo`: its algorithm and the key bits (for RSA, a PKCS#1
/// `RSAPublicKey`).
pub(crate) fn spki(spki: &[u8]) -> Result<(KeyAlgorithm, &[u8]), DerError> {
    let mut outer = Reader::new(spki);
    let seq = outer.read_expected(SEQUENCE, "SubjectPublicKeyInfo is not a SEQUENCE")?;
    if !outer.input.is_empty() {
        return Err(DerError("trailing bytes after SubjectPublicKeyInfo"));
    }
    let mut inner = Reader::new(seq);
    let alg = inner.read_expected(SEQUENCE, "AlgorithmIdentifier is not a SEQUENCE")?;
    let algorithm = algorithm(alg)?;
    let bits = inner.read_expected(BIT_STRING, "subjectPublicKey is not a BIT STRING")?;
    match bits {
        [0, key @ ..] => Ok((algorithm, key)),
        _ => Err(DerError("subjectPublicKey has unused bits")),
    }
}

/// Reads a PKCS#8 `PrivateKeyInfo`: its algorithm and the private key octets (for RSA, a
/// PKCS#1 `RSAPrivateKey`).
pub(crate) fn pkcs8(der: &[u8]) -> Result<(KeyAlgorithm, &[u8]), DerError> {
    let seq = Reader::new(der).read_expected(SEQUENCE, "PrivateKeyInfo is not a SEQUENCE")?;
    let mut inner = Reader::new(seq);
    inner.read_expected(INTEGER, "PrivateKeyInfo version is not an INTEGER")?;
    let alg = inner.read_expected(SEQUENCE, "AlgorithmIdentifier is not a SEQUENCE")?;
    let algorithm = algorithm(alg)?;
    let key = inner.read_expected(OCTET_STRING, "privateKey is not an OCTET STRING")?;
    Ok((algorithm, key))
}

/// Returns the modulus size in bits of a PKCS#1 `RSAPrivateKey`.
pub(crate) fn rsa_private_key_bits(pkcs1: &[u8]) -> Result<usize, DerError> {
    let seq = Reader::new(pkcs1).read_expected(SEQUENCE, "RSAPrivateKey is not a SEQUENCE")?;
    let mut inner = Reader::new(seq);
    inner.read_expected(INTEGER, "RSAPrivateKey version is not an INTEGER")?;
    let modulus = inner.read_expected(INTEGER, "RSAPrivateKey modulus is not an INTEGER")?;
    integer_bits(modulus)
}

/// The size in bits of a non-negative INTEGER's value.
fn integer_bits(value: &[u8]) -> Result<usize, DerError> {
    let significant: &[u8] = match value.iter().position(|b| *b != 0) {
        Some(i) => &value[i..],
        None => return Err(DerError("RSA modulus is zero")),
    };
    let lead_bits = 8 - significant[0].leading_zeros() as usize;
    Ok((significant.len() - 1) * 8 + lead_bits)
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
    integer_bits(modulus)
}

/// The parts of an X.509 certificate the verifier needs.
pub(crate) struct CertificateParts<'a> {
    /// The serial as upper-case hex of its big-endian magnitude (as the official Go SDK prints it).
    pub serial_hex: String,
    /// The DER `SubjectPublicKeyInfo`.
    pub spki: &'a [u8],
    /// `notBefore`, Unix seconds.
    pub not_before: i64,
    /// `notAfter`, Unix seconds.
    pub not_after: i64,
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
    fields.read_expected(SEQUENCE, "signature AlgorithmIdentifier is not a SEQUENCE")?;
    fields.read_expected(SEQUENCE, "issuer is not a SEQUENCE")?;
    let validity = fields.read_expected(SEQUENCE, "validity is not a SEQUENCE")?;
    fields.read_expected(SEQUENCE, "subject is not a SEQUENCE")?;
    let mut validity = Reader::new(validity);
    let not_before = time_of(validity.read()?)?;
    let not_after = time_of(validity.read()?)?;
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
    Ok(CertificateParts {
        serial_hex,
        spki,
        not_before,
        not_after,
    })
}

/// An X.509 `Time` (RFC 5280 §4.1.2.5): `UTCTime` `YYMMDDHHMMSSZ` (years 1950-2049) or
/// `GeneralizedTime` `YYYYMMDDHHMMSSZ`, as Unix seconds.
fn time_of((tag, content): (u8, &[u8])) -> Result<i64, DerError> {
    let (year, rest) = match tag {
        UTC_TIME if content.len() == 13 => {
            let yy = digits(&content[..2])?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &content[2..])
        }
        GENERALIZED_TIME if content.len() == 15 => (digits(&content[..4])?, &content[4..]),
        UTC_TIME | GENERALIZED_TIME => {
            return Err(DerError("validity time has an unexpected length"))
        }
        _ => {
            return Err(DerError(
                "validity time is not a UTCTime or GeneralizedTime",
            ))
        }
    };
    if rest.last() != Some(&b'Z') {
        return Err(DerError("validity time is not in UTC (Z)"));
    }
    let field = |i: usize| digits(&rest[i..i + 2]);
    let month = u8::try_from(field(0)?)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .ok_or(DerError("validity time has a bad month"))?;
    let narrow = |v: i32| u8::try_from(v).map_err(|_| DerError("validity time is out of range"));
    let date = time::Date::from_calendar_date(year, month, narrow(field(2)?)?)
        .map_err(|_| DerError("validity time has a bad date"))?;
    let at = date
        .with_hms(narrow(field(4)?)?, narrow(field(6)?)?, narrow(field(8)?)?)
        .map_err(|_| DerError("validity time has a bad time of day"))?;
    Ok(at.assume_utc().unix_timestamp())
}

/// ASCII decimal digits as a number.
fn digits(text: &[u8]) -> Result<i32, DerError> {
    text.iter().try_fold(0i32, |acc, b| {
        if b.is_ascii_digit() {
            Ok(acc * 10 + i32::from(b - b'0'))
        } else {
            Err(DerError("validity time has a non-digit"))
        }
    })
}

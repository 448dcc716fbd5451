//! Request signing (`WECHATPAY2-SHA256-RSA2048`), as a pure function of its inputs.
//!
//! The signed message is five lines, each ending in `\n`:
//! `METHOD\nrequest-target\ntimestamp\nnonce\nbody\n`, over the exact bytes that are sent.
//! Timestamp and nonce are parameters, so tests and known-answer vectors are deterministic;
//! [`RequestSigner::nonce`] and the client supply real ones.

use std::fmt;

use base64::Engine as _;
use ring::rand::{SecureRandom, SystemRandom};

use crate::error::Error;
use crate::protocol::keys::{MerchantPrivateKey, MAX_SIGNATURE_LEN};

/// The authentication scheme of the `Authorization` header.
pub const SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";

/// Length of the nonces this crate generates (as the official SDKs do).
pub const NONCE_LEN: usize = 32;

/// Builds the canonical message `METHOD\ntarget\ntimestamp\nnonce\nbody\n`.
///
/// ```
/// let msg = wechatpay_product_coupon::signing::canonical_request("GET", "/v3/x?a=1", 1554208460, "N", b"");
/// assert_eq!(msg, b"GET\n/v3/x?a=1\n1554208460\nN\n\n");
/// ```
pub fn canonical_request(
    method: &str,
    target: &str,
    timestamp: i64,
    nonce: &str,
    body: &[u8],
) -> Vec<u8> {
    let ts = itoa_buf(timestamp);
    let ts = ts.as_str();
    let mut msg =
        Vec::with_capacity(method.len() + target.len() + ts.len() + nonce.len() + body.len() + 5);
    for part in [
        method.as_bytes(),
        target.as_bytes(),
        ts.as_bytes(),
        nonce.as_bytes(),
        body,
    ] {
        msg.extend_from_slice(part);
        msg.push(b'\n');
    }
    msg
}

/// A random 32-character alphanumeric nonce, on the stack.
///
/// ```
/// # use wechatpay_product_coupon::{signing::RequestSigner, MerchantPrivateKey};
/// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem");
/// # let signer = RequestSigner::new("1900000001", "5A4E44424F58000000000000000000000001", MerchantPrivateKey::from_pem_file(path)?)?;
/// use wechatpay_product_coupon::signing::NONCE_LEN;
/// let nonce = signer.nonce()?;
/// assert_eq!(nonce.as_str().len(), NONCE_LEN);
/// assert_ne!(nonce, signer.nonce()?); // fresh every time
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Nonce([u8; NONCE_LEN]);

impl Nonce {
    /// The nonce text.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{signing::RequestSigner, MerchantPrivateKey};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem");
    /// # let signer = RequestSigner::new("1900000001", "5A4E44424F58000000000000000000000001", MerchantPrivateKey::from_pem_file(path)?)?;
    /// let nonce = signer.nonce()?;
    /// assert!(nonce.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        // Every byte is ASCII alphanumeric by construction.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl fmt::Debug for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Signs requests for one merchant: holds mchid, certificate serial and private key.
///
/// ```
/// use wechatpay_product_coupon::signing::RequestSigner;
/// use wechatpay_product_coupon::MerchantPrivateKey;
/// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem");
/// let key = MerchantPrivateKey::from_pem_file(path)?; // apiclient_key.pem
/// let signer = RequestSigner::new("1900000001", "5A4E44424F58000000000000000000000001", key)?;
/// let nonce = signer.nonce()?;
/// let authorization = signer.authorization("GET", "/v3/certificates", b"", 1_754_193_600, nonce.as_str())?;
/// assert!(authorization.starts_with(r#"WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str=""#));
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub struct RequestSigner {
    mchid: String,
    serial_no: String,
    key: MerchantPrivateKey,
    rng: SystemRandom,
}

impl RequestSigner {
    /// Creates a signer. `mchid` is the service provider's merchant ID (digits);
    /// `serial_no` is the merchant API certificate's serial (hex), normalised to upper case
    /// because the gateway's serials are upper-case hex and it answers `401` to a lower-case
    /// copy.
    ///
    /// ```
    /// use wechatpay_product_coupon::{signing::RequestSigner, Error, MerchantPrivateKey};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem");
    /// let key = MerchantPrivateKey::from_pem_file(path)?;
    /// // The serial must be hex, as `openssl x509 -noout -serial` prints it.
    /// let err = RequestSigner::new("1900000001", "serial-1", key).unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "merchant_serial", .. }));
    ///
    /// // Lower case is sent in upper case.
    /// # let key = MerchantPrivateKey::from_pem_file(path)?;
    /// let signer = RequestSigner::new("1900000001", "5a4e44424f58000000000000000000000001", key)?;
    /// assert_eq!(signer.serial_no(), "5A4E44424F58000000000000000000000001");
    /// # Ok::<(), Error>(())
    /// ```
    pub fn new(
        mchid: impl Into<String>,
        serial_no: impl Into<String>,
        key: MerchantPrivateKey,
    ) -> Result<Self, Error> {
        let mchid = mchid.into();
        let mut serial_no = serial_no.into();
        if mchid.is_empty() || !mchid.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::config(
                "mchid",
                format!(
                    "must be the service provider's merchant ID (digits only), found {mchid:?}"
                ),
            ));
        }
        if serial_no.is_empty() || !serial_no.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::config(
                "merchant_serial",
                format!(
                    "must be the merchant API certificate serial in hex \
                     (`openssl x509 -noout -serial -in apiclient_cert.pem`), found {serial_no:?}"
                ),
            ));
        }
        serial_no.make_ascii_uppercase();
        Ok(RequestSigner {
            mchid,
            serial_no,
            key,
            rng: SystemRandom::new(),
        })
    }

    /// The merchant ID.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{signing::RequestSigner, MerchantPrivateKey};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem");
    /// # let signer = RequestSigner::new("1900000001", "5A4E44424F58000000000000000000000001", MerchantPrivateKey::from_pem_file(path)?)?;
    /// assert_eq!(signer.mchid(), "1900000001");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn mchid(&self) -> &str {
        &self.mchid
    }

    /// The merchant certificate serial.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{signing::RequestSigner, MerchantPrivateKey};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem");
    /// # let signer = RequestSigner::new("1900000001", "5A4E44424F58000000000000000000000001", MerchantPrivateKey::from_pem_file(path)?)?;
    /// assert_eq!(signer.serial_no(), "5A4E44424F58000000000000000000000001");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn serial_no(&self) -> &str {
        &self.serial_no
    }

    /// Draws a fresh nonce of 32 characters from `[0-9A-Za-z]` using ring's `SystemRandom`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{signing::RequestSigner, MerchantPrivateKey};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem");
    /// # let signer = RequestSigner::new("1900000001", "5A4E44424F58000000000000000000000001", MerchantPrivateKey::from_pem_file(path)?)?;
    /// let (a, b) = (signer.nonce()?, signer.nonce()?);
    /// assert_ne!(a.as_str(), b.as_str());
    /// assert_eq!(a.as_str().len(), 32);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn nonce(&self) -> Result<Nonce, Error> {
        const ALPHABET: &[u8; 62] =
            b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut out = [0u8; NONCE_LEN];
        let mut filled = 0;
        let mut random = [0u8; 64];
        while filled < NONCE_LEN {
            self.rng.fill(&mut random).map_err(|_| Error::Random)?;
            // Rejection sampling keeps the distribution uniform: 248 = 4 * 62.
            for b in random.iter().filter(|b| **b < 248) {
                if filled == NONCE_LEN {
                    break;
                }
                out[filled] = ALPHABET[usize::from(*b % 62)];
                filled += 1;
            }
        }
        Ok(Nonce(out))
    }

    fn sign_base64_into(&self, message: &[u8], out: &mut String) -> Result<(), Error> {
        let mut sig = [0u8; MAX_SIGNATURE_LEN];
        let len = self.key.sign_into(&self.rng, message, &mut sig)?;
        base64::engine::general_purpose::STANDARD.encode_string(&sig[..len], out);
        Ok(())
    }

    /// Builds the complete `Authorization` header value for one request.
    ///
    /// `target` is the request-target exactly as sent (percent-encoded path and query),
    /// `body` the exact body bytes (empty for none). Pure: the same inputs give the same output.
    ///
    /// ```
    /// # use wechatpay_product_coupon::{signing::RequestSigner, MerchantPrivateKey};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys/merchant_private_key.pem");
    /// # let signer = RequestSigner::new("1900000001", "5A4E44424F58000000000000000000000001", MerchantPrivateKey::from_pem_file(path)?)?;
    /// use wechatpay_product_coupon::api::{ProductCouponDisplayInfo, UpdateProductCouponRequest};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    ///
    /// let display = ProductCouponDisplayInfo::new("新名字的商品券", "https://a/1.png", "https://a/2.png");
    /// let encoded = UpdateProductCouponRequest::new("1000000013".parse()?, "120344".parse()?, "MCHUPDATE0001".parse()?, display).encode()?;
    /// let nonce = signer.nonce()?;
    /// let header = signer.authorization(
    ///     encoded.method.as_str(),
    ///     &encoded.target,
    ///     encoded.body_bytes(),
    ///     1_754_193_600, // now, in Unix seconds
    ///     nonce.as_str(),
    /// )?;
    /// assert!(header.contains(r#"timestamp="1754193600",serial_no="5A4E44424F58000000000000000000000001""#));
    /// // Send it as `Authorization`, with exactly `encoded.target` and `encoded.body_bytes()`.
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn authorization(
        &self,
        method: &str,
        target: &str,
        body: &[u8],
        timestamp: i64,
        nonce: &str,
    ) -> Result<String, Error> {
        check_token("method", method, |b| b.is_ascii_uppercase())?;
        check_token("nonce", nonce, |b| b.is_ascii_alphanumeric())?;
        let message = canonical_request(method, target, timestamp, nonce, body);
        let ts = itoa_buf(timestamp);
        let ts = ts.as_str();
        let mut header = String::with_capacity(
            SCHEME.len()
                + 64
                + self.mchid.len()
                + nonce.len()
                + 344
                + ts.len()
                + self.serial_no.len(),
        );
        header.push_str(SCHEME);
        header.push_str(" mchid=\"");
        header.push_str(&self.mchid);
        header.push_str("\",nonce_str=\"");
        header.push_str(nonce);
        header.push_str("\",signature=\"");
        self.sign_base64_into(&message, &mut header)?;
        header.push_str("\",timestamp=\"");
        header.push_str(ts);
        header.push_str("\",serial_no=\"");
        header.push_str(&self.serial_no);
        header.push('"');
        Ok(header)
    }
}

impl fmt::Debug for RequestSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestSigner")
            .field("mchid", &self.mchid)
            .field("serial_no", &self.serial_no)
            .field("key", &self.key)
            .finish()
    }
}

fn check_token(name: &'static str, value: &str, ok: impl Fn(u8) -> bool) -> Result<(), Error> {
    if value.is_empty() || !value.bytes().all(ok) {
        return Err(Error::invalid(
            name,
            format!("must be a non-empty token of allowed characters, found {value:?}"),
        ));
    }
    Ok(())
}

/// A decimal rendering of an `i64` without heap allocation.
pub(crate) struct ItoaBuf {
    buf: [u8; 20],
    start: usize,
}

impl ItoaBuf {
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or("0")
    }
}

pub(crate) fn itoa_buf(value: i64) -> ItoaBuf {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let negative = value < 0;
    let mut v = value.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 || i == 1 {
            break;
        }
    }
    if negative {
        i -= 1;
        buf[i] = b'-';
    }
    ItoaBuf { buf, start: i }
}

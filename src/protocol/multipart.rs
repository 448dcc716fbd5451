//! `multipart/form-data` for uploads (图片上传): a JSON `meta` part, which is what gets
//! signed, and a `file` part. Pure: the boundary is derived from the content (or given, for
//! tests), so the same request always encodes to the same bytes and every retry resends
//! them.
//!
//! ```
//! use wechatpay_product_coupon::multipart::{FilePart, MultipartForm};
//! let file = FilePart::new("header.png", "image/png", b"\x89PNG...".to_vec());
//! let form = MultipartForm::with_boundary("BOUNDARY", br#"{"filename":"header.png"}"#, &file)?;
//! assert_eq!(form.content_type(), "multipart/form-data; boundary=BOUNDARY");
//! assert!(form.body().starts_with(b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"meta\"\r\n"));
//! # Ok::<(), wechatpay_product_coupon::Error>(())
//! ```

use std::fmt;

use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// The file part of an upload: its file name and media type (sent in the part's headers)
/// and its bytes.
///
/// Its JSON travel form carries the bytes as standard Base64:
/// `{"filename":"a.png","content_type":"image/png","content":"iVBORw0…"}`.
///
/// ```
/// use wechatpay_product_coupon::multipart::FilePart;
/// let file = FilePart::new("a.png", "image/png", vec![1, 2, 3]);
/// let json = serde_json::to_string(&file)?;
/// assert_eq!(json, r#"{"filename":"a.png","content_type":"image/png","content":"AQID"}"#);
/// assert_eq!(serde_json::from_str::<FilePart>(&json)?, file);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePart {
    /// The file name sent in the part's `Content-Disposition`.
    pub filename: String,
    /// The part's media type, e.g. `image/png`.
    pub content_type: String,
    /// The file's bytes (Base64 in the JSON travel form).
    #[serde(serialize_with = "to_base64", deserialize_with = "from_base64")]
    pub content: Vec<u8>,
}

impl FilePart {
    /// A file part.
    ///
    /// ```
    /// use wechatpay_product_coupon::multipart::FilePart;
    /// let file = FilePart::new("a.jpg", "image/jpeg", vec![0xFF, 0xD8]);
    /// assert_eq!(file.content.len(), 2);
    /// ```
    pub fn new(
        filename: impl Into<String>,
        content_type: impl Into<String>,
        content: Vec<u8>,
    ) -> Self {
        FilePart {
            filename: filename.into(),
            content_type: content_type.into(),
            content,
        }
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("content", &format_args!("{} bytes", self.content.len()))
            .finish()
    }
}

fn to_base64<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
}

fn from_base64<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    base64::engine::general_purpose::STANDARD
        .decode(text.as_bytes())
        .map_err(|e| serde::de::Error::custom(format!("content is not standard Base64: {e}")))
}

/// An encoded `multipart/form-data` body: the `meta` part (`application/json`, the bytes
/// that are signed) then the `file` part.
///
/// ```
/// use wechatpay_product_coupon::multipart::{FilePart, MultipartForm};
/// let file = FilePart::new("a.png", "image/png", vec![1, 2, 3]);
/// let form = MultipartForm::new(br#"{"filename":"a.png"}"#, &file)?;
/// assert!(form.content_type().starts_with("multipart/form-data; boundary=wpc-"));
/// assert_eq!(MultipartForm::new(br#"{"filename":"a.png"}"#, &file)?, form); // deterministic
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartForm {
    boundary: String,
    body: Vec<u8>,
}

impl MultipartForm {
    /// Encodes `meta` and `file` with a boundary derived from their SHA-256, so that the
    /// same upload always encodes to the same bytes.
    ///
    /// ```
    /// use wechatpay_product_coupon::multipart::{FilePart, MultipartForm};
    /// let file = FilePart::new("a\"b.png", "image/png", vec![]);
    /// let err = MultipartForm::new(b"{}", &file).unwrap_err();
    /// assert!(err.to_string().contains("file.filename"));
    /// ```
    pub fn new(meta: &[u8], file: &FilePart) -> Result<Self, Error> {
        let mut hash = ring::digest::Context::new(&ring::digest::SHA256);
        hash.update(meta);
        hash.update(&file.content);
        let digest = hash.finish();
        let mut boundary = String::from("wpc-");
        for byte in &digest.as_ref()[..16] {
            boundary.push_str(&format!("{byte:02x}"));
        }
        // A boundary must occur in no part; a content-derived one practically never does.
        while contains(meta, boundary.as_bytes()) || contains(&file.content, boundary.as_bytes()) {
            boundary.push('x');
        }
        Self::with_boundary(&boundary, meta, file)
    }

    /// Encodes with the given boundary (1 to 70 of `[0-9A-Za-z'()+_,-./:=?]`, as RFC 2046
    /// allows, occurring in neither part): for tests and fixed vectors.
    ///
    /// ```
    /// use wechatpay_product_coupon::multipart::{FilePart, MultipartForm};
    /// let file = FilePart::new("a.png", "image/png", b"x".to_vec());
    /// let form = MultipartForm::with_boundary("B", b"{}", &file)?;
    /// assert_eq!(
    ///     form.body(),
    ///     b"--B\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{}\r\n\
    ///       --B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nx\r\n\
    ///       --B--\r\n"
    /// );
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn with_boundary(boundary: &str, meta: &[u8], file: &FilePart) -> Result<Self, Error> {
        let boundary_ok = (1..=70).contains(&boundary.len())
            && boundary
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"'()+_,-./:=?".contains(&b));
        if !boundary_ok {
            return Err(Error::invalid(
                "boundary",
                "must be 1 to 70 characters of [0-9A-Za-z'()+_,-./:=?]",
            ));
        }
        if contains(meta, boundary.as_bytes()) || contains(&file.content, boundary.as_bytes()) {
            return Err(Error::invalid(
                "boundary",
                "occurs inside a part; choose another",
            ));
        }
        header_value("file.filename", &file.filename)?;
        header_value("file.content_type", &file.content_type)?;
        let mut body = Vec::with_capacity(meta.len() + file.content.len() + 256);
        let mut push = |parts: &[&[u8]]| parts.iter().for_each(|p| body.extend_from_slice(p));
        let b = boundary.as_bytes();
        push(&[
            b"--",
            b,
            b"\r\nContent-Disposition: form-data; name=\"meta\"\r\n",
        ]);
        push(&[b"Content-Type: application/json\r\n\r\n", meta, b"\r\n"]);
        push(&[
            b"--",
            b,
            b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"",
        ]);
        push(&[file.filename.as_bytes(), b"\"\r\nContent-Type: "]);
        push(&[
            file.content_type.as_bytes(),
            b"\r\n\r\n",
            &file.content,
            b"\r\n",
        ]);
        push(&[b"--", b, b"--\r\n"]);
        Ok(MultipartForm {
            boundary: boundary.to_owned(),
            body,
        })
    }

    /// The `Content-Type` header to send: `multipart/form-data; boundary=…`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::multipart::{FilePart, MultipartForm};
    /// let form = MultipartForm::with_boundary("B", b"{}", &FilePart::new("a.png", "image/png", vec![]))?;
    /// assert_eq!(form.content_type(), "multipart/form-data; boundary=B");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The boundary.
    ///
    /// ```
    /// # use wechatpay_product_coupon::multipart::{FilePart, MultipartForm};
    /// let form = MultipartForm::with_boundary("B", b"{}", &FilePart::new("a.png", "image/png", vec![]))?;
    /// assert_eq!(form.boundary(), "B");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// The bytes to send.
    ///
    /// ```
    /// # use wechatpay_product_coupon::multipart::{FilePart, MultipartForm};
    /// let form = MultipartForm::with_boundary("B", b"{}", &FilePart::new("a.png", "image/png", vec![]))?;
    /// assert!(form.body().ends_with(b"--B--\r\n"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// A part header value: printable, no quote or backslash (nothing to escape), not blank.
fn header_value(field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "is required and must not be empty"));
    }
    if value
        .chars()
        .any(|c| c.is_control() || c == '"' || c == '\\')
    {
        return Err(Error::invalid(
            field,
            "must not contain control characters, '\"' or '\\' (it is sent in a part header)",
        ));
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole form, byte for byte, with a fixed boundary.
    #[test]
    fn a_fixed_boundary_gives_the_exact_form() {
        let meta = br#"{"filename":"header.jpg","sha256":"6aa6c99ce1d04afc2668154126c607af5a680734fa119e2a096529f6d6f2c0a2"}"#;
        let file = FilePart::new("header.jpg", "image/jpeg", vec![0xFF, 0xD8, 0xFF, 0xD9]);
        let form = MultipartForm::with_boundary("----WPCBoundary7MA4YWxk", meta, &file).unwrap();
        let mut expected = Vec::new();
        expected.extend_from_slice(b"------WPCBoundary7MA4YWxk\r\n");
        expected.extend_from_slice(b"Content-Disposition: form-data; name=\"meta\"\r\n");
        expected.extend_from_slice(b"Content-Type: application/json\r\n\r\n");
        expected.extend_from_slice(meta);
        expected.extend_from_slice(b"\r\n------WPCBoundary7MA4YWxk\r\n");
        expected.extend_from_slice(
            b"Content-Disposition: form-data; name=\"file\"; filename=\"header.jpg\"\r\n",
        );
        expected.extend_from_slice(b"Content-Type: image/jpeg\r\n\r\n\xFF\xD8\xFF\xD9\r\n");
        expected.extend_from_slice(b"------WPCBoundary7MA4YWxk--\r\n");
        assert_eq!(form.body(), expected.as_slice());
        assert_eq!(
            form.content_type(),
            "multipart/form-data; boundary=----WPCBoundary7MA4YWxk"
        );
    }

    #[test]
    fn the_derived_boundary_is_deterministic_and_avoids_the_content() {
        let file = FilePart::new("a.png", "image/png", b"abc".to_vec());
        let a = MultipartForm::new(b"{}", &file).unwrap();
        assert_eq!(a, MultipartForm::new(b"{}", &file).unwrap());
        // A file that contains the derived boundary gets another one.
        let mut tricky = file.clone();
        tricky.content = format!("--{}--", a.boundary()).into_bytes();
        let b = MultipartForm::new(b"{}", &tricky).unwrap();
        assert!(!contains(&tricky.content, b.boundary().as_bytes()));
    }

    #[test]
    fn boundaries_and_header_values_that_would_break_the_form_are_refused() {
        let file = FilePart::new("a.png", "image/png", b"xBx".to_vec());
        for bad in ["", "has space", &"a".repeat(71), "B"] {
            let err = MultipartForm::with_boundary(bad, b"{}", &file).unwrap_err();
            assert!(err.to_string().contains("boundary"), "{bad:?}: {err}");
        }
        for (name, ct, field) in [
            ("a\r\n.png", "image/png", "file.filename"),
            ("a.png", "image/png\r\nX-Evil: 1", "file.content_type"),
            ("", "image/png", "file.filename"),
        ] {
            let file = FilePart::new(name, ct, vec![]);
            let err = MultipartForm::with_boundary("Z", b"{}", &file).unwrap_err();
            assert!(err.to_string().contains(field), "{err}");
        }
    }

    #[test]
    fn file_parts_travel_as_base64_and_refuse_other_text() {
        let bad = r#"{"filename":"a.png","content_type":"image/png","content":"not base64!"}"#;
        let err = serde_json::from_str::<FilePart>(bad).unwrap_err();
        assert!(err.to_string().contains("Base64"), "{err}");
        let debug = format!("{:?}", FilePart::new("a.png", "image/png", vec![0; 2048]));
        assert!(debug.contains("2048 bytes"), "{debug}");
    }
}

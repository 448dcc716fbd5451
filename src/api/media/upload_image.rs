//! 图片上传 (upload an image): `POST /v3/marketing/partner/product-coupon/media/upload-image`,
//! a `multipart/form-data` upload whose JSON `meta` part is what is signed.

use serde::{Deserialize, Serialize};

use crate::api::rules;
use crate::error::Error;
use crate::model::UploadedImage;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};
use crate::protocol::multipart::FilePart;

/// The largest image the API takes: 2 MB.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// Uploads an image (图片上传); the answer's `image_url` is what every image field of a
/// product coupon takes (`image_url`, `background_url`, `detail_image_url_list`, …).
///
/// Sent as `multipart/form-data`: a `meta` part (the JSON `{"filename", "sha256"}`, which is
/// what the signature covers) and a `file` part. JPG, BMP or PNG, at most 2 MB.
///
/// ```
/// use wechatpay_product_coupon::api::UploadImageRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let req = UploadImageRequest::new("header.png", b"\x89PNG\r\n\x1a\n...".to_vec())?;
/// let encoded = req.encode()?;
/// // The signature covers the meta JSON; the form (meta + file) is what is sent.
/// assert!(encoded.body_bytes().starts_with(br#"{"filename":"header.png","sha256":""#));
/// assert!(encoded.content_type().is_some_and(|t| t.starts_with("multipart/form-data; boundary=")));
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UploadImageRequest {
    /// The `meta` part: file name and SHA-256 of the file.
    pub meta: ImageMeta,
    /// The `file` part (Base64 in the JSON travel form).
    pub file: FilePart,
}

/// The `meta` part of an image upload.
///
/// ```
/// use wechatpay_product_coupon::api::ImageMeta;
/// let meta: ImageMeta = serde_json::from_str(
///     r#"{"filename":"header.jpg","sha256":"6aa6c99ce1d04afc2668154126c607af5a680734fa119e2a096529f6d6f2c0a2"}"#,
/// )?;
/// assert_eq!(meta.filename, "header.jpg");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ImageMeta {
    /// 文件名: at most 150 characters, ending in `.jpg`, `.bmp` or `.png` (any case).
    pub filename: String,
    /// 文件摘要: the lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

impl UploadImageRequest {
    /// An upload of `content` named `filename`; the SHA-256 and the part's media type (from
    /// the extension) are computed here. Fails, naming the field, when the name has no image
    /// extension.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::UploadImageRequest;
    /// let req = UploadImageRequest::new("a.jpg", vec![0xFF, 0xD8, 0xFF, 0xD9])?;
    /// assert_eq!(req.file.content_type, "image/jpeg");
    /// assert_eq!(req.meta.sha256.len(), 64);
    /// assert!(UploadImageRequest::new("a.gif", vec![1]).is_err());
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn new(filename: impl Into<String>, content: Vec<u8>) -> Result<Self, Error> {
        let filename = filename.into();
        let content_type = media_type(&filename)?;
        Ok(UploadImageRequest {
            meta: ImageMeta {
                filename: filename.clone(),
                sha256: sha256_hex(&content),
            },
            file: FilePart::new(filename, content_type, content),
        })
    }
}

/// The part's media type, from the file name's extension.
fn media_type(filename: &str) -> Result<&'static str, Error> {
    let lower = filename.to_ascii_lowercase();
    let types = [
        (".jpg", "image/jpeg"),
        (".png", "image/png"),
        (".bmp", "image/bmp"),
    ];
    types
        .iter()
        .find(|(ext, _)| lower.ends_with(ext))
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            Error::invalid(
                "meta.filename",
                format!(
                    "must end in .jpg, .bmp or .png (JPG, BMP and PNG only), found {filename:?}"
                ),
            )
        })
}

fn sha256_hex(content: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, content);
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

impl ApiRequest for UploadImageRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "upload_image",
        Method::Post,
        "/v3/marketing/partner/product-coupon/media/upload-image",
        Params::Multipart,
        20,
    );
    type Response = UploadedImage;

    fn check(&self) -> Result<(), Error> {
        rules::char_range("meta.filename", &self.meta.filename, 1, 150)?;
        media_type(&self.meta.filename)?;
        let size = self.file.content.len();
        if size == 0 || size > MAX_IMAGE_BYTES {
            return Err(Error::invalid(
                "file",
                format!("must be 1 byte to 2 MB ({MAX_IMAGE_BYTES} bytes), found {size} bytes"),
            ));
        }
        if self.meta.sha256 != sha256_hex(&self.file.content) {
            return Err(Error::invalid(
                "meta.sha256",
                "must be the lower-case hex SHA-256 of the file's bytes; it differs (UploadImageRequest::new computes it)",
            ));
        }
        Ok(())
    }

    fn file_part(&self) -> Option<&FilePart> {
        Some(&self.file)
    }
}

//! Uploaded images and the handler of their endpoint: [`upload_image`].

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::Stores;
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::rules::media::check_upload;

/// Where uploaded images "are": a URL per content. Guess: the gateway's URLs are `qpic.cn`
/// addresses whose form is not documented; the sandbox answers one per SHA-256 under this
/// prefix, so the same bytes always get the same URL.
pub(crate) const IMAGE_URL_PREFIX: &str = "https://wxpaylogo.qpic.cn/sandbox/";

/// The images uploaded so far: URL → size in bytes.
#[derive(Debug, Default)]
pub(crate) struct Media {
    images: BTreeMap<String, usize>,
}

impl Media {
    /// Whether `url` is an image this sandbox handed out.
    #[allow(dead_code)] // read by the create endpoints of the product coupons
    pub(crate) fn has_image(&self, url: &str) -> bool {
        self.images.contains_key(url)
    }
}

/// 图片上传: `POST …/media/upload-image` (multipart). The answer is the image's URL; the same
/// bytes give the same URL (uploads carry no request number, and need none).
pub(crate) fn upload_image(stores: &mut Stores, call: &Call<'_>) -> Result<Value, GatewayError> {
    let (bytes, sha256) = check_upload(call.body, call.file)?;
    let url = format!("{IMAGE_URL_PREFIX}{sha256}");
    stores.media.images.insert(url.clone(), bytes.len());
    Ok(json!({ "image_url": url }))
}

//! The rules of an image upload (图片上传): the `meta` part's file name and digest, and the
//! `file` part's size.

use serde_json::Value;

use super::{check_char_count, Fields};
use crate::sandbox::error::GatewayError;
use crate::sandbox::multipart::Part;

/// The largest image the gateway takes: 2 MB.
const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// An upload's `meta` and `file`, checked: the file's bytes and its lower-case hex SHA-256.
pub(crate) fn check_upload<'f>(
    meta: &Value,
    file: Option<&'f Part<'f>>,
) -> Result<(&'f [u8], String), GatewayError> {
    let fields = Fields::body(meta, &[])?;
    let filename = fields.required_str("filename")?;
    check_char_count("filename", filename, 1, 150)?;
    let lower = filename.to_ascii_lowercase();
    if ![".jpg", ".bmp", ".png"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return Err(GatewayError::param(
            "参数 filename 格式错误：仅支持 JPG、BMP、PNG 格式",
        ));
    }
    let sha256 = fields.required_str("sha256")?;
    let file = file.ok_or_else(|| GatewayError::param("缺少必填参数 file"))?;
    if file.body.is_empty() || file.body.len() > MAX_IMAGE_BYTES {
        return Err(GatewayError::param("参数 file 错误：图片大小须在 2M 以内"));
    }
    let digest = ring::digest::digest(&ring::digest::SHA256, file.body);
    let actual: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    if !sha256.eq_ignore_ascii_case(&actual) {
        return Err(GatewayError::param(
            "参数 sha256 错误：与上传文件的摘要不一致",
        ));
    }
    Ok((file.body, actual))
}

//! The rules of an image upload (图片上传): the `meta` part's file name and digest, and the
//! `file` part's size; and of an image-generation task (提交图片生成任务).

use serde_json::Value;

use super::{check_char_count, check_code_text, Fields};
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

/// The host whose images a `CUT_OUT` task takes (提交图片生成任务: “仅支持储存在
/// https://wxpaylogo.qpic.cn域名的图片”).
const CUT_OUT_HOST: &str = "https://wxpaylogo.qpic.cn/";

/// A validated image-generation task (提交图片生成任务) body.
pub(crate) struct TaskBody<'a> {
    /// 品牌ID.
    pub(crate) brand_id: &'a str,
    /// 任务ID: the task's idempotency key.
    pub(crate) task_id: &'a str,
    /// `COMBINE_IMAGE` or `CUT_OUT`.
    pub(crate) image_generation_type: &'static str,
    /// The `cut_out.image_url` of a `CUT_OUT` task.
    pub(crate) cut_out_url: Option<&'a str>,
}

impl<'a> TaskBody<'a> {
    /// Validates the body: the object of the type is required, the other absent (guess);
    /// a combine image carries the rule of its `type` (guess: the page's condition is cut).
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &[])?;
        let brand_id = fields.required_str("brand_id")?;
        let task_id = fields.required_str("task_id")?;
        check_code_text("task_id", task_id, 6, 40)?;
        let (image_generation_type, present, absent) =
            kind_fields(fields.required_str("image_generation_type")?)?;
        let object = fields.required_object(present)?;
        if fields.optional_object(absent)?.is_some() {
            return Err(GatewayError::param(format!(
                "参数 {absent} 仅在 image_generation_type 对应时填写"
            )));
        }
        let mut cut_out_url = None;
        if image_generation_type == "CUT_OUT" {
            let url = object.required_str("image_url")?;
            if !url.starts_with(CUT_OUT_HOST) {
                return Err(GatewayError::param(
                    "参数 cut_out.image_url 错误：仅支持储存在 https://wxpaylogo.qpic.cn 域名的图片",
                ));
            }
            cut_out_url = Some(url);
        } else {
            check_combine_image(&object)?;
        }
        Ok(TaskBody {
            brand_id,
            task_id,
            image_generation_type,
            cut_out_url,
        })
    }
}

/// The type's wire value, the object it requires and the one it excludes.
fn kind_fields(kind: &str) -> Result<(&'static str, &'static str, &'static str), GatewayError> {
    match kind {
        "COMBINE_IMAGE" => Ok(("COMBINE_IMAGE", "combine_image", "cut_out")),
        "CUT_OUT" => Ok(("CUT_OUT", "cut_out", "combine_image")),
        other => Err(GatewayError::param(format!(
            "参数 image_generation_type 取值错误：{other}（可选 COMBINE_IMAGE、CUT_OUT）"
        ))),
    }
}

fn check_combine_image(image: &Fields<'_>) -> Result<(), GatewayError> {
    let one_of = |name: &str, allowed: &[&str]| -> Result<String, GatewayError> {
        let value = image.required_str(name)?;
        if allowed.contains(&value) {
            Ok(value.to_owned())
        } else {
            Err(GatewayError::param(format!(
                "参数 {} 取值错误：{value}",
                image.path(name)
            )))
        }
    };
    one_of("scope", &["ALL", "SINGLE"])?;
    one_of("usage_mode", &["SINGLE", "PROGRESSIVE_BUNDLE"])?;
    let (rule, amount) = match one_of("type", &["NORMAL", "DISCOUNT", "EXCHANGE"])?.as_str() {
        "NORMAL" => ("normal_coupon", "discount_amount"),
        "DISCOUNT" => ("discount_coupon", "percent_off"),
        _ => ("exchange_coupon", "exchange_price"),
    };
    let rule = image.required_object(rule)?;
    rule.optional_u64("threshold")?;
    rule.optional_u64(amount)?
        .ok_or_else(|| GatewayError::param(format!("缺少必填参数 {}", rule.path(amount))))?;
    if let Some(color) = image.optional_str("background_color")? {
        let hex = color.strip_prefix('#').unwrap_or_default();
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(GatewayError::param(
                "参数 combine_image.background_color 格式错误：须为 # 开头的 6 位十六进制颜色",
            ));
        }
    }
    Ok(())
}

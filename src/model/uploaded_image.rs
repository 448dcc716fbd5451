//! The answer of an image upload (图片上传).

use crate::model::{view, ResponseModel, Text};

/// The owned form of [`UploadedImageEntity`]: the response model of `upload_image`.
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::UploadedImage;
/// let image = UploadedImage::parse(br#"{"image_url":"https://qpic.cn/xxx"}"#)?;
/// assert_eq!(image.image_url, "https://qpic.cn/xxx");
/// # Ok::<(), wechatpay_product_coupon::error::DecodeError>(())
/// ```
pub type UploadedImage = UploadedImageEntity<'static>;

impl ResponseModel for UploadedImageEntity<'static> {
    type View<'a> = UploadedImageEntity<'a>;
    const NAME: &'static str = "UploadedImage";
}

view! {
    /// An uploaded image: the URL to put in display information (valid forever).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::UploadedImageEntity;
    /// let image: UploadedImageEntity<'_> = serde_json::from_str(r#"{"image_url":"https://qpic.cn/xxx"}"#)?;
    /// assert_eq!(image.image_url, "https://qpic.cn/xxx");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct UploadedImageEntity<'a> {
        /// 图片URL: what `image_url`, `background_url` and the other image fields take.
        #[serde(borrow)]
        pub image_url: Text<'a>,
    }
}

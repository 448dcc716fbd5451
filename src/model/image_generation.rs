//! The answers of the image-generation endpoints (提交图片生成任务, 查询图片生成任务执行结果).

use crate::model::{view, ImageGenerationTaskState, ImageGenerationType, ResponseModel, Text};

/// The owned form of [`ImageGenerationTaskReceiptEntity`]: the response model of
/// `create_image_generation_task`.
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::ImageGenerationTaskReceipt;
/// let receipt = ImageGenerationTaskReceipt::parse(br#"{"task_id":"image_generation_task_1","brand_id":"120344"}"#)?;
/// assert_eq!(receipt.task_id, "image_generation_task_1");
/// # Ok::<(), wechatpay_product_coupon::error::DecodeError>(())
/// ```
pub type ImageGenerationTaskReceipt = ImageGenerationTaskReceiptEntity<'static>;

impl ResponseModel for ImageGenerationTaskReceiptEntity<'static> {
    type View<'a> = ImageGenerationTaskReceiptEntity<'a>;
    const NAME: &'static str = "ImageGenerationTaskReceipt";
}

view! {
    /// A task accepted by the gateway: its result comes later (by notification, or by
    /// `get_image_generation_task`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ImageGenerationTaskReceiptEntity;
    /// let r: ImageGenerationTaskReceiptEntity<'_> = serde_json::from_str(r#"{"task_id":"t_000001","brand_id":"120344"}"#)?;
    /// assert_eq!(r.brand_id, "120344");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ImageGenerationTaskReceiptEntity<'a> {
        /// 任务ID, as submitted.
        #[serde(borrow)]
        pub task_id: Text<'a>,
        /// 品牌ID.
        #[serde(borrow)]
        pub brand_id: Text<'a>,
    }
}

/// The owned form of [`ImageGenerationTaskEntity`]: the response model of
/// `get_image_generation_task`.
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::{ImageGenerationTask, ImageGenerationTaskState};
/// let task = ImageGenerationTask::parse(br#"{"brand_id":"120344","task_id":"t_000001",
///     "image_generation_type":"CUT_OUT","task_state":"SUCCESS",
///     "cut_out_result":{"image_url":"https://wxpaylogo.qpic.cn/x"}}"#)?;
/// assert_eq!(task.task_state, ImageGenerationTaskState::Success);
/// assert_eq!(task.image_url().map(|u| u.as_str()), Some("https://wxpaylogo.qpic.cn/x"));
/// # Ok::<(), wechatpay_product_coupon::error::DecodeError>(())
/// ```
pub type ImageGenerationTask = ImageGenerationTaskEntity<'static>;

impl ResponseModel for ImageGenerationTaskEntity<'static> {
    type View<'a> = ImageGenerationTaskEntity<'a>;
    const NAME: &'static str = "ImageGenerationTask";
}

view! {
    /// An image-generation task and, once `SUCCESS`, its image (fields per the community
    /// OpenAPI description; the official page's response section was not retrievable).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::{ImageGenerationTaskEntity, ImageGenerationTaskState};
    /// let t: ImageGenerationTaskEntity<'_> = serde_json::from_str(r#"{"brand_id":"120344",
    ///     "task_id":"t_000001","image_generation_type":"COMBINE_IMAGE","task_state":"PROCESSING"}"#)?;
    /// assert_eq!(t.task_state, ImageGenerationTaskState::Processing);
    /// assert!(t.image_url().is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ImageGenerationTaskEntity<'a> {
        /// 品牌ID.
        #[serde(borrow)]
        pub brand_id: Text<'a>,
        /// 任务ID.
        #[serde(borrow)]
        pub task_id: Text<'a>,
        /// `COMBINE_IMAGE` or `CUT_OUT`.
        #[serde(borrow)]
        pub image_generation_type: ImageGenerationType<'a>,
        /// `PROCESSING`, `FAIL` or `SUCCESS`.
        #[serde(borrow)]
        pub task_state: ImageGenerationTaskState<'a>,
        /// The result of a `COMBINE_IMAGE` task.
        #[serde(borrow, default)]
        pub combine_image_result: Option<GeneratedImage<'a>>,
        /// The result of a `CUT_OUT` task.
        #[serde(borrow, default)]
        pub cut_out_result: Option<GeneratedImage<'a>>,
    }
}

impl<'a> ImageGenerationTaskEntity<'a> {
    /// The generated image's URL, whichever kind the task is (`None` until `SUCCESS`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ImageGenerationTaskEntity;
    /// let t: ImageGenerationTaskEntity<'_> = serde_json::from_str(r#"{"brand_id":"1","task_id":"t_000001",
    ///     "image_generation_type":"COMBINE_IMAGE","task_state":"SUCCESS",
    ///     "combine_image_result":{"image_url":"https://wxpaylogo.qpic.cn/c"}}"#)?;
    /// assert_eq!(t.image_url().map(|u| u.as_str()), Some("https://wxpaylogo.qpic.cn/c"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn image_url(&self) -> Option<&Text<'a>> {
        self.combine_image_result
            .as_ref()
            .or(self.cut_out_result.as_ref())
            .map(|r| &r.image_url)
    }
}

view! {
    /// A generated image (`combine_image_result` / `cut_out_result`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::GeneratedImage;
    /// let g: GeneratedImage<'_> = serde_json::from_str(r#"{"image_url":"https://wxpaylogo.qpic.cn/c"}"#)?;
    /// assert_eq!(g.image_url, "https://wxpaylogo.qpic.cn/c");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct GeneratedImage<'a> {
        /// 图片URL: usable as a coupon image (a guess: the documents do not say).
        #[serde(borrow)]
        pub image_url: Text<'a>,
    }
}

//! 查询图片生成任务执行结果 (query an image-generation task):
//! `GET /v3/marketing/partner/product-coupon/image-generation-tasks/{task_id}?brand_id&image_generation_type`.

use serde::{Deserialize, Serialize};

use super::ImageGenerationKind;
use crate::error::Error;
use crate::model::ids::{BrandId, ImageGenerationTaskId};
use crate::model::ImageGenerationTask;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Reads an image-generation task's state and, once `SUCCESS`, its image URL. The type
/// must be the one the task was created with.
///
/// ```
/// use wechatpay_product_coupon::api::{GetImageGenerationTaskRequest, ImageGenerationKind};
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let req = GetImageGenerationTaskRequest::new(
///     "image_generation_task_1".parse()?, "120344".parse()?, ImageGenerationKind::CombineImage);
/// assert_eq!(
///     req.encode()?.target,
///     "/v3/marketing/partner/product-coupon/image-generation-tasks/image_generation_task_1?brand_id=120344&image_generation_type=COMBINE_IMAGE"
/// );
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GetImageGenerationTaskRequest {
    /// Path: 任务ID.
    pub task_id: ImageGenerationTaskId,
    /// Query: 品牌ID.
    pub brand_id: BrandId,
    /// Query: 图片生成类型, as at creation.
    pub image_generation_type: ImageGenerationKind,
}

impl GetImageGenerationTaskRequest {
    /// A lookup of `task_id` of `brand_id`, created as `image_generation_type`.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{GetImageGenerationTaskRequest, ImageGenerationKind};
    /// let req = GetImageGenerationTaskRequest::new("t_000001".parse()?, "120344".parse()?, ImageGenerationKind::CutOut);
    /// assert_eq!(req.task_id, "t_000001");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn new(
        task_id: ImageGenerationTaskId,
        brand_id: BrandId,
        image_generation_type: ImageGenerationKind,
    ) -> Self {
        GetImageGenerationTaskRequest {
            task_id,
            brand_id,
            image_generation_type,
        }
    }
}

impl ApiRequest for GetImageGenerationTaskRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "get_image_generation_task",
        Method::Get,
        "/v3/marketing/partner/product-coupon/image-generation-tasks/{task_id}",
        Params::Query,
        20,
    );
    type Response = ImageGenerationTask;

    fn check(&self) -> Result<(), Error> {
        Ok(())
    }
}

//! 媒体 (media): upload the images that display information takes, under
//! `/v3/marketing/partner/product-coupon/media`, and have head images generated
//! (`/image-generation-tasks`).

mod create_image_generation_task;
mod get_image_generation_task;
mod upload_image;

pub use create_image_generation_task::{
    CombineImage, CombineImageCouponType, CombineImageScope, CombineImageUsageMode,
    CreateImageGenerationTaskRequest, CutOut, ImageGenerationKind, CUT_OUT_IMAGE_PREFIX,
};
pub use get_image_generation_task::GetImageGenerationTaskRequest;
pub use upload_image::{ImageMeta, UploadImageRequest, MAX_IMAGE_BYTES};

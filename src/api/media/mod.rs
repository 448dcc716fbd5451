//! 媒体 (media): upload the images that display information takes, under
//! `/v3/marketing/partner/product-coupon/media`.

mod upload_image;

pub use upload_image::{ImageMeta, UploadImageRequest, MAX_IMAGE_BYTES};

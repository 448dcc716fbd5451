//! 提交图片生成任务 (create an image-generation task):
//! `POST /v3/marketing/partner/product-coupon/image-generation-tasks`.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::ids::{BrandId, ImageGenerationTaskId};
use crate::model::{
    DiscountCouponUsageRule, ExchangeCouponUsageRule, ImageGenerationTaskReceipt,
    NormalCouponUsageRule,
};
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// The only host whose images a `CUT_OUT` task takes (the images `upload_image` returns).
pub const CUT_OUT_IMAGE_PREFIX: &str = "https://wxpaylogo.qpic.cn/";

/// Asks WeChat Pay to generate a coupon head image (提交图片生成任务). The task runs
/// asynchronously: its result arrives as a `PRODUCT_COUPON_SP.IMAGE_GENERATION`
/// notification, or is read with `get_image_generation_task`. The `task_id` is the
/// provider's and unique.
///
/// Where the documents are silent (guesses): exactly one of `combine_image` / `cut_out` is
/// sent, the one of the type; a combine image carries the rule of its `type` only.
///
/// ```
/// use wechatpay_product_coupon::api::{CreateImageGenerationTaskRequest, CombineImage};
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let req = CreateImageGenerationTaskRequest::cut_out(
///     "120344".parse()?,
///     "image_generation_task_1".parse()?,
///     "https://wxpaylogo.qpic.cn/product.png",
/// );
/// assert_eq!(
///     req.encode()?.body_bytes(),
///     br#"{"brand_id":"120344","task_id":"image_generation_task_1","image_generation_type":"CUT_OUT","cut_out":{"image_url":"https://wxpaylogo.qpic.cn/product.png"}}"#
/// );
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreateImageGenerationTaskRequest {
    /// 品牌ID.
    pub brand_id: BrandId,
    /// 任务ID: chosen by the provider, unique (6–40 of `[0-9A-Za-z_-]`).
    pub task_id: ImageGenerationTaskId,
    /// 图片生成类型.
    pub image_generation_type: ImageGenerationKind,
    /// 拼图参数: required when the type is `COMBINE_IMAGE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combine_image: Option<CombineImage>,
    /// 抠图参数: required when the type is `CUT_OUT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_out: Option<CutOut>,
}

/// The kind of task to create (`image_generation_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum ImageGenerationKind {
    /// 拼图: brand elements and the offer combined (全场类优惠头图).
    CombineImage,
    /// 抠图: the product without its background (单品类优惠头图).
    CutOut,
}

/// `combine_image`: the offer the head image shows.
///
/// ```
/// use wechatpay_product_coupon::api::{CombineImage, CombineImageCouponType, CombineImageScope};
/// use wechatpay_product_coupon::model::NormalCouponUsageRule;
/// let mut rule = NormalCouponUsageRule::default();
/// (rule.threshold, rule.discount_amount) = (Some(10000), Some(1));
/// let image = CombineImage::normal(CombineImageScope::All, rule).background_color("#ff5733");
/// assert_eq!(image.coupon_type, CombineImageCouponType::Normal);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CombineImage {
    /// 优惠范围: `ALL` or `SINGLE`.
    pub scope: CombineImageScope,
    /// 商品券类型: `NORMAL`, `DISCOUNT` or `EXCHANGE`.
    #[serde(rename = "type")]
    pub coupon_type: CombineImageCouponType,
    /// 使用模式 (the page's list is cut; `SINGLE` is what it shows).
    pub usage_mode: CombineImageUsageMode,
    /// 满减规则, for `NORMAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal_coupon: Option<NormalCouponUsageRule>,
    /// 折扣规则, for `DISCOUNT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_coupon: Option<DiscountCouponUsageRule>,
    /// 兑换规则, for `EXCHANGE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_coupon: Option<ExchangeCouponUsageRule>,
    /// 背景色: `#` and 6 hex digits, the brand colour of the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_color: Option<String>,
}

/// `combine_image.scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum CombineImageScope {
    /// 全场券.
    All,
    /// 单品券.
    Single,
}

/// `combine_image.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum CombineImageCouponType {
    /// 满减券.
    Normal,
    /// 折扣券.
    Discount,
    /// 兑换券.
    Exchange,
}

/// `combine_image.usage_mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum CombineImageUsageMode {
    /// 单券.
    Single,
    /// 多次优惠 (listed by the community description only).
    ProgressiveBundle,
}

/// `cut_out`: the product image to cut out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CutOut {
    /// 商品图URL: an image on `https://wxpaylogo.qpic.cn` (an `upload_image` URL).
    pub image_url: String,
}

impl CombineImage {
    fn with(scope: CombineImageScope, coupon_type: CombineImageCouponType) -> Self {
        CombineImage {
            scope,
            coupon_type,
            usage_mode: CombineImageUsageMode::Single,
            normal_coupon: None,
            discount_coupon: None,
            exchange_coupon: None,
            background_color: None,
        }
    }

    /// A `NORMAL` (满减) offer, usage mode `SINGLE`.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{CombineImage, CombineImageScope};
    /// let image = CombineImage::normal(CombineImageScope::All, Default::default());
    /// assert!(image.normal_coupon.is_some());
    /// ```
    pub fn normal(scope: CombineImageScope, rule: NormalCouponUsageRule) -> Self {
        CombineImage {
            normal_coupon: Some(rule),
            ..Self::with(scope, CombineImageCouponType::Normal)
        }
    }

    /// A `DISCOUNT` (折扣) offer, usage mode `SINGLE`.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{CombineImage, CombineImageScope};
    /// let image = CombineImage::discount(CombineImageScope::Single, Default::default());
    /// assert!(image.discount_coupon.is_some());
    /// ```
    pub fn discount(scope: CombineImageScope, rule: DiscountCouponUsageRule) -> Self {
        CombineImage {
            discount_coupon: Some(rule),
            ..Self::with(scope, CombineImageCouponType::Discount)
        }
    }

    /// An `EXCHANGE` (兑换) offer, usage mode `SINGLE`.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{CombineImage, CombineImageScope};
    /// let image = CombineImage::exchange(CombineImageScope::Single, Default::default());
    /// assert!(image.exchange_coupon.is_some());
    /// ```
    pub fn exchange(scope: CombineImageScope, rule: ExchangeCouponUsageRule) -> Self {
        CombineImage {
            exchange_coupon: Some(rule),
            ..Self::with(scope, CombineImageCouponType::Exchange)
        }
    }

    /// Sets the background colour (`#` and 6 hex digits).
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{CombineImage, CombineImageScope};
    /// let image = CombineImage::normal(CombineImageScope::All, Default::default()).background_color("#ff5733");
    /// assert_eq!(image.background_color.as_deref(), Some("#ff5733"));
    /// ```
    pub fn background_color(mut self, color: impl Into<String>) -> Self {
        self.background_color = Some(color.into());
        self
    }

    fn check(&self) -> Result<(), Error> {
        let (name, present, complete) = match self.coupon_type {
            CombineImageCouponType::Normal => (
                "combine_image.normal_coupon",
                self.normal_coupon.is_some(),
                self.normal_coupon
                    .is_some_and(|r| r.threshold.is_some() && r.discount_amount.is_some()),
            ),
            CombineImageCouponType::Discount => (
                "combine_image.discount_coupon",
                self.discount_coupon.is_some(),
                self.discount_coupon
                    .is_some_and(|r| r.threshold.is_some() && r.percent_off.is_some()),
            ),
            CombineImageCouponType::Exchange => (
                "combine_image.exchange_coupon",
                self.exchange_coupon.is_some(),
                self.exchange_coupon
                    .is_some_and(|r| r.threshold.is_some() && r.exchange_price.is_some()),
            ),
        };
        if !present || !complete {
            return Err(Error::invalid(
                name,
                "is required, with every amount set, for this combine_image.type",
            ));
        }
        let rules = [
            self.normal_coupon.is_some(),
            self.discount_coupon.is_some(),
            self.exchange_coupon.is_some(),
        ];
        if rules.iter().filter(|r| **r).count() > 1 {
            return Err(Error::invalid(
                name,
                "must be the only rule: send only the rule of combine_image.type",
            ));
        }
        if let Some(color) = &self.background_color {
            let hex = color.strip_prefix('#').unwrap_or_default();
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Error::invalid(
                    "combine_image.background_color",
                    format!("must be # and 6 hex digits, e.g. #ff5733, found {color:?}"),
                ));
            }
        }
        Ok(())
    }
}

impl CreateImageGenerationTaskRequest {
    /// A `COMBINE_IMAGE` task showing `image`'s offer.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{CombineImage, CombineImageScope, CreateImageGenerationTaskRequest};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// use wechatpay_product_coupon::model::NormalCouponUsageRule;
    /// let mut rule = NormalCouponUsageRule::default();
    /// (rule.threshold, rule.discount_amount) = (Some(10000), Some(1));
    /// let req = CreateImageGenerationTaskRequest::combine_image(
    ///     "120344".parse()?, "image_generation_task_1".parse()?,
    ///     CombineImage::normal(CombineImageScope::All, rule).background_color("#ff5733"),
    /// );
    /// assert!(req.validate().is_ok());
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn combine_image(
        brand_id: BrandId,
        task_id: ImageGenerationTaskId,
        image: CombineImage,
    ) -> Self {
        CreateImageGenerationTaskRequest {
            brand_id,
            task_id,
            image_generation_type: ImageGenerationKind::CombineImage,
            combine_image: Some(image),
            cut_out: None,
        }
    }

    /// A `CUT_OUT` task on the product image at `image_url` (an `upload_image` URL).
    ///
    /// ```
    /// use wechatpay_product_coupon::api::CreateImageGenerationTaskRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let req = CreateImageGenerationTaskRequest::cut_out(
    ///     "120344".parse()?, "image_generation_task_2".parse()?, "https://example.com/a.png");
    /// assert!(req.validate().unwrap_err().to_string().contains("cut_out.image_url"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn cut_out(
        brand_id: BrandId,
        task_id: ImageGenerationTaskId,
        image_url: impl Into<String>,
    ) -> Self {
        CreateImageGenerationTaskRequest {
            brand_id,
            task_id,
            image_generation_type: ImageGenerationKind::CutOut,
            combine_image: None,
            cut_out: Some(CutOut {
                image_url: image_url.into(),
            }),
        }
    }
}

impl ApiRequest for CreateImageGenerationTaskRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "create_image_generation_task",
        Method::Post,
        "/v3/marketing/partner/product-coupon/image-generation-tasks",
        Params::JsonBody,
        10,
    );
    type Response = ImageGenerationTaskReceipt;

    fn check(&self) -> Result<(), Error> {
        match (self.image_generation_type, &self.combine_image, &self.cut_out) {
            (ImageGenerationKind::CombineImage, Some(image), None) => image.check(),
            (ImageGenerationKind::CutOut, None, Some(cut_out)) => check_cut_out(cut_out),
            (ImageGenerationKind::CombineImage, _, _) => Err(Error::invalid(
                "combine_image",
                "is required (and cut_out must be absent) when image_generation_type is COMBINE_IMAGE",
            )),
            (ImageGenerationKind::CutOut, _, _) => Err(Error::invalid(
                "cut_out",
                "is required (and combine_image must be absent) when image_generation_type is CUT_OUT",
            )),
        }
    }
}

fn check_cut_out(cut_out: &CutOut) -> Result<(), Error> {
    let url = &cut_out.image_url;
    crate::api::rules::required("cut_out.image_url", url)?;
    if !url.starts_with(CUT_OUT_IMAGE_PREFIX) {
        return Err(Error::invalid(
            "cut_out.image_url",
            format!(
                "must be an image on {CUT_OUT_IMAGE_PREFIX} (upload it with upload_image), found {url:?}"
            ),
        ));
    }
    Ok(())
}

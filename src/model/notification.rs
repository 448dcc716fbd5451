//! Notification payloads (the decrypted `resource` of a callback, docs/protocol-notes.md §5), parsed by
//! [`parse_notification`](crate::notify::parse_notification).
//!
//! The fields of `PRODUCT_COUPON_SP.SEND` and `PRODUCT_COUPON_SP.IMAGE_GENERATION` come from
//! the community mirror of the official pages (the official page could not be read in full,
//! docs/protocol-notes.md §9); only the fields that identify the coupon or task are required here, so that a
//! field WeChat Pay omits never fails a notification.

use crate::model::enums::UserProductCouponSendChannel;
use crate::model::{view, ImageGenerationTaskState, IntoOwned, Rfc3339, Text};

view! {
    /// `PRODUCT_COUPON_SP.SEND` (商品券领券通知): a coupon was sent to a user, by any channel.
    /// The service provider must record it and call the confirm API, or the coupon stays
    /// `CONFIRMING` and cannot be used.
    pub struct CouponSentEvent<'a> {
        /// 品牌ID.
        #[serde(borrow)]
        pub brand_id: Text<'a>,
        /// 用户商品券Code.
        #[serde(borrow)]
        pub coupon_code: Text<'a>,
        /// 商品券ID.
        #[serde(borrow)]
        pub product_coupon_id: Text<'a>,
        /// 批次ID.
        #[serde(borrow)]
        pub stock_id: Text<'a>,
        /// 批次组ID (progressive bundles).
        #[serde(borrow, default)]
        pub stock_bundle_id: Option<Text<'a>>,
        /// 用户券组ID (progressive bundles).
        #[serde(borrow, default)]
        pub user_coupon_bundle_id: Option<Text<'a>>,
        /// 事件通知AppID: the AppID `openid` belongs to.
        #[serde(borrow)]
        pub appid: Text<'a>,
        /// The user's OpenID under `appid`.
        #[serde(borrow)]
        pub openid: Text<'a>,
        /// The user's UnionID.
        #[serde(borrow, default)]
        pub unionid: Option<Text<'a>>,
        /// 领券时间.
        #[serde(borrow, default)]
        pub receive_time: Option<Rfc3339<'a>>,
        /// 发券请求单号.
        #[serde(borrow)]
        pub send_request_no: Text<'a>,
        /// How the coupon was sent.
        #[serde(borrow, default)]
        pub send_channel: Option<UserProductCouponSendChannel<'a>>,
        /// 可用开始时间.
        #[serde(borrow, default)]
        pub valid_begin_time: Option<Rfc3339<'a>>,
        /// 可用结束时间.
        #[serde(borrow, default)]
        pub valid_end_time: Option<Rfc3339<'a>>,
        /// The user's phone number, when the channel collected it.
        #[serde(borrow, default)]
        pub phone_number: Option<Text<'a>>,
        /// Its country code.
        #[serde(borrow, default)]
        pub country_code: Option<Text<'a>>,
        /// 自定义附加信息 of the send request.
        #[serde(borrow, default)]
        pub attach: Option<Text<'a>>,
        /// Channel-specific information.
        #[serde(borrow, default)]
        pub channel_custom_info: Option<Text<'a>>,
    }
}

view! {
    /// `PRODUCT_COUPON_SP.IMAGE_GENERATION` (图片生成任务结果).
    pub struct ImageGenerationEvent<'a> {
        /// 品牌ID.
        #[serde(borrow, default)]
        pub brand_id: Option<Text<'a>>,
        /// 任务ID.
        #[serde(borrow)]
        pub task_id: Text<'a>,
        /// `COMBINE_IMAGE` or `CUT_OUT`.
        #[serde(borrow, default)]
        pub image_generation_type: Option<Text<'a>>,
        /// `PROCESSING`, `FAIL` or `SUCCESS`.
        #[serde(borrow, default)]
        pub task_state: Option<Text<'a>>,
        /// The result of a `COMBINE_IMAGE` task.
        #[serde(borrow, default)]
        pub combine_image_result: Option<ImageResult<'a>>,
        /// The result of a `CUT_OUT` task.
        #[serde(borrow, default)]
        pub cut_out_result: Option<ImageResult<'a>>,
    }
}

impl ImageGenerationEvent<'_> {
    /// The task's state, typed as `get_image_generation_task` answers it (`None` when the
    /// payload has none).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::{ImageGenerationEvent, ImageGenerationTaskState};
    /// let e: ImageGenerationEvent<'_> = serde_json::from_str(r#"{"task_id":"t_000001","task_state":"FAIL"}"#)?;
    /// assert_eq!(e.state(), Some(ImageGenerationTaskState::Fail));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn state(&self) -> Option<ImageGenerationTaskState<'_>> {
        let text = self.task_state.as_ref()?;
        let de = serde::de::value::BorrowedStrDeserializer::<serde::de::value::Error>::new(
            text.as_str(),
        );
        serde::Deserialize::deserialize(de).ok()
    }

    /// The generated image's URL, whichever kind the task is (`None` unless `SUCCESS`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ImageGenerationEvent;
    /// let e: ImageGenerationEvent<'_> = serde_json::from_str(r#"{"task_id":"t_000001",
    ///     "task_state":"SUCCESS","cut_out_result":{"image_url":"https://wxpaylogo.qpic.cn/x"}}"#)?;
    /// assert_eq!(e.image_url(), Some("https://wxpaylogo.qpic.cn/x"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn image_url(&self) -> Option<&str> {
        [&self.combine_image_result, &self.cut_out_result]
            .into_iter()
            .find_map(|r| r.as_ref()?.image_url.as_ref())
            .map(|u| u.as_str())
    }
}

view! {
    /// A generated image.
    pub struct ImageResult<'a> {
        /// The image URL.
        #[serde(borrow, default)]
        pub image_url: Option<Text<'a>>,
    }
}

/// The decrypted event of a notification.
///
/// ```
/// use wechatpay_product_coupon::model::NotificationEvent;
/// # fn handle(event: &NotificationEvent) {
/// match event {
///     NotificationEvent::CouponSent(sent) => println!("confirm {}", sent.coupon_code),
///     NotificationEvent::ImageGeneration(task) => println!("task {}", task.task_id),
///     NotificationEvent::Other { event_type, json } => println!("{event_type}: {json}"),
///     _ => {}
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotificationEvent {
    /// `PRODUCT_COUPON_SP.SEND`.
    CouponSent(Box<CouponSentEvent<'static>>),
    /// `PRODUCT_COUPON_SP.IMAGE_GENERATION`.
    ImageGeneration(Box<ImageGenerationEvent<'static>>),
    /// Any other event type, with its decrypted JSON (never an error).
    Other {
        /// The event type, e.g. a future `PRODUCT_COUPON_SP.USE`.
        event_type: String,
        /// The decrypted payload.
        json: serde_json::Value,
    },
}

/// The event type of [`NotificationEvent::CouponSent`].
pub const COUPON_SENT: &str = "PRODUCT_COUPON_SP.SEND";
/// The event type of [`NotificationEvent::ImageGeneration`].
pub const IMAGE_GENERATION: &str = "PRODUCT_COUPON_SP.IMAGE_GENERATION";

impl NotificationEvent {
    /// Parses a decrypted payload of `event_type`.
    pub(crate) fn parse(event_type: &str, plaintext: &str) -> Result<Self, serde_json::Error> {
        Ok(match event_type {
            COUPON_SENT => NotificationEvent::CouponSent(Box::new(
                serde_json::from_str::<CouponSentEvent<'_>>(plaintext)?.into_owned(),
            )),
            IMAGE_GENERATION => NotificationEvent::ImageGeneration(Box::new(
                serde_json::from_str::<ImageGenerationEvent<'_>>(plaintext)?.into_owned(),
            )),
            other => NotificationEvent::Other {
                event_type: other.to_owned(),
                json: serde_json::from_str(plaintext)?,
            },
        })
    }
}

/// A verified, decrypted notification.
///
/// **The same notification can arrive several times** (WeChat Pay resends until it gets a
/// 2xx, and may resend even after one). Deduplicate before acting: record [`id`](Self::id)
/// (for a `PRODUCT_COUPON_SP.SEND`, also the coupon code) under a unique constraint or a
/// lock, act only on the first, and answer 2xx to every copy.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct Notification {
    /// 通知ID: the key to deduplicate by.
    pub id: String,
    /// 通知创建时间 (RFC 3339).
    pub create_time: String,
    /// The event type, e.g. `PRODUCT_COUPON_SP.SEND`.
    pub event_type: String,
    /// `encrypt-resource`.
    pub resource_type: String,
    /// 回调摘要, e.g. `商品券通知`.
    pub summary: String,
    /// The resource's `original_type`, e.g. `product_coupon`.
    pub original_type: String,
    /// The typed event.
    pub event: NotificationEvent,
    /// The decrypted JSON, as WeChat Pay sent it.
    pub plaintext: String,
}

//! Uploaded images and image-generation tasks, and the handlers of their endpoints:
//! [`upload_image`], [`create_image_generation_task`], [`get_image_generation_task`].

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::Stores;
use crate::sandbox::call::Call;
use crate::sandbox::error::GatewayError;
use crate::sandbox::idempotency::Namespace;
use crate::sandbox::notifier::OutgoingEvent;
use crate::sandbox::rules::media::{check_upload, TaskBody};

/// Where uploaded images "are": a URL per content. Guess: the gateway's URLs are `qpic.cn`
/// addresses whose form is not documented; the sandbox answers one per SHA-256 under this
/// prefix, so the same bytes always get the same URL.
pub(crate) const IMAGE_URL_PREFIX: &str = "https://wxpaylogo.qpic.cn/sandbox/";

/// The event type of an image-generation result.
const IMAGE_GENERATION_EVENT: &str = "PRODUCT_COUPON_SP.IMAGE_GENERATION";

/// How long a task takes by default (sandbox time). Guess: the documents give no duration.
pub(crate) const DEFAULT_GENERATION_DELAY: Duration = Duration::from_secs(2);

/// The images uploaded so far (URL → size in bytes) and the image-generation tasks.
#[derive(Debug)]
pub(crate) struct Media {
    images: BTreeMap<String, usize>,
    /// Tasks by (brand_id, task_id).
    tasks: BTreeMap<(String, String), Task>,
    /// How long a task takes ([`Sandbox::set_image_generation_delay`](crate::sandbox::Sandbox::set_image_generation_delay)).
    pub(crate) generation_delay: Duration,
    /// Notifications to deliver once their delay has passed.
    delayed: Vec<(Duration, OutgoingEvent)>,
}

impl Default for Media {
    fn default() -> Self {
        Media {
            images: BTreeMap::new(),
            tasks: BTreeMap::new(),
            generation_delay: DEFAULT_GENERATION_DELAY,
            delayed: Vec::new(),
        }
    }
}

/// An image-generation task: `PROCESSING` until `done_at`, then its outcome.
#[derive(Debug, Clone)]
struct Task {
    /// The answer once done (`SUCCESS` or `FAIL`).
    done: Value,
    /// When it is done (sandbox time).
    done_at: OffsetDateTime,
}

impl Task {
    /// The task as the query answers it at `now`.
    fn answer(&self, now: OffsetDateTime) -> Value {
        if now >= self.done_at {
            return self.done.clone();
        }
        let mut processing = self.done.clone();
        if let Some(map) = processing.as_object_mut() {
            map.insert("task_state".into(), "PROCESSING".into());
            map.remove("combine_image_result");
            map.remove("cut_out_result");
        }
        processing
    }
}

impl Media {
    /// Whether `url` is an image this sandbox handed out (uploaded, or generated).
    #[allow(dead_code)] // read by the create endpoints of the product coupons
    pub(crate) fn has_image(&self, url: &str) -> bool {
        self.images.contains_key(url)
    }

    /// The notifications whose delivery waits for a task to finish, with their delays.
    pub(crate) fn take_delayed(&mut self) -> Vec<(Duration, OutgoingEvent)> {
        std::mem::take(&mut self.delayed)
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

/// 提交图片生成任务: `POST …/image-generation-tasks`. The task is `PROCESSING` for the
/// sandbox's generation delay, then `SUCCESS` with a generated image URL (usable as a coupon
/// image), or `FAIL` for a cut-out of an image this sandbox never handed out (guess: no
/// failure cause is documented). When a notify URL is set, the result is notified
/// (`PRODUCT_COUPON_SP.IMAGE_GENERATION`) once the task is done. The `task_id` is the
/// idempotency key (per brand): the same body replays the answer, another is refused.
pub(crate) fn create_image_generation_task(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let body = TaskBody::parse(call.body)?;
    let Stores {
        media,
        notify_configs,
        idempotency,
        ..
    } = stores;
    let namespace = Namespace::new(call.endpoint, "brand", &[body.brand_id]);
    idempotency.run(namespace, body.task_id, call.body, || {
        let key = (body.brand_id.to_owned(), body.task_id.to_owned());
        let failed = body
            .cut_out_url
            .is_some_and(|u| !media.images.contains_key(u));
        let mut done = json!({
            "brand_id": body.brand_id,
            "task_id": body.task_id,
            "image_generation_type": body.image_generation_type,
            "task_state": if failed { "FAIL" } else { "SUCCESS" },
        });
        if !failed {
            let url = format!(
                "{IMAGE_URL_PREFIX}generated/{}/{}.png",
                body.brand_id, body.task_id
            );
            media.images.insert(url.clone(), 0);
            let result = if body.cut_out_url.is_some() {
                "cut_out_result"
            } else {
                "combine_image_result"
            };
            if let Some(map) = done.as_object_mut() {
                map.insert(result.into(), json!({ "image_url": url }));
            }
        }
        let delay = media.generation_delay;
        if let Some(url) = notify_configs.url() {
            media.delayed.push((
                delay,
                OutgoingEvent {
                    url: url.to_owned(),
                    event_type: IMAGE_GENERATION_EVENT,
                    payload: done.clone(),
                },
            ));
        }
        media.tasks.insert(
            key,
            Task {
                done,
                done_at: call.now + delay,
            },
        );
        Ok(json!({ "task_id": body.task_id, "brand_id": body.brand_id }))
    })
}

/// 查询图片生成任务执行结果: `GET …/image-generation-tasks/{task_id}?brand_id&image_generation_type`.
/// An unknown task is `404 NOT_FOUND`; a type other than the task's is `400 PARAM_ERROR`
/// (guesses).
pub(crate) fn get_image_generation_task(
    stores: &mut Stores,
    call: &Call<'_>,
) -> Result<Value, GatewayError> {
    let query = call.query()?;
    let brand_id = query.required("brand_id")?;
    let kind = query.required("image_generation_type")?;
    let task_id = call.param("task_id");
    let task = stores
        .media
        .tasks
        .get(&(brand_id.to_owned(), task_id.to_owned()))
        .ok_or_else(|| GatewayError::not_found(format!("图片生成任务不存在：task_id={task_id}")))?;
    if task.done["image_generation_type"] != kind {
        return Err(GatewayError::param(format!(
            "参数 image_generation_type 与任务不一致：{kind}"
        )));
    }
    Ok(task.answer(call.now))
}

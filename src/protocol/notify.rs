//! Notifications (回调通知, docs/protocol-notes.md §5) as one pure function: headers and raw body in, a
//! verified, decrypted, typed [`Notification`] out. No HTTP server here: call it from any
//! framework's handler, then answer with [`NotificationReply`].
//!
//! The order is fixed and fails closed: the signature is verified over the raw body first,
//! exactly as responses are ([`verify_response`]: serial-keyed, timestamp window, probes and
//! missing headers rejected); only a verified body is parsed and decrypted.

use crate::error::{Error, NotificationError, NotificationStep};
use crate::model::{Notification, NotificationEvent, Text};
use crate::protocol::aead::ApiV3Key;
use crate::protocol::headers;
use crate::protocol::keys::VerifierKeys;
use crate::protocol::verify::{
    verify_response, SignatureHeaders, VerificationError, NOTIFICATION_ENDPOINT,
};

/// The only `resource.algorithm` WeChat Pay uses for APIv3 notifications.
pub const AEAD_AES_256_GCM: &str = "AEAD_AES_256_GCM";

/// Verifies, decrypts and parses one notification.
///
/// * `headers`: the request's headers as `(name, value)` pairs, names in any case;
/// * `body`: the raw request body, exactly as received (never re-serialized JSON);
/// * `keys`: the keys that verify WeChat Pay's signatures (as for responses);
/// * `now`: the local Unix time in seconds; `window_secs`: the accepted clock difference
///   ([`DEFAULT_WINDOW_SECS`](crate::verify::DEFAULT_WINDOW_SECS) is what the official SDKs
///   use).
///
/// Errors: a signature, header or timestamp failure is [`Error::Verification`]; a body that
/// verified but cannot be read is [`Error::Notification`], whose
/// [`step`](NotificationError::step) says which step failed. An event type this crate does not
/// model is no error: it comes back as [`NotificationEvent::Other`].
///
/// **Deduplicate**: WeChat Pay may deliver the same notification several times. See
/// [`Notification`].
///
/// ```
/// use wechatpay_product_coupon::aead::ApiV3Key;
/// use wechatpay_product_coupon::model::NotificationEvent;
/// use wechatpay_product_coupon::notify::{parse_notification, NotificationReply};
/// use wechatpay_product_coupon::{VerifierKeys, WechatPayPublicKey};
///
/// // The derived PRODUCT_COUPON_SP.SEND vector of docs/protocol-notes.md §6.2 (test keys only).
/// let vector: serde_json::Value = serde_json::from_slice(&std::fs::read(concat!(
///     env!("CARGO_MANIFEST_DIR"), "/tests/data/derived_vectors.json"))?)?;
/// let vector = &vector["notification_product_coupon_sp_send"];
/// let public_key = WechatPayPublicKey::from_pem_file("PUB_KEY_ID_illustrative",
///     concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/java_wechat_pay_public_key.pem"))?;
/// let keys = VerifierKeys::new().with_public_key(public_key);
/// let apiv3_key = ApiV3Key::new("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")?;
///
/// // Headers from your framework, e.g. `req.headers().iter().map(|(k, v)| (k.as_str(), v.as_bytes()))`.
/// let headers: Vec<(&str, &[u8])> = vector["headers"].as_object().into_iter().flatten()
///     .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default().as_bytes()))
///     .collect();
/// let body = vector["body"].as_str().unwrap_or_default().as_bytes();
///
/// let result = parse_notification(&keys, &apiv3_key, headers, body, 1_754_064_001, 300);
/// let reply = NotificationReply::for_result(&result); // 204 on success, 4xx/5xx otherwise
/// let notification = result?;
/// assert_eq!(reply.status, 204);
/// let NotificationEvent::CouponSent(sent) = &notification.event else {
///     return Err(format!("unexpected {:?}", notification.event).into());
/// };
/// assert_eq!(sent.coupon_code, "Code_123456");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_notification<'h, I>(
    keys: &VerifierKeys,
    apiv3_key: &ApiV3Key,
    headers: I,
    body: &[u8],
    now: i64,
    window_secs: u64,
) -> Result<Notification, Error>
where
    I: IntoIterator<Item = (&'h str, &'h [u8])>,
{
    let mut request_id: Option<&'h [u8]> = None;
    let pairs = headers.into_iter().inspect(|(name, value)| {
        if name.eq_ignore_ascii_case(headers::REQUEST_ID) {
            request_id = Some(value);
        }
    });
    let verified = SignatureHeaders::from_pairs(pairs)
        .and_then(|sig| verify_response(keys, &sig, body, now, window_secs));
    if let Err(reason) = verified {
        let request_id = request_id
            .and_then(|v| std::str::from_utf8(v).ok())
            .filter(|v| v.bytes().all(|b| b.is_ascii_graphic()))
            .map(str::to_owned);
        return Err(Error::Verification(VerificationError::new(
            NOTIFICATION_ENDPOINT,
            reason,
            request_id,
        )));
    }
    read_verified(apiv3_key, body)
}

/// The JSON envelope of a notification (docs/protocol-notes.md §5), borrowing from the body.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow, default)]
    create_time: Option<Text<'a>>,
    #[serde(borrow)]
    event_type: Text<'a>,
    #[serde(borrow, default)]
    resource_type: Option<Text<'a>>,
    #[serde(borrow, default)]
    summary: Option<Text<'a>>,
    #[serde(borrow)]
    resource: Resource<'a>,
}

/// The encrypted `resource` of an envelope.
#[derive(serde::Deserialize)]
struct Resource<'a> {
    #[serde(borrow)]
    algorithm: Text<'a>,
    #[serde(borrow)]
    ciphertext: Text<'a>,
    #[serde(borrow)]
    nonce: Text<'a>,
    /// "附加数据包(可能为空)": absent, `null` and `""` all mean an empty AAD.
    #[serde(borrow, default)]
    associated_data: Option<Text<'a>>,
    #[serde(borrow, default)]
    original_type: Option<Text<'a>>,
}

/// Decrypts and parses a body whose signature has been verified.
fn read_verified(apiv3_key: &ApiV3Key, body: &[u8]) -> Result<Notification, Error> {
    let envelope: Envelope<'_> = serde_json::from_slice(body).map_err(|e| {
        failed(
            NotificationStep::Envelope,
            format!("expected the JSON envelope {{id, event_type, resource{{algorithm, ciphertext, nonce, associated_data}}, …}}: {e}"),
            None,
        )
    })?;
    let id = || Some(envelope.id.as_str().to_owned());
    let resource = &envelope.resource;
    if resource.algorithm != AEAD_AES_256_GCM {
        return Err(failed(
            NotificationStep::Algorithm,
            format!(
                "expected {AEAD_AES_256_GCM}, found {:?}",
                truncated(&resource.algorithm)
            ),
            id(),
        ));
    }
    let aad = resource.associated_data.as_deref().unwrap_or_default();
    let plaintext = apiv3_key
        .decrypt(&resource.nonce, aad, &resource.ciphertext)
        .map_err(|e| failed(NotificationStep::Decrypt, e.to_string(), id()))?;
    let plaintext = String::from_utf8(plaintext).map_err(|_| {
        failed(
            NotificationStep::Payload,
            "the decrypted payload is not UTF-8 text",
            id(),
        )
    })?;
    let event = NotificationEvent::parse(&envelope.event_type, &plaintext).map_err(|e| {
        failed(
            NotificationStep::Payload,
            format!(
                "the {} payload does not match its documented fields: {e}",
                truncated(&envelope.event_type)
            ),
            id(),
        )
    })?;
    let text = |t: &Option<Text<'_>>| t.as_deref().unwrap_or_default().to_owned();
    Ok(Notification {
        id: envelope.id.as_str().to_owned(),
        create_time: text(&envelope.create_time),
        event_type: envelope.event_type.as_str().to_owned(),
        resource_type: text(&envelope.resource_type),
        summary: text(&envelope.summary),
        original_type: text(&resource.original_type),
        event,
        plaintext,
    })
}

fn failed(step: NotificationStep, problem: impl Into<String>, id: Option<String>) -> Error {
    Error::Notification(NotificationError::new(step, problem, id))
}

/// A server-sent value shown in an error: at most 64 characters.
fn truncated(value: &str) -> String {
    value.chars().take(64).collect()
}

/// The HTTP answer to give WeChat Pay for a notification: a 2xx tells it the notification
/// was received; anything else makes it deliver the notification again later.
///
/// | outcome | status | body |
/// | --- | --- | --- |
/// | parsed (and your processing succeeded) | 204 | empty |
/// | signature, header or timestamp failure | 401 | `{"code":"FAIL","message":…}` |
/// | envelope or `algorithm` not as documented | 400 | idem |
/// | decryption or payload failure, or any other error | 500 | idem |
///
/// 204 follows the documentation ("HTTP 2xx (200/204) = received"); 401 follows the official
/// Java SDK. The message names the failed step only, never keys or data.
///
/// ```
/// use wechatpay_product_coupon::notify::NotificationReply;
/// use wechatpay_product_coupon::verify::{VerificationError, VerifyFailure};
/// use wechatpay_product_coupon::Error;
///
/// let ok = NotificationReply::success();
/// assert_eq!((ok.status, ok.body.as_str(), ok.content_type()), (204, "", None));
///
/// let probe = Error::Verification(VerificationError::new("notification", VerifyFailure::SignatureProbe, None));
/// let reply = NotificationReply::for_error(&probe);
/// assert_eq!(reply.status, 401);
/// assert_eq!(reply.body, r#"{"code":"FAIL","message":"signature verification failed"}"#);
/// assert_eq!(reply.content_type(), Some("application/json"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NotificationReply {
    /// The HTTP status to answer with.
    pub status: u16,
    /// The body (empty for a success).
    pub body: String,
}

impl NotificationReply {
    /// 204 with an empty body: received.
    ///
    /// ```
    /// # use wechatpay_product_coupon::notify::NotificationReply;
    /// assert_eq!(NotificationReply::success().status, 204);
    /// ```
    pub fn success() -> Self {
        NotificationReply {
            status: 204,
            body: String::new(),
        }
    }

    /// The failure answer for `err` (see the table on [`NotificationReply`]).
    ///
    /// ```
    /// use wechatpay_product_coupon::error::{NotificationError, NotificationStep};
    /// use wechatpay_product_coupon::notify::NotificationReply;
    /// use wechatpay_product_coupon::Error;
    /// let wrong_key = Error::Notification(NotificationError::new(NotificationStep::Decrypt, "tag mismatch", None));
    /// let reply = NotificationReply::for_error(&wrong_key);
    /// assert_eq!(reply.status, 500); // WeChat Pay retries; fix the APIv3 key meanwhile
    /// assert!(reply.body.contains("decryption failed"));
    /// ```
    pub fn for_error(err: &Error) -> Self {
        let (status, message) = match err.last_attempt() {
            Error::Verification(_) => (401, "signature verification failed"),
            Error::Notification(n) => match n.step {
                NotificationStep::Envelope => (400, "malformed notification"),
                NotificationStep::Algorithm => (400, "unsupported algorithm"),
                NotificationStep::Decrypt => (500, "decryption failed"),
                _ => (500, "payload not understood"),
            },
            _ => return Self::internal_error(),
        };
        Self::failure(status, message)
    }

    /// 500 `{"code":"FAIL","message":"internal error"}`: the notification was fine but your
    /// own processing failed (e.g. it could not be recorded), so WeChat Pay should resend it.
    ///
    /// ```
    /// # use wechatpay_product_coupon::notify::NotificationReply;
    /// assert_eq!(NotificationReply::internal_error().status, 500);
    /// ```
    pub fn internal_error() -> Self {
        Self::failure(500, "internal error")
    }

    fn failure(status: u16, message: &str) -> Self {
        NotificationReply {
            status,
            body: format!(r#"{{"code":"FAIL","message":"{message}"}}"#),
        }
    }

    /// [`success`](Self::success) for `Ok`, [`for_error`](Self::for_error) for `Err`.
    ///
    /// Answer 2xx only once the notification is safely recorded: if your own processing
    /// fails, answer with a failure so that WeChat Pay delivers it again.
    ///
    /// ```
    /// # use wechatpay_product_coupon::notify::NotificationReply;
    /// let result: Result<(), wechatpay_product_coupon::Error> = Ok(());
    /// assert_eq!(NotificationReply::for_result(&result).status, 204);
    /// ```
    pub fn for_result<T>(result: &Result<T, Error>) -> Self {
        match result {
            Ok(_) => Self::success(),
            Err(e) => Self::for_error(e),
        }
    }

    /// The `Content-Type` to send with the body, if any.
    ///
    /// ```
    /// # use wechatpay_product_coupon::notify::NotificationReply;
    /// assert_eq!(NotificationReply::success().content_type(), None);
    /// ```
    pub fn content_type(&self) -> Option<&'static str> {
        (!self.body.is_empty()).then_some(headers::CONTENT_TYPE_VALUE)
    }
}

//! [`NotificationError`]: a notification that verified but could not be read, and the
//! [`NotificationStep`] that failed.

use std::fmt;

/// A notification that verified but could not be read: which step failed and why.
///
/// ```
/// use wechatpay_product_coupon::error::{NotificationError, NotificationStep};
/// use wechatpay_product_coupon::{Error, ErrorKind};
/// let err = Error::Notification(NotificationError::new(
///     NotificationStep::Decrypt,
///     "the tag does not match",
///     Some("EV-2018022511223320873".into()),
/// ));
/// assert_eq!(err.kind(), ErrorKind::Notification);
/// assert_eq!(
///     err.to_string(),
///     "notification EV-2018022511223320873: decrypting `resource` failed: the tag does not match"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NotificationError {
    /// The step that failed.
    pub step: NotificationStep,
    /// What was wrong, in words (never key material or decrypted data).
    pub problem: String,
    /// The notification's `id`, when the envelope could be read.
    pub notification_id: Option<String>,
}

impl NotificationError {
    /// A failure at `step`.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::{NotificationError, NotificationStep};
    /// let err = NotificationError::new(NotificationStep::Envelope, "expected a JSON object", None);
    /// assert!(err.to_string().starts_with("notification: reading the envelope failed"));
    /// ```
    pub fn new(step: NotificationStep, problem: impl Into<String>, id: Option<String>) -> Self {
        NotificationError {
            step,
            problem: problem.into(),
            notification_id: id,
        }
    }
}

/// The step of reading a notification that failed, after its signature verified.
///
/// ```
/// use wechatpay_product_coupon::error::NotificationStep;
/// assert_eq!(NotificationStep::Decrypt.as_str(), "decrypt");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NotificationStep {
    /// The body is not the documented JSON envelope (`id`, `event_type`, `resource`, …).
    Envelope,
    /// `resource.algorithm` is not `AEAD_AES_256_GCM`.
    Algorithm,
    /// AES-256-GCM decryption failed: most often the configured APIv3 key is not the one set
    /// in the merchant platform; also a bad nonce length, bad Base64 or a truncated ciphertext.
    Decrypt,
    /// The decrypted payload is not the JSON documented for its event type.
    Payload,
}

impl NotificationStep {
    /// A stable snake_case name: `envelope`, `algorithm`, `decrypt`, `payload`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::error::NotificationStep;
    /// assert_eq!(NotificationStep::Payload.as_str(), "payload");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            NotificationStep::Envelope => "envelope",
            NotificationStep::Algorithm => "algorithm",
            NotificationStep::Decrypt => "decrypt",
            NotificationStep::Payload => "payload",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            NotificationStep::Envelope => "reading the envelope failed",
            NotificationStep::Algorithm => "unsupported `resource.algorithm`",
            NotificationStep::Decrypt => "decrypting `resource` failed",
            NotificationStep::Payload => "reading the decrypted payload failed",
        }
    }
}

impl fmt::Display for NotificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("notification")?;
        if let Some(id) = &self.notification_id {
            write!(f, " {id}")?;
        }
        write!(f, ": {}: {}", self.step.describe(), self.problem)
    }
}

impl std::error::Error for NotificationError {}

//! [`Report`]: an error and its causes in one line, each once.

use std::fmt;

/// The one-line chain of an error and its causes, from [`Error::report`](crate::Error::report): each level's
/// message once, joined by `: `.
///
/// ```
/// use wechatpay_product_coupon::error::Report;
/// let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
/// let outer = std::io::Error::new(std::io::ErrorKind::Other, io);
/// assert_eq!(Report::of(&outer).to_string(), "no such file");
/// ```
#[derive(Clone, Copy)]
pub struct Report<'e>(&'e (dyn std::error::Error + 'static));

impl<'e> Report<'e> {
    /// The report of any error, e.g. one wrapping this crate's.
    ///
    /// ```
    /// use wechatpay_product_coupon::error::Report;
    /// let e = std::fmt::Error;
    /// assert_eq!(Report::of(&e).to_string(), e.to_string());
    /// ```
    pub fn of(error: &'e (dyn std::error::Error + 'static)) -> Self {
        Report(error)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.to_string();
        f.write_str(&shown)?;
        let mut next = self.0.source();
        while let Some(cause) = next {
            let text = cause.to_string();
            // A wrapper that already prints its cause's text (std's io::Error does) adds
            // nothing new: show each message once.
            if !shown.contains(&text) {
                write!(f, ": {text}")?;
                shown = text;
            }
            next = cause.source();
        }
        Ok(())
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

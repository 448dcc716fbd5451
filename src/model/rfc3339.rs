//! RFC 3339 times: kept as the text the server sent (zero-copy, never fails a call) and
//! parsed into `time::OffsetDateTime` on request.

use std::borrow::Cow;
use std::fmt;

use time::format_description::well_known::Rfc3339 as Rfc3339Format;
use time::{OffsetDateTime, UtcOffset};

use crate::error::{DecodeError, Error};
use serde::Deserialize as _;

use crate::model::{IntoOwned, Text};

/// An RFC 3339 time as sent, e.g. `2025-08-03T12:00:00+08:00`.
///
/// ```
/// # use wechatpay_product_coupon::model::Rfc3339;
/// let t = Rfc3339::new("2025-08-03T12:00:00+08:00");
/// assert_eq!(t.as_str(), "2025-08-03T12:00:00+08:00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rfc3339<'a>(Text<'a>);

impl<'a> Rfc3339<'a> {
    /// Wraps a text (not checked until [`Rfc3339::to_offset_date_time`]).
    ///
    /// ```
    /// # use wechatpay_product_coupon::model::Rfc3339;
    /// let t = Rfc3339::new(String::from("not a time")); // owned or borrowed, not checked here
    /// assert_eq!(t.as_str(), "not a time");
    /// assert!(t.to_offset_date_time().is_err());
    /// ```
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Rfc3339(Text::new(text))
    }

    /// The text as sent.
    ///
    /// ```
    /// # use wechatpay_product_coupon::model::Rfc3339;
    /// // Kept exactly as sent: offset and precision are not normalised.
    /// let t: Rfc3339<'_> = serde_json::from_str(r#""2025-08-03T04:00:00.500Z""#)?;
    /// assert_eq!(t.as_str(), "2025-08-03T04:00:00.500Z");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text borrows from the body it was parsed from.
    ///
    /// ```
    /// # use wechatpay_product_coupon::model::Rfc3339;
    /// let t: Rfc3339<'_> = serde_json::from_str(r#""2025-08-03T12:00:00+08:00""#)?;
    /// assert!(t.is_borrowed());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn is_borrowed(&self) -> bool {
        self.0.is_borrowed()
    }

    /// Formats `t` as WeChat Pay writes times: `YYYY-MM-DDTHH:MM:SS±HH:MM` in the value's own
    /// offset, whole seconds. Fails for years outside 0000-9999 and offsets with seconds,
    /// which that form cannot express.
    ///
    /// ```
    /// # use wechatpay_product_coupon::model::Rfc3339;
    /// let t = time::macros::datetime!(2025-08-03 12:00:00.5 +08:00);
    /// assert_eq!(Rfc3339::from_time(t)?.as_str(), "2025-08-03T12:00:00+08:00");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn from_time(t: OffsetDateTime) -> Result<Rfc3339<'static>, Error> {
        let bytes = format_wire(t).map_err(|rule| Error::invalid("time", rule))?;
        Ok(Rfc3339(Text::new(
            String::from_utf8_lossy(&bytes).into_owned(),
        )))
    }

    /// Parses the text.
    ///
    /// ```
    /// # use wechatpay_product_coupon::model::Rfc3339;
    /// let t = Rfc3339::new("2025-08-03T12:00:00+08:00").to_offset_date_time()?;
    /// assert_eq!(t.unix_timestamp(), 1754193600);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn to_offset_date_time(&self) -> Result<OffsetDateTime, Error> {
        OffsetDateTime::parse(&self.0, &Rfc3339Format).map_err(|e| {
            Error::Decode(DecodeError::new(
                "RFC 3339 time",
                format!("{:?}: {e}", self.0.as_str()),
                None,
            ))
        })
    }
}

impl fmt::Display for Rfc3339<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Rfc3339<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Text::deserialize(d).map(Rfc3339)
    }
}

impl serde::Serialize for Rfc3339<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl IntoOwned for Rfc3339<'_> {
    type Owned = Rfc3339<'static>;
    fn into_owned(self) -> Rfc3339<'static> {
        Rfc3339(self.0.into_owned())
    }
}

/// Serializes a request time in the wire form (see [`Rfc3339::from_time`]).
pub(crate) fn serialize_wire<S: serde::Serializer>(
    t: &OffsetDateTime,
    s: S,
) -> Result<S::Ok, S::Error> {
    let bytes = format_wire(*t).map_err(serde::ser::Error::custom)?;
    // format_wire writes ASCII only.
    s.serialize_str(std::str::from_utf8(&bytes).map_err(serde::ser::Error::custom)?)
}

/// Deserializes a request's `use_time` from any RFC 3339 text.
pub(crate) fn deserialize_rfc3339<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<OffsetDateTime, D::Error> {
    let text = Text::deserialize(d)?;
    OffsetDateTime::parse(&text, &Rfc3339Format).map_err(|e| {
        serde::de::Error::custom(format_args!(
            "use_time: expected an RFC 3339 time such as 2025-08-03T12:00:00+08:00, found {:?} ({e})",
            text.as_str()
        ))
    })
}

/// Length of `YYYY-MM-DDTHH:MM:SS+HH:MM`.
pub(crate) const WIRE_LEN: usize = 25;

/// Formats `t` as `YYYY-MM-DDTHH:MM:SS±HH:MM` in its own offset, whole seconds (sub-second
/// precision is dropped, as in every official example). Fails for years outside 0000-9999
/// and offsets with a seconds part, which RFC 3339 cannot express.
pub(crate) fn format_wire(t: OffsetDateTime) -> Result<[u8; WIRE_LEN], &'static str> {
    let year = t.year();
    if !(0..=9999).contains(&year) {
        return Err("the year must be between 0000 and 9999");
    }
    let offset: UtcOffset = t.offset();
    let (oh, om, os) = offset.as_hms();
    if os != 0 {
        return Err("the UTC offset must be whole minutes");
    }
    let mut out = *b"0000-00-00T00:00:00+00:00";
    let mut put = |pos: usize, value: u32, width: usize| {
        let mut v = value;
        for i in (0..width).rev() {
            out[pos + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, year.unsigned_abs(), 4);
    put(5, u32::from(u8::from(t.month())), 2);
    put(8, u32::from(t.day()), 2);
    put(11, u32::from(t.hour()), 2);
    put(14, u32::from(t.minute()), 2);
    put(17, u32::from(t.second()), 2);
    put(20, u32::from(oh.unsigned_abs()), 2);
    put(23, u32::from(om.unsigned_abs()), 2);
    if oh < 0 || om < 0 {
        out[19] = b'-';
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn wire(t: OffsetDateTime) -> String {
        format_wire(t)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_else(|e| e.to_owned())
    }

    #[test]
    fn formats_in_the_values_own_offset_whole_seconds() {
        assert_eq!(
            wire(datetime!(2025-08-03 12:00:00.999 +08:00)),
            "2025-08-03T12:00:00+08:00"
        );
        assert_eq!(
            wire(datetime!(2025-01-02 03:04:05 -03:30)),
            "2025-01-02T03:04:05-03:30"
        );
        assert_eq!(
            wire(datetime!(2025-01-02 03:04:05 UTC)),
            "2025-01-02T03:04:05+00:00"
        );
    }

    #[test]
    fn rejects_what_rfc3339_cannot_express() {
        assert!(format_wire(datetime!(2025-01-02 03:04:05 +01:00:30)).is_err());
        assert!(format_wire(datetime!(-0001-01-02 03:04:05 UTC)).is_err());
    }
}

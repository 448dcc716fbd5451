//! Validation rules shared by several endpoints; each error names the field and the rule.
//! Path parameters are checked generically when a request is encoded
//! ([`target::check_path_param`](crate::target::check_path_param)).

use crate::error::Error;

/// A required string: present and not blank.
pub(crate) fn required(field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "is required and must not be empty"));
    }
    Ok(())
}

/// An optional string: when present, not blank.
pub(crate) fn optional(field: &'static str, value: &Option<String>) -> Result<(), Error> {
    match value {
        Some(v) => required(field, v),
        None => Ok(()),
    }
}

/// Between `min` and `max` characters (not bytes).
pub(crate) fn char_range(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), Error> {
    let n = value.chars().count();
    if n < min || n > max {
        return Err(Error::invalid(
            field,
            format!("must be {min} to {max} characters, found {n}"),
        ));
    }
    Ok(())
}

/// At most `max` characters.
pub(crate) fn max_chars(field: &'static str, value: &str, max: usize) -> Result<(), Error> {
    let n = value.chars().count();
    if n > max {
        return Err(Error::invalid(
            field,
            format!("must be at most {max} characters, found {n}"),
        ));
    }
    Ok(())
}

/// A request number (`out_request_no`, the idempotency key): 6-40 of `[0-9A-Za-z_-]`.
pub(crate) fn request_no(field: &'static str, value: &str) -> Result<(), Error> {
    code_text(field, value, 6, 40)
}

/// `send_request_no`, the idempotency key of a send: 6-128 of `[0-9A-Za-z_-]`.
pub(crate) fn send_request_no(value: &str) -> Result<(), Error> {
    code_text("send_request_no", value, 6, 128)
}

/// `min` to `max` characters of `[0-9A-Za-z_-]` (request numbers, coupon codes).
pub(crate) fn code_text(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), Error> {
    let bad = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'));
    if let Some(c) = bad {
        return Err(Error::invalid(
            field,
            format!("may contain only 0-9 A-Z a-z _ -, found {c:?}"),
        ));
    }
    let len = value.len();
    if !(min..=max).contains(&len) {
        return Err(Error::invalid(
            field,
            format!("must be {min} to {max} characters, found {len}"),
        ));
    }
    Ok(())
}

/// A user coupon code in a path: at most 40 characters.
pub(crate) fn coupon_code(value: &str) -> Result<(), Error> {
    max_chars("coupon_code", value, 40)
}

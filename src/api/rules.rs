//! Validation rules shared by several endpoints; each error names the field and the rule.
//! Path parameters are checked generically when a request is encoded
//! ([`target::check_path_param`](crate::target::check_path_param)).

use crate::error::Error;

/// A required string: present, not blank, no control characters.
pub(crate) fn required(field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "is required and must not be empty"));
    }
    no_control(field, value)
}

/// An optional string: when present, not blank and no control characters.
pub(crate) fn optional(field: &'static str, value: &Option<String>) -> Result<(), Error> {
    match value {
        Some(v) => required(field, v),
        None => Ok(()),
    }
}

/// No control characters (NUL, line breaks, …): they are refused by the gateway or change
/// what a log shows.
pub(crate) fn no_control(field: &'static str, value: &str) -> Result<(), Error> {
    match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(Error::invalid(
            field,
            format!("must not contain control characters, found {c:?}"),
        )),
        None => Ok(()),
    }
}

/// Between `min` and `max` characters (not bytes), none of them a control character.
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
    no_control(field, value)
}

/// At most `max` characters, none of them a control character.
pub(crate) fn max_chars(field: &'static str, value: &str, max: usize) -> Result<(), Error> {
    let n = value.chars().count();
    if n > max {
        return Err(Error::invalid(
            field,
            format!("must be at most {max} characters, found {n}"),
        ));
    }
    no_control(field, value)
}

/// An optional free text: when present, 1 to `max` characters, not blank, no control
/// characters.
pub(crate) fn optional_text(
    field: &'static str,
    value: &Option<String>,
    max: usize,
) -> Result<(), Error> {
    match value {
        Some(v) => {
            max_chars(field, v, max)?;
            required(field, v)
        }
        None => Ok(()),
    }
}

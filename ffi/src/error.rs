//! [`FfiError`]: what can go wrong in an entry point, its result code and its message.
//! Re-exported as `boundary::FfiError`.

use wechatpay_product_coupon::Error;

use crate::result::wpc_result;

/// What can go wrong in an entry point.
#[derive(Debug)]
pub enum FfiError {
    /// An error of the core crate.
    Core(Error),
    /// The named pointer argument (a handle or an out-pointer) was NULL.
    NullArgument(&'static str),
    /// The named `(pointer, length)` argument was NULL with this nonzero length.
    NullWithLength(&'static str, usize),
    /// The named text argument was not UTF-8.
    InvalidUtf8(&'static str),
    /// The named JSON argument did not parse: serde_json's message.
    InvalidJson(&'static str, String),
    /// The named argument was out of range or unknown.
    InvalidArgument(&'static str, String),
}

impl FfiError {
    /// The result code.
    pub fn code(&self) -> wpc_result {
        match self {
            FfiError::Core(e) => e.kind().into(),
            FfiError::NullArgument(_) | FfiError::NullWithLength(..) => {
                wpc_result::WPC_ERR_NULL_ARGUMENT
            }
            FfiError::InvalidUtf8(_) => wpc_result::WPC_ERR_INVALID_UTF8,
            FfiError::InvalidJson(..) => wpc_result::WPC_ERR_INVALID_JSON,
            FfiError::InvalidArgument(..) => wpc_result::WPC_ERR_INVALID_ARGUMENT,
        }
    }

    /// The argument the error is about, if any.
    pub fn argument(&self) -> Option<&'static str> {
        match self {
            FfiError::Core(_) => None,
            FfiError::NullArgument(a) | FfiError::InvalidUtf8(a) => Some(a),
            FfiError::NullWithLength(a, _) => Some(a),
            FfiError::InvalidJson(a, _) | FfiError::InvalidArgument(a, _) => Some(a),
        }
    }

    /// The message, which never holds key material (the core's errors never do, and the
    /// boundary's own name the argument, not its content).
    pub fn message(&self) -> String {
        match self {
            // The whole chain once, e.g. `the call failed after 3 attempts: HTTP 500 …`.
            FfiError::Core(e) => e.report().to_string(),
            FfiError::NullArgument(a) => format!("argument `{a}` is NULL"),
            FfiError::NullWithLength(a, len) => format!(
                "argument `{a}` is NULL with length {len}: pass a pointer to {len} readable \
                 bytes, or length 0 for an empty value"
            ),
            FfiError::InvalidUtf8(a) => format!("argument `{a}` is not UTF-8 text"),
            FfiError::InvalidJson(a, why) => {
                format!("argument `{a}` is not the expected JSON: {why}")
            }
            FfiError::InvalidArgument(a, why) => format!("argument `{a}`: {why}"),
        }
    }
}

impl From<Error> for FfiError {
    fn from(e: Error) -> Self {
        FfiError::Core(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_core_error_shows_its_whole_chain_once() {
        let err = FfiError::Core(Error::RetriesExhausted {
            attempts: 3,
            earlier: wechatpay_product_coupon::Outcome::NotSent,
            last: Box::new(Error::rate_limiter("the inner cause")),
        });
        let message = err.message();
        assert!(message.contains("3 attempts"), "{message}");
        assert!(message.contains("the inner cause"), "{message}");
        assert_eq!(message.matches("the inner cause").count(), 1, "{message}");
    }
}

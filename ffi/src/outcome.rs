//! [`wpc_outcome`]: what a failed call did at WeChat Pay (the core's `Outcome`), read with
//! `wpc_last_error_outcome`.

use wechatpay_product_coupon::Outcome;

/// What the last failed call did at WeChat Pay, and so what to do next.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wpc_outcome {
    /// No error: the last call succeeded (or no call failed yet on this thread).
    WPC_OUTCOME_NONE = 0,
    /// Nothing was sent (validation, configuration, key, signing, a bad C argument): fix the
    /// cause; the write was not made.
    WPC_OUTCOME_LOCAL = 1,
    /// The connection failed before any byte of the request was sent: resending is safe; the
    /// write was not made.
    WPC_OUTCOME_NOT_SENT = 2,
    /// WeChat Pay answered a 4xx error (429 included): nothing was applied. Fix the request;
    /// after a 429, resend it unchanged later.
    WPC_OUTCOME_REFUSED = 3,
    /// The request was sent and no trustworthy answer came back (a connection failure
    /// mid-exchange, a timeout after sending, a 5xx or 202, an answer that failed
    /// verification or decoding): the write may have been applied. Resend the same request
    /// JSON (same `out_request_no`: WeChat Pay returns the first answer) or query the coupon;
    /// never record the write as failed.
    WPC_OUTCOME_UNKNOWN = 4,
    /// A verified 2xx answer: the write was applied.
    WPC_OUTCOME_APPLIED = 5,
}

impl From<Outcome> for wpc_outcome {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Local => wpc_outcome::WPC_OUTCOME_LOCAL,
            Outcome::NotSent => wpc_outcome::WPC_OUTCOME_NOT_SENT,
            Outcome::Refused => wpc_outcome::WPC_OUTCOME_REFUSED,
            Outcome::Applied => wpc_outcome::WPC_OUTCOME_APPLIED,
            // Unknown, and any outcome newer than this C ABI: the safe reading.
            _ => wpc_outcome::WPC_OUTCOME_UNKNOWN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_c_numbers_are_the_core_codes() {
        for outcome in [
            Outcome::Local,
            Outcome::NotSent,
            Outcome::Refused,
            Outcome::Unknown,
            Outcome::Applied,
        ] {
            assert_eq!(wpc_outcome::from(outcome) as u32, outcome.code());
        }
    }
}

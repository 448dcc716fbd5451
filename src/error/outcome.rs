//! [`Outcome`]: what a failed call did at WeChat Pay — nothing, certainly nothing, or
//! possibly everything — and so what its caller does next.
//!
//! Every write of this API carries an idempotency key (`out_request_no`, or
//! `send_request_no` for a send): the gateway answers a repeated key with the first answer.
//! So an unknown outcome is resolved by resending the **same request value** (same body,
//! same key; the client signs it afresh), never by recording the write as failed.

use std::fmt;

/// What a call did at WeChat Pay, as far as this client can tell ([`Error::outcome`]).
///
/// | outcome | what happened | what to do |
/// | --- | --- | --- |
/// | [`Local`](Outcome::Local) | nothing was sent (validation, configuration, key, signing) | fix the cause; the write was not made |
/// | [`NotSent`](Outcome::NotSent) | the connection failed before a byte of the request left | resend (safe), or record as not made |
/// | [`Refused`](Outcome::Refused) | the gateway answered a 4xx error: nothing was applied | fix the request (429: resend later); the write was not made |
/// | [`Unknown`](Outcome::Unknown) | the request was sent and no trustworthy answer came back | **resend the same request value** (the gateway returns the first answer), or query the coupon; never record the write as failed |
/// | [`Applied`](Outcome::Applied) | a verified 2xx answer | done |
///
/// Decisions, from WeChat Pay's documentation (`docs/protocol-notes.md` §3): a 5xx
/// (`SYSTEM_ERROR` "按具体接口的错误指引进行重试", `SERVICE_UNAVAILABLE`) and a 202 ("已接受请求,
/// 但尚未处理 — 请使用原参数重复请求一遍") are [`Unknown`](Outcome::Unknown): the gateway may have
/// applied the write, or may still apply it. A 2xx answer that fails verification or does
/// not decode is [`Unknown`](Outcome::Unknown) too: it was probably applied, but its content
/// cannot be trusted or read. Error answers are not signed by WeChat Pay, so
/// [`Refused`](Outcome::Refused) believes an unsigned 4xx, as every WeChat Pay SDK does.
///
/// For a read (GET) every outcome is harmless: nothing changes at WeChat Pay, so repeat it.
///
/// ```
/// use wechatpay_product_coupon::{Error, Outcome};
/// let err = Error::Signing; // the crypto library refused to sign: nothing was sent
/// assert_eq!(err.outcome(), Outcome::Local);
/// assert!(!err.outcome().may_have_applied());
/// ```
///
/// [`Error::outcome`]: crate::Error::outcome
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[repr(u32)]
pub enum Outcome {
    /// Nothing was sent: the request failed validation or encoding, a setting or key is
    /// unusable, or signing failed. The write was certainly not made.
    Local = 1,
    /// A connect-phase transport failure (DNS, TCP connect, TLS handshake, connect timeout):
    /// no byte of the request reached the server. Resending is safe.
    NotSent = 2,
    /// The gateway answered a 4xx error (429 included): nothing was applied. Fix the request;
    /// for 429, resend it unchanged later.
    Refused = 3,
    /// The request was sent and no trustworthy answer came back: a transport failure
    /// mid-exchange, a timeout after sending, a 5xx or 202, or a 2xx that failed verification
    /// or decoding. The write may have been applied: resend the same request value (same
    /// body, same `out_request_no`), which returns the first answer, or query the coupon.
    Unknown = 4,
    /// A verified 2xx answer: the write was applied.
    Applied = 5,
}

impl Outcome {
    /// Whether the write may have been made at WeChat Pay ([`Unknown`](Outcome::Unknown)
    /// or [`Applied`](Outcome::Applied)): if so, do not record it as failed.
    ///
    /// ```
    /// use wechatpay_product_coupon::Outcome;
    /// assert!(Outcome::Unknown.may_have_applied());
    /// assert!(!Outcome::Refused.may_have_applied());
    /// ```
    pub const fn may_have_applied(self) -> bool {
        matches!(self, Outcome::Unknown | Outcome::Applied)
    }

    /// The outcome of a call made of two attempts, `self` then `later`: unknown if either
    /// may have applied the write without a trustworthy answer, otherwise the later one's.
    ///
    /// ```
    /// use wechatpay_product_coupon::Outcome;
    /// assert_eq!(Outcome::Unknown.then(Outcome::Refused), Outcome::Unknown);
    /// assert_eq!(Outcome::NotSent.then(Outcome::Refused), Outcome::Refused);
    /// ```
    pub const fn then(self, later: Outcome) -> Outcome {
        match (self, later) {
            (Outcome::Unknown, _) | (_, Outcome::Unknown) => Outcome::Unknown,
            (_, later) => later,
        }
    }

    /// The stable numeric code (1 to 5), as the C ABI's `wpc_last_error_outcome` returns it
    /// (0 there means "no error").
    ///
    /// ```
    /// use wechatpay_product_coupon::Outcome;
    /// assert_eq!(Outcome::Unknown.code(), 4);
    /// ```
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The snake_case name, e.g. `not_sent` (the `outcome` key of the C ABI's error JSON).
    ///
    /// ```
    /// use wechatpay_product_coupon::Outcome;
    /// assert_eq!(Outcome::NotSent.as_str(), "not_sent");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Local => "local",
            Outcome::NotSent => "not_sent",
            Outcome::Refused => "refused",
            Outcome::Unknown => "unknown",
            Outcome::Applied => "applied",
        }
    }

    /// What to do next, in one sentence.
    ///
    /// ```
    /// use wechatpay_product_coupon::Outcome;
    /// assert!(Outcome::Unknown.advice().contains("same request"));
    /// ```
    pub const fn advice(self) -> &'static str {
        match self {
            Outcome::Local => "nothing was sent; fix the cause, the write was not made",
            Outcome::NotSent => {
                "the request never reached WeChat Pay; resending it is safe, the write was not made"
            }
            Outcome::Refused => {
                "WeChat Pay refused the request and applied nothing; fix it (after a 429, resend it unchanged later)"
            }
            Outcome::Unknown => {
                "the write may have been applied; resend the same request value (same body and \
                 out_request_no: WeChat Pay returns the first answer) or query the coupon, and do \
                 not record it as failed"
            }
            Outcome::Applied => "WeChat Pay applied the request",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_dominates_any_sequence_of_attempts() {
        let all = [
            Outcome::Local,
            Outcome::NotSent,
            Outcome::Refused,
            Outcome::Unknown,
            Outcome::Applied,
        ];
        for a in all {
            assert_eq!(a.then(Outcome::Unknown), Outcome::Unknown);
            assert_eq!(Outcome::Unknown.then(a), Outcome::Unknown);
            if a != Outcome::Unknown {
                assert_eq!(Outcome::NotSent.then(a), a);
            }
        }
        let codes: Vec<u32> = all.iter().map(|o| o.code()).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5]);
    }
}

//! The one error type of the crate, its stable [`ErrorKind`]s, and the detail types it carries.
//!
//! Every message says what was expected and what was found. None contains key material, a
//! full `Authorization` header or an APIv3 key: the values that can appear are serials, key
//! IDs, header names, HTTP statuses, the server's own `code`/`message`/`detail`, and the
//! `Request-ID` to quote to WeChat Pay support.
//!
//! Each error's text is written once: a wrapper either shows its inner error in `Display` or
//! returns it from [`std::error::Error::source`], never both, so a chain printer such as
//! anyhow's `{:#}` prints every message once.
//!
//! | file | what it holds |
//! | --- | --- |
//! | `crate_error.rs` | [`Error`]: the variants, accessors, `Display` and `source()` chain |
//! | `kind.rs` | [`ErrorKind`]: the stable codes (the C ABI's result codes) and names |
//! | `api.rs` | [`ApiError`]: a non-2xx answer from WeChat Pay |
//! | `transport.rs` | [`TransportError`], [`TransportErrorKind`], [`TimeoutKind`]: no answer |
//! | `verification.rs` | [`VerificationError`], [`VerifyFailure`]: an answer that failed checks |
//! | `decode.rs` | [`DecodeError`]: a verified body that does not fit its model |
//! | `body.rs` | `describe_non_json`: what a body that cannot be JSON is, for those errors |
//! | `notification.rs` | [`NotificationError`], [`NotificationStep`]: an unreadable notification |
//! | `outcome.rs` | [`Outcome`]: whether a failed call may have applied a write, and what to do |
//! | `sign_mismatch.rs` | [`SignMismatch`]: where the message this client signed and the gateway's differ |
//! | `hints.rs` | the English hints of known gateway error codes ([`ApiError::hint`]) |
//!
//! This module is the bottom layer: it imports nothing from the rest of the crate.

mod api;
mod body;
mod crate_error;
mod decode;
mod hints;
mod kind;
mod notification;
mod outcome;
mod report;
mod sign_mismatch;
mod text;
mod transport;
pub(crate) mod verification;

pub use api::ApiError;
pub(crate) use body::describe_non_json;
pub use crate_error::Error;
pub use decode::DecodeError;
pub use kind::ErrorKind;
pub use notification::{NotificationError, NotificationStep};
pub use outcome::Outcome;
pub use report::Report;
pub use sign_mismatch::{SignInformation, SignMismatch, SignedPart};
pub use transport::{TimeoutKind, TransportError, TransportErrorKind};
pub use verification::{VerificationError, VerifyFailure};

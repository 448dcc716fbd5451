//! [`wpc_result`]: the result code of every fallible function. Codes 1 to 99 are the core
//! crate's [`ErrorKind`] codes, unchanged; 100 and up are errors of the C boundary itself.
//!
//! The core defines the codes 1 to 99 ([`ErrorKind::code`]). The enum below writes them again
//! as literals only because cbindgen copies discriminant expressions into the header verbatim
//! (it does not evaluate `ErrorKind::Api.code()`, which C could not read); a compile-time check
//! below rejects any literal or name that differs from the core's, and the conversion from
//! [`ErrorKind`] is computed from the core's code, not written out.

use std::ffi::{c_char, CStr};

use wechatpay_product_coupon::ErrorKind;

use crate::guard::boundary_or;

/// The result of a fallible call: `WPC_OK` or what went wrong. Read the details with the
/// `wpc_last_error_*` functions on the same thread.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wpc_result {
    /// Success.
    WPC_OK = 0,
    /// The request broke a documented rule; nothing was sent (see `wpc_last_error_field`).
    WPC_ERR_INVALID_REQUEST = 1,
    /// A key, certificate or PEM text could not be loaded.
    WPC_ERR_KEY = 2,
    /// A client setting is unusable (see `wpc_last_error_field` for the setting).
    WPC_ERR_CONFIG = 3,
    /// The operating system's random generator failed.
    WPC_ERR_RANDOM = 4,
    /// The crypto library refused to sign.
    WPC_ERR_SIGNING = 5,
    /// The HTTP request could not be assembled.
    WPC_ERR_REQUEST_BUILD = 6,
    /// A local I/O operation failed (e.g. the sandbox could not listen).
    WPC_ERR_IO = 7,
    /// The HTTP exchange failed before a complete response was read.
    WPC_ERR_TRANSPORT = 8,
    /// A 2xx response failed signature verification: do not trust it.
    WPC_ERR_VERIFICATION = 9,
    /// WeChat Pay answered an error (HTTP status, code, message, detail, Request-ID).
    WPC_ERR_API = 10,
    /// A verified body did not match the expected model.
    WPC_ERR_DECODE = 11,
    /// The call was retried and the last attempt failed too (the `wpc_last_error_*`
    /// details are the last attempt's; `wpc_last_error_attempts` counts them).
    WPC_ERR_RETRIES_EXHAUSTED = 12,
    /// A notification's signature verified but it could not be decrypted or read
    /// (`wpc_last_error_field` names the step: envelope, algorithm, decrypt, payload).
    WPC_ERR_NOTIFICATION = 13,
    /// A required pointer argument was NULL.
    WPC_ERR_NULL_ARGUMENT = 100,
    /// A text argument was not UTF-8.
    WPC_ERR_INVALID_UTF8 = 101,
    /// A JSON argument was not valid JSON, or not of the expected shape.
    WPC_ERR_INVALID_JSON = 102,
    /// An argument was out of range or unknown (e.g. an HTTP method or endpoint name).
    WPC_ERR_INVALID_ARGUMENT = 103,
    /// The library panicked; this is a bug, please report it.
    WPC_ERR_PANIC = 104,
    /// An error kind newer than this C ABI.
    WPC_ERR_OTHER = 199,
}

impl From<ErrorKind> for wpc_result {
    fn from(kind: ErrorKind) -> Self {
        // The core's code is the C code: the variant with that number.
        match wpc_result::of_core_code(kind.code()) {
            Some(result) => result,
            None => wpc_result::WPC_ERR_OTHER,
        }
    }
}

/// Every result code.
const ALL: [wpc_result; 20] = {
    use wpc_result::*;
    [
        WPC_OK,
        WPC_ERR_INVALID_REQUEST,
        WPC_ERR_KEY,
        WPC_ERR_CONFIG,
        WPC_ERR_RANDOM,
        WPC_ERR_SIGNING,
        WPC_ERR_REQUEST_BUILD,
        WPC_ERR_IO,
        WPC_ERR_TRANSPORT,
        WPC_ERR_VERIFICATION,
        WPC_ERR_API,
        WPC_ERR_DECODE,
        WPC_ERR_RETRIES_EXHAUSTED,
        WPC_ERR_NOTIFICATION,
        WPC_ERR_NULL_ARGUMENT,
        WPC_ERR_INVALID_UTF8,
        WPC_ERR_INVALID_JSON,
        WPC_ERR_INVALID_ARGUMENT,
        WPC_ERR_PANIC,
        WPC_ERR_OTHER,
    ]
};

/// The core's range of codes: 1 to 99.
const fn is_core_code(code: u32) -> bool {
    code >= 1 && code < 100
}

/// Whether `a` and the bytes of `b` are the same text (`==` is not `const`).
const fn same_text(a: &str, b: &CStr) -> bool {
    let (a, b) = (a.as_bytes(), b.to_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

// The C codes of the core's kinds are the core's: every variant numbered 1 to 99 is the
// `ErrorKind` with that code and the same name, and every `ErrorKind` with a variant of its
// number has its name. A literal that drifts from the core fails the build here.
const _: () = {
    let mut i = 0;
    while i < ALL.len() {
        let result = ALL[i];
        if is_core_code(result as u32) {
            match ErrorKind::from_code(result as u32) {
                Some(kind) => assert!(
                    same_text(kind.as_str(), result.c_name()),
                    "a wpc_result code 1-99 is named unlike the ErrorKind of that code"
                ),
                None => panic!("a wpc_result code 1-99 is no ErrorKind's code"),
            }
        }
        i += 1;
    }
    let mut k = 0;
    while k < ErrorKind::ALL.len() {
        let kind = ErrorKind::ALL[k];
        if let Some(result) = wpc_result::of_core_code(kind.code()) {
            assert!(
                same_text(kind.as_str(), result.c_name()),
                "an ErrorKind's code is the number of a differently named wpc_result"
            );
        }
        k += 1;
    }
};

impl wpc_result {
    /// The variant numbered `code`, when `code` is in the core's range (1 to 99).
    const fn of_core_code(code: u32) -> Option<wpc_result> {
        if !is_core_code(code) {
            return None;
        }
        let mut i = 0;
        while i < ALL.len() {
            if ALL[i] as u32 == code {
                return Some(ALL[i]);
            }
            i += 1;
        }
        None
    }

    /// A stable snake_case name, e.g. `"api"`, `"null_argument"`.
    pub fn name(self) -> &'static str {
        self.c_name().to_str().unwrap_or_default()
    }

    /// [`wpc_result::name`] as a NUL-terminated C string.
    pub const fn c_name(self) -> &'static CStr {
        use wpc_result::*;
        match self {
            WPC_OK => c"ok",
            WPC_ERR_INVALID_REQUEST => c"invalid_request",
            WPC_ERR_KEY => c"key",
            WPC_ERR_CONFIG => c"config",
            WPC_ERR_RANDOM => c"random",
            WPC_ERR_SIGNING => c"signing",
            WPC_ERR_REQUEST_BUILD => c"request_build",
            WPC_ERR_IO => c"io",
            WPC_ERR_TRANSPORT => c"transport",
            WPC_ERR_VERIFICATION => c"verification",
            WPC_ERR_API => c"api",
            WPC_ERR_DECODE => c"decode",
            WPC_ERR_RETRIES_EXHAUSTED => c"retries_exhausted",
            WPC_ERR_NOTIFICATION => c"notification",
            WPC_ERR_NULL_ARGUMENT => c"null_argument",
            WPC_ERR_INVALID_UTF8 => c"invalid_utf8",
            WPC_ERR_INVALID_JSON => c"invalid_json",
            WPC_ERR_INVALID_ARGUMENT => c"invalid_argument",
            WPC_ERR_PANIC => c"panic",
            WPC_ERR_OTHER => c"other",
        }
    }
}

/// The stable name of a result code, e.g. `"api"`; `"unknown"` for a value that is not a
/// `wpc_result`.
///
/// Ownership: a static string; never free it.
#[no_mangle]
pub extern "C" fn wpc_result_name(result: u32) -> *const c_char {
    boundary_or(c"unknown".as_ptr(), || name_of(result))
}

fn name_of(result: u32) -> *const c_char {
    match ALL.into_iter().find(|r| *r as u32 == result) {
        Some(r) => r.c_name().as_ptr(),
        None => c"unknown".as_ptr(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_codes_pass_through_unchanged() {
        for kind in ErrorKind::ALL {
            assert_eq!(wpc_result::from(kind) as u32, kind.code(), "{kind}");
            assert_eq!(wpc_result::from(kind).name(), kind.as_str());
        }
    }
}

//! The boundary every entry point goes through: panics are caught, errors become a
//! [`wpc_result`] plus the thread's last-error details, and raw pointers from C become Rust
//! references only after their checks (NULL, length, UTF-8).

use std::panic::{catch_unwind, AssertUnwindSafe};

pub use crate::error::FfiError;
pub use crate::guard::boundary_or;
use crate::last_error;
use crate::result::wpc_result;

/// Runs the body of a fallible entry point: clears the thread's last error, catches panics,
/// and records the error of a failure.
pub fn boundary(body: impl FnOnce() -> Result<(), FfiError>) -> wpc_result {
    last_error::clear();
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => wpc_result::WPC_OK,
        Ok(Err(e)) => {
            let code = e.code();
            last_error::set(&e);
            code
        }
        Err(_) => {
            last_error::set_panic();
            wpc_result::WPC_ERR_PANIC
        }
    }
}

/// The bytes at `(ptr, len)`, under the one rule of every `(pointer, length)` argument of the
/// C ABI: a length of 0 is empty, whatever the pointer (NULL included); NULL with a nonzero
/// length is `WPC_ERR_NULL_ARGUMENT`. Every such argument goes through here (directly or
/// through [`text`] and [`json`]); where an argument is optional, empty means absent.
///
/// # Safety
/// A non-NULL `ptr` with a nonzero `len` must point to `len` readable bytes that stay valid
/// and unchanged for `'a`.
pub unsafe fn bytes<'a>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> Result<&'a [u8], FfiError> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(FfiError::NullWithLength(name, len));
    }
    if len > isize::MAX as usize {
        return Err(FfiError::InvalidArgument(
            name,
            format!("length {len} is too large"),
        ));
    }
    // SAFETY: not NULL, length within isize::MAX, and the caller guarantees `len` readable
    // bytes living for `'a`.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The bytes at `(ptr, len)` as in [`bytes`], `None` when empty: an optional argument (a
/// body, a nonce, query parameters), absent when its length is 0.
///
/// # Safety
/// As [`bytes`].
pub unsafe fn optional_bytes<'a>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> Result<Option<&'a [u8]>, FfiError> {
    // SAFETY: forwarded to the caller.
    let raw = unsafe { bytes(ptr, len, name) }?;
    Ok(Some(raw).filter(|b| !b.is_empty()))
}

/// The UTF-8 text at `(ptr, len)` as in [`bytes`], `None` when empty (an optional argument).
///
/// # Safety
/// As [`bytes`].
pub unsafe fn optional_text<'a>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> Result<Option<&'a str>, FfiError> {
    // SAFETY: forwarded to the caller.
    let raw = unsafe { text(ptr, len, name) }?;
    Ok(Some(raw).filter(|t| !t.is_empty()))
}

/// The UTF-8 text at `(ptr, len)`.
///
/// # Safety
/// As [`bytes`].
pub unsafe fn text<'a>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> Result<&'a str, FfiError> {
    // SAFETY: forwarded to the caller.
    let raw = unsafe { bytes(ptr, len, name) }?;
    std::str::from_utf8(raw).map_err(|_| FfiError::InvalidUtf8(name))
}

/// Parses the JSON text at `(ptr, len)` into `T`.
///
/// # Safety
/// As [`bytes`].
pub unsafe fn json<'a, T: serde::Deserialize<'a>>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> Result<T, FfiError> {
    // SAFETY: forwarded to the caller.
    let text = unsafe { text(ptr, len, name) }?;
    serde_json::from_str(text).map_err(|e| FfiError::InvalidJson(name, e.to_string()))
}

/// The object behind a handle.
///
/// # Safety
/// A non-NULL `ptr` must come from this library's constructor of `T` and not be freed.
pub unsafe fn handle<'a, T>(ptr: *const T, name: &'static str) -> Result<&'a T, FfiError> {
    // SAFETY: the caller guarantees a live handle; NULL becomes `None`.
    unsafe { ptr.as_ref() }.ok_or(FfiError::NullArgument(name))
}

/// The mutable object behind a handle.
///
/// # Safety
/// As [`handle`], and no other reference to it may be in use (the handle is not shared).
pub unsafe fn handle_mut<'a, T>(ptr: *mut T, name: &'static str) -> Result<&'a mut T, FfiError> {
    // SAFETY: the caller guarantees a live, unshared handle; NULL becomes `None`.
    unsafe { ptr.as_mut() }.ok_or(FfiError::NullArgument(name))
}

/// Checks an out-pointer and sets it to NULL, so that it is NULL on every failure.
///
/// # Safety
/// A non-NULL `out` must point to writable storage for one pointer.
pub unsafe fn out<'a, T>(out: *mut *mut T, name: &'static str) -> Result<&'a mut *mut T, FfiError> {
    // SAFETY: the caller guarantees writable storage; NULL becomes `None`.
    let slot = unsafe { out.as_mut() }.ok_or(FfiError::NullArgument(name))?;
    *slot = std::ptr::null_mut();
    Ok(slot)
}

/// Frees a handle made by `Box::into_raw`; NULL is a no-op.
///
/// # Safety
/// A non-NULL `ptr` must come from this library's constructor of `T` and not be freed yet.
pub unsafe fn free<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: the caller guarantees `ptr` came from `Box::into_raw` and is freed once.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_panic_code_and_is_recorded() {
        let result = boundary(|| panic!("boom"));
        assert_eq!(result, wpc_result::WPC_ERR_PANIC);
        assert_eq!(last_error::code(), wpc_result::WPC_ERR_PANIC);
        assert_eq!(boundary_or(7, || panic!("boom")), 7);
        // The next call clears it.
        assert_eq!(boundary(|| Ok(())), wpc_result::WPC_OK);
        assert_eq!(last_error::code(), wpc_result::WPC_OK);
    }

    #[test]
    fn pointer_checks() {
        // SAFETY: NULL is checked first; the other pointers point to live local data.
        unsafe {
            // Length 0 is empty, even with NULL; NULL with a length is refused.
            assert_eq!(bytes(std::ptr::null(), 0, "x").ok(), Some(&[][..]));
            assert_eq!(text(std::ptr::null(), 0, "x").ok(), Some(""));
            assert!(matches!(
                bytes(std::ptr::null(), 3, "x"),
                Err(FfiError::NullWithLength("x", 3))
            ));
            assert!(matches!(optional_bytes(std::ptr::null(), 0, "o"), Ok(None)));
            assert!(matches!(optional_text(b"n".as_ptr(), 0, "o"), Ok(None)));
            assert!(matches!(
                text(b"\xff".as_ptr(), 1, "t"),
                Err(FfiError::InvalidUtf8("t"))
            ));
            assert_eq!(text(b"ok".as_ptr(), 2, "t").ok(), Some("ok"));
            assert!(matches!(
                optional_bytes(std::ptr::null(), 5, "o"),
                Err(FfiError::NullWithLength("o", 5))
            ));
            let parsed: Result<Vec<u32>, _> = json(b"[1,2".as_ptr(), 4, "j");
            assert!(matches!(parsed, Err(FfiError::InvalidJson("j", _))));
        }
    }
}

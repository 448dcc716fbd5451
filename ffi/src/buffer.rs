//! [`wpc_buffer`]: bytes the library owns and hands to C (a verified response body, a header
//! value, JSON), freed with `wpc_buffer_free`.

use crate::boundary::{boundary_or, free};

/// Bytes owned by the library. The bytes are followed by a NUL that `wpc_buffer_len` does not
/// count, so JSON and header text can be used as a C string directly.
pub struct wpc_buffer {
    /// The bytes and the extra NUL.
    bytes: Vec<u8>,
}

impl wpc_buffer {
    /// A buffer holding a copy of `data`.
    pub fn new(data: &[u8]) -> Self {
        let mut bytes = Vec::with_capacity(data.len() + 1);
        bytes.extend_from_slice(data);
        bytes.push(0);
        wpc_buffer { bytes }
    }

    /// A buffer holding `data`, moved (one more byte may be allocated for the NUL).
    pub fn from_vec(mut data: Vec<u8>) -> Self {
        data.push(0);
        wpc_buffer { bytes: data }
    }

    /// The bytes, without the NUL.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.bytes.len() - 1]
    }

    /// Hands the buffer to C.
    pub fn into_raw(self) -> *mut wpc_buffer {
        Box::into_raw(Box::new(self))
    }
}

/// The bytes of `buffer` (followed by a NUL not counted in `wpc_buffer_len`); NULL when
/// `buffer` is NULL.
///
/// Ownership: the buffer's; valid until `wpc_buffer_free(buffer)`.
///
/// # Safety
/// `buffer` must be NULL or a live buffer from this library.
#[no_mangle]
pub unsafe extern "C" fn wpc_buffer_data(buffer: *const wpc_buffer) -> *const u8 {
    boundary_or(std::ptr::null(), || {
        // SAFETY: the caller guarantees NULL or a live buffer.
        match unsafe { buffer.as_ref() } {
            Some(b) => b.bytes.as_ptr(),
            None => std::ptr::null(),
        }
    })
}

/// The number of bytes in `buffer` (the trailing NUL not counted); 0 when `buffer` is NULL.
///
/// # Safety
/// `buffer` must be NULL or a live buffer from this library.
#[no_mangle]
pub unsafe extern "C" fn wpc_buffer_len(buffer: *const wpc_buffer) -> usize {
    boundary_or(0, || {
        // SAFETY: the caller guarantees NULL or a live buffer.
        unsafe { buffer.as_ref() }.map_or(0, |b| b.as_bytes().len())
    })
}

/// Frees a buffer; NULL is a no-op.
///
/// # Safety
/// `buffer` must be NULL or a buffer from this library that was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn wpc_buffer_free(buffer: *mut wpc_buffer) {
    // SAFETY: forwarded to the caller.
    boundary_or((), || unsafe { free(buffer) })
}

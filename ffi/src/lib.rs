//! The C ABI of `wechatpay-product-coupon`: the whole client from C, Python (ctypes), Go (cgo)
//! or any language with a C FFI. All of the project's `unsafe` code is here; the core crate
//! forbids it.
//!
//! The header `include/wechatpay_product_coupon.h` is generated from this crate by cbindgen
//! and is the reference; its conventions:
//!
//! * Every fallible function returns a [`wpc_result`](result::wpc_result); the details of the last failed call on
//!   the calling thread are read with the `wpc_last_error_*` functions ([`last_error`]).
//! * Every entry point runs behind a panic boundary ([`boundary`]): a panic becomes
//!   `WPC_ERR_PANIC`, never an unwind into C.
//! * Inputs are `(pointer, length)` pairs, UTF-8 for text; a NULL pointer is
//!   `WPC_ERR_NULL_ARGUMENT`, invalid UTF-8 `WPC_ERR_INVALID_UTF8`.
//! * Objects are opaque handles freed by their `*_free` function (NULL is a no-op);
//!   [`client::wpc_client`] and the sandbox's `wpc_sandbox` are thread-safe.
//!
//! | module | functions |
//! | --- | --- |
//! | [`result`] | `wpc_result`, `wpc_result_name` |
//! | [`last_error`] | `wpc_last_error_*` |
//! | [`outcome`] | `wpc_outcome`: what a failed call did at WeChat Pay |
//! | [`buffer`] | `wpc_buffer_*`: bytes the library owns |
//! | [`config`] | `wpc_builder_*`: a client configuration by setters (or JSON) |
//! | [`network`] | `wpc_builder_set_proxy`, `wpc_builder_add_extra_root_certificates_pem` |
//! | [`client`] | `wpc_client_*`: building a client, every endpoint by name (`wpc_client_execute`), the generic call, the pure signing/verification |
//! | [`endpoint_calls`] | `wpc_client_*`: one function per endpoint of the first releases, kept for ABI stability |
//! | [`notification`] | `wpc_client_parse_notification`, `wpc_client_refresh_platform_certificates` |
//! | [`response`] | `wpc_response_*`: the generic call's answer |
//! | `sandbox` (feature `sandbox`) | `wpc_sandbox_*`: the gateway simulator for tests |

#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
// C names: the header keeps the snake_case of the C convention.
#![allow(non_camel_case_types)]

pub mod boundary;
pub mod buffer;
pub mod client;
pub mod config;
pub mod endpoint_calls;
mod error;
mod guard;
pub mod last_error;
pub mod network;
pub mod notification;
pub mod outcome;
mod request_ids;
pub mod response;
pub mod result;
#[cfg(feature = "sandbox")]
pub mod sandbox;
mod settings;

use std::ffi::c_char;

/// The library's name and version, e.g. `wechatpay-product-coupon-ffi/0.1.0`.
///
/// Ownership: a static string; never free it.
#[no_mangle]
pub extern "C" fn wpc_version() -> *const c_char {
    boundary::boundary_or(std::ptr::null(), || {
        concat!(
            "wechatpay-product-coupon-ffi/",
            env!("CARGO_PKG_VERSION"),
            "\0"
        )
        .as_ptr()
        .cast()
    })
}

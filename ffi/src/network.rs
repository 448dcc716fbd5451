//! The network settings of a configuration by setters: the proxy and the extra root
//! certificates (`"proxy"` and `"extra_root_certificates_pem"` in the JSON form). Both are
//! checked when the client is built (`wpc_builder_build`), with `WPC_ERR_CONFIG` naming the
//! setting.

use crate::boundary::text;
use crate::config::{update, wpc_builder};
use crate::result::wpc_result;

/// Sends every request through this proxy (API calls and certificate downloads):
/// `http://[user:password@]host:port` for an HTTP CONNECT proxy, `https://…` for CONNECT
/// over TLS (SOCKS needs the core crate's `socks-proxy` feature, not in this library).
/// Checked by `wpc_builder_build`. Without it, the `HTTPS_PROXY`/`ALL_PROXY` environment
/// variables apply (except to a loopback base URL).
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `url` must be NULL or
/// point to `url_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_set_proxy(
    builder: *mut wpc_builder,
    url: *const u8,
    url_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            c.proxy = Some(text(url, url_len, "url")?.to_owned());
            Ok(())
        })
    }
}

/// Adds CA certificates (PEM text, one or more `-----BEGIN CERTIFICATE-----` blocks) trusted
/// beside Mozilla's roots, which stay trusted: for a TLS-inspecting proxy or a private
/// gateway. Checked by `wpc_builder_build` (a PEM without a certificate, or with a private
/// key, is `WPC_ERR_CONFIG`).
///
/// # Safety
/// `builder` must be NULL or a live configuration used by one thread; `pem` must be NULL or
/// point to `pem_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn wpc_builder_add_extra_root_certificates_pem(
    builder: *mut wpc_builder,
    pem: *const u8,
    pem_len: usize,
) -> wpc_result {
    // SAFETY: forwarded to the caller.
    unsafe {
        update(builder, |c| {
            c.extra_root_certificates_pem
                .push(text(pem, pem_len, "pem")?.to_owned());
            Ok(())
        })
    }
}

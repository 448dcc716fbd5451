//! The network settings from C: `wpc_builder_set_proxy` sends every request, certificate
//! downloads included, through the proxy; `wpc_builder_add_extra_root_certificates_pem` and
//! the JSON keys `proxy` / `extra_root_certificates_pem` are checked when the client is
//! built, with `WPC_ERR_CONFIG` naming the setting.

use std::ffi::CStr;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use wechatpay_product_coupon::sandbox::{self, Sandbox};
use wechatpay_product_coupon_ffi::buffer::{wpc_buffer, wpc_buffer_free};
use wechatpay_product_coupon_ffi::client::{wpc_client, wpc_client_free, wpc_client_new_from_json};
use wechatpay_product_coupon_ffi::config::*;
use wechatpay_product_coupon_ffi::last_error::wpc_last_error_message;
use wechatpay_product_coupon_ffi::network::*;
use wechatpay_product_coupon_ffi::notification::wpc_client_refresh_platform_certificates;
use wechatpay_product_coupon_ffi::result::wpc_result;

/// An HTTP CONNECT proxy on 127.0.0.1 that records each request line and tunnels.
fn connect_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let lines = Arc::new(Mutex::new(Vec::new()));
    let seen = lines.clone();
    thread::spawn(move || {
        for mut client in listener.incoming().flatten() {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && client.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let line = String::from_utf8_lossy(&head)
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
            seen.lock().expect("lock").push(line.clone());
            let target = line.split(' ').nth(1).unwrap_or_default().to_owned();
            let Ok(upstream) = TcpStream::connect(target) else {
                continue;
            };
            let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            let (mut c2, mut u2) = (
                client.try_clone().expect("clone"),
                upstream.try_clone().expect("clone"),
            );
            let (mut c1, mut u1) = (client, upstream);
            thread::spawn(move || std::io::copy(&mut c2, &mut u2));
            thread::spawn(move || std::io::copy(&mut u1, &mut c1));
        }
    });
    (url, lines)
}

fn last_message() -> String {
    // SAFETY: a NUL-terminated string valid until this thread's next call.
    unsafe { CStr::from_ptr(wpc_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

/// Sets a text setting through `set`.
fn set(
    b: *mut wpc_builder,
    set: unsafe extern "C" fn(*mut wpc_builder, *const u8, usize) -> wpc_result,
    value: &str,
) {
    // SAFETY: `b` is live; the pair points to `value`'s bytes.
    let rc = unsafe { set(b, value.as_ptr(), value.len()) };
    assert_eq!(rc, wpc_result::WPC_OK, "{}", last_message());
}

/// A certificate-mode configuration of the sandbox (only the APIv3 key): answers are
/// verified with the certificates it downloads.
fn sandbox_builder(sandbox: &Sandbox) -> *mut wpc_builder {
    let b = wpc_builder_new();
    set(b, wpc_builder_set_mchid, sandbox::MCHID);
    set(b, wpc_builder_set_merchant_serial, sandbox::MERCHANT_SERIAL);
    set(
        b,
        wpc_builder_set_private_key_pem,
        sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM,
    );
    set(b, wpc_builder_set_base_url, &sandbox.base_url());
    set(b, wpc_builder_set_apiv3_key, sandbox::TEST_APIV3_KEY);
    b
}

#[test]
fn certificate_downloads_go_through_the_proxy_set_from_c() {
    let sandbox = Sandbox::start().expect("sandbox");
    let (proxy, lines) = connect_proxy();
    let b = sandbox_builder(&sandbox);
    set(b, wpc_builder_set_proxy, &proxy);
    let mut client: *mut wpc_client = std::ptr::null_mut();
    // SAFETY: `b` is live; `client` is writable.
    let rc = unsafe { wpc_builder_build(b, &mut client) };
    assert_eq!(rc, wpc_result::WPC_OK, "{}", last_message());
    let mut out: *mut wpc_buffer = std::ptr::null_mut();
    // SAFETY: `client` is live; `out` is writable.
    let rc = unsafe { wpc_client_refresh_platform_certificates(client, &mut out) };
    assert_eq!(rc, wpc_result::WPC_OK, "{}", last_message());
    let authority = sandbox.base_url().trim_start_matches("http://").to_owned();
    assert_eq!(
        *lines.lock().expect("lock"),
        [format!("CONNECT {authority} HTTP/1.1")]
    );
    // SAFETY: each was handed out above and is freed once.
    unsafe {
        wpc_buffer_free(out);
        wpc_client_free(client);
        wpc_builder_free(b);
    }
}

#[test]
fn bad_network_settings_are_config_errors_naming_the_setting() {
    let sandbox = Sandbox::start().expect("sandbox");
    let b = sandbox_builder(&sandbox);
    set(
        b,
        wpc_builder_add_extra_root_certificates_pem,
        "not a certificate",
    );
    let mut client: *mut wpc_client = std::ptr::null_mut();
    // SAFETY: `b` is live; `client` is writable.
    let rc = unsafe { wpc_builder_build(b, &mut client) };
    assert_eq!(rc, wpc_result::WPC_ERR_CONFIG);
    assert!(client.is_null());
    assert!(
        last_message().contains("extra_root_certificates_pem"),
        "{}",
        last_message()
    );
    // SAFETY: handed out above, freed once.
    unsafe { wpc_builder_free(b) };

    let json = serde_json::json!({
        "mchid": sandbox::MCHID,
        "merchant_serial": sandbox::MERCHANT_SERIAL,
        "private_key_pem": sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM,
        "apiv3_key": sandbox::TEST_APIV3_KEY,
        "base_url": sandbox.base_url(),
        "proxy": "gopher://127.0.0.1:70",
        "extra_root_certificates_pem": [],
    })
    .to_string();
    // SAFETY: the pair points to `json`'s bytes; `client` is writable.
    let rc = unsafe { wpc_client_new_from_json(json.as_ptr(), json.len(), &mut client) };
    assert_eq!(rc, wpc_result::WPC_ERR_CONFIG);
    assert!(last_message().contains("`proxy`"), "{}", last_message());
}

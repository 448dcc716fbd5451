//! The C configuration the standalone sandbox prints (`sandbox::c_client_config_json`, see
//! `examples/sandbox.rs`) is one `wpc_client_new_from_json` accepts as it is, and the client
//! it builds calls the sandbox.

use std::ffi::CStr;

use wechatpay_product_coupon::sandbox::{self, seed, Sandbox};
use wechatpay_product_coupon_ffi::buffer::{wpc_buffer, wpc_buffer_free};
use wechatpay_product_coupon_ffi::client::{
    wpc_client, wpc_client_execute, wpc_client_free, wpc_client_new_from_json,
};
use wechatpay_product_coupon_ffi::last_error::wpc_last_error_message;
use wechatpay_product_coupon_ffi::result::wpc_result;

fn last_error() -> String {
    // SAFETY: a NUL-terminated string valid until this thread's next call.
    unsafe { CStr::from_ptr(wpc_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

#[test]
fn the_printed_c_configuration_builds_a_client_that_calls_the_sandbox() {
    let sandbox = Sandbox::start().expect("sandbox");
    let config = sandbox::c_client_config_json(&sandbox.base_url());
    let mut client: *mut wpc_client = std::ptr::null_mut();
    // SAFETY: `config` is live for the call; `client` is writable.
    let rc = unsafe { wpc_client_new_from_json(config.as_ptr(), config.len(), &mut client) };
    assert_eq!(rc, wpc_result::WPC_OK, "{}", last_error());

    let request = serde_json::to_string(
        &seed::use_request(seed::COUPON_CODE, "MCHUSECCONFIG0001").expect("a use request"),
    )
    .expect("request JSON");
    let name = "use_coupon";
    let mut body: *mut wpc_buffer = std::ptr::null_mut();
    // SAFETY: a live client; both (pointer, length) pairs point to live bytes; `body` is
    // writable.
    let rc = unsafe {
        wpc_client_execute(
            client,
            name.as_ptr(),
            name.len(),
            request.as_ptr(),
            request.len(),
            &mut body,
        )
    };
    assert_eq!(rc, wpc_result::WPC_OK, "{}", last_error());
    // SAFETY: a buffer this call handed out, and the client from above, each freed once.
    unsafe {
        wpc_buffer_free(body);
        wpc_client_free(client);
    }
    assert_eq!(
        sandbox
            .coupon_state(seed::OPENID, seed::COUPON_CODE)
            .as_deref(),
        Some("USED")
    );
}

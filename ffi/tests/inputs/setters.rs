//! The setters check their value when called, naming the setting.

use super::*;

/// A setter's result, the setting named, and the message.
fn set(f: impl FnOnce(*mut wpc_builder) -> wpc_result) -> (wpc_result, String, String) {
    let rc = with_builder(f);
    (rc, last_field(), last_message())
}

#[test]
fn setters_refuse_a_bad_value_when_called_naming_the_setting() {
    let refused = |got: (wpc_result, String, String), setting: &str, bound: &str| {
        assert_eq!(got.0, wpc_result::WPC_ERR_CONFIG, "{setting}: {}", got.2);
        assert_eq!(got.1, setting, "{}", got.2);
        assert!(
            got.2.contains(bound),
            "{setting}: {bound:?} not in {}",
            got.2
        );
    };
    // SAFETY (every closure below): a live, unshared configuration from `with_builder`.
    refused(
        set(|b| unsafe { wpc_builder_set_timeouts(b, 0, u64::MAX) }),
        "connect_timeout",
        "100ms",
    );
    refused(
        set(|b| unsafe { wpc_builder_set_timeouts(b, 2000, u64::MAX) }),
        "timeout",
        "1 hour",
    );
    refused(
        set(|b| unsafe { wpc_builder_set_timeouts(b, 2000, 1) }),
        "timeout",
        "100ms",
    );
    for secs in [0, 901, u64::MAX] {
        refused(
            set(|b| unsafe { wpc_builder_set_timestamp_window(b, secs) }),
            "timestamp_window",
            "1 to 900 seconds",
        );
    }
    refused(
        set(|b| unsafe { wpc_builder_set_body_limit(b, 0) }),
        "body_limit",
        "at least 1 byte",
    );
    refused(
        set(|b| unsafe { wpc_builder_set_retry_policy(b, 0, 200, 2000, 10_000) }),
        "retry_policy",
        "",
    );
    refused(
        set(|b| unsafe { wpc_builder_set_certificate_refresh(b, 0) }),
        "refresh_certificates",
        "at least 1 s",
    );
    let ftp = b"ftp://127.0.0.1";
    refused(
        set(|b| unsafe { wpc_builder_set_base_url(b, ftp.as_ptr(), ftp.len()) }),
        "base_url",
        "",
    );
    refused(
        set(|b| unsafe { wpc_builder_set_backup_base_url(b, ftp.as_ptr(), ftp.len()) }),
        "backup_base_url",
        "",
    );
    let unknown = b"no_such_endpoint";
    let (rc, _, message) =
        set(|b| unsafe { wpc_builder_set_rate_limit(b, unknown.as_ptr(), unknown.len(), 1) });
    assert_eq!(rc, wpc_result::WPC_ERR_CONFIG, "{message}");
    assert!(message.contains("use_coupon"), "{message}");
    // The bounds themselves are accepted.
    assert_eq!(
        set(|b| unsafe { wpc_builder_set_timeouts(b, 100, 3_600_000) }).0,
        wpc_result::WPC_OK
    );
    assert_eq!(
        set(|b| unsafe { wpc_builder_set_timestamp_window(b, 900) }).0,
        wpc_result::WPC_OK
    );
}

#[test]
fn a_refused_setter_keeps_the_previous_value_and_the_build_succeeds() {
    let text = |b: *mut wpc_builder, f: TextSetter, v: &str| {
        // SAFETY: a live configuration; `v` is live text.
        assert_eq!(unsafe { f(b, v.as_ptr(), v.len()) }, wpc_result::WPC_OK);
    };
    let rc = with_builder(|b| {
        text(b, wpc_builder_set_mchid, "1900000001");
        text(
            b,
            wpc_builder_set_merchant_serial,
            "5a4e44424f58000000000000000000000001",
        );
        text(
            b,
            wpc_builder_set_private_key_file,
            &key_file("merchant_private_key.pem"),
        );
        text(b, wpc_builder_set_base_url, "http://127.0.0.1:9");
        let (id, path) = (
            "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
            key_file("wechatpay_public_key.pem"),
        );
        // SAFETY: a live configuration and live text.
        let rc = unsafe {
            wpc_builder_set_wechatpay_public_key_file(
                b,
                id.as_ptr(),
                id.len(),
                path.as_ptr(),
                path.len(),
            )
        };
        assert_eq!(rc, wpc_result::WPC_OK);
        // SAFETY: a live configuration.
        unsafe {
            assert_eq!(
                wpc_builder_set_timeouts(b, 0, u64::MAX),
                wpc_result::WPC_ERR_CONFIG
            );
            assert_eq!(
                wpc_builder_set_timestamp_window(b, u64::MAX),
                wpc_result::WPC_ERR_CONFIG
            );
        }
        let mut client = ptr::null_mut();
        // SAFETY: a live configuration; `client` is writable.
        let rc = unsafe { wpc_builder_build(b, &mut client) };
        // SAFETY: NULL or the client just built.
        unsafe { wpc_client_free(client) };
        rc
    });
    assert_eq!(rc, wpc_result::WPC_OK, "{}", last_message());
}

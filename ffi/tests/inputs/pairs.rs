//! The one rule of every `(pointer, length)` argument, checked for each of them.

use super::*;

/// The call of an [`Entry`], given its pairs.
type Call = dyn Fn(&[Pair]) -> wpc_result;

/// An entry point taking `(pointer, length)` arguments: their names, valid values, and the
/// call with the pairs given.
struct Entry {
    name: &'static str,
    args: Vec<(&'static str, Vec<u8>)>,
    call: Box<Call>,
}

fn entry(
    name: &'static str,
    args: &[(&'static str, &[u8])],
    call: impl Fn(&[Pair]) -> wpc_result + 'static,
) -> Entry {
    Entry {
        name,
        args: args.iter().map(|(n, v)| (*n, v.to_vec())).collect(),
        call: Box::new(call),
    }
}

/// A typed endpoint call `f(client, request, out)`.
type EndpointFn =
    unsafe extern "C" fn(*const wpc_client, *const u8, usize, *mut *mut wpc_buffer) -> wpc_result;

/// A builder setter of two text values.
type PairSetter =
    unsafe extern "C" fn(*mut wpc_builder, *const u8, usize, *const u8, usize) -> wpc_result;

fn entries() -> Vec<Entry> {
    const REQUEST: &[u8] = b"{}";
    let mut all = Vec::new();
    let typed: [(&'static str, EndpointFn); 11] = [
        ("wpc_client_use_coupon", wpc_client_use_coupon),
        ("wpc_client_deactivate_coupon", wpc_client_deactivate_coupon),
        (
            "wpc_client_update_product_coupon",
            wpc_client_update_product_coupon,
        ),
        ("wpc_client_send_coupon", wpc_client_send_coupon),
        ("wpc_client_confirm_coupon", wpc_client_confirm_coupon),
        ("wpc_client_get_user_coupon", wpc_client_get_user_coupon),
        ("wpc_client_list_user_coupons", wpc_client_list_user_coupons),
        ("wpc_client_return_coupon", wpc_client_return_coupon),
        (
            "wpc_client_get_product_coupon",
            wpc_client_get_product_coupon,
        ),
        ("wpc_client_set_notify_config", wpc_client_set_notify_config),
        ("wpc_client_get_notify_config", wpc_client_get_notify_config),
    ];
    for (name, f) in typed {
        all.push(entry(name, &[("request_json", REQUEST)], move |p| {
            with_client(|c| {
                let mut out = ptr::null_mut();
                // SAFETY: live client; the pairs are as the test passes them; `out` writable.
                let rc = unsafe { f(c, p[0].0, p[0].1, &mut out) };
                free_buffer(out);
                rc
            })
        }));
    }
    all.push(entry(
        "wpc_client_new_from_json",
        &[("config_json", b"{}")],
        |p| {
            let mut out = ptr::null_mut();
            // SAFETY: the pair is as the test passes it; `out` is writable.
            let rc = unsafe { wpc_client_new_from_json(p[0].0, p[0].1, &mut out) };
            // SAFETY: NULL or the client just made.
            unsafe { wpc_client_free(out) };
            rc
        },
    ));
    all.push(entry(
        "wpc_client_execute",
        &[("endpoint", b"use_coupon"), ("request_json", REQUEST)],
        |p| {
            with_client(|c| {
                let mut out = ptr::null_mut();
                // SAFETY: as above.
                let rc = unsafe { wpc_client_execute(c, p[0].0, p[0].1, p[1].0, p[1].1, &mut out) };
                free_buffer(out);
                rc
            })
        },
    ));
    all.push(entry(
        "wpc_client_call",
        &[
            ("method", b"GET"),
            ("path", b"/v3/x"),
            ("query_json", b"{\"a\":\"1\"}"),
            ("body", b"{}"),
        ],
        |p| {
            with_client(|c| {
                let mut out: *mut wpc_response = ptr::null_mut();
                // SAFETY: as above.
                let rc = unsafe {
                    wpc_client_call(
                        c, p[0].0, p[0].1, p[1].0, p[1].1, p[2].0, p[2].1, p[3].0, p[3].1, &mut out,
                    )
                };
                // SAFETY: NULL or the response just made.
                unsafe { wpc_response_free(out) };
                rc
            })
        },
    ));
    all.push(entry(
        "wpc_client_authorization",
        &[
            ("method", b"POST"),
            ("target", b"/v3/x"),
            ("body", b"{}"),
            ("nonce", b"593BEC0C930BF1AFEB40B4A08C8FB242"),
        ],
        |p| {
            with_client(|c| {
                let mut out = ptr::null_mut();
                // SAFETY: as above.
                let rc = unsafe {
                    wpc_client_authorization(
                        c,
                        p[0].0,
                        p[0].1,
                        p[1].0,
                        p[1].1,
                        p[2].0,
                        p[2].1,
                        1_554_208_460,
                        p[3].0,
                        p[3].1,
                        &mut out,
                    )
                };
                free_buffer(out);
                rc
            })
        },
    ));
    all.push(entry(
        "wpc_client_verify_response",
        &[("headers_json", b"[]"), ("body", b"{}")],
        |p| {
            // SAFETY: as above.
            with_client(|c| unsafe {
                wpc_client_verify_response(c, p[0].0, p[0].1, p[1].0, p[1].1, 0)
            })
        },
    ));
    all.push(entry(
        "wpc_client_parse_notification",
        &[("headers_json", b"[]"), ("body", b"{}")],
        |p| {
            with_client(|c| {
                let mut out = ptr::null_mut();
                // SAFETY: as above.
                let rc = unsafe {
                    wpc_client_parse_notification(c, p[0].0, p[0].1, p[1].0, p[1].1, &mut out)
                };
                free_buffer(out);
                rc
            })
        },
    ));
    all.push(entry(
        "wpc_encode_request",
        &[("endpoint", b"use_coupon"), ("request_json", REQUEST)],
        |p| {
            let mut out = ptr::null_mut();
            // SAFETY: as above.
            let rc = unsafe { wpc_encode_request(p[0].0, p[0].1, p[1].0, p[1].1, &mut out) };
            free_buffer(out);
            rc
        },
    ));
    let text_setters: [(&'static str, TextSetter, &'static [u8]); 9] = [
        (
            "wpc_builder_set_mchid",
            wpc_builder_set_mchid,
            b"1900000001",
        ),
        (
            "wpc_builder_set_merchant_serial",
            wpc_builder_set_merchant_serial,
            b"5A4E",
        ),
        (
            "wpc_builder_set_private_key_pem",
            wpc_builder_set_private_key_pem,
            b"-----BEGIN PRIVATE KEY-----",
        ),
        (
            "wpc_builder_set_private_key_file",
            wpc_builder_set_private_key_file,
            b"/nonexistent.pem",
        ),
        (
            "wpc_builder_set_base_url",
            wpc_builder_set_base_url,
            b"http://127.0.0.1:9",
        ),
        (
            "wpc_builder_set_backup_base_url",
            wpc_builder_set_backup_base_url,
            b"http://127.0.0.2:9",
        ),
        (
            "wpc_builder_add_platform_certificate_pem",
            wpc_builder_add_platform_certificate_pem,
            b"-----BEGIN CERTIFICATE-----",
        ),
        (
            "wpc_builder_add_platform_certificate_file",
            wpc_builder_add_platform_certificate_file,
            b"/nonexistent.pem",
        ),
        (
            "wpc_builder_set_apiv3_key",
            wpc_builder_set_apiv3_key,
            b"a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
        ),
    ];
    for (name, f, valid) in text_setters {
        // The argument's name in the C signature.
        let arg = match name {
            "wpc_builder_add_platform_certificate_pem" => "pem",
            "wpc_builder_add_platform_certificate_file" => "path",
            "wpc_builder_set_apiv3_key" => "key",
            _ => "value",
        };
        all.push(entry(name, &[(arg, valid)], move |p| {
            // SAFETY: a live, unshared configuration; the pair as the test passes it.
            with_builder(|b| unsafe { f(b, p[0].0, p[0].1) })
        }));
    }
    let pair_setters: [(&'static str, PairSetter, &'static str); 2] = [
        (
            "wpc_builder_set_wechatpay_public_key_pem",
            wpc_builder_set_wechatpay_public_key_pem,
            "pem",
        ),
        (
            "wpc_builder_set_wechatpay_public_key_file",
            wpc_builder_set_wechatpay_public_key_file,
            "path",
        ),
    ];
    for (name, f, second) in pair_setters {
        all.push(entry(
            name,
            &[
                ("id", b"PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001"),
                (second, b"x"),
            ],
            move |p| {
                // SAFETY: as above.
                with_builder(|b| unsafe { f(b, p[0].0, p[0].1, p[1].0, p[1].1) })
            },
        ));
    }
    all.push(entry(
        "wpc_builder_set_rate_limit",
        &[("name", b"use_coupon")],
        |p| {
            // SAFETY: as above.
            with_builder(|b| unsafe { wpc_builder_set_rate_limit(b, p[0].0, p[0].1, 10) })
        },
    ));
    #[cfg(feature = "sandbox")]
    sandbox_entries(&mut all);
    all
}

#[cfg(feature = "sandbox")]
fn sandbox_entries(all: &mut Vec<Entry>) {
    use wechatpay_product_coupon_ffi::sandbox::{
        wpc_sandbox, wpc_sandbox_coupon_state, wpc_sandbox_free, wpc_sandbox_issue_coupon,
        wpc_sandbox_push_fault, wpc_sandbox_start,
    };
    fn with_sandbox(f: impl FnOnce(*const wpc_sandbox) -> wpc_result) -> wpc_result {
        let mut sandbox = ptr::null_mut();
        // SAFETY: `sandbox` is writable.
        let rc = unsafe { wpc_sandbox_start(0, &mut sandbox) };
        assert_eq!(rc, wpc_result::WPC_OK, "{}", last_message());
        let rc = f(sandbox);
        // SAFETY: the sandbox just started, freed once.
        unsafe { wpc_sandbox_free(sandbox) };
        rc
    }
    let coupon: &[(&'static str, &[u8])] = &[
        ("openid", b"oINPUTS000000000000000000001"),
        ("coupon_code", b"Code_INPUTS_1"),
    ];
    all.push(entry("wpc_sandbox_issue_coupon", coupon, |p| {
        // SAFETY: a live sandbox; the pairs as the test passes them.
        with_sandbox(|s| unsafe { wpc_sandbox_issue_coupon(s, p[0].0, p[0].1, p[1].0, p[1].1) })
    }));
    all.push(entry("wpc_sandbox_coupon_state", coupon, |p| {
        with_sandbox(|s| {
            let mut out = ptr::null_mut();
            // SAFETY: as above; `out` is writable.
            let rc =
                unsafe { wpc_sandbox_coupon_state(s, p[0].0, p[0].1, p[1].0, p[1].1, &mut out) };
            free_buffer(out);
            rc
        })
    }));
    all.push(entry(
        "wpc_sandbox_push_fault",
        &[("name", b"close")],
        |p| {
            // SAFETY: as above.
            with_sandbox(|s| unsafe { wpc_sandbox_push_fault(s, p[0].0, p[0].1) })
        },
    ));
}

#[test]
fn every_pointer_and_length_argument_follows_one_rule() {
    let dangling = NonNull::<u8>::dangling().as_ptr().cast_const();
    let mut checked = 0;
    for e in entries() {
        for (i, (arg, _)) in e.args.iter().enumerate() {
            let with = |replacement: Pair| -> wpc_result {
                let pairs: Vec<Pair> = e
                    .args
                    .iter()
                    .enumerate()
                    .map(|(j, (_, v))| {
                        if i == j {
                            replacement
                        } else {
                            (v.as_ptr(), v.len())
                        }
                    })
                    .collect();
                (e.call)(&pairs)
            };
            // NULL with a length: refused, naming the argument and the rule.
            assert_eq!(
                with((ptr::null(), 5)),
                wpc_result::WPC_ERR_NULL_ARGUMENT,
                "{} `{arg}`: NULL with length 5",
                e.name
            );
            assert_eq!(last_field(), *arg, "{}", e.name);
            let message = last_message();
            assert!(
                message.contains("length 5") && message.contains("length 0"),
                "{}: {message}",
                e.name
            );
            // NULL with length 0: empty, exactly as a real pointer with length 0.
            let null_empty = with((ptr::null(), 0));
            let null_message = last_message();
            let empty = with((dangling, 0));
            assert_ne!(
                null_empty,
                wpc_result::WPC_ERR_NULL_ARGUMENT,
                "{} `{arg}`: NULL with length 0 is empty, not missing: {null_message}",
                e.name
            );
            assert_eq!(
                null_empty, empty,
                "{} `{arg}`: NULL+0 and pointer+0 differ",
                e.name
            );
            checked += 1;
        }
    }
    // Every (pointer, length) argument of the ABI (the sandbox's with its feature).
    let expected = if cfg!(feature = "sandbox") { 47 } else { 42 };
    assert_eq!(checked, expected);
}

#[test]
fn empty_inputs_mean_what_the_header_says() {
    // A required JSON input that is empty is no JSON; an empty notification body is an
    // empty body (verified, so refused for the missing signature headers).
    with_client(|c| {
        let mut out = ptr::null_mut();
        // SAFETY: live client, NULL with length 0, `out` writable.
        let rc = unsafe { wpc_client_use_coupon(c, ptr::null(), 0, &mut out) };
        assert_eq!(rc, wpc_result::WPC_ERR_INVALID_JSON, "{}", last_message());
        assert_eq!(last_field(), "request");
        let headers = b"[]";
        // SAFETY: as above.
        let rc = unsafe {
            wpc_client_parse_notification(c, headers.as_ptr(), 2, ptr::null(), 0, &mut out)
        };
        assert_eq!(rc, wpc_result::WPC_ERR_VERIFICATION, "{}", last_message());
        // An empty nonce draws a random one.
        let (method, target) = (b"GET", b"/v3/x");
        // SAFETY: as above.
        let rc = unsafe {
            wpc_client_authorization(
                c,
                method.as_ptr(),
                3,
                target.as_ptr(),
                5,
                ptr::null(),
                0,
                1_554_208_460,
                ptr::null(),
                0,
                &mut out,
            )
        };
        assert_eq!(rc, wpc_result::WPC_OK, "{}", last_message());
        free_buffer(out);
        wpc_result::WPC_OK
    });
}

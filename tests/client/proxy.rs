//! The `proxy` setting: every request goes through the HTTP CONNECT proxy, the API calls
//! and the platform-certificate downloads alike, even to a loopback host.

use super::*;

#[test]
fn calls_and_certificate_downloads_go_through_the_connect_proxy() -> TestResult {
    let sandbox = Sandbox::start()?;
    let (proxy, lines) = connect_proxy();
    let authority = sandbox.base_url().trim_start_matches("http://").to_owned();
    let client = sandbox_identity_builder(&sandbox.base_url())?
        .retry_policy(RetryPolicy::none())
        .apiv3_key(ApiV3Key::new(sandbox::TEST_APIV3_KEY)?)
        .proxy(&proxy)
        .build()?;
    let certs = client.download_platform_certificates()?;
    assert_eq!(certs[0].serial(), sandbox::PLATFORM_SERIAL);
    let expected = format!("CONNECT {authority} HTTP/1.1");
    assert_eq!(
        *lines.lock().expect("lock"),
        std::slice::from_ref(&expected)
    );

    client.refresh_platform_certificates()?;
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEPROXY00001"))?;
    assert_used_once(&sandbox, &response, "MCHUSEPROXY00001");
    let seen = lines.lock().expect("lock").clone();
    assert!(
        !seen.is_empty() && seen.iter().all(|l| *l == expected),
        "{seen:?}"
    );
    assert_eq!(
        sandbox.received_requests().len(),
        3,
        "two downloads and the call, all through the proxy"
    );
    Ok(())
}

#[test]
fn a_proxy_that_refuses_the_tunnel_is_a_connect_phase_error_naming_the_setting() -> TestResult {
    let sandbox = Sandbox::start()?;
    let (proxy, lines) = connect_proxy();
    let target = closed_port_url();
    let client = sandbox
        .client_builder()?
        .base_url(&target)
        .proxy(&proxy)
        .retry_policy(RetryPolicy::none())
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEPROXY00002"))
        .expect_err("the proxy cannot reach the target");
    assert!(err.is_retry_safe());
    let transport = expect_transport(err);
    assert!(transport.kind.is_connect_phase(), "{transport:?}");
    let text = transport.to_string();
    assert!(text.contains("the proxy did not open a tunnel"), "{text}");
    assert!(text.contains("`proxy` setting"), "{text}");
    assert_eq!(lines.lock().expect("lock").len(), 1);
    Ok(())
}

#[test]
fn proxy_and_extra_roots_are_checked_at_build() -> TestResult {
    let sandbox = Sandbox::start()?;
    let err = sandbox
        .client_builder()?
        .proxy("gopher://127.0.0.1:70")
        .build()
        .expect_err("unknown scheme");
    assert!(
        matches!(
            err,
            Error::Config {
                setting: "proxy",
                ..
            }
        ),
        "{err}"
    );
    let err = sandbox
        .client_builder()?
        .extra_root_certificates_pem(
            &b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"[..],
        )
        .build()
        .expect_err("no certificate in it");
    assert!(
        matches!(
            err,
            Error::Config {
                setting: "extra_root_certificates_pem",
                ..
            }
        ),
        "{err}"
    );
    Ok(())
}

#[test]
fn a_proxy_that_refuses_connections_is_named_without_its_password() -> TestResult {
    let sandbox = Sandbox::start()?;
    let closed = closed_port_url();
    let authority = closed.trim_start_matches("http://");
    let client = sandbox
        .client_builder()?
        .proxy(format!("http://user:s3cret@{authority}"))
        .retry_policy(RetryPolicy::none())
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEPROXY00003"))
        .expect_err("nothing listens where the proxy should be");
    assert!(err.is_retry_safe());
    assert_eq!(
        err.to_string(),
        format!(
            "use_coupon: could not connect (request not sent): the proxy {authority} refused \
             the connection; check the `proxy` setting (or the *_PROXY environment variables)"
        )
    );
    assert!(!format!("{err:?}").contains("s3cret"));
    assert_eq!(sandbox.connections_accepted(), 0);
    Ok(())
}

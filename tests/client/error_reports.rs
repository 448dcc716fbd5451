//! What a user reads: each failure's `Display` says what happened, and its cause appears
//! once in the `Display` + `source()` chain (the chain rule: a wrapper shows its cause or
//! returns it as `source()`, never both) and once in [`Error::report`]. Bodies that are not
//! JSON are described ("an HTML page titled …", "not UTF-8, N bytes"), not parsed at.

use std::error::Error as _;

use super::*;

/// Every message of the `Display` + `source()` chain.
fn chain(err: &Error) -> Vec<String> {
    let mut out = vec![err.to_string()];
    let mut next = err.source();
    while let Some(e) = next {
        out.push(e.to_string());
        next = e.source();
    }
    out
}

/// `cause` appears exactly once in the chain and in the report, and no message of the
/// chain repeats another.
fn assert_cause_once(err: &Error, cause: &str) {
    let messages = chain(err);
    let joined = messages.join("\n");
    assert_eq!(
        joined.matches(cause).count(),
        1,
        "{cause:?} in {messages:#?}"
    );
    assert_eq!(err.report().to_string().matches(cause).count(), 1);
    for (i, a) in messages.iter().enumerate() {
        for b in &messages[i + 1..] {
            assert!(!a.contains(b.as_str()), "{a:?} repeats {b:?}");
        }
    }
}

/// A use_coupon call to `base` with `policy`.
fn use_at(sandbox: &Sandbox, base: &str, policy: RetryPolicy) -> Result<Error, Error> {
    let client = sandbox
        .client_builder()?
        .base_url(base)
        .no_backup()
        .retry_policy(policy)
        .build()?;
    Ok(client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEREPORT0001"))
        .expect_err("the call fails"))
}

fn http(status_line: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status_line}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

#[test]
fn connection_refused() -> TestResult {
    let sandbox = Sandbox::start()?;
    let base = closed_port_url();
    let err = use_at(&sandbox, &base, RetryPolicy::none())?;
    let cause = format!(
        "{base} refused the connection; check the host and port, and that the server is up"
    );
    assert_eq!(
        err.to_string(),
        format!("use_coupon: could not connect (request not sent): {cause}")
    );
    assert_cause_once(&err, &cause);
    // After retries, the same cause, still once.
    let err = use_at(&sandbox, &base, fast_retries(2))?;
    assert_eq!(err.to_string(), "the call failed after 2 attempts");
    assert_cause_once(&err, &cause);
    Ok(())
}

#[test]
fn a_garbage_answer() -> TestResult {
    let sandbox = Sandbox::start()?;
    let base = fixed_answer(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec(), Duration::ZERO);
    let err = use_at(&sandbox, &base, RetryPolicy::none())?;
    let cause =
        format!("{base} did not answer with HTTP/1.1 (http parse fail: invalid HTTP version)");
    assert_eq!(
        err.to_string(),
        format!("use_coupon: connection failed mid-exchange (outcome unknown): {cause}")
    );
    assert_cause_once(&err, &cause);
    Ok(())
}

#[test]
fn an_html_502() -> TestResult {
    let sandbox = Sandbox::start()?;
    let page = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    let base = fixed_answer(
        http("502 Bad Gateway", "Content-Type: text/html\r\n", page),
        Duration::ZERO,
    );
    let err = use_at(&sandbox, &base, RetryPolicy::none())?;
    let cause = "an HTML page titled \"502 Bad Gateway\" instead of the JSON error object \
                 (a proxy or load balancer may have answered)";
    assert_eq!(
        err.to_string(),
        format!("use_coupon: WeChat Pay answered HTTP 502: {cause}")
    );
    assert_cause_once(&err, cause);
    let err = use_at(&sandbox, &base, fast_retries(2))?;
    assert_eq!(err.attempts(), 2);
    assert_cause_once(&err, cause);
    Ok(())
}

#[test]
fn a_redirect_says_where_it_pointed_and_that_it_was_not_followed() -> TestResult {
    let sandbox = Sandbox::start()?;
    let base = fixed_answer(
        http(
            "302 Found",
            "Location: https://example.com/v3/elsewhere\r\nContent-Type: text/html\r\n",
            b"<html><body>moved</body></html>",
        ),
        Duration::ZERO,
    );
    let err = use_at(&sandbox, &base, fast_retries(3))?;
    let cause = "a redirect to https://example.com/v3/elsewhere, not followed (redirects never \
                 are); check the base URL";
    assert_eq!(
        err.to_string(),
        format!("use_coupon: WeChat Pay answered HTTP 302: {cause}"),
        "not retried"
    );
    assert_cause_once(&err, cause);
    Ok(())
}

#[test]
fn an_error_body_that_is_not_utf8() -> TestResult {
    let sandbox = Sandbox::start()?;
    let base = fixed_answer(
        http(
            "500 Internal Server Error",
            "",
            b"\xff\xfe\x00\x01 not text",
        ),
        Duration::ZERO,
    );
    let err = use_at(&sandbox, &base, RetryPolicy::none())?;
    let cause = "a body that is not UTF-8 (13 bytes) instead of the JSON error object \
                 (a proxy or load balancer may have answered)";
    assert_eq!(
        err.to_string(),
        format!("use_coupon: WeChat Pay answered HTTP 500: {cause}")
    );
    assert_cause_once(&err, cause);
    Ok(())
}

#[test]
fn a_verified_body_that_is_not_utf8() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, RetryPolicy::none())?;
    sandbox.push_fault(Fault::NonUtf8Body);
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEREPORT0002"))?;
    let len = response.raw().body().len();
    let err = response.parse().expect_err("not UTF-8");
    let cause = format!("a body that is not UTF-8 ({len} bytes), not JSON");
    let request_id = err.request_id().expect("a Request-ID").to_owned();
    assert_eq!(
        err.to_string(),
        format!(
            "could not decode the verified response as UserProductCouponEntity: {cause} \
             (Request-ID {request_id})"
        )
    );
    assert!(!err.to_string().contains("line 1 column"));
    assert_cause_once(&err, &cause);
    // The raw path says the same.
    let err = response
        .raw()
        .json::<serde_json::Value>()
        .expect_err("not UTF-8");
    assert!(err.to_string().contains(&cause), "{err}");
    Ok(())
}

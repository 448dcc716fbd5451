//! The client's rate limiting is a public trait: a limiter written outside the crate is
//! asked before every attempt, can refuse a call before anything is sent, and hears of 429s.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use wechatpay_product_coupon::sandbox::{seed, Fault, Sandbox};
use wechatpay_product_coupon::{Error, RateLimiter};

/// Records what the client asks and tells it; refuses every call when `refuse` is set.
#[derive(Debug, Default)]
struct Recording {
    reserved: Mutex<Vec<String>>,
    throttled: Mutex<Vec<String>>,
    refuse: bool,
}

impl RateLimiter for Recording {
    fn reserve(&self, endpoint: &str) -> Result<Duration, Error> {
        self.reserved.lock().unwrap().push(endpoint.to_owned());
        if self.refuse {
            return Err(Error::rate_limiter(
                "the shared quota store is unreachable and the limiter fails closed",
            ));
        }
        Ok(Duration::from_millis(1))
    }

    fn throttled(&self, endpoint: &str) {
        self.throttled.lock().unwrap().push(endpoint.to_owned());
    }
}

#[test]
fn a_limiter_from_outside_the_crate_is_asked_before_every_attempt_and_hears_of_429s() {
    let sandbox = Sandbox::start().unwrap();
    let limiter = Arc::new(Recording::default());
    let client = sandbox
        .client_builder()
        .unwrap()
        .retry_policy(crate::common::fast_retries(3))
        .rate_limiter(Arc::clone(&limiter))
        .build()
        .unwrap();

    // One 429, then success: two attempts, both reserved; the 429 is reported.
    sandbox.push_fault(Fault::Status {
        status: 429,
        code: "RATELIMIT_EXCEEDED",
    });
    let used = client
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSELIMIT0001").unwrap())
        .unwrap();
    assert_eq!(used.parse().unwrap().coupon_state.as_str(), "USED");
    assert_eq!(
        *limiter.reserved.lock().unwrap(),
        ["use_coupon", "use_coupon"]
    );
    assert_eq!(*limiter.throttled.lock().unwrap(), ["use_coupon"]);

    client
        .update_product_coupon(&seed::update_request("MCHUPDLIMIT0001", "限流后的新名字").unwrap())
        .unwrap();
    assert_eq!(
        limiter.reserved.lock().unwrap().last().map(String::as_str),
        Some("update_product_coupon")
    );
}

#[test]
fn a_limiter_that_refuses_ends_the_call_before_anything_is_sent() {
    let sandbox = Sandbox::start().unwrap();
    let limiter = Arc::new(Recording {
        refuse: true,
        ..Recording::default()
    });
    let client = sandbox
        .client_builder()
        .unwrap()
        .retry_policy(crate::common::fast_retries(3))
        .rate_limiter(Arc::clone(&limiter))
        .build()
        .unwrap();
    let err = client
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSELIMIT0002").unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("fails closed"), "{err}");
    assert_eq!(limiter.reserved.lock().unwrap().len(), 1, "not retried");
    assert_eq!(sandbox.requests_served(), 0, "nothing reached the gateway");
    assert_eq!(
        sandbox
            .coupon_state(seed::OPENID, seed::COUPON_CODE)
            .as_deref(),
        Some("EFFECTIVE")
    );
}

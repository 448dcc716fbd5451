//! Many threads, one client; the shared rate limiter.

use super::*;

const _: () = {
    const fn assert_send_sync_clone<T: Send + Sync + Clone>() {}
    assert_send_sync_clone::<Client>();
};

#[test]
fn sixteen_threads_share_one_client_with_unique_nonces_and_reused_connections() -> TestResult {
    const THREADS: usize = 16;
    const CALLS: usize = 200;
    let sandbox = Sandbox::start()?;
    // 3,200 use calls from one mchid as fast as 16 threads go: past the documented 500/s, so
    // the gateway would answer 429s (and the client retry them); this test counts requests
    // and nonces exactly, so it turns the sandbox's rate limits off.
    sandbox.set_rate_limits(wechatpay_product_coupon::sandbox::RateLimitMode::Off);
    for t in 0..THREADS {
        for i in 0..CALLS {
            sandbox.issue_coupon(seed::OPENID, &format!("Code_M{t}_{i}"));
        }
    }
    let client = sandbox.client()?;
    thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let client = client.clone();
                scope.spawn(move || -> TestResult {
                    for i in 0..CALLS {
                        let code = format!("Code_M{t}_{i}");
                        let response =
                            client.use_coupon(&use_request(&code, &format!("MCHUSE_M{t}_{i}")))?;
                        let coupon = response.parse()?;
                        assert_eq!(coupon.coupon_code, code);
                        assert_eq!(coupon.coupon_state, UserProductCouponState::Used);
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("worker thread panicked"))
    })?;
    for t in 0..THREADS {
        for i in 0..CALLS {
            let code = format!("Code_M{t}_{i}");
            assert_eq!(state_of(&sandbox, &code).as_deref(), Some("USED"), "{code}");
        }
    }
    let total = THREADS * CALLS;
    assert_eq!(sandbox.requests_served(), total as u64);
    assert_eq!(sandbox.distinct_nonces(), total);
    assert_eq!(sandbox.nonce_reuses(), 0);
    let connections = sandbox.connections_accepted();
    assert!(
        connections <= 32,
        "{connections} connections for {total} calls"
    );
    Ok(())
}

#[test]
fn rate_limited_updates_from_4_threads_all_succeed() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .rate_limits(RateLimits::none().with_named("update_product_coupon", 1000)?)
        .build()?;
    thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|t| {
                let client = client.clone();
                scope.spawn(move || -> TestResult {
                    for i in 0..5 {
                        let request = update_request(
                            &format!("MCHUPDATE_R{t}_{i}"),
                            &format!("Name {t}-{i}"),
                        );
                        let response = client.update_product_coupon(&request)?;
                        let coupon = response.parse()?;
                        assert_eq!(coupon.display_info.name, request.display_info.name);
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("worker thread panicked"))
    })?;
    assert_eq!(sandbox.requests_served(), 20);
    Ok(())
}

#[test]
fn every_attempt_of_every_call_waits_for_the_shared_rate_limiter() -> TestResult {
    let sandbox = Sandbox::start()?;
    // 10 updates per second: slots 100 ms apart. Retries back off only about 1 ms, so a retry
    // that skipped the limiter would arrive a few ms after the failed attempt. (The bound
    // asserted below, 45 ms, leaves room for scheduling delays on a loaded machine; at 20/s
    // the 5 ms margin was exceeded under load.)
    let client = sandbox
        .client_builder()?
        .rate_limits(RateLimits::none().with_named("update_product_coupon", 10)?)
        .retry_policy(fast_retries(3))
        .build()?;
    // Open the connection with a call the limiter does not hold back, so that connection
    // setup does not delay the first update's arrival.
    client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEWARMUP0001"))?;
    sandbox.clear_received();

    client.update_product_coupon(&update_request("MCHUPDATELIMIT01", "限流测试一"))?;
    sandbox.push_fault(Fault::Status {
        status: 500,
        code: "SYSTEM_ERROR",
    });
    let retried =
        client.update_product_coupon(&update_request("MCHUPDATELIMIT02", "限流测试二"))?;
    assert_eq!(retried.parse()?.display_info.name, "限流测试二");

    let received = sandbox.received_requests();
    assert_eq!(received.len(), 3, "one update, then one retried once");
    assert_eq!(
        received[1].body, received[2].body,
        "the retry resent the update"
    );
    for (i, pair) in received.windows(2).enumerate() {
        let gap = pair[1].received_at.duration_since(pair[0].received_at);
        assert!(
            gap >= Duration::from_millis(45),
            "requests {i} and {} arrived {gap:?} apart; the limiter spaces them 100 ms",
            i + 1
        );
    }
    Ok(())
}

#[test]
fn client_without_rate_limits_sends_updates_without_waiting_for_slots() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = client_with(&sandbox, RetryPolicy::none())?;
    for i in 0..3 {
        let name = format!("不限流{i}号");
        let response = client
            .update_product_coupon(&update_request(&format!("MCHUPDATENOLIMIT{i}"), &name))?;
        assert_eq!(response.parse()?.display_info.name, name.as_str());
    }
    assert_eq!(sandbox.received_requests().len(), 3);
    Ok(())
}

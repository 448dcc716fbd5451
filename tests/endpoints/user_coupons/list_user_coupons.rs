//! `list_user_coupons` and the page iterator `user_coupon_pages`: pagination, filters, rules.

use super::*;

#[test]
fn pages_are_fetched_lazily_and_stop_on_the_last() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let openid = "oPAGES0000000000000000000001";
    let codes: Vec<String> = (0..45).map(|i| format!("Code_PAGE_{i:03}")).collect();
    for code in &codes {
        sandbox.issue_coupon(openid, code);
    }
    let mut req = ListUserCouponsRequest::new(
        openid.parse().unwrap(),
        seed::APPID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    req.page_size = Some(20);
    sandbox.clear_received();
    let mut pages = client.user_coupon_pages(req.clone());
    let first = pages.next().expect("a first page").expect("page 1");
    assert_eq!(
        sandbox.received_requests().len(),
        1,
        "one call per page, no prefetch"
    );
    let first = first.parse().expect("parse");
    assert_eq!(first.total_count, Some(45));
    assert_eq!(first.user_coupon_list.len(), 20);
    let mut seen: Vec<String> = first
        .user_coupon_list
        .iter()
        .map(|c| c.coupon_code.to_string())
        .collect();
    let mut sizes = vec![20];
    for page in pages {
        let page = page.expect("page");
        let page = page.parse().expect("parse");
        sizes.push(page.user_coupon_list.len());
        seen.extend(
            page.user_coupon_list
                .iter()
                .map(|c| c.coupon_code.to_string()),
        );
    }
    assert_eq!(sizes, [20, 20, 5]);
    assert_eq!(seen, codes, "every coupon once, in issue order");
    assert_eq!(sandbox.received_requests().len(), 3);
    let targets: Vec<String> = sandbox
        .received_requests()
        .iter()
        .map(|r| r.target.clone())
        .collect();
    assert!(!targets[0].contains("page_token"));
    assert!(targets[1].contains("page_token=SBXPAGE20"), "{targets:?}");
}

#[test]
fn pages_stop_with_an_error_when_a_page_names_itself_as_the_next() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let openid = "oPAGES0000000000000000000002";
    for i in 0..3 {
        sandbox.issue_coupon(openid, &format!("Code_LOOP_{i:03}"));
    }
    let mut req = ListUserCouponsRequest::new(
        openid.parse().unwrap(),
        seed::APPID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    req.page_size = Some(2);
    let mut pages = client.user_coupon_pages(req);
    let first = pages.next().expect("page 1").expect("page 1");
    let token = first
        .parse()
        .expect("parse")
        .next_page_token
        .map(|t| t.to_string());
    assert_eq!(token.as_deref(), Some("SBXPAGE2"));
    // A server answering page 2 with page 2's own token would make a naive loop spin forever.
    sandbox.push_fault(sandbox::Fault::Body(
        r#"{"total_count":3,"user_coupon_list":[],"next_page_token":"SBXPAGE2"}"#.into(),
    ));
    let err = pages
        .next()
        .expect("an item for page 2")
        .expect_err("a repeated token");
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("SBXPAGE2"), "{err}");
    assert!(pages.next().is_none(), "the iterator ends after the error");
}

#[test]
fn list_filters_reflect_the_states() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let sent = send(&client, "MCHSEND_LIST_001");
    client
        .use_coupon(&seed::use_request(seed::COUPON_CODE, "MCHUSE_LIST_01").unwrap())
        .expect("use");
    let list = |state: Option<&str>, stock: Option<&str>| -> Vec<String> {
        let mut req = ListUserCouponsRequest::new(
            seed::OPENID.parse().unwrap(),
            seed::APPID.parse().unwrap(),
            seed::BRAND_ID.parse().unwrap(),
        );
        req.coupon_state = state.map(Into::into);
        req.stock_id = stock.map(|s| s.parse().unwrap());
        let page = client.list_user_coupons(&req).expect("list");
        let page = page.parse().expect("parse");
        assert!(page.next_page_token.is_none());
        page.user_coupon_list
            .iter()
            .map(|c| c.coupon_code.to_string())
            .collect()
    };
    assert_eq!(
        list(None, None),
        [
            seed::COUPON_CODE,
            seed::SECOND_COUPON_CODE,
            sent.coupon_code.as_str()
        ]
    );
    assert_eq!(list(Some("USED"), None), [seed::COUPON_CODE]);
    assert_eq!(list(Some("EFFECTIVE"), None), [seed::SECOND_COUPON_CODE]);
    assert_eq!(list(Some("CONFIRMING"), None), [sent.coupon_code.as_str()]);
    assert_eq!(
        list(None, Some(seed::SEND_STOCK_ID)),
        [sent.coupon_code.as_str()]
    );
    // Another brand or AppID sees nothing.
    let other = ListUserCouponsRequest::new(
        seed::OPENID.parse().unwrap(),
        "wx0000".parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    let page = client.list_user_coupons(&other).expect("list");
    assert_eq!(page.parse().expect("parse").total_count, Some(0));
}

#[test]
fn list_rules_are_checked_on_both_sides() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = client(&sandbox);
    let mut req = ListUserCouponsRequest::new(
        seed::OPENID.parse().unwrap(),
        seed::APPID.parse().unwrap(),
        seed::BRAND_ID.parse().unwrap(),
    );
    for size in [0, 51] {
        req.page_size = Some(size);
        assert!(matches!(
            client.list_user_coupons(&req),
            Err(Error::InvalidRequest { field, .. }) if field == "page_size"
        ));
    }
    let path = format!(
        "/v3/marketing/partner/product-coupon/users/{}/coupons",
        seed::OPENID
    );
    let base = [("appid", seed::APPID), ("brand_id", seed::BRAND_ID)];
    for extra in [
        ("page_size", "51"),
        ("page_token", "nonsense"),
        ("page_size", "x"),
    ] {
        let query = [base[0], base[1], extra];
        let err = client
            .call(Method::Get, &path, &query, None)
            .expect_err("refused");
        assert_eq!(api(&err), (400, "PARAM_ERROR".into()), "{extra:?}");
    }
    let err = client
        .call(Method::Get, &path, &[("appid", seed::APPID)], None)
        .expect_err("brand_id missing");
    assert!(err.to_string().contains("brand_id"), "{err}");
}

//! The registry is the one list of endpoints: what is derived from it elsewhere must agree.
//! Here: its names, methods and paths are unique and each has one resource. The README's
//! endpoint table is checked in `tests/readme.rs`; the C dispatch and the typed `Client`
//! methods are expanded from the registry, so they cannot differ.

use wechatpay_product_coupon::api::{ENDPOINTS, RESOURCES};

#[test]
fn every_endpoint_has_one_resource_and_a_unique_name_method_and_path() {
    assert_eq!(RESOURCES.len(), ENDPOINTS.len());
    for (e, (_, name)) in ENDPOINTS.iter().zip(RESOURCES) {
        assert_eq!(e.name, *name);
    }
    let mut names: Vec<&str> = ENDPOINTS.iter().map(|e| e.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), ENDPOINTS.len(), "duplicate endpoint names");
    let mut routes: Vec<(String, &str)> = ENDPOINTS
        .iter()
        .map(|e| (e.method.to_string(), e.path))
        .collect();
    routes.sort_unstable();
    routes.dedup();
    assert_eq!(
        routes.len(),
        ENDPOINTS.len(),
        "two endpoints share a method and path"
    );
}

//! The registry is the one list of endpoints: what is derived from it elsewhere must agree.
//! Here: the README's endpoint table (generated text, checked; `UPDATE_README=1 cargo test
//! --test registry` rewrites it), and the C dispatch and the typed `Client` methods, which
//! are expanded from it.

use wechatpay_product_coupon::api::{ENDPOINTS, RESOURCES};
use wechatpay_product_coupon::endpoint::Params;

const BEGIN: &str = "<!-- endpoints:begin";
const END: &str = "<!-- endpoints:end -->";

/// One README row per registered endpoint, from the registry itself.
macro_rules! rows {
    ([$krate:tt] $($resource:ident { $($(#[$doc:meta])* $name:ident($req:ident) -> $resp:ident;)* })*) => {
        vec![$($(row(
            stringify!($resource),
            &<$krate::api::$req as $krate::endpoint::ApiRequest>::ENDPOINT,
            stringify!($req),
            stringify!($resp),
        ),)*)*]
    };
}

fn row(
    resource: &str,
    e: &wechatpay_product_coupon::endpoint::Endpoint,
    req: &str,
    resp: &str,
) -> String {
    let path = e
        .path
        .strip_prefix("/v3/marketing/partner/product-coupon")
        .unwrap_or(e.path);
    let params = match e.params {
        Params::Query => "query",
        Params::JsonBody => "JSON body",
        Params::Multipart => "multipart form (`meta` signed, `file`)",
        _ => "other",
    };
    format!(
        "| {resource} | `{}` | `{} …{path}` | {params} | {} | `{req}` | `{resp}` |",
        e.name, e.method, e.rate_limit
    )
}

fn generated_table() -> String {
    let rows: Vec<String> = wechatpay_product_coupon::for_each_endpoint!(rows);
    let mut table = String::from(
        "| resource | endpoint (`Client` method, C name) | method and path | fields | rate limit (/s per mchid) | request | response model |\n\
         | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for r in rows {
        table.push_str(&r);
        table.push('\n');
    }
    table
}

#[test]
fn the_readme_endpoint_table_is_the_registry() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md is readable");
    let begin = readme
        .find(BEGIN)
        .expect("README.md has the endpoints:begin marker");
    let table_start = begin + readme[begin..].find('\n').expect("marker line ends") + 1;
    let end = readme
        .find(END)
        .expect("README.md has the endpoints:end marker");
    let table = generated_table();
    if readme[table_start..end] == table {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &readme[..table_start], table, &readme[end..]);
        std::fs::write(path, updated).expect("README.md is writable");
        return;
    }
    panic!(
        "README.md's endpoint table differs from the registry (api::for_each_endpoint!); \
         regenerate it with `UPDATE_README=1 cargo test --test registry`.\nexpected:\n{table}\nfound:\n{}",
        &readme[table_start..end]
    );
}

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

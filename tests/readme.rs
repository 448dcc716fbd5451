//! The README's lists are generated from the code, so they cannot drift from it: the endpoint
//! table (from the registry, `api::for_each_endpoint!`), the error kinds (`ErrorKind::ALL`)
//! and the environment variables (`ENV_VARS`). Each list sits between
//! `<!-- NAME:begin … -->` and `<!-- NAME:end -->` markers; a test fails while a list differs
//! from what the code generates, and `UPDATE_README=1 cargo test --test readme` rewrites them.

use wechatpay_product_coupon::endpoint::{Endpoint, Params};
use wechatpay_product_coupon::ErrorKind;

/// Checks (or, with `UPDATE_README` set, rewrites) the README section `name` against
/// `generated`.
fn check_section(name: &str, generated: &str) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md is readable");
    let begin_marker = format!("<!-- {name}:begin");
    let end_marker = format!("<!-- {name}:end -->");
    let begin = readme
        .find(&begin_marker)
        .unwrap_or_else(|| panic!("README.md has no `{begin_marker}` marker"));
    let body_start = begin + readme[begin..].find('\n').expect("the marker line ends") + 1;
    let end = readme
        .find(&end_marker)
        .unwrap_or_else(|| panic!("README.md has no `{end_marker}` marker"));
    if readme[body_start..end] == *generated {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &readme[..body_start], generated, &readme[end..]);
        std::fs::write(path, updated).expect("README.md is writable");
        return;
    }
    panic!(
        "README.md's `{name}` list differs from the code; regenerate it with \
         `UPDATE_README=1 cargo test --test readme`.\nexpected:\n{generated}\nfound:\n{}",
        &readme[body_start..end]
    );
}

fn table(header: &str, rows: impl IntoIterator<Item = String>) -> String {
    let columns = header.matches('|').count() - 1;
    let mut out = format!("{header}\n|{}\n", " --- |".repeat(columns));
    for row in rows {
        out.push_str(&row);
        out.push('\n');
    }
    out
}

/// One README row per registered endpoint, from the registry itself.
macro_rules! endpoint_rows {
    ([$krate:tt] $($resource:ident { $($(#[$doc:meta])* $name:ident($req:ident) -> $resp:ident;)* })*) => {
        vec![$($(endpoint_row(
            stringify!($resource),
            &<$krate::api::$req as $krate::endpoint::ApiRequest>::ENDPOINT,
            stringify!($req),
            stringify!($resp),
        ),)*)*]
    };
}

fn endpoint_row(resource: &str, e: &Endpoint, req: &str, resp: &str) -> String {
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

#[test]
fn the_readme_endpoint_table_is_the_registry() {
    let rows: Vec<String> = wechatpay_product_coupon::for_each_endpoint!(endpoint_rows);
    check_section(
        "endpoints",
        &table(
            "| resource | endpoint (`Client` method, C name) | method and path | fields | rate limit (/s per mchid) | request | response model |",
            rows,
        ),
    );
}

#[test]
fn the_readme_error_kinds_are_error_kind_all() {
    let rows = ErrorKind::ALL.iter().map(|k| {
        format!(
            "| {} | `{k:?}` | `{}` | {} |",
            k.code(),
            k.as_str(),
            k.meaning()
        )
    });
    check_section(
        "error-kinds",
        &table("| code | `ErrorKind` | name | meaning |", rows),
    );
}

#[cfg(feature = "client")]
#[test]
fn the_readme_environment_variables_are_env_vars() {
    let rows = wechatpay_product_coupon::ENV_VARS
        .iter()
        .map(|(name, required, meaning)| {
            let required = if *required { "yes" } else { "no" };
            format!("| `{name}` | {required} | {meaning} |")
        });
    check_section(
        "env-vars",
        &table("| variable | required | meaning |", rows),
    );
}

/// The markers themselves cannot be lost silently: each list is present exactly once.
#[test]
fn each_generated_list_has_one_pair_of_markers() {
    let readme = include_str!("../README.md");
    for name in ["endpoints", "error-kinds", "env-vars"] {
        for marker in [format!("<!-- {name}:begin"), format!("<!-- {name}:end -->")] {
            assert_eq!(
                readme.matches(&marker).count(),
                1,
                "README.md must hold `{marker}` exactly once"
            );
        }
    }
}

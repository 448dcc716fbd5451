//! The dependency tree, read from `Cargo.lock`: one version of each crate the library links
//! (base64 once, not 0.22 beside ureq's 0.23), and criterion outside the library's tree (it
//! belongs to the `benches` workspace member, so `cargo run --example quickstart` never
//! builds it).

use std::collections::{BTreeMap, BTreeSet};

/// A locked package: name and version.
type Package = (String, String);

/// Every package of the lock file with its dependencies, resolved to versions.
fn lock_packages() -> BTreeMap<Package, Vec<Package>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock");
    let text = std::fs::read_to_string(path).expect("Cargo.lock is committed");
    let mut raw: Vec<(Package, Vec<String>)> = Vec::new();
    for block in text.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
                .map(|v| v.trim_end_matches('"').to_owned())
                .unwrap_or_default()
        };
        let deps = block
            .split_once("dependencies = [")
            .map(|(_, rest)| rest.split(']').next().unwrap_or_default())
            .unwrap_or_default()
            .split(',')
            .map(|d| d.trim().trim_matches('"').to_owned())
            .filter(|d| !d.is_empty())
            .collect();
        raw.push(((field("name"), field("version")), deps));
    }
    // A dependency is written "name" when one version is locked, "name version" otherwise.
    let resolve = |dep: &str| -> Package {
        let mut parts = dep.split(' ');
        let name = parts.next().unwrap_or_default().to_owned();
        let version = match parts.next() {
            Some(v) => v.to_owned(),
            None => raw
                .iter()
                .find(|((n, _), _)| *n == name)
                .map(|((_, v), _)| v.clone())
                .unwrap_or_default(),
        };
        (name, version)
    };
    raw.iter()
        .map(|(pkg, deps)| (pkg.clone(), deps.iter().map(|d| resolve(d)).collect()))
        .collect()
}

/// Every package reachable from the workspace member `root` (normal, build and dev
/// dependencies alike, for every target platform).
fn closure(packages: &BTreeMap<Package, Vec<Package>>, root: &str) -> BTreeSet<Package> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<Package> = packages
        .keys()
        .filter(|(n, _)| n == root)
        .cloned()
        .collect();
    while let Some(pkg) = todo.pop() {
        if let Some(deps) = packages.get(&pkg) {
            if seen.insert(pkg) {
                todo.extend(deps.iter().cloned());
            }
        }
    }
    seen
}

/// Names that appear in more than one version.
fn duplicated(tree: &BTreeSet<Package>) -> Vec<&str> {
    let mut names: Vec<&str> = tree.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    let mut dups: Vec<&str> = names
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    dups.dedup();
    dups
}

#[test]
fn the_library_links_one_version_of_each_crate() {
    let packages = lock_packages();
    let tree = closure(&packages, "wechatpay-product-coupon");
    assert!(tree.iter().any(|(n, _)| n == "ureq"), "{tree:?}");
    let base64: Vec<_> = tree.iter().filter(|(n, _)| n == "base64").collect();
    assert_eq!(base64.len(), 1, "{base64:?}");
    // windows-sys is linked on Windows only (ring and rustls pin different versions there).
    let dups: Vec<&str> = duplicated(&tree)
        .into_iter()
        .filter(|n| *n != "windows-sys")
        .collect();
    assert!(dups.is_empty(), "crates in two versions: {dups:?}");
}

#[test]
fn criterion_is_not_in_the_library_tree() {
    let packages = lock_packages();
    let tree = closure(&packages, "wechatpay-product-coupon");
    assert!(!tree.iter().any(|(n, _)| n == "criterion"), "{tree:?}");
    // It is still there for the benches.
    let benches = closure(&packages, "wechatpay-product-coupon-benches");
    assert!(benches.iter().any(|(n, _)| n == "criterion"));
}

/// A `major.minor[.patch]` version as numbers, for comparing `rust-version`s.
fn rust_version(text: &str) -> [u64; 3] {
    let mut parts = text.split('.').map(|p| p.parse().unwrap_or(0));
    [(); 3].map(|()| parts.next().unwrap_or(0))
}

/// The MSRV (README "Minimum supported Rust version") is `rust-version` in Cargo.toml, and it
/// cannot be older than what the locked dependencies of the library declare: a dependency
/// that needs a newer compiler than we claim fails here (read through `cargo metadata`, the
/// normal and build dependencies of the library with every feature on).
#[test]
fn no_dependency_of_the_library_needs_a_newer_rust_than_its_rust_version() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata is JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let package = |id: &str| packages.iter().find(|p| p["id"] == id).expect("known id");
    let root = packages
        .iter()
        .find(|p| p["name"] == "wechatpay-product-coupon")
        .expect("the library is a package");
    let ours = root["rust_version"]
        .as_str()
        .expect("Cargo.toml sets rust-version");
    let nodes = meta["resolve"]["nodes"].as_array().expect("resolve nodes");
    let mut todo = vec![root["id"].as_str().expect("id").to_owned()];
    let mut seen = BTreeSet::new();
    let mut newer = Vec::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let pkg = package(&id);
        if let Some(theirs) = pkg["rust_version"].as_str() {
            if rust_version(theirs) > rust_version(ours) {
                newer.push(format!(
                    "{} {} needs {theirs}",
                    pkg["name"].as_str().unwrap_or("?"),
                    pkg["version"].as_str().unwrap_or("?")
                ));
            }
        }
        let node = nodes.iter().find(|n| n["id"] == id.as_str()).expect("node");
        for dep in node["deps"].as_array().into_iter().flatten() {
            let linked = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].as_str() != Some("dev"));
            if linked {
                todo.push(dep["pkg"].as_str().expect("dep id").to_owned());
            }
        }
    }
    assert!(seen.len() > 20, "the walk reached the tree: {seen:?}");
    assert!(
        newer.is_empty(),
        "rust-version is {ours}, but locked dependencies need more: {newer:?}; raise \
         rust-version (and the README's MSRV section and CHANGELOG) or pin them lower"
    );
}

/// The `log` facade is a direct dependency of the library (`client::observe` logs through
/// it) that adds no crate: ureq already depends on the same version.
#[test]
fn the_log_facade_adds_no_crate_to_the_tree() {
    let packages = lock_packages();
    let ours = packages
        .iter()
        .find(|((n, _), _)| n == "wechatpay-product-coupon")
        .map(|(_, deps)| deps.clone())
        .expect("the library is locked");
    let log = ours
        .iter()
        .find(|(n, _)| n == "log")
        .expect("log is a direct dependency")
        .clone();
    let ureq = ours
        .iter()
        .find(|(n, _)| n == "ureq")
        .expect("ureq is a direct dependency");
    assert!(
        closure(&packages, &ureq.0).contains(&log),
        "{log:?} must be the version ureq already links"
    );
}

//! The layering of `src/` and `ffi/src/`, checked from the source text:
//!
//! * no import cycle between files, in `src/` and in `ffi/src/` (a `mod.rs` or `lib.rs`
//!   re-exporting its own children is a facade, not a dependency; an import through a
//!   re-export counts as an import of the file that defines the item);
//! * each layer of `src/` imports only the layers below it: `error` ← `protocol` ←
//!   `model`/`api` ← `client` ← `sandbox`. `error/` is the bottom: it holds every error type,
//!   the verification failures (`error/verification.rs`, re-exported by `protocol::verify`)
//!   included, and imports nothing from `protocol/`, `model/` or `api/`;
//! * in `ffi/src/`, the shared pieces are leaves: `guard.rs` (`boundary_or`), `error.rs`
//!   (`FfiError`) and `result.rs` sit below `last_error.rs` and `boundary.rs`, and
//!   `settings.rs` (`ClientConfig`) below both `client.rs` and `config.rs`;
//! * no `cfg(feature = "sandbox")` hook outside the sandbox, and no test-only fields in
//!   library types.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One source file: its module path and its text without test modules and comments.
struct SourceFile {
    path: String,
    module: Vec<String>,
    code: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The C ABI crate's sources: a crate of its own, with its own `crate::` paths.
fn ffi_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ffi/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file: `#[cfg(test)]` modules and `//` comments removed.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn load(root: &Path) -> Vec<SourceFile> {
    let mut paths = Vec::new();
    rust_files(root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(root).expect("under the root");
            let mut module: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|l| l == "mod" || l == "lib") {
                module.pop();
            }
            let text = std::fs::read_to_string(&p).expect("read source");
            SourceFile {
                path: rel.to_string_lossy().into_owned(),
                module,
                code: code_of(&text),
            }
        })
        .collect()
}

/// Expands `a::{b, c::{d, e}}` into full paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_owned()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| {
            if p == "self" {
                prefix.trim_end_matches("::").to_owned()
            } else {
                format!("{prefix}{p}")
            }
        })
        .collect()
}

/// `(is_reexport, path)` of every `use` statement.
fn uses(code: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = &rest[..i];
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        let head = before[line_start..].trim();
        let is_stmt = head.is_empty() || head == "pub" || head.starts_with("pub(");
        let after = &rest[i + 4..];
        let end = after.find(';').unwrap_or(after.len());
        if is_stmt {
            let stmt: String = after[..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            for path in expand(&stmt) {
                out.push((!head.is_empty(), path));
            }
        }
        rest = &after[end.min(after.len())..];
    }
    out
}

/// Paths written inline in code, e.g. `crate::error::Error::invalid(..)` or `super::x`.
fn inline_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for start in ["crate::", "super::"] {
        let mut rest = code;
        while let Some(i) = rest.find(start) {
            let preceded_by_ident = rest[..i]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
            let tail = &rest[i..];
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            if !preceded_by_ident {
                out.push(tail[..end].trim_end_matches(':').to_owned());
            }
            rest = &tail[end.max(1)..];
        }
    }
    out
}

struct Crate {
    files: Vec<SourceFile>,
    by_module: BTreeMap<Vec<String>, usize>,
}

impl Crate {
    /// The crate whose sources are under `root` (`src()` or `ffi_src()`).
    fn new(root: &Path) -> Self {
        let files = load(root);
        let by_module = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.module.clone(), i))
            .collect();
        Crate { files, by_module }
    }

    /// The absolute segments of `path` as written in `file`.
    fn absolute(&self, file: usize, path: &str) -> Option<Vec<String>> {
        let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let here = &self.files[file].module;
        let mut base = match segments.first() {
            Some(&"crate") => Vec::new(),
            Some(&"super") | Some(&"self") => here.clone(),
            // A path relative to this module (`use child::Item;`), or an external crate.
            Some(first) => {
                let mut child = here.clone();
                child.push((*first).to_owned());
                if !self.by_module.contains_key(&child) {
                    return None;
                }
                here.clone()
            }
            None => return None,
        };
        if segments.first() == Some(&"crate") {
            segments.remove(0);
        }
        while let Some(&first) = segments.first() {
            match first {
                "super" => {
                    base.pop();
                }
                "self" => {}
                _ => break,
            }
            segments.remove(0);
        }
        base.extend(segments.iter().map(|s| (*s).to_owned()));
        Some(base)
    }

    /// The file defining what `segments` names, following re-exports; the module's own file
    /// when the item cannot be found (e.g. generated by a macro).
    fn resolve(&self, segments: &[String], depth: usize) -> Option<usize> {
        let (module_len, file) = (0..=segments.len())
            .rev()
            .find_map(|n| self.by_module.get(&segments[..n]).map(|f| (n, *f)))?;
        match segments.get(module_len) {
            None => Some(file),
            Some(name) => self
                .find_item(file, name, depth)
                .or_else(|| {
                    (module_len == 0)
                        .then(|| self.exported_macro(name))
                        .flatten()
                })
                .or(Some(file)),
        }
    }

    /// The file defining the `#[macro_export]` macro `name`: such macros live at the crate
    /// root (`crate::name!`) whatever file defines them.
    fn exported_macro(&self, name: &str) -> Option<usize> {
        let definition = format!("#[macro_export]\nmacro_rules! {name} ");
        self.files.iter().position(|f| f.code.contains(&definition))
    }

    /// The file where `name`, seen from module file `file`, is defined: there, or behind one of
    /// its re-exports (named or glob). `None` when it is not found.
    fn find_item(&self, file: usize, name: &str, depth: usize) -> Option<usize> {
        if depth > 8 {
            return None;
        }
        let code = &self.files[file].code;
        let defined = [
            "struct",
            "enum",
            "trait",
            "type",
            "fn",
            "const",
            "macro_rules!",
            "mod",
        ]
        .iter()
        .any(|kw| code.contains(&format!("{kw} {name}")));
        if defined && !code.contains(&format!("use {name}")) {
            return Some(file);
        }
        for (_, path) in uses(code) {
            let Some(mut target) = self.absolute(file, &path) else {
                continue;
            };
            let last = target.last().cloned().unwrap_or_default();
            if last != name && last != "*" {
                continue;
            }
            target.pop();
            let module = (0..=target.len()).rev().find_map(|n| {
                (n == target.len())
                    .then(|| self.by_module.get(&target[..n]))
                    .flatten()
            });
            let found = match module {
                // `use module::name` or `use module::*`: look inside that module.
                Some(m) => self.find_item(*m, name, depth + 1),
                // `use module::Type::name`-like paths: resolve what is named.
                None if last == name => {
                    target.push(name.to_owned());
                    self.resolve(&target, depth + 1)
                }
                None => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// File-level dependency edges (a facade's re-exports of its own children excluded; its
    /// re-exports of anything else count).
    fn edges(&self) -> BTreeMap<usize, BTreeSet<usize>> {
        let mut edges: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for (i, f) in self.files.iter().enumerate() {
            let facade = f.path.ends_with("mod.rs") || f.path == "lib.rs";
            let own_child = |path: &str| {
                self.absolute(i, path)
                    .is_some_and(|abs| abs.len() > f.module.len() && abs.starts_with(&f.module))
            };
            let mut paths: Vec<String> = uses(&f.code)
                .into_iter()
                .filter(|(reexport, path)| !(facade && *reexport && own_child(path)))
                .map(|(_, p)| p)
                .collect();
            paths.extend(inline_paths(&f.code));
            for path in paths {
                let Some(abs) = self.absolute(i, &path) else {
                    continue;
                };
                if let Some(target) = self.resolve(&abs, 0) {
                    if target != i {
                        edges.entry(i).or_default().insert(target);
                    }
                }
            }
        }
        edges
    }
}

fn layer(path: &str) -> &str {
    path.split(['/', '.']).next().unwrap_or(path)
}

/// The first import cycle between the files of `krate`, as their paths.
fn find_cycle(krate: &Crate) -> Option<Vec<String>> {
    let edges = krate.edges();
    // Depth-first search for a cycle.
    fn visit(
        node: usize,
        edges: &BTreeMap<usize, BTreeSet<usize>>,
        state: &mut BTreeMap<usize, bool>,
        stack: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        match state.get(&node) {
            Some(true) => return None,
            Some(false) => {
                let at = stack.iter().position(|n| *n == node).unwrap_or(0);
                return Some(stack[at..].to_vec());
            }
            None => {}
        }
        state.insert(node, false);
        stack.push(node);
        for next in edges.get(&node).into_iter().flatten() {
            if let Some(cycle) = visit(*next, edges, state, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        state.insert(node, true);
        None
    }
    let mut state = BTreeMap::new();
    (0..krate.files.len()).find_map(|node| {
        visit(node, &edges, &mut state, &mut Vec::new())
            .map(|cycle| cycle.iter().map(|i| krate.files[*i].path.clone()).collect())
    })
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let krate = Crate::new(&src());
    let edges = krate.edges();
    assert!(
        edges.len() > 20,
        "the parser found too few imports: {}",
        edges.len()
    );
    if let Some(cycle) = find_cycle(&krate) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn no_ffi_file_imports_a_file_that_imports_it_back() {
    let krate = Crate::new(&ffi_src());
    let edges = krate.edges();
    assert!(
        edges.len() > 8,
        "the parser found too few imports in ffi/src: {}",
        edges.len()
    );
    if let Some(cycle) = find_cycle(&krate) {
        panic!("import cycle in ffi/src: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_error_module_imports_nothing_from_protocol_model_or_api() {
    let krate = Crate::new(&src());
    let mut wrong = Vec::new();
    for (from, targets) in krate.edges() {
        let from_path = &krate.files[from].path;
        if layer(from_path) != "error" {
            continue;
        }
        for to in targets {
            let to_path = &krate.files[to].path;
            if ["protocol", "model", "api"].contains(&layer(to_path)) {
                wrong.push(format!("{from_path} -> {to_path}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "errors sit below the protocol; these imports go up: {wrong:#?}"
    );
}

#[test]
fn layers_import_only_the_layers_below() {
    let allowed: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("error", &["error"][..]),
        ("protocol", &["error", "protocol", "model"][..]),
        ("model", &["error", "model"][..]),
        ("api", &["error", "protocol", "model", "api"][..]),
        (
            "client",
            &["error", "protocol", "model", "api", "client"][..],
        ),
        (
            "sandbox",
            &["error", "protocol", "model", "api", "client", "sandbox"][..],
        ),
    ]);
    let krate = Crate::new(&src());
    let mut wrong = Vec::new();
    for (from, targets) in krate.edges() {
        let from_path = &krate.files[from].path;
        let Some(ok) = allowed.get(layer(from_path)) else {
            continue;
        };
        for to in targets {
            let to_path = &krate.files[to].path;
            if !ok.iter().any(|a| *a == layer(to_path) || a == to_path) {
                wrong.push(format!("{from_path} -> {to_path}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layering: {wrong:#?}");
}

#[test]
fn the_pure_layers_do_no_network_io_and_have_no_sandbox_hooks() {
    for f in load(&src()) {
        let pure = ["error", "protocol", "model", "api"].contains(&layer(&f.path));
        if pure {
            for forbidden in ["ureq", "std::net", "TcpStream"] {
                assert!(!f.code.contains(forbidden), "{} uses {forbidden}", f.path);
            }
        }
        if layer(&f.path) != "sandbox" && f.path != "lib.rs" {
            assert!(
                !f.code.contains("feature = \"sandbox\""),
                "{} has a sandbox-only hook",
                f.path
            );
        }
    }
}

#[test]
fn library_types_have_no_test_only_fields() {
    for f in load(&src()) {
        let lines: Vec<&str> = f.code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim() == "#[cfg(test)]" {
                let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or_default();
                let field =
                    next.contains(':') && !next.starts_with("mod ") && !next.starts_with("fn ");
                assert!(!field, "{}:{}: test-only field `{next}`", f.path, i + 2);
            }
        }
    }
}

#[test]
fn the_checker_resolves_reexports_and_expands_use_trees() {
    // Self-test of the parser on the real tree: lib.rs re-exports are facades, and an import
    // through `crate::model::Text` lands on model/text.rs.
    let krate = Crate::new(&src());
    let text = krate.resolve(&["model".to_owned(), "Text".to_owned()], 0);
    assert_eq!(
        text.map(|i| krate.files[i].path.as_str()),
        Some("model/text.rs")
    );
    let failure = krate.resolve(
        &["protocol".into(), "verify".into(), "VerifyFailure".into()],
        0,
    );
    assert_eq!(
        failure.map(|i| krate.files[i].path.as_str()),
        Some("error/verification.rs")
    );
    // The same in ffi/src: `crate::boundary::FfiError` is re-exported from the leaf error.rs.
    let ffi = Crate::new(&ffi_src());
    let ffi_error = ffi.resolve(&["boundary".into(), "FfiError".into()], 0);
    assert_eq!(
        ffi_error.map(|i| ffi.files[i].path.as_str()),
        Some("error.rs")
    );
    assert_eq!(
        expand("a::{b, c::{d, e as f}, self}"),
        ["a::b", "a::c::d", "a::c::e", "a"]
    );
}

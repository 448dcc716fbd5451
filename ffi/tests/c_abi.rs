//! The C ABI from C: the programs in `tests/c/` are compiled with
//! `cc -std=c99 -Wall -Wextra -Werror` against the checked-in header, linked once against the
//! static library and once against the shared library, and run against the sandbox; the same
//! programs are built with `-fsanitize=address,undefined` and must run without a finding. Also
//! here: the README's C example (compiled from the README itself), the Python ctypes example,
//! and the exported symbols.
//!
//! `cargo test` builds this crate only as a Rust library for the test binary, so the harness
//! builds the C libraries itself, once per run: `cargo build -p wechatpay-product-coupon-ffi
//! --features sandbox` into `target/c-abi/` (a target directory of its own, so it never waits
//! for the lock of the cargo running the tests).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn ffi_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace's `target/` directory, found from this test's own path
/// (`target/<profile>/deps/c_abi-<hash>`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.ancestors().nth(3).expect("target/").to_path_buf()
}

/// Builds the cdylib and staticlib with the `sandbox` feature (once per run) and returns the
/// directory holding them.
fn lib_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let target = target_dir().join("c-abi");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let out = Command::new(cargo)
            .args([
                "build",
                "--locked",
                "-p",
                "wechatpay-product-coupon-ffi",
                "--features",
                "sandbox",
            ])
            .arg("--target-dir")
            .arg(&target)
            .current_dir(ffi_dir())
            .output()
            .expect("run cargo");
        assert!(
            out.status.success(),
            "building the C libraries failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        target.join("debug")
    })
}

fn static_lib() -> PathBuf {
    lib_dir().join("libwechatpay_product_coupon_ffi.a")
}

fn shared_lib() -> PathBuf {
    lib_dir().join("libwechatpay_product_coupon_ffi.so")
}

/// The system libraries a Rust staticlib needs on Linux (`rustc --print native-static-libs`).
const NATIVE_LIBS: [&str; 7] = [
    "-lgcc_s",
    "-lutil",
    "-lrt",
    "-lpthread",
    "-lm",
    "-ldl",
    "-lc",
];

/// A scratch directory for the binaries of this run.
fn out_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("wpc-c-abi-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    })
}

#[derive(Clone, Copy)]
enum Link {
    Static,
    Shared,
    Sanitized,
}

/// Compiles `source` (a C file) into `name`, linked as `link` says.
fn compile(source: &Path, name: &str, link: Link) -> PathBuf {
    let binary = out_dir().join(name);
    let mut cc = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".to_owned()));
    cc.args([
        "-std=c99",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-g",
        "-DWPC_FEATURE_SANDBOX",
    ])
    .arg("-I")
    .arg(ffi_dir().join("include"))
    .arg("-I")
    .arg(ffi_dir().join("tests/c"))
    .arg(source)
    .arg("-o")
    .arg(&binary);
    match link {
        Link::Static => {
            cc.arg(static_lib()).args(NATIVE_LIBS);
        }
        Link::Shared => {
            cc.arg("-L")
                .arg(lib_dir())
                .arg("-lwechatpay_product_coupon_ffi")
                .arg(format!("-Wl,-rpath,{}", lib_dir().display()))
                .arg("-lpthread");
        }
        Link::Sanitized => {
            cc.args([
                "-fsanitize=address,undefined",
                "-fno-sanitize-recover=all",
                "-fno-omit-frame-pointer",
            ])
            .arg(static_lib())
            .args(NATIVE_LIBS);
        }
    }
    let out = cc.output().expect("a C compiler (cc) must be installed");
    assert!(
        out.status.success(),
        "compiling {} failed:\n{}",
        source.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    binary
}

/// Runs a test program against the sandbox keys; asserts success and a clean stderr.
fn run(binary: &Path, args: &[&str]) -> Output {
    let out = Command::new(binary)
        .args(args)
        // cargo points LD_LIBRARY_PATH at target/debug, whose copy of the library may lack
        // the sandbox feature; the binaries find theirs by rpath.
        .env_remove("LD_LIBRARY_PATH")
        .env(
            "WPC_TEST_KEYS_DIR",
            ffi_dir().join("../src/sandbox/test_keys"),
        )
        .env(
            "ASAN_OPTIONS",
            "detect_leaks=1:halt_on_error=1:abort_on_error=0",
        )
        .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        .output()
        .expect("run the test program");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{} failed ({}):\nstdout: {}\nstderr: {stderr}",
        binary.display(),
        out.status,
        String::from_utf8_lossy(&out.stdout)
    );
    for finding in [
        "AddressSanitizer",
        "LeakSanitizer",
        "runtime error",
        "UndefinedBehavior",
    ] {
        assert!(
            !stderr.contains(finding),
            "{finding} in {}:\n{stderr}",
            binary.display()
        );
    }
    out
}

fn test_program(name: &str) -> PathBuf {
    ffi_dir().join("tests/c").join(name)
}

#[test]
fn calls_linked_statically() {
    let binary = compile(&test_program("calls.c"), "calls-static", Link::Static);
    let out = run(&binary, &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("calls: ok"));
}

#[test]
fn calls_linked_dynamically() {
    let binary = compile(&test_program("calls.c"), "calls-shared", Link::Shared);
    let out = run(&binary, &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("calls: ok"));
}

#[test]
fn calls_under_address_leak_and_undefined_behaviour_sanitizers() {
    let binary = compile(&test_program("calls.c"), "calls-sanitized", Link::Sanitized);
    let out = run(&binary, &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("calls: ok"));
}

#[test]
fn lifecycle_with_a_notification_received_over_a_socket() {
    let binary = compile(
        &test_program("lifecycle.c"),
        "lifecycle-shared",
        Link::Shared,
    );
    let out = run(&binary, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("verified and decrypted"), "{stdout}");
    assert!(stdout.contains("lifecycle: ok"), "{stdout}");
}

#[test]
fn lifecycle_under_address_leak_and_undefined_behaviour_sanitizers() {
    let binary = compile(
        &test_program("lifecycle.c"),
        "lifecycle-sanitized",
        Link::Sanitized,
    );
    let out = run(&binary, &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("lifecycle: ok"));
}

#[test]
fn eight_threads_share_one_client() {
    let binary = compile(&test_program("threads.c"), "threads-shared", Link::Shared);
    let out = run(&binary, &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("800 calls ok, 800 distinct nonces"));
}

#[test]
fn eight_threads_under_sanitizers() {
    let binary = compile(
        &test_program("threads.c"),
        "threads-sanitized",
        Link::Sanitized,
    );
    run(&binary, &[]);
}

/// The README's C example, extracted from README.md so that the text cannot rot.
fn readme_c_example() -> String {
    let readme = std::fs::read_to_string(ffi_dir().join("../README.md")).expect("README.md");
    let section = readme
        .split("## From C and other languages")
        .nth(1)
        .expect("the README has a 'From C and other languages' section");
    let code = section
        .split("```c\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the section has a ```c block");
    code.to_owned()
}

#[test]
fn readme_c_example_compiles_and_runs_against_the_sandbox() {
    use wechatpay_product_coupon::sandbox::{self, Sandbox};
    let source = out_dir().join("readme_example.c");
    std::fs::write(&source, readme_c_example()).expect("write example");
    let lines = readme_c_example().lines().count();
    assert!(
        lines <= 40,
        "the README example should stay short: {lines} lines"
    );
    let binary = compile(&source, "readme-example", Link::Shared);

    let sandbox = Sandbox::start().expect("sandbox");
    let config = serde_json::json!({
        "mchid": sandbox::MCHID,
        "merchant_serial": sandbox::MERCHANT_SERIAL,
        "private_key_file": sandbox::test_key_path("merchant_private_key.pem"),
        "wechatpay_public_key_id": sandbox::PUBLIC_KEY_ID,
        "wechatpay_public_key_file": sandbox::test_key_path("wechatpay_public_key.pem"),
        "base_url": sandbox.base_url(),
    });
    let config_path = out_dir().join("readme_config.json");
    std::fs::write(&config_path, config.to_string()).expect("write config");
    let request = serde_json::to_string(
        &sandbox::seed::use_request(sandbox::seed::COUPON_CODE, "READMEUSE0001").unwrap(),
    )
    .expect("request JSON");
    let request_path = out_dir().join("readme_request.json");
    std::fs::write(&request_path, request).expect("write request");

    let out = run(
        &binary,
        &[
            config_path.to_str().expect("utf-8 path"),
            request_path.to_str().expect("utf-8 path"),
        ],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"coupon_state\":\"USED\""));
    assert_eq!(
        sandbox
            .coupon_state(sandbox::seed::OPENID, sandbox::seed::COUPON_CODE)
            .as_deref(),
        Some("USED")
    );

    // An error is printed with its code and message, and the exit status is 1.
    let unknown =
        serde_json::to_string(&sandbox::seed::use_request("Code_NOPE", "READMEUSE0002").unwrap())
            .expect("request JSON");
    std::fs::write(&request_path, unknown).expect("write request");
    let out = Command::new(&binary)
        .arg(&config_path)
        .arg(&request_path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("api") && stderr.contains("NOT_FOUND"),
        "{stderr}"
    );
}

#[test]
fn python_ctypes_example_does_the_three_calls() {
    let out = Command::new("python3")
        .arg(ffi_dir().join("examples/three_calls.py"))
        .arg(shared_lib())
        .output()
        .expect("python3 must be installed");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for state in ["USED", "DEACTIVATED", "EFFECTIVE"] {
        assert!(stdout.contains(state), "{stdout}");
    }
    assert!(stdout.contains("404 NOT_FOUND"), "{stdout}");
}

/// The dynamic symbols the shared library defines.
fn exported_symbols() -> Vec<String> {
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(shared_lib())
        .output()
        .expect("nm (binutils) must be installed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_owned))
        .collect()
}

#[test]
fn the_shared_library_exports_only_wpc_functions() {
    let symbols = exported_symbols();
    assert!(symbols.len() > 50, "{symbols:?}");
    let foreign: Vec<&String> = symbols.iter().filter(|s| !s.starts_with("wpc_")).collect();
    assert!(foreign.is_empty(), "exported beyond wpc_: {foreign:?}");
}

#[test]
fn the_header_declares_exactly_the_exported_functions() {
    let header = std::fs::read_to_string(ffi_dir().join("include/wechatpay_product_coupon.h"))
        .expect("header");
    let mut declared: Vec<String> = header
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with('*') && !l.starts_with('/'))
        .filter_map(|l| {
            let name_end = l.find('(')?;
            let name = l[..name_end].rsplit([' ', '*']).next()?;
            name.starts_with("wpc_").then(|| name.to_owned())
        })
        .collect();
    declared.sort();
    declared.dedup();
    let mut exported = exported_symbols();
    exported.sort();
    assert_eq!(declared, exported);
}

/// Every `extern "C"` function's body goes through the panic boundary (or through a helper
/// that does), checked on the source so a new entry point cannot forget it.
#[test]
fn every_entry_point_is_behind_the_panic_boundary() {
    let wrappers = [
        "boundary(",
        "boundary_or(",
        "with(",
        "update(",
        "set_text(",
        "string(",
    ];
    let mut checked = 0;
    for entry in std::fs::read_dir(ffi_dir().join("src")).expect("src") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("source");
        for (i, _) in text.match_indices("extern \"C\" fn ") {
            let body_start = text[i..].find('{').map(|b| i + b).expect("body");
            let mut depth = 0;
            let mut body_end = body_start;
            for (j, c) in text[body_start..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            body_end = body_start + j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let body = &text[body_start..body_end];
            let name = text[i + 14..].split('(').next().unwrap_or_default();
            assert!(
                wrappers.iter().any(|w| body.contains(w)),
                "{}: {name} is not behind the panic boundary",
                path.display()
            );
            checked += 1;
        }
        // The helpers themselves go through the boundary (`set_text` through `update`).
        for (helper, reaches) in [
            ("fn with<", "boundary"),
            ("fn update(", "boundary"),
            ("fn set_text(", "update("),
            ("fn string(", "boundary"),
        ] {
            if let Some(at) = text.find(helper) {
                let rest = &text[at..];
                let end = rest.find("\n}\n").unwrap_or(rest.len());
                assert!(
                    rest[..end].contains(reaches),
                    "{}: {helper} does not reach the boundary",
                    path.display()
                );
            }
        }
    }
    assert!(checked > 50, "found only {checked} entry points");
}

//! Request signing: known-answer vectors (official and derived), the typed request body, and
//! independent cross-checks against the `openssl` CLI in both directions.

mod common;

use common::*;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use wechatpay_product_coupon::api::{
    AssociatedOrderInfo, ProductCouponDisplayInfo, UpdateProductCouponRequest, UseCouponRequest,
    UserCouponRef,
};
use wechatpay_product_coupon::endpoint::{ApiRequest, Method};
use wechatpay_product_coupon::signing::{self, RequestSigner, NONCE_LEN, SCHEME};
use wechatpay_product_coupon::{target, Error, MerchantPrivateKey};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const MCHID: &str = "1900000001";
const SERIAL: &str = "0C4AEF34B89340881BB2B25226393DC2E47F094B";
const TIMESTAMP: i64 = 1554208460;
const NONCE: &str = "593BEC0C930BF1AFEB40B4A08C8FB242";

const GET_TARGET: &str = "/v3/marketing/partner/product-coupon/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code_123456?product_coupon_id=1000000013&stock_id=1000000013001&appid=wx233544546545989&brand_id=120344";
const PATCH_TARGET: &str = "/v3/marketing/partner/product-coupon/product-coupons/1000000013";
const PATCH_BODY: &str = r#"{"out_request_no":"12345_20250101_A3489","display_info":{"name":"全场满100立打8折-新名字","image_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx","background_url":"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx","detail_image_url_list":["https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"]},"brand_id":"120344"}"#;

fn sandbox_key_path() -> PathBuf {
    sandbox_path("merchant_private_key.pem")
}

fn derived() -> serde_json::Value {
    serde_json::from_str(&read_data("derived_vectors.json")).expect("derived_vectors.json parses")
}

fn vector_str(v: &serde_json::Value, vector: &str, field: &str) -> String {
    v[vector][field]
        .as_str()
        .unwrap_or_else(|| panic!("derived_vectors.json: {vector}.{field} missing"))
        .to_owned()
}

fn go_key_pkcs8() -> MerchantPrivateKey {
    MerchantPrivateKey::from_pem(&read_data("go_test_private_key_pkcs8.pem")).expect("PKCS#8 key")
}

fn go_key_pkcs1() -> MerchantPrivateKey {
    MerchantPrivateKey::from_pem(&read_data("derived_go_test_private_key_pkcs1.pem"))
        .expect("PKCS#1 key")
}

fn signer(key: MerchantPrivateKey) -> RequestSigner {
    RequestSigner::new(MCHID, SERIAL, key).expect("valid signer")
}

fn expected_header(nonce: &str, signature: &str, timestamp: i64, serial: &str) -> String {
    format!(
        "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{serial}\""
    )
}

/// Signs `message` with `openssl dgst -sha256 -sign key` and returns the signature in Base64.
fn openssl_sign_base64(scratch: &Scratch, key: &Path, message: &[u8]) -> String {
    let msg = scratch.write("openssl-msg.bin", message);
    let sig = scratch.path("openssl-sig.bin");
    let (ok, _, err) = openssl([
        OsStr::new("dgst"),
        OsStr::new("-sha256"),
        OsStr::new("-sign"),
        key.as_os_str(),
        OsStr::new("-out"),
        sig.as_os_str(),
        msg.as_os_str(),
    ]);
    assert!(ok, "openssl dgst -sign failed: {err}");
    let raw = std::fs::read(&sig).expect("openssl wrote the signature");
    base64::engine::general_purpose::STANDARD.encode(raw)
}

/// Derives the public key of `key` with `openssl pkey -pubout`.
fn openssl_public_key(scratch: &Scratch, key: &Path) -> PathBuf {
    let public = scratch.path("pub.pem");
    let (ok, _, err) = openssl([
        OsStr::new("pkey"),
        OsStr::new("-in"),
        key.as_os_str(),
        OsStr::new("-pubout"),
        OsStr::new("-out"),
        public.as_os_str(),
    ]);
    assert!(ok, "openssl pkey -pubout failed: {err}");
    public
}

/// Whether `openssl dgst -sha256 -verify pub -signature sig` accepts `signature_b64` over `message`.
fn openssl_verifies(scratch: &Scratch, public: &Path, message: &[u8], signature_b64: &str) -> bool {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(signature_b64)
        .expect("our signature is Base64");
    let msg = scratch.write("verify-msg.bin", message);
    let sig = scratch.write("verify-sig.bin", &raw);
    let (ok, stdout, _) = openssl([
        OsStr::new("dgst"),
        OsStr::new("-sha256"),
        OsStr::new("-verify"),
        public.as_os_str(),
        OsStr::new("-signature"),
        sig.as_os_str(),
        msg.as_os_str(),
    ]);
    ok && String::from_utf8_lossy(&stdout).contains("Verified OK")
}

fn cross_check_messages() -> Vec<(&'static str, Vec<u8>)> {
    let ten_kb: Vec<u8> = (0..10 * 1024)
        .map(|i| b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789{}\":,\n"[i % 68])
        .collect();
    vec![
        ("ascii", b"source".to_vec()),
        (
            "ascii canonical request",
            signing::canonical_request("GET", GET_TARGET, TIMESTAMP, NONCE, b""),
        ),
        (
            "utf-8 chinese",
            "全场满100立打8折-新名字 商品券".as_bytes().to_vec(),
        ),
        (
            "utf-8 canonical request",
            signing::canonical_request(
                "PATCH",
                PATCH_TARGET,
                TIMESTAMP,
                NONCE,
                PATCH_BODY.as_bytes(),
            ),
        ),
        ("empty", Vec::new()),
        (
            "empty body canonical request",
            signing::canonical_request("POST", "/v3/x", TIMESTAMP, NONCE, b""),
        ),
        ("10 KB", ten_kb),
    ]
}

fn cross_check_keys() -> Vec<(&'static str, PathBuf)> {
    vec![
        ("go PKCS#8", data_path("go_test_private_key_pkcs8.pem")),
        (
            "go PKCS#1",
            data_path("derived_go_test_private_key_pkcs1.pem"),
        ),
        ("java merchant", data_path("java_merchant_private_key.pem")),
        ("sandbox merchant", sandbox_key_path()),
    ]
}

// ---------------------------------------------------------------------------------------------
// Official vectors
// ---------------------------------------------------------------------------------------------

#[test]
fn go_official_vector_sign_source() {
    let expected = read_data("go_sign_source_expected_signature.txt");
    let signature = go_key_pkcs8().sign_base64(b"source").expect("signs");
    assert_eq!(signature, expected.trim());
}

#[test]
fn java_official_vector_sign_message() {
    let key = MerchantPrivateKey::from_pem(&read_data("java_merchant_private_key.pem"))
        .expect("java key loads");
    let expected = read_data("java_sign_message_expected_signature.txt");
    assert_eq!(key.sign_base64(b"message").expect("signs"), expected.trim());
}

// ---------------------------------------------------------------------------------------------
// Derived vectors: canonical message and complete Authorization header
// ---------------------------------------------------------------------------------------------

#[test]
fn derived_post_use_vector_message_and_header_with_pkcs8_and_pkcs1() {
    let v = derived();
    let name = "request_signing_post_use";
    assert_eq!(vector_str(&v, name, "method"), "POST");
    assert_eq!(vector_str(&v, name, "timestamp"), TIMESTAMP.to_string());
    assert_eq!(vector_str(&v, name, "nonce"), NONCE);
    let target = vector_str(&v, name, "canonical_url");
    let body = vector_str(&v, name, "body");
    let message = signing::canonical_request("POST", &target, TIMESTAMP, NONCE, body.as_bytes());
    assert_eq!(message, vector_str(&v, name, "message").as_bytes());

    let signature = vector_str(&v, name, "signature");
    let header = expected_header(NONCE, &signature, TIMESTAMP, SERIAL);
    assert_eq!(
        header,
        vector_str(
            &v,
            name,
            "authorization_example (mchid/serial illustrative)"
        )
    );
    for key in [go_key_pkcs8(), go_key_pkcs1()] {
        let auth = signer(key)
            .authorization("POST", &target, body.as_bytes(), TIMESTAMP, NONCE)
            .expect("authorization");
        assert_eq!(auth, header);
    }
}

#[test]
fn derived_get_with_query_vector_message_and_header_with_pkcs8_and_pkcs1() {
    let v = derived();
    let name = "request_signing_get_with_query";
    let built = target::build(
        &format!(
            "{}/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code_123456",
            target::API_PREFIX
        ),
        &[
            ("product_coupon_id", "1000000013"),
            ("stock_id", "1000000013001"),
            ("appid", "wx233544546545989"),
            ("brand_id", "120344"),
        ],
    )
    .expect("target builds");
    assert_eq!(built, GET_TARGET);
    let message = signing::canonical_request("GET", GET_TARGET, TIMESTAMP, NONCE, b"");
    assert_eq!(message, vector_str(&v, name, "message").as_bytes());

    let header = expected_header(NONCE, &vector_str(&v, name, "signature"), TIMESTAMP, SERIAL);
    for key in [go_key_pkcs8(), go_key_pkcs1()] {
        let auth = signer(key)
            .authorization("GET", GET_TARGET, b"", TIMESTAMP, NONCE)
            .expect("authorization");
        assert_eq!(auth, header);
    }
}

#[test]
fn derived_patch_utf8_body_vector_message_and_header_with_pkcs8_and_pkcs1() {
    let v = derived();
    let name = "request_signing_patch_utf8_body";
    let message = signing::canonical_request(
        "PATCH",
        PATCH_TARGET,
        TIMESTAMP,
        NONCE,
        PATCH_BODY.as_bytes(),
    );
    assert_eq!(message, vector_str(&v, name, "message").as_bytes());

    let header = expected_header(NONCE, &vector_str(&v, name, "signature"), TIMESTAMP, SERIAL);
    for key in [go_key_pkcs8(), go_key_pkcs1()] {
        let auth = signer(key)
            .authorization(
                "PATCH",
                PATCH_TARGET,
                PATCH_BODY.as_bytes(),
                TIMESTAMP,
                NONCE,
            )
            .expect("authorization");
        assert_eq!(auth, header);
    }
}

/// The official examples' coupon, as in the derived `use` vector.
fn example_coupon() -> UserCouponRef {
    UserCouponRef {
        openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
        coupon_code: "Code_123456".into(),
        product_coupon_id: "1000000013".into(),
        stock_id: "1000000013001".into(),
        appid: "wx233544546545989".into(),
        brand_id: "120344".into(),
    }
}

#[test]
fn typed_use_coupon_request_encodes_to_the_vector_target_and_body_and_reproduces_its_signature() {
    let req = UseCouponRequest::new(
        example_coupon(),
        "MCHUSE202003101234",
        time::macros::datetime!(2025-08-03 12:00:00 +08:00),
        AssociatedOrderInfo::transaction_id("4200000000123456789123456789"),
    );
    req.validate().expect("the example request is valid");
    let encoded = req.encode().expect("encodes");
    let v = derived();
    let name = "request_signing_post_use";
    assert_eq!(encoded.method, Method::Post);
    assert_eq!(encoded.method.as_str(), vector_str(&v, name, "method"));
    assert_eq!(encoded.endpoint, UseCouponRequest::ENDPOINT);
    assert_eq!(encoded.target, vector_str(&v, name, "canonical_url"));
    let body = encoded.body.clone().expect("a POST has a body");
    assert_eq!(
        String::from_utf8_lossy(&body),
        vector_str(&v, name, "body"),
        "typed body differs from the vector body"
    );
    assert_eq!(body, vector_str(&v, name, "body").as_bytes());
    assert_eq!(encoded.body_bytes(), body.as_slice());

    let message = signing::canonical_request(
        encoded.method.as_str(),
        &encoded.target,
        TIMESTAMP,
        NONCE,
        encoded.body_bytes(),
    );
    assert_eq!(message, vector_str(&v, name, "message").as_bytes());
    let auth = signer(go_key_pkcs8())
        .authorization(
            encoded.method.as_str(),
            &encoded.target,
            encoded.body_bytes(),
            TIMESTAMP,
            NONCE,
        )
        .expect("authorization");
    assert_eq!(
        auth,
        expected_header(NONCE, &vector_str(&v, name, "signature"), TIMESTAMP, SERIAL)
    );
}

#[test]
fn typed_update_request_encodes_to_the_patch_vector_target_and_body_and_reproduces_its_signature() {
    let mut display = ProductCouponDisplayInfo::new(
        "全场满100立打8折-新名字",
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
        "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
    );
    display
        .detail_image_url_list
        .push("https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx".into());
    let req =
        UpdateProductCouponRequest::new("1000000013", "120344", "12345_20250101_A3489", display);
    let encoded = req.encode().expect("encodes");
    assert_eq!(encoded.method, Method::Patch);
    assert_eq!(encoded.endpoint, UpdateProductCouponRequest::ENDPOINT);
    assert_eq!(encoded.target, PATCH_TARGET);
    assert_eq!(encoded.body_bytes(), PATCH_BODY.as_bytes());

    let v = derived();
    let name = "request_signing_patch_utf8_body";
    let message = signing::canonical_request(
        encoded.method.as_str(),
        &encoded.target,
        TIMESTAMP,
        NONCE,
        encoded.body_bytes(),
    );
    assert_eq!(message, vector_str(&v, name, "message").as_bytes());
    let auth = signer(go_key_pkcs1())
        .authorization(
            encoded.method.as_str(),
            &encoded.target,
            encoded.body_bytes(),
            TIMESTAMP,
            NONCE,
        )
        .expect("authorization");
    assert_eq!(
        auth,
        expected_header(NONCE, &vector_str(&v, name, "signature"), TIMESTAMP, SERIAL)
    );
}

// ---------------------------------------------------------------------------------------------
// openssl cross-checks
// ---------------------------------------------------------------------------------------------

#[test]
fn openssl_signatures_equal_ours_for_every_key_and_message() {
    let scratch = Scratch::new("opensslsign");
    for (key_name, key_path) in cross_check_keys() {
        let key = MerchantPrivateKey::from_pem_file(&key_path).expect("key loads");
        for (msg_name, message) in cross_check_messages() {
            let theirs = openssl_sign_base64(&scratch, &key_path, &message);
            let ours = key.sign_base64(&message).expect("signs");
            assert_eq!(ours, theirs, "key {key_name}, message {msg_name}");
        }
    }
}

#[test]
fn openssl_verifies_our_signatures_for_every_key_and_message() {
    let scratch = Scratch::new("opensslverify");
    for (key_name, key_path) in cross_check_keys() {
        let key = MerchantPrivateKey::from_pem_file(&key_path).expect("key loads");
        let public = openssl_public_key(&scratch, &key_path);
        for (msg_name, message) in cross_check_messages() {
            let ours = key.sign_base64(&message).expect("signs");
            assert!(
                openssl_verifies(&scratch, &public, &message, &ours),
                "openssl rejected our signature: key {key_name}, message {msg_name}"
            );
            // The check is meaningful: the same signature over another message is refused.
            let mut other = message.clone();
            other.push(b'!');
            assert!(
                !openssl_verifies(&scratch, &public, &other, &ours),
                "openssl accepted a signature over a different message: key {key_name}, message {msg_name}"
            );
        }
    }
}

#[test]
fn openssl_verifies_the_signature_inside_our_authorization_header() {
    let scratch = Scratch::new("opensslauth");
    let key_path = sandbox_key_path();
    let public = openssl_public_key(&scratch, &key_path);
    let signer = RequestSigner::new(
        "1900000001",
        "5A4E44424F58000000000000000000000001",
        MerchantPrivateKey::from_pem_file(&key_path).expect("sandbox key loads"),
    )
    .expect("signer");
    let nonce = signer.nonce().expect("nonce");
    let auth = signer
        .authorization(
            "PATCH",
            PATCH_TARGET,
            PATCH_BODY.as_bytes(),
            1754064001,
            nonce.as_str(),
        )
        .expect("authorization");
    let signature = auth
        .split("signature=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("header has a signature");
    let message = signing::canonical_request(
        "PATCH",
        PATCH_TARGET,
        1754064001,
        nonce.as_str(),
        PATCH_BODY.as_bytes(),
    );
    assert!(openssl_verifies(&scratch, &public, &message, signature));
}

// ---------------------------------------------------------------------------------------------
// Nonces
// ---------------------------------------------------------------------------------------------

#[test]
fn nonces_are_32_ascii_alphanumerics_and_1000_draws_are_distinct() {
    let signer = signer(go_key_pkcs8());
    let mut seen = HashSet::new();
    for _ in 0..1000 {
        let nonce = signer.nonce().expect("nonce");
        let text = nonce.as_str();
        assert_eq!(text.len(), 32);
        assert_eq!(NONCE_LEN, 32);
        assert!(
            text.bytes().all(|b| b.is_ascii_alphanumeric()),
            "non-alphanumeric nonce {text:?}"
        );
        assert!(seen.insert(text.to_owned()), "repeated nonce {text:?}");
    }
    assert_eq!(seen.len(), 1000);
}

#[test]
fn a_generated_nonce_is_accepted_by_authorization() {
    let signer = signer(go_key_pkcs8());
    let nonce = signer.nonce().expect("nonce");
    let auth = signer
        .authorization("GET", GET_TARGET, b"", TIMESTAMP, nonce.as_str())
        .expect("authorization");
    assert!(auth.starts_with(SCHEME));
    assert!(auth.contains(&format!("nonce_str=\"{}\"", nonce.as_str())));
}

// ---------------------------------------------------------------------------------------------
// Input validation
// ---------------------------------------------------------------------------------------------

fn assert_invalid_field(result: Result<String, Error>, expected_field: &str) {
    match result {
        Err(Error::InvalidRequest { field, rule }) => {
            assert_eq!(field, expected_field, "rule: {rule}");
        }
        other => panic!("expected InvalidRequest for {expected_field}, got {other:?}"),
    }
}

#[test]
fn authorization_rejects_a_lower_case_method_naming_the_field() {
    let signer = signer(go_key_pkcs8());
    for method in ["post", "Post", "pAtCh", ""] {
        let result = signer.authorization(method, PATCH_TARGET, b"", TIMESTAMP, NONCE);
        assert_invalid_field(result, "method");
    }
    let err = signer
        .authorization("post", PATCH_TARGET, b"", TIMESTAMP, NONCE)
        .expect_err("lower-case method");
    assert!(err.to_string().contains("method"), "{err}");
}

#[test]
fn authorization_rejects_a_nonce_with_non_alphanumerics_naming_the_field() {
    let signer = signer(go_key_pkcs8());
    for nonce in [
        "593BEC0C-930BF1AF",
        "593BEC0C 930BF1AF",
        "nonce\"injection",
        "abc,def",
        "非ASCII",
        "",
    ] {
        let result = signer.authorization("POST", PATCH_TARGET, b"", TIMESTAMP, nonce);
        assert_invalid_field(result, "nonce");
    }
    let err = signer
        .authorization("POST", PATCH_TARGET, b"", TIMESTAMP, "a\"b")
        .expect_err("bad nonce");
    assert!(err.to_string().contains("nonce"), "{err}");
}

/// Asserts a `Config` error for `expected_setting` whose problem quotes `value`.
fn assert_config_error(result: Result<RequestSigner, Error>, expected_setting: &str, value: &str) {
    let err = result.expect_err("invalid signer configuration");
    match &err {
        Error::Config { setting, problem } => {
            assert_eq!(*setting, expected_setting, "{err}");
            assert!(problem.contains(&format!("{value:?}")), "{problem}");
        }
        other => panic!("{value:?}: expected Error::Config, got {other:?}"),
    }
    assert!(err.to_string().contains(expected_setting), "{err}");
}

#[test]
fn signer_new_rejects_a_non_digit_mchid_with_config_error() {
    for mchid in ["19000a0001", "", " 1900000001", "1900000001\n", "１９００"] {
        assert_config_error(
            RequestSigner::new(mchid, SERIAL, go_key_pkcs8()),
            "mchid",
            mchid,
        );
    }
}

#[test]
fn signer_new_rejects_a_non_hex_serial_with_config_error() {
    for serial in [
        "0C4AEF34B89340881BB2B25226393DC2E47F094G",
        "",
        "0C4A EF34",
        "PUB_KEY_ID_0114",
    ] {
        assert_config_error(
            RequestSigner::new(MCHID, serial, go_key_pkcs8()),
            "merchant_serial",
            serial,
        );
    }
}

#[test]
fn signer_accessors_return_what_was_configured() {
    let signer = signer(go_key_pkcs8());
    assert_eq!(signer.mchid(), MCHID);
    assert_eq!(signer.serial_no(), SERIAL);
}

// ---------------------------------------------------------------------------------------------
// Secrecy
// ---------------------------------------------------------------------------------------------

#[test]
fn request_signer_debug_contains_no_line_of_the_private_key_pem() {
    for (name, pem) in [
        ("pkcs8", read_data("go_test_private_key_pkcs8.pem")),
        ("pkcs1", read_data("derived_go_test_private_key_pkcs1.pem")),
    ] {
        let signer = signer(MerchantPrivateKey::from_pem(&pem).expect("key"));
        for debug in [format!("{signer:?}"), format!("{signer:#?}")] {
            assert!(debug.contains(MCHID), "{debug}");
            let lines = pem_body_lines(&pem);
            assert!(lines.len() > 10, "expected a real PEM body");
            for line in lines {
                assert!(
                    !debug.contains(&line),
                    "{name}: Debug of RequestSigner leaks the PEM line {line:?}"
                );
            }
        }
    }
}

//! The official AES-256-GCM vectors and the derived `PRODUCT_COUPON_SP.SEND` vector.

use super::*;

// ---------------------------------------------------------------------------------------------
// Official AES-256-GCM vectors
// ---------------------------------------------------------------------------------------------

#[test]
fn java_aead_aes_cipher_test_vector_decrypts_and_encrypts() {
    // wechatpay-java AeadAesCipherTest.
    let key = apiv3_key();
    let plain = key.decrypt(
        "uluk4a9R25RW",
        "associatedData",
        "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=",
    );
    assert_eq!(plain.as_deref(), Ok(&b"message"[..]));
    let sealed = key.encrypt("uluk4a9R25RW", "associatedData", b"message");
    assert_eq!(sealed.as_deref(), Ok("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI="));
}

#[test]
fn java_certificate_download_vector_decrypts_to_the_certificate() {
    // wechatpay-java TestConfig.DOWNLOAD_CERTIFICATE_RESPONSE: AAD "certificate".
    let ciphertext = read_data("java_download_certificate_ciphertext.b64");
    let plain = apiv3_key()
        .decrypt("14b16c03dc1b", "certificate", ciphertext.trim())
        .expect("the official vector decrypts");
    let expected = read_data("java_download_certificate_plaintext.pem");
    assert_eq!(String::from_utf8_lossy(&plain).trim(), expected.trim());
    let cert = PlatformCertificate::from_pem_bytes(&plain).expect("a certificate");
    assert_eq!(cert.serial(), "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC");
    // Another AAD fails authentication: the AAD is bound.
    let other = apiv3_key().decrypt("14b16c03dc1b", "", ciphertext.trim());
    assert_eq!(other, Err(AeadError::Authentication));
}

#[test]
fn aes_256_gcm_agrees_with_node_crypto_both_ways() {
    // Node's `crypto` (OpenSSL underneath) is an implementation independent of ring.
    let script = r#"
const c = require('crypto');
const [key, nonce, aad, ours, plain] = process.argv.slice(1);
const d = c.createDecipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
const raw = Buffer.from(ours, 'base64');
d.setAuthTag(raw.subarray(raw.length - 16));
d.setAAD(Buffer.from(aad));
const opened = Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]).toString();
const e = c.createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
e.setAAD(Buffer.from(aad));
const sealed = Buffer.concat([e.update(Buffer.from(plain)), e.final(), e.getAuthTag()]).toString('base64');
console.log(JSON.stringify({opened, sealed}));
"#;
    let key = apiv3_key();
    for (nonce, aad, plain) in [
        ("0123456789ab", "product_coupon", send_plaintext()),
        ("zzzzzzzzzzzz", "", "{}".to_owned()),
        ("AbCdEfGhIjKl", "certificate", "多字节 UTF-8 ✓".to_owned()),
    ] {
        let ours = key.encrypt(nonce, aad, plain.as_bytes()).expect("encrypt");
        let out = Command::new("node")
            .args(["-e", script, JAVA_APIV3_KEY, nonce, aad, &ours, &plain])
            .output()
            .expect("node must be installed for this cross-check");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let node: serde_json::Value = serde_json::from_slice(&out.stdout).expect("node JSON");
        assert_eq!(
            node["opened"],
            plain.as_str(),
            "node opens what ring sealed"
        );
        let theirs = node["sealed"].as_str().expect("text");
        assert_eq!(
            theirs, ours,
            "the same key, nonce and AAD give the same bytes"
        );
        let opened = key
            .decrypt(nonce, aad, theirs)
            .expect("ring opens what node sealed");
        assert_eq!(opened, plain.as_bytes());
    }
}

// ---------------------------------------------------------------------------------------------
// The derived PRODUCT_COUPON_SP.SEND vector
// ---------------------------------------------------------------------------------------------

#[test]
fn the_derived_send_notification_verifies_decrypts_and_parses() {
    let n = Request::vector()
        .parse(TS + 10)
        .expect("the vector is accepted");
    assert_eq!(n.id, "EV-2018022511223320873");
    assert_eq!(n.event_type, "PRODUCT_COUPON_SP.SEND");
    assert_eq!(n.create_time, "2025-08-02T00:00:01+08:00");
    assert_eq!(n.resource_type, "encrypt-resource");
    assert_eq!(n.summary, "商品券通知");
    assert_eq!(n.original_type, "product_coupon");
    assert_eq!(n.plaintext, send_plaintext());
    let NotificationEvent::CouponSent(sent) = &n.event else {
        panic!("expected CouponSent, got {:?}", n.event);
    };
    assert_eq!(sent.coupon_code, "Code_123456");
    assert_eq!(sent.openid, "oh-394z-6CGkNoJrsDLTTUKiAnp4");
    assert_eq!(sent.product_coupon_id, "1000000013");
    assert_eq!(sent.stock_id, "1000000013001");
    assert_eq!(sent.brand_id, "120344");
    assert_eq!(sent.send_request_no, "MCHSEND202003101234");
    assert_eq!(sent.send_channel.as_ref().map(|c| c.as_str()), Some("API"));
    assert_eq!(
        sent.unionid.as_deref(),
        Some("o6_bmasdasdsad6_2sgVt7hMZOPfL")
    );
    assert_eq!(
        sent.valid_end_time.as_ref().map(|t| t.as_str()),
        Some("2025-08-31T23:59:59+08:00")
    );
    // The event serializes with its kind, for storage and for the C ABI.
    let json = serde_json::to_value(&n).expect("serialize");
    assert_eq!(json["event"]["kind"], "coupon_sent");
    assert_eq!(json["event"]["coupon_code"], "Code_123456");
}

#[test]
fn header_names_are_case_insensitive_and_other_headers_are_ignored() {
    let mut req = Request::vector();
    for (k, _) in &mut req.headers {
        *k = k.to_ascii_lowercase();
    }
    req.headers
        .push(("X-Forwarded-For".into(), b"10.0.0.1".to_vec()));
    assert!(req.parse(TS).is_ok());
}

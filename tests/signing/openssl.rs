//! Independent cross-checks against the `openssl` CLI in both directions.

use super::*;

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

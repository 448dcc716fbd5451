//! Tampering: any changed byte of the signed message is a signature mismatch.

use super::*;

#[test]
fn one_flipped_body_byte_is_a_signature_mismatch() {
    let r = derived_response();
    for index in [0, r.body.len() / 2, r.body.len() - 1] {
        let mut tampered = r.clone();
        tampered.body[index] ^= 0x01;
        assert_eq!(
            tampered.verify(&public_key_mode(), r.ts()),
            Err(VerifyFailure::SignatureMismatch {
                serial: PUB_KEY_ID.into()
            }),
            "byte {index}"
        );
    }
    let mut tampered = go_notification();
    let middle = tampered.body.len() / 2;
    tampered.body[middle] ^= 0x20;
    assert_eq!(
        tampered.verify(&certificate_mode(), GO_NOW),
        Err(VerifyFailure::SignatureMismatch {
            serial: GO_CERT_SERIAL.into()
        })
    );
}

#[test]
fn body_with_an_appended_newline_is_a_signature_mismatch() {
    let mut r = derived_response();
    r.body.push(b'\n');
    assert_eq!(
        r.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
    // The 204 signature does not cover a non-empty body.
    let mut r = derived_204();
    r.body = b"{}".to_vec();
    assert_eq!(
        r.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
}

#[test]
fn altered_timestamp_or_nonce_is_a_signature_mismatch() {
    let r = derived_response();
    let shifted = Response {
        timestamp: (r.ts() + 1).to_string(),
        ..r.clone()
    };
    assert_eq!(
        shifted.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
    let mut nonce = r.nonce.clone().into_bytes();
    nonce[0] = if nonce[0] == b'a' { b'b' } else { b'a' };
    let renonced = Response {
        nonce: String::from_utf8(nonce).expect("ASCII"),
        ..r.clone()
    };
    assert_eq!(
        renonced.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
}

#[test]
fn a_signature_of_another_message_is_a_signature_mismatch() {
    // The 204 signature presented with the non-empty body (and vice versa).
    let r = Response {
        signature: derived_204().signature,
        ..derived_response()
    };
    assert_eq!(
        r.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
    // A truncated signature (still valid Base64) is a mismatch too.
    let r = Response {
        signature: base64::engine::general_purpose::STANDARD.encode([0u8; 16]),
        ..derived_response()
    };
    assert_eq!(
        r.verify(&public_key_mode(), r.ts()),
        Err(VerifyFailure::SignatureMismatch {
            serial: PUB_KEY_ID.into()
        })
    );
}

//! Loading from files: every loader names the file.

use super::*;

#[test]
fn file_load_failures_name_the_file_for_all_three_loaders() {
    // Each loader given the wrong kind of file, and files with content problems found at
    // different stages (PEM, DER, algorithm, size).
    let cases: Vec<(std::path::PathBuf, Result<(), Error>, &str)> = vec![
        {
            let path = data_path("java_merchant_certificate.pem");
            let r = MerchantPrivateKey::from_pem_file(&path).map(drop);
            (path, r, "certificate")
        },
        {
            let path = data_path("go_test_public_key_spki.pem");
            let r = MerchantPrivateKey::from_pem_file(&path).map(drop);
            (path, r, "public key")
        },
        {
            let path = data_path("generated/ec_p256_private_key_pkcs8.pem");
            let r = MerchantPrivateKey::from_pem_file(&path).map(drop);
            (path, r, "EC (or SM2) private key")
        },
        {
            let path = data_path("generated/rsa1024_private_key_pkcs8.pem");
            let r = MerchantPrivateKey::from_pem_file(&path).map(drop);
            (path, r, "1024-bit")
        },
        {
            let path = data_path("generated/encrypted_pkcs8_rsa2048_private_key.pem");
            let r = MerchantPrivateKey::from_pem_file(&path).map(drop);
            (path, r, "encrypted")
        },
        {
            let path = data_path("java_wechat_pay_certificate.pem");
            let r = WechatPayPublicKey::from_pem_file(PUB_KEY_ID, &path).map(drop);
            (path, r, "certificate")
        },
        {
            let path = data_path("java_wechat_pay_private_key.pem");
            let r = WechatPayPublicKey::from_pem_file(PUB_KEY_ID, &path).map(drop);
            (path, r, "private key")
        },
        {
            let path = data_path("generated/rsa1024_public_key_spki.pem");
            let r = WechatPayPublicKey::from_pem_file(PUB_KEY_ID, &path).map(drop);
            (path, r, "1024-bit")
        },
        {
            let path = data_path("java_wechat_pay_public_key.pem");
            let r = PlatformCertificate::from_pem_file(&path).map(drop);
            (path, r, "public key")
        },
        {
            let path = data_path("java_wechat_pay_private_key.pem");
            let r = PlatformCertificate::from_pem_file(&path).map(drop);
            (path, r, "private key")
        },
        {
            let path = data_path("generated/ec_p256_certificate.pem");
            let r = PlatformCertificate::from_pem_file(&path).map(drop);
            (path, r, "EC (or SM2) public key")
        },
        {
            let path = data_path("generated/rsa1024_certificate.pem");
            let r = PlatformCertificate::from_pem_file(&path).map(drop);
            (path, r, "1024-bit")
        },
    ];
    for (path, result, found_has) in cases {
        let err = assert_key_error(result, "", &[found_has]);
        assert_names_path(&err, &path);
    }

    // Files whose content fails before any key is parsed: no PEM, garbage Base64, not text.
    let scratch = Scratch::new("named");
    let no_pem = scratch.write("notes.txt", b"apiclient_key.pem goes here\n");
    let bad_b64 = scratch.write(
        "bad.pem",
        b"-----BEGIN CERTIFICATE-----\n*not base64*\n-----END CERTIFICATE-----\n",
    );
    let binary = scratch.write("key.der", &[0x30, 0x82, 0xff, 0xfe, 0x80]);
    for path in [&no_pem, &bad_b64, &binary] {
        let errors = [
            MerchantPrivateKey::from_pem_file(path).map(drop),
            WechatPayPublicKey::from_pem_file(PUB_KEY_ID, path).map(drop),
            PlatformCertificate::from_pem_file(path).map(drop),
        ];
        for result in errors {
            let err = assert_key_error(result, "", &[]);
            assert_names_path(&err, path);
        }
    }
}

#[test]
fn empty_and_whitespace_only_files_are_reported_as_empty_files_by_all_three_loaders() {
    let scratch = Scratch::new("empty");
    let empty = scratch.write("empty.pem", b"");
    let blank = scratch.write("blank.pem", b"  \r\n\n\t \n");
    for path in [&empty, &blank] {
        let expected = format!("an empty file {}", path.display());
        let results = [
            (PRIVATE, MerchantPrivateKey::from_pem_file(path).map(drop)),
            (
                PUBLIC,
                WechatPayPublicKey::from_pem_file(PUB_KEY_ID, path).map(drop),
            ),
            (CERT, PlatformCertificate::from_pem_file(path).map(drop)),
        ];
        for (kind, result) in results {
            let err = assert_key_error(result, kind, &[&expected]);
            assert!(err.to_string().contains(&expected), "{err}");
            assert!(!err.to_string().contains("no PEM block"), "{err}");
        }
    }
}

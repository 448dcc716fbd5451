//! Platform certificates: serials and validity dates against `openssl`, rejected inputs.

use super::*;

/// Every certificate the tests load, with its serial where a source states it.
fn certificate_files() -> [(PathBuf, Option<&'static str>); 7] {
    [
        (
            data_path("java_wechat_pay_certificate.pem"),
            Some("440024045C4A427599D09BB4E3DE0279F2E813FD"),
        ),
        (
            data_path("go_notify_test_platform_certificate.pem"),
            Some("D7CE59D1F522D701"),
        ),
        (
            data_path("java_merchant_certificate.pem"),
            Some("5F1C72E2A8931B72A2E13AF8DEE92471EB397115"),
        ),
        (
            data_path("java_download_certificate_plaintext.pem"),
            Some("5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC"),
        ),
        (
            data_path("go_pem_test_certificate.pem"),
            Some("0C4AEF34B89340881BB2B25226393DC2E47F094B"),
        ),
        (
            sandbox_path("merchant_certificate.pem"),
            Some("5A4E44424F58000000000000000000000001"),
        ),
        (
            sandbox_path("wechatpay_platform_certificate.pem"),
            Some("5A4E44424F58000000000000000000000002"),
        ),
    ]
}

#[test]
fn certificate_serials_match_openssl() {
    for (path, known) in certificate_files() {
        let cert = PlatformCertificate::from_pem_file(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let theirs = openssl_serial(&path);
        assert_eq!(cert.serial(), theirs, "{}", path.display());
        if let Some(known) = known {
            assert_eq!(cert.serial(), known, "{}", path.display());
        }
    }
}

/// `notBefore`/`notAfter` from `openssl x509 -dates -dateopt iso_8601`, as Unix seconds
/// (converted here by the civil-calendar formula, independently of the crate's DER reader).
fn openssl_dates(path: &Path) -> (i64, i64) {
    let (ok, stdout, stderr) = openssl([
        OsStr::new("x509"),
        OsStr::new("-noout"),
        OsStr::new("-dates"),
        OsStr::new("-dateopt"),
        OsStr::new("iso_8601"),
        OsStr::new("-in"),
        path.as_os_str(),
    ]);
    assert!(ok, "openssl x509 -dates failed: {stderr}");
    let text = String::from_utf8(stdout).expect("ASCII output");
    let field = |name: &str| {
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {text:?}"));
        unix_seconds(line.trim())
    };
    (field("notBefore="), field("notAfter="))
}

/// `YYYY-MM-DD HH:MM:SSZ` → Unix seconds (Howard Hinnant's days-from-civil).
fn unix_seconds(iso: &str) -> i64 {
    let num = |range: std::ops::Range<usize>| -> i64 {
        iso.get(range)
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("date {iso:?}"))
    };
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let (hh, mm, ss) = (num(11..13), num(14..16), num(17..19));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hh * 3600 + mm * 60 + ss
}

#[test]
fn certificate_validity_dates_match_openssl() {
    assert_eq!(unix_seconds("1970-01-01 00:00:00Z"), 0);
    assert_eq!(unix_seconds("2000-03-01 00:00:00Z"), 951_868_800);
    for (path, _) in certificate_files() {
        let cert = PlatformCertificate::from_pem_file(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (not_before, not_after) = openssl_dates(&path);
        assert_eq!(
            (cert.not_before(), cert.not_after()),
            (not_before, not_after),
            "{}",
            path.display()
        );
    }
}

#[test]
fn certificate_from_text_and_bytes_give_the_same_serial() {
    let pem = read_data("java_wechat_pay_certificate.pem");
    let a = PlatformCertificate::from_pem(&pem).expect("text");
    let b = PlatformCertificate::from_pem_bytes(pem.as_bytes()).expect("bytes");
    let c = PlatformCertificate::from_pem(&pem.replace('\n', "\r\n")).expect("CRLF");
    assert_eq!(a.serial(), b.serial());
    assert_eq!(a.serial(), c.serial());
}

#[test]
fn public_key_passed_as_certificate_is_rejected() {
    assert_key_error(
        PlatformCertificate::from_pem(&read_data("java_wechat_pay_public_key.pem")),
        CERT,
        &["public key", "BEGIN PUBLIC KEY"],
    );
}

#[test]
fn private_key_passed_as_certificate_is_rejected() {
    assert_key_error(
        PlatformCertificate::from_pem(&read_data("java_wechat_pay_private_key.pem")),
        CERT,
        &["private key"],
    );
}

#[test]
fn certificate_block_with_garbage_der_is_rejected() {
    let text = "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n";
    assert_key_error(PlatformCertificate::from_pem(text), CERT, &["invalid DER"]);
}

//! Which key signs a response: the WeChat Pay public key or the platform certificate, and
//! clients holding one, the other, or both.

use super::*;

#[test]
fn default_client_gets_answers_signed_with_the_public_key() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox.client()?;
    let used = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSEPUBKEY0001"))?;
    assert_eq!(
        used.raw().header(headers::SERIAL),
        Some(sandbox::PUBLIC_KEY_ID)
    );
    let raw = client.call(
        Method::Post,
        &use_path(seed::OPENID, seed::SECOND_COUPON_CODE),
        &[],
        Some(&use_body("MCHUSEPUBKEY0002")),
    )?;
    assert_eq!(raw.header(headers::SERIAL), Some(sandbox::PUBLIC_KEY_ID));
    Ok(())
}

#[test]
fn certificate_mode_client_completes_the_three_calls_with_platform_signatures() -> TestResult {
    // Changed on purpose: the sandbox now signs with the platform certificate when the
    // request carries no Wechatpay-Serial, so a certificate-only client succeeds.
    let sandbox = Sandbox::start()?;
    let certificate = Sandbox::platform_certificate()?;
    assert_eq!(certificate.serial(), sandbox::PLATFORM_SERIAL);
    let client = sandbox.certificate_mode_client_builder()?.build()?;

    let used = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECERT000001"))?;
    assert_eq!(
        used.raw().header(headers::SERIAL),
        Some(sandbox::PLATFORM_SERIAL)
    );
    assert_eq!(used.parse()?.coupon_state, UserProductCouponState::Used);

    let deactivated = client.deactivate_coupon(&deactivate_request(
        seed::SECOND_COUPON_CODE,
        "MCHDEACTCERT0001",
    ))?;
    assert_eq!(
        deactivated.raw().header(headers::SERIAL),
        Some(sandbox::PLATFORM_SERIAL)
    );
    assert_eq!(
        deactivated.parse()?.coupon_state,
        UserProductCouponState::Deactivated
    );

    let updated = client.update_product_coupon(&update_request("MCHUPDATECERT001", "证书模式"))?;
    assert_eq!(
        updated.raw().header(headers::SERIAL),
        Some(sandbox::PLATFORM_SERIAL)
    );
    let product = updated.parse()?;
    assert_eq!(product.state, ProductCouponState::Effective);
    assert_eq!(product.display_info.name, "证书模式");
    Ok(())
}

#[test]
fn request_without_wechatpay_serial_is_signed_by_the_platform_certificate_not_the_public_key(
) -> TestResult {
    let sandbox = Sandbox::start()?;
    let now = sandbox.now().unix_timestamp();
    let encoded = encoded_use(seed::COUPON_CODE, "MCHUSENOSERIAL01");
    let answer = RawRequest::signed(&sandbox_signer()?, &encoded, now, None)?.send(&sandbox);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.header(headers::SERIAL),
        Some(sandbox::PLATFORM_SERIAL)
    );

    let certificate = VerifierKeys::new().with_certificate(Sandbox::platform_certificate()?);
    assert_eq!(answer.verify_with(&certificate), Ok(()));

    let public_key =
        VerifierKeys::new().with_public_key(sandbox_public_key(sandbox::PUBLIC_KEY_ID)?);
    assert_eq!(
        answer.verify_with(&public_key),
        Err(VerifyFailure::UnknownSerial {
            received: sandbox::PLATFORM_SERIAL.to_owned(),
            configured: vec![sandbox::PUBLIC_KEY_ID.to_owned()],
        })
    );
    // Not merely an unknown name: the public key does not verify this signature at all.
    let public_key_as_platform =
        VerifierKeys::new().with_public_key(sandbox_public_key(sandbox::PLATFORM_SERIAL)?);
    assert_eq!(
        answer.verify_with(&public_key_as_platform),
        Err(VerifyFailure::SignatureMismatch {
            serial: sandbox::PLATFORM_SERIAL.to_owned()
        })
    );

    // Naming the platform serial asks for the same signer.
    let encoded = encoded_use(seed::SECOND_COUPON_CODE, "MCHUSENOSERIAL02");
    let answer = RawRequest::signed(
        &sandbox_signer()?,
        &encoded,
        now,
        Some(sandbox::PLATFORM_SERIAL),
    )?
    .send(&sandbox);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.header(headers::SERIAL),
        Some(sandbox::PLATFORM_SERIAL)
    );
    assert_eq!(answer.verify_with(&certificate), Ok(()));
    Ok(())
}

#[test]
fn client_holding_only_the_platform_key_rejects_a_public_key_signature() -> TestResult {
    // The platform certificate's public key, registered under the public key ID: the client
    // asks for public-key signatures but can only verify platform ones.
    let (ok, spki, stderr) = common::openssl([
        "x509".as_ref(),
        "-noout".as_ref(),
        "-pubkey".as_ref(),
        "-in".as_ref(),
        sandbox::test_key_path("wechatpay_platform_certificate.pem").as_os_str(),
    ]);
    assert!(ok, "openssl x509 -pubkey failed: {stderr}");
    let spki = String::from_utf8(spki).expect("PEM text");
    let platform_key = WechatPayPublicKey::from_pem(sandbox::PUBLIC_KEY_ID, &spki)?;

    let sandbox = Sandbox::start()?;
    let client = sandbox_identity_builder(&sandbox.base_url())?
        .wechatpay_public_key(platform_key)
        .build()?;
    let err = client
        .use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECERTONLY01"))
        .expect_err("a public-key signature cannot verify with the platform key");
    assert_eq!(
        expect_verification(err).reason,
        VerifyFailure::SignatureMismatch {
            serial: sandbox::PUBLIC_KEY_ID.to_owned()
        }
    );
    Ok(())
}

#[test]
fn client_with_public_key_and_certificate_sends_the_key_id_and_succeeds() -> TestResult {
    let sandbox = Sandbox::start()?;
    let client = sandbox
        .client_builder()?
        .platform_certificate(Sandbox::platform_certificate()?)
        .build()?;
    let response = client.use_coupon(&use_request(seed::COUPON_CODE, "MCHUSECERT000002"))?;
    // The sandbox signs with the public key only when the request names its ID.
    assert_eq!(
        response.raw().header(headers::SERIAL),
        Some(sandbox::PUBLIC_KEY_ID)
    );
    assert_eq!(response.parse()?.coupon_state, UserProductCouponState::Used);
    Ok(())
}

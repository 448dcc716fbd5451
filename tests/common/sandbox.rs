//! Helpers of the sandbox-backed test crates (`endpoints`, `client`, `secrets`): the sandbox
//! identity, the seed use request on the wire, and the unwrappers of each error variant.

use wechatpay_product_coupon::endpoint::{ApiRequest, EncodedRequest};
use wechatpay_product_coupon::error::{ApiError, TransportError, VerificationError};
use wechatpay_product_coupon::sandbox::{self, seed, Sandbox};
use wechatpay_product_coupon::signing::RequestSigner;
use wechatpay_product_coupon::{
    Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey,
};

use super::{data_path, use_request};

pub type TestResult = Result<(), Error>;

/// The target of a use of `coupon_code` held by `openid`.
pub fn use_path(openid: &str, coupon_code: &str) -> String {
    format!("/v3/marketing/partner/product-coupon/users/{openid}/coupons/{coupon_code}/use")
}

/// The JSON body of a seed use request, as the generic call sends it (path parameters go into
/// the target, not the body).
pub fn use_body(out_request_no: &str) -> Vec<u8> {
    encoded_use(seed::COUPON_CODE, out_request_no)
        .body
        .expect("use has a body")
}

/// The wire form (method, target, body) of a seed use request.
pub fn encoded_use(coupon_code: &str, out_request_no: &str) -> EncodedRequest {
    ApiRequest::encode(&use_request(coupon_code, out_request_no))
        .expect("the seed request is valid")
}

/// A builder with the sandbox identity (mchid, serial, merchant key) and base URL but no
/// verification key.
pub fn sandbox_identity_builder(base_url: &str) -> Result<ClientBuilder, Error> {
    Ok(Client::builder()
        .mchid(sandbox::MCHID)
        .merchant_serial(sandbox::MERCHANT_SERIAL)
        .private_key(MerchantPrivateKey::from_pem(
            sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM,
        )?)
        .base_url(base_url))
}

/// The sandbox's WeChat Pay public key under `id`.
pub fn sandbox_public_key(id: &str) -> Result<WechatPayPublicKey, Error> {
    WechatPayPublicKey::from_pem(id, sandbox::TEST_WECHATPAY_PUBLIC_KEY_PEM)
}

/// A request signer holding the sandbox merchant's identity and key.
pub fn sandbox_signer() -> Result<RequestSigner, Error> {
    RequestSigner::new(
        sandbox::MCHID,
        sandbox::MERCHANT_SERIAL,
        MerchantPrivateKey::from_pem(sandbox::TEST_MERCHANT_PRIVATE_KEY_PEM)?,
    )
}

/// A request signer with the sandbox identity but another merchant's private key.
pub fn wrong_key_signer() -> Result<RequestSigner, Error> {
    RequestSigner::new(
        sandbox::MCHID,
        sandbox::MERCHANT_SERIAL,
        MerchantPrivateKey::from_pem_file(data_path("go_test_private_key_pkcs8.pem"))?,
    )
}

/// The state of the seed user's coupon `code`, as the sandbox holds it.
pub fn state_of(sandbox: &Sandbox, code: &str) -> Option<String> {
    sandbox.coupon_state(seed::OPENID, code)
}

/// The API error of a plain `Error::Api` (panics on any other variant, naming it).
#[track_caller]
pub fn expect_api(err: Error) -> ApiError {
    match err {
        Error::Api(e) => *e,
        other => panic!("expected a plain Error::Api, got {other:?}"),
    }
}

/// The failure of a plain `Error::Verification` (panics on any other variant, naming it).
#[track_caller]
pub fn expect_verification(err: Error) -> VerificationError {
    match err {
        Error::Verification(e) => e,
        other => panic!("expected Error::Verification, got {other:?}"),
    }
}

/// The failure of a plain `Error::Transport` (panics on any other variant, naming it).
#[track_caller]
pub fn expect_transport(err: Error) -> TransportError {
    match err {
        Error::Transport(e) => e,
        other => panic!("expected a plain Error::Transport, got {other:?}"),
    }
}

/// The attempt count and the last error of `Error::RetriesExhausted`.
#[track_caller]
pub fn expect_exhausted(err: Error) -> (u32, Error) {
    match err {
        Error::RetriesExhausted { attempts, last, .. } => (attempts, *last),
        other => panic!("expected Error::RetriesExhausted, got {other:?}"),
    }
}

/// The Request-ID of an answer is the sandbox's (pass `err.request_id()` or an API error's
/// `request_id.as_deref()`).
#[track_caller]
pub fn assert_sandbox_request_id(request_id: Option<&str>) {
    let id = request_id.expect("a Request-ID");
    assert!(id.starts_with("08SANDBOX"), "unexpected Request-ID {id:?}");
}

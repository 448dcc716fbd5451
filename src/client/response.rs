//! What a successful call returns: the verified raw response, and its typed wrapper that
//! decodes into a view borrowing from the verified bytes.

use std::fmt;
use std::marker::PhantomData;

use ureq::http;

use crate::error::{DecodeError, Error};
use crate::protocol::endpoint::ResponseModel;
use crate::protocol::headers;

/// A verified 2xx response: status, headers and the exact body bytes that were verified.
///
/// ```no_run
/// # use wechatpay_product_coupon::{Client, Method};
/// # fn demo(client: &Client) -> Result<(), wechatpay_product_coupon::Error> {
/// let raw = client.call(Method::Get, "/v3/marketing/partner/product-coupon/product-coupons/1000000013",
///                       &[("brand_id", "120344")], None)?;
/// println!("{} {:?} {} bytes", raw.status(), raw.request_id(), raw.body().len());
/// let value: serde_json::Value = raw.json()?;
/// # Ok(()) }
/// ```
pub struct RawResponse {
    status: u16,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl RawResponse {
    pub(crate) fn new(status: u16, headers: http::HeaderMap, body: Vec<u8>) -> Self {
        RawResponse {
            status,
            headers,
            body,
        }
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first value of a header (case-insensitive), if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All headers as `(name, value bytes)`, names in lower case.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes()))
    }

    /// WeChat Pay's `Request-ID`.
    pub fn request_id(&self) -> Option<&str> {
        self.header(headers::REQUEST_ID)
    }

    /// The raw body, exactly as verified.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Takes the body out.
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }

    /// Decodes the body as JSON into `T`, which may borrow from it.
    pub fn json<'a, T: serde::Deserialize<'a>>(&'a self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::Decode(DecodeError::new(
                std::any::type_name::<T>(),
                e.to_string(),
                self.request_id().map(str::to_owned),
            ))
        })
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A verified response of a typed call. It owns the body; [`Verified::parse`] decodes it
/// into a view that borrows from it (zero-copy).
///
/// Decoding is separate from the call on purpose: when the call returns `Ok`, WeChat Pay
/// has done the operation and said so in a verified response, even if a future server
/// version sends something this crate cannot decode.
///
/// ```no_run
/// # use wechatpay_product_coupon::{Client, IntoOwned};
/// # use wechatpay_product_coupon::api::UseCouponRequest;
/// # use wechatpay_product_coupon::model::UserCoupon;
/// # fn demo(client: &Client, req: &UseCouponRequest) -> Result<(), wechatpay_product_coupon::Error> {
/// let verified = client.use_coupon(req)?;
/// let coupon = verified.parse()?;                  // borrows from `verified`
/// println!("{} is {}", coupon.coupon_code, coupon.coupon_state);
/// let kept: UserCoupon = coupon.into_owned();       // or keep an owned copy
/// # Ok(()) }
/// ```
pub struct Verified<M: ResponseModel> {
    raw: RawResponse,
    model: PhantomData<fn() -> M>,
}

impl<M: ResponseModel> Verified<M> {
    pub(crate) fn new(raw: RawResponse) -> Self {
        Verified {
            raw,
            model: PhantomData,
        }
    }

    /// Decodes the body into the borrowed model.
    pub fn parse(&self) -> Result<M::View<'_>, Error> {
        M::parse(&self.raw.body).map_err(|e| {
            Error::Decode(DecodeError {
                request_id: self.raw.request_id().map(str::to_owned),
                ..e
            })
        })
    }

    /// The verified raw response.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// WeChat Pay's `Request-ID`.
    pub fn request_id(&self) -> Option<&str> {
        self.raw.request_id()
    }

    /// Unwraps the raw response.
    pub fn into_raw(self) -> RawResponse {
        self.raw
    }
}

impl<M: ResponseModel> fmt::Debug for Verified<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("model", &M::NAME)
            .field("raw", &self.raw)
            .finish()
    }
}

//! What a successful call returns: the verified raw response, and its typed wrapper that
//! decodes into a view borrowing from the verified bytes.

use std::fmt;
use std::marker::PhantomData;

use ureq::http;

use crate::error::{DecodeError, Error};
use crate::model::{IntoOwned, ResponseModel};
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
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Method};
    /// # let client = Client::from_env()?;
    /// let raw = client.call(
    ///     Method::Get,
    ///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013",
    ///     &[("brand_id", "120344")],
    ///     None,
    /// )?;
    /// assert!((200..300).contains(&raw.status())); // only 2xx answers are returned
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first value of a header (case-insensitive), if it is text.
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Method};
    /// # let client = Client::from_env()?;
    /// let raw = client.call(
    ///     Method::Get,
    ///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013",
    ///     &[("brand_id", "120344")],
    ///     None,
    /// )?;
    /// // A verified response always carries the signature headers.
    /// assert!(raw.header("wechatpay-timestamp").is_some());
    /// println!("{:?}", raw.header(wechatpay_product_coupon::headers::SERIAL));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All headers as `(name, value bytes)`, names in lower case.
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Method};
    /// # let client = Client::from_env()?;
    /// let raw = client.call(
    ///     Method::Get,
    ///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013",
    ///     &[("brand_id", "120344")],
    ///     None,
    /// )?;
    /// for (name, value) in raw.headers() {
    ///     println!("{name}: {}", String::from_utf8_lossy(value));
    /// }
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes()))
    }

    /// WeChat Pay's `Request-ID`.
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Method};
    /// # let client = Client::from_env()?;
    /// let raw = client.call(
    ///     Method::Get,
    ///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013",
    ///     &[("brand_id", "120344")],
    ///     None,
    /// )?;
    /// if let Some(id) = raw.request_id() {
    ///     println!("quote {id} to WeChat Pay support");
    /// }
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.header(headers::REQUEST_ID)
    }

    /// The raw body, exactly as verified.
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Method};
    /// # let client = Client::from_env()?;
    /// let raw = client.call(
    ///     Method::Get,
    ///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013",
    ///     &[("brand_id", "120344")],
    ///     None,
    /// )?;
    /// let text = std::str::from_utf8(raw.body()).unwrap_or("<not UTF-8>");
    /// println!("{text}");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Takes the body out.
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Method};
    /// # let client = Client::from_env()?;
    /// let raw = client.call(
    ///     Method::Get,
    ///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013",
    ///     &[("brand_id", "120344")],
    ///     None,
    /// )?;
    /// let len = raw.body().len();
    /// let body: Vec<u8> = raw.into_body();
    /// assert_eq!(body.len(), len);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }

    /// Decodes the body as JSON into `T`, which may borrow from it.
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Method};
    /// # let client = Client::from_env()?;
    /// let raw = client.call(
    ///     Method::Get,
    ///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013",
    ///     &[("brand_id", "120344")],
    ///     None,
    /// )?;
    /// #[derive(serde::Deserialize)]
    /// struct Product<'a> {
    ///     product_coupon_id: &'a str, // borrowed from `raw`
    /// }
    /// let product: Product<'_> = raw.json()?;
    /// assert_eq!(product.product_coupon_id, "1000000013");
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn json<'a, T: serde::Deserialize<'a>>(&'a self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::Decode(DecodeError::new(
                std::any::type_name::<T>(),
                crate::model::json_failure(&self.body, &e),
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
/// let sent: UserCoupon = client.use_coupon(req)?.parse_owned()?; // in one step
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
    ///
    /// A decode failure is an [`Error::Decode`] carrying the `Request-ID`; the operation
    /// itself was done and verified.
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Error};
    /// # use wechatpay_product_coupon::api::UseCouponRequest;
    /// # fn demo(client: &Client, req: &UseCouponRequest) -> Result<(), Error> {
    /// let verified = client.use_coupon(req)?;
    /// let coupon = verified.parse()?; // a `UserProductCouponEntity<'_>` borrowing from `verified`
    /// assert_eq!(coupon.coupon_state.as_str(), "USED");
    /// # Ok(()) }
    /// ```
    pub fn parse(&self) -> Result<M::View<'_>, Error> {
        M::parse(&self.raw.body).map_err(|e| {
            Error::Decode(DecodeError {
                request_id: self.raw.request_id().map(str::to_owned),
                ..e
            })
        })
    }

    /// Decodes the body into the owned model, in one step: for callers who keep the result
    /// and do not need zero-copy. `client.send_coupon(&r)?.parse()?` does not compile (the
    /// view would borrow the temporary response); `client.send_coupon(&r)?.parse_owned()?`
    /// does. Errors are those of [`Verified::parse`].
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Error};
    /// # use wechatpay_product_coupon::api::SendCouponRequest;
    /// # use wechatpay_product_coupon::model::UserCoupon;
    /// # fn demo(client: &Client, req: &SendCouponRequest) -> Result<(), Error> {
    /// let sent: UserCoupon = client.send_coupon(req)?.parse_owned()?;
    /// println!("sent {} ({})", sent.coupon_code, sent.coupon_state);
    /// # Ok(()) }
    /// ```
    pub fn parse_owned(&self) -> Result<M, Error> {
        self.parse().map(IntoOwned::into_owned)
    }

    /// The verified raw response.
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Error};
    /// # use wechatpay_product_coupon::api::UseCouponRequest;
    /// # fn demo(client: &Client, req: &UseCouponRequest) -> Result<(), Error> {
    /// let verified = client.use_coupon(req)?;
    /// let raw = verified.raw();
    /// println!("HTTP {}, {} bytes", raw.status(), raw.body().len());
    /// # Ok(()) }
    /// ```
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// WeChat Pay's `Request-ID`.
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Error};
    /// # use wechatpay_product_coupon::api::UseCouponRequest;
    /// # fn demo(client: &Client, req: &UseCouponRequest) -> Result<(), Error> {
    /// let verified = client.use_coupon(req)?;
    /// println!("Request-ID {:?}", verified.request_id());
    /// # Ok(()) }
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.raw.request_id()
    }

    /// Unwraps the raw response.
    ///
    /// ```no_run
    /// # use wechatpay_product_coupon::{Client, Error};
    /// # use wechatpay_product_coupon::api::UseCouponRequest;
    /// # fn demo(client: &Client, req: &UseCouponRequest) -> Result<(), Error> {
    /// let verified = client.use_coupon(req)?;
    /// let body: Vec<u8> = verified.into_raw().into_body(); // e.g. to store the verified bytes
    /// # Ok(()) }
    /// ```
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

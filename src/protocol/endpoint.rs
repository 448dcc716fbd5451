//! What an endpoint is: one [`Endpoint`] description and one [`ApiRequest`] impl per request
//! type carry everything the client needs (method, path template, where the fields go, rate
//! limit, validation, response model), so adding an endpoint touches one file in
//! [`api`](crate::api).
//!
//! A request type serializes (serde) to its *travel form*: every field of the API, path
//! parameters included, which is also what it deserializes from. [`ApiRequest::encode`]
//! splits that form once: fields named in the path template become percent-encoded path
//! segments, the others become the JSON body (or, for `GET`, the query string).
//!
//! ```
//! use wechatpay_product_coupon::api::UseCouponRequest;
//! use wechatpay_product_coupon::endpoint::{ApiRequest, Method};
//!
//! let req: UseCouponRequest = serde_json::from_str(r#"{
//!     "openid": "oh-394z-6CGkNoJrsDLTTUKiAnp4", "coupon_code": "Code_123456",
//!     "product_coupon_id": "1000000013", "stock_id": "1000000013001",
//!     "appid": "wx233544546545989", "use_time": "2025-08-03T12:00:00+08:00",
//!     "out_request_no": "MCHUSE202003101234", "brand_id": "120344",
//!     "associated_order_info": {"transaction_id": "4200000000123456789123456789"}
//! }"#)?;
//! let encoded = req.encode()?;
//! assert_eq!(encoded.method, Method::Post);
//! assert_eq!(
//!     encoded.target,
//!     "/v3/marketing/partner/product-coupon/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code_123456/use"
//! );
//! assert!(!String::from_utf8_lossy(encoded.body.as_deref().unwrap_or_default()).contains("openid"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::protocol::multipart::{FilePart, MultipartForm};

/// HTTP methods the API uses.
///
/// ```
/// use wechatpay_product_coupon::Method;
/// assert_eq!(Method::Post.to_string(), "POST");
/// let method: Method = serde_json::from_str(r#""PATCH""#)?;
/// assert_eq!(method, Method::Patch);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Method {
    /// The upper-case name that is sent and signed.
    ///
    /// ```
    /// # use wechatpay_product_coupon::endpoint::Method;
    /// assert_eq!(Method::Patch.as_str(), "PATCH");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Parses an upper-case method name.
    ///
    /// ```
    /// # use wechatpay_product_coupon::endpoint::Method;
    /// assert_eq!(Method::parse("GET"), Some(Method::Get));
    /// assert_eq!(Method::parse("get"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Method> {
        [
            Method::Get,
            Method::Post,
            Method::Put,
            Method::Patch,
            Method::Delete,
        ]
        .into_iter()
        .find(|m| m.as_str() == name)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use super::encode::Params;

/// The description of one endpoint.
///
/// ```
/// use wechatpay_product_coupon::api::UseCouponRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let endpoint = UseCouponRequest::ENDPOINT;
/// assert_eq!(endpoint.name, "use_coupon");
/// assert_eq!(endpoint.rate_limit, 500);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    /// A stable snake_case identity, e.g. `use_coupon`: keys rate limits, names the endpoint
    /// in errors and in the C ABI.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/v3/…/users/{openid}/coupons/{coupon_code}/use`; each
    /// `{name}` is the request field of that name, percent-encoded as one segment.
    pub path: &'static str,
    /// Where the other fields go.
    pub params: Params,
    /// WeChat Pay's documented per-merchant limit, in calls per second (the default of
    /// [`RateLimits`](crate::RateLimits) when the client-side limiter is enabled).
    pub rate_limit: u32,
}

impl Endpoint {
    /// Describes an endpoint (for [`ApiRequest::ENDPOINT`]).
    ///
    /// ```
    /// use wechatpay_product_coupon::endpoint::{Endpoint, Method, Params};
    /// const GET_STOCK: Endpoint = Endpoint::new(
    ///     "get_stock", Method::Get, "/v3/marketing/partner/product-coupon/stocks/{stock_id}",
    ///     Params::Query, 100,
    /// );
    /// assert_eq!(GET_STOCK.path_params().collect::<Vec<_>>(), ["stock_id"]);
    /// ```
    pub const fn new(
        name: &'static str,
        method: Method,
        path: &'static str,
        params: Params,
        rate_limit: u32,
    ) -> Self {
        Endpoint {
            name,
            method,
            path,
            params,
            rate_limit,
        }
    }

    /// The names of the path template's parameters, in order.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::UseCouponRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let params: Vec<&str> = UseCouponRequest::ENDPOINT.path_params().collect();
    /// assert_eq!(params, ["openid", "coupon_code"]);
    /// ```
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        super::encode::template_params(self.path)
    }
}

/// A request ready to be signed and sent: computed once by [`ApiRequest::encode`], so every
/// retry sends (and signs) the same bytes.
///
/// ```
/// use wechatpay_product_coupon::api::{DeactivateCouponRequest, UserCouponRef};
/// use wechatpay_product_coupon::endpoint::{ApiRequest, Method};
/// # let coupon = UserCouponRef {
/// #     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
/// #     coupon_code: "Code_123456".parse()?,
/// #     product_coupon_id: "1000000013".parse()?,
/// #     stock_id: "1000000013001".parse()?,
/// #     appid: "wx233544546545989".parse()?,
/// #     brand_id: "120344".parse()?,
/// # };
/// let encoded = DeactivateCouponRequest::new(coupon, "MCHDEACTIVATE0001".parse()?, "商品已下线").encode()?;
/// assert_eq!(encoded.method, Method::Post);
/// assert!(encoded.target.ends_with("/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code_123456/deactivate"));
/// let body: serde_json::Value = serde_json::from_slice(encoded.body_bytes())?;
/// assert_eq!(body["deactivate_reason"], "商品已下线");
/// assert!(body.get("openid").is_none()); // path parameters are not repeated in the body
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncodedRequest {
    /// The endpoint's description.
    pub endpoint: Endpoint,
    /// The HTTP method.
    pub method: Method,
    /// The request-target (percent-encoded path and query), sent and signed as is.
    pub target: String,
    /// The JSON body, for endpoints that take one; for a multipart upload, the `meta` part.
    /// These are the bytes that are signed.
    pub body: Option<Vec<u8>>,
    /// For a multipart upload ([`Params::Multipart`]): the form that is sent (its `meta`
    /// part is [`body`](Self::body)).
    pub form: Option<MultipartForm>,
}

impl EncodedRequest {
    /// The body bytes to sign (empty when there is none): the JSON body, or the `meta` part
    /// of a multipart upload. [`sent_body`](Self::sent_body) is what goes on the wire.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::UpdateProductCouponRequest;
    /// # use wechatpay_product_coupon::api::ProductCouponDisplayInfo;
    /// # use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let req = UpdateProductCouponRequest::new(
    ///     "1000000013".parse()?, "120344".parse()?, "MCHUPDATE0001".parse()?,
    ///     ProductCouponDisplayInfo::new("新名字的商品券", "https://a/1.png", "https://a/2.png"),
    /// );
    /// let encoded = req.encode()?;
    /// assert!(encoded.body_bytes().starts_with(b"{\"out_request_no\""));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn body_bytes(&self) -> &[u8] {
        self.body.as_deref().unwrap_or_default()
    }

    /// The body bytes to send: the JSON body, or the whole form of a multipart upload;
    /// `None` when there is no body.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::GetNotifyConfigRequest;
    /// # use wechatpay_product_coupon::endpoint::ApiRequest;
    /// assert_eq!(GetNotifyConfigRequest::new().encode()?.sent_body(), None);
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn sent_body(&self) -> Option<&[u8]> {
        match &self.form {
            Some(form) => Some(form.body()),
            None => self.body.as_deref(),
        }
    }

    /// The `Content-Type` of [`sent_body`](Self::sent_body): `application/json`, or
    /// `multipart/form-data; boundary=…`; `None` without a body.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::SetNotifyConfigRequest;
    /// # use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let encoded = SetNotifyConfigRequest::new("https://example.com/notify").encode()?;
    /// assert_eq!(encoded.content_type().as_deref(), Some("application/json"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn content_type(&self) -> Option<std::borrow::Cow<'static, str>> {
        match (&self.form, &self.body) {
            (Some(form), _) => Some(form.content_type().into()),
            (None, Some(_)) => Some(crate::protocol::headers::CONTENT_TYPE_VALUE.into()),
            (None, None) => None,
        }
    }
}

/// One endpoint's request: implemented next to each request type in [`api`](crate::api).
///
/// The [`Serialize`] form of the type is its *travel form* (path parameters included); the
/// client never serializes it directly but through [`ApiRequest::encode`]. Request types must
/// serialize as a struct (no `#[serde(flatten)]`), with path parameters as strings.
///
/// ```
/// use serde::Serialize;
/// use wechatpay_product_coupon::endpoint::{ApiRequest, Endpoint, Method, Params};
/// use wechatpay_product_coupon::model::ProductCoupon;
/// use wechatpay_product_coupon::Error;
///
/// /// 查询商品券, an endpoint without a typed method.
/// #[derive(Serialize)]
/// struct GetProductCouponRequest {
///     product_coupon_id: String, // named like `{product_coupon_id}`: a path segment
///     brand_id: String,          // any other field: the query string (GET)
/// }
///
/// impl ApiRequest for GetProductCouponRequest {
///     const ENDPOINT: Endpoint = Endpoint::new(
///         "get_product_coupon",
///         Method::Get,
///         "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}",
///         Params::Query,
///         100, // calls per second: take it from the endpoint's documentation
///     );
///     type Response = ProductCoupon;
///
///     fn check(&self) -> Result<(), Error> {
///         Ok(()) // path parameters are checked by `encode`
///     }
/// }
///
/// let req = GetProductCouponRequest { product_coupon_id: "1000000013".into(), brand_id: "120344".into() };
/// let encoded = req.encode()?;
/// assert_eq!(
///     encoded.target,
///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013?brand_id=120344"
/// );
/// assert_eq!(encoded.body, None);
/// // `client.execute(&req)` now sends it, signed and verified, as a `Verified<ProductCoupon>`.
/// # Ok::<(), Error>(())
/// ```
pub trait ApiRequest: Serialize {
    /// The endpoint's description.
    const ENDPOINT: Endpoint;
    /// The model of a successful response.
    type Response: ResponseModel;

    /// The endpoint's own documented rules (lengths, formats, required combinations).
    /// Path parameters are checked generically by [`ApiRequest::encode`].
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{ProductCouponDisplayInfo, UpdateProductCouponRequest};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let display = ProductCouponDisplayInfo::new("好券", "https://a/1.png", "https://a/2.png");
    /// let req = UpdateProductCouponRequest::new("1000000013".parse()?, "120344".parse()?, "MCHUPDATE0001".parse()?, display);
    /// let err = req.check().unwrap_err(); // a name of 2 characters (3-15 are allowed)
    /// assert!(err.to_string().contains("display_info.name"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    fn check(&self) -> Result<(), Error>;

    /// Checks every rule, including the path parameters, without sending anything.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{UpdateProductCouponRequest, ProductCouponDisplayInfo};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let req = UpdateProductCouponRequest::new(
    ///     "1000000013".parse()?, "120344".parse()?, "MCHUPDATE0001".parse()?,
    ///     ProductCouponDisplayInfo::new("好券", "https://a/1.png", "https://a/2.png"),
    /// );
    /// let err = req.validate().unwrap_err();
    /// assert!(err.to_string().contains("display_info.name"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    fn validate(&self) -> Result<(), Error> {
        self.encode().map(drop)
    }

    /// Validates, then builds the request-target and body once.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{ProductCouponDisplayInfo, UpdateProductCouponRequest};
    /// use wechatpay_product_coupon::endpoint::{ApiRequest, Method};
    /// let display = ProductCouponDisplayInfo::new("新名字的商品券", "https://a/1.png", "https://a/2.png");
    /// let req = UpdateProductCouponRequest::new("1000000013".parse()?, "120344".parse()?, "MCHUPDATE0001".parse()?, display);
    /// let encoded = req.encode()?;
    /// assert_eq!(encoded.method, Method::Patch);
    /// assert_eq!(encoded.target, "/v3/marketing/partner/product-coupon/product-coupons/1000000013");
    /// assert_eq!(req.encode()?, encoded); // the same request always encodes to the same bytes
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    fn encode(&self) -> Result<EncodedRequest, Error> {
        self.check()?;
        let endpoint = Self::ENDPOINT;
        let (target, body) = super::encode::encode(self, endpoint.path, endpoint.params)?;
        let form = match endpoint.params {
            Params::Multipart => Some(multipart_form(body.as_deref(), self.file_part())?),
            Params::JsonBody | Params::Query => None,
        };
        Ok(EncodedRequest {
            endpoint,
            method: endpoint.method,
            target,
            body,
            form,
        })
    }

    /// The file part of a multipart upload ([`Params::Multipart`]); `None` for every other
    /// request (the default).
    ///
    /// ```
    /// use wechatpay_product_coupon::api::GetNotifyConfigRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// assert!(GetNotifyConfigRequest::new().file_part().is_none());
    /// ```
    fn file_part(&self) -> Option<&FilePart> {
        None
    }
}

/// The form of a multipart upload; not generic, so one copy serves every request type.
fn multipart_form(meta: Option<&[u8]>, file: Option<&FilePart>) -> Result<MultipartForm, Error> {
    let file = file.ok_or_else(|| Error::invalid("file", "is required in a multipart upload"))?;
    MultipartForm::new(meta.unwrap_or_default(), file)
}

pub use crate::model::ResponseModel;

/// A list request paged by token: the answer names the `next_page_token`, which the next
/// request passes as `page_token`; the last page names none.
///
/// ```
/// use wechatpay_product_coupon::api::ListStocksRequest;
/// use wechatpay_product_coupon::endpoint::PagedRequest;
/// let first = ListStocksRequest::new("1000000013".parse()?, "120344".parse()?);
/// assert_eq!(first.page_token(), None);
/// let second = first.with_page_token("MTIzNDUK".into());
/// assert_eq!(second.page_token(), Some("MTIzNDUK"));
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub trait PagedRequest: ApiRequest + Clone {
    /// What the pages list, for errors (e.g. `"coupons"`).
    const ITEMS: &'static str;
    /// How the query can be narrowed, for errors (e.g. `"coupon_state, stock_id"`).
    const FILTERS: &'static str;

    /// This request's `page_token` (`None` for the first page).
    fn page_token(&self) -> Option<&str>;

    /// The same query for the page `token` names.
    fn with_page_token(&self, token: String) -> Self;

    /// The `next_page_token` a page names, if any (empty counts as none).
    fn next_page_token(page: &<Self::Response as ResponseModel>::View<'_>) -> Option<String>;
}

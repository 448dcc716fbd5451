//! 查询商品券批次列表 (list the stocks of a product coupon):
//! `GET /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks?…`
//! (doc 4016434641).

use serde::{Deserialize, Serialize};

use crate::api::rules;
use crate::error::Error;
use crate::model::ids::{BrandId, ProductCouponId};
use crate::model::{ResponseModel, StockPage};
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, PagedRequest, Params};

/// The largest `page_size` of the stock list.
pub const MAX_STOCK_PAGE_SIZE: u32 = 50;
/// The longest `page_token` sent (the spec gives no length; the gateway's tokens are short).
const MAX_PAGE_TOKEN_CHARS: usize = 1024;

/// Lists the stocks of a product coupon, optionally only those in one `state` or of one
/// stock bundle, one page at a time: pass the answer's `next_page_token` as `page_token` for
/// the next page; the last page has none.
/// [`Client::stock_pages`](crate::Client::stock_pages) does this lazily.
///
/// Query parameters in the order of the official page's table: `state`, `page_size`,
/// `page_token`, `brand_id`, `stock_bundle_id`; unset ones are not sent.
///
/// ```
/// use wechatpay_product_coupon::api::ListStocksRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// // The official example (doc 4016434641).
/// let mut req = ListStocksRequest::new("1000000013".parse()?, "120344".parse()?);
/// req.state = Some("DEACTIVATED".into());
/// req.page_size = Some(10);
/// assert_eq!(
///     req.encode()?.target,
///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013/stocks?state=DEACTIVATED&page_size=10&brand_id=120344"
/// );
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListStocksRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// Only stocks in this state: `AUDITING`, `SENDING`, `PAUSED`, `STOPPED` or
    /// `DEACTIVATED` (not checked here, so that a new state works unchanged); all when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Stocks per page: 1 to [`MAX_STOCK_PAGE_SIZE`]; WeChat Pay's default is 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// The previous page's `next_page_token`; unset for the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    /// 品牌ID.
    pub brand_id: BrandId,
    /// Only the stocks of this stock bundle (批次组ID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock_bundle_id: Option<String>,
}

impl ListStocksRequest {
    /// The first page of `product_coupon_id`'s stocks, unfiltered, default page size.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::ListStocksRequest;
    /// let req = ListStocksRequest::new("1000000013".parse()?, "120344".parse()?);
    /// assert!(req.page_token.is_none() && req.state.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(product_coupon_id: ProductCouponId, brand_id: BrandId) -> Self {
        ListStocksRequest {
            product_coupon_id,
            state: None,
            page_size: None,
            page_token: None,
            brand_id,
            stock_bundle_id: None,
        }
    }

    /// The same query for the page `token` names (a `next_page_token`).
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::ListStocksRequest;
    /// let first = ListStocksRequest::new("1000000013".parse()?, "120344".parse()?);
    /// let second = first.next_page("MTIzNDUK");
    /// assert_eq!(second.page_token.as_deref(), Some("MTIzNDUK"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_page(&self, token: impl Into<String>) -> Self {
        ListStocksRequest {
            page_token: Some(token.into()),
            ..self.clone()
        }
    }
}

impl ApiRequest for ListStocksRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "list_stocks",
        Method::Get,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks",
        Params::Query,
        20,
    );
    type Response = StockPage;

    fn check(&self) -> Result<(), Error> {
        rules::optional_text("state", &self.state, 32)?;
        rules::optional_text("stock_bundle_id", &self.stock_bundle_id, 40)?;
        if let Some(size) = self.page_size {
            if !(1..=MAX_STOCK_PAGE_SIZE).contains(&size) {
                return Err(Error::invalid(
                    "page_size",
                    format!("must be 1 to {MAX_STOCK_PAGE_SIZE}, found {size}"),
                ));
            }
        }
        rules::optional_text("page_token", &self.page_token, MAX_PAGE_TOKEN_CHARS)
    }
}

impl PagedRequest for ListStocksRequest {
    const ITEMS: &'static str = "stocks";
    const FILTERS: &'static str = "state, stock_bundle_id";

    fn page_token(&self) -> Option<&str> {
        self.page_token.as_deref()
    }

    fn with_page_token(&self, token: String) -> Self {
        self.next_page(token)
    }

    fn next_page_token(page: &<StockPage as ResponseModel>::View<'_>) -> Option<String> {
        page.next_page_token
            .as_ref()
            .filter(|t| !t.is_empty())
            .map(|t| t.to_string())
    }
}

//! 查询批次关联门店列表 (list a stock's associated stores):
//! `GET /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/associated-stores?page_size&page_token&brand_id`.

use serde::{Deserialize, Serialize};

use crate::api::rules;
use crate::error::Error;
use crate::model::ids::{BrandId, ProductCouponId, StockId};
use crate::model::{AssociatedStorePage, ResponseModel};
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, PagedRequest, Params};

/// The largest `page_size` of the associated-store list.
pub const MAX_STORE_PAGE_SIZE: u32 = 200;

/// The longest `page_token` sent (the documents give no length).
const MAX_PAGE_TOKEN_CHARS: usize = 1024;

/// Lists the stores associated with a stock (`store_scope` `SPECIFIC`), one page at a time:
/// pass the answer's `next_page_token` as `page_token` for the next page; the last page has
/// none. [`Client::associated_store_pages`](crate::Client::associated_store_pages) does this
/// lazily.
///
/// ```
/// use wechatpay_product_coupon::api::ListAssociatedStoresRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let mut req = ListAssociatedStoresRequest::new("1000000013".parse()?, "1000000013001".parse()?, "120344".parse()?);
/// req.page_size = Some(2);
/// // The official example's request.
/// assert!(req.encode()?.target.ends_with(
///     "/product-coupons/1000000013/stocks/1000000013001/associated-stores?page_size=2&brand_id=120344"
/// ));
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListAssociatedStoresRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// Path: 批次ID.
    pub stock_id: StockId,
    /// Stores per page: 1 to [`MAX_STORE_PAGE_SIZE`]; WeChat Pay's default is 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// The previous page's `next_page_token`; unset for the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl ListAssociatedStoresRequest {
    /// The first page of the stores of `stock_id`, default page size.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::ListAssociatedStoresRequest;
    /// let req = ListAssociatedStoresRequest::new("1000000013".parse()?, "1000000013001".parse()?, "120344".parse()?);
    /// assert!(req.page_token.is_none() && req.page_size.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(product_coupon_id: ProductCouponId, stock_id: StockId, brand_id: BrandId) -> Self {
        ListAssociatedStoresRequest {
            product_coupon_id,
            stock_id,
            page_size: None,
            page_token: None,
            brand_id,
        }
    }

    /// The same query for the page `token` names (a `next_page_token`).
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::ListAssociatedStoresRequest;
    /// let first = ListAssociatedStoresRequest::new("1000000013".parse()?, "1000000013001".parse()?, "120344".parse()?);
    /// assert_eq!(first.next_page("T2").page_token.as_deref(), Some("T2"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_page(&self, token: impl Into<String>) -> Self {
        ListAssociatedStoresRequest {
            page_token: Some(token.into()),
            ..self.clone()
        }
    }
}

impl ApiRequest for ListAssociatedStoresRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "list_associated_stores",
        Method::Get,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/associated-stores",
        Params::Query,
        20,
    );
    type Response = AssociatedStorePage;

    fn check(&self) -> Result<(), Error> {
        if let Some(size) = self.page_size {
            if !(1..=MAX_STORE_PAGE_SIZE).contains(&size) {
                return Err(Error::invalid(
                    "page_size",
                    format!("must be 1 to {MAX_STORE_PAGE_SIZE}, found {size}"),
                ));
            }
        }
        rules::optional_text("page_token", &self.page_token, MAX_PAGE_TOKEN_CHARS)
    }
}

impl PagedRequest for ListAssociatedStoresRequest {
    const ITEMS: &'static str = "associated stores";
    const FILTERS: &'static str = "(none: one stock's stores)";

    fn page_token(&self) -> Option<&str> {
        self.page_token.as_deref()
    }

    fn with_page_token(&self, token: String) -> Self {
        self.next_page(token)
    }

    fn next_page_token(page: &<AssociatedStorePage as ResponseModel>::View<'_>) -> Option<String> {
        page.next_page_token
            .as_ref()
            .filter(|t| !t.is_empty())
            .map(|t| t.to_string())
    }
}

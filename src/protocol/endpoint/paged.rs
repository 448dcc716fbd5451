//! [`PagedRequest`]: what a list endpoint's request tells the page iterator
//! ([`Client::pages`](crate::Client::pages)): its page token, the request of the next page,
//! and where the answer names the next page.

use super::ApiRequest;
use crate::model::ResponseModel;

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

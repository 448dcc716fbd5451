//! [`Pages`]: the pages of a list endpoint, fetched one call at a time; one iterator for
//! every list ([`PagedRequest`]), so the `max_pages` cap and the repeated-token check apply
//! to each.

use std::collections::HashMap;
use std::fmt;

use super::{Client, Verified};
use crate::api::{ListAssociatedStoresRequest, ListStocksRequest, ListUserCouponsRequest};
use crate::endpoint::{PagedRequest, ResponseModel};
use crate::error::{DecodeError, Error};

impl Client {
    /// Every page of a list, starting at `req`'s page, fetched lazily: each `next()` is one
    /// call, and the iterator ends after the page without a `next_page_token` (or after the
    /// first error). A token handed out twice, or more pages than
    /// [`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages), ends it with an error
    /// rather than looping. [`user_coupon_pages`](Self::user_coupon_pages) and
    /// [`stock_pages`](Self::stock_pages) are this for their lists.
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::api::ListStocksRequest;
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// let req = ListStocksRequest::new("1000000013".parse()?, "120344".parse()?);
    /// let pages = client.pages(req).count();
    /// # Ok(()) }
    /// ```
    pub fn pages<R: PagedRequest>(&self, req: R) -> Pages<'_, R> {
        Pages::new(self, req)
    }

    /// Every page of a user's coupons, starting at `req`'s page, fetched lazily (see
    /// [`pages`](Self::pages)).
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::api::ListUserCouponsRequest;
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// let mut req = ListUserCouponsRequest::new(
    ///     "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
    ///     "wx233544546545989".parse()?,
    ///     "120344".parse()?,
    /// );
    /// req.coupon_state = Some("EFFECTIVE".into());
    /// for page in client.user_coupon_pages(req) {
    ///     let page = page?;
    ///     for coupon in &page.parse()?.user_coupon_list {
    ///         println!("{} {}", coupon.coupon_code, coupon.coupon_state);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn user_coupon_pages(&self, req: ListUserCouponsRequest) -> UserCouponPages<'_> {
        Pages::new(self, req)
    }

    /// Every page of a product coupon's stocks, starting at `req`'s page, fetched lazily
    /// (see [`pages`](Self::pages)).
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::api::ListStocksRequest;
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// let req = ListStocksRequest::new("1000000013".parse()?, "120344".parse()?);
    /// for page in client.stock_pages(req) {
    ///     for stock in &page?.parse()?.stock_list {
    ///         println!("{} {}", stock.stock_id, stock.state);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stock_pages(&self, req: ListStocksRequest) -> StockPages<'_> {
        Pages::new(self, req)
    }

    /// Every page of a stock's associated stores, starting at `req`'s page, fetched lazily
    /// (see [`pages`](Self::pages)).
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::api::ListAssociatedStoresRequest;
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// let mut req = ListAssociatedStoresRequest::new("1000000013".parse()?, "1000000013004".parse()?, "120344".parse()?);
    /// req.page_size = Some(200);
    /// for page in client.associated_store_pages(req) {
    ///     for store in &page?.parse()?.store_list {
    ///         println!("{}", store.store_id);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn associated_store_pages(
        &self,
        req: ListAssociatedStoresRequest,
    ) -> AssociatedStorePages<'_> {
        Pages::new(self, req)
    }
}

/// The pages of a stock's associated stores, from [`Client::associated_store_pages`].
pub type AssociatedStorePages<'c> = Pages<'c, ListAssociatedStoresRequest>;

/// The pages of a user's coupons, from [`Client::user_coupon_pages`].
pub type UserCouponPages<'c> = Pages<'c, ListUserCouponsRequest>;

/// The pages of a product coupon's stocks, from [`Client::stock_pages`].
pub type StockPages<'c> = Pages<'c, ListStocksRequest>;

/// The pages of a list, from [`Client::pages`]. Each `next()` calls the list endpoint once;
/// the iterator ends after the page that has no `next_page_token`, or after yielding an
/// error. A server could keep a naive loop going forever, so two answers end it with an
/// error instead of a page:
///
/// * a `next_page_token` already seen by this iterator (A, B, A, …, or a page naming its
///   own token): an [`Error::Decode`] naming the token and both page numbers;
/// * a `next_page_token` on the page number [`ClientBuilder::max_pages`] (default
///   [`DEFAULT_MAX_PAGES`](crate::DEFAULT_MAX_PAGES)): an [`Error::Config`] naming
///   `max_pages` and the token to resume from, yielded without a call.
///
/// [`ClientBuilder::max_pages`]: crate::ClientBuilder::max_pages
///
/// ```no_run
/// use wechatpay_product_coupon::api::ListUserCouponsRequest;
/// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
/// let req = ListUserCouponsRequest::new(
///     "oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?,
///     "wx233544546545989".parse()?,
///     "120344".parse()?,
/// );
/// let mut codes = Vec::new();
/// for page in client.user_coupon_pages(req) {
///     codes.extend(page?.parse()?.user_coupon_list.iter().map(|c| c.coupon_code.to_string()));
/// }
/// # Ok(()) }
/// ```
pub struct Pages<'c, R: PagedRequest> {
    client: &'c Client,
    /// The request of the next page; `None` once finished.
    next: Option<R>,
    /// Pages fetched so far.
    fetched: u32,
    /// Every page token requested so far, with the number of the page it requested.
    seen: HashMap<String, u32>,
}

impl<'c, R: PagedRequest> Pages<'c, R> {
    fn new(client: &'c Client, first: R) -> Self {
        let mut seen = HashMap::new();
        if let Some(token) = first.page_token().filter(|t| !t.is_empty()) {
            seen.insert(token.to_owned(), 1);
        }
        Pages {
            client,
            next: Some(first),
            fetched: 0,
            seen,
        }
    }
}

impl<R: PagedRequest> Iterator for Pages<'_, R> {
    type Item = Result<Verified<R::Response>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let req = self.next.take()?;
        let max_pages = self.client.inner.max_pages;
        if self.fetched >= max_pages {
            let token = req.page_token().unwrap_or_default();
            return Some(Err(Error::config(
                "max_pages",
                format!(
                    "stopped after {max_pages} pages and the last still names a next page \
                     (next_page_token {token:?}): raise `max_pages` if there really are \
                     that many {items}, narrow the query ({filters}), or resume from the \
                     token with the request's `next_page`",
                    items = R::ITEMS,
                    filters = R::FILTERS,
                ),
            )));
        }
        self.fetched += 1;
        let number = self.fetched;
        let page = match self.client.execute(&req) {
            Ok(page) => page,
            Err(e) => return Some(Err(e)),
        };
        let token = match page.parse() {
            Ok(view) => R::next_page_token(&view),
            Err(e) => return Some(Err(e)),
        };
        if let Some(token) = token {
            if let Some(first) = self.seen.get(&token) {
                return Some(Err(Error::Decode(DecodeError::new(
                    <R::Response as ResponseModel>::NAME,
                    format!(
                        "page {number} names next_page_token {token:?}, which already \
                         requested page {first}: the server is handing out tokens in a \
                         circle; stopping rather than looping (report the Request-ID to \
                         WeChat Pay)"
                    ),
                    page.request_id().map(str::to_owned),
                ))));
            }
            self.seen.insert(token.clone(), number.saturating_add(1));
            self.next = Some(req.with_page_token(token));
        }
        Some(Ok(page))
    }
}

impl<R: PagedRequest> fmt::Debug for Pages<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("endpoint", &R::ENDPOINT.name)
            .field(
                "next_page_token",
                &self.next.as_ref().map(|r| r.page_token()),
            )
            .field("finished", &self.next.is_none())
            .field("pages_fetched", &self.fetched)
            .finish()
    }
}

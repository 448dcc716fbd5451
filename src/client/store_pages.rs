//! [`AssociatedStorePages`]: the pages of a stock's associated stores, fetched one call at
//! a time (the same rules as [`UserCouponPages`](super::UserCouponPages)).

use std::collections::HashMap;
use std::fmt;

use super::{Client, Verified};
use crate::api::ListAssociatedStoresRequest;
use crate::error::{DecodeError, Error};
use crate::model::AssociatedStorePage;

impl Client {
    /// Every page of a stock's associated stores, starting at `req`'s page, fetched lazily:
    /// each `next()` is one call, and the iterator ends after the page without a
    /// `next_page_token` (or after the first error). A token handed out twice, or more pages
    /// than [`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages), ends it with an
    /// error rather than looping.
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
        let mut seen = HashMap::new();
        if let Some(token) = req.page_token.as_ref().filter(|t| !t.is_empty()) {
            seen.insert(token.clone(), 1);
        }
        AssociatedStorePages {
            client: self,
            next: Some(req),
            fetched: 0,
            seen,
        }
    }
}

/// The pages of a stock's associated stores, from [`Client::associated_store_pages`]. Each
/// `next()` calls the list endpoint once; the iterator ends after the page that has no
/// `next_page_token`, or after yielding an error: a `next_page_token` already seen (an
/// [`Error::Decode`]) or one on page number [`ClientBuilder::max_pages`] (an
/// [`Error::Config`], yielded without a call).
///
/// [`ClientBuilder::max_pages`]: crate::ClientBuilder::max_pages
///
/// ```no_run
/// use wechatpay_product_coupon::api::ListAssociatedStoresRequest;
/// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
/// let req = ListAssociatedStoresRequest::new("1000000013".parse()?, "1000000013004".parse()?, "120344".parse()?);
/// let mut stores = Vec::new();
/// for page in client.associated_store_pages(req) {
///     stores.extend(page?.parse()?.store_list.iter().map(|s| s.store_id.to_string()));
/// }
/// # Ok(()) }
/// ```
pub struct AssociatedStorePages<'c> {
    client: &'c Client,
    /// The request of the next page; `None` once finished.
    next: Option<ListAssociatedStoresRequest>,
    /// Pages fetched so far.
    fetched: u32,
    /// Every page token requested so far, with the number of the page it requested.
    seen: HashMap<String, u32>,
}

impl Iterator for AssociatedStorePages<'_> {
    type Item = Result<Verified<AssociatedStorePage>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let req = self.next.take()?;
        let max_pages = self.client.inner.max_pages;
        if self.fetched >= max_pages {
            let token = req.page_token.unwrap_or_default();
            return Some(Err(Error::config(
                "max_pages",
                format!(
                    "stopped after {max_pages} pages and the last still names a next page \
                     (next_page_token {token:?}): raise `max_pages`, use a larger \
                     `page_size`, or resume from the token with \
                     `ListAssociatedStoresRequest::next_page`"
                ),
            )));
        }
        self.fetched += 1;
        let number = self.fetched;
        let page = match self.client.list_associated_stores(&req) {
            Ok(page) => page,
            Err(e) => return Some(Err(e)),
        };
        let token = match page.parse() {
            Ok(view) => view
                .next_page_token
                .filter(|t| !t.is_empty())
                .map(|t| t.to_string()),
            Err(e) => return Some(Err(e)),
        };
        if let Some(token) = token {
            if let Some(first) = self.seen.get(&token) {
                return Some(Err(Error::Decode(DecodeError::new(
                    "ListAssociatedStoresResponse",
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
            self.next = Some(req.next_page(token));
        }
        Some(Ok(page))
    }
}

impl fmt::Debug for AssociatedStorePages<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssociatedStorePages")
            .field(
                "next_page_token",
                &self.next.as_ref().map(|r| &r.page_token),
            )
            .field("finished", &self.next.is_none())
            .field("pages_fetched", &self.fetched)
            .finish()
    }
}

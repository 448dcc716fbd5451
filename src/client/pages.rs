//! [`UserCouponPages`]: the pages of the list endpoint, fetched one call at a time.

use std::collections::HashMap;
use std::fmt;

use super::{Client, Verified};
use crate::api::ListUserCouponsRequest;
use crate::error::{DecodeError, Error};
use crate::model::UserCouponPage;

impl Client {
    /// Every page of a user's coupons, starting at `req`'s page, fetched lazily: each
    /// `next()` is one call, and the iterator ends after the page without a
    /// `next_page_token` (or after the first error). A token handed out twice, or more pages
    /// than [`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages), ends it with an
    /// error rather than looping.
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
        UserCouponPages::new(self, req)
    }
}

/// The pages of a user's coupons, from [`Client::user_coupon_pages`]. Each `next()` calls
/// the list endpoint once; the iterator ends after the page that has no `next_page_token`,
/// or after yielding an error. A server could keep a naive loop going forever, so two
/// answers end it with an error instead of a page:
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
pub struct UserCouponPages<'c> {
    client: &'c Client,
    /// The request of the next page; `None` once finished.
    next: Option<ListUserCouponsRequest>,
    /// Pages fetched so far.
    fetched: u32,
    /// Every page token requested so far, with the number of the page it requested.
    seen: HashMap<String, u32>,
}

impl<'c> UserCouponPages<'c> {
    pub(super) fn new(client: &'c Client, first: ListUserCouponsRequest) -> Self {
        let mut seen = HashMap::new();
        if let Some(token) = first.page_token.as_ref().filter(|t| !t.is_empty()) {
            seen.insert(token.clone(), 1);
        }
        UserCouponPages {
            client,
            next: Some(first),
            fetched: 0,
            seen,
        }
    }
}

impl Iterator for UserCouponPages<'_> {
    type Item = Result<Verified<UserCouponPage>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let req = self.next.take()?;
        let max_pages = self.client.inner.max_pages;
        if self.fetched >= max_pages {
            let token = req.page_token.unwrap_or_default();
            return Some(Err(Error::config(
                "max_pages",
                format!(
                    "stopped after {max_pages} pages and the last still names a next page \
                     (next_page_token {token:?}): raise `max_pages` if the user really holds \
                     that many coupons, narrow the query (coupon_state, stock_id), or resume \
                     from the token with `ListUserCouponsRequest::next_page`"
                ),
            )));
        }
        self.fetched += 1;
        let number = self.fetched;
        let page = match self.client.list_user_coupons(&req) {
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
                    "ListUserProductCouponsResponse",
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

impl fmt::Debug for UserCouponPages<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserCouponPages")
            .field(
                "next_page_token",
                &self.next.as_ref().map(|r| &r.page_token),
            )
            .field("finished", &self.next.is_none())
            .field("pages_fetched", &self.fetched)
            .finish()
    }
}

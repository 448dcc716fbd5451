//! [`UserCouponPages`]: the pages of the list endpoint, fetched one call at a time.

use std::fmt;

use super::{Client, Verified};
use crate::api::ListUserCouponsRequest;
use crate::error::{DecodeError, Error};
use crate::model::UserCouponPage;

impl Client {
    /// Every page of a user's coupons, starting at `req`'s page, fetched lazily: each
    /// `next()` is one call, and the iterator ends after the page without a
    /// `next_page_token` (or after the first error).
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
/// or after yielding an error. A server that hands back the token it was given would loop
/// forever, so that is an error too.
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
}

impl<'c> UserCouponPages<'c> {
    pub(super) fn new(client: &'c Client, first: ListUserCouponsRequest) -> Self {
        UserCouponPages {
            client,
            next: Some(first),
        }
    }
}

impl Iterator for UserCouponPages<'_> {
    type Item = Result<Verified<UserCouponPage>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let req = self.next.take()?;
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
        match token {
            Some(token) if req.page_token.as_deref() == Some(token.as_str()) => {
                return Some(Err(Error::Decode(DecodeError::new(
                    "ListUserProductCouponsResponse",
                    format!("next_page_token {token:?} is the token of the page itself; stopping rather than looping"),
                    page.request_id().map(str::to_owned),
                ))));
            }
            Some(token) => self.next = Some(req.next_page(token)),
            None => {}
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
            .finish()
    }
}

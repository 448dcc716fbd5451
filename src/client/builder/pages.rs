//! [`ClientBuilder::max_pages`]: how many pages one page iterator ([`Client::pages`],
//! e.g. [`Client::user_coupon_pages`]) fetches at most, so that a server handing out ever
//! new `next_page_token`s cannot keep a caller looping forever.
//!
//! [`Client::pages`]: crate::Client::pages
//! [`Client::user_coupon_pages`]: crate::Client::user_coupon_pages

use super::ClientBuilder;
use crate::error::Error;

/// The default of [`ClientBuilder::max_pages`]: 10,000 pages, i.e. up to 500,000 coupons of
/// one user at the largest page size (50), far more than a real user holds.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

impl ClientBuilder {
    /// The most pages one page iterator ([`Client::pages`], e.g.
    /// [`Client::user_coupon_pages`], [`Client::stock_pages`]) fetches, default
    /// [`DEFAULT_MAX_PAGES`] (10,000); at least 1. After that many pages, if the last one
    /// still names a `next_page_token`, the iterator yields an [`Error::Config`] naming
    /// `max_pages` (and the token, to resume from with the request's `next_page`, e.g.
    /// [`ListUserCouponsRequest::next_page`]) instead of fetching more.
    ///
    /// [`Client::pages`]: crate::Client::pages
    /// [`Client::user_coupon_pages`]: crate::Client::user_coupon_pages
    /// [`Client::stock_pages`]: crate::Client::stock_pages
    /// [`ListUserCouponsRequest::next_page`]: crate::api::ListUserCouponsRequest::next_page
    ///
    /// ```
    /// # use wechatpay_product_coupon::{Client, ClientBuilder, Error, MerchantPrivateKey, WechatPayPublicKey};
    /// # fn configured() -> Result<ClientBuilder, Error> {
    /// #     let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sandbox/test_keys"); // TEST-ONLY keys
    /// #     Ok(Client::builder()
    /// #         .mchid("1900000001")
    /// #         .merchant_serial("5A4E44424F58000000000000000000000001")
    /// #         .private_key(MerchantPrivateKey::from_pem_file(format!("{dir}/merchant_private_key.pem"))?)
    /// #         .wechatpay_public_key(WechatPayPublicKey::from_pem_file(
    /// #             "PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001",
    /// #             format!("{dir}/wechatpay_public_key.pem"),
    /// #         )?)
    /// #         .base_url("http://127.0.0.1:9"))
    /// # }
    /// // `configured()`: a builder with mchid, serial, keys and a loopback base URL set.
    /// let client = configured()?.max_pages(100).build()?;
    ///
    /// let err = configured()?.max_pages(0).build().unwrap_err();
    /// assert!(matches!(err, Error::Config { setting: "max_pages", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages;
        self
    }

    /// Refuses a cap of zero pages (the iterator could not fetch even the first page).
    pub(super) fn check_max_pages(&self) -> Result<(), Error> {
        if self.max_pages == 0 {
            return Err(Error::config(
                "max_pages",
                format!(
                    "must be at least 1, found 0 (not even the first page could be fetched); \
                     the default is {DEFAULT_MAX_PAGES}"
                ),
            ));
        }
        Ok(())
    }
}

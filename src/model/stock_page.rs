//! One page of a product coupon's stocks (`ListStocksResponse`): the answer of the stock
//! list endpoint.

use crate::model::stock::StockEntity;
use crate::model::ResponseModel;
use crate::model::{view, Text};

/// The owned form of [`ListStocksResponse`].
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::StockPage;
/// let page = StockPage::parse(br#"{"stock_list": [], "next_page_token": "MTIzNDUK"}"#)?;
/// assert_eq!(page.total_count, None); // given only for the first page
/// assert_eq!(page.next_page_token.as_deref(), Some("MTIzNDUK"));
/// # Ok::<(), wechatpay_product_coupon::error::DecodeError>(())
/// ```
pub type StockPage = ListStocksResponse<'static>;

impl ResponseModel for ListStocksResponse<'static> {
    type View<'a> = ListStocksResponse<'a>;
    const NAME: &'static str = "ListStocksResponse";
}

view! {
    /// One page of a product coupon's stocks (field names of the official sample class
    /// `ListStocksResponse`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ListStocksResponse;
    /// let page: ListStocksResponse<'_> =
    ///     serde_json::from_str(r#"{"total_count": 3, "stock_list": []}"#)?;
    /// assert!(page.next_page_token.is_none()); // the last page
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ListStocksResponse<'a> {
        /// How many stocks match the query, over all pages. Optional: the brand-direct twin
        /// page says it is given only when `page_token` is empty (the first page).
        #[serde(default)]
        pub total_count: Option<i64>,
        /// This page's stocks.
        #[serde(borrow, default)]
        pub stock_list: Vec<StockEntity<'a>>,
        /// The `page_token` of the next page; absent (or empty) on the last page.
        #[serde(borrow, default)]
        pub next_page_token: Option<Text<'a>>,
    }
}

//! The stores of a stock (批次关联门店): the store reference, the partial-success answer of
//! associate and disassociate, and a page of the associated stores.

use crate::model::{view, ResponseModel, Text};

view! {
    /// A store (`StoreInfo`), in requests and answers alike.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::StoreInfo;
    /// let store = StoreInfo::new("100000001");
    /// assert_eq!(serde_json::to_string(&store)?, r#"{"store_id":"100000001"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct StoreInfo<'a> {
        /// 门店ID: made by WeChat Pay when the brand's store is created.
        #[serde(borrow)]
        pub store_id: Text<'a>,
    }
}

impl StoreInfo<'static> {
    /// The store `store_id`.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::StoreInfo;
    /// assert_eq!(StoreInfo::new(String::from("100000002")).store_id, "100000002");
    /// ```
    pub fn new(store_id: impl Into<String>) -> Self {
        StoreInfo {
            store_id: Text::new(store_id.into()),
        }
    }
}

view! {
    /// A store an associate or disassociate call did not change, and why
    /// (`FailedStoreInfo`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::FailedStoreInfo;
    /// let failed: FailedStoreInfo<'_> = serde_json::from_str(r#"{"store_id":"1","code":"NOT_FOUND","message":"x"}"#)?;
    /// assert_eq!(failed.code, "NOT_FOUND");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct FailedStoreInfo<'a> {
        /// The store.
        #[serde(borrow)]
        pub store_id: Text<'a>,
        /// 失败错误码.
        #[serde(borrow, default)]
        pub code: Text<'a>,
        /// 失败错误信息.
        #[serde(borrow, default)]
        pub message: Text<'a>,
    }
}

/// The owned form of [`AssociateStoresResponse`]: the response model of `associate_stores`
/// and `disassociate_stores` (the two answers have one shape).
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::StoreListChange;
/// let answer = StoreListChange::parse(br#"{"total_count":1,"success_store_list":[{"store_id":"100000001"}]}"#)?;
/// assert_eq!(answer.success_store_list[0].store_id, "100000001");
/// assert!(answer.failed_store_list.is_empty());
/// # Ok::<(), wechatpay_product_coupon::error::DecodeError>(())
/// ```
pub type StoreListChange = AssociateStoresResponse<'static>;

/// The answer of `disassociate_stores`: the same shape as [`AssociateStoresResponse`].
pub type DisassociateStoresResponse<'a> = AssociateStoresResponse<'a>;

impl ResponseModel for AssociateStoresResponse<'static> {
    type View<'a> = AssociateStoresResponse<'a>;
    const NAME: &'static str = "AssociateStoresResponse";
}

view! {
    /// Which stores an associate or disassociate call changed and which not (partial success
    /// is a 200; field names of the official Java sample).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::AssociateStoresResponse;
    /// let answer: AssociateStoresResponse<'_> = serde_json::from_str(
    ///     r#"{"total_count":2,"success_store_list":[{"store_id":"1"}],"failed_store_list":[{"store_id":"2","code":"NOT_FOUND","message":"x"}]}"#,
    /// )?;
    /// assert_eq!(answer.failed_store_list[0].store_id, "2");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct AssociateStoresResponse<'a> {
        /// 去重后门店总数: distinct stores in the request.
        #[serde(default)]
        pub total_count: Option<i64>,
        /// Stores changed.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub success_store_list: Vec<StoreInfo<'a>>,
        /// Stores not changed, each with the reason.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub failed_store_list: Vec<FailedStoreInfo<'a>>,
    }
}

/// The owned form of [`ListAssociatedStoresResponse`]: the response model of
/// `list_associated_stores`.
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::AssociatedStorePage;
/// let page = AssociatedStorePage::parse(br#"{"total_count":1,"store_list":[{"store_id":"100000001"}]}"#)?;
/// assert_eq!(page.store_list.len(), 1);
/// assert!(page.next_page_token.is_none()); // the last page
/// # Ok::<(), wechatpay_product_coupon::error::DecodeError>(())
/// ```
pub type AssociatedStorePage = ListAssociatedStoresResponse<'static>;

impl ResponseModel for ListAssociatedStoresResponse<'static> {
    type View<'a> = ListAssociatedStoresResponse<'a>;
    const NAME: &'static str = "ListAssociatedStoresResponse";
}

view! {
    /// One page of a stock's associated stores.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ListAssociatedStoresResponse;
    /// let page: ListAssociatedStoresResponse<'_> =
    ///     serde_json::from_str(r#"{"total_count":3,"store_list":[],"next_page_token":"T2"}"#)?;
    /// assert_eq!(page.next_page_token.as_deref(), Some("T2"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ListAssociatedStoresResponse<'a> {
        /// Associated stores in all, over every page.
        #[serde(default)]
        pub total_count: Option<i64>,
        /// This page's stores.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub store_list: Vec<StoreInfo<'a>>,
        /// The `page_token` of the next page; absent (or empty) on the last page.
        #[serde(borrow, default)]
        pub next_page_token: Option<Text<'a>>,
    }
}

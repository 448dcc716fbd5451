//! One page of a user's coupons (`ListUserProductCouponsResponse`): the answer of the list
//! endpoint.

use crate::model::user_coupon::UserProductCouponEntity;
use crate::model::ResponseModel;
use crate::model::{view, Text};

/// The owned form of [`ListUserProductCouponsResponse`].
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::UserCouponPage;
/// let page = UserCouponPage::parse(br#"{"total_count": 0, "user_coupon_list": []}"#)?;
/// assert_eq!(page.total_count, Some(0));
/// assert!(page.next_page_token.is_none()); // the last page
/// # Ok::<(), wechatpay_product_coupon::error::DecodeError>(())
/// ```
pub type UserCouponPage = ListUserProductCouponsResponse<'static>;

impl ResponseModel for ListUserProductCouponsResponse<'static> {
    type View<'a> = ListUserProductCouponsResponse<'a>;
    const NAME: &'static str = "ListUserProductCouponsResponse";
}

view! {
    /// One page of a user's coupons (field names of the official Go sample
    /// `ListUserProductCouponsResponse`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ListUserProductCouponsResponse;
    /// let page: ListUserProductCouponsResponse<'_> =
    ///     serde_json::from_str(r#"{"total_count": 41, "user_coupon_list": [], "next_page_token": "T2"}"#)?;
    /// assert_eq!(page.next_page_token.as_deref(), Some("T2"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ListUserProductCouponsResponse<'a> {
        /// How many coupons match the query, over all pages.
        #[serde(default)]
        pub total_count: Option<i64>,
        /// This page's coupons.
        #[serde(borrow, default)]
        pub user_coupon_list: Vec<UserProductCouponEntity<'a>>,
        /// The `page_token` of the next page; absent (or empty) on the last page.
        #[serde(borrow, default)]
        pub next_page_token: Option<Text<'a>>,
    }
}

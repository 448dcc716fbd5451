//! 指定券状态查询用户商品券列表 (list a user's coupons):
//! `GET /v3/marketing/partner/product-coupon/users/{openid}/coupons?…&page_size&page_token`.

use serde::{Deserialize, Serialize};

use crate::api::rules;
use crate::error::Error;
use crate::model::ids::{AppId, BrandId, OpenId, ProductCouponId, StockId};
use crate::model::{ResponseModel, UserCouponPage};
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, PagedRequest, Params};

/// The largest `page_size` WeChat Pay accepts.
pub const MAX_PAGE_SIZE: u32 = 50;

/// The longest `page_token` sent (the spec gives no length; the gateway's tokens are short).
const MAX_PAGE_TOKEN_CHARS: usize = 1024;

/// Lists a user's coupons of a brand, optionally filtered, one page at a time: pass the
/// answer's `next_page_token` as `page_token` for the next page (pagination is by token
/// only); the last page has none. [`Client::user_coupon_pages`](crate::Client::user_coupon_pages)
/// does this lazily.
///
/// Query parameters, in the official sample's order (docs/protocol-notes.md §1.6): `product_coupon_id`,
/// `stock_id`, `appid`, `coupon_state`, `user_coupon_bundle_id`, `page_size`, `page_token`,
/// `brand_id`; unset ones are not sent.
///
/// ```
/// use wechatpay_product_coupon::api::ListUserCouponsRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let mut req = ListUserCouponsRequest::new("oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?, "wx233544546545989".parse()?, "120344".parse()?);
/// req.coupon_state = Some("EFFECTIVE".into());
/// req.page_size = Some(10);
/// let encoded = req.encode()?;
/// assert!(encoded.target.ends_with(
///     "/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons?appid=wx233544546545989&coupon_state=EFFECTIVE&page_size=10&brand_id=120344"
/// ));
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListUserCouponsRequest {
    /// Path: the user's OpenID.
    pub openid: OpenId,
    /// Only coupons of this product coupon (all of the brand's when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_coupon_id: Option<ProductCouponId>,
    /// Only coupons of this stock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock_id: Option<StockId>,
    /// AppID under which `openid` was issued.
    pub appid: AppId,
    /// Only coupons in this state: `CONFIRMING`, `PENDING`, `EFFECTIVE`, `USED`, `EXPIRED`,
    /// `DELETED` or `DEACTIVATED` (not checked here, so that a new state works unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_state: Option<String>,
    /// Only coupons of this user coupon bundle (progressive bundles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_coupon_bundle_id: Option<String>,
    /// Coupons per page: 1 to [`MAX_PAGE_SIZE`]; WeChat Pay's default is 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// The previous page's `next_page_token`; unset for the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl ListUserCouponsRequest {
    /// The first page of `openid`'s coupons of `brand_id`, unfiltered, default page size.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::ListUserCouponsRequest;
    /// let req = ListUserCouponsRequest::new("oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?, "wx233544546545989".parse()?, "120344".parse()?);
    /// assert!(req.page_token.is_none() && req.coupon_state.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(openid: OpenId, appid: AppId, brand_id: BrandId) -> Self {
        ListUserCouponsRequest {
            openid,
            product_coupon_id: None,
            stock_id: None,
            appid,
            coupon_state: None,
            user_coupon_bundle_id: None,
            page_size: None,
            page_token: None,
            brand_id,
        }
    }

    /// The same query for the page `token` names (a `next_page_token`).
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::ListUserCouponsRequest;
    /// let first = ListUserCouponsRequest::new("oh-394z-6CGkNoJrsDLTTUKiAnp4".parse()?, "wx233544546545989".parse()?, "120344".parse()?);
    /// let second = first.next_page("TOKEN2");
    /// assert_eq!(second.page_token.as_deref(), Some("TOKEN2"));
    /// assert_eq!(second.brand_id, first.brand_id);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_page(&self, token: impl Into<String>) -> Self {
        ListUserCouponsRequest {
            page_token: Some(token.into()),
            ..self.clone()
        }
    }
}

impl ApiRequest for ListUserCouponsRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "list_user_coupons",
        Method::Get,
        "/v3/marketing/partner/product-coupon/users/{openid}/coupons",
        Params::Query,
        500,
    );
    type Response = UserCouponPage;

    fn check(&self) -> Result<(), Error> {
        rules::optional_text("coupon_state", &self.coupon_state, 32)?;
        rules::optional_text("user_coupon_bundle_id", &self.user_coupon_bundle_id, 40)?;
        if let Some(size) = self.page_size {
            if !(1..=MAX_PAGE_SIZE).contains(&size) {
                return Err(Error::invalid(
                    "page_size",
                    format!("must be 1 to {MAX_PAGE_SIZE}, found {size}"),
                ));
            }
        }
        rules::optional_text("page_token", &self.page_token, MAX_PAGE_TOKEN_CHARS)
    }
}

impl PagedRequest for ListUserCouponsRequest {
    const ITEMS: &'static str = "coupons";
    const FILTERS: &'static str = "coupon_state, stock_id";

    fn page_token(&self) -> Option<&str> {
        self.page_token.as_deref()
    }

    fn with_page_token(&self, token: String) -> Self {
        self.next_page(token)
    }

    fn next_page_token(page: &<UserCouponPage as ResponseModel>::View<'_>) -> Option<String> {
        page.next_page_token
            .as_ref()
            .filter(|t| !t.is_empty())
            .map(|t| t.to_string())
    }
}

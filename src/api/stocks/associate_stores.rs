//! 批次关联门店 (associate stores with a stock):
//! `POST /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/associate-stores`.

use serde::{Deserialize, Serialize};

use super::upload_coupon_codes::list_size;
use crate::api::rules;
use crate::error::Error;
use crate::model::ids::{BrandId, ProductCouponId, StockId};
use crate::model::{StoreInfo, StoreListChange};
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// The most stores one associate or disassociate call takes.
pub const MAX_STORES_PER_CALL: usize = 200;

/// Associates stores with a stock whose `store_scope` is `SPECIFIC` (not a stock of a
/// `PROGRESSIVE_BUNDLE` coupon: those go through the bundle's endpoint). At most
/// [`MAX_STORES_PER_CALL`] stores per call;
/// [`Client::associate_stores_in_batches`](crate::Client::associate_stores_in_batches)
/// splits more. The answer lists the stores associated and those not (partial success is a
/// 200). The request has no request number: associating a store twice is harmless.
///
/// ```
/// use wechatpay_product_coupon::api::AssociateStoresRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let req = AssociateStoresRequest::new(
///     "1000000013".parse()?, "1000000013001".parse()?, ["100000001", "100000002"], "120344".parse()?,
/// );
/// let body = String::from_utf8(req.encode()?.body.unwrap_or_default())?;
/// assert_eq!(body, r#"{"store_list":[{"store_id":"100000001"},{"store_id":"100000002"}],"brand_id":"120344"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AssociateStoresRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// Path: 批次ID.
    pub stock_id: StockId,
    /// 门店列表: 1 to [`MAX_STORES_PER_CALL`] stores.
    #[serde(deserialize_with = "crate::model::de::owned")]
    pub store_list: Vec<StoreInfo<'static>>,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl AssociateStoresRequest {
    /// An association of the stores `store_ids` with the stock `stock_id`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::AssociateStoresRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let req = AssociateStoresRequest::new(
    ///     "1000000013".parse()?, "1000000013001".parse()?, Vec::<String>::new(), "120344".parse()?,
    /// );
    /// // At least one store, at most 200.
    /// assert!(req.validate().unwrap_err().to_string().contains("store_list"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        product_coupon_id: ProductCouponId,
        stock_id: StockId,
        store_ids: impl IntoIterator<Item = impl Into<String>>,
        brand_id: BrandId,
    ) -> Self {
        AssociateStoresRequest {
            product_coupon_id,
            stock_id,
            store_list: store_ids.into_iter().map(StoreInfo::new).collect(),
            brand_id,
        }
    }
}

impl ApiRequest for AssociateStoresRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "associate_stores",
        Method::Post,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/associate-stores",
        Params::JsonBody,
        20,
    );
    type Response = StoreListChange;

    fn check(&self) -> Result<(), Error> {
        check_store_list(&self.store_list)
    }
}

/// 1 to [`MAX_STORES_PER_CALL`] stores, each `store_id` non-blank, at most 64 characters
/// (the documents give no length) and without control characters.
pub(crate) fn check_store_list(stores: &[StoreInfo<'static>]) -> Result<(), Error> {
    list_size("store_list", stores.len(), MAX_STORES_PER_CALL)?;
    for store in stores {
        rules::max_chars("store_list.store_id", &store.store_id, 64)?;
        rules::required("store_list.store_id", &store.store_id)?;
    }
    Ok(())
}

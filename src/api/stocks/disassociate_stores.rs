//! 批次取消关联门店 (disassociate stores from a stock):
//! `POST /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/disassociate-stores`.

use serde::{Deserialize, Serialize};

use super::associate_stores::check_store_list;
use crate::error::Error;
use crate::model::ids::{BrandId, ProductCouponId, StockId};
use crate::model::{StoreInfo, StoreListChange};
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Disassociates stores from a stock whose `store_scope` is `SPECIFIC`: the counterpart of
/// [`AssociateStoresRequest`](super::AssociateStoresRequest), with the same rules (at most
/// [`MAX_STORES_PER_CALL`](super::MAX_STORES_PER_CALL) stores per call;
/// [`Client::disassociate_stores_in_batches`](crate::Client::disassociate_stores_in_batches)
/// splits more; partial success is a 200).
///
/// ```
/// use wechatpay_product_coupon::api::DisassociateStoresRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let req = DisassociateStoresRequest::new(
///     "1000000013".parse()?, "1000000013001".parse()?, ["100000001"], "120344".parse()?,
/// );
/// assert!(req.encode()?.target.ends_with("/stocks/1000000013001/disassociate-stores"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DisassociateStoresRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// Path: 批次ID.
    pub stock_id: StockId,
    /// 门店列表: 1 to [`MAX_STORES_PER_CALL`](super::MAX_STORES_PER_CALL) stores.
    #[serde(deserialize_with = "crate::model::de::owned")]
    pub store_list: Vec<StoreInfo<'static>>,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl DisassociateStoresRequest {
    /// A disassociation of the stores `store_ids` from the stock `stock_id`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::DisassociateStoresRequest;
    /// let req = DisassociateStoresRequest::new(
    ///     "1000000013".parse()?, "1000000013001".parse()?, ["100000001"], "120344".parse()?,
    /// );
    /// assert_eq!(req.store_list[0].store_id, "100000001");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        product_coupon_id: ProductCouponId,
        stock_id: StockId,
        store_ids: impl IntoIterator<Item = impl Into<String>>,
        brand_id: BrandId,
    ) -> Self {
        DisassociateStoresRequest {
            product_coupon_id,
            stock_id,
            store_list: store_ids.into_iter().map(StoreInfo::new).collect(),
            brand_id,
        }
    }
}

impl ApiRequest for DisassociateStoresRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "disassociate_stores",
        Method::Post,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/disassociate-stores",
        Params::JsonBody,
        20,
    );
    type Response = StoreListChange;

    fn check(&self) -> Result<(), Error> {
        check_store_list(&self.store_list)
    }
}

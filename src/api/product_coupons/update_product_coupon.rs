//! 修改商品券 (update a product coupon):
//! `PATCH /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}`.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::ids::{BrandId, ProductCouponId, RequestNo};
use crate::model::{IntoOwned, ProductCoupon, ProductCouponDisplayInfo, ProductCouponEntity};
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Updates (修改) a product coupon's display information; it applies to coupons issued
/// afterwards only. The answer is the product coupon.
///
/// ```
/// use wechatpay_product_coupon::api::{ProductCouponDisplayInfo, UpdateProductCouponRequest};
/// use wechatpay_product_coupon::endpoint::ApiRequest;
///
/// let mut display = ProductCouponDisplayInfo::new(
///     "全场满100立打8折",
///     "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
///     "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
/// );
/// display.original_price = Some(10000);
/// let req = UpdateProductCouponRequest::new("1000000013".parse()?, "120344".parse()?, "MCHUPDATE0001".parse()?, display);
/// assert!(req.validate().is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateProductCouponRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// 修改请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: RequestNo,
    /// The complete new display information.
    #[serde(deserialize_with = "crate::model::de::owned")]
    pub display_info: ProductCouponDisplayInfo<'static>,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl UpdateProductCouponRequest {
    /// An update of `product_coupon_id` (owned by `brand_id`) to `display_info`.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{ProductCouponDisplayInfo, UpdateProductCouponRequest};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    ///
    /// let display = ProductCouponDisplayInfo::new("新名字的商品券", "https://a/1.png", "https://a/2.png");
    /// let req = UpdateProductCouponRequest::new("1000000013".parse()?, "120344".parse()?, "MCHUPDATE0001".parse()?, display);
    /// assert_eq!(req.product_coupon_id, "1000000013");
    /// // The product coupon ID goes into the path, the rest into the PATCH body.
    /// let encoded = req.encode()?;
    /// assert!(encoded.target.ends_with("/product-coupons/1000000013"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn new(
        product_coupon_id: ProductCouponId,
        brand_id: BrandId,
        out_request_no: RequestNo,
        display_info: ProductCouponDisplayInfo<'_>,
    ) -> Self {
        UpdateProductCouponRequest {
            product_coupon_id,
            out_request_no,
            display_info: display_info.into_owned(),
            brand_id,
        }
    }
}

impl UpdateProductCouponRequest {
    /// An update that starts from the product coupon as it is now (as returned by
    /// [`GetProductCouponRequest`](crate::api::GetProductCouponRequest)): edit one field of
    /// `display_info`, send, and everything else stays as it was. The display information
    /// read is the type that is sent ([`ProductCouponDisplayInfo`]), so nothing is converted.
    /// The answer's `product_coupon_id` and `brand_id` become typed identifiers
    /// ([`crate::ids`]): one that breaks its rule is an error naming it.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::UpdateProductCouponRequest;
    /// use wechatpay_product_coupon::endpoint::{ApiRequest, ResponseModel};
    /// use wechatpay_product_coupon::model::ProductCoupon;
    /// # let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/update_response_example_S2.json"))?;
    /// // let current = client.get_product_coupon(&GetProductCouponRequest::new(id, brand))?;
    /// let current = ProductCoupon::parse(&body)?; // current.parse()? with a client
    /// let mut req = UpdateProductCouponRequest::from_product_coupon(&current, "MCHUPDATE0002".parse()?)?;
    /// req.display_info.name = "新名字的商品券".into(); // the one change
    /// assert!(req.validate().is_ok());
    /// assert_eq!(req.display_info.image_url, current.display_info.image_url.as_str());
    /// // client.update_product_coupon(&req)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_product_coupon(
        current: &ProductCouponEntity<'_>,
        out_request_no: RequestNo,
    ) -> Result<Self, Error> {
        Ok(UpdateProductCouponRequest::new(
            ProductCouponId::new(current.product_coupon_id.as_str())?,
            BrandId::new(current.brand_id.as_str())?,
            out_request_no,
            current.display_info.clone().into_owned(),
        ))
    }
}

impl ApiRequest for UpdateProductCouponRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "update_product_coupon",
        Method::Patch,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}",
        Params::JsonBody,
        20,
    );
    type Response = ProductCoupon;

    fn check(&self) -> Result<(), Error> {
        self.display_info.check()
    }
}

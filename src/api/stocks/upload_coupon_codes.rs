//! 预上传券Code (upload coupon codes to a stock):
//! `POST /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/upload-coupon-codes`.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::ids::{BrandId, CouponCode, ProductCouponId, RequestNo, StockId};
use crate::model::UploadedCouponCodes;
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// The most codes one upload call takes.
pub const MAX_CODES_PER_UPLOAD: usize = 200;

/// Uploads coupon codes to a stock whose `coupon_code_mode` is `UPLOAD`: it sends only
/// codes uploaded this way. At most [`MAX_CODES_PER_UPLOAD`] codes per call;
/// [`Client::upload_coupon_codes_in_batches`](crate::Client::upload_coupon_codes_in_batches)
/// splits more. The answer lists which codes were added and which not (partial success is
/// a 200).
///
/// As with every write, resend the same value to retry: `out_request_no` is the idempotency
/// key and the rest must be identical.
///
/// ```
/// use wechatpay_product_coupon::api::UploadCouponCodesRequest;
/// use wechatpay_product_coupon::endpoint::ApiRequest;
/// let req = UploadCouponCodesRequest::new(
///     "1000000013".parse()?,
///     "1000000013001".parse()?,
///     "upload_34657_20250101_123456".parse()?,
///     vec!["code_0000001".parse()?, "code_0000002".parse()?],
///     "120344".parse()?,
/// );
/// let encoded = req.encode()?;
/// assert!(encoded.target.ends_with("/product-coupons/1000000013/stocks/1000000013001/upload-coupon-codes"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UploadCouponCodesRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: ProductCouponId,
    /// Path: 批次ID (an `UPLOAD` stock).
    pub stock_id: StockId,
    /// 请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: RequestNo,
    /// 券Code列表: 1 to [`MAX_CODES_PER_UPLOAD`] codes, each 1-40 of `[0-9A-Za-z_-]`.
    pub code_list: Vec<CouponCode>,
    /// 品牌ID.
    pub brand_id: BrandId,
}

impl UploadCouponCodesRequest {
    /// An upload of `code_list` to the stock `stock_id` of `product_coupon_id`.
    ///
    /// ```
    /// # use wechatpay_product_coupon::api::UploadCouponCodesRequest;
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    /// let req = UploadCouponCodesRequest::new(
    ///     "1000000013".parse()?, "1000000013001".parse()?, "upload_0001".parse()?,
    ///     vec![], "120344".parse()?,
    /// );
    /// // At least one code, at most 200.
    /// assert!(req.validate().unwrap_err().to_string().contains("code_list"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        product_coupon_id: ProductCouponId,
        stock_id: StockId,
        out_request_no: RequestNo,
        code_list: Vec<CouponCode>,
        brand_id: BrandId,
    ) -> Self {
        UploadCouponCodesRequest {
            product_coupon_id,
            stock_id,
            out_request_no,
            code_list,
            brand_id,
        }
    }
}

impl ApiRequest for UploadCouponCodesRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "upload_coupon_codes",
        Method::Post,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/upload-coupon-codes",
        Params::JsonBody,
        20,
    );
    type Response = UploadedCouponCodes;

    fn check(&self) -> Result<(), Error> {
        list_size("code_list", self.code_list.len(), MAX_CODES_PER_UPLOAD)
    }
}

/// 1 to `max` entries in the list `field`.
pub(crate) fn list_size(field: &'static str, n: usize, max: usize) -> Result<(), Error> {
    if n == 0 || n > max {
        return Err(Error::invalid(
            field,
            format!(
                "must hold 1 to {max} entries per call, found {n} (the batch helpers on \
                 Client split longer lists)"
            ),
        ));
    }
    Ok(())
}

//! The answer of a coupon-code upload (预上传券Code): which codes were taken and which not.

use crate::model::{view, ResponseModel, Text};

/// The owned form of [`UploadCouponCodesResponse`]: the response model of
/// `upload_coupon_codes`.
///
/// ```
/// use wechatpay_product_coupon::endpoint::ResponseModel;
/// use wechatpay_product_coupon::model::UploadedCouponCodes;
/// let answer = UploadedCouponCodes::parse(br#"{"total_count":2,"success_code_list":["A1"],"duplicate_code_list":["A1"]}"#)?;
/// assert_eq!(answer.total_count, Some(2));
/// assert_eq!(answer.success_code_list, ["A1"]);
/// assert!(answer.failed_code_list.is_empty());
/// # Ok::<(), wechatpay_product_coupon::error::DecodeError>(())
/// ```
pub type UploadedCouponCodes = UploadCouponCodesResponse<'static>;

impl ResponseModel for UploadCouponCodesResponse<'static> {
    type View<'a> = UploadCouponCodesResponse<'a>;
    const NAME: &'static str = "UploadCouponCodesResponse";
}

view! {
    /// The partial-success lists of one upload (field names of the official Java sample
    /// `UploadCouponCodesResponse`). Partial success is a 200: a code in
    /// `failed_code_list`, `already_exist_code_list` or `duplicate_code_list` was not added.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::UploadCouponCodesResponse;
    /// let answer: UploadCouponCodesResponse<'_> = serde_json::from_str(
    ///     r#"{"total_count":1,"failed_code_list":[{"coupon_code":"x","code":"PARAM_ERROR","message":"bad"}]}"#,
    /// )?;
    /// assert_eq!(answer.failed_code_list[0].coupon_code, "x");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct UploadCouponCodesResponse<'a> {
        /// 去重后券Code总数: distinct codes in the request.
        #[serde(default)]
        pub total_count: Option<i64>,
        /// Codes added to the stock.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub success_code_list: Vec<Text<'a>>,
        /// Codes refused, each with the reason. The community OpenAPI description types this
        /// as a list of strings; the official class is an object list, which is followed.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub failed_code_list: Vec<FailedCouponCodeInfo<'a>>,
        /// Codes the stock already held (not added again).
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub already_exist_code_list: Vec<Text<'a>>,
        /// Codes given more than once in this request (added once).
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub duplicate_code_list: Vec<Text<'a>>,
    }
}

view! {
    /// A refused code and why (`FailedCouponCodeInfo`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::FailedCouponCodeInfo;
    /// let failed: FailedCouponCodeInfo<'_> = serde_json::from_str(r#"{"coupon_code":"x","code":"PARAM_ERROR","message":"bad"}"#)?;
    /// assert_eq!(failed.code, "PARAM_ERROR");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct FailedCouponCodeInfo<'a> {
        /// The code.
        #[serde(borrow)]
        pub coupon_code: Text<'a>,
        /// 失败错误码.
        #[serde(borrow, default)]
        pub code: Text<'a>,
        /// 失败错误信息.
        #[serde(borrow, default)]
        pub message: Text<'a>,
    }
}

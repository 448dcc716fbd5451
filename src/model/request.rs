//! Request models of the three endpoints, their JSON bodies and their validation.
//!
//! Path parameters (`openid`, `coupon_code`, `product_coupon_id` of update) are fields of the
//! request types but never part of the body. Absent optional fields are omitted, never `null`.
//! Every rule below is checked by `validate()` before any I/O; the error names the field.

use serde::{Serialize, Serializer};
use time::OffsetDateTime;

use crate::error::Error;
use crate::model::time_text;

/// 核销用户商品券: `POST …/users/{openid}/coupons/{coupon_code}/use`.
///
/// ```
/// use wechatpay_product_coupon::request::{AssociatedOrderInfo, UseCouponRequest};
/// let req = UseCouponRequest {
///     openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4".into(),
///     coupon_code: "Code_123456".into(),
///     product_coupon_id: "1000000013".into(),
///     stock_id: "1000000013001".into(),
///     appid: "wx233544546545989".into(),
///     use_time: time::macros::datetime!(2025-08-03 12:00:00 +08:00),
///     out_request_no: "MCHUSE202003101234".into(),
///     brand_id: "120344".into(),
///     associated_order_info: Some(AssociatedOrderInfo {
///         transaction_id: Some("4200000000123456789123456789".into()),
///         ..Default::default()
///     }),
///     associated_pay_score_order_info: None,
///     store_id: None,
/// };
/// assert!(req.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UseCouponRequest {
    /// Path: the user's OpenID under `appid`.
    #[serde(skip)]
    pub openid: String,
    /// Path: the user coupon code (at most 40 characters).
    #[serde(skip)]
    pub coupon_code: String,
    /// 商品券ID.
    pub product_coupon_id: String,
    /// 批次ID; must belong to `product_coupon_id`.
    pub stock_id: String,
    /// AppID bound to the service provider.
    pub appid: String,
    /// 核销时间, sent as `YYYY-MM-DDTHH:MM:SS±HH:MM` in the value's own offset.
    #[serde(serialize_with = "serialize_wire_time")]
    pub use_time: OffsetDateTime,
    /// 核销请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: String,
    /// 品牌ID.
    pub brand_id: String,
    /// The WeChat Pay order of the redemption (this or the pay-score order is required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated_order_info: Option<AssociatedOrderInfo>,
    /// The pay-score order of the redemption (this or `associated_order_info` is required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated_pay_score_order_info: Option<AssociatedPayScoreOrderInfo>,
    /// 核销门店ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_id: Option<String>,
}

/// The WeChat Pay order a redemption belongs to. Which combinations the server accepts is not
/// documented; the official example sends `transaction_id` alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AssociatedOrderInfo {
    /// 微信支付单号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// 商户订单号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    /// 商户号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    /// 子商户号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
}

/// The pay-score (支付分) order a redemption belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AssociatedPayScoreOrderInfo {
    /// 微信支付服务订单号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// 商户服务订单号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_order_no: Option<String>,
    /// 商户号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    /// 子商户号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
}

/// 失效用户商品券: `POST …/users/{openid}/coupons/{coupon_code}/deactivate`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeactivateCouponRequest {
    /// Path: the user's OpenID.
    #[serde(skip)]
    pub openid: String,
    /// Path: the user coupon code (at most 40 characters).
    #[serde(skip)]
    pub coupon_code: String,
    /// 商品券ID.
    pub product_coupon_id: String,
    /// 批次ID.
    pub stock_id: String,
    /// AppID bound to the service provider.
    pub appid: String,
    /// 失效请求单号: 6-40 of `[0-9A-Za-z_-]`.
    pub out_request_no: String,
    /// 失效原因: 1-150 characters.
    pub deactivate_reason: String,
    /// 品牌ID.
    pub brand_id: String,
}

/// 修改商品券: `PATCH …/product-coupons/{product_coupon_id}`. Applies to coupons issued
/// afterwards only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UpdateProductCouponRequest {
    /// Path: 商品券ID.
    #[serde(skip)]
    pub product_coupon_id: String,
    /// 修改请求单号: 6-40 of `[0-9A-Za-z_-]`.
    pub out_request_no: String,
    /// The complete new display information.
    pub display_info: ProductCouponDisplayInfo,
    /// 品牌ID.
    pub brand_id: String,
}

/// Display information of a product coupon, sent whole on update.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProductCouponDisplayInfo {
    /// 商品券名称: 3-15 characters.
    pub name: String,
    /// 商品券图片: a URL returned by the image-upload API.
    pub image_url: String,
    /// 背景图: a URL returned by the image-upload API.
    pub background_url: String,
    /// 详情图: at most 8 upload-API URLs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub detail_image_url_list: Vec<String>,
    /// 原价 in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_price: Option<u64>,
    /// 套餐组合.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub combo_package_list: Vec<ComboPackage>,
}

/// A combo package (套餐).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ComboPackage {
    /// 套餐名.
    pub name: String,
    /// 可选单品数量.
    pub pick_count: u32,
    /// 单品列表.
    pub choice_list: Vec<ComboPackageChoice>,
}

/// One item of a combo package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ComboPackageChoice {
    /// 单品名称.
    pub name: String,
    /// 单品价格 in fen.
    pub price: u64,
    /// 单品数量.
    pub count: u32,
    /// 单品图片.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Mini program AppID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mini_program_appid: Option<String>,
    /// Mini program path (sent together with the AppID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mini_program_path: Option<String>,
}

fn serialize_wire_time<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
    let bytes = time_text::format_wire(*t).map_err(serde::ser::Error::custom)?;
    // format_wire writes ASCII only.
    s.serialize_str(std::str::from_utf8(&bytes).map_err(serde::ser::Error::custom)?)
}

/// Maximum detail images on update.
pub const MAX_DETAIL_IMAGES: usize = 8;

fn required(field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "is required and must not be empty"));
    }
    Ok(())
}

fn optional(field: &'static str, value: &Option<String>) -> Result<(), Error> {
    match value {
        Some(v) => required(field, v),
        None => Ok(()),
    }
}

fn char_range(field: &'static str, value: &str, min: usize, max: usize) -> Result<(), Error> {
    let n = value.chars().count();
    if n < min || n > max {
        return Err(Error::invalid(
            field,
            format!("must be {min} to {max} characters, found {n}"),
        ));
    }
    Ok(())
}

fn out_request_no(value: &str) -> Result<(), Error> {
    let len = value.len();
    let bad = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'));
    if let Some(c) = bad {
        return Err(Error::invalid(
            "out_request_no",
            format!("may contain only 0-9 A-Z a-z _ -, found {c:?}"),
        ));
    }
    if !(6..=40).contains(&len) {
        return Err(Error::invalid(
            "out_request_no",
            format!("must be 6 to 40 characters, found {len}"),
        ));
    }
    Ok(())
}

/// Path parameters shared by use and deactivate.
fn user_coupon_path(openid: &str, coupon_code: &str) -> Result<(), Error> {
    required("openid", openid)?;
    required("coupon_code", coupon_code)?;
    let n = coupon_code.chars().count();
    if n > 40 {
        return Err(Error::invalid(
            "coupon_code",
            format!("must be at most 40 characters, found {n}"),
        ));
    }
    Ok(())
}

impl UseCouponRequest {
    /// Checks every documented rule; the error names the field and the rule.
    pub fn validate(&self) -> Result<(), Error> {
        user_coupon_path(&self.openid, &self.coupon_code)?;
        required("product_coupon_id", &self.product_coupon_id)?;
        required("stock_id", &self.stock_id)?;
        required("appid", &self.appid)?;
        out_request_no(&self.out_request_no)?;
        required("brand_id", &self.brand_id)?;
        optional("store_id", &self.store_id)?;
        time_text::format_wire(self.use_time).map_err(|rule| Error::invalid("use_time", rule))?;
        match (
            &self.associated_order_info,
            &self.associated_pay_score_order_info,
        ) {
            (None, None) => {
                return Err(Error::invalid(
                    "associated_order_info",
                    "this or associated_pay_score_order_info is required",
                ))
            }
            (order, pay_score) => {
                if let Some(o) = order {
                    o.validate()?;
                }
                if let Some(p) = pay_score {
                    p.validate()?;
                }
            }
        }
        Ok(())
    }
}

impl AssociatedOrderInfo {
    fn validate(&self) -> Result<(), Error> {
        let fields = [
            ("associated_order_info.transaction_id", &self.transaction_id),
            ("associated_order_info.out_trade_no", &self.out_trade_no),
            ("associated_order_info.mchid", &self.mchid),
            ("associated_order_info.sub_mchid", &self.sub_mchid),
        ];
        validate_reference(
            "associated_order_info",
            "transaction_id or out_trade_no",
            &fields,
        )
    }
}

impl AssociatedPayScoreOrderInfo {
    fn validate(&self) -> Result<(), Error> {
        let fields = [
            ("associated_pay_score_order_info.order_id", &self.order_id),
            (
                "associated_pay_score_order_info.out_order_no",
                &self.out_order_no,
            ),
            ("associated_pay_score_order_info.mchid", &self.mchid),
            ("associated_pay_score_order_info.sub_mchid", &self.sub_mchid),
        ];
        validate_reference(
            "associated_pay_score_order_info",
            "order_id or out_order_no",
            &fields,
        )
    }
}

/// An order reference: the first two fields identify the order, at least one must be set;
/// any field that is set must be non-empty.
fn validate_reference(
    object: &'static str,
    identifiers: &str,
    fields: &[(&'static str, &Option<String>); 4],
) -> Result<(), Error> {
    for (name, value) in fields {
        optional(name, value)?;
    }
    if fields[0].1.is_none() && fields[1].1.is_none() {
        return Err(Error::invalid(
            object,
            format!("must name the order: set {identifiers}"),
        ));
    }
    Ok(())
}

impl DeactivateCouponRequest {
    /// Checks every documented rule; the error names the field and the rule.
    pub fn validate(&self) -> Result<(), Error> {
        user_coupon_path(&self.openid, &self.coupon_code)?;
        required("product_coupon_id", &self.product_coupon_id)?;
        required("stock_id", &self.stock_id)?;
        required("appid", &self.appid)?;
        out_request_no(&self.out_request_no)?;
        char_range("deactivate_reason", &self.deactivate_reason, 1, 150)?;
        required("deactivate_reason", &self.deactivate_reason)?;
        required("brand_id", &self.brand_id)
    }
}

impl UpdateProductCouponRequest {
    /// Checks every documented rule; the error names the field and the rule.
    pub fn validate(&self) -> Result<(), Error> {
        required("product_coupon_id", &self.product_coupon_id)?;
        out_request_no(&self.out_request_no)?;
        required("brand_id", &self.brand_id)?;
        let d = &self.display_info;
        char_range("display_info.name", &d.name, 3, 15)?;
        required("display_info.name", &d.name)?;
        required("display_info.image_url", &d.image_url)?;
        required("display_info.background_url", &d.background_url)?;
        if d.detail_image_url_list.len() > MAX_DETAIL_IMAGES {
            return Err(Error::invalid(
                "display_info.detail_image_url_list",
                format!(
                    "at most {MAX_DETAIL_IMAGES} images, found {}",
                    d.detail_image_url_list.len()
                ),
            ));
        }
        if d.detail_image_url_list.iter().any(|u| u.trim().is_empty()) {
            return Err(Error::invalid(
                "display_info.detail_image_url_list",
                "must not contain empty URLs",
            ));
        }
        for combo in &d.combo_package_list {
            required("display_info.combo_package_list[].name", &combo.name)?;
            for choice in &combo.choice_list {
                required(
                    "display_info.combo_package_list[].choice_list[].name",
                    &choice.name,
                )?;
            }
        }
        Ok(())
    }
}

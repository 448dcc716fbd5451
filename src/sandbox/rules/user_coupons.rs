//! The body rules of the user-coupon endpoints: send, confirm, use, return, deactivate, and
//! the identifiers of a user-coupon query.

use serde_json::Value;

use super::{check_char_count, check_code_text, is_rfc3339, parse_out_request_no, Fields, Query};
use crate::sandbox::error::GatewayError;

/// The identifiers a use/deactivate request gives for its coupon.
pub(crate) struct CouponOwner<'a> {
    /// `product_coupon_id`.
    pub(crate) product_coupon_id: &'a str,
    /// `stock_id`.
    pub(crate) stock_id: &'a str,
    /// `appid`.
    pub(crate) appid: &'a str,
    /// `brand_id`.
    pub(crate) brand_id: &'a str,
}

impl<'a> CouponOwner<'a> {
    /// Reads the identifiers from a request body.
    fn parse(fields: &Fields<'a>) -> Result<Self, GatewayError> {
        Ok(CouponOwner {
            product_coupon_id: fields.required_str("product_coupon_id")?,
            stock_id: fields.required_str("stock_id")?,
            appid: fields.required_str("appid")?,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

impl<'a> CouponOwner<'a> {
    /// The identifiers a query of one user coupon gives.
    pub(crate) fn from_query(query: &'a Query) -> Result<Self, GatewayError> {
        Ok(CouponOwner {
            product_coupon_id: query.required("product_coupon_id")?,
            stock_id: query.required("stock_id")?,
            appid: query.required("appid")?,
            brand_id: query.required("brand_id")?,
        })
    }
}

/// A checked use (核销) request body.
pub(crate) struct UseBody<'a> {
    /// Which coupon the caller thinks it is.
    pub(crate) owner: CouponOwner<'a>,
    /// Idempotency number.
    pub(crate) out_request_no: &'a str,
    /// RFC 3339 use time.
    pub(crate) use_time: &'a str,
    /// `associated_order_info`, as sent.
    pub(crate) order_info: Option<&'a Value>,
    /// `associated_pay_score_order_info`, as sent.
    pub(crate) pay_score_order_info: Option<&'a Value>,
}

impl<'a> UseBody<'a> {
    /// Validates a use request body.
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["openid", "coupon_code"])?;
        let owner = CouponOwner::parse(&fields)?;
        let use_time = fields.required_str("use_time")?;
        if !is_rfc3339(use_time) {
            return Err(GatewayError::param(
                "参数 use_time 格式错误：须为 RFC 3339 时间，例如 2025-08-03T12:00:00+08:00",
            ));
        }
        let out_request_no = parse_out_request_no(&fields)?;
        fields.optional_str("store_id")?;
        let order_info = parse_order_info(
            &fields,
            "associated_order_info",
            "transaction_id",
            "out_trade_no",
        )?;
        let pay_score_order_info = parse_order_info(
            &fields,
            "associated_pay_score_order_info",
            "order_id",
            "out_order_no",
        )?;
        if order_info.is_none() && pay_score_order_info.is_none() {
            return Err(GatewayError::param(
                "associated_order_info 与 associated_pay_score_order_info 须至少传入一个",
            ));
        }
        Ok(UseBody {
            owner,
            out_request_no,
            use_time,
            order_info,
            pay_score_order_info,
        })
    }
}

/// A validated deactivate (失效) request body.
pub(crate) struct DeactivateBody<'a> {
    /// Which coupon the caller thinks it is.
    pub(crate) owner: CouponOwner<'a>,
    /// Idempotency number.
    pub(crate) out_request_no: &'a str,
    /// Why the coupon is deactivated.
    pub(crate) reason: &'a str,
}

impl<'a> DeactivateBody<'a> {
    /// Validates a deactivate request body.
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["openid", "coupon_code"])?;
        let owner = CouponOwner::parse(&fields)?;
        let out_request_no = parse_out_request_no(&fields)?;
        let reason = fields.required_str("deactivate_reason")?;
        check_char_count(&fields.path("deactivate_reason"), reason, 1, 150)?;
        Ok(DeactivateBody {
            owner,
            out_request_no,
            reason,
        })
    }
}

/// A send (发放) request body.
pub(crate) struct SendBody<'a> {
    /// `product_coupon_id`.
    pub(crate) product_coupon_id: &'a str,
    /// `stock_id`.
    pub(crate) stock_id: &'a str,
    /// `coupon_code` (API_ASSIGN stocks only).
    pub(crate) coupon_code: Option<&'a str>,
    /// `appid`.
    pub(crate) appid: &'a str,
    /// Idempotency number.
    pub(crate) send_request_no: &'a str,
    /// `attach`, returned verbatim.
    pub(crate) attach: Option<&'a str>,
    /// `brand_id`.
    pub(crate) brand_id: &'a str,
}

impl<'a> SendBody<'a> {
    /// Validates a send request body (doc 4015781605).
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["openid"])?;
        let coupon_code = fields.optional_str("coupon_code")?;
        if let Some(code) = coupon_code {
            check_code_text("coupon_code", code, 1, 40)?;
        }
        let send_request_no = fields.required_str("send_request_no")?;
        check_code_text("send_request_no", send_request_no, 6, 128)?;
        let attach = fields.optional_str("attach")?;
        if let Some(attach) = attach {
            check_char_count("attach", attach, 1, 150)?;
        }
        Ok(SendBody {
            product_coupon_id: fields.required_str("product_coupon_id")?,
            stock_id: fields.required_str("stock_id")?,
            coupon_code,
            appid: fields.required_str("appid")?,
            send_request_no,
            attach,
            brand_id: fields.required_str("brand_id")?,
        })
    }
}

/// A confirm or return request body: the coupon's identifiers and a request number.
pub(crate) struct RequestNoBody<'a> {
    /// Which coupon the caller thinks it is.
    pub(crate) owner: CouponOwner<'a>,
    /// Idempotency number.
    pub(crate) out_request_no: &'a str,
}

impl<'a> RequestNoBody<'a> {
    /// Validates a confirm or return request body.
    pub(crate) fn parse(body: &'a Value) -> Result<Self, GatewayError> {
        let fields = Fields::body(body, &["openid", "coupon_code"])?;
        Ok(RequestNoBody {
            owner: CouponOwner::parse(&fields)?,
            out_request_no: parse_out_request_no(&fields)?,
        })
    }
}

/// Validates an optional order-info object, which must carry at least one of
/// its two identifiers; `mchid` and `sub_mchid` are optional strings.
fn parse_order_info<'a>(
    fields: &Fields<'a>,
    name: &str,
    id: &str,
    out_id: &str,
) -> Result<Option<&'a Value>, GatewayError> {
    let Some(info) = fields.optional_object(name)? else {
        return Ok(None);
    };
    let id_given = info.optional_str(id)?.is_some();
    let out_id_given = info.optional_str(out_id)?.is_some();
    info.optional_str("mchid")?;
    info.optional_str("sub_mchid")?;
    if !id_given && !out_id_given {
        return Err(GatewayError::param(format!(
            "参数 {} 须至少传入 {id} 或 {out_id}",
            fields.path(name)
        )));
    }
    Ok(Some(info.value))
}

//! Identifiers in a request's JSON: the core's typed identifiers refuse a bad value while
//! the JSON is read, which serde reports as a decoding failure. A C caller gets
//! `WPC_ERR_INVALID_REQUEST` naming the field instead, as for every other rule a request
//! breaks.

use serde_json::Value;
use wechatpay_product_coupon::ids::{
    AppId, BrandId, CouponCode, OpenId, ProductCouponId, RequestNo, SendRequestNo, StockId,
};
use wechatpay_product_coupon::Error;

/// Checks one identifier's text.
type Check = fn(&str) -> Result<(), Error>;

/// Every identifier field of a request's JSON and its rule.
const CHECKS: [(&str, Check); 8] = [
    (OpenId::FIELD, |s| OpenId::new(s).map(drop)),
    (AppId::FIELD, |s| AppId::new(s).map(drop)),
    (ProductCouponId::FIELD, |s| {
        ProductCouponId::new(s).map(drop)
    }),
    (StockId::FIELD, |s| StockId::new(s).map(drop)),
    (BrandId::FIELD, |s| BrandId::new(s).map(drop)),
    (CouponCode::FIELD, |s| CouponCode::new(s).map(drop)),
    (RequestNo::FIELD, |s| RequestNo::new(s).map(drop)),
    (SendRequestNo::FIELD, |s| SendRequestNo::new(s).map(drop)),
];

/// The rule the first top-level identifier of `json` breaks, if `json` is an object and one
/// does.
pub(crate) fn id_error(json: &str) -> Option<Error> {
    let value: Value = serde_json::from_str(json).ok()?;
    let object = value.as_object()?;
    CHECKS.iter().find_map(|(field, check)| {
        let text = object.get(*field)?.as_str()?;
        check(text).err()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_identifier_is_named_and_good_ones_pass() {
        let err = id_error(r#"{"openid":"a/b","appid":"wx1"}"#).expect("refused");
        assert!(err.to_string().contains("openid"), "{err}");
        assert!(id_error(r#"{"openid":"oh-1","appid":"wx1"}"#).is_none());
        assert!(id_error("not json").is_none());
        assert!(id_error(r#"{"openid":5}"#).is_none());
    }
}

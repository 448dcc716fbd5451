//! The sandbox's seed data, in one copy: the IDs of the official examples, the requests that
//! address the seeded coupons, and (crate-internal) the entities the store starts with, read
//! from the official example files in `tests/data/` (the same files the model tests parse).
//!
//! ```
//! use wechatpay_product_coupon::sandbox::seed;
//! let req = seed::use_request(seed::COUPON_CODE, "MCHUSE202003101234")?;
//! assert_eq!(req.openid, seed::OPENID);
//! assert_eq!(req.product_coupon_id, seed::PRODUCT_COUPON_ID);
//! # Ok::<(), wechatpay_product_coupon::Error>(())
//! ```
//!
//! The helpers take text and return a `Result`: a code or request number that breaks its
//! rule ([`crate::ids`]) is an error naming it, never a panic.

use serde_json::{Map, Value};
use time::{OffsetDateTime, UtcOffset};

use crate::api::{
    AssociatedOrderInfo, DeactivateCouponRequest, ProductCouponDisplayInfo, SendCouponRequest,
    UpdateProductCouponRequest, UseCouponRequest, UserCouponRef,
};
use crate::error::Error;
use crate::model::ids::{
    AppId, BrandId, CouponCode, OpenId, ProductCouponId, RequestNo, SendRequestNo, StockId,
};
use crate::model::Rfc3339;

/// Beijing time, the gateway's time zone (seed times are written in it).
pub(crate) const BEIJING: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// `t` in Beijing time, as the gateway writes times.
pub(crate) fn beijing_text(t: OffsetDateTime) -> String {
    Rfc3339::from_time(t.to_offset(BEIJING))
        .map(|t| t.as_str().to_owned())
        .unwrap_or_default()
}

/// OpenID owning the seeded coupons.
pub const OPENID: &str = "oh-394z-6CGkNoJrsDLTTUKiAnp4";
/// First seeded coupon (the quickstart uses it).
pub const COUPON_CODE: &str = "Code_123456";
/// Second seeded coupon (the quickstart deactivates it).
pub const SECOND_COUPON_CODE: &str = "Code_123457";
/// Product coupon.
pub const PRODUCT_COUPON_ID: &str = "1000000013";
/// Stock.
pub const STOCK_ID: &str = "1000000013001";
/// A stock of the seed product coupon to send coupons from: WeChat Pay assigns the codes
/// (`coupon_code_mode` `WECHATPAY`), at most 100 per user.
pub const SEND_STOCK_ID: &str = "1000000013002";
/// A stock whose codes the sender chooses (`coupon_code_mode` `API_ASSIGN`): a send must
/// carry `coupon_code`.
pub const ASSIGN_STOCK_ID: &str = "1000000013003";
/// A stock usable at specific stores only (`store_scope` `SPECIFIC`, codes by WeChat Pay):
/// the one to associate stores with (none are at first).
pub const STORES_STOCK_ID: &str = "1000000013004";
/// A seeded stock, with what it is for (the standalone sandbox prints one line per stock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SeedStock {
    /// 批次ID.
    pub stock_id: &'static str,
    /// 券Code分配模式: `UPLOAD`, `WECHATPAY` or `API_ASSIGN`.
    pub coupon_code_mode: &'static str,
    /// What a test uses it for.
    pub purpose: &'static str,
}

/// The seeded stocks of [`PRODUCT_COUPON_ID`]: which one holds the seeded coupons, which ones
/// send.
///
/// ```
/// use wechatpay_product_coupon::sandbox::seed;
/// let send = seed::STOCKS.iter().find(|s| s.coupon_code_mode == "WECHATPAY");
/// assert_eq!(send.map(|s| s.stock_id), Some(seed::SEND_STOCK_ID));
/// ```
pub const STOCKS: [SeedStock; 4] = [
    SeedStock {
        stock_id: STOCK_ID,
        coupon_code_mode: "UPLOAD",
        purpose: "the official example's stock: holds the seeded coupons (use, deactivate, \
                  query, return); its codes are uploaded and none is left, so it does not send \
                  until more are uploaded (upload_coupon_codes)",
    },
    SeedStock {
        stock_id: SEND_STOCK_ID,
        coupon_code_mode: "WECHATPAY",
        purpose: "send from this one: WeChat Pay assigns the code (omit coupon_code), \
                  at most 100 per user; each send is CONFIRMING until confirmed",
    },
    SeedStock {
        stock_id: ASSIGN_STOCK_ID,
        coupon_code_mode: "API_ASSIGN",
        purpose: "send with a code of your choosing (coupon_code required); CONFIRMING \
                  until confirmed",
    },
    SeedStock {
        stock_id: STORES_STOCK_ID,
        coupon_code_mode: "WECHATPAY",
        purpose: "usable at specific stores (store_scope SPECIFIC): associate, \
                  disassociate and list its stores (none at first)",
    },
];

/// AppID.
pub const APPID: &str = "wx233544546545989";
/// Brand.
pub const BRAND_ID: &str = "120344";
/// The WeChat Pay transaction of the official use example.
pub const TRANSACTION_ID: &str = "4200000000123456789123456789";

/// The official use-response example: the seed user coupon, product coupon and stock.
const USE_RESPONSE_EXAMPLE: &str = include_str!("../../tests/data/use_response_example_S1.json");

/// A seeded user coupon of [`OPENID`] (or one issued with
/// [`Sandbox::issue_coupon`](super::Sandbox::issue_coupon)).
///
/// ```
/// # use wechatpay_product_coupon::sandbox::seed;
/// assert_eq!(seed::coupon("Code_X")?.brand_id, seed::BRAND_ID);
/// assert!(seed::coupon("Code X").is_err());
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub fn coupon(coupon_code: &str) -> Result<UserCouponRef, Error> {
    Ok(UserCouponRef {
        openid: OpenId::new(OPENID)?,
        coupon_code: CouponCode::new(coupon_code)?,
        product_coupon_id: ProductCouponId::new(PRODUCT_COUPON_ID)?,
        stock_id: StockId::new(STOCK_ID)?,
        appid: AppId::new(APPID)?,
        brand_id: BrandId::new(BRAND_ID)?,
    })
}

/// A use request for a seeded coupon, as in the official example: `use_time` fixed at
/// 2025-08-03T12:00:00+08:00 (so resending it sends the same body) and the example's
/// transaction.
///
/// ```
/// # use wechatpay_product_coupon::sandbox::seed;
/// let req = seed::use_request("Code_123456", "MCHUSE202003101234")?;
/// assert_eq!(req.use_time.unix_timestamp(), 1754193600);
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub fn use_request(coupon_code: &str, out_request_no: &str) -> Result<UseCouponRequest, Error> {
    Ok(UseCouponRequest::new(
        coupon(coupon_code)?,
        RequestNo::new(out_request_no)?,
        example_use_time(),
        AssociatedOrderInfo::transaction_id(TRANSACTION_ID),
    ))
}

/// A send of a coupon of [`SEND_STOCK_ID`] to [`OPENID`] (WeChat Pay assigns the code).
///
/// ```
/// # use wechatpay_product_coupon::sandbox::seed;
/// let req = seed::send_request("MCHSEND0001")?;
/// assert_eq!((req.stock_id.as_str(), req.coupon_code.as_deref()), (seed::SEND_STOCK_ID, None));
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub fn send_request(send_request_no: &str) -> Result<SendCouponRequest, Error> {
    Ok(SendCouponRequest::new(
        OpenId::new(OPENID)?,
        AppId::new(APPID)?,
        ProductCouponId::new(PRODUCT_COUPON_ID)?,
        StockId::new(SEND_STOCK_ID)?,
        BrandId::new(BRAND_ID)?,
        SendRequestNo::new(send_request_no)?,
    ))
}

/// A deactivate request for a seeded coupon, with the official example's reason.
///
/// ```
/// # use wechatpay_product_coupon::sandbox::seed;
/// let req = seed::deactivate_request("Code_123457", "MCHDEACT0001")?;
/// assert_eq!(req.deactivate_reason, "商品已下线,使用户商品券失效");
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub fn deactivate_request(
    coupon_code: &str,
    out_request_no: &str,
) -> Result<DeactivateCouponRequest, Error> {
    Ok(DeactivateCouponRequest::new(
        coupon(coupon_code)?,
        RequestNo::new(out_request_no)?,
        "商品已下线,使用户商品券失效",
    ))
}

/// 2025-08-03T12:00:00+08:00, the `use_time` of the official example.
fn example_use_time() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_754_193_600)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(BEIJING)
}

/// An update request renaming the seeded product coupon to `name` (images as in the official
/// example).
///
/// ```
/// # use wechatpay_product_coupon::sandbox::seed;
/// let req = seed::update_request("MCHUPDATE0001", "新名字的商品券")?;
/// assert_eq!(req.product_coupon_id, seed::PRODUCT_COUPON_ID);
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub fn update_request(
    out_request_no: &str,
    name: &str,
) -> Result<UpdateProductCouponRequest, Error> {
    let image = "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx";
    let mut display = ProductCouponDisplayInfo::new(name, image, image);
    display.detail_image_url_list.push(image.into());
    Ok(UpdateProductCouponRequest::new(
        ProductCouponId::new(PRODUCT_COUPON_ID)?,
        BrandId::new(BRAND_ID)?,
        RequestNo::new(out_request_no)?,
        display,
    ))
}

/// The official use-response example as a JSON object (empty if it could not be read, which
/// a unit test rules out).
fn use_response_example() -> Map<String, Value> {
    match serde_json::from_str(USE_RESPONSE_EXAMPLE) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The seed user coupon: the example without its product coupon, stock and usage (the store
/// fills in code, state, validity and request numbers).
pub(crate) fn user_coupon_entity() -> Map<String, Value> {
    let mut entity = use_response_example();
    for field in ["single_usage_detail", "product_coupon", "stock"] {
        entity.remove(field);
    }
    entity
}

/// The seed product coupon (`product_coupon` of the example).
pub(crate) fn product_coupon_entity() -> Map<String, Value> {
    match use_response_example().remove("product_coupon") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The seed stock (`stock` of the example).
pub(crate) fn stock_entity() -> Value {
    use_response_example()
        .remove("stock")
        .unwrap_or(Value::Null)
}

/// The stocks of the seed product coupon by ID: the example's (`UPLOAD` codes, none left
/// to send), and the stocks derived from it ([`SEND_STOCK_ID`], [`ASSIGN_STOCK_ID`],
/// [`STORES_STOCK_ID`]).
pub(crate) fn stocks() -> Vec<(String, Value)> {
    let example = stock_entity();
    let derived = |stock_id: &str, mode: &str, remark: &str| {
        let mut stock = example.clone();
        if let Some(map) = stock.as_object_mut() {
            map.remove("coupon_code_count_info");
            map.insert("stock_id".into(), stock_id.into());
            map.insert("coupon_code_mode".into(), mode.into());
            map.insert("remark".into(), remark.into());
        }
        if let Some(rule) = stock.pointer_mut("/stock_send_rule/max_count_per_user") {
            *rule = 100.into();
        }
        (stock_id.to_owned(), stock)
    };
    vec![
        (STOCK_ID.to_owned(), example.clone()),
        derived(SEND_STOCK_ID, "WECHATPAY", "沙箱发券批次"),
        derived(ASSIGN_STOCK_ID, "API_ASSIGN", "沙箱指定Code批次"),
        {
            let (id, mut stock) = derived(STORES_STOCK_ID, "WECHATPAY", "沙箱指定门店批次");
            if let Some(map) = stock.as_object_mut() {
                map.insert("store_scope".into(), "SPECIFIC".into());
            }
            (id, stock)
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stock_descriptions_match_the_seeded_stocks() {
        let seeded = stocks();
        assert_eq!(seeded.len(), STOCKS.len());
        for (described, (id, stock)) in STOCKS.iter().zip(&seeded) {
            assert_eq!(described.stock_id, id);
            assert_eq!(
                stock["coupon_code_mode"], described.coupon_code_mode,
                "{id}"
            );
        }
    }

    #[test]
    fn the_use_time_is_the_examples() {
        assert_eq!(
            example_use_time(),
            time::macros::datetime!(2025-08-03 12:00:00 +08:00)
        );
    }

    #[test]
    fn the_fixture_holds_the_seed_ids() {
        let example = use_response_example();
        assert_eq!(example["coupon_code"], COUPON_CODE);
        assert_eq!(example["brand_id"], BRAND_ID);
        assert_eq!(
            product_coupon_entity()["product_coupon_id"],
            PRODUCT_COUPON_ID
        );
        assert_eq!(stock_entity()["stock_id"], STOCK_ID);
        assert_eq!(
            example["single_usage_detail"]["associated_order_info"]["transaction_id"],
            TRANSACTION_ID
        );
        let request: Value =
            serde_json::from_str(include_str!("../../tests/data/use_request_example_S1.json"))
                .unwrap_or_default();
        assert_eq!(request["appid"], APPID);
    }
}

//! The gateway's business state, one store per resource, and the handlers of the endpoints,
//! each in the module of its resource and named exactly like its endpoint
//! (`stores::<resource>::<endpoint name>`, e.g. [`user_coupons::use_coupon`]), with the
//! signature of [`Handler`](super::routes::Handler).
//!
//! | module | resource | endpoints |
//! | --- | --- | --- |
//! | [`user_coupons`] | coupons issued to users | send, confirm, use, return, deactivate, get, list |
//! | [`product_coupons`] | product coupons (商品券) | get, update, deactivate |
//! | [`notify_configs`] | the notify URL | set, get |
//! | [`media`] | uploaded images, image-generation tasks | upload, create task, get task |
//! | [`stocks`] | stocks (批次) of the product coupons | get, list, deactivate (and read by send); upload codes (in [`stock_codes`]); associate, disassociate, list stores (in [`stock_stores`]) |
//!
//! Entities are typed (serialized to JSON only when answering, with sorted keys as the
//! sandbox has always answered); every write goes through the one idempotency mechanism
//! ([`Idempotency`]); the current time is the call's; notifications to deliver are queued
//! ([`Stores::take_outbox`]). Pure: no I/O.

pub(crate) mod media;
pub(crate) mod notify_configs;
pub(crate) mod product_coupons;
pub(crate) mod stock_codes;
pub(crate) mod stock_stores;
pub(crate) mod stocks;
pub(crate) mod user_coupons;
pub(crate) mod validity;

pub(crate) use notify_configs::NotifyConfigs;
pub(crate) use product_coupons::{ProductCoupon, ProductCoupons};
pub(crate) use stocks::{Stock, Stocks};
pub(crate) use user_coupons::{coupon_target, CouponTemplate, UserCoupons};
pub use validity::CouponValidity;

use serde_json::Value;

use super::error::GatewayError;
use super::idempotency::Idempotency;
use super::notifier::OutgoingEvent;
use super::seed;

/// Every store of the sandbox; the sandbox wraps it in one `Mutex`, so a request sees and
/// changes them atomically.
#[derive(Debug)]
pub(crate) struct Stores {
    /// Coupons issued to users.
    pub(crate) user_coupons: UserCoupons,
    /// Product coupons.
    pub(crate) product_coupons: ProductCoupons,
    /// Stocks.
    pub(crate) stocks: Stocks,
    /// The codes uploaded to the `UPLOAD` stocks.
    pub(crate) stock_codes: stock_codes::StockCodes,
    /// The stores associated with the `SPECIFIC` stocks.
    pub(crate) stock_stores: stock_stores::StockStores,
    /// The notify URL.
    pub(crate) notify_configs: NotifyConfigs,
    /// Uploaded images.
    pub(crate) media: media::Media,
    /// The records of every write.
    pub(crate) idempotency: Idempotency,
    /// Notifications to deliver, taken by the sandbox after each request.
    pub(crate) outbox: Vec<OutgoingEvent>,
}

impl Stores {
    /// Seeded from the official examples (see [`seed`]): product coupon 1000000013 with
    /// stocks 1000000013001-003 of brand 120344, and for openid oh-394z-6CGkNoJrsDLTTUKiAnp4
    /// the EFFECTIVE coupons Code_123456 and Code_123457, valid as `validity` says.
    pub(crate) fn seeded(validity: &CouponValidity) -> Result<Self, GatewayError> {
        let template: CouponTemplate = from_seed(Value::Object(seed::user_coupon_entity()))?;
        let mut stores = Stores {
            user_coupons: UserCoupons::new(template),
            product_coupons: ProductCoupons::default(),
            stocks: Stocks::default(),
            stock_codes: stock_codes::StockCodes::default(),
            stock_stores: stock_stores::StockStores::default(),
            notify_configs: NotifyConfigs::default(),
            media: media::Media::default(),
            idempotency: Idempotency::default(),
            outbox: Vec::new(),
        };
        let product: ProductCoupon = from_seed(Value::Object(seed::product_coupon_entity()))?;
        stores.product_coupons.insert(product);
        for (_, stock) in seed::stocks() {
            stores.stocks.insert(from_seed::<Stock>(stock)?);
        }
        for code in [seed::COUPON_CODE, seed::SECOND_COUPON_CODE] {
            stores.issue_coupon(seed::OPENID, code, validity);
        }
        Ok(stores)
    }

    /// Issues another EFFECTIVE user coupon of the seed product coupon and stock, valid as
    /// `validity` says. Reissuing an existing code replaces it with a fresh coupon and
    /// forgets the idempotency records about it.
    pub(crate) fn issue_coupon(
        &mut self,
        openid: &str,
        coupon_code: &str,
        validity: &CouponValidity,
    ) {
        let Ok(product) = self
            .product_coupons
            .of_brand(seed::PRODUCT_COUPON_ID, seed::BRAND_ID)
        else {
            return;
        };
        let Some(stock) = self
            .stocks
            .of_product(seed::PRODUCT_COUPON_ID, seed::STOCK_ID)
        else {
            return;
        };
        self.user_coupons
            .issue(openid, coupon_code, product, stock, validity);
        let (kind, target) = coupon_target(openid, coupon_code);
        self.idempotency.forget(kind, &target);
    }

    /// The state of a user coupon (e.g. `"EFFECTIVE"`), or `None` if it does not exist.
    pub(crate) fn coupon_state(&self, openid: &str, coupon_code: &str) -> Option<String> {
        self.user_coupons
            .state(openid, coupon_code)
            .map(|s| s.as_str().to_owned())
    }

    /// The notifications queued since the last call.
    pub(crate) fn take_outbox(&mut self) -> Vec<OutgoingEvent> {
        std::mem::take(&mut self.outbox)
    }
}

/// A typed seed entity (a unit test checks that every seed entity reads).
fn from_seed<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, GatewayError> {
    serde_json::from_value(value)
        .map_err(|e| GatewayError::system(format!("sandbox seed entity: {e}")))
}

#[cfg(test)]
mod tests;

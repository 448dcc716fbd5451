//! The typed methods of [`Client`], one per endpoint of the registry
//! ([`for_each_endpoint!`](crate::for_each_endpoint)): each is [`Client::execute`] with the
//! request and response types spelled out.

use super::{Client, Verified};
use crate::error::Error;

macro_rules! client_methods {
    ([$krate:tt] $($resource:ident { $($(#[$doc:meta])* $name:ident($req:ident) -> $resp:ident;)* })*) => {
        impl Client {
            $($(
                $(#[$doc])*
                ///
                #[doc = concat!(
                    "Sends a [`", stringify!($req), "`](crate::api::", stringify!($req), ") through [`execute`](Self::execute); ",
                    "the verified answer parses into a [`", stringify!($resp), "`](crate::model::", stringify!($resp), ") view."
                )]
                ///
                /// ```no_run
                #[doc = concat!("# use wechatpay_product_coupon::api::", stringify!($req), ";")]
                #[doc = concat!("# fn demo(client: &wechatpay_product_coupon::Client, req: &", stringify!($req), ") -> Result<(), wechatpay_product_coupon::Error> {")]
                #[doc = concat!("let verified = client.", stringify!($name), "(req)?;")]
                /// let view = verified.parse()?; // borrows from `verified`
                /// # Ok(()) }
                /// ```
                pub fn $name(&self, req: &$krate::api::$req) -> Result<Verified<$krate::model::$resp>, Error> {
                    self.execute(req)
                }
            )*)*
        }
    };
}
crate::for_each_endpoint!(client_methods);

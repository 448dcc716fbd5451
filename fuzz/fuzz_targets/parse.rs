//! Response decoding: arbitrary bytes into the two zero-copy response views, then
//! `IntoOwned`, RFC 3339 parsing of their time fields, and storing the owned value as JSON
//! (which must parse back to the same value). Must never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wechatpay_product_coupon::model::{ProductCouponEntity, Rfc3339, UserProductCouponEntity};
use wechatpay_product_coupon::IntoOwned;

fn parse_time(t: &Rfc3339<'_>) {
    if let Ok(parsed) = t.to_offset_date_time() {
        // Whatever parses must be a real instant; formatting it back must not panic.
        let _ = parsed.unix_timestamp();
        let _ = format!("{parsed}");
    }
}

fn check_product(p: &ProductCouponEntity<'_>) {
    if let Some(t) = &p.deactivate_time {
        parse_time(t);
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(coupon) = serde_json::from_slice::<UserProductCouponEntity>(data) {
        for t in [
            Some(&coupon.valid_begin_time),
            Some(&coupon.valid_end_time),
            Some(&coupon.receive_time),
            coupon.confirm_time.as_ref(),
            coupon.deactivate_time.as_ref(),
            coupon.stock.deactivate_time.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            parse_time(t);
        }
        for detail in [
            &coupon.single_usage_detail,
            &coupon.progressive_bundle_usage_detail,
        ]
        .into_iter()
        .flatten()
        {
            for t in [&detail.use_time, &detail.return_time]
                .into_iter()
                .flatten()
            {
                parse_time(t);
            }
        }
        check_product(&coupon.product_coupon);
        let _ = coupon.coupon_state.to_string();
        let copy = coupon.clone();
        let owned: UserProductCouponEntity<'static> = coupon.into_owned();
        assert_eq!(owned, copy, "into_owned changed the value");
        let stored = serde_json::to_vec(&owned).expect("an owned response serializes");
        let back: UserProductCouponEntity = serde_json::from_slice(&stored).expect("and parses back");
        assert_eq!(back, owned, "storing as JSON changed the value");
    }
    if let Ok(product) = serde_json::from_slice::<ProductCouponEntity>(data) {
        check_product(&product);
        let _ = product.state.to_string();
        let copy = product.clone();
        let owned: ProductCouponEntity<'static> = product.into_owned();
        assert_eq!(owned, copy, "into_owned changed the value");
        let stored = serde_json::to_vec(&owned).expect("an owned response serializes");
        let back: ProductCouponEntity = serde_json::from_slice(&stored).expect("and parses back");
        assert_eq!(back, owned, "storing as JSON changed the value");
    }
});

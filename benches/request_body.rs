//! Serializing the three request bodies (`serde_json::to_vec`), with the values of the
//! official examples: use (S1), deactivate (S0), update (S2).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use time::macros::datetime;
use wechatpay_product_coupon::request::{
    AssociatedOrderInfo, DeactivateCouponRequest, ProductCouponDisplayInfo,
    UpdateProductCouponRequest, UseCouponRequest,
};

const OPENID: &str = "oh-394z-6CGkNoJrsDLTTUKiAnp4";
const IMAGE: &str = "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx";

fn use_request() -> UseCouponRequest {
    UseCouponRequest {
        openid: OPENID.into(),
        coupon_code: "Code_123456".into(),
        product_coupon_id: "1000000013".into(),
        stock_id: "1000000013001".into(),
        appid: "wx233544546545989".into(),
        use_time: datetime!(2025-08-03 12:00:00 +08:00),
        out_request_no: "MCHUSE202003101234".into(),
        brand_id: "120344".into(),
        associated_order_info: Some(AssociatedOrderInfo {
            transaction_id: Some("4200000000123456789123456789".into()),
            ..Default::default()
        }),
        associated_pay_score_order_info: None,
        store_id: None,
    }
}

fn deactivate_request() -> DeactivateCouponRequest {
    DeactivateCouponRequest {
        openid: OPENID.into(),
        coupon_code: "Code_123456".into(),
        product_coupon_id: "1000000013".into(),
        stock_id: "1000000013001".into(),
        appid: "wx233544546545989".into(),
        out_request_no: "MCHDEACTIVATE202003101234".into(),
        deactivate_reason: "商品已下线,使用户商品券失效".into(),
        brand_id: "120344".into(),
    }
}

fn update_request() -> UpdateProductCouponRequest {
    UpdateProductCouponRequest {
        product_coupon_id: "1000000013".into(),
        out_request_no: "12345_20250101_A3489".into(),
        display_info: ProductCouponDisplayInfo {
            name: "全场满100立打8折-新名字".into(),
            image_url: IMAGE.into(),
            background_url: IMAGE.into(),
            detail_image_url_list: vec![IMAGE.into()],
            ..Default::default()
        },
        brand_id: "120344".into(),
    }
}

fn bench_request_body(c: &mut Criterion) {
    let use_req = use_request();
    let deactivate_req = deactivate_request();
    let update_req = update_request();
    use_req.validate().expect("the use example validates");
    deactivate_req
        .validate()
        .expect("the deactivate example validates");
    update_req.validate().expect("the update example validates");

    // The use body is byte for byte the body of the derived signing vector.
    let vectors: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/derived_vectors.json"
        ))
        .expect("derived vectors"),
    )
    .expect("JSON");
    assert_eq!(
        serde_json::to_vec(&use_req).expect("use"),
        vectors["request_signing_post_use"]["body"]
            .as_str()
            .expect("body")
            .as_bytes()
    );

    let mut group = c.benchmark_group("request_body");
    let len = serde_json::to_vec(&use_req).expect("use").len();
    group.throughput(Throughput::Bytes(len as u64));
    group.bench_function("use", |b| {
        b.iter(|| serde_json::to_vec(black_box(&use_req)).expect("use"))
    });
    let len = serde_json::to_vec(&deactivate_req)
        .expect("deactivate")
        .len();
    group.throughput(Throughput::Bytes(len as u64));
    group.bench_function("deactivate", |b| {
        b.iter(|| serde_json::to_vec(black_box(&deactivate_req)).expect("deactivate"))
    });
    let len = serde_json::to_vec(&update_req).expect("update").len();
    group.throughput(Throughput::Bytes(len as u64));
    group.bench_function("update", |b| {
        b.iter(|| serde_json::to_vec(black_box(&update_req)).expect("update"))
    });
    group.finish();
}

criterion_group!(benches, bench_request_body);
criterion_main!(benches);

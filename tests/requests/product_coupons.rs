//! Product coupons: the update request.

use super::*;

#[test]
fn update_body_equals_the_s2_request_example() {
    let e = encoded(&update_request());
    assert_eq!(e.method, Method::Patch);
    assert_eq!(e.target, UPDATE_TARGET);
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    assert_eq!(text, UPDATE_BODY);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v, read_json("update_request_example_S2.json"));
    assert_no_null(&v, "");
}

#[test]
fn update_body_excludes_product_coupon_id() {
    let mut req = update_request();
    req.product_coupon_id = "PCID_UNIQUE_987654".parse().unwrap();
    let e = encoded(&req);
    assert_eq!(
        e.target,
        "/v3/marketing/partner/product-coupon/product-coupons/PCID_UNIQUE_987654"
    );
    let text = String::from_utf8(e.body.unwrap()).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v.get("product_coupon_id").is_none());
    assert!(!text.contains("product_coupon_id"), "{text}");
    assert!(!text.contains("PCID_UNIQUE_987654"), "{text}");
}

#[test]
fn update_body_omits_absent_optional_fields() {
    let mut req = update_request();
    req.display_info.detail_image_url_list.clear();
    let v = body(&req);
    assert_no_null(&v, "");
    assert_eq!(
        keys(&v),
        sorted(&["out_request_no", "display_info", "brand_id"])
    );
    assert_eq!(
        keys(&v["display_info"]),
        sorted(&["name", "image_url", "background_url"])
    );
}

#[test]
fn update_body_serializes_combo_packages_and_original_price() {
    let mut req = update_request();
    req.display_info.original_price = Some(3900);
    let mut cola = ComboPackageChoice::new("可乐", 800, 1);
    cola.image_url = Some("https://wxpaylogo.qpic.cn/wxpaylogo/cola".into());
    cola.mini_program_appid = Some("wx1234567890".into());
    cola.mini_program_path = Some("/pages/cola".into());
    req.display_info.combo_package_list = vec![ComboPackage::new(
        "双人套餐",
        2,
        vec![cola, ComboPackageChoice::new("薯条", 1200, 2)],
    )];
    expect_valid(&req);
    let v = body(&req);
    assert_no_null(&v, "");
    assert_eq!(v["display_info"]["original_price"], json!(3900));
    assert_eq!(
        v["display_info"]["combo_package_list"],
        json!([{
            "name": "双人套餐",
            "pick_count": 2,
            "choice_list": [
                {
                    "name": "可乐",
                    "price": 800,
                    "count": 1,
                    "image_url": "https://wxpaylogo.qpic.cn/wxpaylogo/cola",
                    "mini_program_appid": "wx1234567890",
                    "mini_program_path": "/pages/cola"
                },
                {"name": "薯条", "price": 1200, "count": 2}
            ]
        }])
    );
}

#[test]
fn update_request_from_travel_json_encodes_the_official_example() {
    let doc = travel_json(
        "update_request_example_S2.json",
        &[("product_coupon_id", PRODUCT_COUPON_ID)],
    );
    let req: UpdateProductCouponRequest = serde_json::from_value(doc).unwrap();
    assert_eq!(req, update_request());
    let e = encoded(&req);
    assert_eq!(e.body_bytes(), UPDATE_BODY.as_bytes());
    assert_eq!(
        serde_json::from_slice::<Value>(e.body_bytes()).unwrap(),
        read_json("update_request_example_S2.json")
    );
    assert_eq!(e.target, UPDATE_TARGET);
    assert!(e.target.ends_with(&format!("/{PRODUCT_COUPON_ID}")));
}

// Required fields of update.
invalid!(
    update_rejects_empty_display_name,
    update_request(),
    |r| r.display_info.name = "".into(),
    "display_info.name"
);
invalid!(
    update_rejects_blank_display_name,
    update_request(),
    |r| r.display_info.name = "     ".into(),
    "display_info.name"
);
invalid!(
    update_rejects_empty_image_url,
    update_request(),
    |r| r.display_info.image_url = "".into(),
    "display_info.image_url"
);
invalid!(
    update_rejects_empty_background_url,
    update_request(),
    |r| r.display_info.background_url = "".into(),
    "display_info.background_url"
);

// display_info.name: 3-15 characters (not bytes).
invalid!(
    display_name_of_2_characters_is_rejected,
    update_request(),
    |r| r.display_info.name = "好券".into(),
    "display_info.name"
);
valid!(
    display_name_of_3_chinese_characters_is_accepted,
    update_request(),
    |r| r.display_info.name = "商品券".into()
);
valid!(
    display_name_of_15_mixed_characters_is_accepted,
    update_request(),
    |r| {
        r.display_info.name = "全场满100元立打8折-新名字".into();
        assert_eq!(r.display_info.name.chars().count(), 15);
        assert!(r.display_info.name.len() > 15);
    }
);
invalid!(
    display_name_of_16_characters_is_rejected,
    update_request(),
    |r| r.display_info.name = "全场满100元立打8折-新名字!".into(),
    "display_info.name"
);
invalid!(
    display_name_of_16_chinese_characters_is_rejected,
    update_request(),
    |r| r.display_info.name = chars('券', 16).into(),
    "display_info.name"
);

// detail_image_url_list: at most 8, none empty.
valid!(eight_detail_images_are_accepted, update_request(), |r| r
    .display_info
    .detail_image_url_list =
    vec!["https://wxpaylogo.qpic.cn/wxpaylogo/x".into(); 8]);
invalid!(
    nine_detail_images_are_rejected,
    update_request(),
    |r| r.display_info.detail_image_url_list =
        vec!["https://wxpaylogo.qpic.cn/wxpaylogo/x".into(); 9],
    "display_info.detail_image_url_list"
);
invalid!(
    empty_detail_image_url_is_rejected,
    update_request(),
    |r| r.display_info.detail_image_url_list.push("".into()),
    "display_info.detail_image_url_list"
);

// Combo packages.
invalid!(
    combo_package_without_name_is_rejected,
    update_request(),
    |r| r.display_info.combo_package_list = vec![ComboPackage::new("", 1, Vec::new())],
    "display_info.combo_package_list[].name"
);
invalid!(
    combo_choice_without_name_is_rejected,
    update_request(),
    |r| r.display_info.combo_package_list = vec![ComboPackage::new(
        "套餐",
        1,
        vec![ComboPackageChoice::new("", 100, 1)]
    )],
    "display_info.combo_package_list[].choice_list[].name"
);

/// Display information is one type for requests and responses: a request's JSON names an
/// unknown field inside it with its path, while a response with the same field still reads.
#[test]
fn an_unknown_field_deep_in_display_information_is_named_in_a_request_and_ignored_in_a_response() {
    let choice = json!({"name": "可乐", "price": 300, "count": 1, "prise": 1});
    let combo = json!([{"name": "双人套餐", "pick_count": 1, "choice_list": [choice]}]);
    let mut doc = serde_json::to_value(update_request()).unwrap();
    doc["display_info"]["combo_package_list"] = combo.clone();
    let err = serde_json::from_value::<UpdateProductCouponRequest>(doc).unwrap_err();
    assert!(
        err.to_string()
            .contains("combo_package_list[0].choice_list[0].prise"),
        "{err}"
    );

    let mut product: serde_json::Value =
        serde_json::from_slice(&common::read_bytes("update_response_example_S2.json")).unwrap();
    product["display_info"]["combo_package_list"] = combo;
    let body = serde_json::to_vec(&product).unwrap();
    use wechatpay_product_coupon::endpoint::ResponseModel;
    let read = wechatpay_product_coupon::model::ProductCoupon::parse(&body).unwrap();
    assert_eq!(
        read.display_info.combo_package_list[0].choice_list[0].price,
        300
    );
}

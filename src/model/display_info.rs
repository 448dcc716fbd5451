//! A product coupon's display information (`ProductCouponDisplayInfo`, docs/protocol-notes.md
//! §1.3): one type per JSON shape, read from responses (borrowing from the verified body) and
//! sent in requests (`ProductCouponDisplayInfo<'static>`, owning its text), so what is read
//! can be edited and sent back as it is.

use crate::error::Error;
use crate::model::{view, Text};

/// Most detail images a product coupon can show.
pub const MAX_DETAIL_IMAGES: usize = 8;

view! {
    /// Display information of a product coupon (`ProductCouponDisplayInfo`): read in every
    /// product coupon, sent whole on update.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ProductCouponDisplayInfo;
    /// let json = r#"{"name": "全场8折", "image_url": "https://a/1.png", "background_url": "https://a/2.png",
    ///               "detail_image_url_list": null}"#;
    /// let display: ProductCouponDisplayInfo<'_> = serde_json::from_str(json)?;
    /// assert_eq!(display.name, "全场8折");
    /// assert!(display.detail_image_url_list.is_empty()); // `null` reads as an empty list
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ProductCouponDisplayInfo<'a> {
        /// 商品券名称: 3-15 characters.
        #[serde(borrow)]
        pub name: Text<'a>,
        /// 商品券图片: a URL returned by the image-upload API.
        #[serde(borrow)]
        pub image_url: Text<'a>,
        /// 背景图: a URL returned by the image-upload API.
        #[serde(borrow)]
        pub background_url: Text<'a>,
        /// 详情图: at most [`MAX_DETAIL_IMAGES`] upload-API URLs.
        #[serde(
            borrow,
            default,
            deserialize_with = "crate::model::de::vec_or_null",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub detail_image_url_list: Vec<Text<'a>>,
        /// 原价 in fen; a request refuses more than `i64::MAX` (the spec's integers are int64).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub original_price: Option<u64>,
        /// 套餐组合.
        #[serde(
            borrow,
            default,
            deserialize_with = "crate::model::de::vec_or_null",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub combo_package_list: Vec<ComboPackage<'a>>,
    }
}

impl<'a> ProductCouponDisplayInfo<'a> {
    /// Display information with the three required fields; the lists are empty and the
    /// original price unset.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ProductCouponDisplayInfo;
    /// let mut d = ProductCouponDisplayInfo::new("新名字的商品券", "https://a/1.png", "https://a/2.png");
    /// d.detail_image_url_list.push("https://a/3.png".into());
    /// assert_eq!(d.detail_image_url_list.len(), 1);
    /// ```
    pub fn new(
        name: impl Into<Text<'a>>,
        image_url: impl Into<Text<'a>>,
        background_url: impl Into<Text<'a>>,
    ) -> Self {
        ProductCouponDisplayInfo {
            name: name.into(),
            image_url: image_url.into(),
            background_url: background_url.into(),
            detail_image_url_list: Vec::new(),
            original_price: None,
            combo_package_list: Vec::new(),
        }
    }

    /// The rules a request's display information must meet; each error names the field.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let required = |field: &'static str, value: &Text<'_>| {
            if value.trim().is_empty() {
                return Err(Error::invalid(field, "is required and must not be empty"));
            }
            no_control(field, value)
        };
        let n = self.name.chars().count();
        if !(3..=15).contains(&n) {
            return Err(Error::invalid(
                "display_info.name",
                format!("must be 3 to 15 characters, found {n}"),
            ));
        }
        required("display_info.name", &self.name)?;
        required("display_info.image_url", &self.image_url)?;
        required("display_info.background_url", &self.background_url)?;
        if self.detail_image_url_list.len() > MAX_DETAIL_IMAGES {
            return Err(Error::invalid(
                "display_info.detail_image_url_list",
                format!(
                    "at most {MAX_DETAIL_IMAGES} images, found {}",
                    self.detail_image_url_list.len()
                ),
            ));
        }
        if self
            .detail_image_url_list
            .iter()
            .any(|u| u.trim().is_empty())
        {
            return Err(Error::invalid(
                "display_info.detail_image_url_list",
                "must not contain empty URLs",
            ));
        }
        if let Some(price) = self.original_price {
            amount("display_info.original_price", price)?;
        }
        for combo in &self.combo_package_list {
            required("display_info.combo_package_list[].name", &combo.name)?;
            for choice in &combo.choice_list {
                required(
                    "display_info.combo_package_list[].choice_list[].name",
                    &choice.name,
                )?;
                amount(
                    "display_info.combo_package_list[].choice_list[].price",
                    choice.price,
                )?;
                let optional = [
                    (
                        "display_info.combo_package_list[].choice_list[].image_url",
                        &choice.image_url,
                    ),
                    (
                        "display_info.combo_package_list[].choice_list[].mini_program_appid",
                        &choice.mini_program_appid,
                    ),
                    (
                        "display_info.combo_package_list[].choice_list[].mini_program_path",
                        &choice.mini_program_path,
                    ),
                ];
                for (field, value) in optional {
                    if let Some(v) = value {
                        no_control(field, v)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Refuses control characters (NUL, line breaks, …) in a text sent to the gateway.
fn no_control(field: &'static str, value: &str) -> Result<(), Error> {
    match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(Error::invalid(
            field,
            format!("must not contain control characters, found {c:?}"),
        )),
        None => Ok(()),
    }
}

/// An amount in fen (分): the spec's integers are int64, so at most `i64::MAX`.
fn amount(field: &'static str, value: u64) -> Result<(), Error> {
    if i64::try_from(value).is_err() {
        return Err(Error::invalid(
            field,
            format!(
                "must be at most {} (the spec's int64 range), found {value}",
                i64::MAX
            ),
        ));
    }
    Ok(())
}

view! {
    /// A combo package (`ComboPackage`, 套餐组合): `pick_count` of its choices make one
    /// serving.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ComboPackage;
    /// let json = r#"{"name": "双人套餐", "pick_count": 1, "choice_list": [{"name": "可乐", "price": 300, "count": 1}]}"#;
    /// let combo: ComboPackage<'_> = serde_json::from_str(json)?;
    /// assert_eq!(combo.pick_count, 1);
    /// assert_eq!(combo.choice_list[0].name, "可乐");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ComboPackage<'a> {
        /// 套餐名.
        #[serde(borrow)]
        pub name: Text<'a>,
        /// 可选单品数量.
        pub pick_count: u32,
        /// 单品列表.
        #[serde(borrow, default, deserialize_with = "crate::model::de::vec_or_null")]
        pub choice_list: Vec<ComboPackageChoice<'a>>,
    }
}

impl<'a> ComboPackage<'a> {
    /// A combo package of `choice_list`, `pick_count` of which make one serving.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::{ComboPackage, ComboPackageChoice};
    /// let combo = ComboPackage::new("双人套餐", 1, vec![ComboPackageChoice::new("可乐", 300, 1)]);
    /// assert_eq!(combo.choice_list.len(), 1);
    /// ```
    pub fn new(
        name: impl Into<Text<'a>>,
        pick_count: u32,
        choice_list: Vec<ComboPackageChoice<'a>>,
    ) -> Self {
        ComboPackage {
            name: name.into(),
            pick_count,
            choice_list,
        }
    }
}

view! {
    /// One item of a combo package (`ComboPackageChoice`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ComboPackageChoice;
    /// let choice: ComboPackageChoice<'_> = serde_json::from_str(r#"{"name": "可乐", "price": 300, "count": 2}"#)?;
    /// assert_eq!((choice.price, choice.count), (300, 2));
    /// assert!(choice.image_url.is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct ComboPackageChoice<'a> {
        /// 单品名称.
        #[serde(borrow)]
        pub name: Text<'a>,
        /// 单品价格 in fen; a request refuses more than `i64::MAX` (the spec's int64).
        pub price: u64,
        /// 单品数量.
        pub count: u32,
        /// 单品图片.
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub image_url: Option<Text<'a>>,
        /// Mini program AppID.
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub mini_program_appid: Option<Text<'a>>,
        /// Mini program path.
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub mini_program_path: Option<Text<'a>>,
    }
}

impl<'a> ComboPackageChoice<'a> {
    /// A choice without image or mini program.
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ComboPackageChoice;
    /// let mut choice = ComboPackageChoice::new("可乐", 300, 1);
    /// choice.image_url = Some("https://a/cola.png".into());
    /// assert_eq!(choice.price, 300);
    /// ```
    pub fn new(name: impl Into<Text<'a>>, price: u64, count: u32) -> Self {
        ComboPackageChoice {
            name: name.into(),
            price,
            count,
            image_url: None,
            mini_program_appid: None,
            mini_program_path: None,
        }
    }
}

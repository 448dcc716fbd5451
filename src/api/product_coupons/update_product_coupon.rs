//! 修改商品券 (update a product coupon):
//! `PATCH /v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}`.

use serde::{Deserialize, Serialize};

use crate::api::rules;
use crate::error::Error;
use crate::model::{self, ProductCoupon, ProductCouponEntity};
use crate::protocol::endpoint::{ApiRequest, Endpoint, Method, Params};

/// Most detail images a product coupon can show.
pub const MAX_DETAIL_IMAGES: usize = 8;

/// Updates (修改) a product coupon's display information; it applies to coupons issued
/// afterwards only. The answer is the product coupon.
///
/// ```
/// use wechatpay_product_coupon::api::{ProductCouponDisplayInfo, UpdateProductCouponRequest};
/// use wechatpay_product_coupon::endpoint::ApiRequest;
///
/// let mut display = ProductCouponDisplayInfo::new(
///     "全场满100立打8折",
///     "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
///     "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
/// );
/// display.original_price = Some(10000);
/// let req = UpdateProductCouponRequest::new("1000000013", "120344", "MCHUPDATE0001", display);
/// assert!(req.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateProductCouponRequest {
    /// Path: 商品券ID.
    pub product_coupon_id: String,
    /// 修改请求单号: 6-40 of `[0-9A-Za-z_-]`, the idempotency key.
    pub out_request_no: String,
    /// The complete new display information.
    pub display_info: ProductCouponDisplayInfo,
    /// 品牌ID.
    pub brand_id: String,
}

impl UpdateProductCouponRequest {
    /// An update of `product_coupon_id` (owned by `brand_id`) to `display_info`.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{ProductCouponDisplayInfo, UpdateProductCouponRequest};
    /// use wechatpay_product_coupon::endpoint::ApiRequest;
    ///
    /// let display = ProductCouponDisplayInfo::new("新名字的商品券", "https://a/1.png", "https://a/2.png");
    /// let req = UpdateProductCouponRequest::new("1000000013", "120344", "MCHUPDATE0001", display);
    /// assert_eq!(req.product_coupon_id, "1000000013");
    /// // The product coupon ID goes into the path, the rest into the PATCH body.
    /// let encoded = req.encode()?;
    /// assert!(encoded.target.ends_with("/product-coupons/1000000013"));
    /// # Ok::<(), wechatpay_product_coupon::Error>(())
    /// ```
    pub fn new(
        product_coupon_id: impl Into<String>,
        brand_id: impl Into<String>,
        out_request_no: impl Into<String>,
        display_info: ProductCouponDisplayInfo,
    ) -> Self {
        UpdateProductCouponRequest {
            product_coupon_id: product_coupon_id.into(),
            out_request_no: out_request_no.into(),
            display_info,
            brand_id: brand_id.into(),
        }
    }
}

impl UpdateProductCouponRequest {
    /// An update that starts from the product coupon as it is now (as returned by
    /// [`GetProductCouponRequest`](crate::api::GetProductCouponRequest)): edit one field of
    /// `display_info`, send, and everything else stays as it was.
    ///
    /// Fails, naming the field, when the current display information cannot be sent back as
    /// is (a negative price, a combo package without its name): fix that field first.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::UpdateProductCouponRequest;
    /// use wechatpay_product_coupon::endpoint::{ApiRequest, ResponseModel};
    /// use wechatpay_product_coupon::model::ProductCoupon;
    /// # let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/update_response_example_S2.json"))?;
    /// // let current = client.get_product_coupon(&GetProductCouponRequest::new(id, brand))?;
    /// let current = ProductCoupon::parse(&body)?; // current.parse()? with a client
    /// let mut req = UpdateProductCouponRequest::from_product_coupon(&current, "MCHUPDATE0002")?;
    /// req.display_info.name = "新名字的商品券".into(); // the one change
    /// assert!(req.validate().is_ok());
    /// assert_eq!(req.display_info.image_url, current.display_info.image_url.as_str());
    /// // client.update_product_coupon(&req)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_product_coupon(
        current: &ProductCouponEntity<'_>,
        out_request_no: impl Into<String>,
    ) -> Result<Self, Error> {
        Ok(UpdateProductCouponRequest::new(
            current.product_coupon_id.as_str(),
            current.brand_id.as_str(),
            out_request_no,
            ProductCouponDisplayInfo::try_from(&current.display_info)?,
        ))
    }
}

impl ApiRequest for UpdateProductCouponRequest {
    const ENDPOINT: Endpoint = Endpoint::new(
        "update_product_coupon",
        Method::Patch,
        "/v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}",
        Params::JsonBody,
        20,
    );
    type Response = ProductCoupon;

    fn check(&self) -> Result<(), Error> {
        rules::request_no("out_request_no", &self.out_request_no)?;
        rules::required("brand_id", &self.brand_id)?;
        self.display_info.check()
    }
}

/// Display information of a product coupon, sent whole on update.
///
/// ```
/// use wechatpay_product_coupon::api::ProductCouponDisplayInfo;
/// let mut d = ProductCouponDisplayInfo::new("新名字的商品券", "https://a/1.png", "https://a/2.png");
/// d.detail_image_url_list.push("https://a/3.png".into());
/// assert_eq!(d.detail_image_url_list.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ProductCouponDisplayInfo {
    /// 商品券名称: 3-15 characters.
    pub name: String,
    /// 商品券图片: a URL returned by the image-upload API.
    pub image_url: String,
    /// 背景图: a URL returned by the image-upload API.
    pub background_url: String,
    /// 详情图: at most 8 upload-API URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detail_image_url_list: Vec<String>,
    /// 原价 in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_price: Option<u64>,
    /// 套餐组合.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub combo_package_list: Vec<ComboPackage>,
}

impl ProductCouponDisplayInfo {
    /// Display information with the three required fields; the lists are empty and the
    /// price unset.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::ProductCouponDisplayInfo;
    /// let d = ProductCouponDisplayInfo::new("新名字的商品券", "https://a/1.png", "https://a/2.png");
    /// assert_eq!(d.name, "新名字的商品券");
    /// assert!(d.detail_image_url_list.is_empty() && d.original_price.is_none());
    /// ```
    pub fn new(
        name: impl Into<String>,
        image_url: impl Into<String>,
        background_url: impl Into<String>,
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

    fn check(&self) -> Result<(), Error> {
        rules::char_range("display_info.name", &self.name, 3, 15)?;
        rules::required("display_info.name", &self.name)?;
        rules::required("display_info.image_url", &self.image_url)?;
        rules::required("display_info.background_url", &self.background_url)?;
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
        for combo in &self.combo_package_list {
            rules::required("display_info.combo_package_list[].name", &combo.name)?;
            for choice in &combo.choice_list {
                rules::required(
                    "display_info.combo_package_list[].choice_list[].name",
                    &choice.name,
                )?;
            }
        }
        Ok(())
    }
}

impl TryFrom<&model::ProductCouponDisplayInfo<'_>> for ProductCouponDisplayInfo {
    type Error = Error;

    /// The display information of a product coupon as read, in the form an update sends.
    ///
    /// ```
    /// use wechatpay_product_coupon::{api, model};
    /// let read: model::ProductCouponDisplayInfo<'_> = serde_json::from_str(
    ///     r#"{"name":"全场满100立打8折","image_url":"https://a/1.png","background_url":"https://a/2.png","original_price":-1}"#)?;
    /// let err = api::ProductCouponDisplayInfo::try_from(&read).unwrap_err();
    /// assert!(err.to_string().contains("display_info.original_price"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn try_from(read: &model::ProductCouponDisplayInfo<'_>) -> Result<Self, Error> {
        let mut combo_package_list = Vec::with_capacity(read.combo_package_list.len());
        for (i, combo) in read.combo_package_list.iter().enumerate() {
            let at = format!("display_info.combo_package_list[{i}]");
            let mut choice_list = Vec::with_capacity(combo.choice_list.len());
            for (j, choice) in combo.choice_list.iter().enumerate() {
                let at = format!("{at}.choice_list[{j}]");
                let text = |t: &Option<model::Text<'_>>| t.as_deref().map(str::to_owned);
                choice_list.push(ComboPackageChoice {
                    name: present(&at, "name", text(&choice.name))?,
                    price: number(&at, "price", choice.price)?,
                    count: number(&at, "count", choice.count)?,
                    image_url: text(&choice.image_url),
                    mini_program_appid: text(&choice.mini_program_appid),
                    mini_program_path: text(&choice.mini_program_path),
                });
            }
            combo_package_list.push(ComboPackage {
                name: present(&at, "name", combo.name.as_deref().map(str::to_owned))?,
                pick_count: number(&at, "pick_count", combo.pick_count)?,
                choice_list,
            });
        }
        let original_price = match read.original_price {
            Some(price) => Some(number("display_info", "original_price", Some(price))?),
            None => None,
        };
        Ok(ProductCouponDisplayInfo {
            name: read.name.to_string(),
            image_url: read.image_url.to_string(),
            background_url: read.background_url.to_string(),
            detail_image_url_list: read
                .detail_image_url_list
                .iter()
                .map(|u| u.to_string())
                .collect(),
            original_price,
            combo_package_list,
        })
    }
}

/// A value the update must send back, absent in what was read.
fn present(at: &str, field: &str, value: Option<String>) -> Result<String, Error> {
    value.ok_or_else(|| {
        Error::invalid(
            format!("{at}.{field}"),
            "is absent in the product coupon as read, and an update must send it: set it",
        )
    })
}

/// A number read as `i64`, sent back as an unsigned type.
fn number<T: TryFrom<i64>>(at: &str, field: &str, value: Option<i64>) -> Result<T, Error> {
    let value = value.ok_or_else(|| {
        Error::invalid(
            format!("{at}.{field}"),
            "is absent in the product coupon as read, and an update must send it: set it",
        )
    })?;
    T::try_from(value).map_err(|_| {
        Error::invalid(
            format!("{at}.{field}"),
            format!("is {value} in the product coupon as read, out of range for an update: fix it"),
        )
    })
}

/// A combo package (套餐).
///
/// ```
/// use wechatpay_product_coupon::api::{ComboPackage, ComboPackageChoice};
/// let combo = ComboPackage::new("双人套餐", 1, vec![ComboPackageChoice::new("可乐", 300, 2)]);
/// assert_eq!(combo.choice_list[0].price, 300);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ComboPackage {
    /// 套餐名.
    pub name: String,
    /// 可选单品数量.
    pub pick_count: u32,
    /// 单品列表.
    pub choice_list: Vec<ComboPackageChoice>,
}

impl ComboPackage {
    /// A package offering `pick_count` of `choice_list`.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::{ComboPackage, ComboPackageChoice};
    /// let drinks = vec![ComboPackageChoice::new("可乐", 300, 1), ComboPackageChoice::new("雪碧", 300, 1)];
    /// let combo = ComboPackage::new("饮料二选一", 1, drinks);
    /// assert_eq!((combo.pick_count, combo.choice_list.len()), (1, 2));
    /// ```
    pub fn new(
        name: impl Into<String>,
        pick_count: u32,
        choice_list: Vec<ComboPackageChoice>,
    ) -> Self {
        ComboPackage {
            name: name.into(),
            pick_count,
            choice_list,
        }
    }
}

/// One item of a combo package.
///
/// ```
/// use wechatpay_product_coupon::api::ComboPackageChoice;
/// let mut choice = ComboPackageChoice::new("可乐", 300, 1);
/// choice.image_url = Some("https://a/cola.png".into());
/// assert_eq!(choice.count, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ComboPackageChoice {
    /// 单品名称.
    pub name: String,
    /// 单品价格 in fen.
    pub price: u64,
    /// 单品数量.
    pub count: u32,
    /// 单品图片.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Mini program AppID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mini_program_appid: Option<String>,
    /// Mini program path (sent together with the AppID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mini_program_path: Option<String>,
}

impl ComboPackageChoice {
    /// An item with its name, price (fen) and count; image and mini program unset.
    ///
    /// ```
    /// use wechatpay_product_coupon::api::ComboPackageChoice;
    /// let choice = ComboPackageChoice::new("可乐", 300, 2);
    /// assert_eq!((choice.price, choice.count), (300, 2));
    /// assert!(choice.image_url.is_none());
    /// ```
    pub fn new(name: impl Into<String>, price: u64, count: u32) -> Self {
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

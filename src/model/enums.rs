//! Open enums: every documented value has a variant, and any other value the server sends is
//! kept in `Unknown`, so a new value never breaks a call.

use std::fmt;

use crate::model::Text;

/// Declares an open enum with a borrowed `Unknown(Cow<'a, str>)` fallback.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name<'a> {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know, kept as sent.
            Unknown(Text<'a>),
        }

        impl<'a> $name<'a> {
            /// The wire value.
            ///
            /// ```
            /// use wechatpay_product_coupon::model::UserProductCouponState;
            /// assert_eq!(UserProductCouponState::Used.as_str(), "USED");
            /// // An unknown value is kept as sent.
            /// let state: UserProductCouponState<'_> = serde_json::from_str(r#""FROZEN""#)?;
            /// assert_eq!(state.as_str(), "FROZEN");
            /// # Ok::<(), serde_json::Error>(())
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Unknown(s) => s,
                }
            }

            fn from_text(s: Text<'a>) -> Self {
                match s.as_str() {
                    $( $text => $name::$variant, )*
                    _ => $name::Unknown(s),
                }
            }
        }

        impl fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de: 'a, 'a> serde::Deserialize<'de> for $name<'a> {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <Text<'a> as serde::Deserialize<'de>>::deserialize(d).map(Self::from_text)
            }
        }

        impl serde::Serialize for $name<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl $crate::model::IntoOwned for $name<'_> {
            type Owned = $name<'static>;
            fn into_owned(self) -> $name<'static> {
                match self {
                    $( $name::$variant => $name::$variant, )*
                    $name::Unknown(s) => $name::Unknown($crate::model::IntoOwned::into_owned(s)),
                }
            }
        }
    };
}

open_enum! {
    /// State of a user's coupon (`UserProductCouponState`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::UserProductCouponState;
    /// let state: UserProductCouponState<'_> = serde_json::from_str(r#""USED""#)?;
    /// assert_eq!(state, UserProductCouponState::Used);
    /// // A value this version does not know is kept, never an error.
    /// let new: UserProductCouponState<'_> = serde_json::from_str(r#""FROZEN""#)?;
    /// assert!(matches!(&new, UserProductCouponState::Unknown(s) if s == "FROZEN"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum UserProductCouponState {
        /// 待确认: the provider must call the confirm API before it takes effect.
        Confirming = "CONFIRMING",
        /// 已发放待生效.
        Pending = "PENDING",
        /// 已生效: usable.
        Effective = "EFFECTIVE",
        /// 已核销: redeemed.
        Used = "USED",
        /// 已过期.
        Expired = "EXPIRED",
        /// 用户主动删除.
        Deleted = "DELETED",
        /// 品牌方失效: deactivated.
        Deactivated = "DEACTIVATED",
    }
}

open_enum! {
    /// How the coupon reached the user (`UserProductCouponSendChannel`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::UserProductCouponSendChannel;
    /// let value: UserProductCouponSendChannel<'_> = serde_json::from_str(r#""API""#)?;
    /// assert_eq!(value, UserProductCouponSendChannel::Api);
    /// assert_eq!(value.to_string(), "API");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum UserProductCouponSendChannel {
        /// 摇一摇有优惠.
        BrandManage = "BRAND_MANAGE",
        /// 服务商自主发券 (the send API).
        Api = "API",
        /// 小程序领券组件.
        ReceiveComponent = "RECEIVE_COMPONENT",
    }
}

open_enum! {
    /// Product coupon scope (`ProductCouponScope`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ProductCouponScope;
    /// let value: ProductCouponScope<'_> = serde_json::from_str(r#""SINGLE""#)?;
    /// assert_eq!(value, ProductCouponScope::Single);
    /// assert_eq!(value.to_string(), "SINGLE");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum ProductCouponScope {
        /// 全场券.
        All = "ALL",
        /// 单品券.
        Single = "SINGLE",
    }
}

open_enum! {
    /// Product coupon type (`ProductCouponType`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ProductCouponType;
    /// let value: ProductCouponType<'_> = serde_json::from_str(r#""DISCOUNT""#)?;
    /// assert_eq!(value, ProductCouponType::Discount);
    /// assert_eq!(value.to_string(), "DISCOUNT");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum ProductCouponType {
        /// 满减券.
        Normal = "NORMAL",
        /// 折扣券.
        Discount = "DISCOUNT",
        /// 兑换券 (scope SINGLE only).
        Exchange = "EXCHANGE",
    }
}

open_enum! {
    /// Usage mode (`UsageMode`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::UsageMode;
    /// let value: UsageMode<'_> = serde_json::from_str(r#""PROGRESSIVE_BUNDLE""#)?;
    /// assert_eq!(value, UsageMode::ProgressiveBundle);
    /// assert_eq!(value.to_string(), "PROGRESSIVE_BUNDLE");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum UsageMode {
        /// 单券.
        Single = "SINGLE",
        /// 多次优惠: a bundle of stocks used in order.
        ProgressiveBundle = "PROGRESSIVE_BUNDLE",
    }
}

open_enum! {
    /// State of a product coupon (`ProductCouponState`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ProductCouponState;
    /// let value: ProductCouponState<'_> = serde_json::from_str(r#""EFFECTIVE""#)?;
    /// assert_eq!(value, ProductCouponState::Effective);
    /// assert_eq!(value.to_string(), "EFFECTIVE");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum ProductCouponState {
        /// 审批中.
        Auditing = "AUDITING",
        /// 生效中.
        Effective = "EFFECTIVE",
        /// 已失效.
        Deactivated = "DEACTIVATED",
    }
}

open_enum! {
    /// State of a stock (`StockState`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::StockState;
    /// let value: StockState<'_> = serde_json::from_str(r#""SENDING""#)?;
    /// assert_eq!(value, StockState::Sending);
    /// assert_eq!(value.to_string(), "SENDING");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum StockState {
        /// 审批中.
        Auditing = "AUDITING",
        /// 发放中: the only state that allows sending.
        Sending = "SENDING",
        /// 已暂停.
        Paused = "PAUSED",
        /// 已停止.
        Stopped = "STOPPED",
        /// 已失效.
        Deactivated = "DEACTIVATED",
    }
}

open_enum! {
    /// How coupon codes are produced (`CouponCodeMode`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::CouponCodeMode;
    /// let value: CouponCodeMode<'_> = serde_json::from_str(r#""UPLOAD""#)?;
    /// assert_eq!(value, CouponCodeMode::Upload);
    /// assert_eq!(value.to_string(), "UPLOAD");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum CouponCodeMode {
        /// Generated by WeChat Pay.
        Wechatpay = "WECHATPAY",
        /// Pre-uploaded by the brand.
        Upload = "UPLOAD",
        /// Assigned in the send API call.
        ApiAssign = "API_ASSIGN",
    }
}

open_enum! {
    /// Which stores accept the stock (`StockStoreScope`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::StockStoreScope;
    /// let value: StockStoreScope<'_> = serde_json::from_str(r#""SPECIFIC""#)?;
    /// assert_eq!(value, StockStoreScope::Specific);
    /// assert_eq!(value.to_string(), "SPECIFIC");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum StockStoreScope {
        /// None.
        None = "NONE",
        /// All stores.
        All = "ALL",
        /// Specific stores.
        Specific = "SPECIFIC",
    }
}

open_enum! {
    /// Where the coupon can be used (`CouponUsageMethod`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::CouponUsageMethod;
    /// let value: CouponUsageMethod<'_> = serde_json::from_str(r#""MINI_PROGRAM""#)?;
    /// assert_eq!(value, CouponUsageMethod::MiniProgram);
    /// assert_eq!(value.to_string(), "MINI_PROGRAM");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum CouponUsageMethod {
        /// In a physical store.
        Offline = "OFFLINE",
        /// In a mini program.
        MiniProgram = "MINI_PROGRAM",
        /// In an app.
        App = "APP",
        /// With a payment code.
        PaymentCode = "PAYMENT_CODE",
    }
}

open_enum! {
    /// How the code is displayed (`CouponCodeDisplayMode`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::CouponCodeDisplayMode;
    /// let value: CouponCodeDisplayMode<'_> = serde_json::from_str(r#""QRCODE""#)?;
    /// assert_eq!(value, CouponCodeDisplayMode::Qrcode);
    /// assert_eq!(value.to_string(), "QRCODE");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum CouponCodeDisplayMode {
        /// Not shown.
        Invisible = "INVISIBLE",
        /// As a barcode.
        Barcode = "BARCODE",
        /// As a QR code.
        Qrcode = "QRCODE",
    }
}

open_enum! {
    /// Day of the week (`WeekEnum`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::Weekday;
    /// let value: Weekday<'_> = serde_json::from_str(r#""SATURDAY""#)?;
    /// assert_eq!(value, Weekday::Saturday);
    /// assert_eq!(value.to_string(), "SATURDAY");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum Weekday {
        /// Monday.
        Monday = "MONDAY",
        /// Tuesday.
        Tuesday = "TUESDAY",
        /// Wednesday.
        Wednesday = "WEDNESDAY",
        /// Thursday.
        Thursday = "THURSDAY",
        /// Friday.
        Friday = "FRIDAY",
        /// Saturday.
        Saturday = "SATURDAY",
        /// Sunday.
        Sunday = "SUNDAY",
    }
}

open_enum! {
    /// A user coupon tag (`UserProductCouponTag`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::UserProductCouponTag;
    /// let value: UserProductCouponTag<'_> = serde_json::from_str(r#""MEMBER""#)?;
    /// assert_eq!(value, UserProductCouponTag::Member);
    /// assert_eq!(value.to_string(), "MEMBER");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum UserProductCouponTag {
        /// A member coupon.
        Member = "MEMBER",
    }
}

open_enum! {
    /// The kind of an image-generation task (`image_generation_type`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ImageGenerationType;
    /// let value: ImageGenerationType<'_> = serde_json::from_str(r#""CUT_OUT""#)?;
    /// assert_eq!(value, ImageGenerationType::CutOut);
    /// assert_eq!(ImageGenerationType::CombineImage.as_str(), "COMBINE_IMAGE");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum ImageGenerationType {
        /// 拼图: brand elements and the offer combined (全场类优惠头图).
        CombineImage = "COMBINE_IMAGE",
        /// 抠图: the product without its background (单品类优惠头图).
        CutOut = "CUT_OUT",
    }
}

open_enum! {
    /// The state of an image-generation task (`task_state`).
    ///
    /// ```
    /// use wechatpay_product_coupon::model::ImageGenerationTaskState;
    /// let value: ImageGenerationTaskState<'_> = serde_json::from_str(r#""SUCCESS""#)?;
    /// assert_eq!(value, ImageGenerationTaskState::Success);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum ImageGenerationTaskState {
        /// 处理中.
        Processing = "PROCESSING",
        /// 失败 (no reason is documented).
        Fail = "FAIL",
        /// 成功: the result's URL is set.
        Success = "SUCCESS",
    }
}

//! [`IntoOwned`]: from a view borrowing the response body to a `'static` value.

/// Converts a borrowed view into an owned, `'static` value, for callers who keep results
/// beyond the response buffer.
///
/// ```
/// use wechatpay_product_coupon::model::{IntoOwned, Text};
/// let owned: Text<'static> = {
///     let buffer = String::from("kept");
///     Text::new(buffer.as_str()).into_owned()
/// };
/// assert_eq!(owned, "kept");
/// ```
pub trait IntoOwned {
    /// The owned form.
    type Owned: 'static;
    /// Copies every borrowed string.
    ///
    /// ```
    /// use wechatpay_product_coupon::endpoint::ResponseModel;
    /// use wechatpay_product_coupon::model::{IntoOwned, ProductCoupon};
    /// let product: ProductCoupon = {
    ///     let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/update_response_example_S2.json"))?;
    ///     ProductCoupon::parse(&body)?.into_owned() // outlives `body`
    /// };
    /// assert_eq!(product.product_coupon_id, "1000000013");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn into_owned(self) -> Self::Owned;
}

impl<T: IntoOwned> IntoOwned for Option<T> {
    type Owned = Option<T::Owned>;
    fn into_owned(self) -> Self::Owned {
        self.map(T::into_owned)
    }
}

impl<T: IntoOwned> IntoOwned for Vec<T> {
    type Owned = Vec<T::Owned>;
    fn into_owned(self) -> Self::Owned {
        self.into_iter().map(T::into_owned).collect()
    }
}

/// Numbers own no borrowed data.
macro_rules! owned_numbers {
    ($($t:ty),*) => {$(
        impl IntoOwned for $t {
            type Owned = $t;
            fn into_owned(self) -> $t {
                self
            }
        }
    )*};
}
owned_numbers!(i64, u64, u32);

//! Batch helpers: lists longer than one call takes, split into calls of at most 200, with
//! the partial-success lists of every call merged into one answer.

use super::Client;
use crate::api::{
    AssociateStoresRequest, DisassociateStoresRequest, UploadCouponCodesRequest,
    MAX_CODES_PER_UPLOAD, MAX_STORES_PER_CALL,
};
use crate::error::Error;
use crate::model::ids::RequestNo;
use crate::model::{IntoOwned, StoreInfo, StoreListChange, UploadedCouponCodes};

/// The most calls one batch makes: the suffix of the derived request numbers has 3 digits.
const MAX_BATCH_CALLS: usize = 1000;

/// The request number of call `index` (0-based) of a batch keyed `base`: `base` followed by
/// `_` and the index in 3 digits (`upload_0001` → `upload_0001_000`, `upload_0001_001`, …).
fn batch_request_no(base: &RequestNo, index: usize) -> Result<RequestNo, Error> {
    let max = RequestNo::MAX_LEN - 4;
    if base.as_str().len() > max {
        return Err(Error::invalid(
            RequestNo::FIELD,
            format!(
                "must be at most {max} characters for a batch (each call appends `_` and a \
                 3-digit index), found {}: use a shorter request number",
                base.as_str().len()
            ),
        ));
    }
    RequestNo::new(format!("{base}_{index:03}"))
}

impl Client {
    /// Uploads any number of codes to an `UPLOAD` stock: `req.code_list` is split into calls
    /// of at most [`MAX_CODES_PER_UPLOAD`] codes, in order, and the answers are merged
    /// (`total_count` summed, each list concatenated in call order).
    ///
    /// **Idempotency keys.** Call `i` (0-based) is sent with `req.out_request_no` followed by
    /// `_` and `i` in 3 digits: `upload_0001` gives `upload_0001_000`, `upload_0001_001`, …
    /// So the request number must be at most 36 characters, and a batch makes at most 1000
    /// calls. The keys depend only on the request, so after any error **resend the same
    /// request**: the calls that were applied are replayed by the gateway (same answer,
    /// nothing added twice) and the rest are applied. A code repeated in two different calls
    /// is reported in `already_exist_code_list` by the later one (the gateway only sees
    /// duplicates within one call).
    ///
    /// Stops at the first failing call and returns its error (the earlier calls were applied).
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::api::UploadCouponCodesRequest;
    /// use wechatpay_product_coupon::ids::CouponCode;
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// let codes = (0..450)
    ///     .map(|i| CouponCode::new(format!("code_{i:07}")))
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// let req = UploadCouponCodesRequest::new(
    ///     "1000000013".parse()?, "1000000013001".parse()?, "upload_0001".parse()?,
    ///     codes, "120344".parse()?,
    /// );
    /// let merged = client.upload_coupon_codes_in_batches(&req)?; // 3 calls: 200, 200, 50
    /// println!("{} added, {} refused", merged.success_code_list.len(), merged.failed_code_list.len());
    /// # Ok(()) }
    /// ```
    pub fn upload_coupon_codes_in_batches(
        &self,
        req: &UploadCouponCodesRequest,
    ) -> Result<UploadedCouponCodes, Error> {
        let chunks: Vec<_> = req.code_list.chunks(MAX_CODES_PER_UPLOAD).collect();
        if chunks.is_empty() {
            return Err(Error::invalid(
                "code_list",
                "must hold at least 1 code, found none",
            ));
        }
        if chunks.len() > MAX_BATCH_CALLS {
            return Err(Error::invalid(
                "code_list",
                format!(
                    "must hold at most {} codes for one batch, found {}: split it and give \
                     each part its own request number",
                    MAX_BATCH_CALLS * MAX_CODES_PER_UPLOAD,
                    req.code_list.len()
                ),
            ));
        }
        let mut merged = UploadedCouponCodes {
            total_count: None,
            success_code_list: Vec::new(),
            failed_code_list: Vec::new(),
            already_exist_code_list: Vec::new(),
            duplicate_code_list: Vec::new(),
        };
        for (index, codes) in chunks.into_iter().enumerate() {
            let mut call = req.clone();
            call.out_request_no = batch_request_no(&req.out_request_no, index)?;
            call.code_list = codes.to_vec();
            let answer = self.upload_coupon_codes(&call)?;
            let part = answer.parse()?;
            if let Some(n) = part.total_count {
                merged.total_count = Some(merged.total_count.unwrap_or(0).saturating_add(n));
            }
            merged
                .success_code_list
                .extend(part.success_code_list.into_owned());
            merged
                .failed_code_list
                .extend(part.failed_code_list.into_owned());
            merged
                .already_exist_code_list
                .extend(part.already_exist_code_list.into_owned());
            merged
                .duplicate_code_list
                .extend(part.duplicate_code_list.into_owned());
        }
        Ok(merged)
    }
}

impl Client {
    /// Associates any number of stores with a stock: `req.store_list` is split into calls
    /// of at most [`MAX_STORES_PER_CALL`] stores, in order, and the answers are merged
    /// (`total_count` summed, the lists concatenated in call order). The endpoint has no
    /// request number, and associating a store twice is harmless, so after an error resend
    /// the same request. Stops at the first failing call and returns its error (the earlier
    /// calls were applied).
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::api::AssociateStoresRequest;
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// let stores = (0..450).map(|i| format!("{}", 100_000_000 + i));
    /// let req = AssociateStoresRequest::new(
    ///     "1000000013".parse()?, "1000000013004".parse()?, stores, "120344".parse()?,
    /// );
    /// let merged = client.associate_stores_in_batches(&req)?; // 3 calls: 200, 200, 50
    /// assert!(merged.failed_store_list.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn associate_stores_in_batches(
        &self,
        req: &AssociateStoresRequest,
    ) -> Result<StoreListChange, Error> {
        store_batches(&req.store_list, |stores| {
            let mut call = req.clone();
            call.store_list = stores.to_vec();
            self.associate_stores(&call)?.parse_owned()
        })
    }

    /// Disassociates any number of stores from a stock, in calls of at most
    /// [`MAX_STORES_PER_CALL`], with the answers merged as
    /// [`associate_stores_in_batches`](Client::associate_stores_in_batches) merges them.
    ///
    /// ```no_run
    /// use wechatpay_product_coupon::api::DisassociateStoresRequest;
    /// # fn demo(client: &wechatpay_product_coupon::Client) -> Result<(), wechatpay_product_coupon::Error> {
    /// let req = DisassociateStoresRequest::new(
    ///     "1000000013".parse()?, "1000000013004".parse()?, ["100000001"], "120344".parse()?,
    /// );
    /// let merged = client.disassociate_stores_in_batches(&req)?;
    /// println!("{} removed", merged.success_store_list.len());
    /// # Ok(()) }
    /// ```
    pub fn disassociate_stores_in_batches(
        &self,
        req: &DisassociateStoresRequest,
    ) -> Result<StoreListChange, Error> {
        store_batches(&req.store_list, |stores| {
            let mut call = req.clone();
            call.store_list = stores.to_vec();
            self.disassociate_stores(&call)?.parse_owned()
        })
    }
}

/// Runs `call` on each run of at most [`MAX_STORES_PER_CALL`] stores and merges the answers.
fn store_batches(
    stores: &[StoreInfo<'static>],
    mut call: impl FnMut(&[StoreInfo<'static>]) -> Result<StoreListChange, Error>,
) -> Result<StoreListChange, Error> {
    if stores.is_empty() {
        return Err(Error::invalid(
            "store_list",
            "must hold at least 1 store, found none",
        ));
    }
    let mut merged = StoreListChange {
        total_count: None,
        success_store_list: Vec::new(),
        failed_store_list: Vec::new(),
    };
    for run in stores.chunks(MAX_STORES_PER_CALL) {
        let part = call(run)?;
        if let Some(n) = part.total_count {
            merged.total_count = Some(merged.total_count.unwrap_or(0).saturating_add(n));
        }
        merged.success_store_list.extend(part.success_store_list);
        merged.failed_store_list.extend(part.failed_store_list);
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_request_numbers_append_a_3_digit_index() {
        let base = RequestNo::new("upload_0001").unwrap();
        assert_eq!(batch_request_no(&base, 0).unwrap(), "upload_0001_000");
        assert_eq!(batch_request_no(&base, 12).unwrap(), "upload_0001_012");
        let longest = RequestNo::new("a".repeat(36)).unwrap();
        assert_eq!(batch_request_no(&longest, 999).unwrap().as_str().len(), 40);
        let too_long = RequestNo::new("a".repeat(37)).unwrap();
        let err = batch_request_no(&too_long, 0).unwrap_err();
        assert!(err.to_string().contains("out_request_no"), "{err}");
    }
}

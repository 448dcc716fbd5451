//! One C function per endpoint of the first releases: the three coupon calls, then send,
//! confirm, query, list, return, the product coupon query and the notification URL. They
//! stay for ABI stability; endpoints added since reach C only by name, through
//! `wpc_client_execute` and `wpc_encode_request` (expanded from the core's registry).
//!
//! Each takes its request as JSON (the API's own field names, path parameters included) and
//! gives back the verified response body.

use wechatpay_product_coupon::api::{
    ConfirmCouponRequest, DeactivateCouponRequest, GetNotifyConfigRequest, GetProductCouponRequest,
    GetUserCouponRequest, ListUserCouponsRequest, ReturnCouponRequest, SendCouponRequest,
    SetNotifyConfigRequest, UpdateProductCouponRequest, UseCouponRequest,
};

use crate::boundary::boundary;
use crate::buffer::wpc_buffer;
use crate::client::{call_endpoint, wpc_client, Endpoint};
use crate::result::wpc_result;

/// 核销: redeems a user's coupon (`use_coupon`); the body is the coupon, `USED`.
///
/// `request_json` is the request in the API's own field names, path parameters included
/// (`openid`, `coupon_code`, `product_coupon_id`, …), as in the README. On success
/// `*out_body` is the response body exactly as WeChat Pay sent it, after its signature was
/// verified. To retry after a retry-safe error, send the same JSON again.
///
/// Ownership: `*out_body` is the caller's; free it with `wpc_buffer_free`. On failure it is
/// set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_use_coupon(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<UseCouponRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

/// 失效: deactivates a user's coupon (`deactivate_coupon`); the body is the coupon,
/// `DEACTIVATED`.
///
/// `request_json` is the request in the API's own field names, path parameters included
/// (`openid`, `coupon_code`, `product_coupon_id`, …), as in the README. On success
/// `*out_body` is the response body exactly as WeChat Pay sent it, after its signature was
/// verified. To retry after a retry-safe error, send the same JSON again.
///
/// Ownership: `*out_body` is the caller's; free it with `wpc_buffer_free`. On failure it is
/// set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_deactivate_coupon(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<DeactivateCouponRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

/// 修改: updates a product coupon's display information (`update_product_coupon`); the
/// body is the product coupon.
///
/// `request_json` is the request in the API's own field names, path parameters included
/// (`openid`, `coupon_code`, `product_coupon_id`, …), as in the README. On success
/// `*out_body` is the response body exactly as WeChat Pay sent it, after its signature was
/// verified. To retry after a retry-safe error, send the same JSON again.
///
/// Ownership: `*out_body` is the caller's; free it with `wpc_buffer_free`. On failure it is
/// set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_update_product_coupon(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<UpdateProductCouponRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

/// 发券: sends a coupon of a stock to a user; the body is the new coupon, `CONFIRMING` until
/// confirmed (or `EFFECTIVE`, per the stock). `send_request_no` is the idempotency key: resend
/// the same JSON to retry.
///
/// Otherwise as `wpc_client_use_coupon`. Ownership: `*out_body` is the caller's; free it
/// with `wpc_buffer_free`. On failure it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_send_coupon(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<SendCouponRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

/// 确认发券: confirms a sent coupon (after its `PRODUCT_COUPON_SP.SEND` notification); the body is
/// the coupon, `EFFECTIVE`.
///
/// Otherwise as `wpc_client_use_coupon`. Ownership: `*out_body` is the caller's; free it
/// with `wpc_buffer_free`. On failure it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_confirm_coupon(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<ConfirmCouponRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

/// 查询用户券: one user coupon, as it is now; the body is the coupon.
///
/// Otherwise as `wpc_client_use_coupon`. Ownership: `*out_body` is the caller's; free it
/// with `wpc_buffer_free`. On failure it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_get_user_coupon(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<GetUserCouponRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

/// 查询用户券列表: one page of a user's coupons, filtered; the body has `user_coupon_list` and, unless
/// it is the last page, `next_page_token`: pass it as `page_token` in the same request to get
/// the next page.
///
/// Otherwise as `wpc_client_use_coupon`. Ownership: `*out_body` is the caller's; free it
/// with `wpc_buffer_free`. On failure it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_list_user_coupons(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<ListUserCouponsRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

/// 退券: returns a used coupon (e.g. after a refund); the body is the coupon, `EFFECTIVE` again.
///
/// Otherwise as `wpc_client_use_coupon`. Ownership: `*out_body` is the caller's; free it
/// with `wpc_buffer_free`. On failure it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_return_coupon(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<ReturnCouponRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

/// 查询商品券: a product coupon and its display information (which
/// `wpc_client_update_product_coupon` takes back, edited).
///
/// Otherwise as `wpc_client_use_coupon`. Ownership: `*out_body` is the caller's; free it
/// with `wpc_buffer_free`. On failure it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_get_product_coupon(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<GetProductCouponRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

/// 设置回调通知地址: sets the notification URL (`{"notify_url":"https://…"}`); the body is the
/// configuration.
///
/// Otherwise as `wpc_client_use_coupon`. Ownership: `*out_body` is the caller's; free it
/// with `wpc_buffer_free`. On failure it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_set_notify_config(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<SetNotifyConfigRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

/// 查询回调通知地址: the notification URL (request JSON `{}`); the body is the configuration.
///
/// Otherwise as `wpc_client_use_coupon`. Ownership: `*out_body` is the caller's; free it
/// with `wpc_buffer_free`. On failure it is set to NULL.
///
/// # Safety
/// `client` must be NULL or a live client; `request_json` must be NULL or point to
/// `request_len` readable bytes; `out_body` must be NULL or point to writable storage for one
/// pointer.
#[no_mangle]
pub unsafe extern "C" fn wpc_client_get_notify_config(
    client: *const wpc_client,
    request_json: *const u8,
    request_len: usize,
    out_body: *mut *mut wpc_buffer,
) -> wpc_result {
    static ENDPOINT: Endpoint = Endpoint::of::<GetNotifyConfigRequest>();
    // SAFETY: forwarded to the caller.
    boundary(|| unsafe { call_endpoint(client, &ENDPOINT, request_json, request_len, out_body) })
}

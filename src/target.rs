//! Request-targets: the percent-encoded path (and query) that is both sent and signed.
//!
//! Path parameters are encoded once, keeping only RFC 3986 unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`); the resulting string is used verbatim for the HTTP request
//! line and for the signature, so the two can never disagree.

use crate::error::Error;

/// The common prefix of the partner product-coupon API.
pub const API_PREFIX: &str = "/v3/marketing/partner/product-coupon";

/// Appends `segment` to `out`, percent-encoding every byte outside the unreserved set.
///
/// ```
/// let mut s = String::new();
/// wechatpay_product_coupon::target::encode_segment("a b/é~", &mut s);
/// assert_eq!(s, "a%20b%2F%C3%A9~");
/// ```
pub fn encode_segment(segment: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in segment.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0F)]));
        }
    }
}

/// `…/users/{openid}/coupons/{coupon_code}/{action}`.
pub(crate) fn user_coupon(openid: &str, coupon_code: &str, action: &str) -> String {
    let mut t = String::with_capacity(API_PREFIX.len() + openid.len() + coupon_code.len() + 32);
    t.push_str(API_PREFIX);
    t.push_str("/users/");
    encode_segment(openid, &mut t);
    t.push_str("/coupons/");
    encode_segment(coupon_code, &mut t);
    t.push('/');
    t.push_str(action);
    t
}

/// `…/product-coupons/{product_coupon_id}`.
pub(crate) fn product_coupon(product_coupon_id: &str) -> String {
    let mut t = String::with_capacity(API_PREFIX.len() + product_coupon_id.len() + 20);
    t.push_str(API_PREFIX);
    t.push_str("/product-coupons/");
    encode_segment(product_coupon_id, &mut t);
    t
}

/// Builds a request-target for the generic call: `path` must already be encoded (use
/// [`encode_segment`] for parameters); `query` pairs are encoded here, in the order given.
pub fn build(path: &str, query: &[(&str, &str)]) -> Result<String, Error> {
    check_path(path)?;
    let mut t = String::with_capacity(path.len() + 64);
    t.push_str(path);
    for (i, (k, v)) in query.iter().enumerate() {
        if k.is_empty() {
            return Err(Error::invalid("query", "parameter names must not be empty"));
        }
        t.push(if i == 0 { '?' } else { '&' });
        encode_segment(k, &mut t);
        t.push('=');
        encode_segment(v, &mut t);
    }
    Ok(t)
}

/// Accepts an absolute, already-encoded path under `/v3/`: RFC 3986 `pchar`s and `/`,
/// with `%` only as a valid `%XX` escape.
fn check_path(path: &str) -> Result<(), Error> {
    if !path.starts_with("/v3/") {
        return Err(Error::invalid(
            "path",
            format!("must start with /v3/ (no scheme or host), found {path:?}"),
        ));
    }
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let ok = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
        if b == b'%' {
            let valid = bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
            if !valid {
                return Err(Error::invalid(
                    "path",
                    format!("has a bad %-escape at byte {i}"),
                ));
            }
            i += 3;
            continue;
        }
        if !ok {
            return Err(Error::invalid(
                "path",
                format!(
                    "must be percent-encoded (see target::encode_segment); found {:?} at byte {i}",
                    char::from(b)
                ),
            ));
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_coupon_target_matches_the_vector() {
        assert_eq!(
            user_coupon("oh-394z-6CGkNoJrsDLTTUKiAnp4", "Code_123456", "use"),
            "/v3/marketing/partner/product-coupon/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/Code_123456/use"
        );
    }

    #[test]
    fn reserved_characters_are_encoded_once() {
        assert_eq!(
            product_coupon("a/b?c#d%e"),
            "/v3/marketing/partner/product-coupon/product-coupons/a%2Fb%3Fc%23d%25e"
        );
    }

    #[test]
    fn generic_paths_are_checked() {
        assert!(build("/v3/x/%41", &[]).is_ok());
        assert!(build("v3/x", &[]).is_err());
        assert!(build("/v3/x y", &[]).is_err());
        assert!(build("/v3/x?y=1", &[]).is_err());
        assert!(build("/v3/x%4", &[]).is_err());
        assert_eq!(
            build("/v3/x", &[("brand_id", "120344"), ("k", "a b")])
                .ok()
                .as_deref(),
            Some("/v3/x?brand_id=120344&k=a%20b")
        );
    }
}

//! Request-targets: the percent-encoded path (and query) that is both sent and signed.
//!
//! Path parameters are encoded once, keeping only RFC 3986 unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`); the resulting string is used verbatim for the HTTP request
//! line and for the signature, so the two can never disagree.

use crate::error::Error;

/// The common prefix of the partner product-coupon API.
pub const API_PREFIX: &str = "/v3/marketing/partner/product-coupon";

/// The most characters of one path parameter of a typed request (the longest identifier,
/// [`OpenId`](crate::ids::OpenId), is 128).
pub const MAX_PATH_PARAM_CHARS: usize = 128;

/// The most bytes of one segment of an (encoded) path given to [`build`], the generic call's
/// target: a segment longer than this is not an identifier of this API.
pub const MAX_PATH_SEGMENT_BYTES: usize = 256;

/// The most bytes of a whole request-target built by [`build`] (path and query).
pub const MAX_TARGET_BYTES: usize = 4096;

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

/// Checks a path parameter's value before it is encoded into a path segment.
///
/// Besides being non-empty and at most [`MAX_PATH_PARAM_CHARS`] characters, a value must not
/// be `.` or `..` (a proxy may normalise `/users/../coupons` into another endpoint) and must
/// not contain control characters.
///
/// ```
/// use wechatpay_product_coupon::target::check_path_param;
/// assert!(check_path_param("openid", "oh-394z-6CGkNoJrsDLTTUKiAnp4").is_ok());
/// assert!(check_path_param("openid", "..").is_err());
/// assert!(check_path_param("coupon_code", "a\nb").is_err());
/// let long = "x".repeat(10_000);
/// assert!(check_path_param("openid", &long).unwrap_err().to_string().contains("at most 128"));
/// ```
pub fn check_path_param(name: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(
            name,
            "is a path parameter and must not be empty",
        ));
    }
    let n = value.chars().count();
    if n > MAX_PATH_PARAM_CHARS {
        return Err(Error::invalid(
            name,
            format!("is a path parameter of at most {MAX_PATH_PARAM_CHARS} characters, found {n}"),
        ));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid(
            name,
            format!("is a path parameter and must not be {value:?} (a dot segment)"),
        ));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(Error::invalid(
            name,
            format!("is a path parameter and must not contain control characters, found {c:?}"),
        ));
    }
    Ok(())
}

/// Appends `?k=v` (first pair) or `&k=v` to a request-target, encoding both.
pub(crate) fn push_query_pair(target: &mut String, key: &str, value: &str) {
    target.push(if target.contains('?') { '&' } else { '?' });
    encode_segment(key, target);
    target.push('=');
    encode_segment(value, target);
}

/// Builds a request-target for the generic call: `path` must already be encoded (use
/// [`encode_segment`] for parameters); `query` pairs are encoded here, in the order given.
///
/// ```
/// let t = wechatpay_product_coupon::target::build(
///     "/v3/marketing/partner/product-coupon/product-coupons/1000000013",
///     &[("brand_id", "120344")],
/// )?;
/// assert_eq!(t, "/v3/marketing/partner/product-coupon/product-coupons/1000000013?brand_id=120344");
///
/// // A path segment over MAX_PATH_SEGMENT_BYTES, or a target over MAX_TARGET_BYTES, is refused.
/// let long = format!("/v3/marketing/partner/product-coupon/product-coupons/{}", "1".repeat(10_000));
/// assert!(wechatpay_product_coupon::target::build(&long, &[]).is_err());
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub fn build(path: &str, query: &[(&str, &str)]) -> Result<String, Error> {
    check_path(path)?;
    if let Some(segment) = path.split('/').find(|s| s.len() > MAX_PATH_SEGMENT_BYTES) {
        return Err(Error::invalid(
            "path",
            format!(
                "each segment must be at most {MAX_PATH_SEGMENT_BYTES} bytes, found one of {}",
                segment.len()
            ),
        ));
    }
    let mut t = String::with_capacity(path.len() + 64);
    t.push_str(path);
    for (k, v) in query {
        if k.is_empty() {
            return Err(Error::invalid("query", "parameter names must not be empty"));
        }
        push_query_pair(&mut t, k, v);
    }
    if t.len() > MAX_TARGET_BYTES {
        return Err(Error::invalid(
            "path",
            format!(
                "the request-target (path and query) must be at most {MAX_TARGET_BYTES} bytes, found {}",
                t.len()
            ),
        ));
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
    // A proxy may normalise dot segments (also when percent-encoded) into another endpoint.
    let dot_segment = path.split('/').any(|segment| {
        let s = segment.replace("%2E", ".").replace("%2e", ".");
        s == "." || s == ".."
    });
    if dot_segment {
        return Err(Error::invalid(
            "path",
            format!("must not contain `.` or `..` segments, found {path:?}"),
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
    fn path_params_reject_dot_segments_control_characters_and_blanks() {
        for bad in ["", " ", ".", "..", "a\u{0}b", "a\rb", "\u{7f}"] {
            assert!(check_path_param("p", bad).is_err(), "{bad:?}");
        }
        for good in ["...", ".a", "a.", "a..b", "值", "a b"] {
            assert!(check_path_param("p", good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn generic_paths_are_checked() {
        assert!(build("/v3/x/%41", &[]).is_ok());
        assert!(build("v3/x", &[]).is_err());
        assert!(build("/v3/x y", &[]).is_err());
        assert!(build("/v3/x?y=1", &[]).is_err());
        assert!(build("/v3/x%4", &[]).is_err());
        assert!(build("/v3/a/../b", &[]).is_err());
        assert!(build("/v3/a/%2E%2e/b", &[]).is_err());
        assert!(build("/v3/a/./b", &[]).is_err());
        assert!(build("/v3/a/.../b", &[]).is_ok());
        assert_eq!(
            build("/v3/x", &[("brand_id", "120344"), ("k", "a b")])
                .ok()
                .as_deref(),
            Some("/v3/x?brand_id=120344&k=a%20b")
        );
    }
}

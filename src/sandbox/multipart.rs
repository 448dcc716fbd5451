//! Reading a `multipart/form-data` upload as the gateway does: the `meta` part is the JSON
//! the signature covers; the `file` part is the upload. Pure (no I/O).
//!
//! It accepts what other SDKs send: a `Content-Type` without a `boundary` parameter (Python
//! `wechatpayv3` sends none; the boundary is then read from the body's first line), parts
//! without a `Content-Type` (the official Go sample's `meta`), and parts in any order (the Go
//! sample sends the file first). Guess: the gateway's exact tolerance is not documented.

use super::error::GatewayError;
use super::wire::HttpRequest;
use crate::protocol::headers;

/// What a request carries for its endpoint: the JSON its signature covers (the body, or a
/// form's `meta` part) and, for a form, its `file` part.
#[derive(Debug, Clone)]
pub(crate) struct Payload<'b> {
    /// The signed JSON bytes.
    pub signed: &'b [u8],
    /// Whether the request is a `multipart/form-data` upload.
    pub multipart: bool,
    /// The form's `file` part, if any.
    pub file: Option<Part<'b>>,
}

/// Reads what `req` carries. A malformed form, or one without a `meta` part, is `400
/// PARAM_ERROR`, answered before the signature is checked (as header errors are).
pub(crate) fn payload(req: &HttpRequest) -> Result<Payload<'_>, GatewayError> {
    let content_type = req.header(headers::CONTENT_TYPE).unwrap_or_default();
    if req.body.is_empty() || !is_multipart(content_type) {
        return Ok(Payload {
            signed: &req.body,
            multipart: false,
            file: None,
        });
    }
    let parts = parse(content_type, &req.body).map_err(GatewayError::param)?;
    let mut meta = None;
    let mut file = None;
    for part in parts {
        match part.name.as_str() {
            "meta" => meta = Some(part.body),
            "file" => file = Some(part),
            _ => {}
        }
    }
    Ok(Payload {
        signed: meta.ok_or_else(|| GatewayError::param("multipart/form-data 缺少 meta 部分"))?,
        multipart: true,
        file,
    })
}

/// One part of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part<'b> {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, if any.
    pub filename: Option<String>,
    /// Its `Content-Type`, if it has one.
    pub content_type: Option<String>,
    /// Its bytes.
    pub body: &'b [u8],
}

/// Whether a request's `Content-Type` is a multipart form.
pub(crate) fn is_multipart(content_type: &str) -> bool {
    content_type
        .trim_start()
        .get(..19)
        .is_some_and(|t| t.eq_ignore_ascii_case("multipart/form-data"))
}

/// Splits `body` into its parts; the error says what is malformed.
pub(crate) fn parse<'b>(content_type: &str, body: &'b [u8]) -> Result<Vec<Part<'b>>, String> {
    let boundary = match boundary_param(content_type) {
        Some(b) => b.to_owned(),
        None => first_line_boundary(body)
            .ok_or("multipart body without a boundary: neither the Content-Type nor the first line names one")?,
    };
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut rest = body
        .strip_prefix(delimiter)
        .ok_or("multipart body does not start with its boundary")?;
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts); // the closing delimiter; anything after it is an epilogue
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("multipart boundary not followed by CRLF")?;
        let end = find(rest, delimiter).ok_or("multipart body has no closing boundary")?;
        let part = rest[..end]
            .strip_suffix(b"\r\n")
            .ok_or("multipart part not followed by CRLF before the boundary")?;
        parts.push(parse_part(part)?);
        rest = &rest[end + delimiter.len()..];
    }
}

fn parse_part(part: &[u8]) -> Result<Part<'_>, String> {
    let split =
        find(part, b"\r\n\r\n").ok_or("multipart part without a blank line after its headers")?;
    let head =
        std::str::from_utf8(&part[..split]).map_err(|_| "multipart part headers are not UTF-8")?;
    let body = &part[split + 4..];
    let (mut name, mut filename, mut content_type) = (None, None, None);
    for line in head.split("\r\n") {
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!("multipart part header without a colon: {line:?}"));
        };
        let value = value.trim();
        if key.trim().eq_ignore_ascii_case("content-disposition") {
            name = param(value, "name");
            filename = param(value, "filename");
        } else if key.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.to_owned());
        }
    }
    let name = name.ok_or("multipart part without a Content-Disposition name")?;
    Ok(Part {
        name,
        filename,
        content_type,
        body,
    })
}

/// The `boundary` parameter of a `Content-Type`, quotes removed.
fn boundary_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"'))
            .filter(|b| !b.is_empty())
    })
}

/// The boundary named by a body's first line, `--<boundary>\r\n`.
fn first_line_boundary(body: &[u8]) -> Option<String> {
    let line = &body[..find(body, b"\r\n")?];
    let boundary = std::str::from_utf8(line.strip_prefix(b"--")?).ok()?;
    (!boundary.is_empty()).then(|| boundary.to_owned())
}

/// A `key="value"` (or unquoted) parameter of a header value.
fn param(value: &str, key: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multipart::{FilePart, MultipartForm};

    #[test]
    fn reads_back_what_the_client_encodes() {
        let file = FilePart::new("a.png", "image/png", b"\x89PNG\r\n--x".to_vec());
        let form = MultipartForm::new(br#"{"filename":"a.png"}"#, &file).unwrap();
        let parts = parse(&form.content_type(), form.body()).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].body),
            ("meta", &br#"{"filename":"a.png"}"#[..])
        );
        assert_eq!(parts[0].content_type.as_deref(), Some("application/json"));
        assert_eq!(parts[1].name, "file");
        assert_eq!(parts[1].filename.as_deref(), Some("a.png"));
        assert_eq!(parts[1].body, file.content.as_slice());
    }

    /// Python `wechatpayv3`: no boundary parameter; Go: file first, meta without a type.
    #[test]
    fn accepts_other_sdks_shapes() {
        let body = b"--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"h.jpg\"\r\n\
Content-Type: image/jpeg\r\n\r\nJPEG\r\n--abc\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n{}\r\n--abc--\r\n";
        for content_type in [
            "multipart/form-data",
            "multipart/form-data; boundary=\"abc\"",
        ] {
            let parts = parse(content_type, body).unwrap();
            assert_eq!(parts[0].name, "file");
            assert_eq!(parts[1].name, "meta");
            assert_eq!(parts[1].content_type, None);
            assert_eq!(parts[1].body, b"{}");
        }
        assert!(is_multipart("Multipart/Form-Data; boundary=x"));
        assert!(!is_multipart("application/json"));
    }

    #[test]
    fn malformed_forms_say_what_is_wrong() {
        for (body, what) in [
            (&b""[..], "boundary"),
            (
                b"--b\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n{}",
                "closing",
            ),
            (b"--b\r\nno colon\r\n\r\n{}\r\n--b--", "colon"),
            (b"--b\r\nContent-Type: a\r\n\r\n{}\r\n--b--", "name"),
        ] {
            let err = parse("multipart/form-data; boundary=b", body).unwrap_err();
            assert!(err.contains(what), "{err}");
        }
    }
}

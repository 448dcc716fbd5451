//! What a body that is not JSON is, in a few words: an error about such a body describes it
//! ("an HTML page titled …", "not UTF-8, 12 bytes") instead of quoting a JSON parser's
//! "expected value at line 1 column 1", which says nothing about the cause.

/// The first characters of a text body quoted in a description.
const QUOTED_CHARS: usize = 80;

/// A description of `body` when it cannot be JSON (empty, not UTF-8, an HTML page, text
/// that does not start like JSON); `None` when it may be JSON, so that the parser's own
/// message (which names the field) is the better one.
pub(crate) fn describe_non_json(body: &[u8]) -> Option<String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Some("an empty body".to_owned());
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return Some(format!("a body that is not UTF-8 ({} bytes)", body.len()));
    };
    let text = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let json_start = text.starts_with(['{', '[', '"', '-'])
        || text.starts_with(|c: char| c.is_ascii_digit())
        || ["true", "false", "null"]
            .iter()
            .any(|w| text.starts_with(w));
    if json_start {
        return None;
    }
    if text.starts_with('<') {
        return Some(match html_title(text) {
            Some(title) => format!("an HTML page titled {title:?}"),
            None if looks_like_html(text) => "an HTML page".to_owned(),
            None => format!("a markup body starting {:?}", quote(text)),
        });
    }
    Some(format!("a non-JSON body starting {:?}", quote(text)))
}

fn quote(text: &str) -> String {
    let cut: String = text.chars().take(QUOTED_CHARS).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || head.contains("<body")
}

/// The text of the first `<title>`, whitespace collapsed, when short enough to quote.
fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower.get(start..)?.find('>')? + 1;
    let close = open_end + lower.get(open_end..)?.find("</title")?;
    let title = text.get(open_end..close)?;
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then(|| quote(&title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions() {
        assert_eq!(describe_non_json(b"{}"), None);
        assert_eq!(describe_non_json(b"").as_deref(), Some("an empty body"));
        assert_eq!(
            describe_non_json(b"\xff\xfe\x00garbage!").as_deref(),
            Some("a body that is not UTF-8 (11 bytes)")
        );
        assert_eq!(
            describe_non_json(b"<html><head><title>502 Bad Gateway</title></head></html>")
                .as_deref(),
            Some("an HTML page titled \"502 Bad Gateway\"")
        );
        assert_eq!(describe_non_json(b"  [1]"), None);
        for json in [&b"-1"[..], b"42", b"null", b"true", b"\"x\""] {
            assert_eq!(describe_non_json(json), None);
        }
        assert_eq!(
            describe_non_json(b" \r\n").as_deref(),
            Some("an empty body")
        );
        assert_eq!(
            describe_non_json(b"<!DOCTYPE html><body>x</body>").as_deref(),
            Some("an HTML page")
        );
        assert_eq!(
            describe_non_json(b"<TITLE>\n Bad\n Gateway </TITLE>").as_deref(),
            Some("an HTML page titled \"Bad Gateway\"")
        );
        assert_eq!(
            describe_non_json(b"upstream connect error").as_deref(),
            Some("a non-JSON body starting \"upstream connect error\"")
        );
        let long = "x".repeat(500);
        let d = describe_non_json(long.as_bytes()).unwrap_or_default();
        assert!(d.len() < 120 && d.ends_with("…\""), "{d}");
        // Multi-byte text is cut on a character boundary.
        assert!(describe_non_json("错".repeat(200).as_bytes()).is_some());
        assert!(describe_non_json(b"<title>").is_some());
    }
}

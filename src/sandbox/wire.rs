//! The HTTP/1.1 wire format of the sandbox, pure (no sockets): request heads, body framing
//! (`Content-Length` and chunked), keep-alive decisions, and response serialization.
//! [`server`](super::server) does the I/O around it.

/// Largest request head (request line plus headers) accepted; more is answered with 431.
pub(crate) const MAX_HEADER_BYTES: usize = 64 * 1024;
/// Largest request body accepted; more is answered with 413.
pub(crate) const MAX_BODY_BYTES: u64 = 1024 * 1024;

/// One parsed HTTP request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HttpRequest {
    /// The method as received, e.g. `"POST"`.
    pub method: String,
    /// The request-target exactly as received (path and optional `?query`), not decoded.
    pub target: String,
    /// Header fields in order, names as received, values trimmed of surrounding whitespace.
    pub headers: Vec<(String, String)>,
    /// The body (empty when the request had no `Content-Length`).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The value of the first header called `name` (case-insensitive), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// How many headers are called `name` (case-insensitive).
    pub fn header_count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .count()
    }
}

/// A response produced by the handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HttpResponse {
    /// The status code, e.g. 200.
    pub status: u16,
    /// Header fields to send; `Content-Length` is always computed by the server.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Keep-alive decision for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeepAlive {
    /// Close after the response.
    No,
    /// HTTP/1.1 default persistence.
    Yes,
    /// HTTP/1.0 with `Connection: keep-alive`: the response must say so too.
    YesHttp10,
}

/// A plain-text response with the given status and body.
pub(crate) fn text_response(status: u16, text: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![(
            "Content-Type".to_owned(),
            "text/plain; charset=utf-8".to_owned(),
        )],
        body: text.as_bytes().to_vec(),
    }
}

/// Where the request head ends in the buffer.
pub(crate) struct HeadEnd {
    /// Bytes of request line and header lines, without the final empty line.
    pub head_len: usize,
    /// Bytes up to and including the empty line.
    pub total_len: usize,
}

/// Drops empty lines before a request line (RFC 9112 §2.2 robustness).
pub(crate) fn skip_leading_newlines(buf: &mut Vec<u8>) {
    let skip = buf
        .iter()
        .take_while(|b| **b == b'\r' || **b == b'\n')
        .count();
    // Keep a lone trailing CR: it may be the start of a CRLF still in flight.
    let skip = if skip > 0 && skip == buf.len() && buf[skip - 1] == b'\r' {
        skip - 1
    } else {
        skip
    };
    buf.drain(..skip);
}

/// Finds the empty line ending the head (CRLF or bare LF line endings).
pub(crate) fn find_head_end(buf: &[u8]) -> Option<HeadEnd> {
    buf.iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .find_map(|(i, _)| {
            let rest = &buf[i + 1..];
            let terminator = if rest.starts_with(b"\n") {
                1
            } else if rest.starts_with(b"\r\n") {
                2
            } else {
                return None;
            };
            Some(HeadEnd {
                head_len: i,
                total_len: i + 1 + terminator,
            })
        })
}

/// A parsed request line and header block.
pub(crate) struct Head {
    /// The method.
    pub method: String,
    /// The request-target.
    pub target: String,
    /// The minor version of HTTP/1.x.
    pub http_minor: u8,
    /// The header fields.
    pub headers: Vec<(String, String)>,
}

/// A refusal: status code and a short plain-text reason.
pub(crate) type Refusal = (u16, &'static str);

/// Parses the request line and header lines (without the final empty line).
pub(crate) fn parse_head(head: &[u8]) -> Result<Head, Refusal> {
    let head = std::str::from_utf8(head).map_err(|_| (400, "request head is not UTF-8"))?;
    let mut lines = head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let (method, target, http_minor) = parse_request_line(lines.next().unwrap_or(""))?;
    let headers = lines.map(parse_header_line).collect::<Result<_, _>>()?;
    Ok(Head {
        method,
        target,
        http_minor,
        headers,
    })
}

/// Parses `METHOD SP target SP HTTP/1.x`.
fn parse_request_line(line: &str) -> Result<(String, String, u8), Refusal> {
    const MALFORMED: Refusal = (400, "malformed request line");
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(MALFORMED);
    };
    if !is_token(method) || target.is_empty() || target.chars().any(|c| c.is_control()) {
        return Err(MALFORMED);
    }
    let http_minor = match version.as_bytes() {
        [b'H', b'T', b'T', b'P', b'/', b'1', b'.', minor] if minor.is_ascii_digit() => minor - b'0',
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() =>
        {
            return Err((505, "HTTP version not supported"));
        }
        _ => return Err(MALFORMED),
    };
    Ok((method.to_owned(), target.to_owned(), http_minor))
}

/// Parses `name: value`, trimming optional whitespace around the value.
pub(crate) fn parse_header_line(line: &str) -> Result<(String, String), Refusal> {
    const MALFORMED: Refusal = (400, "malformed header line");
    let (name, value) = line.split_once(':').ok_or(MALFORMED)?;
    // A name must be a token: this also rejects obsolete line folding and
    // whitespace before the colon.
    if !is_token(name) {
        return Err(MALFORMED);
    }
    let value = value.trim_matches(|c| c == ' ' || c == '\t');
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(MALFORMED);
    }
    Ok((name.to_owned(), value.to_owned()))
}

/// Whether `s` is a non-empty RFC 9110 token.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// How a request body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// `Content-Length` bytes (0 when the header is absent).
    Length(usize),
    /// `Transfer-Encoding: chunked`.
    Chunked,
}

/// The body framing declared by the headers. `Transfer-Encoding: chunked` is accepted (an
/// HTTP/1.1 server must); other transfer codings get 501, and a request carrying both
/// `Transfer-Encoding` and `Content-Length` is refused (a request-smuggling shape).
pub(crate) fn framing(headers: &[(String, String)]) -> Result<Framing, Refusal> {
    let mut codings = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("transfer-encoding"))
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .peekable();
    let chunked = match codings.peek() {
        None => false,
        Some(_) => {
            let all: Vec<&str> = codings.collect();
            if all.len() != 1 || !all[0].eq_ignore_ascii_case("chunked") {
                return Err((501, "only Transfer-Encoding: chunked is supported"));
            }
            true
        }
    };
    let mut lengths = headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.as_str());
    let value = match (lengths.next(), lengths.next()) {
        (None, _) if chunked => return Ok(Framing::Chunked),
        (None, _) => return Ok(Framing::Length(0)),
        (Some(_), _) if chunked => {
            return Err((400, "both Transfer-Encoding and Content-Length"));
        }
        (Some(value), None) => value,
        (Some(_), Some(_)) => return Err((400, "duplicate Content-Length")),
    };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err((400, "invalid Content-Length"));
    }
    match value.parse::<u64>() {
        Ok(len) if len <= MAX_BODY_BYTES => usize::try_from(len)
            .map(Framing::Length)
            .map_err(|_| TOO_LARGE),
        _ => Err(TOO_LARGE),
    }
}

/// Refusal for a body above [`MAX_BODY_BYTES`].
const TOO_LARGE: Refusal = (413, "request body too large");

/// Longest chunk-size or trailer line accepted.
const MAX_CHUNK_LINE: usize = 4096;

/// Decodes a chunked body at the start of `buf` (RFC 9112 §7.1). `Ok(None)` means more bytes
/// are needed; `Ok(Some((body, consumed)))` gives the body and how many bytes it took,
/// trailers included (trailer fields are ignored). Chunk extensions are ignored.
pub(crate) fn decode_chunked(buf: &[u8]) -> Result<Option<(Vec<u8>, usize)>, Refusal> {
    const BAD: Refusal = (400, "malformed chunked body");
    let mut body = Vec::new();
    let mut pos = 0;
    loop {
        let Some((line, next)) = read_line(buf, pos)? else {
            return Ok(None);
        };
        let size_text = line.split(|b| *b == b';').next().unwrap_or_default();
        let size_text = std::str::from_utf8(size_text).map_err(|_| BAD)?.trim();
        if size_text.is_empty()
            || size_text.len() > 8
            || !size_text.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(BAD);
        }
        let size = usize::from_str_radix(size_text, 16).map_err(|_| BAD)?;
        pos = next;
        if size == 0 {
            // Trailer fields until an empty line.
            loop {
                let Some((line, next)) = read_line(buf, pos)? else {
                    return Ok(None);
                };
                pos = next;
                if line.is_empty() {
                    return Ok(Some((body, pos)));
                }
            }
        }
        if body.len().saturating_add(size) as u64 > MAX_BODY_BYTES {
            return Err(TOO_LARGE);
        }
        let Some(data) = buf.get(pos..pos + size) else {
            return Ok(None);
        };
        body.extend_from_slice(data);
        pos += size;
        match buf.get(pos..) {
            Some([b'\r', b'\n', ..]) => pos += 2,
            Some([b'\n', ..]) => pos += 1,
            Some([]) | Some([b'\r']) | None => return Ok(None),
            Some(_) => return Err(BAD),
        }
    }
}

/// The line starting at `pos` (without its CRLF or LF) and the position after it.
fn read_line(buf: &[u8], pos: usize) -> Result<Option<(&[u8], usize)>, Refusal> {
    let rest = buf.get(pos..).unwrap_or_default();
    match rest.iter().position(|b| *b == b'\n') {
        Some(i) if i > MAX_CHUNK_LINE => Err((400, "chunk line too long")),
        Some(i) => {
            let line = &rest[..i];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            Ok(Some((line, pos + i + 1)))
        }
        None if rest.len() > MAX_CHUNK_LINE => Err((400, "chunk line too long")),
        None => Ok(None),
    }
}

/// Whether the tokens of the `Connection` headers include `token`.
fn connection_has(headers: &[(String, String)], token: &str) -> bool {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("connection"))
        .flat_map(|(_, v)| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

/// Decides persistence from the HTTP version and the `Connection` header.
pub(crate) fn keep_alive(http_minor: u8, headers: &[(String, String)]) -> KeepAlive {
    if connection_has(headers, "close") {
        KeepAlive::No
    } else if http_minor >= 1 {
        KeepAlive::Yes
    } else if connection_has(headers, "keep-alive") {
        KeepAlive::YesHttp10
    } else {
        KeepAlive::No
    }
}

/// Whether the handler's own headers ask to close the connection.
pub(crate) fn asks_close(headers: &[(String, String)]) -> bool {
    connection_has(headers, "close")
}

/// Whether a response with this status carries a body and `Content-Length`
/// (RFC 9110 §8.6 forbids it for 1xx and 204; 304 never has a body).
pub(crate) fn has_body(status: u16) -> bool {
    !(100..200).contains(&status) && status != 204 && status != 304
}

/// Serializes a response. The server owns `Content-Length` (a handler's is
/// replaced) and, when closing, `Connection`; other handler headers are kept
/// as given, so nothing is ever duplicated.
pub(crate) fn serialize(
    response: &HttpResponse,
    keep_alive: KeepAlive,
    head_only: bool,
) -> Vec<u8> {
    let status = response.status;
    let mut head = format!("HTTP/1.1 {} {}\r\n", status, reason_phrase(status));
    let closing = keep_alive == KeepAlive::No;
    let mut has_connection = false;
    for (name, value) in &response.headers {
        let is_connection = name.eq_ignore_ascii_case("connection");
        if name.eq_ignore_ascii_case("content-length") || (closing && is_connection) {
            continue;
        }
        if !is_token(name) {
            continue;
        }
        has_connection |= is_connection;
        let value: String = value
            .chars()
            .map(|c| if c == '\r' || c == '\n' { ' ' } else { c })
            .collect();
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if has_body(status) {
        head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    }
    if closing {
        head.push_str("Connection: close\r\n");
    } else if keep_alive == KeepAlive::YesHttp10 && !has_connection {
        head.push_str("Connection: keep-alive\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if has_body(status) && !head_only {
        bytes.extend_from_slice(&response.body);
    }
    bytes
}

/// The standard reason phrase for a status code.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        422 => "Unprocessable Content",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => match status / 100 {
            1 => "Informational",
            2 => "Success",
            3 => "Redirection",
            4 => "Client Error",
            _ => "Server Error",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn framing_rules() {
        assert_eq!(framing(&h(&[])), Ok(Framing::Length(0)));
        assert_eq!(
            framing(&h(&[("Content-Length", "5")])),
            Ok(Framing::Length(5))
        );
        assert_eq!(
            framing(&h(&[("Transfer-Encoding", "chunked")])),
            Ok(Framing::Chunked)
        );
        assert_eq!(
            framing(&h(&[("transfer-encoding", "Chunked")])),
            Ok(Framing::Chunked)
        );
        assert_eq!(
            framing(&h(&[("Transfer-Encoding", "gzip, chunked")])).map_err(|e| e.0),
            Err(501)
        );
        assert_eq!(
            framing(&h(&[
                ("Transfer-Encoding", "chunked"),
                ("Content-Length", "5")
            ]))
            .map_err(|e| e.0),
            Err(400)
        );
        assert_eq!(
            framing(&h(&[("Content-Length", "1048577")])).map_err(|e| e.0),
            Err(413)
        );
    }

    #[test]
    fn chunked_bodies_decode_with_extensions_trailers_and_bare_lf() {
        let wire = b"5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT";
        assert_eq!(
            decode_chunked(wire),
            Ok(Some((b"hello, world".to_vec(), wire.len() - 4)))
        );
        assert_eq!(
            decode_chunked(b"3\nabc\n0\n\n"),
            Ok(Some((b"abc".to_vec(), 9)))
        );
        // Every proper prefix needs more bytes.
        for end in 0..wire.len() - 4 {
            assert_eq!(decode_chunked(&wire[..end]), Ok(None), "prefix {end}");
        }
    }

    #[test]
    fn malformed_or_oversized_chunked_bodies_are_refused() {
        for bad in [&b"x\r\n"[..], b"5\r\nhelloXX", b"-1\r\n", b"123456789\r\n"] {
            assert_eq!(decode_chunked(bad).map_err(|e| e.0), Err(400), "{bad:?}");
        }
        assert_eq!(decode_chunked(b"100001\r\n").map_err(|e| e.0), Err(413));
        assert_eq!(decode_chunked(&[b'1'; 5000]).map_err(|e| e.0), Err(400));
    }
}

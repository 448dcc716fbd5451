//! The sandbox's sockets and threads: a minimal HTTP/1.1 server over `std::net`.
//!
//! It is deliberately small: one accept thread, one thread per connection, persistent
//! connections, and a few [`Reply`] variants that misbehave on purpose so client tests can
//! exercise their timeout and error paths. Parsing and serializing are in
//! [`wire`](super::wire).

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::wire::{
    asks_close, decode_chunked, find_head_end, framing, keep_alive, parse_head, serialize,
    skip_leading_newlines, text_response, Framing, HttpRequest, HttpResponse, KeepAlive,
    MAX_HEADER_BYTES,
};

/// How long a connection may stay silent before it is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Read timeout used to poll the shutdown flag while waiting for bytes.
const POLL_INTERVAL: Duration = Duration::from_millis(50);
/// Write timeout, so a client that never reads cannot pin a thread forever.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long unread client bytes are drained after the response before closing.
const LINGER_TIMEOUT: Duration = Duration::from_secs(1);
/// How long `shutdown` waits to connect to its own listener to wake `accept`.
const WAKE_TIMEOUT: Duration = Duration::from_secs(1);

/// What the handler wants written back. The non-`Response` variants exist for fault-injection tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reply {
    /// A normal response: status line, the headers, `Content-Length`, body; keep-alive honoured.
    Response(HttpResponse),
    /// Write these exact bytes, then close the connection.
    Raw(Vec<u8>),
    /// Write nothing and keep the socket open this long (or until shutdown), then close.
    Hang(Duration),
    /// Write the serialized response `chunk` bytes at a time with `delay` between writes, then close.
    Trickle {
        /// The response to serialize (sent with `Connection: close`).
        response: HttpResponse,
        /// Bytes per write (0 is treated as 1).
        chunk: usize,
        /// Pause between two writes.
        delay: Duration,
    },
    /// Close the connection without writing anything.
    Close,
}

/// The request handler shared by all connection threads.
pub(crate) type Handler = Arc<dyn Fn(HttpRequest) -> Reply + Send + Sync>;

/// State shared by the accept thread and the connection threads.
struct Shared {
    /// The request handler.
    handler: Handler,
    /// Set once `shutdown` has been called.
    stopping: AtomicBool,
    /// TCP connections accepted so far.
    connections: AtomicU64,
    /// Complete requests parsed so far.
    requests: AtomicU64,
}

impl Shared {
    /// Whether the server is shutting down.
    fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// A running HTTP server bound to 127.0.0.1; stops on [`Server::shutdown`] or drop.
pub(crate) struct Server {
    /// The address the listener is bound to.
    addr: SocketAddr,
    /// State shared with the server threads.
    shared: Arc<Shared>,
    /// The accept thread, until it has been joined.
    accept_thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server on 127.0.0.1:`port` (0 lets the OS choose).
    pub fn start_on(port: u16, handler: Handler) -> io::Result<Server> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            handler,
            stopping: AtomicBool::new(false),
            connections: AtomicU64::new(0),
            requests: AtomicU64::new(0),
        });
        let thread_shared = Arc::clone(&shared);
        let accept_thread = thread::Builder::new()
            .name("sandbox-http-accept".into())
            .spawn(move || accept_loop(listener, thread_shared))?;
        Ok(Server {
            addr,
            shared,
            accept_thread: Some(accept_thread),
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// TCP connections accepted so far.
    pub fn connections_accepted(&self) -> u64 {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Complete requests parsed so far.
    pub fn requests_served(&self) -> u64 {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Stops accepting, wakes and joins the accept thread; idempotent.
    ///
    /// Connection threads are not joined; they notice the flag within
    /// [`POLL_INTERVAL`] (or after their current write) and close.
    pub fn shutdown(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        if let Some(handle) = self.accept_thread.take() {
            // A throwaway connection unblocks `accept`. Should it fail, the
            // thread is left detached rather than risking a hang here.
            if TcpStream::connect_timeout(&self.addr, WAKE_TIMEOUT).is_ok() {
                let _ = handle.join();
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Accepts connections until shutdown, one thread per connection.
fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for incoming in listener.incoming() {
        if shared.is_stopping() {
            break;
        }
        match incoming {
            Ok(stream) => {
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let conn_shared = Arc::clone(&shared);
                // If the thread cannot be spawned the stream is dropped, closing it.
                let _ = thread::Builder::new()
                    .name("sandbox-http-conn".into())
                    .spawn(move || serve_connection(stream, &conn_shared));
            }
            // E.g. too many open files: back off instead of spinning.
            Err(_) => thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// What reading the next request produced.
enum Incoming {
    /// A complete request, and whether the connection may be reused after it.
    Request(HttpRequest, KeepAlive),
    /// A request that must be refused with this status, after which the connection closes.
    Reject(u16, &'static str),
    /// The peer closed, went idle, or the server is stopping.
    Closed,
}

/// Result of waiting for more bytes.
enum Fill {
    /// Some bytes were appended to the buffer.
    Data,
    /// The peer closed, went idle, an error occurred, or the server is stopping.
    Done,
}

/// One client connection and the bytes read from it but not consumed yet.
struct Connection<'a> {
    /// The socket (with a short read timeout used for polling).
    stream: TcpStream,
    /// Bytes received and not yet consumed (pipelined requests stay here).
    buf: Vec<u8>,
    /// Server-wide state.
    shared: &'a Shared,
}

/// Serves requests on one connection until it must close.
fn serve_connection(stream: TcpStream, shared: &Shared) {
    if stream.set_read_timeout(Some(POLL_INTERVAL)).is_err()
        || stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err()
    {
        return;
    }
    let _ = stream.set_nodelay(true);
    let mut conn = Connection {
        stream,
        buf: Vec::new(),
        shared,
    };
    while conn.serve_one() {}
}

impl Connection<'_> {
    /// Reads one request and answers it; returns whether to keep the connection.
    fn serve_one(&mut self) -> bool {
        let (request, keep_alive) = match self.read_request() {
            Incoming::Request(request, keep_alive) => (request, keep_alive),
            Incoming::Reject(status, reason) => {
                let response = text_response(status, reason);
                self.finish(&serialize(&response, KeepAlive::No, false));
                return false;
            }
            Incoming::Closed => return false,
        };
        self.shared.requests.fetch_add(1, Ordering::SeqCst);
        let head_only = request.method == "HEAD";
        match call_handler(&self.shared.handler, request) {
            Reply::Response(response) => {
                let keep_alive = if self.shared.is_stopping() || asks_close(&response.headers) {
                    KeepAlive::No
                } else {
                    keep_alive
                };
                let bytes = serialize(&response, keep_alive, head_only);
                if keep_alive == KeepAlive::No {
                    self.finish(&bytes);
                    return false;
                }
                self.write(&bytes)
            }
            Reply::Raw(bytes) => {
                self.finish(&bytes);
                false
            }
            Reply::Hang(duration) => {
                self.hang(duration);
                false
            }
            Reply::Trickle {
                response,
                chunk,
                delay,
            } => {
                let bytes = serialize(&response, KeepAlive::No, head_only);
                self.trickle(&bytes, chunk, delay);
                false
            }
            Reply::Close => {
                let _ = self.stream.shutdown(Shutdown::Both);
                false
            }
        }
    }

    /// Reads the next complete request from the connection.
    fn read_request(&mut self) -> Incoming {
        let head_end = loop {
            skip_leading_newlines(&mut self.buf);
            if let Some(end) = find_head_end(&self.buf) {
                break end;
            }
            if self.buf.len() > MAX_HEADER_BYTES {
                return Incoming::Reject(431, "request header fields too large");
            }
            if let Fill::Done = self.fill() {
                return Incoming::Closed;
            }
        };
        if head_end.head_len > MAX_HEADER_BYTES {
            return Incoming::Reject(431, "request header fields too large");
        }
        let head_bytes: Vec<u8> = self.buf.drain(..head_end.total_len).collect();
        let head = match parse_head(&head_bytes[..head_end.head_len]) {
            Ok(head) => head,
            Err((status, reason)) => return Incoming::Reject(status, reason),
        };
        let body = match framing(&head.headers) {
            Ok(Framing::Length(len)) => {
                while self.buf.len() < len {
                    if let Fill::Done = self.fill() {
                        return Incoming::Closed;
                    }
                }
                self.buf.drain(..len).collect()
            }
            Ok(Framing::Chunked) => loop {
                match decode_chunked(&self.buf) {
                    Ok(Some((body, consumed))) => {
                        self.buf.drain(..consumed);
                        break body;
                    }
                    Ok(None) => {
                        if let Fill::Done = self.fill() {
                            return Incoming::Closed;
                        }
                    }
                    Err((status, reason)) => return Incoming::Reject(status, reason),
                }
            },
            Err((status, reason)) => return Incoming::Reject(status, reason),
        };
        let keep_alive = keep_alive(head.http_minor, &head.headers);
        let request = HttpRequest {
            method: head.method,
            target: head.target,
            headers: head.headers,
            body,
        };
        Incoming::Request(request, keep_alive)
    }

    /// Waits for more bytes, polling the shutdown flag, for at most [`IDLE_TIMEOUT`].
    fn fill(&mut self) -> Fill {
        let idle_deadline = Instant::now() + IDLE_TIMEOUT;
        let mut chunk = [0u8; 8192];
        loop {
            if self.shared.is_stopping() {
                return Fill::Done;
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Fill::Done,
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Fill::Data;
                }
                Err(e) if is_timeout(&e) => {
                    if Instant::now() >= idle_deadline {
                        return Fill::Done;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Fill::Done,
            }
        }
    }

    /// Writes all bytes; returns whether that succeeded.
    fn write(&mut self, bytes: &[u8]) -> bool {
        self.stream.write_all(bytes).is_ok() && self.stream.flush().is_ok()
    }

    /// Writes the bytes, then closes gracefully.
    fn finish(&mut self, bytes: &[u8]) {
        if self.write(bytes) {
            self.linger();
        }
    }

    /// Half-closes, then drains what the client still sends for a moment, so
    /// that unread request bytes do not turn the close into a reset that could
    /// destroy the response before the client reads it.
    fn linger(&mut self) {
        if self.stream.shutdown(Shutdown::Write).is_err() {
            return;
        }
        let deadline = Instant::now() + LINGER_TIMEOUT;
        let mut scratch = [0u8; 8192];
        while Instant::now() < deadline && !self.shared.is_stopping() {
            match self.stream.read(&mut scratch) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) if is_timeout(&e) || e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        }
    }

    /// Keeps the socket open without writing, until `duration` passes, the
    /// client closes, or the server stops.
    fn hang(&mut self, duration: Duration) {
        // A duration too large to add to now means: until shutdown.
        let deadline = Instant::now().checked_add(duration);
        let expired = || deadline.is_some_and(|d| Instant::now() >= d);
        let mut scratch = [0u8; 1024];
        while !expired() && !self.shared.is_stopping() {
            match self.stream.read(&mut scratch) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) if is_timeout(&e) || e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        }
    }

    /// Writes `bytes` in pieces of `chunk` bytes with `delay` between them, then closes.
    fn trickle(&mut self, bytes: &[u8], chunk: usize, delay: Duration) {
        for (index, piece) in bytes.chunks(chunk.max(1)).enumerate() {
            if index > 0 && !self.pause(delay) {
                return;
            }
            if !self.write(piece) {
                return;
            }
        }
        self.linger();
    }

    /// Sleeps for `delay` in short slices; returns false if the server started stopping.
    fn pause(&self, delay: Duration) -> bool {
        let start = Instant::now();
        loop {
            if self.shared.is_stopping() {
                return false;
            }
            let elapsed = start.elapsed();
            if elapsed >= delay {
                return true;
            }
            thread::sleep((delay - elapsed).min(POLL_INTERVAL));
        }
    }
}

/// Runs the handler, turning a panic into a 500 response.
fn call_handler(handler: &Handler, request: HttpRequest) -> Reply {
    match catch_unwind(AssertUnwindSafe(|| handler(request))) {
        Ok(reply) => reply,
        Err(_) => Reply::Response(text_response(500, "handler panicked")),
    }
}

/// Whether an I/O error is a read/write timeout.
fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

#[cfg(test)]
mod tests;

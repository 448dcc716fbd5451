//! The sandbox's shared state and the handling of one request: record it, apply a fault,
//! check it as the gateway does, route it to its endpoint, hold it to the endpoint's rate
//! limit, let the endpoint's handler answer from the stores, sign the answer.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use time::OffsetDateTime;

use super::call::Call;
use super::certificates;
use super::error::GatewayError;
use super::fault::Fault;
use super::gateway::{self, Gateway, Signer};
use super::multipart::{self, Payload};
use super::notifier::Notifier;
use super::rate_limit::RateLimiter;
use super::received::{ReceivedRequest, RECEIVED_REQUESTS_KEPT};
use super::routes;
use super::server::Reply;
use super::stores::Stores;
use super::wire::{HttpRequest, HttpResponse};
use crate::protocol::certificates::CERTIFICATES_PATH;
use crate::protocol::endpoint::Params;
use crate::protocol::headers;
use crate::protocol::signing::SCHEME;

/// What the sandbox's API and its connection threads share.
pub(crate) struct Shared {
    pub(crate) gateway: Arc<Gateway>,
    pub(crate) notifier: Arc<Notifier>,
    pub(crate) stores: Mutex<Stores>,
    pub(crate) rate_limiter: RateLimiter,
    pub(crate) received: Mutex<VecDeque<ReceivedRequest>>,
    pub(crate) nonces: Mutex<HashSet<String>>,
    pub(crate) nonce_reuses: AtomicU64,
    pub(crate) queued: Mutex<VecDeque<Fault>>,
    pub(crate) persistent: Mutex<Option<Fault>>,
    pub(crate) clock_skew: AtomicI64,
    /// Seconds added to the coupons' clock only ([`Shared::coupon_now`]).
    pub(crate) time_offset: AtomicI64,
    pub(crate) request_counter: AtomicU64,
}

/// Locks a mutex, going on with the data of a thread that panicked holding it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The parameters of a request's `Authorization` header (empty if it has none or another
/// scheme).
fn auth_params(req: &HttpRequest) -> Vec<(&str, &str)> {
    req.header(headers::AUTHORIZATION)
        .and_then(|auth| auth.strip_prefix(SCHEME))
        .and_then(|rest| rest.strip_prefix(' '))
        .and_then(|params| gateway::parse_auth_params(params).ok())
        .unwrap_or_default()
}

fn param(params: &[(&str, &str)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| (*v).to_owned())
}

impl Shared {
    pub(crate) fn now(&self) -> OffsetDateTime {
        let skew = time::Duration::seconds(self.clock_skew.load(Ordering::Relaxed));
        OffsetDateTime::now_utc()
            .checked_add(skew)
            .unwrap_or_else(OffsetDateTime::now_utc)
    }

    /// The coupons' clock: [`Shared::now`] plus the time offset. It decides validity and
    /// dates what the stores write; signatures and the request window stay on `now`.
    pub(crate) fn coupon_now(&self) -> OffsetDateTime {
        let now = self.now();
        let offset = time::Duration::seconds(self.time_offset.load(Ordering::Relaxed));
        now.checked_add(offset).unwrap_or(now)
    }

    fn next_fault(&self) -> Option<Fault> {
        if let Some(f) = lock(&self.queued).pop_front() {
            return Some(f);
        }
        lock(&self.persistent).clone()
    }

    /// Records the request and its `Authorization` nonce, timestamp and signature.
    fn record(&self, req: &HttpRequest) {
        let params = auth_params(req);
        let param = |name: &str| param(&params, name);
        let nonce = param("nonce_str");
        if let Some(nonce) = &nonce {
            if !lock(&self.nonces).insert(nonce.clone()) {
                self.nonce_reuses.fetch_add(1, Ordering::Relaxed);
            }
        }
        let mut received = lock(&self.received);
        if received.len() >= RECEIVED_REQUESTS_KEPT {
            received.pop_front();
        }
        received.push_back(ReceivedRequest {
            method: req.method.clone(),
            target: req.target.clone(),
            body: req.body.clone(),
            nonce,
            timestamp: param("timestamp"),
            signature: param("signature"),
            received_at: std::time::Instant::now(),
        });
    }

    /// Routes a verified request, holds it to its endpoint's rate limit (a limited request
    /// is not processed), and lets the endpoint's handler answer it from the stores.
    fn answer(
        self: &Arc<Self>,
        req: &HttpRequest,
        payload: &Payload<'_>,
        mchid: &str,
        now: OffsetDateTime,
    ) -> Result<serde_json::Value, GatewayError> {
        let routed = routes::route(&req.method, &req.target, payload.signed)?;
        // An upload endpoint takes a form, every other one JSON (guess: the gateway's exact
        // answer to the wrong kind of body is not documented).
        if (routed.endpoint.params == Params::Multipart) != payload.multipart {
            return Err(GatewayError::invalid_request(if payload.multipart {
                "Content-Type must be application/json for this endpoint"
            } else {
                "Content-Type must be multipart/form-data for this endpoint"
            }));
        }
        if !self
            .rate_limiter
            .admit(mchid, &routed.endpoint, Instant::now())
        {
            return Err(GatewayError::rate_limited());
        }
        let call = Call {
            endpoint: routed.endpoint.name,
            params: &routed.params,
            query: &routed.query,
            body: &routed.body,
            file: payload.file.as_ref(),
            mchid,
            now,
        };
        let mut stores = lock(&self.stores);
        let result = (routed.handler)(&mut stores, &call);
        for event in stores.take_outbox() {
            let shared = Arc::clone(self);
            self.notifier
                .spawn(Arc::clone(&self.gateway), event, move || shared.now());
        }
        for (delay, event) in stores.media.take_delayed() {
            let shared = Arc::clone(self);
            self.notifier
                .spawn_after(delay, Arc::clone(&self.gateway), event, move || {
                    shared.now()
                });
        }
        result
    }

    pub(crate) fn handle(self: &Arc<Self>, req: HttpRequest) -> Reply {
        self.record(&req);
        let fault = self.next_fault();
        let request_id = format!(
            "08SANDBOX{:016X}",
            self.request_counter.fetch_add(1, Ordering::Relaxed) + 1
        );
        let now = self.now();
        let unix = now.unix_timestamp();
        let signer = Signer::for_request(&req);
        let error = |err: GatewayError| {
            gateway::response(
                err.status,
                &format!("{request_id}-{}", err.internal_code),
                serde_json::to_vec(&err.to_json()).unwrap_or_default(),
            )
        };
        // Faults that stop the request before it is processed.
        match &fault {
            Some(Fault::Status { status, code }) => {
                let err = GatewayError::new(*status, code, default_message(*status));
                return Reply::Response(self.gateway.signed(signer, unix, error(err), None));
            }
            Some(Fault::Accepted) => {
                let accepted = gateway::response(202, &format!("{request_id}-0"), Vec::new());
                return Reply::Response(self.gateway.signed(signer, unix, accepted, None));
            }
            Some(Fault::Redirect(location)) => {
                return Reply::Response(HttpResponse {
                    status: 302,
                    headers: vec![("Location".to_owned(), location.clone())],
                    body: Vec::new(),
                })
            }
            Some(Fault::Close) => return Reply::Close,
            Some(Fault::Hang(d)) => return Reply::Hang(*d),
            _ => {}
        }
        // A request that fails the gateway's checks is answered without a signature.
        let payload = match multipart::payload(&req) {
            Ok(payload) => payload,
            Err(err) => return Reply::Response(error(err)),
        };
        if let Err(err) = self.gateway.check_request(&req, payload.signed, unix) {
            return Reply::Response(error(err));
        }
        let (path, _) = req.target.split_once('?').unwrap_or((&req.target, ""));
        let (result, signer) = if req.method == "GET" && path == CERTIFICATES_PATH {
            (Ok(certificates::download_body()), Signer::Platform)
        } else {
            let mchid = param(&auth_params(&req), "mchid").unwrap_or_default();
            let result = self
                .answer(&req, &payload, &mchid, self.coupon_now())
                .map(|value| serde_json::to_vec(&value).unwrap_or_default());
            (result, signer)
        };
        // Faults that answer as if the write failed although it was applied.
        match &fault {
            Some(Fault::ProcessThenStatus { status, code }) => {
                let err = GatewayError::new(*status, code, default_message(*status));
                return Reply::Response(self.gateway.signed(signer, unix, error(err), None));
            }
            Some(Fault::ProcessThenClose) => return Reply::Close,
            _ => {}
        }
        let body = match result {
            Ok(body) => body,
            Err(err) => {
                return Reply::Response(self.gateway.signed(signer, unix, error(err), None))
            }
        };
        let body = match &fault {
            Some(Fault::EmptyBody) => Vec::new(),
            Some(Fault::NonUtf8Body) => vec![0xFF, 0xFE, b'{', 0x80, b'}'],
            Some(Fault::HugeBody(len)) => huge_body(*len),
            Some(Fault::Body(replacement)) => replacement.clone().into_bytes(),
            _ => body,
        };
        let ok = gateway::response(200, &format!("{request_id}-0"), body);
        let response = self.gateway.signed(signer, unix, ok, fault.as_ref());
        match fault {
            Some(Fault::TruncatedBody) => {
                let mut bytes = serialize_head(&response);
                bytes.extend_from_slice(&response.body[..response.body.len() / 2]);
                Reply::Raw(bytes)
            }
            Some(Fault::Trickle(delay)) => Reply::Trickle {
                response,
                chunk: 1,
                delay,
            },
            _ => Reply::Response(response),
        }
    }
}

fn default_message(status: u16) -> &'static str {
    match status {
        429 => "请求未受理,请降低频率后重试",
        500 => "系统错误,请稍后重试",
        502 | 503 => "服务不可用,请稍后重试",
        _ => "sandbox injected error",
    }
}

fn huge_body(len: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(len);
    body.extend_from_slice(b"{\"filler\":\"");
    body.resize(len.saturating_sub(2).max(body.len()), b'x');
    body.extend_from_slice(b"\"}");
    body
}

fn serialize_head(resp: &HttpResponse) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {} X\r\n", resp.status).into_bytes();
    for (k, v) in &resp.headers {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", resp.body.len()).as_bytes());
    out
}

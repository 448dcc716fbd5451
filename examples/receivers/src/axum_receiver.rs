//! A notification receiver in axum (0.8, on tokio): a `POST` route whose handler takes the
//! raw body and headers, runs [`Receiver::receive`] on tokio's blocking pool, and answers
//! with its [`NotificationReply`].
//!
//! ```no_run
//! use wechatpay_product_coupon::ClientBuilder;
//! use wechatpay_product_coupon_receivers::{axum_receiver, Receiver};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // WECHATPAY_* variables, including WECHATPAY_APIV3_KEY.
//!     let client = ClientBuilder::from_env()?.build()?;
//!     let receiver = Receiver::new(client, |notification| {
//!         println!("{} {}", notification.id, notification.event_type); // record it here
//!         Ok(())
//!     });
//!     let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//!     axum::serve(listener, axum_receiver::router(receiver)).await?;
//!     Ok(())
//! }
//! ```

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use wechatpay_product_coupon::notify::NotificationReply;

use crate::{Receiver, NOTIFY_PATH};

/// A router serving `POST` [`NOTIFY_PATH`] with `receiver`; merge it into your app's router.
///
/// ```
/// use wechatpay_product_coupon::sandbox::Sandbox;
/// use wechatpay_product_coupon_receivers::{axum_receiver, Receiver};
/// let sandbox = Sandbox::start()?;
/// let app = axum::Router::new().merge(axum_receiver::router(Receiver::new(sandbox.client()?, |_| Ok(()))));
/// # drop(app);
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub fn router(receiver: Receiver) -> Router {
    Router::new()
        .route(NOTIFY_PATH, post(notify))
        .with_state(receiver)
}

/// The handler: raw headers and body in, the [`NotificationReply`] out.
async fn notify(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> Response {
    let headers: Vec<(String, Vec<u8>)> = headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect();
    let reply = tokio::task::spawn_blocking(move || receiver.receive(&headers, &body))
        .await
        // Your code panicked: not recorded, so ask for the notification again.
        .unwrap_or_else(|_| NotificationReply::internal_error());
    into_response(reply)
}

/// The reply as an axum response: status, and a JSON body on failure.
fn into_response(reply: NotificationReply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match reply.content_type() {
        Some(content_type) => (
            status,
            [(CONTENT_TYPE, content_type.to_owned())],
            reply.body,
        )
            .into_response(),
        None => status.into_response(),
    }
}

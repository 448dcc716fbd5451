//! A notification receiver in actix-web (4): a `POST` route whose handler takes the raw body
//! and headers, runs [`Receiver::receive`] on actix's blocking pool, and answers with its
//! [`NotificationReply`].
//!
//! ```no_run
//! use actix_web::{App, HttpServer};
//! use wechatpay_product_coupon::ClientBuilder;
//! use wechatpay_product_coupon_receivers::{actix_receiver, Receiver};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // WECHATPAY_* variables, including WECHATPAY_APIV3_KEY.
//!     let client = ClientBuilder::from_env()?.build()?;
//!     let receiver = Receiver::new(client, |notification| {
//!         println!("{} {}", notification.id, notification.event_type); // record it here
//!         Ok(())
//!     });
//!     let server = HttpServer::new(move || App::new().configure(actix_receiver::configure(receiver.clone())))
//!         .bind(("0.0.0.0", 8080))?
//!         .run();
//!     actix_web::rt::System::new().block_on(server)?;
//!     Ok(())
//! }
//! ```

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Data, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};
use wechatpay_product_coupon::notify::NotificationReply;

use crate::{Receiver, NOTIFY_PATH};

/// Registers `POST` [`NOTIFY_PATH`] with `receiver`: `App::new().configure(configure(r))`.
///
/// ```
/// use wechatpay_product_coupon::sandbox::Sandbox;
/// use wechatpay_product_coupon_receivers::{actix_receiver, Receiver};
/// let sandbox = Sandbox::start()?;
/// let receiver = Receiver::new(sandbox.client()?, |_| Ok(()));
/// let app = actix_web::App::new().configure(actix_receiver::configure(receiver));
/// # drop(app);
/// # Ok::<(), wechatpay_product_coupon::Error>(())
/// ```
pub fn configure(receiver: Receiver) -> impl FnOnce(&mut ServiceConfig) {
    move |config| {
        config
            .app_data(Data::new(receiver))
            .route(NOTIFY_PATH, web::post().to(notify));
    }
}

/// The handler: raw headers and body in, the [`NotificationReply`] out.
async fn notify(receiver: Data<Receiver>, request: HttpRequest, body: Bytes) -> HttpResponse {
    let headers: Vec<(String, Vec<u8>)> = request
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect();
    let receiver = Receiver::clone(&receiver);
    let reply = web::block(move || receiver.receive(&headers, &body))
        .await
        // Your code panicked: not recorded, so ask for the notification again.
        .unwrap_or_else(|_| NotificationReply::internal_error());
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    match reply.content_type() {
        Some(content_type) => response
            .content_type(content_type.to_owned())
            .body(reply.body),
        None => response.finish(),
    }
}

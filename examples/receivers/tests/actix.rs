//! The actix-web receiver against the sandbox's notifications.

mod common;

use std::net::SocketAddr;

use actix_web::{App, HttpServer};
use wechatpay_product_coupon_receivers::{actix_receiver, Receiver};

/// Serves `receiver` with actix-web (one worker, no signal handling) on 127.0.0.1.
fn start(receiver: Receiver) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || {
                App::new().configure(actix_receiver::configure(receiver.clone()))
            })
            .workers(1)
            .disable_signals()
            .listen(listener)
            .expect("listen")
            .run()
            .await
            .expect("serve");
        });
    });
    addr
}

#[test]
fn the_sandboxs_notification_reaches_user_code() {
    common::the_sandboxs_notification_reaches_user_code(start);
}

#[test]
fn a_tampered_notification_is_refused() {
    common::a_tampered_notification_is_refused(start);
}

#[test]
fn a_failure_of_user_code_is_a_500() {
    common::a_failure_of_user_code_is_a_500(start);
}

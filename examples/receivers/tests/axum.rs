//! The axum receiver against the sandbox's notifications.

mod common;

use std::net::SocketAddr;

use wechatpay_product_coupon_receivers::{axum_receiver, Receiver};

/// Serves `receiver` with axum on a tokio runtime of its own, on 127.0.0.1.
fn start(receiver: Receiver) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("non-blocking");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            axum::serve(listener, axum_receiver::router(receiver))
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

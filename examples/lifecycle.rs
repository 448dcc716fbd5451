//! The coupon lifecycle, end to end and offline: set the notify URL → send → receive and
//! verify the `PRODUCT_COUPON_SP.SEND` notification → confirm → use → query → return → list.
//!
//!     cargo run --example lifecycle --features sandbox
//!
//! It starts the embedded sandbox (test keys, 127.0.0.1) and a small notification receiver
//! (std only, 127.0.0.1) standing in for the service provider's HTTPS endpoint. The receiver
//! does what a real handler should: verify and decrypt with [`Client::parse_notification`],
//! record the notification, then answer with [`NotificationReply`]. One line per step, with
//! the coupon's state. Exits non-zero, printing the error, when any step fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use wechatpay_product_coupon::api::{
    AssociatedOrderInfo, ConfirmCouponRequest, GetUserCouponRequest, ListUserCouponsRequest,
    ReturnCouponRequest, SetNotifyConfigRequest, UseCouponRequest, UserCouponRef,
};
use wechatpay_product_coupon::error::Report;
use wechatpay_product_coupon::ids::RequestNo;
use wechatpay_product_coupon::model::{Notification, NotificationEvent};
use wechatpay_product_coupon::notify::NotificationReply;
use wechatpay_product_coupon::sandbox::{seed, Sandbox};
use wechatpay_product_coupon::time::{OffsetDateTime, UtcOffset};
use wechatpay_product_coupon::Client;

/// Headers (name, value) and the raw body of one HTTP request.
type RawRequest = (Vec<(String, Vec<u8>)>, Vec<u8>);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", Report::of(e.as_ref()));
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start()?;
    // The sandbox's client carries its test APIv3 key; in production the key comes from your
    // secret store (`.apiv3_key(…)`, or WECHATPAY_APIV3_KEY with `ClientBuilder::from_env`).
    let client = Arc::new(sandbox.client()?);
    println!(
        "sandbox      {} (test keys, nothing leaves this machine)",
        sandbox.base_url()
    );

    let (notify_url, notifications) = start_receiver(Arc::clone(&client))?;
    let config = client.set_notify_config(&SetNotifyConfigRequest::new(notify_url))?;
    println!("notify URL   {}", config.parse()?.notify_url);

    let run_id = OffsetDateTime::now_utc().unix_timestamp();
    let send = seed::send_request(&format!("LCSEND{run_id}"))?;
    let sent = client.send_coupon(&send)?.parse_owned()?; // owned: outlives the response
    println!(
        "send         coupon {} -> {}",
        sent.coupon_code, sent.coupon_state
    );

    // The notification is what a provider acts on: it names the coupon to confirm.
    let notification = notifications.recv_timeout(Duration::from_secs(10))?;
    let NotificationEvent::CouponSent(event) = &notification.event else {
        return Err(format!(
            "expected a coupon-sent event, got {}",
            notification.event_type
        )
        .into());
    };
    println!(
        "notified     {} id {} coupon {} (signature verified, decrypted)",
        notification.event_type, notification.id, event.coupon_code
    );
    let coupon = UserCouponRef::try_from(event.as_ref())?;

    let confirmed = client.confirm_coupon(&ConfirmCouponRequest::new(
        coupon.clone(),
        RequestNo::new(format!("LCCONF{run_id}"))?,
    ))?;
    println!(
        "confirm      coupon {} -> {}",
        coupon.coupon_code,
        confirmed.parse()?.coupon_state
    );

    let used = client.use_coupon(&UseCouponRequest::new(
        coupon.clone(),
        RequestNo::new(format!("LCUSE{run_id}"))?,
        now_beijing(),
        AssociatedOrderInfo::transaction_id(seed::TRANSACTION_ID),
    ))?;
    println!(
        "use          coupon {} -> {}",
        coupon.coupon_code,
        used.parse()?.coupon_state
    );

    let queried = client.get_user_coupon(&GetUserCouponRequest::new(coupon.clone()))?;
    println!(
        "query        coupon {} is {}",
        coupon.coupon_code,
        queried.parse()?.coupon_state
    );

    let returned = client.return_coupon(&ReturnCouponRequest::new(
        coupon.clone(),
        RequestNo::new(format!("LCRET{run_id}"))?,
    ))?;
    println!(
        "return       coupon {} -> {}",
        coupon.coupon_code,
        returned.parse()?.coupon_state
    );

    // Every page, fetched lazily; small pages to show more than one.
    let mut list = ListUserCouponsRequest::new(
        coupon.openid.clone(),
        coupon.appid.clone(),
        coupon.brand_id.clone(),
    );
    list.page_size = Some(2);
    let (mut pages, mut coupons) = (0, Vec::new());
    for page in client.user_coupon_pages(list) {
        let page = page?;
        pages += 1;
        for c in &page.parse()?.user_coupon_list {
            coupons.push(format!("{} {}", c.coupon_code, c.coupon_state));
        }
    }
    println!(
        "list         {} coupons on {pages} pages: {}",
        coupons.len(),
        coupons.join(", ")
    );
    Ok(())
}

/// Starts the notification receiver; returns its URL and the verified notifications.
fn start_receiver(
    client: Arc<Client>,
) -> Result<(String, mpsc::Receiver<Notification>), std::io::Error> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/wxpay/notify", listener.local_addr()?);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let Ok((headers, body)) = read_request(&stream) else {
                continue;
            };
            let pairs = headers.iter().map(|(k, v)| (k.as_str(), v.as_slice()));
            let result = client.parse_notification(pairs, &body);
            // Deduplicate by `id` and record durably before answering 2xx: WeChat Pay may
            // deliver the same notification more than once. Here: hand it to main.
            let reply = NotificationReply::for_result(&result);
            if let Err(e) = &result {
                eprintln!("receiver     refused a notification: {}", e.report());
            }
            let _ = write_reply(&stream, &reply);
            if let Ok(n) = result {
                let _ = tx.send(n);
            }
        }
    });
    Ok((url, rx))
}

/// Reads one HTTP/1.1 request with a `Content-Length` body (all the sandbox sends).
fn read_request(stream: &TcpStream) -> Result<RawRequest, std::io::Error> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?; // the request line
    let (mut headers, mut length) = (Vec::new(), 0usize);
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().unwrap_or(0);
            }
            headers.push((name.to_owned(), value.as_bytes().to_vec()));
        }
    }
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    Ok((headers, body))
}

fn write_reply(mut stream: &TcpStream, reply: &NotificationReply) -> Result<(), std::io::Error> {
    let content_type = reply
        .content_type()
        .map(|t| format!("content-type: {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "HTTP/1.1 {} X\r\n{content_type}content-length: {}\r\nconnection: close\r\n\r\n{}",
        reply.status,
        reply.body.len(),
        reply.body
    )
}

fn now_beijing() -> OffsetDateTime {
    let beijing = UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC);
    OffsetDateTime::now_utc().to_offset(beijing)
}

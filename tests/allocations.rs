//! Heap allocations of the hot paths, counted exactly with a counting global allocator.
//!
//! Counters are thread-local and only count while a test has switched them on for its own
//! thread, so the parallel test runner (and the harness's own threads) cannot disturb them.
//! `alloc`/`alloc_zeroed` (new blocks) and `realloc` (a block that grows) are counted apart.

mod common;

use common::data_path;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::thread::LocalKey;

use wechatpay_product_coupon::endpoint::ResponseModel;
use wechatpay_product_coupon::model::{Rfc3339, Text, UserCoupon, UserProductCouponEntity};
use wechatpay_product_coupon::signing::{canonical_request, RequestSigner};
use wechatpay_product_coupon::MerchantPrivateKey;

struct CountingAllocator;

thread_local! {
    // `const` and `Cell` of plain integers: no lazy initialisation and no destructor, so
    // touching them from inside the allocator never allocates or recurses.
    static ENABLED: Cell<bool> = const { Cell::new(false) };
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
    static REALLOCS: Cell<usize> = const { Cell::new(0) };
}

fn bump(counter: &'static LocalKey<Cell<usize>>) {
    let enabled = ENABLED.try_with(Cell::get).unwrap_or(false);
    if enabled {
        let _ = counter.try_with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counting touches
// only const-initialised thread-locals without destructors.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCS);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCS);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump(&REALLOCS);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// Heap activity of one closure on the current thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    /// New blocks (`alloc` + `alloc_zeroed`).
    allocs: usize,
    /// Growths of existing blocks (`realloc`).
    reallocs: usize,
}

/// Runs `f` with counting on for this thread. The result is returned (and dropped by the
/// caller) outside the counted region; frees are never counted anyway.
fn count<R>(f: impl FnOnce() -> R) -> (R, Counts) {
    ALLOCS.with(|n| n.set(0));
    REALLOCS.with(|n| n.set(0));
    ENABLED.with(|e| e.set(true));
    let result = f();
    ENABLED.with(|e| e.set(false));
    let counts = Counts {
        allocs: ALLOCS.with(Cell::get),
        reallocs: REALLOCS.with(Cell::get),
    };
    (result, counts)
}

fn use_response() -> Vec<u8> {
    std::fs::read(data_path("use_response_example_S1.json")).expect("use response example")
}

/// Non-empty JSON arrays in `value` (each becomes exactly one `Vec` allocation).
fn non_empty_arrays(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Array(items) => {
            usize::from(!items.is_empty()) + items.iter().map(non_empty_arrays).sum::<usize>()
        }
        serde_json::Value::Object(map) => map.values().map(non_empty_arrays).sum(),
        _ => 0,
    }
}

/// Whether `s` points into `body` (i.e. was not copied out of it).
fn inside(body: &[u8], s: &str) -> bool {
    let range = body.as_ptr_range();
    let start = s.as_ptr();
    range.contains(&start) && s.len() <= range.end as usize - start as usize
}

/// Whether `text` borrows, from `body` (not from somewhere else, and not copied).
fn is_borrowed_from(body: &[u8], text: &Text<'_>) -> bool {
    text.is_borrowed() && inside(body, text)
}

/// Every string of the decoded use response, by name (a `Text` field, a time, or a list item).
fn strings<'e>(e: &'e UserProductCouponEntity<'_>) -> Vec<(&'static str, StrRef<'e>)> {
    let detail = e.single_usage_detail.as_ref().expect("single_usage_detail");
    let order = detail
        .associated_order_info
        .as_ref()
        .expect("associated_order_info");
    let product = &e.product_coupon;
    let display = &product.display_info;
    let stock = &e.stock;
    let period = stock
        .single_usage_rule
        .as_ref()
        .and_then(|r| r.coupon_available_period.as_ref())
        .expect("coupon_available_period");
    let usage = &stock.usage_rule_display_info;
    let store = usage
        .coupon_available_store_info
        .as_ref()
        .expect("store info");
    let shown = &stock.coupon_display_info;
    let mini = shown.entrance_mini_program.as_ref().expect("mini program");
    let official = shown
        .entrance_official_account
        .as_ref()
        .expect("official account");
    let finder = shown.entrance_finder.as_ref().expect("finder");
    let opt = |c: &'e Option<Text<'_>>| StrRef::Text(c.as_ref().expect("present"));
    let time = |t: &'e Rfc3339<'_>| StrRef::Time(t);
    vec![
        ("coupon_code", StrRef::Text(&e.coupon_code)),
        ("valid_begin_time", time(&e.valid_begin_time)),
        ("valid_end_time", time(&e.valid_end_time)),
        ("receive_time", time(&e.receive_time)),
        ("send_request_no", StrRef::Text(&e.send_request_no)),
        ("confirm_request_no", opt(&e.confirm_request_no)),
        (
            "confirm_time",
            time(e.confirm_time.as_ref().expect("confirm_time")),
        ),
        ("use_request_no", opt(&detail.use_request_no)),
        (
            "use_time",
            time(detail.use_time.as_ref().expect("use_time")),
        ),
        ("transaction_id", opt(&order.transaction_id)),
        (
            "product.product_coupon_id",
            StrRef::Text(&product.product_coupon_id),
        ),
        ("display_info.name", StrRef::Text(&display.name)),
        ("display_info.image_url", StrRef::Text(&display.image_url)),
        (
            "display_info.background_url",
            StrRef::Text(&display.background_url),
        ),
        (
            "detail_image_url_list[0]",
            StrRef::Text(&display.detail_image_url_list[0]),
        ),
        ("out_product_no", opt(&product.out_product_no)),
        ("product.brand_id", StrRef::Text(&product.brand_id)),
        (
            "stock.product_coupon_id",
            StrRef::Text(&stock.product_coupon_id),
        ),
        ("stock_id", StrRef::Text(&stock.stock_id)),
        ("remark", opt(&stock.remark)),
        (
            "available_begin_time",
            time(period.available_begin_time.as_ref().expect("begin")),
        ),
        (
            "available_end_time",
            time(period.available_end_time.as_ref().expect("end")),
        ),
        ("usage.mini_program_appid", opt(&usage.mini_program_appid)),
        ("usage.mini_program_path", opt(&usage.mini_program_path)),
        ("usage_description", opt(&usage.usage_description)),
        ("store.description", opt(&store.description)),
        ("store.mini_program_appid", opt(&store.mini_program_appid)),
        ("store.mini_program_path", opt(&store.mini_program_path)),
        ("background_color", opt(&shown.background_color)),
        ("entrance.appid", opt(&mini.appid)),
        ("entrance.path", opt(&mini.path)),
        ("entrance_wording", opt(&mini.entrance_wording)),
        ("guidance_wording", opt(&mini.guidance_wording)),
        ("official_account.appid", opt(&official.appid)),
        ("finder_id", opt(&finder.finder_id)),
        ("finder_video_id", opt(&finder.finder_video_id)),
        (
            "finder_video_cover_image_url",
            opt(&finder.finder_video_cover_image_url),
        ),
        ("notify_appid", opt(&stock.notify_config.notify_appid)),
        ("stock.brand_id", StrRef::Text(&stock.brand_id)),
        ("attach", opt(&e.attach)),
        ("brand_id", StrRef::Text(&e.brand_id)),
    ]
}

/// A decoded string: a `Text` field, or a time.
enum StrRef<'e> {
    Text(&'e Text<'e>),
    Time(&'e Rfc3339<'e>),
}

impl StrRef<'_> {
    fn borrowed_from(&self, body: &[u8]) -> bool {
        match self {
            StrRef::Text(t) => is_borrowed_from(body, t),
            StrRef::Time(t) => t.is_borrowed() && inside(body, t.as_str()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            StrRef::Text(t) => t,
            StrRef::Time(t) => t.as_str(),
        }
    }
}

/// Enum values of the response, all known variants (which hold no string at all).
fn assert_known_enums(e: &UserProductCouponEntity<'_>) {
    use wechatpay_product_coupon::model::*;
    assert_eq!(e.coupon_state, UserProductCouponState::Used);
    assert_eq!(e.send_channel, UserProductCouponSendChannel::Api);
    assert_eq!(e.product_coupon.scope, ProductCouponScope::All);
    assert_eq!(e.product_coupon.coupon_type, ProductCouponType::Discount);
    assert_eq!(e.product_coupon.usage_mode, UsageMode::Single);
    assert_eq!(e.product_coupon.state, ProductCouponState::Effective);
    assert_eq!(e.stock.coupon_code_mode, CouponCodeMode::Upload);
    assert_eq!(e.stock.store_scope, StockStoreScope::None);
    assert_eq!(e.stock.state, StockState::Sending);
    let days = &e
        .stock
        .single_usage_rule
        .as_ref()
        .and_then(|r| r.coupon_available_period.as_ref())
        .and_then(|p| p.weekly_available_period.as_ref())
        .expect("weekly period")
        .day_list;
    assert_eq!(
        days.as_slice(),
        [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday
        ]
    );
    assert_eq!(
        e.stock.usage_rule_display_info.coupon_usage_method_list,
        [
            CouponUsageMethod::Offline,
            CouponUsageMethod::MiniProgram,
            CouponUsageMethod::PaymentCode
        ]
    );
}

#[test]
fn borrowed_use_response_allocates_only_one_vec_per_non_empty_array() {
    let body = use_response();
    let value: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    // detail_image_url_list (1 item), day_list (5), coupon_usage_method_list (3).
    let arrays = non_empty_arrays(&value);
    assert_eq!(arrays, 3);

    let (entity, counts) =
        count(|| serde_json::from_slice::<UserProductCouponEntity<'_>>(&body).expect("decodes"));

    assert_eq!(
        counts.allocs, arrays,
        "one allocation per list, nothing else"
    );
    // serde_json gives no length hint, so each list starts at Vec's minimum capacity of 4
    // elements: day_list (5 days) is the one that grows, once.
    assert_eq!(counts.reallocs, 1);
    assert_known_enums(&entity);
    for (name, s) in strings(&entity) {
        assert!(
            s.borrowed_from(&body),
            "{name} = {:?} was copied",
            s.as_str()
        );
    }

    // The documented entry point (what the client calls) costs the same.
    let (via_parse, parse_counts) = count(|| UserCoupon::parse(&body).expect("decodes"));
    assert_eq!(parse_counts, counts);
    assert_eq!(via_parse, entity);
}

/// The escapes put into the use response: (original JSON string, escaped JSON string).
const ESCAPES: [(&str, &str); 4] = [
    // display_info.name, every character escaped.
    (
        "\"全场满100立打8折-新名字\"",
        "\"\\u5168\\u573a\\u6ee1\\u0031\\u0030\\u0030\\u7acb\\u6253\\u0038\\u6298\\u002d\\u65b0\\u540d\\u5b57\"",
    ),
    // stock.remark, one escaped character.
    ("\"8月工作日有效批次\"", "\"8\\u6708工作日有效批次\""),
    // attach, an escaped space.
    ("\"any attach content\"", "\"any\\u0020attach content\""),
    // The detail_image_url_list item (the only URL followed by a newline and `]`), with
    // slashes escaped as some JSON encoders do.
    (
        "\"https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx\"\n      ]",
        "\"https:\\/\\/wxpaylogo.qpic.cn\\/wxpaylogo\\/xxxxx\\/xxx\"\n      ]",
    ),
];

#[test]
fn escaped_strings_each_add_one_allocation_plus_the_shared_unescape_buffer() {
    let mut text = String::from_utf8(use_response()).expect("UTF-8");
    for (plain, escaped) in ESCAPES {
        assert_eq!(text.matches(plain).count(), 1, "{plain} occurs once");
        text = text.replacen(plain, escaped, 1);
    }
    let body = text.into_bytes();
    let value: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    let arrays = non_empty_arrays(&value);
    assert_eq!(arrays, 3);

    let (entity, counts) =
        count(|| serde_json::from_slice::<UserProductCouponEntity<'_>>(&body).expect("decodes"));

    // Per escaped string one owned `String`; plus serde_json's unescape scratch buffer, which
    // is allocated at the first escape and reused (cleared, never freed) for the rest.
    let scratch = 1;
    assert_eq!(counts.allocs, arrays + ESCAPES.len() + scratch);
    // day_list grows once (as above); the scratch buffer starts at 8 bytes with the name's
    // first character, grows to 16 and 32 bytes while the 32-byte name is unescaped, and to
    // 64 for the 45-byte URL (remark and attach fit).
    assert_eq!(counts.reallocs, 1 + 3);

    let display = &entity.product_coupon.display_info;
    let owned = [
        (
            "display_info.name",
            &display.name,
            "全场满100立打8折-新名字",
        ),
        (
            "remark",
            entity.stock.remark.as_ref().expect("remark"),
            "8月工作日有效批次",
        ),
        (
            "attach",
            entity.attach.as_ref().expect("attach"),
            "any attach content",
        ),
        (
            "detail_image_url_list[0]",
            &display.detail_image_url_list[0],
            "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx",
        ),
    ];
    for (name, text, expected) in owned {
        assert!(!text.is_borrowed(), "{name} is unescaped, so owned");
        assert_eq!(text, expected, "{name}");
    }
    assert_known_enums(&entity);
    let escaped_names: Vec<&str> = owned.iter().map(|(name, _, _)| *name).collect();
    for (name, s) in strings(&entity) {
        if !escaped_names.contains(&name) {
            assert!(
                s.borrowed_from(&body),
                "{name} = {:?} was copied",
                s.as_str()
            );
        }
    }
}

/// The `use` signing vector of `tests/data/derived_vectors.json`.
struct UseVector {
    target: String,
    body: String,
    timestamp: i64,
    nonce: String,
    signature: String,
}

fn use_vector() -> UseVector {
    let text = std::fs::read_to_string(data_path("derived_vectors.json")).expect("derived vectors");
    let all: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let v = &all["request_signing_post_use"];
    let s = |k: &str| v[k].as_str().expect(k).to_owned();
    UseVector {
        target: s("canonical_url"),
        body: s("body"),
        timestamp: s("timestamp").parse().expect("timestamp"),
        nonce: s("nonce"),
        signature: s("signature"),
    }
}

/// Allocations of one RSA-2048 PKCS#1 v1.5 signature inside ring 0.17 (its big-number
/// arithmetic keeps limbs in boxed slices), measured on the same key, same message.
const RING_SIGN_ALLOCS: usize = 9;

#[test]
fn authorization_allocates_a_fixed_small_number_of_times_on_every_call() {
    let v = use_vector();
    let key_path = data_path("go_test_private_key_pkcs8.pem");
    let signer = RequestSigner::new(
        "1900000001",
        "0C4AEF34B89340881BB2B25226393DC2E47F094B",
        MerchantPrivateKey::from_pem_file(&key_path).expect("Go test key"),
    )
    .expect("signer");
    let authorize = || {
        signer
            .authorization("POST", &v.target, v.body.as_bytes(), v.timestamp, &v.nonce)
            .expect("authorization")
    };

    let (first_header, first) = count(authorize);
    for _ in 2..100 {
        authorize();
    }
    let (hundredth_header, hundredth) = count(authorize);

    assert!(first_header.contains(&format!("signature=\"{}\"", v.signature)));
    assert_eq!(first_header, hundredth_header);
    // The canonical message (exact capacity) and the header (exact capacity), plus ring's.
    let ours = 2;
    assert_eq!(
        first,
        Counts {
            allocs: ours + RING_SIGN_ALLOCS,
            reallocs: 0
        }
    );
    assert_eq!(hundredth, first, "no per-call key parsing or caching");
}

#[test]
fn bare_ring_signature_allocates_ring_sign_allocs_times() {
    let v = use_vector();
    let pem = std::fs::read_to_string(data_path("go_test_private_key_pkcs8.pem")).expect("key");
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der =
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).expect("Base64");
    let key = ring::rsa::KeyPair::from_pkcs8(&der).expect("ring parses the key");
    let rng = ring::rand::SystemRandom::new();
    let message = canonical_request("POST", &v.target, v.timestamp, &v.nonce, v.body.as_bytes());
    let mut sig = vec![0u8; key.public().modulus_len()];

    let ((), counts) = count(|| {
        key.sign(&ring::signature::RSA_PKCS1_SHA256, &rng, &message, &mut sig)
            .expect("ring signs")
    });

    assert_eq!(
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &sig),
        v.signature
    );
    assert_eq!(
        counts,
        Counts {
            allocs: RING_SIGN_ALLOCS,
            reallocs: 0
        }
    );
}

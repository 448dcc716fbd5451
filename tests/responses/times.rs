//! RFC 3339 times: converted on demand.

use super::*;

#[test]
fn valid_begin_time_converts_to_offset_date_time() {
    let buf = read_bytes(USE_RESPONSE);
    let c = UserCoupon::parse(&buf).unwrap();
    let t = c.valid_begin_time.to_offset_date_time().unwrap();
    // 2025-08-02T00:00:00+08:00 == 2025-08-01T16:00:00Z
    assert_eq!(t.unix_timestamp(), 1_754_064_000);
    assert_eq!(t.offset().whole_seconds(), 8 * 3600);
    assert_eq!(t, datetime!(2025-08-02 00:00:00 +08:00));
    assert_eq!(
        (t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute()),
        (2025, 8, 2, 0, 0)
    );
    assert_eq!(
        unix("2025-08-03T12:00:00+08:00") - unix("2025-08-02T00:00:00+08:00"),
        36 * 3600
    );
}

#[test]
fn invalid_time_text_fails_only_on_conversion() {
    let buf = edited_use_response(|d| {
        set(d, "/valid_begin_time", json!("not a time"));
        set(d, "/confirm_time", json!("2025-13-45T99:00:00+08:00"));
    });
    // The whole parse succeeds: times are kept as text.
    let c = UserCoupon::parse(&buf).unwrap();
    assert_eq!(c.valid_begin_time.as_str(), "not a time");
    assert_eq!(c.coupon_code, "Code_123456");

    for time in [&c.valid_begin_time, c.confirm_time.as_ref().unwrap()] {
        match time.to_offset_date_time() {
            Err(Error::Decode(e)) => {
                assert!(e.message.contains(time.as_str()), "{}", e.message)
            }
            other => panic!("expected Error::Decode for {time}, got {other:?}"),
        }
    }
    // Other times of the same body still convert.
    assert!(c.valid_end_time.to_offset_date_time().is_ok());
}

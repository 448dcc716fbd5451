//! The timestamp window, checked before the signature.

use super::*;

#[test]
fn timestamp_299_seconds_either_way_is_accepted() {
    let r = derived_response();
    let t = r.ts();
    assert_eq!(DEFAULT_WINDOW_SECS, 300);
    assert_eq!(r.verify(&public_key_mode(), t + 299), Ok(()));
    assert_eq!(r.verify(&public_key_mode(), t - 299), Ok(()));
}

#[test]
fn timestamp_300_seconds_either_way_is_rejected_with_server_and_local_values() {
    let r = derived_response();
    let t = r.ts();
    for (now, direction) in [(t + 300, "ahead of"), (t - 300, "behind")] {
        let err = r
            .verify(&public_key_mode(), now)
            .expect_err("outside the window");
        assert_eq!(
            err,
            VerifyFailure::TimestampOutOfWindow {
                server: t,
                local: now,
                window: 300,
            }
        );
        let text = err.to_string();
        assert!(text.contains(&format!("is 300 s {direction}")), "{text}");
        assert!(text.contains(&t.to_string()), "{text}");
        assert!(text.contains(&now.to_string()), "{text}");
    }
}

#[test]
fn timestamp_out_of_window_display_states_the_skew_in_seconds() {
    let r = derived_response();
    let t = r.ts();
    let err = r
        .verify(&public_key_mode(), t + 3725)
        .expect_err("an hour off");
    assert!(matches!(
        err,
        VerifyFailure::TimestampOutOfWindow {
            server,
            local,
            window: 300
        } if server == t && local == t + 3725
    ));
    let text = err.to_string();
    assert!(text.contains("3725 s ahead of"), "{text}");
    let err = r
        .verify(&public_key_mode(), t - 86_400)
        .expect_err("a day off");
    assert!(err.to_string().contains("86400 s behind"), "{err}");
}

#[test]
fn window_is_checked_before_the_signature() {
    // A good signature outside the window is still rejected for the timestamp, and a forged
    // one outside the window is rejected for the timestamp rather than the signature.
    let r = Response {
        signature: "AAAA".into(),
        ..derived_response()
    };
    assert!(matches!(
        r.verify(&public_key_mode(), r.ts() + 10_000),
        Err(VerifyFailure::TimestampOutOfWindow { .. })
    ));
}

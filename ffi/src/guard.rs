//! [`boundary_or`]: the panic guard of the entry points that cannot report errors. A leaf
//! module (re-exported as `boundary::boundary_or`), so that `result` and `last_error` can use it
//! without importing `boundary`, which imports them.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs the body of an entry point that cannot report errors (accessors, `*_free`): a panic
/// gives `fallback`.
pub fn boundary_or<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

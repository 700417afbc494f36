//! When grants and connections were last used: stamped after a tool call's answer, at most
//! once a minute for each from one isolate. The settings pages show these times to the minute,
//! and a busy app would otherwise add two row writes to every call.

use std::cell::RefCell;
use std::collections::HashMap;

/// How often one row's last-used time is stamped from one isolate, in seconds.
pub const STAMP_INTERVAL_SECONDS: i64 = 60;

/// Rows remembered at most; past it the memory starts afresh (a stamp too many is harmless).
const REMEMBERED: usize = 4096;

thread_local! {
    /// When this isolate last stamped each row, by `<table>:<id>`.
    static STAMPED: RefCell<HashMap<String, i64>> = RefCell::new(HashMap::new());
}

/// Whether the row `key` should be stamped at `now` (seconds), remembering that it is.
pub fn due(key: &str, now: i64) -> bool {
    STAMPED.with(|stamped| {
        let mut stamped = stamped.borrow_mut();
        if stamped
            .get(key)
            .is_some_and(|last| now - last < STAMP_INTERVAL_SECONDS)
        {
            return false;
        }
        if stamped.len() >= REMEMBERED {
            stamped.clear();
        }
        stamped.insert(key.to_owned(), now);
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_stamped_once_a_minute() {
        assert!(due("grant:a", 1_000));
        assert!(!due("grant:a", 1_030));
        assert!(due("grant:b", 1_030), "another row has its own time");
        assert!(!due("grant:a", 1_059));
        assert!(due("grant:a", 1_060));
    }
}

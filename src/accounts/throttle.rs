//! Sign-in throttling: failed attempts are counted per account and per client IP in a fixed
//! window; past the limit, sign-in for that key is refused until the window ends.

/// Length of a counting window, in seconds.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// Failures allowed per account in a window.
pub const ACCOUNT_LIMIT: i64 = 5;
/// Failures allowed per client IP in a window (several people may share an office IP).
pub const IP_LIMIT: i64 = 20;

/// A throttling key's stored count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub failures: i64,
    pub window_start: i64,
}

/// Whether another attempt may proceed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Refused; the window ends in this many seconds.
    Locked {
        retry_after: i64,
    },
}

/// Decides for a key with `limit` failures allowed.
pub fn check(counter: Option<Counter>, limit: i64, now: i64) -> Verdict {
    match counter {
        Some(c) if now - c.window_start < WINDOW_SECONDS && c.failures >= limit => {
            Verdict::Locked {
                retry_after: c.window_start + WINDOW_SECONDS - now,
            }
        }
        _ => Verdict::Allowed,
    }
}

/// A person-readable wait: "1 minute", "14 minutes".
pub fn describe_wait(seconds: i64) -> String {
    let minutes = (seconds.max(1) + 59) / 60;
    if minutes == 1 {
        "1 minute".to_owned()
    } else {
        format!("{minutes} minutes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_at_the_limit_until_the_window_ends() {
        let counter = Counter {
            failures: ACCOUNT_LIMIT,
            window_start: 1_000,
        };
        assert_eq!(
            check(Some(counter), ACCOUNT_LIMIT, 1_000 + 60),
            Verdict::Locked {
                retry_after: WINDOW_SECONDS - 60
            }
        );
        assert_eq!(
            check(Some(counter), ACCOUNT_LIMIT, 1_000 + WINDOW_SECONDS),
            Verdict::Allowed
        );
        let under = Counter {
            failures: ACCOUNT_LIMIT - 1,
            window_start: 1_000,
        };
        assert_eq!(check(Some(under), ACCOUNT_LIMIT, 1_001), Verdict::Allowed);
        assert_eq!(check(None, ACCOUNT_LIMIT, 1_001), Verdict::Allowed);
    }

    #[test]
    fn waits_round_up_to_minutes() {
        assert_eq!(describe_wait(1), "1 minute");
        assert_eq!(describe_wait(61), "2 minutes");
        assert_eq!(describe_wait(900), "15 minutes");
    }
}

//! When the engine tries a failed vendor call again: exponential backoff with jitter, the
//! vendor's `Retry-After` honoured, and only for failures that a second attempt can fix. Pure.

use super::upstream::UpstreamError;
use std::time::Duration;

/// Attempts per call, the first included.
pub const MAX_ATTEMPTS: u32 = 3;
/// The first backoff, doubled on each further attempt.
const BASE_MS: u64 = 250;
/// A `Retry-After` longer than this is not waited out inside a tool call: the model is told
/// when to try again instead.
pub const LONGEST_WAIT_SECONDS: u64 = 10;

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait, then try again.
    Retry(Duration),
    /// Report the failure.
    GiveUp,
}

/// Decides after attempt number `attempt` (1-based) failed with `error`. `retryable` says
/// whether the call may be repeated at all (reads); a 429 is retried for any call, since the
/// vendor did not act on it. `unit` is a random number in `[0, 1)` for the jitter.
pub fn decide(attempt: u32, error: &UpstreamError, retryable: bool, unit: f64) -> Decision {
    if attempt >= MAX_ATTEMPTS {
        return Decision::GiveUp;
    }
    let backoff = jittered(attempt, unit);
    match error {
        UpstreamError::RateLimited {
            retry_after_seconds: Some(seconds),
        } if *seconds > LONGEST_WAIT_SECONDS => Decision::GiveUp,
        UpstreamError::RateLimited {
            retry_after_seconds,
        } => {
            let asked = Duration::from_secs(retry_after_seconds.unwrap_or(0));
            Decision::Retry(asked.max(backoff))
        }
        // A timeout already spent the whole budget; repeating it would triple the wait.
        UpstreamError::Unavailable { .. } | UpstreamError::Unreachable if retryable => {
            Decision::Retry(backoff)
        }
        _ => Decision::GiveUp,
    }
}

/// "Equal jitter": half the exponential step fixed, half random, so retries from many
/// clients spread out without ever retrying at once.
fn jittered(attempt: u32, unit: f64) -> Duration {
    let step = BASE_MS << (attempt - 1).min(8);
    let unit = unit.clamp(0.0, 1.0);
    Duration::from_millis(step / 2 + (step as f64 / 2.0 * unit) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unavailable() -> UpstreamError {
        UpstreamError::Unavailable {
            status: 503,
            reason: None,
        }
    }

    #[test]
    fn server_errors_back_off_exponentially_with_jitter() {
        let Decision::Retry(first_low) = decide(1, &unavailable(), true, 0.0) else {
            panic!()
        };
        let Decision::Retry(first_high) = decide(1, &unavailable(), true, 0.999) else {
            panic!()
        };
        let Decision::Retry(second_low) = decide(2, &unavailable(), true, 0.0) else {
            panic!()
        };
        assert_eq!(first_low, Duration::from_millis(125));
        assert!(first_high > first_low && first_high <= Duration::from_millis(250));
        assert_eq!(second_low, Duration::from_millis(250));
        assert_eq!(
            decide(MAX_ATTEMPTS, &unavailable(), true, 0.5),
            Decision::GiveUp
        );
    }

    #[test]
    fn writes_are_not_repeated_after_server_errors_but_are_after_429() {
        assert_eq!(decide(1, &unavailable(), false, 0.5), Decision::GiveUp);
        assert_eq!(
            decide(1, &UpstreamError::Unreachable, false, 0.5),
            Decision::GiveUp
        );
        let limited = UpstreamError::RateLimited {
            retry_after_seconds: Some(2),
        };
        assert_eq!(
            decide(1, &limited, false, 0.5),
            Decision::Retry(Duration::from_secs(2))
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_limit() {
        let short = UpstreamError::RateLimited {
            retry_after_seconds: Some(LONGEST_WAIT_SECONDS),
        };
        assert_eq!(
            decide(1, &short, true, 0.0),
            Decision::Retry(Duration::from_secs(LONGEST_WAIT_SECONDS))
        );
        let long = UpstreamError::RateLimited {
            retry_after_seconds: Some(LONGEST_WAIT_SECONDS + 1),
        };
        assert_eq!(decide(1, &long, true, 0.0), Decision::GiveUp);
        let unknown = UpstreamError::RateLimited {
            retry_after_seconds: None,
        };
        assert_eq!(
            decide(1, &unknown, true, 0.0),
            Decision::Retry(Duration::from_millis(125))
        );
    }

    #[test]
    fn permanent_failures_and_timeouts_are_reported_at_once() {
        for error in [
            UpstreamError::Unauthorized { reason: None },
            UpstreamError::Forbidden { reason: None },
            UpstreamError::NotFound { reason: None },
            UpstreamError::Refused {
                status: 400,
                reason: None,
            },
            UpstreamError::Timeout { seconds: 15 },
            UpstreamError::InvalidResponse { detail: "x".into() },
        ] {
            assert_eq!(decide(1, &error, true, 0.5), Decision::GiveUp, "{error:?}");
        }
    }
}

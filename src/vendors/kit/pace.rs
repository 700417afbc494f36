//! Pacing a vendor's request budget: a sliding window of the calls sent for one connection
//! (Syncro allows 180 requests a minute), and a hold after the vendor refused a call with
//! 429. The engine (`../engine.rs`) keeps one [`Window`] per connection in the isolate and
//! asks it before each call: go, or wait this long. A wait longer than the engine waits
//! inside a tool call becomes a "try again in N seconds" tool error. Pure.
//!
//! This paces one isolate's calls for one connection; a budget shared across isolates (or
//! across every connection behind one egress address, as Syncro counts it) is the fleet-wide
//! governor's job.

use std::collections::VecDeque;
use std::time::Duration;

/// A vendor's documented request budget: at most `requests` calls in any `per_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub requests: usize,
    pub per_seconds: u64,
}

/// What the window says about one more call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Send it now (it has been counted).
    Go,
    /// Wait this long, then ask again.
    Wait(Duration),
}

/// The calls sent for one connection in the last `per_seconds`, as times in milliseconds
/// since the epoch, and the time until which the vendor asked for quiet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Window {
    sent: VecDeque<f64>,
    held_until: f64,
}

impl Window {
    /// Counts a call at `now` (ms) if the budget allows it, or says how long until it does.
    pub fn admit(&mut self, pace: Pace, now: f64) -> Admission {
        let span = pace.per_seconds as f64 * 1000.0;
        while self.sent.front().is_some_and(|sent| *sent <= now - span) {
            self.sent.pop_front();
        }
        if self.held_until > now {
            return Admission::Wait(millis(self.held_until - now));
        }
        if self.sent.len() < pace.requests.max(1) {
            self.sent.push_back(now);
            return Admission::Go;
        }
        let oldest = self.sent.front().copied().unwrap_or(now);
        Admission::Wait(millis(oldest + span - now))
    }

    /// Keeps every call back until `until` (ms), after the vendor answered 429.
    pub fn hold(&mut self, until: f64) {
        self.held_until = self.held_until.max(until);
    }

    /// Whether the window remembers nothing that could delay a call at `now` (ms), so it
    /// can be forgotten.
    pub fn idle(&self, pace: Pace, now: f64) -> bool {
        let span = pace.per_seconds as f64 * 1000.0;
        self.held_until <= now && self.sent.back().is_none_or(|last| *last <= now - span)
    }
}

/// A wait of `ms` milliseconds, rounded up, never negative.
fn millis(ms: f64) -> Duration {
    Duration::from_millis(ms.max(0.0).ceil() as u64)
}

/// Whole seconds of a wait, rounded up, for "try again in N seconds".
pub fn seconds(wait: Duration) -> u64 {
    wait.as_millis().div_ceil(1000).max(1) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    const SYNCRO: Pace = Pace {
        requests: 180,
        per_seconds: 60,
    };

    #[test]
    fn the_budget_is_a_sliding_window() {
        let mut window = Window::default();
        let start = 1_000_000.0;
        for i in 0..180 {
            assert_eq!(window.admit(SYNCRO, start + i as f64 * 10.0), Admission::Go);
        }
        // The 181st call, 2 s after the first, waits until the first leaves the window.
        assert_eq!(
            window.admit(SYNCRO, start + 2_000.0),
            Admission::Wait(Duration::from_millis(58_000))
        );
        assert_eq!(window.admit(SYNCRO, start + 60_000.0), Admission::Go);
        // The second call is still counted at 60 005 ms; it leaves at 60 010 ms.
        assert_eq!(
            window.admit(SYNCRO, start + 60_005.0),
            Admission::Wait(Duration::from_millis(5))
        );
    }

    #[test]
    fn a_hold_keeps_every_call_back_until_it_ends() {
        let mut window = Window::default();
        window.hold(10_000.0);
        assert_eq!(
            window.admit(SYNCRO, 4_000.0),
            Admission::Wait(Duration::from_secs(6))
        );
        // A shorter hold never shortens a longer one.
        window.hold(5_000.0);
        assert_eq!(
            window.admit(SYNCRO, 9_999.5),
            Admission::Wait(Duration::from_millis(1))
        );
        assert_eq!(window.admit(SYNCRO, 10_000.0), Admission::Go);
        assert!(!window.idle(SYNCRO, 10_000.0));
        assert!(window.idle(SYNCRO, 70_000.0));
    }

    #[test]
    fn waits_read_as_whole_seconds() {
        assert_eq!(seconds(Duration::from_millis(58_000)), 58);
        assert_eq!(seconds(Duration::from_millis(58_001)), 59);
        assert_eq!(seconds(Duration::from_millis(3)), 1);
    }
}

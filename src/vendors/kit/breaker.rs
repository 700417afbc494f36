//! A circuit breaker per vendor account: after a run of consecutive failures (5xx answers,
//! timeouts, unreachable hosts) the gateway stops calling that account for a cool-down, so a
//! dead vendor does not pin every request for the whole timeout; then one probe call goes
//! through, and its outcome closes the breaker or opens it again. Pure: the clock is passed
//! in. Each isolate keeps its own breakers (see [`Breakers`]); a vendor that is down trips
//! them all within a few calls each.

use std::collections::HashMap;

/// When to trip and for how long (from the operator's `BREAKER_*` settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Consecutive failures that open the breaker.
    pub failures: u32,
    /// How long an open breaker refuses calls, in milliseconds.
    pub cooldown_ms: u64,
}

/// What a call may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Call the vendor.
    Go,
    /// Call the vendor as the one probe after a cool-down.
    Probe,
    /// Do not call; the breaker is open for about this many more seconds.
    Refuse { retry_in_seconds: u64 },
}

/// How a call to the vendor ended, as far as the breaker cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The vendor answered (any answer that is not a server failure).
    Answered,
    /// A 5xx, a timeout or no connection.
    Failed,
}

/// One vendor account's breaker.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Breaker {
    failures: u32,
    /// Closed when `None`; open until this time (ms).
    open_until: Option<f64>,
    /// When the probe in flight was let through (ms).
    probing_since: Option<f64>,
}

impl Breaker {
    /// Whether a call may go now.
    pub fn admit(&mut self, policy: Policy, now: f64) -> Admission {
        let Some(open_until) = self.open_until else {
            return Admission::Go;
        };
        if now < open_until {
            return refuse(open_until - now);
        }
        // One probe at a time; a probe that never reported (its request was dropped) is
        // replaced after another cool-down.
        match self.probing_since {
            Some(since) if now - since < policy.cooldown_ms as f64 => {
                refuse(since + policy.cooldown_ms as f64 - now)
            }
            _ => {
                self.probing_since = Some(now);
                Admission::Probe
            }
        }
    }

    /// Records how a call ended.
    pub fn record(&mut self, policy: Policy, outcome: Outcome, now: f64) {
        match outcome {
            Outcome::Answered => *self = Self::default(),
            Outcome::Failed => {
                self.failures = self.failures.saturating_add(1);
                self.probing_since = None;
                if self.open_until.is_some() || self.failures >= policy.failures {
                    self.open_until = Some(now + policy.cooldown_ms as f64);
                }
            }
        }
    }

    /// Whether calls are being refused at `now`.
    pub fn is_open(&self, now: f64) -> bool {
        self.open_until.is_some_and(|until| now < until)
    }
}

fn refuse(remaining_ms: f64) -> Admission {
    Admission::Refuse {
        retry_in_seconds: (remaining_ms / 1000.0).ceil().max(1.0) as u64,
    }
}

/// The breakers of one isolate, by vendor account key.
#[derive(Debug, Default)]
pub struct Breakers(HashMap<String, Breaker>);

/// Accounts remembered at most; past it the closed breakers are dropped.
const REMEMBERED: usize = 4096;

impl Breakers {
    /// [`Breaker::admit`] for `account`.
    pub fn admit(&mut self, account: &str, policy: Policy, now: f64) -> Admission {
        match self.0.get_mut(account) {
            Some(breaker) => breaker.admit(policy, now),
            None => Admission::Go,
        }
    }

    /// [`Breaker::record`] for `account`.
    pub fn record(&mut self, account: &str, policy: Policy, outcome: Outcome, now: f64) {
        if outcome == Outcome::Answered && !self.0.contains_key(account) {
            return;
        }
        if self.0.len() >= REMEMBERED {
            self.0.retain(|_, breaker| breaker.open_until.is_some());
        }
        self.0
            .entry(account.to_owned())
            .or_default()
            .record(policy, outcome, now);
    }

    /// The accounts whose breaker is open at `now`.
    pub fn open(&self, now: f64) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(_, breaker)| breaker.is_open(now))
            .map(|(account, _)| account.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: Policy = Policy {
        failures: 3,
        cooldown_ms: 10_000,
    };

    #[test]
    fn consecutive_failures_open_it_and_an_answer_in_between_resets_the_count() {
        let mut breakers = Breakers::default();
        for now in [0.0, 1.0] {
            breakers.record("a", POLICY, Outcome::Failed, now);
        }
        breakers.record("a", POLICY, Outcome::Answered, 2.0);
        breakers.record("a", POLICY, Outcome::Failed, 3.0);
        breakers.record("a", POLICY, Outcome::Failed, 4.0);
        assert_eq!(breakers.admit("a", POLICY, 5.0), Admission::Go);
        breakers.record("a", POLICY, Outcome::Failed, 5.0);
        assert_eq!(
            breakers.admit("a", POLICY, 6.0),
            Admission::Refuse {
                retry_in_seconds: 10
            }
        );
        assert_eq!(
            breakers.admit("b", POLICY, 6.0),
            Admission::Go,
            "per account"
        );
        assert_eq!(breakers.open(6.0).collect::<Vec<_>>(), vec!["a"]);
    }

    #[test]
    fn after_the_cool_down_one_probe_decides() {
        let mut breaker = Breaker::default();
        for now in [0.0, 1.0, 2.0] {
            breaker.record(POLICY, Outcome::Failed, now);
        }
        assert!(matches!(
            breaker.admit(POLICY, 5_000.0),
            Admission::Refuse { .. }
        ));
        assert_eq!(breaker.admit(POLICY, 10_002.0), Admission::Probe);
        assert!(
            matches!(breaker.admit(POLICY, 10_003.0), Admission::Refuse { .. }),
            "one probe at a time"
        );
        breaker.record(POLICY, Outcome::Failed, 10_004.0);
        assert!(
            matches!(breaker.admit(POLICY, 10_005.0), Admission::Refuse { .. }),
            "a failed probe opens it again at once"
        );
        assert_eq!(breaker.admit(POLICY, 20_005.0), Admission::Probe);
        breaker.record(POLICY, Outcome::Answered, 20_006.0);
        assert_eq!(breaker.admit(POLICY, 20_007.0), Admission::Go);
        assert!(!breaker.is_open(20_007.0));
    }

    #[test]
    fn a_probe_that_never_reports_is_replaced_after_a_cool_down() {
        let mut breaker = Breaker::default();
        for now in [0.0, 1.0, 2.0] {
            breaker.record(POLICY, Outcome::Failed, now);
        }
        assert_eq!(breaker.admit(POLICY, 10_002.0), Admission::Probe);
        assert_eq!(breaker.admit(POLICY, 20_003.0), Admission::Probe);
    }
}

//! The ledger of one vendor account, as its Durable Object (`object.rs`) keeps it: the slices
//! of budget granted to isolates in the rolling window, a block after the vendor said "wait",
//! the vendor's own count of the account's requests, and the counters the usage panel shows.
//! Pure; the accounting is written down in `docs/governor.md`.
//!
//! - A granted slice counts as spent in full from the moment it is granted, and is dated at
//!   its expiry: every call made under it happens before then, so it stays in the window at
//!   least as long as any of those calls stays in the vendor's.
//! - The unused part is credited back when the isolate returns the slice before it expires.
//!   An expired slice is never credited.
//! - The gateway spends at most `requests × (100 − headroom) / 100` in any window; the rest is
//!   left to the account's other integrations.
//! - Where the vendor reports its own count, the budget left is also at most
//!   `threshold × (100 − headroom) / 100 − count − (slices granted since it was read)`.

use crate::vendors::kit::budget::Observed;
use serde::{Deserialize, Serialize};

/// The most calls one slice holds.
pub const SLICE_CALLS: u32 = 20;
/// A slice holds at most this many seconds' worth of the budget.
pub const SLICE_SECONDS: u64 = 5;
/// The vendor's count is asked for again after this long (ms).
pub const REFRESH_MS: f64 = 3.0 * 60_000.0;
/// The vendor's count is used for this long after it was read (ms); after that, the next
/// grant asks for it again and the ledger's own count decides meanwhile.
pub const FRESH_MS: f64 = 5.0 * 60_000.0;
/// 429s are counted for the panel over this long (ms).
const DAY_MS: f64 = 24.0 * 3_600_000.0;
const HOUR_MS: f64 = 3_600_000.0;
/// At most this many expired slices are kept apart; older ones are merged (dated later).
const EXPIRED_KEPT: usize = 128;

/// The terms a lease request brings: the account's budget as configured, and the headroom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub requests: u32,
    pub per_seconds: u32,
    /// The share of the budget left to the account's other integrations, in percent (0–90).
    pub headroom_percent: u32,
    /// Whether the vendor reports its own count (the ledger then asks for it now and then).
    pub vendor_counts: bool,
}

impl Terms {
    /// What the gateway may spend in one window: the budget less the headroom, at least 1.
    pub fn spendable(&self) -> u32 {
        after_headroom(self.requests, self.headroom_percent)
    }

    /// The window, in milliseconds.
    pub fn span_ms(&self) -> f64 {
        f64::from(self.per_seconds.max(1)) * 1000.0
    }

    /// The calls one slice holds: [`SLICE_CALLS`] or [`SLICE_SECONDS`] of the spendable
    /// budget, whichever is smaller, at least 1.
    pub fn slice(&self) -> u32 {
        let per_window = u64::from(self.spendable());
        let seconds_worth =
            (per_window * SLICE_SECONDS).div_ceil(u64::from(self.per_seconds.max(1)));
        (seconds_worth.min(u64::from(SLICE_CALLS)) as u32).max(1)
    }

    /// How long a slice may be spent (ms): a sixth of the window, between 5 s and a minute,
    /// so dating a slice at its expiry stretches the window by at most a sixth.
    pub fn lease_ms(&self) -> f64 {
        (self.span_ms() / 6.0).clamp(5_000.0, 60_000.0)
    }
}

/// `requests` less `headroom_percent` of it, at least 1.
fn after_headroom(requests: u32, headroom_percent: u32) -> u32 {
    let kept = 100 - headroom_percent.min(100);
    ((u64::from(requests) * u64::from(kept) / 100) as u32).max(1)
}

/// A slice given back: the lease it came from and the calls not spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Returned {
    pub lease: u64,
    pub unused: u32,
}

/// A slice granted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Granted {
    pub lease: u64,
    pub calls: u32,
    /// When the slice stops being spendable (ms since the epoch).
    pub expires_at: f64,
    /// Read the vendor's count with one of these calls and report it.
    pub refresh: bool,
}

/// Why no slice was granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// The budget (the gateway's share, or what the vendor's count leaves) is spent.
    UsedUp,
    /// The vendor asked for quiet (a 429 with its wait).
    Blocked,
}

/// The answer to a lease request.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Granted(Granted),
    Refused { why: Why, retry_in_ms: f64 },
}

/// A slice in the window: its calls (less what was credited back) and its expiry.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Grant {
    lease: u64,
    calls: u32,
    /// The hour it was granted in (hours since the epoch), for the panel's counters.
    hour: i64,
    expires_at: f64,
}

/// The vendor's count as last read, and the slices granted since.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct VendorView {
    observed: Observed,
    at: f64,
    since: u32,
}

/// One vendor account's ledger. Serialised whole into the object's storage after each change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    next_lease: u64,
    grants: Vec<Grant>,
    blocked_until: f64,
    vendor: Option<VendorView>,
    refresh_asked_at: Option<f64>,
    /// Calls charged per hour (hours since the epoch), the last 25 hours.
    hours: Vec<(i64, u32)>,
    /// When the vendor answered 429, over the last day.
    limited: Vec<f64>,
}

/// What the usage panel shows for one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    /// What the gateway may spend per window, and the window in seconds.
    pub spendable: u32,
    pub per_seconds: u32,
    /// Spent (slices granted, less credits) in the current window.
    pub used: u32,
    /// What is left now (also bounded by the vendor's count, where it reports one).
    pub left: u32,
    /// Calls charged in the current clock hour and since midnight UTC.
    pub calls_this_hour: u32,
    pub calls_today: u32,
    /// 429s the vendor answered over the last 24 hours.
    pub rate_limited_today: u32,
    /// Until when the vendor asked for quiet (ms since the epoch), if that is still ahead.
    pub blocked_until: Option<f64>,
    /// The vendor's own count, where it reports one: threshold, count and when it was read.
    pub vendor: Option<(Observed, f64)>,
}

fn hour_of(ms: f64) -> i64 {
    (ms / HOUR_MS).floor() as i64
}

impl Ledger {
    /// Answers a lease request at `now` (ms): credits `returning` if its slice has not expired,
    /// then grants a slice or says why not and for how long.
    pub fn lease(&mut self, terms: Terms, now: f64, returning: Option<Returned>) -> Answer {
        if let Some(returned) = returning {
            self.credit(returned, now);
        }
        self.forget(terms, now);
        if self.blocked_until > now {
            return Answer::Refused {
                why: Why::Blocked,
                retry_in_ms: self.blocked_until - now,
            };
        }
        let refresh = terms.vendor_counts && self.refresh_due(now);
        let left = self.left(terms, now);
        if left == 0 {
            return Answer::Refused {
                why: Why::UsedUp,
                retry_in_ms: self.refill_in(terms, now),
            };
        }
        if refresh {
            self.refresh_asked_at = Some(now);
        }
        // The refresh call is one more vendor request, charged like the others.
        let calls = (terms.slice() + u32::from(refresh)).min(left);
        let lease = self.next_lease;
        self.next_lease += 1;
        let expires_at = now + terms.lease_ms();
        let hour = hour_of(now);
        self.grants.push(Grant {
            lease,
            calls,
            hour,
            expires_at,
        });
        if let Some(vendor) = &mut self.vendor {
            vendor.since = vendor.since.saturating_add(calls);
        }
        self.count_hour(hour, calls as i64);
        Answer::Granted(Granted {
            lease,
            calls,
            expires_at,
            refresh,
        })
    }

    /// Credits the unused calls of a slice returned before it expired.
    pub fn credit(&mut self, returned: Returned, now: f64) {
        let Some(grant) = self
            .grants
            .iter_mut()
            .find(|g| g.lease == returned.lease && g.expires_at > now)
        else {
            return;
        };
        let credited = returned.unused.min(grant.calls);
        grant.calls -= credited;
        let hour = grant.hour;
        if let Some(vendor) = &mut self.vendor {
            vendor.since = vendor.since.saturating_sub(credited);
        }
        self.count_hour(hour, -(credited as i64));
    }

    /// The vendor answered 429 asking for quiet until `until` (ms): no slice before then.
    pub fn block(&mut self, until: f64, now: f64) {
        self.blocked_until = self.blocked_until.max(until);
        self.limited.retain(|at| *at > now - DAY_MS);
        if self.limited.len() < 10_000 {
            self.limited.push(now);
        }
    }

    /// The vendor's count of the account's requests, read at `now`.
    pub fn observe(&mut self, observed: Observed, now: f64) {
        self.vendor = Some(VendorView {
            observed,
            at: now,
            since: 0,
        });
    }

    /// What the panel shows at `now`.
    pub fn usage(&mut self, terms: Terms, now: f64) -> Usage {
        self.forget(terms, now);
        let day_start = hour_of(now) - hour_of(now).rem_euclid(24);
        let this_hour = hour_of(now);
        Usage {
            spendable: terms.spendable(),
            per_seconds: terms.per_seconds,
            used: self.used(),
            left: self.left(terms, now),
            calls_this_hour: self
                .hours
                .iter()
                .filter(|(h, _)| *h == this_hour)
                .map(|(_, c)| c)
                .sum(),
            calls_today: self
                .hours
                .iter()
                .filter(|(h, _)| *h >= day_start)
                .map(|(_, c)| c)
                .sum(),
            rate_limited_today: self.limited.iter().filter(|at| **at > now - DAY_MS).count() as u32,
            blocked_until: (self.blocked_until > now).then_some(self.blocked_until),
            vendor: self.vendor.map(|v| (v.observed, v.at)),
        }
    }

    /// Calls charged in the window (the slices not yet out of it).
    fn used(&self) -> u32 {
        self.grants.iter().map(|g| g.calls).sum()
    }

    /// What may still be granted: the gateway's share less what is used, and, while the
    /// vendor's count is fresh, what that count leaves.
    fn left(&self, terms: Terms, now: f64) -> u32 {
        let own = terms.spendable().saturating_sub(self.used());
        match self.vendor {
            Some(vendor) if now - vendor.at < FRESH_MS => {
                let share = after_headroom(vendor.observed.threshold, terms.headroom_percent);
                own.min(
                    share
                        .saturating_sub(vendor.observed.count)
                        .saturating_sub(vendor.since),
                )
            }
            _ => own,
        }
    }

    /// How long until a refused request could get a slice: until the oldest slice leaves the
    /// window, or, when the vendor's count is what stops it, until that count is read again.
    fn refill_in(&self, terms: Terms, now: f64) -> f64 {
        let own_left = terms.spendable().saturating_sub(self.used());
        if own_left > 0 {
            if let Some(vendor) = self.vendor {
                return (vendor.at + FRESH_MS - now).max(1_000.0);
            }
        }
        self.grants
            .iter()
            .filter(|g| g.calls > 0)
            .map(|g| g.expires_at + terms.span_ms() - now)
            .fold(f64::INFINITY, f64::min)
            .max(1_000.0)
            .min(terms.span_ms() + terms.lease_ms())
    }

    fn refresh_due(&self, now: f64) -> bool {
        let stale = self.vendor.is_none_or(|v| now - v.at >= REFRESH_MS);
        let not_asked = self
            .refresh_asked_at
            .is_none_or(|at| now - at >= REFRESH_MS);
        stale && not_asked
    }

    /// Drops the slices out of the window and old counters, and merges old expired slices
    /// (dated at the latest expiry of those merged: later, so still conservative).
    fn forget(&mut self, terms: Terms, now: f64) {
        let span = terms.span_ms();
        self.grants
            .retain(|g| g.expires_at + span > now && g.calls > 0);
        let expired = self.grants.iter().filter(|g| g.expires_at <= now).count();
        if expired > EXPIRED_KEPT {
            self.grants
                .sort_by(|a, b| a.expires_at.total_cmp(&b.expires_at));
            let (old, rest) = self.grants.split_at(expired);
            let mut merged: Vec<Grant> = Vec::with_capacity(EXPIRED_KEPT);
            for pair in old.chunks(old.len().div_ceil(EXPIRED_KEPT / 2)) {
                let last = pair[pair.len() - 1];
                merged.push(Grant {
                    calls: pair.iter().map(|g| g.calls).sum(),
                    ..last
                });
            }
            merged.extend_from_slice(rest);
            self.grants = merged;
        }
        let oldest_hour = hour_of(now) - 25;
        self.hours.retain(|(h, _)| *h > oldest_hour);
        if self.blocked_until <= now {
            self.blocked_until = 0.0;
        }
    }

    fn count_hour(&mut self, hour: i64, delta: i64) {
        match self.hours.iter_mut().find(|(h, _)| *h == hour) {
            Some((_, calls)) => *calls = (i64::from(*calls) + delta).max(0) as u32,
            None if delta > 0 => self.hours.push((hour, delta as u32)),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Autotask: 10,000 an hour, the default 20 % headroom.
    const AUTOTASK: Terms = Terms {
        requests: 10_000,
        per_seconds: 3_600,
        headroom_percent: 20,
        vendor_counts: false,
    };
    /// A small budget: 10 a minute, so 8 for the gateway; slices of 1.
    const SMALL: Terms = Terms {
        requests: 10,
        per_seconds: 60,
        headroom_percent: 20,
        vendor_counts: false,
    };
    const T0: f64 = 1_800_000_000_000.0;

    fn granted(answer: Answer) -> Granted {
        match answer {
            Answer::Granted(granted) => granted,
            refused => panic!("expected a slice, got {refused:?}"),
        }
    }

    fn refused(answer: Answer) -> (Why, f64) {
        match answer {
            Answer::Refused { why, retry_in_ms } => (why, retry_in_ms),
            granted => panic!("expected a refusal, got {granted:?}"),
        }
    }

    #[test]
    fn headroom_and_slices_follow_the_budget() {
        assert_eq!(AUTOTASK.spendable(), 8_000);
        // 8,000 an hour is 11.1 calls in 5 s: the slice is 12, under the 20-call cap.
        assert_eq!(AUTOTASK.slice(), 12);
        assert_eq!(AUTOTASK.lease_ms(), 60_000.0);
        let datto = Terms {
            requests: 600,
            per_seconds: 60,
            ..AUTOTASK
        };
        assert_eq!(datto.spendable(), 480);
        assert_eq!(datto.slice(), SLICE_CALLS);
        assert_eq!(datto.lease_ms(), 10_000.0);
        assert_eq!(SMALL.spendable(), 8);
        assert_eq!(SMALL.slice(), 1);
        let none = Terms {
            headroom_percent: 0,
            ..SMALL
        };
        assert_eq!(none.spendable(), 10);
        let tiny = Terms {
            requests: 1,
            ..SMALL
        };
        assert_eq!(tiny.spendable(), 1, "never less than one call");
    }

    #[test]
    fn grants_stop_at_the_budget_less_headroom_and_refill_when_the_oldest_leaves() {
        let mut ledger = Ledger::default();
        for i in 0..8u32 {
            let slice = granted(ledger.lease(SMALL, T0 + f64::from(i) * 1_000.0, None));
            assert_eq!(slice.calls, 1);
            assert_eq!(slice.lease, u64::from(i));
        }
        let (why, retry) = refused(ledger.lease(SMALL, T0 + 9_000.0, None));
        assert_eq!(why, Why::UsedUp);
        // The first slice, granted at T0, is dated at its expiry (T0 + 10 s) and leaves the
        // 60 s window at T0 + 70 s.
        assert_eq!(retry, 61_000.0);
        assert!(matches!(
            ledger.lease(SMALL, T0 + 69_999.0, None),
            Answer::Refused { .. }
        ));
        granted(ledger.lease(SMALL, T0 + 70_000.0, None));
    }

    #[test]
    fn a_slice_is_spent_in_full_when_granted_and_credited_back_when_returned_in_time() {
        let mut ledger = Ledger::default();
        let first = granted(ledger.lease(AUTOTASK, T0, None));
        assert_eq!(first.calls, 12);
        assert_eq!(ledger.usage(AUTOTASK, T0).used, 12);
        // Returned with 5 unused before it expired: 5 come back.
        let second = granted(ledger.lease(
            AUTOTASK,
            T0 + 1_000.0,
            Some(Returned {
                lease: first.lease,
                unused: 5,
            }),
        ));
        let usage = ledger.usage(AUTOTASK, T0 + 1_000.0);
        assert_eq!(usage.used, 7 + second.calls);
        assert_eq!(usage.left, 8_000 - 7 - 12);
        assert_eq!(usage.calls_this_hour, 7 + 12);
        // Returning more than the slice held credits the slice only.
        ledger.credit(
            Returned {
                lease: second.lease,
                unused: 99,
            },
            T0 + 2_000.0,
        );
        assert_eq!(ledger.usage(AUTOTASK, T0 + 2_000.0).used, 7);
    }

    #[test]
    fn an_expired_slice_is_never_credited() {
        let mut ledger = Ledger::default();
        let slice = granted(ledger.lease(AUTOTASK, T0, None));
        let after_expiry = slice.expires_at + 1.0;
        ledger.credit(
            Returned {
                lease: slice.lease,
                unused: 12,
            },
            after_expiry,
        );
        assert_eq!(ledger.usage(AUTOTASK, after_expiry).used, 12);
    }

    #[test]
    fn the_window_rolls_slices_out_at_their_expiry_plus_the_window() {
        let mut ledger = Ledger::default();
        let slice = granted(ledger.lease(SMALL, T0, None));
        let leaves = slice.expires_at + SMALL.span_ms();
        assert_eq!(ledger.usage(SMALL, leaves - 1.0).used, 1);
        assert_eq!(ledger.usage(SMALL, leaves).used, 0);
        // The hour's counter keeps it.
        assert_eq!(ledger.usage(SMALL, leaves).calls_this_hour, 1);
    }

    #[test]
    fn a_vendor_block_refuses_every_lease_until_it_ends() {
        let mut ledger = Ledger::default();
        ledger.block(T0 + 30_000.0, T0);
        let (why, retry) = refused(ledger.lease(SMALL, T0 + 10_000.0, None));
        assert_eq!((why, retry), (Why::Blocked, 20_000.0));
        // A shorter block never shortens a longer one.
        ledger.block(T0 + 15_000.0, T0 + 10_000.0);
        assert!(matches!(
            ledger.lease(SMALL, T0 + 20_000.0, None),
            Answer::Refused {
                why: Why::Blocked,
                ..
            }
        ));
        granted(ledger.lease(SMALL, T0 + 30_000.0, None));
        let usage = ledger.usage(SMALL, T0 + 30_000.0);
        assert_eq!(usage.rate_limited_today, 2);
        assert_eq!(usage.blocked_until, None);
    }

    #[test]
    fn the_vendors_count_bounds_what_is_left_and_is_asked_for_now_and_then() {
        let terms = Terms {
            vendor_counts: true,
            ..AUTOTASK
        };
        let mut ledger = Ledger::default();
        // No count yet: the first slice asks for it, and carries one more call for it.
        let first = granted(ledger.lease(terms, T0, None));
        assert!(first.refresh);
        assert_eq!(first.calls, 13);
        // Other integrations spent 7,990 of the hour's 10,000: 8,000 − 7,990 − 0 = 10 left.
        ledger.observe(
            Observed {
                threshold: 10_000,
                count: 7_990,
            },
            T0 + 100.0,
        );
        let next = granted(ledger.lease(terms, T0 + 200.0, None));
        assert!(!next.refresh);
        assert_eq!(next.calls, 10, "only what the vendor's count leaves");
        let (why, retry) = refused(ledger.lease(terms, T0 + 300.0, None));
        assert_eq!(why, Why::UsedUp);
        // Until the count is read again (it stops counting after FRESH_MS).
        assert_eq!(retry, FRESH_MS - 200.0);
        // Past REFRESH_MS the next grant asks again; past FRESH_MS it is not used any more.
        let later = T0 + 100.0 + FRESH_MS;
        let again = granted(ledger.lease(terms, later, None));
        assert!(again.refresh);
        // A refresh asked for is not asked again by every isolate at once.
        assert!(!granted(ledger.lease(terms, later + 1.0, None)).refresh);
        assert_eq!(ledger.usage(terms, later).vendor.unwrap().0.count, 7_990);
    }

    #[test]
    fn many_expired_slices_are_merged_without_leaving_the_window_sooner() {
        let terms = Terms {
            requests: 100_000,
            per_seconds: 3_600,
            headroom_percent: 0,
            vendor_counts: false,
        };
        let mut ledger = Ledger::default();
        let mut total = 0;
        let mut last_expiry = 0.0;
        for i in 0..1_000 {
            let slice = granted(ledger.lease(terms, T0 + f64::from(i) * 100.0, None));
            total += slice.calls;
            last_expiry = slice.expires_at;
        }
        let now = last_expiry + 1.0;
        assert_eq!(ledger.usage(terms, now).used, total);
        assert!(
            ledger.grants.len() <= EXPIRED_KEPT + 1,
            "{}",
            ledger.grants.len()
        );
        // Merging dates slices later, never sooner: all still count just before the last
        // leaves, none after.
        assert!(
            ledger
                .usage(terms, last_expiry + terms.span_ms() - 1.0)
                .used
                > 0
        );
        assert_eq!(ledger.usage(terms, last_expiry + terms.span_ms()).used, 0);
    }

    #[test]
    fn the_ledger_survives_serialisation() {
        let mut ledger = Ledger::default();
        granted(ledger.lease(SMALL, T0, None));
        ledger.block(T0 + 5_000.0, T0);
        let stored = serde_json::to_string(&ledger).unwrap();
        let mut read: Ledger = serde_json::from_str(&stored).unwrap();
        assert_eq!(read, ledger);
        assert!(matches!(
            read.lease(SMALL, T0 + 1.0, None),
            Answer::Refused {
                why: Why::Blocked,
                ..
            }
        ));
    }
}

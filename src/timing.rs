//! Where a request's time goes, as a `Server-Timing` response header
//! (<https://www.w3.org/TR/server-timing/>): off unless the operator sets `SERVER_TIMING=on`.
//!
//! A request carries one [`Timings`]; each part of the gateway adds the milliseconds of its
//! phase to it, and [`Timings::header`] names them in a fixed order with the total last:
//! `config;dur=0.1, auth;dur=1.2, …, total;dur=9.8`. A phase that runs more than once (a walk
//! over several vendor pages) adds up. On Workers the clock advances across I/O only (a
//! Spectre mitigation), so in production the phases that wait for storage or the vendor carry
//! the time, and pure computation shows as 0 unless it ran across an I/O wait.

use std::cell::RefCell;

/// The phases a request can spend time in, in the order the header names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Reading and checking the configuration.
    Config,
    /// The bearer token and its grant, read with the grant's connection (so no phase of its
    /// own for the connection).
    Auth,
    /// The legacy session's check with its Durable Object.
    Session,
    /// Opening the sealed vendor credentials.
    Unseal,
    /// Spending from the vendor account's budget before each vendor request: the isolate's
    /// slice, or the quota governor's object when the slice is spent (`src/governor/`).
    Budget,
    /// Waiting for the vendor (the vendor session included), summed over its calls.
    Vendor,
    /// Shaping the vendor's answer into the tool result (records, pages, labels, text).
    Shape,
    /// Serialising the JSON-RPC answer.
    Serialise,
}

impl Phase {
    /// The metric name in the header.
    pub fn name(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::Auth => "auth",
            Self::Session => "session",
            Self::Unseal => "unseal",
            Self::Budget => "budget",
            Self::Vendor => "vendor",
            Self::Shape => "shape",
            Self::Serialise => "serialise",
        }
    }

    const ALL: [Phase; 8] = [
        Self::Config,
        Self::Auth,
        Self::Session,
        Self::Unseal,
        Self::Budget,
        Self::Vendor,
        Self::Shape,
        Self::Serialise,
    ];
}

/// A clock in milliseconds. On Workers it is `Date.now()`; tests bring their own.
pub trait Clock {
    /// Milliseconds since some fixed point.
    fn now(&self) -> f64;
}

/// The Worker's clock.
pub struct WallClock;

impl Clock for WallClock {
    fn now(&self) -> f64 {
        js_sys::Date::now()
    }
}

/// One request's phase times. Shared by reference through the request's handling, so it
/// keeps its sums behind a `RefCell` (a request runs on one thread).
pub struct Timings {
    enabled: bool,
    started: f64,
    spent: RefCell<[f64; Phase::ALL.len()]>,
}

impl Timings {
    /// Starts timing a request at `started` (ms); `enabled` is the operator's choice, and a
    /// disabled `Timings` records nothing.
    pub fn new(enabled: bool, started: f64) -> Self {
        Self {
            enabled,
            started,
            spent: RefCell::new([0.0; Phase::ALL.len()]),
        }
    }

    /// Whether the header will be sent.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Turns the header on or off once the configuration is known.
    pub fn set_enabled(&mut self, enabled: bool) {
        self.enabled = enabled;
    }

    /// Adds `ms` to `phase`.
    pub fn add(&self, phase: Phase, ms: f64) {
        if self.enabled {
            self.spent.borrow_mut()[phase as usize] += ms.max(0.0);
        }
    }

    /// The milliseconds added to `phase` so far.
    pub fn spent(&self, phase: Phase) -> f64 {
        self.spent.borrow()[phase as usize]
    }

    /// Adds the time from `since` to now (by `clock`) to `phase`, and returns now.
    pub fn lap(&self, clock: &impl Clock, phase: Phase, since: f64) -> f64 {
        let now = clock.now();
        self.add(phase, now - since);
        now
    }

    /// Runs `work` and adds its time to `phase` (by the wall clock).
    pub async fn time<T>(&self, phase: Phase, work: impl std::future::Future<Output = T>) -> T {
        if !self.enabled {
            return work.await;
        }
        let since = WallClock.now();
        let value = work.await;
        self.lap(&WallClock, phase, since);
        value
    }

    /// Runs `work` and adds its time to `phase` (by the wall clock).
    pub fn measure<T>(&self, phase: Phase, work: impl FnOnce() -> T) -> T {
        if !self.enabled {
            return work();
        }
        let since = WallClock.now();
        let value = work();
        self.lap(&WallClock, phase, since);
        value
    }

    /// The header's value at `now` (ms): every phase that took time, then the total.
    pub fn header(&self, now: f64) -> String {
        let spent = self.spent.borrow();
        Phase::ALL
            .iter()
            .filter(|phase| spent[**phase as usize] > 0.0)
            .map(|phase| format!("{};dur={:.1}", phase.name(), spent[*phase as usize]))
            .chain(std::iter::once(format!(
                "total;dur={:.1}",
                (now - self.started).max(0.0)
            )))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    struct Steps(Cell<f64>);

    impl Clock for Steps {
        fn now(&self) -> f64 {
            let now = self.0.get() + 1.5;
            self.0.set(now);
            now
        }
    }

    #[test]
    fn phases_add_up_and_are_named_in_order_with_the_total_last() {
        let timings = Timings::new(true, 0.0);
        timings.add(Phase::Vendor, 4.0);
        timings.add(Phase::Auth, 1.25);
        timings.add(Phase::Vendor, 2.0);
        assert_eq!(
            timings.header(10.0),
            "auth;dur=1.2, vendor;dur=6.0, total;dur=10.0"
        );
    }

    #[test]
    fn a_lap_measures_from_the_mark_given() {
        let clock = Steps(Cell::new(0.0));
        let timings = Timings::new(true, 0.0);
        let mark = clock.now();
        let mark = timings.lap(&clock, Phase::Config, mark);
        timings.lap(&clock, Phase::Serialise, mark);
        assert_eq!(
            timings.header(5.0),
            "config;dur=1.5, serialise;dur=1.5, total;dur=5.0"
        );
    }

    #[test]
    fn a_disabled_timing_records_nothing() {
        let timings = Timings::new(false, 0.0);
        timings.add(Phase::Vendor, 4.0);
        assert_eq!(timings.header(2.0), "total;dur=2.0");
    }
}

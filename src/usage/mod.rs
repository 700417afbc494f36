//! Usage counters: calls, errors by kind, vendor time and gateway time per organisation, user,
//! vendor, tool and hour (`usage_hourly`), and calls and vendor failures per vendor,
//! organisation and minute (`vendor_minutes`, for `/health/vendors` and the "vendor failing"
//! alert).
//!
//! The counters are upserts that join the batch a tool call already writes after its answer
//! has gone (`Executed::records` in `src/endpoint/call.rs`, run by `record_later`), so they add
//! nothing to the answer's path. Latencies are kept as sums and as fixed histogram buckets
//! ([`BUCKET_BOUNDS_MS`]), so percentiles can be read back for any range and any grouping by
//! adding buckets ([`report::percentile`]).
//!
//! - `report` (pure): day series, percentiles, totals, the CSV export.
//! - `chart` (pure): the server-rendered SVG charts of `/settings/usage`.
//! - `store`: the D1 queries behind the page, the export, `/health/vendors` and the alerts.

pub mod chart;
pub mod report;
pub mod store;

use crate::db::Statement;
use crate::params;
use crate::tools::run::{Ran, RunError};
use crate::vendors::kit::upstream::UpstreamError;

/// The upper bounds (inclusive, milliseconds) of the first 11 latency buckets; the 12th holds
/// everything slower. Roughly 2–2.5× apart, so a percentile read from them is within one
/// bucket's width of the truth.
pub const BUCKET_BOUNDS_MS: [i64; 11] = [
    10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000,
];

/// How many buckets each histogram has.
pub const BUCKETS: usize = BUCKET_BOUNDS_MS.len() + 1;

/// The bucket a latency falls in.
pub fn bucket(ms: i64) -> usize {
    BUCKET_BOUNDS_MS
        .iter()
        .position(|bound| ms <= *bound)
        .unwrap_or(BUCKETS - 1)
}

/// How a tool call ended, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Answered with a result.
    Ok,
    /// The client cancelled it.
    Cancelled,
    /// Arguments the tool or the vendor's definitions refused.
    Arguments,
    /// The vendor refused the keys (401) or a right (403).
    Auth,
    /// The vendor refused the request: 404 or another 4xx.
    Refused,
    /// The vendor's rate limit (429).
    RateLimited,
    /// The vendor failing: 5xx, no answer in time, unreachable, an answer it does not document,
    /// or its circuit breaker open after such failures.
    Unavailable,
    /// The gateway could not finish the call: a reveal whose audit row could not be written, or
    /// an operator setting the vendor needs is missing.
    Gateway,
    /// Held back by a kill switch (the connection, the organisation or the operator paused
    /// it): a refusal by the gateway, the vendor was not called (`src/killswitch.rs`).
    Paused,
}

impl Kind {
    /// Every kind, in the order of the counter columns.
    pub const ALL: [Kind; 9] = [
        Kind::Ok,
        Kind::Cancelled,
        Kind::Arguments,
        Kind::Auth,
        Kind::Refused,
        Kind::RateLimited,
        Kind::Unavailable,
        Kind::Gateway,
        Kind::Paused,
    ];

    /// The kind of a run's outcome; `recorded` is false when a reveal could not be audited
    /// (the result was withheld).
    pub fn of(outcome: &Result<Ran, RunError>, recorded: bool) -> Self {
        match outcome {
            Ok(_) if recorded => Self::Ok,
            Ok(_) => Self::Gateway,
            Err(RunError::Cancelled) => Self::Cancelled,
            Err(RunError::Argument(_)) => Self::Arguments,
            Err(RunError::Upstream(error)) => Self::of_upstream(error),
        }
    }

    /// The kind of a vendor failure.
    pub fn of_upstream(error: &UpstreamError) -> Self {
        match error {
            UpstreamError::Unauthorized { .. } | UpstreamError::Forbidden { .. } => Self::Auth,
            UpstreamError::NotFound { .. } | UpstreamError::Refused { .. } => Self::Refused,
            // The account's budget spent is a rate limit the gateway keeps for the vendor.
            UpstreamError::RateLimited { .. } | UpstreamError::BudgetUsedUp { .. } => {
                Self::RateLimited
            }
            // An open circuit breaker holds calls back because the vendor kept failing.
            UpstreamError::Unavailable { .. }
            | UpstreamError::Timeout { .. }
            | UpstreamError::Unreachable
            | UpstreamError::InvalidResponse { .. }
            | UpstreamError::CircuitOpen { .. } => Self::Unavailable,
            // An operator setting the vendor needs is missing.
            UpstreamError::NotConfigured { .. } | UpstreamError::BudgetUnavailable => Self::Gateway,
        }
    }

    /// Whether the call counts as an error (cancelled calls do not).
    pub fn is_error(self) -> bool {
        !matches!(self, Self::Ok | Self::Cancelled)
    }

    /// Whether the vendor itself failed (what "vendor failing" alerts and health read).
    pub fn is_vendor_failure(self) -> bool {
        self == Self::Unavailable
    }

    /// The word used in exports and documentation.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Cancelled => "cancelled",
            Self::Arguments => "arguments",
            Self::Auth => "auth",
            Self::Refused => "refused",
            Self::RateLimited => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::Gateway => "gateway",
            Self::Paused => "paused",
        }
    }
}

/// How many minutes `/health/vendors` and the "vendor failing" alert look back.
pub const WINDOW_MINUTES: i64 = 10;
/// The fewest vendor failures in the window that make a vendor "failing".
pub const FAILING_MIN_FAILURES: i64 = 3;

/// A vendor's state over the window, from its calls and vendor-side failures: `idle` (no
/// calls), `ok`, `degraded` (some failures) or `failing` (at least
/// [`FAILING_MIN_FAILURES`], and at least half the calls).
pub fn status(calls: i64, failures: i64) -> &'static str {
    if calls <= 0 {
        "idle"
    } else if failures >= FAILING_MIN_FAILURES && failures * 2 >= calls {
        "failing"
    } else if failures > 0 {
        "degraded"
    } else {
        "ok"
    }
}

/// One tool call to count.
#[derive(Debug, Clone)]
pub struct CallUsage<'a> {
    pub tenant_id: &'a str,
    pub user_id: &'a str,
    pub vendor: &'a str,
    pub tool: &'a str,
    pub kind: Kind,
    /// Time spent running the call against the vendor (requests, retries, the vendor's
    /// session exchange and picklists), in milliseconds.
    pub vendor_ms: i64,
    /// The rest of the call's time in the gateway (token and grant check, connection, answer),
    /// in milliseconds.
    pub gateway_ms: i64,
    /// When it happened, Unix seconds.
    pub at: i64,
}

impl CallUsage<'_> {
    /// The two upserts that count the call, for the after-the-answer batch.
    pub fn statements(&self) -> Vec<Statement> {
        let hour = self.at - self.at.rem_euclid(3_600);
        let minute = self.at - self.at.rem_euclid(60);
        let flag = |kind: Kind| i64::from(self.kind == kind);
        let (vendor_ms, gateway_ms) = (self.vendor_ms.max(0), self.gateway_ms.max(0));
        let (v, g) = (bucket(vendor_ms), bucket(gateway_ms));
        let mut values = params![
            self.tenant_id,
            self.user_id,
            self.vendor,
            self.tool,
            hour,
            flag(Kind::Cancelled),
            flag(Kind::Arguments),
            flag(Kind::Auth),
            flag(Kind::Refused),
            flag(Kind::RateLimited),
            flag(Kind::Unavailable),
            flag(Kind::Gateway),
            vendor_ms,
            gateway_ms,
        ];
        values.extend((0..BUCKETS).map(|i| crate::db::Param::from(i64::from(i == v))));
        values.extend((0..BUCKETS).map(|i| crate::db::Param::from(i64::from(i == g))));
        values.push(crate::db::Param::from(flag(Kind::Paused)));
        let hourly = Statement::new(HOURLY_UPSERT, values);
        // A paused call never reached the vendor: the vendor's health window does not count it.
        if self.kind == Kind::Paused {
            return vec![hourly];
        }
        vec![
            hourly,
            Statement::new(
                "INSERT INTO vendor_minutes (vendor, tenant_id, minute, calls, errors, failures)
                 VALUES (?1, ?2, ?3, 1, ?4, ?5)
                 ON CONFLICT (minute, vendor, tenant_id) DO UPDATE SET
                   calls = calls + 1, errors = errors + excluded.errors, failures = failures + excluded.failures",
                params![
                    self.vendor,
                    self.tenant_id,
                    minute,
                    i64::from(self.kind.is_error()),
                    i64::from(self.kind.is_vendor_failure())
                ],
            ),
        ]
    }
}

const HOURLY_UPSERT: &str = "INSERT INTO usage_hourly (tenant_id, user_id, vendor, tool, hour, calls,
   cancelled, err_arguments, err_auth, err_refused, err_rate_limited, err_unavailable, err_gateway,
   vendor_ms, gateway_ms, v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11,
   g0, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11, err_paused)
 VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
   ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26,
   ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39)
 ON CONFLICT (tenant_id, hour, vendor, tool, user_id) DO UPDATE SET
   calls = calls + 1, cancelled = cancelled + excluded.cancelled,
   err_arguments = err_arguments + excluded.err_arguments, err_auth = err_auth + excluded.err_auth,
   err_refused = err_refused + excluded.err_refused,
   err_rate_limited = err_rate_limited + excluded.err_rate_limited,
   err_unavailable = err_unavailable + excluded.err_unavailable,
   err_gateway = err_gateway + excluded.err_gateway, err_paused = err_paused + excluded.err_paused,
   vendor_ms = vendor_ms + excluded.vendor_ms, gateway_ms = gateway_ms + excluded.gateway_ms,
   v0 = v0 + excluded.v0, v1 = v1 + excluded.v1, v2 = v2 + excluded.v2, v3 = v3 + excluded.v3,
   v4 = v4 + excluded.v4, v5 = v5 + excluded.v5, v6 = v6 + excluded.v6, v7 = v7 + excluded.v7,
   v8 = v8 + excluded.v8, v9 = v9 + excluded.v9, v10 = v10 + excluded.v10, v11 = v11 + excluded.v11,
   g0 = g0 + excluded.g0, g1 = g1 + excluded.g1, g2 = g2 + excluded.g2, g3 = g3 + excluded.g3,
   g4 = g4 + excluded.g4, g5 = g5 + excluded.g5, g6 = g6 + excluded.g6, g7 = g7 + excluded.g7,
   g8 = g8 + excluded.g8, g9 = g9 + excluded.g9, g10 = g10 + excluded.g10, g11 = g11 + excluded.g11";

/// The counters of a call that just ran, for `call::execute` to add to its records: `started`
/// is when the run began and `vendor_ms` how long it took (both from the Workers clock); the
/// gateway time is the rest of the request until now.
pub fn counted(
    caller: &crate::endpoint::Caller<'_>,
    tool: &str,
    kind: Kind,
    vendor_ms: i64,
    at: i64,
) -> Vec<Statement> {
    let total_ms = (js_sys::Date::now() - caller.started).round() as i64;
    CallUsage {
        tenant_id: &caller.principal.tenant_id,
        user_id: &caller.principal.user_id,
        vendor: caller.vendor.id,
        tool,
        kind,
        vendor_ms,
        gateway_ms: total_ms - vendor_ms,
        at,
    }
    .statements()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_every_latency_once() {
        assert_eq!(bucket(0), 0);
        assert_eq!(bucket(10), 0);
        assert_eq!(bucket(11), 1);
        assert_eq!(bucket(1_000), 6);
        assert_eq!(bucket(30_000), 10);
        assert_eq!(bucket(30_001), 11);
        assert_eq!(bucket(i64::MAX), 11);
        assert!(BUCKET_BOUNDS_MS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_vendor_fails_on_repeated_failures_that_are_most_calls() {
        assert_eq!(status(0, 0), "idle");
        assert_eq!(status(10, 0), "ok");
        assert_eq!(status(2, 2), "degraded", "two failures are not yet failing");
        assert_eq!(status(3, 3), "failing");
        assert_eq!(status(10, 4), "degraded");
        assert_eq!(status(8, 4), "failing");
    }

    #[test]
    fn kinds_sort_vendor_failures_from_refusals() {
        let kind = |e: UpstreamError| Kind::of_upstream(&e);
        assert_eq!(
            kind(UpstreamError::Unauthorized { reason: None }),
            Kind::Auth
        );
        assert_eq!(kind(UpstreamError::Forbidden { reason: None }), Kind::Auth);
        assert_eq!(
            kind(UpstreamError::NotFound { reason: None }),
            Kind::Refused
        );
        assert_eq!(
            kind(UpstreamError::RateLimited {
                retry_after_seconds: None
            }),
            Kind::RateLimited
        );
        assert_eq!(
            kind(UpstreamError::Unavailable {
                status: 503,
                reason: None
            }),
            Kind::Unavailable
        );
        assert_eq!(
            kind(UpstreamError::Timeout { seconds: 3 }),
            Kind::Unavailable
        );
        assert_eq!(kind(UpstreamError::Unreachable), Kind::Unavailable);
        assert_eq!(
            kind(UpstreamError::BudgetUsedUp {
                refill_in_seconds: 600
            }),
            Kind::RateLimited
        );
        assert_eq!(kind(UpstreamError::BudgetUnavailable), Kind::Gateway);
        assert_eq!(
            kind(UpstreamError::CircuitOpen {
                retry_in_seconds: 30
            }),
            Kind::Unavailable
        );
        assert_eq!(
            kind(UpstreamError::NotConfigured { setting: "X" }),
            Kind::Gateway
        );
        assert!(Kind::Unavailable.is_vendor_failure() && Kind::Unavailable.is_error());
        assert!(!Kind::Auth.is_vendor_failure() && Kind::Auth.is_error());
        assert!(!Kind::Cancelled.is_error() && !Kind::Ok.is_error());
        assert_eq!(Kind::of(&Err(RunError::Cancelled), true), Kind::Cancelled);
    }

    #[test]
    fn a_call_is_two_upserts_with_one_flag_per_histogram() {
        let usage = CallUsage {
            tenant_id: "ten_1",
            user_id: "usr_1",
            vendor: "datto-rmm",
            tool: "datto_list_sites",
            kind: Kind::Unavailable,
            vendor_ms: 120,
            gateway_ms: 7,
            at: 7_200 + 61,
        };
        let statements = usage.statements();
        assert_eq!(statements.len(), 2);
        let debug = format!("{:?}", statements[0].params());
        // 14 leading values, then 24 bucket flags: exactly one set per histogram; then the
        // paused flag.
        let params = statements[0].params();
        assert_eq!(params.len(), 14 + 2 * BUCKETS + 1, "{debug}");
        assert_eq!(
            params[14 + 2 * BUCKETS],
            crate::db::Param::Int(0),
            "not paused"
        );
        let ones = |range: std::ops::Range<usize>| {
            params[range]
                .iter()
                .filter(|p| **p == crate::db::Param::Int(1))
                .count()
        };
        assert_eq!(ones(14..14 + BUCKETS), 1);
        assert_eq!(ones(14 + BUCKETS..14 + 2 * BUCKETS), 1);
        assert_eq!(params[4], crate::db::Param::Int(7_200), "the hour");
        assert_eq!(params[10], crate::db::Param::Int(1), "err_unavailable");
        assert_eq!(statements[1].params()[2], crate::db::Param::Int(7_260));
    }

    #[test]
    fn a_paused_call_is_a_refusal_counted_apart_from_the_vendors_health() {
        assert!(Kind::Paused.is_error() && !Kind::Paused.is_vendor_failure());
        assert_eq!(Kind::Paused.as_str(), "paused");
        let statements = CallUsage {
            tenant_id: "ten_1",
            user_id: "usr_1",
            vendor: "autotask",
            tool: "autotask_list_tickets",
            kind: Kind::Paused,
            vendor_ms: 0,
            gateway_ms: 3,
            at: 7_200,
        }
        .statements();
        assert_eq!(
            statements.len(),
            1,
            "no vendor_minutes row: the vendor was not called"
        );
        let params = statements[0].params();
        assert_eq!(
            params[14 + 2 * BUCKETS],
            crate::db::Param::Int(1),
            "err_paused"
        );
        assert!(
            params[5..12].iter().all(|p| *p == crate::db::Param::Int(0)),
            "no other kind"
        );
    }
}

//! The D1 queries over the usage counters: the page's series and rankings, the CSV export,
//! the per-vendor health of the last minutes, the "vendor failing" check, and the purge.
//! Every page query is scoped to one organisation, and to one user for a member.

use super::report::{DayRow, ExportRow, LatencyRow, Range, TopRow};
use crate::db::Db;
use crate::params;
use serde::Deserialize;
use worker::Result;

/// Whose usage a reader sees.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub tenant_id: &'a str,
    /// `Some` for a member, who sees only their own calls.
    pub user_id: Option<&'a str>,
}

/// Calls and errors per day and vendor.
pub async fn days(db: &Db, scope: Scope<'_>, range: &Range) -> Result<Vec<DayRow>> {
    db.all(
        "SELECT hour - (hour % 86400) AS day, vendor, SUM(calls) AS calls,
                SUM(err_arguments + err_auth + err_refused + err_rate_limited + err_unavailable + err_gateway + err_paused) AS errors
           FROM usage_hourly
          WHERE tenant_id = ?1 AND hour >= ?2 AND hour < ?3 AND (?4 IS NULL OR user_id = ?4)
          GROUP BY day, vendor ORDER BY day, vendor",
        params![scope.tenant_id, range.start(), range.end(), scope.user_id],
    )
    .await
}

/// Summed latencies and histograms per vendor.
pub async fn latencies(db: &Db, scope: Scope<'_>, range: &Range) -> Result<Vec<LatencyRow>> {
    db.all(
        "SELECT vendor, SUM(calls) AS calls, SUM(vendor_ms) AS vendor_ms, SUM(gateway_ms) AS gateway_ms,
                SUM(v0) AS v0, SUM(v1) AS v1, SUM(v2) AS v2, SUM(v3) AS v3, SUM(v4) AS v4, SUM(v5) AS v5,
                SUM(v6) AS v6, SUM(v7) AS v7, SUM(v8) AS v8, SUM(v9) AS v9, SUM(v10) AS v10, SUM(v11) AS v11,
                SUM(g0) AS g0, SUM(g1) AS g1, SUM(g2) AS g2, SUM(g3) AS g3, SUM(g4) AS g4, SUM(g5) AS g5,
                SUM(g6) AS g6, SUM(g7) AS g7, SUM(g8) AS g8, SUM(g9) AS g9, SUM(g10) AS g10, SUM(g11) AS g11
           FROM usage_hourly
          WHERE tenant_id = ?1 AND hour >= ?2 AND hour < ?3 AND (?4 IS NULL OR user_id = ?4)
          GROUP BY vendor ORDER BY calls DESC, vendor",
        params![scope.tenant_id, range.start(), range.end(), scope.user_id],
    )
    .await
}

/// The most called tools.
pub async fn top_tools(
    db: &Db,
    scope: Scope<'_>,
    range: &Range,
    limit: i64,
) -> Result<Vec<TopRow>> {
    db.all(
        "SELECT tool AS label, vendor, SUM(calls) AS calls,
                SUM(err_arguments + err_auth + err_refused + err_rate_limited + err_unavailable + err_gateway + err_paused) AS errors
           FROM usage_hourly
          WHERE tenant_id = ?1 AND hour >= ?2 AND hour < ?3 AND (?4 IS NULL OR user_id = ?4)
          GROUP BY vendor, tool ORDER BY calls DESC, tool LIMIT ?5",
        params![scope.tenant_id, range.start(), range.end(), scope.user_id, limit],
    )
    .await
}

/// The users with the most calls, by email (`None` for a deleted account).
pub async fn top_users(
    db: &Db,
    scope: Scope<'_>,
    range: &Range,
    limit: i64,
) -> Result<Vec<TopRow>> {
    db.all(
        "SELECT users.email AS label, NULL AS vendor, SUM(u.calls) AS calls,
                SUM(u.err_arguments + u.err_auth + u.err_refused + u.err_rate_limited + u.err_unavailable + u.err_gateway + u.err_paused) AS errors
           FROM usage_hourly u LEFT JOIN users ON users.id = u.user_id
          WHERE u.tenant_id = ?1 AND u.hour >= ?2 AND u.hour < ?3 AND (?4 IS NULL OR u.user_id = ?4)
          GROUP BY u.user_id ORDER BY calls DESC, label LIMIT ?5",
        params![scope.tenant_id, range.start(), range.end(), scope.user_id, limit],
    )
    .await
}

/// The most rows one export holds.
pub const EXPORT_LIMIT: i64 = 50_000;

/// Every counter per day, vendor, tool and user, for the CSV export.
pub async fn export(db: &Db, scope: Scope<'_>, range: &Range) -> Result<Vec<ExportRow>> {
    db.all(
        "SELECT u.hour - (u.hour % 86400) AS day, u.vendor, u.tool, users.email AS user,
                SUM(u.calls) AS calls, SUM(u.cancelled) AS cancelled,
                SUM(u.err_arguments) AS err_arguments, SUM(u.err_auth) AS err_auth,
                SUM(u.err_refused) AS err_refused, SUM(u.err_rate_limited) AS err_rate_limited,
                SUM(u.err_unavailable) AS err_unavailable, SUM(u.err_gateway) AS err_gateway,
                SUM(u.err_paused) AS err_paused,
                SUM(u.vendor_ms) AS vendor_ms, SUM(u.gateway_ms) AS gateway_ms
           FROM usage_hourly u LEFT JOIN users ON users.id = u.user_id
          WHERE u.tenant_id = ?1 AND u.hour >= ?2 AND u.hour < ?3 AND (?4 IS NULL OR u.user_id = ?4)
          GROUP BY day, u.vendor, u.tool, u.user_id ORDER BY day, u.vendor, u.tool, user LIMIT ?5",
        params![
            scope.tenant_id,
            range.start(),
            range.end(),
            scope.user_id,
            EXPORT_LIMIT
        ],
    )
    .await
}

/// Calls, errors and vendor failures of one vendor over a window.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VendorWindow {
    pub vendor: String,
    pub calls: i64,
    pub errors: i64,
    pub failures: i64,
}

/// Every organisation's calls per vendor since `since` (Unix seconds), for `/health/vendors`.
pub async fn health(db: &Db, since: i64) -> Result<Vec<VendorWindow>> {
    db.all(
        "SELECT vendor, SUM(calls) AS calls, SUM(errors) AS errors, SUM(failures) AS failures
           FROM vendor_minutes WHERE minute >= ?1 GROUP BY vendor ORDER BY vendor",
        params![since],
    )
    .await
}

/// One organisation's calls per vendor since `since`, for the "vendor failing" alert.
pub async fn tenant_window(db: &Db, tenant_id: &str, since: i64) -> Result<Vec<VendorWindow>> {
    db.all(
        "SELECT vendor, SUM(calls) AS calls, SUM(errors) AS errors, SUM(failures) AS failures
           FROM vendor_minutes WHERE tenant_id = ?1 AND minute >= ?2 GROUP BY vendor ORDER BY vendor",
        params![tenant_id, since],
    )
    .await
}

/// Deletes hourly counters older than `cutoff` and minute counters older than a day, at most
/// `batch` rows of each; returns how many went.
pub async fn purge(db: &Db, cutoff: i64, now: i64, batch: i64) -> Result<usize> {
    let hourly = db
        .run(
            "DELETE FROM usage_hourly WHERE rowid IN (SELECT rowid FROM usage_hourly WHERE hour < ?1 LIMIT ?2)",
            params![cutoff, batch],
        )
        .await?;
    let minutes = db
        .run(
            "DELETE FROM vendor_minutes WHERE rowid IN (SELECT rowid FROM vendor_minutes WHERE minute < ?1 LIMIT ?2)",
            params![now - 86_400, batch],
        )
        .await?;
    Ok(hourly + minutes)
}

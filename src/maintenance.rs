//! The scheduled maintenance run (a cron trigger, every 10 minutes): re-seals credentials
//! still sealed under an older master key, purges audit events past their retention, and
//! deletes expired browser sessions, invitations, authorization codes and emailed links, and
//! attempt counters nobody used for a day; purges usage counters past
//! `USAGE_RETENTION_DAYS` (and the per-minute vendor counters after a day), and sent alerts
//! after a week.
//!
//! Work goes in bounded batches so one run stays well inside a Worker invocation's limits;
//! whatever is left is picked up by the next run.

use crate::config::Config;
use crate::db::{self, Db};
use crate::vault::connections;
use crate::{alerts, audit, params, usage};
use serde::Serialize;
use worker::Result;

/// Rows re-sealed per batch, and batches per run (so at most 1,000 rows a run).
const RESEAL_BATCH: i64 = 100;
const RESEAL_BATCHES: usize = 10;
/// Audit rows deleted per batch, and batches per run.
const PURGE_BATCH: i64 = 500;
const PURGE_BATCHES: usize = 20;

/// What one run did, logged as one JSON line.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub resealed: usize,
    pub reseal_failures: usize,
    pub audit_purged: usize,
    pub sessions_deleted: usize,
    pub invitations_deleted: usize,
    pub codes_deleted: usize,
    pub links_deleted: usize,
    pub counters_deleted: usize,
    pub usage_purged: usize,
    pub alerts_purged: usize,
}

/// Runs every maintenance task once.
pub async fn run(config: &Config, db: &Db) -> Result<Report> {
    let now = db::now();
    let mut report = Report::default();
    let mut after: Option<String> = None;
    for _ in 0..RESEAL_BATCHES {
        let batch =
            connections::reseal_batch(db, &config.credential_keys, after.as_deref(), RESEAL_BATCH)
                .await?;
        report.resealed += batch.resealed;
        report.reseal_failures += batch.failed;
        if batch.read < RESEAL_BATCH as usize {
            break;
        }
        after = batch.last_id;
    }
    let cutoff = now - config.audit_retention_days * 86_400;
    for _ in 0..PURGE_BATCHES {
        let purged = audit::purge_before(db, cutoff, PURGE_BATCH).await?;
        report.audit_purged += purged;
        if purged < PURGE_BATCH as usize {
            break;
        }
    }
    report.sessions_deleted = db
        .run(
            "DELETE FROM browser_sessions WHERE expires_at <= ?1",
            params![now],
        )
        .await?;
    report.invitations_deleted = db
        .run(
            "DELETE FROM invitations WHERE expires_at <= ?1",
            params![now],
        )
        .await?;
    report.codes_deleted = db
        .run(
            "DELETE FROM authorization_codes WHERE expires_at <= ?1",
            params![now - 86_400],
        )
        .await?;
    report.links_deleted = db
        .run(
            "DELETE FROM sign_up_requests WHERE expires_at <= ?1",
            params![now],
        )
        .await?
        + db.run(
            "DELETE FROM password_resets WHERE expires_at <= ?1",
            params![now],
        )
        .await?;
    report.counters_deleted = db
        .run(
            "DELETE FROM attempt_counters WHERE last_at <= ?1 AND blocked_until <= ?2",
            params![now - 86_400, now],
        )
        .await?;
    let usage_cutoff = now - config.usage_retention_days * 86_400;
    for _ in 0..PURGE_BATCHES {
        let purged = usage::store::purge(db, usage_cutoff, now, PURGE_BATCH).await?;
        report.usage_purged += purged;
        if purged < PURGE_BATCH as usize {
            break;
        }
    }
    report.alerts_purged = alerts::purge(db, now).await?;
    Ok(report)
}

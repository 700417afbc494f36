//! The delivery run: on every cron trigger (each minute, `wrangler.toml`), each organisation
//! sink that is due — not held by another run, not waiting out a backoff — is taken under its
//! lease and served: alerts are raised and sent (`src/alerts/`), the audit stream catches up
//! (`src/audit_stream.rs`). Sinks are served concurrently, each by itself in order.
//!
//! Nothing here runs on a request's path: tool calls only add counter and audit rows after
//! their answer, and this run reads them.

use crate::config::Config;
use crate::db::{self, Db};
use crate::webhooks::{self, Kind, Sink};
use crate::{alerts, audit_stream};
use serde::Serialize;
use worker::Result;

/// The cron expression of the every-minute trigger (the ten-minute one also runs maintenance).
pub const CRON: &str = "* * * * *";
/// Sinks served per run.
const SINKS_PER_RUN: i64 = 50;

/// What one run did, logged as one JSON line (`"event": "deliveries"`).
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub sinks: usize,
    pub alerts_raised: usize,
    pub alerts_sent: usize,
    pub alerts_failed: usize,
    pub events_streamed: usize,
    pub stream_failures: usize,
    pub errors: usize,
}

/// Serves every due sink once.
pub async fn run(config: &Config, db: &Db) -> Result<Report> {
    let now = db::now();
    let sinks = webhooks::due(db, now, SINKS_PER_RUN).await?;
    let outcomes =
        futures::future::join_all(sinks.iter().map(|sink| serve(config, db, sink, now))).await;
    let mut report = Report {
        sinks: sinks.len(),
        ..Report::default()
    };
    for outcome in outcomes {
        match outcome {
            Ok(Served::Alerts(alerts)) => {
                report.alerts_raised += alerts.raised;
                report.alerts_sent += alerts.sent;
                report.alerts_failed += alerts.failed;
            }
            Ok(Served::Stream(stream)) => {
                report.events_streamed += stream.delivered;
                report.stream_failures += usize::from(stream.failed);
            }
            Ok(Served::Busy) => {}
            Err(error) => {
                report.errors += 1;
                worker::console_error!(
                    "{}",
                    serde_json::json!({ "event": "delivery_failed", "error": error.to_string() })
                );
            }
        }
    }
    Ok(report)
}

enum Served {
    Alerts(alerts::RunReport),
    Stream(audit_stream::RunReport),
    /// Another run holds the sink.
    Busy,
}

async fn serve(config: &Config, db: &Db, sink: &Sink, now: i64) -> Result<Served> {
    let Some(kind) = Kind::parse(&sink.kind) else {
        return Ok(Served::Busy);
    };
    if !webhooks::lease(db, &sink.tenant_id, kind, now).await? {
        return Ok(Served::Busy);
    }
    let retry = (config.delivery_retry_first, config.delivery_retry_max);
    match kind {
        Kind::Alerts => {
            let outcome = alerts::run(db, config, sink, now).await;
            let cursor = outcome.as_ref().map_or(sink.cursor, |(_, cursor)| *cursor);
            webhooks::release(db, &sink.tenant_id, kind, cursor, None, retry, now).await?;
            Ok(Served::Alerts(outcome?.0))
        }
        Kind::AuditStream => {
            let outcome = audit_stream::run(db, config, sink, now).await;
            let (cursor, attempt) = match &outcome {
                Ok((_, cursor, attempt)) => (*cursor, attempt.clone()),
                Err(_) => (sink.cursor, None),
            };
            webhooks::release(
                db,
                &sink.tenant_id,
                kind,
                cursor,
                attempt.as_ref(),
                retry,
                now,
            )
            .await?;
            Ok(Served::Stream(outcome?.0))
        }
    }
}

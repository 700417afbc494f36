//! Alerts an owner can act on, sent to the organisation's webhook (`org_sinks`, kind
//! `alerts`): raised from the audit trail (a connection the vendor refused, a member who
//! joined, a personal access token created) and from the usage counters (a vendor failing for
//! the organisation), deduplicated per subject per hour, queued in `alert_outbox`, signed
//! and retried with backoff by the scheduled delivery run (`src/deliveries.rs`), never on a
//! tool call's path.
//!
//! `format` (pure) holds the events and the generic, Slack and Teams bodies.

pub mod format;

use crate::config::Config;
use crate::db::Db;
use crate::params;
use crate::usage;
use crate::webhooks::{self, sign, Attempt, Destination, Sink};
use format::{Alert, Event, Format};
use serde::Deserialize;
use serde_json::Value;
use worker::Result;

/// One alert per subject per this many seconds.
pub const DEDUP_SECONDS: i64 = 3_600;
/// Attempts before an alert is given up.
pub const MAX_ATTEMPTS: i64 = 10;
/// Audit events scanned per run.
const SCAN_LIMIT: i64 = 200;
/// Alerts sent per organisation per run.
const SEND_LIMIT: i64 = 20;

/// What one organisation's alert run did.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct RunReport {
    pub raised: usize,
    pub sent: usize,
    pub failed: usize,
}

#[derive(Deserialize)]
struct Scanned {
    id: i64,
    action: String,
    vendor: Option<String>,
    target: Option<String>,
    detail: Option<String>,
    user_id: Option<String>,
    email: Option<String>,
}

#[derive(Deserialize)]
struct MaxId {
    id: i64,
}

#[derive(Deserialize)]
struct Name {
    name: String,
}

/// The organisation's name, as alerts show it.
pub async fn tenant_name(db: &Db, tenant_id: &str) -> Result<String> {
    Ok(db
        .first::<Name>("SELECT name FROM tenants WHERE id = ?1", params![tenant_id])
        .await?
        .map(|n| n.name)
        .unwrap_or_default())
}

fn vendor_name(id: &str) -> String {
    crate::vendors::find(id).map_or_else(|| id.to_owned(), |v| v.name.to_owned())
}

/// The alert an audit event raises, if any.
fn from_audit(config: &Config, tenant: (&str, &str), row: &Scanned, now: i64) -> Option<Alert> {
    let event = Event::from_audit(&row.action)?;
    let origin = config.origin();
    let who = row.email.clone().unwrap_or_else(|| "a member".to_owned());
    let (subject, text, url, vendor) = match event {
        Event::ConnectionNeedsReconnect => {
            let vendor = row.vendor.clone().unwrap_or_default();
            let name = vendor_name(&vendor);
            (
                row.target.clone().unwrap_or_else(|| vendor.clone()),
                format!("{name} refused the stored keys of {who}'s connection. Apps using it fail until the keys are entered again."),
                format!("{origin}/settings/vendors/{vendor}/connect"),
                Some(vendor),
            )
        }
        Event::MemberAdded => (
            row.user_id.clone().unwrap_or_default(),
            match row.detail.as_deref() {
                Some(detail) => format!("{detail} joined {}.", tenant.1),
                None => format!("{who} joined {}.", tenant.1),
            },
            format!("{origin}/settings/members"),
            None,
        ),
        Event::TokenCreated => (
            row.target.clone().unwrap_or_else(|| row.id.to_string()),
            format!("{who} created a personal access token."),
            format!("{origin}/settings/account"),
            None,
        ),
        _ => return None,
    };
    Some(Alert {
        event,
        subject,
        organisation_id: tenant.0.to_owned(),
        organisation_name: tenant.1.to_owned(),
        vendor,
        text,
        url,
        occurred_at: now,
    })
}

/// Queues `alert` unless the same subject raised one within the hour; true when queued.
/// The hour is taken by one upsert (like the attempt counters), so two runs cannot both pass.
pub async fn raise(db: &Db, alert: &Alert, now: i64) -> Result<bool> {
    #[derive(Deserialize)]
    struct Raised {
        #[allow(dead_code)]
        raised_at: i64,
    }
    let taken: Option<Raised> = db
        .first(
            "INSERT INTO alert_dedup (tenant_id, key, raised_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (tenant_id, key) DO UPDATE SET raised_at = excluded.raised_at
              WHERE alert_dedup.raised_at <= ?3 - ?4
             RETURNING raised_at",
            params![
                alert.organisation_id.as_str(),
                alert.dedup_key(),
                now,
                DEDUP_SECONDS
            ],
        )
        .await?;
    if taken.is_none() {
        return Ok(false);
    }
    queue(db, alert, now).await?;
    Ok(true)
}

async fn queue(db: &Db, alert: &Alert, now: i64) -> Result<()> {
    db.run(
        "INSERT INTO alert_outbox (tenant_id, event, payload, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![
            alert.organisation_id.as_str(),
            alert.event.as_str(),
            alert.generic().to_string(),
            now
        ],
    )
    .await?;
    Ok(())
}

/// One organisation's run: raise what happened since the last scan and what the counters
/// show, then send what is due. The caller holds the sink's lease.
pub async fn run(db: &Db, config: &Config, sink: &Sink, now: i64) -> Result<(RunReport, i64)> {
    let mut report = RunReport::default();
    let name = tenant_name(db, &sink.tenant_id).await?;
    let tenant = (sink.tenant_id.as_str(), name.as_str());
    let latest = db
        .first::<MaxId>(
            "SELECT COALESCE(MAX(id), 0) AS id FROM audit_events WHERE tenant_id = ?1",
            params![sink.tenant_id.as_str()],
        )
        .await?
        .map_or(sink.cursor, |m| m.id);
    let rows: Vec<Scanned> = db
        .all(
            "SELECT a.id, a.action, a.vendor, a.target, a.detail, a.user_id, COALESCE(u.email, a.actor) AS email
               FROM audit_events a LEFT JOIN users u ON u.id = a.user_id
              WHERE a.tenant_id = ?1 AND a.id > ?2 AND a.id <= ?3
                AND a.action IN ('connection.needs_reauth', 'member.joined', 'token.created')
              ORDER BY a.id LIMIT ?4",
            params![sink.tenant_id.as_str(), sink.cursor, latest, SCAN_LIMIT],
        )
        .await?;
    let cursor = if rows.len() as i64 == SCAN_LIMIT {
        rows.last().map_or(latest, |r| r.id)
    } else {
        latest
    };
    for row in &rows {
        if let Some(alert) = from_audit(config, tenant, row, now) {
            if raise(db, &alert, now).await? {
                report.raised += 1;
            }
        }
    }
    let since = now - now.rem_euclid(60) - (usage::WINDOW_MINUTES - 1) * 60;
    for window in usage::store::tenant_window(db, &sink.tenant_id, since).await? {
        if usage::status(window.calls, window.failures) != "failing" {
            continue;
        }
        let name = vendor_name(&window.vendor);
        let alert = Alert {
            event: Event::VendorFailing,
            subject: window.vendor.clone(),
            organisation_id: sink.tenant_id.clone(),
            organisation_name: tenant.1.to_owned(),
            vendor: Some(window.vendor.clone()),
            text: format!(
                "{name} is failing for {}: {} of {} calls in the last {} minutes failed on {name}'s side (errors, timeouts or no connection).",
                tenant.1, window.failures, window.calls, usage::WINDOW_MINUTES
            ),
            url: format!("{}/settings/usage", config.origin()),
            occurred_at: now,
        };
        if raise(db, &alert, now).await? {
            report.raised += 1;
        }
    }
    let (sent, failed) = send_due(db, config, sink, now).await?;
    report.sent = sent;
    report.failed = failed;
    Ok((report, cursor))
}

#[derive(Debug, Clone, Deserialize)]
struct Queued {
    id: i64,
    event: String,
    payload: String,
    attempts: i64,
}

/// Sends the organisation's due alerts, oldest first; returns (sent, failed).
async fn send_due(db: &Db, config: &Config, sink: &Sink, now: i64) -> Result<(usize, usize)> {
    let queued: Vec<Queued> = db
        .all(
            "SELECT id, event, payload, attempts FROM alert_outbox
              WHERE tenant_id = ?1 AND delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= ?2
              ORDER BY id LIMIT ?3",
            params![sink.tenant_id.as_str(), now, SEND_LIMIT],
        )
        .await?;
    if queued.is_empty() {
        return Ok((0, 0));
    }
    let destination = match sink.open(&config.credential_keys) {
        Ok(destination) => destination,
        Err(error) => {
            worker::console_error!(
                "{}",
                serde_json::json!({ "event": "alert_sink_unopenable", "tenant": sink.tenant_id, "error": error.to_string() })
            );
            return Ok((0, queued.len()));
        }
    };
    let format = Format::parse(&sink.format).unwrap_or(Format::Generic);
    let (mut sent, mut failed) = (0, 0);
    for alert in queued {
        let attempt = deliver(&destination, format, &alert, now).await;
        record(db, config, &alert, &attempt, now).await?;
        if attempt.delivered() {
            sent += 1;
        } else {
            failed += 1;
        }
    }
    Ok((sent, failed))
}

async fn deliver(destination: &Destination, format: Format, alert: &Queued, now: i64) -> Attempt {
    let generic: Value = serde_json::from_str(&alert.payload).unwrap_or(Value::Null);
    let id = format!("alert_{}", alert.id);
    let body = format::body(format, &id, &generic).to_string();
    let mut headers = vec![
        ("x-gateway-event", alert.event.clone()),
        ("x-gateway-delivery", id),
    ];
    if let Some(token) = &destination.token {
        headers.push(("authorization", format!("Bearer {token}")));
    }
    webhooks::post(destination, "application/json", &headers, body, now).await
}

async fn record(
    db: &Db,
    config: &Config,
    alert: &Queued,
    attempt: &Attempt,
    now: i64,
) -> Result<()> {
    if attempt.delivered() {
        db.run(
            "UPDATE alert_outbox SET delivered_at = ?2, attempts = attempts + 1, last_status = ?3 WHERE id = ?1",
            params![alert.id, now, attempt.status()],
        )
        .await?;
    } else {
        let attempts = alert.attempts + 1;
        let next = now
            + sign::backoff(
                attempts,
                config.delivery_retry_first,
                config.delivery_retry_max,
            );
        let gave_up = (attempts >= MAX_ATTEMPTS).then_some(now);
        db.run(
            "UPDATE alert_outbox SET attempts = ?2, next_attempt_at = ?3, gave_up_at = ?4, last_status = ?5 WHERE id = ?1",
            params![alert.id, attempts, next, gave_up, attempt.status()],
        )
        .await?;
    }
    Ok(())
}

/// "Send test alert": queued outside deduplication and sent at once; the attempt is returned
/// for the page (a failure stays queued and is retried like any alert).
pub async fn send_test(db: &Db, config: &Config, sink: &Sink, now: i64) -> Result<Option<Attempt>> {
    let name = tenant_name(db, &sink.tenant_id).await?;
    let alert = Alert {
        event: Event::Test,
        subject: format!("test-{now}"),
        organisation_id: sink.tenant_id.clone(),
        organisation_name: name.clone(),
        vendor: None,
        text: format!("This is a test alert from MCP Gateway for {name}. Alerts arrive here."),
        url: format!("{}/settings/monitoring", config.origin()),
        occurred_at: now,
    };
    queue(db, &alert, now).await?;
    let queued: Option<Queued> = db
        .first(
            "SELECT id, event, payload, attempts FROM alert_outbox WHERE tenant_id = ?1 AND event = 'test' ORDER BY id DESC LIMIT 1",
            params![sink.tenant_id.as_str()],
        )
        .await?;
    let Some(queued) = queued else {
        return Ok(None);
    };
    let Ok(destination) = sink.open(&config.credential_keys) else {
        return Ok(None);
    };
    let format = Format::parse(&sink.format).unwrap_or(Format::Generic);
    let attempt = deliver(&destination, format, &queued, now).await;
    record(db, config, &queued, &attempt, now).await?;
    Ok(Some(attempt))
}

/// An alert as the settings page lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct Recent {
    pub id: i64,
    pub event: String,
    pub created_at: i64,
    pub attempts: i64,
    pub delivered_at: Option<i64>,
    pub gave_up_at: Option<i64>,
    pub next_attempt_at: i64,
    pub last_status: Option<String>,
}

/// The organisation's latest alerts.
pub async fn recent(db: &Db, tenant_id: &str, limit: i64) -> Result<Vec<Recent>> {
    db.all(
        "SELECT id, event, created_at, attempts, delivered_at, gave_up_at, next_attempt_at, last_status
           FROM alert_outbox WHERE tenant_id = ?1 ORDER BY id DESC LIMIT ?2",
        params![tenant_id, limit],
    )
    .await
}

/// Deletes sent and given-up alerts older than a week and deduplication marks older than a
/// day; returns how many rows went.
pub async fn purge(db: &Db, now: i64) -> Result<usize> {
    Ok(db
        .run(
            "DELETE FROM alert_outbox WHERE created_at < ?1 AND (delivered_at IS NOT NULL OR gave_up_at IS NOT NULL)",
            params![now - 7 * 86_400],
        )
        .await?
        + db.run(
            "DELETE FROM alert_dedup WHERE raised_at < ?1",
            params![now - 86_400],
        )
        .await?)
}

/// The webhooks kind alerts use.
pub const KIND: webhooks::Kind = webhooks::Kind::Alerts;

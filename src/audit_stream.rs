//! Audit streaming: every audit event of an organisation delivered, in order, to the HTTPS
//! endpoint its owner configured (`org_sinks`, kind `audit_stream`), as JSON lines, signed,
//! retried with backoff, at least once.
//!
//! The sink's `cursor` is the last event id the receiver took. A run (under the sink's lease,
//! so never two at once) posts the next events after the cursor, oldest first, in batches of
//! [`BATCH`]; the cursor moves only when the receiver answered 2xx, so a failure, a timeout or
//! a restart of the gateway sends the same events again later. Each line carries `event_id`
//! (stable for the event, for the receiver to deduplicate) and `sequence` (the order).
//!
//! Formats: `generic` posts `application/x-ndjson`, one event object per line; `splunk_hec`
//! posts the same events wrapped as Splunk HTTP Event Collector events
//! (`{"time", "host", "source", "sourcetype", "event"}`, newline-separated, which HEC's
//! `/services/collector/event` endpoint accepts as a batch) with `Authorization: Splunk
//! <token>`.

use crate::audit;
use crate::config::Config;
use crate::db::Db;
use crate::params;
use crate::webhooks::{self, Attempt, Destination, Sink};
use serde::Deserialize;
use serde_json::{json, Value};
use worker::Result;

/// Events per delivery.
pub const BATCH: i64 = 100;
/// Deliveries per organisation per run.
const BATCHES_PER_RUN: usize = 5;

/// The webhooks kind the stream uses.
pub const KIND: webhooks::Kind = webhooks::Kind::AuditStream;

/// How the receiver wants events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Generic,
    SplunkHec,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Generic, Format::SplunkHec];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generic => "generic",
            Self::SplunkHec => "splunk_hec",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Generic => "Generic (JSON lines)",
            Self::SplunkHec => "Splunk HTTP Event Collector",
        }
    }
}

/// A stored audit event as streamed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Row {
    pub id: i64,
    pub tenant_id: String,
    pub user_id: Option<String>,
    pub actor: Option<String>,
    pub action: String,
    pub outcome: String,
    pub vendor: Option<String>,
    pub target: Option<String>,
    pub detail: Option<String>,
    pub ip: Option<String>,
    pub created_at: i64,
}

/// One event as a JSON object. `origin` names the gateway, so ids stay unique across
/// gateways that stream to one SIEM.
pub fn event(origin_host: &str, row: &Row) -> Value {
    json!({
        "event_id": format!("{origin_host}:{}", row.id),
        "sequence": row.id,
        "time": audit::rfc3339(row.created_at),
        "organisation_id": row.tenant_id,
        "user_id": row.user_id,
        "actor": row.actor,
        "action": row.action,
        "outcome": row.outcome,
        "vendor": row.vendor,
        "target": row.target,
        "detail": row.detail,
        "ip": row.ip,
    })
}

/// The body of one delivery: one line per event, each ending in a newline.
pub fn body(format: Format, origin_host: &str, rows: &[Row]) -> String {
    let mut out = String::new();
    for row in rows {
        let line = match format {
            Format::Generic => event(origin_host, row),
            Format::SplunkHec => json!({
                "time": row.created_at,
                "host": origin_host,
                "source": "mcp-gateway",
                "sourcetype": "mcp_gateway:audit",
                "event": event(origin_host, row),
            }),
        };
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// What one organisation's run did.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct RunReport {
    pub delivered: usize,
    pub failed: bool,
}

/// Delivers what is after the cursor, in order, until caught up, a failure, or
/// [`BATCHES_PER_RUN`]. The caller holds the sink's lease and releases it with the returned
/// cursor and last attempt.
pub async fn run(
    db: &Db,
    config: &Config,
    sink: &Sink,
    now: i64,
) -> Result<(RunReport, i64, Option<Attempt>)> {
    let mut report = RunReport::default();
    let mut cursor = sink.cursor;
    let destination = match sink.open(&config.credential_keys) {
        Ok(destination) => destination,
        Err(error) => {
            worker::console_error!(
                "{}",
                json!({ "event": "audit_stream_unopenable", "tenant": sink.tenant_id, "error": error.to_string() })
            );
            report.failed = true;
            return Ok((report, cursor, Some(Attempt::Unreachable)));
        }
    };
    let format = Format::parse(&sink.format).unwrap_or(Format::Generic);
    let host = config
        .public_origin
        .host_str()
        .unwrap_or("gateway")
        .to_owned();
    let mut last = None;
    for _ in 0..BATCHES_PER_RUN {
        let rows: Vec<Row> = db
            .all(
                "SELECT id, tenant_id, user_id, actor, action, outcome, vendor, target, detail, ip, created_at
                   FROM audit_events WHERE tenant_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
                params![sink.tenant_id.as_str(), cursor, BATCH],
            )
            .await?;
        let Some(end) = rows.last().map(|r| r.id) else {
            break;
        };
        let attempt = deliver(&destination, format, &host, &rows, now).await;
        let delivered = attempt.delivered();
        last = Some(attempt);
        if !delivered {
            report.failed = true;
            break;
        }
        report.delivered += rows.len();
        cursor = end;
        if (rows.len() as i64) < BATCH {
            break;
        }
    }
    Ok((report, cursor, last))
}

async fn deliver(
    destination: &Destination,
    format: Format,
    host: &str,
    rows: &[Row],
    now: i64,
) -> Attempt {
    let (first, last) = (rows[0].id, rows[rows.len() - 1].id);
    let mut headers = vec![("x-gateway-delivery", format!("{host}:{first}-{last}"))];
    let content_type = match format {
        Format::Generic => {
            if let Some(token) = &destination.token {
                headers.push(("authorization", format!("Bearer {token}")));
            }
            "application/x-ndjson"
        }
        Format::SplunkHec => {
            if let Some(token) = &destination.token {
                headers.push(("authorization", format!("Splunk {token}")));
            }
            "application/json"
        }
    };
    webhooks::post(
        destination,
        content_type,
        &headers,
        body(format, host, rows),
        now,
    )
    .await
}

#[derive(Deserialize)]
struct Count {
    count: i64,
}

/// How many events wait after the cursor (for the settings page).
pub async fn pending(db: &Db, tenant_id: &str, cursor: i64) -> Result<i64> {
    Ok(db
        .first::<Count>(
            "SELECT COUNT(*) AS count FROM audit_events WHERE tenant_id = ?1 AND id > ?2",
            params![tenant_id, cursor],
        )
        .await?
        .map_or(0, |c| c.count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64) -> Row {
        Row {
            id,
            tenant_id: "ten_1".into(),
            user_id: Some("usr_1".into()),
            actor: Some("owner@msp.example".into()),
            action: "tool.called".into(),
            outcome: "success".into(),
            vendor: Some("datto-rmm".into()),
            target: Some("con_1".into()),
            detail: Some("{\"tool\":\"x\"}".into()),
            ip: None,
            created_at: 1_796_083_200,
        }
    }

    #[test]
    fn generic_lines_are_one_event_each_with_a_stable_id() {
        let text = body(Format::Generic, "mcp.example.com", &[row(7), row(8)]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(text.ends_with('\n'));
        let first: Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["event_id"], "mcp.example.com:7");
        assert_eq!(first["sequence"], 7);
        assert_eq!(first["time"], "2026-12-01T00:00:00Z");
        assert_eq!(first["action"], "tool.called");
        assert_eq!(first["detail"], "{\"tool\":\"x\"}");
    }

    #[test]
    fn splunk_lines_wrap_the_same_event() {
        let text = body(Format::SplunkHec, "mcp.example.com", &[row(9)]);
        let line: Value = serde_json::from_str(text.trim_end()).unwrap();
        assert_eq!(line["time"], 1_796_083_200);
        assert_eq!(line["sourcetype"], "mcp_gateway:audit");
        assert_eq!(line["event"], event("mcp.example.com", &row(9)));
    }
}

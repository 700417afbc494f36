//! `/settings/monitoring`: the organisation's alert webhook and audit stream. Owners set,
//! test and remove them; admins see their status; members are told who to ask.
//!
//! Saving shows the signing secret once (receivers verify `X-Gateway-Signature` with it); the
//! page afterwards shows only the receiver's host, never the URL's path or query (for Slack
//! and Teams those are the credential) nor any token.

use super::{back, notice, or_respond, signed_in, signed_in_form, when, SignedIn};
use crate::alerts::{self, format::Event, format::Format as AlertFormat};
use crate::audit::Action;
use crate::audit_stream::{self, Format as StreamFormat};
use crate::config::{Config, Environment};
use crate::db::{self, Db};
use crate::http;
use crate::ui::pages::{AlertRow, MonitoringPage, SecretView, SinkView};
use crate::ui::render;
use crate::webhooks::{self, sign, url, Destination, Kind, Sink};
use worker::{Request, Response, Result};

/// The longest receiver token accepted.
const MAX_TOKEN_CHARS: usize = 512;

fn is_owner(signed_in: &SignedIn) -> bool {
    signed_in.user.role == "owner"
}

/// What the page shows besides the stored state after an action.
#[derive(Default)]
struct Shown {
    error: Option<String>,
    secret: Option<SecretView>,
    test_result: Option<String>,
    notice: Option<&'static str>,
}

fn view(sink: &Sink, label: &str, pending: Option<i64>) -> SinkView {
    SinkView {
        host: sink.host.clone(),
        format: label.to_owned(),
        last_status: sink
            .last_status
            .clone()
            .unwrap_or_else(|| "none yet".into()),
        last_attempt: when(sink.last_attempt_at),
        last_success: when(sink.last_success_at),
        failures: sink.failures,
        next_attempt: (sink.failures > 0).then(|| when(Some(sink.next_attempt_at))),
        cursor: sink.cursor,
        pending,
    }
}

async fn render_page(signed_in: &SignedIn, db: &Db, status: u16, shown: Shown) -> Result<Response> {
    let tenant_id = &signed_in.user.tenant_id;
    let can_view = signed_in.is_admin();
    let (alerts_sink, stream_sink, recent) = if can_view {
        (
            webhooks::find(db, tenant_id, Kind::Alerts).await?,
            webhooks::find(db, tenant_id, Kind::AuditStream).await?,
            alerts::recent(db, tenant_id, 10).await?,
        )
    } else {
        (None, None, Vec::new())
    };
    let alerts_view = alerts_sink.as_ref().map(|sink| {
        let label = AlertFormat::parse(&sink.format).map_or("", AlertFormat::label);
        let mut shown = view(sink, label, None);
        // Alerts are retried one by one: the latest alert's answer is the webhook's status.
        if let Some(latest) = recent.first() {
            shown.last_status = format!(
                "{} for alert_{} ({})",
                latest.last_status.as_deref().unwrap_or("not sent yet"),
                latest.id,
                latest.event
            );
        }
        shown
    });
    let stream_view = match &stream_sink {
        Some(sink) => {
            let label = StreamFormat::parse(&sink.format).map_or("", StreamFormat::label);
            let pending = audit_stream::pending(db, tenant_id, sink.cursor).await?;
            Some(view(sink, label, Some(pending)))
        }
        None => None,
    };
    let recent = recent
        .into_iter()
        .map(|alert| AlertRow {
            id: alert.id,
            event: alert.event,
            created: when(Some(alert.created_at)),
            state: if alert.delivered_at.is_some() {
                "delivered".to_owned()
            } else if alert.gave_up_at.is_some() {
                "given up".to_owned()
            } else if alert.attempts == 0 {
                "queued".to_owned()
            } else {
                format!("retrying at {}", when(Some(alert.next_attempt_at)))
            },
            attempts: alert.attempts,
            last_status: alert.last_status.unwrap_or_default(),
        })
        .collect();
    let page = MonitoringPage {
        nav: signed_in.nav("/settings/monitoring", shown.notice),
        can_view,
        can_edit: is_owner(signed_in),
        error: shown.error,
        secret: shown.secret,
        test_result: shown.test_result,
        alerts: alerts_view,
        stream: stream_view,
        recent,
        alert_formats: AlertFormat::ALL
            .iter()
            .map(|f| (f.as_str(), f.label()))
            .collect(),
        stream_formats: StreamFormat::ALL
            .iter()
            .map(|f| (f.as_str(), f.label()))
            .collect(),
        events: Event::ALL
            .iter()
            .filter(|e| **e != Event::Test)
            .map(|e| (e.as_str(), e.title()))
            .collect(),
    };
    signed_in.page(status, render(&page))
}

/// `GET /settings/monitoring`.
pub async fn show(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    let shown = Shown {
        notice: notice(query.get("notice")),
        ..Shown::default()
    };
    render_page(&signed_in, db, 200, shown).await
}

async fn not_owner(signed_in: &SignedIn, db: &Db) -> Result<Response> {
    let shown = Shown {
        error: Some("Only an owner of the organisation can change alerts and streaming.".into()),
        ..Shown::default()
    };
    render_page(signed_in, db, 403, shown).await
}

async fn refused(signed_in: &SignedIn, db: &Db, message: String) -> Result<Response> {
    let shown = Shown {
        error: Some(message),
        ..Shown::default()
    };
    render_page(signed_in, db, 400, shown).await
}

/// The URL and token of a posted form, checked; `Err` holds the message for the page.
fn destination(
    config: &Config,
    form: &crate::form::Form,
    token_required: bool,
) -> std::result::Result<(Destination, String), String> {
    let development = config.environment == Environment::Development;
    let url = url::validate(form.get("url").unwrap_or(""), development)
        .map_err(|e| format!("Receiver URL: {e}."))?;
    let token = form
        .get("token")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    match &token {
        Some(token) if token.chars().count() > MAX_TOKEN_CHARS => {
            return Err(format!("Token: at most {MAX_TOKEN_CHARS} characters."))
        }
        Some(token) if token.chars().any(char::is_control) => {
            return Err("Token: it cannot contain control characters.".into())
        }
        None if token_required => {
            return Err("Token: Splunk HEC needs the collector's token.".into())
        }
        _ => {}
    }
    let host = url::display_host(&url);
    Ok((
        Destination {
            url: url.to_string(),
            secret: sign::new_secret(),
            token,
        },
        host,
    ))
}

/// `POST /settings/monitoring/alerts`: saves the alert webhook (owners).
pub async fn save_alerts(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    if !is_owner(&signed_in) {
        return not_owner(&signed_in, db).await;
    }
    let Some(format) = form.get("format").and_then(AlertFormat::parse) else {
        return refused(
            &signed_in,
            db,
            "Format: choose Generic JSON, Slack or Microsoft Teams.".into(),
        )
        .await;
    };
    let (destination, host) = match destination(config, &form, false) {
        Ok(found) => found,
        Err(message) => return refused(&signed_in, db, message).await,
    };
    save(
        &req,
        config,
        db,
        &signed_in,
        Kind::Alerts,
        format.as_str(),
        &host,
        destination,
    )
    .await
}

/// `POST /settings/monitoring/stream`: saves the audit stream endpoint (owners).
pub async fn save_stream(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    if !is_owner(&signed_in) {
        return not_owner(&signed_in, db).await;
    }
    let Some(format) = form.get("format").and_then(StreamFormat::parse) else {
        return refused(
            &signed_in,
            db,
            "Format: choose Generic or Splunk HEC.".into(),
        )
        .await;
    };
    let needs_token = format == StreamFormat::SplunkHec;
    let (destination, host) = match destination(config, &form, needs_token) {
        Ok(found) => found,
        Err(message) => return refused(&signed_in, db, message).await,
    };
    save(
        &req,
        config,
        db,
        &signed_in,
        Kind::AuditStream,
        format.as_str(),
        &host,
        destination,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn save(
    req: &Request,
    config: &Config,
    db: &Db,
    signed_in: &SignedIn,
    kind: Kind,
    format: &str,
    host: &str,
    destination: Destination,
) -> Result<Response> {
    let now = db::now();
    let ip = http::client_ip(req);
    let action = match kind {
        Kind::Alerts => Action::AlertsConfigured,
        Kind::AuditStream => Action::AuditStreamConfigured,
    };
    let detail = format!("{host} ({format})");
    db.batch(vec![
        webhooks::save(
            &config.credential_keys,
            &signed_in.user.tenant_id,
            kind,
            format,
            host,
            &destination,
            now,
        ),
        signed_in.event(action, &ip).detail(&detail).statement(now),
    ])
    .await?;
    let which = match kind {
        Kind::Alerts => "alerts",
        Kind::AuditStream => "audit stream",
    };
    let shown = Shown {
        secret: Some(SecretView {
            which,
            value: destination.secret,
        }),
        ..Shown::default()
    };
    render_page(signed_in, db, 200, shown).await
}

/// `POST /settings/monitoring/alerts/test`: sends a test alert now and shows what the
/// receiver answered (owners).
pub async fn test_alert(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, _form) = or_respond!(signed_in_form(&mut req, config, db).await);
    if !is_owner(&signed_in) {
        return not_owner(&signed_in, db).await;
    }
    let tenant_id = signed_in.user.tenant_id.clone();
    let Some(sink) = webhooks::find(db, &tenant_id, Kind::Alerts).await? else {
        return refused(&signed_in, db, "Set an alert webhook first.".into()).await;
    };
    let now = db::now();
    let attempt = alerts::send_test(db, config, &sink, now).await?;
    let (result, ok) = match &attempt {
        Some(attempt) if attempt.delivered() => (
            format!(
                "Test alert delivered: the receiver answered {}.",
                attempt.status()
            ),
            true,
        ),
        Some(attempt) => (
            format!(
                "Test alert not delivered: {}. It will be retried; check the URL and the receiver.",
                attempt.status()
            ),
            false,
        ),
        None => (
            "Test alert not sent: the stored webhook could not be opened. Save it again.".into(),
            false,
        ),
    };
    let ip = http::client_ip(&req);
    let status = attempt.as_ref().map(|a| a.status()).unwrap_or_default();
    let event = signed_in.event(Action::AlertTested, &ip).detail(&status);
    let event = if ok { event } else { event.failed() };
    event.record(db, now).await?;
    let shown = Shown {
        test_result: Some(result),
        ..Shown::default()
    };
    render_page(&signed_in, db, 200, shown).await
}

/// `POST /settings/monitoring/remove` with `kind=alerts|audit_stream` (owners).
pub async fn remove(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    if !is_owner(&signed_in) {
        return not_owner(&signed_in, db).await;
    }
    let Some(kind) = form.get("kind").and_then(Kind::parse) else {
        return refused(&signed_in, db, "Nothing to remove.".into()).await;
    };
    let now = db::now();
    let ip = http::client_ip(&req);
    let (action, code) = match kind {
        Kind::Alerts => (Action::AlertsRemoved, "alerts_removed"),
        Kind::AuditStream => (Action::AuditStreamRemoved, "stream_removed"),
    };
    let mut statements = webhooks::remove(&signed_in.user.tenant_id, kind);
    statements.push(signed_in.event(action, &ip).statement(now));
    db.batch(statements).await?;
    back(&signed_in, "/settings/monitoring", code)
}

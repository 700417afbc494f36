//! `/settings/audit`: the audit log, newest first, 50 per page, and its export as CSV or
//! JSON. Members see their own events; owners and admins see the whole tenant's.

use super::{notice, or_respond, signed_in, when, SignedIn};
use crate::audit::{self, Entry, Visibility};
use crate::config::Config;
use crate::db::Db;
use crate::http;
use crate::ui::pages::{AuditLog, AuditRow};
use crate::ui::render;
use worker::{Request, Response, Result};

const PAGE_SIZE: i64 = 50;
/// The most entries one export holds (a year of a busy user is far less).
const EXPORT_LIMIT: i64 = 10_000;

fn visibility(signed_in: &SignedIn) -> Visibility<'_> {
    let user = &signed_in.user;
    if signed_in.is_admin() {
        Visibility::Tenant {
            tenant_id: &user.tenant_id,
        }
    } else {
        Visibility::User {
            tenant_id: &user.tenant_id,
            user_id: &user.user_id,
        }
    }
}

/// `GET /settings/audit[?before=<id>]`.
pub async fn show(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    let before = query.get("before").and_then(|v| v.parse::<i64>().ok());
    // One extra row says whether an older page exists.
    let mut entries = audit::list(db, visibility(&signed_in), before, PAGE_SIZE + 1).await?;
    let older = if entries.len() as i64 > PAGE_SIZE {
        entries.truncate(PAGE_SIZE as usize);
        entries.last().map(|e| format!("before={}", e.id))
    } else {
        None
    };
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            time: when(Some(e.created_at)),
            actor: e.actor.unwrap_or_else(|| "gateway".into()),
            description: audit::describe(&e.action),
            action: e.action,
            outcome: e.outcome,
            vendor: e
                .vendor
                .map(|id| crate::vendors::find(&id).map_or(id.clone(), |v| v.name.to_owned()))
                .unwrap_or_default(),
            detail: e.detail.unwrap_or_default(),
        })
        .collect();
    let page = AuditLog {
        nav: signed_in.nav("/settings/audit", notice(query.get("notice"))),
        rows,
        tenant_wide: signed_in.is_admin(),
        older,
    };
    signed_in.page(200, render(&page))
}

/// `GET /settings/audit/export?format=csv|json`: a download of the visible entries.
pub async fn export(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    let entries: Vec<Entry> = audit::list(db, visibility(&signed_in), None, EXPORT_LIMIT).await?;
    let (mut response, extension) = match query.get("format") {
        Some("json") | None => (
            http::json(
                200,
                &serde_json::json!({ "entries": entries.iter().map(export_entry).collect::<Vec<_>>() }),
            )?,
            "json",
        ),
        Some("csv") => {
            let mut response = worker::Response::ok(audit::to_csv(&entries))?;
            http::set_header(&mut response, "content-type", "text/csv; charset=utf-8")?;
            (response, "csv")
        }
        Some(_) => {
            return http::error(400, "invalid_format", "format must be csv or json");
        }
    };
    http::set_header(
        &mut response,
        "content-disposition",
        &format!("attachment; filename=\"audit-log.{extension}\""),
    )?;
    http::set_header(&mut response, "cache-control", "no-store")?;
    signed_in.browser.finish(response)
}

fn export_entry(entry: &Entry) -> serde_json::Value {
    serde_json::json!({
        "id": entry.id,
        "time": audit::rfc3339(entry.created_at),
        "actor": entry.actor,
        "action": entry.action,
        "outcome": entry.outcome,
        "vendor": entry.vendor,
        "target": entry.target,
        "detail": entry.detail,
        "ip": entry.ip,
    })
}

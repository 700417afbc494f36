//! `/settings/pauses`: the kill switches. The operator's paused vendors (shown, set by
//! `PAUSED_VENDORS`), the organisation's pause, and each connection's, with who paused what
//! and since when; forms to pause and resume under the rules of `src/killswitch.rs`.
//!
//! Each switch is one D1 batch: the change and its audit event. Nothing else needs to be
//! told: the endpoint reads both stored switches with the grant on every request.

use super::{notice, or_respond, signed_in, signed_in_form, when, SignedIn};
use crate::audit::Action;
use crate::config::Config;
use crate::db::{self, Db, Statement};
use crate::http;
use crate::killswitch;
use crate::params;
use crate::ui::pages::{PausableView, PausedView, Pauses};
use crate::ui::render;
use crate::vendors;
use serde::Deserialize;
use worker::{Request, Response, Result};

/// A connection as this page lists it.
#[derive(Debug, Deserialize)]
struct ConnectionRow {
    id: String,
    vendor: String,
    label: String,
    user_id: String,
    owner_email: String,
    paused_at: Option<i64>,
    paused_by: Option<String>,
    paused_by_email: Option<String>,
}

/// The tenant's live connections (only `user_id`'s when given), with their owner and pauser.
async fn connections(
    db: &Db,
    tenant_id: &str,
    user_id: Option<&str>,
    id: Option<&str>,
) -> Result<Vec<ConnectionRow>> {
    db.all(
        "SELECT c.id, c.vendor, c.label, c.user_id, owner.email AS owner_email,
                c.paused_at, c.paused_by, pauser.email AS paused_by_email
           FROM vendor_connections c
           JOIN users owner ON owner.id = c.user_id
           LEFT JOIN users pauser ON pauser.id = c.paused_by
          WHERE c.tenant_id = ?1 AND c.status != 'revoked'
            AND (?2 IS NULL OR c.user_id = ?2) AND (?3 IS NULL OR c.id = ?3)
          ORDER BY c.vendor, owner.email, c.created_at",
        params![tenant_id, user_id, id],
    )
    .await
}

/// The organisation's pause, if it is paused.
#[derive(Debug, Deserialize)]
struct TenantPause {
    paused_at: Option<i64>,
    paused_by_email: Option<String>,
}

async fn tenant_pause(db: &Db, tenant_id: &str) -> Result<Option<PausedView>> {
    let row: Option<TenantPause> = db
        .first(
            "SELECT t.paused_at, u.email AS paused_by_email
               FROM tenants t LEFT JOIN users u ON u.id = t.paused_by WHERE t.id = ?1",
            params![tenant_id],
        )
        .await?;
    Ok(row.and_then(|row| paused_view(row.paused_at, row.paused_by_email)))
}

/// "by whom, since when" for a pause, if there is one.
fn paused_view(paused_at: Option<i64>, by: Option<String>) -> Option<PausedView> {
    paused_at.map(|at| PausedView {
        by: by.unwrap_or_else(|| "a former member".into()),
        since: when(Some(at)),
    })
}

/// This page's notices, beside the shared ones.
fn pause_notice(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "connection_paused" => {
            "Connection paused. Its tool calls are answered without reaching the vendor until it is resumed."
        }
        "connection_resumed" => "Connection resumed. The next tool call reaches the vendor.",
        "organisation_paused" => {
            "Every connection of the organisation is paused. Tool calls are answered without reaching any vendor."
        }
        "organisation_resumed" => "The organisation's connections are resumed.",
        other => return notice(Some(other)),
    })
}

async fn render_page(
    signed_in: &SignedIn,
    config: &Config,
    db: &Db,
    status: u16,
    notice_code: Option<&str>,
    error: Option<String>,
) -> Result<Response> {
    let user = &signed_in.user;
    let every_member = signed_in.is_admin();
    let only = (!every_member).then_some(user.user_id.as_str());
    let rows = connections(db, &user.tenant_id, only, None).await?;
    let page = Pauses {
        nav: signed_in.nav("/settings/pauses", pause_notice(notice_code)),
        operator_paused: config
            .paused_vendors
            .iter()
            .filter_map(|id| vendors::find(id).map(|v| v.name))
            .collect(),
        organisation: tenant_pause(db, &user.tenant_id).await?,
        can_switch_organisation: killswitch::may_switch_organisation(&user.role).is_ok(),
        connections: rows
            .into_iter()
            .filter_map(|row| {
                let vendor = vendors::find(&row.vendor)?;
                Some(PausableView {
                    is_own: row.user_id == user.user_id,
                    operator_paused: config.operator_paused(vendor.id),
                    paused: paused_view(row.paused_at, row.paused_by_email),
                    id: row.id,
                    vendor_name: vendor.name,
                    label: row.label,
                    owner: row.owner_email,
                })
            })
            .collect(),
        every_member,
        error,
    };
    signed_in.page(status, render(&page))
}

/// `GET /settings/pauses`.
pub async fn show(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    render_page(&signed_in, config, db, 200, query.get("notice"), None).await
}

/// Which way a form flips a switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Switch {
    Pause,
    Resume,
}

impl Switch {
    fn read(value: Option<&str>) -> Option<Self> {
        match value? {
            "pause" => Some(Self::Pause),
            "resume" => Some(Self::Resume),
            _ => None,
        }
    }
}

/// The page again with a refusal (403) or a bad form (400).
async fn refuse(
    signed_in: &SignedIn,
    config: &Config,
    db: &Db,
    status: u16,
    message: String,
) -> Result<Response> {
    render_page(signed_in, config, db, status, None, Some(message)).await
}

/// `POST /settings/pauses/connection` (`connection`, `switch` = `pause` | `resume`).
pub async fn switch_connection(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let Some(switch) = Switch::read(form.get("switch")) else {
        let message = "Choose pause or resume.".to_owned();
        return refuse(&signed_in, config, db, 400, message).await;
    };
    let user = &signed_in.user;
    let id = form.get("connection").unwrap_or("");
    let Some(row) = connections(db, &user.tenant_id, None, Some(id))
        .await?
        .into_iter()
        .next()
    else {
        return super::back(&signed_in, "/settings/pauses", "not_found");
    };
    let allowed = match switch {
        Switch::Pause => killswitch::may_pause_connection(&user.role, &user.user_id, &row.user_id),
        Switch::Resume => killswitch::may_resume_connection(
            &user.role,
            &user.user_id,
            &row.user_id,
            row.paused_by.as_deref(),
        ),
    };
    if let Err(refusal) = allowed {
        return refuse(&signed_in, config, db, 403, refusal.to_string()).await;
    }
    let now = db::now();
    let (change, action, code) = match switch {
        Switch::Pause => (
            Statement::new(
                "UPDATE vendor_connections SET paused_at = ?3, paused_by = ?4
                  WHERE id = ?2 AND tenant_id = ?1 AND status != 'revoked' AND paused_at IS NULL",
                params![
                    user.tenant_id.as_str(),
                    row.id.as_str(),
                    now,
                    user.user_id.as_str()
                ],
            ),
            Action::ConnectionPaused,
            "connection_paused",
        ),
        Switch::Resume => (
            Statement::new(
                "UPDATE vendor_connections SET paused_at = NULL, paused_by = NULL
                  WHERE id = ?2 AND tenant_id = ?1",
                params![user.tenant_id.as_str(), row.id.as_str()],
            ),
            Action::ConnectionResumed,
            "connection_resumed",
        ),
    };
    // Flipping a switch to where it already is changes nothing and records nothing.
    if row.paused_at.is_some() == (switch == Switch::Pause) {
        return super::back(&signed_in, "/settings/pauses", code);
    }
    let ip = http::client_ip(&req);
    // The owner's email first: an account deletion puts its pseudonym in its place
    // (`audit::pseudonymise`).
    let detail = format!("{}: {}", row.owner_email, row.label);
    let event = signed_in
        .event(action, &ip)
        .on(Some(&row.vendor), &row.id)
        .detail(&detail);
    db.batch(vec![change, event.statement(now)]).await?;
    super::back(&signed_in, "/settings/pauses", code)
}

/// `POST /settings/pauses/organisation` (`switch` = `pause` | `resume`): owners and admins.
pub async fn switch_organisation(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let user = &signed_in.user;
    if let Err(refusal) = killswitch::may_switch_organisation(&user.role) {
        return refuse(&signed_in, config, db, 403, refusal.to_string()).await;
    }
    let Some(switch) = Switch::read(form.get("switch")) else {
        let message = "Choose pause or resume.".to_owned();
        return refuse(&signed_in, config, db, 400, message).await;
    };
    let paused = tenant_pause(db, &user.tenant_id).await?.is_some();
    let (change, action, code) = match switch {
        Switch::Pause => (
            Statement::new(
                "UPDATE tenants SET paused_at = ?2, paused_by = ?3 WHERE id = ?1 AND paused_at IS NULL",
                params![user.tenant_id.as_str(), db::now(), user.user_id.as_str()],
            ),
            Action::OrganisationPaused,
            "organisation_paused",
        ),
        Switch::Resume => (
            Statement::new(
                "UPDATE tenants SET paused_at = NULL, paused_by = NULL WHERE id = ?1",
                params![user.tenant_id.as_str()],
            ),
            Action::OrganisationResumed,
            "organisation_resumed",
        ),
    };
    if paused == (switch == Switch::Pause) {
        return super::back(&signed_in, "/settings/pauses", code);
    }
    let ip = http::client_ip(&req);
    let event = signed_in
        .event(action, &ip)
        .on(None, &user.tenant_id)
        .detail(&user.tenant_name);
    db.batch(vec![change, event.statement(db::now())]).await?;
    super::back(&signed_in, "/settings/pauses", code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_and_notices() {
        assert_eq!(Switch::read(Some("pause")), Some(Switch::Pause));
        assert_eq!(Switch::read(Some("resume")), Some(Switch::Resume));
        assert_eq!(Switch::read(Some("toggle")), None);
        assert_eq!(Switch::read(None), None);
        assert!(pause_notice(Some("connection_paused"))
            .unwrap()
            .starts_with("Connection paused"));
        assert_eq!(
            pause_notice(Some("not_found")),
            notice(Some("not_found")),
            "the shared notices still show"
        );
        assert_eq!(pause_notice(Some("<b>")), None);
        assert!(killswitch::Refusal::PausedByAdmin
            .to_string()
            .contains("owner or admin"));
        let view = paused_view(Some(1_763_733_900), None).unwrap();
        assert_eq!(view.by, "a former member");
        assert_eq!(view.since, "2025-11-21 14:05 UTC");
        assert!(paused_view(None, Some("x@y".into())).is_none());
    }
}

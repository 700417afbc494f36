//! `/settings/vendors`: the user's connections per vendor, with "Test connection",
//! "Update keys" and "Disconnect".

use super::{back, notice, or_respond, signed_in, signed_in_form, when, SignedIn};
use crate::audit::Action;
use crate::config::Config;
use crate::db::{self, Db};
use crate::form::Form;
use crate::http;
use crate::tools::{Catalog, Selection};
use crate::ui::pages::{self, ConnectionView, ToolsetView, VendorRow};
use crate::ui::render;
use crate::vault::connections::{self, status, Connection};
use crate::vendors::engine::{self, Target};
use crate::vendors::kit::fields::FieldKind;
use crate::vendors::kit::upstream::UpstreamError;
use crate::vendors::{self, Vendor, VENDORS};
use std::collections::BTreeMap;
use worker::{Env, Request, Response, Result};

/// A stored connection as the pages show it.
pub fn view(connection: &Connection) -> Option<ConnectionView> {
    let vendor = vendors::find(&connection.vendor)?;
    let status_label = match connection.status.as_str() {
        status::ACTIVE => "Active",
        status::NEEDS_REAUTH => "Needs new keys",
        _ => "Disconnected",
    };
    Some(ConnectionView {
        id: connection.id.clone(),
        vendor_id: vendor.id,
        vendor_name: vendor.name,
        label: connection.label.clone(),
        status: connection.status.clone(),
        status_label,
        status_reason: connection
            .status_reason
            .clone()
            .filter(|_| connection.status == status::NEEDS_REAUTH),
        summary: summary(vendor, &connection.settings),
        created: when(Some(connection.created_at)),
        last_used: when(connection.last_used_at),
        last_verified: when(connection.last_verified_at),
        testable: vendor.api.is_some(),
        toolsets: toolset_views(vendor, connection.toolsets.as_deref()),
        paused_since: connection.paused_at.map(|at| when(Some(at))),
    })
}

/// The vendor's toolsets, ticked as the connection chose (the defaults when it did not).
fn toolset_views(vendor: &Vendor, stored: Option<&str>) -> Vec<ToolsetView> {
    let Some(catalog) = vendor.catalog() else {
        return Vec::new();
    };
    let selection = stored
        .and_then(|text| Selection::parse(text, catalog).ok())
        .unwrap_or(Selection::Default);
    catalog
        .toolsets
        .iter()
        .map(|set| ToolsetView {
            name: set.name,
            description: set.description,
            checked: selection.includes(catalog, set.name),
            tools: catalog
                .tools
                .iter()
                .filter(|t| t.toolset == set.name)
                .count(),
        })
        .collect()
}

/// The selection the ticked toolsets make: `None` (the defaults) when they are exactly the
/// defaults, `all` when they are all, else the names; an error when none is ticked.
fn chosen_toolsets(catalog: &Catalog, ticked: &[&str]) -> std::result::Result<Selection, String> {
    let named = Selection::parse(&ticked.join(","), catalog).map_err(|error| error.to_string())?;
    let chosen: Vec<&str> = catalog
        .toolsets
        .iter()
        .filter(|set| named.includes(catalog, set.name) && !ticked.is_empty())
        .map(|set| set.name)
        .collect();
    if chosen.is_empty() {
        return Err("Choose at least one toolset: an app with no tools cannot do anything.".into());
    }
    let defaults: Vec<&str> = catalog
        .toolsets
        .iter()
        .filter(|s| s.default)
        .map(|s| s.name)
        .collect();
    Ok(if chosen == defaults {
        Selection::Default
    } else if chosen.len() == catalog.toolsets.len() {
        Selection::All
    } else {
        Selection::Named(chosen.into_iter().map(str::to_owned).collect())
    })
}

/// `POST /settings/connections/toolsets`: the toolsets the connection's apps see by default.
pub async fn set_toolsets(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let Some(connection) = posted_connection(&signed_in, db, &form).await? else {
        return back(&signed_in, "/settings/vendors", "not_found");
    };
    let Some(catalog) = vendors::find(&connection.vendor).and_then(Vendor::catalog) else {
        return back(&signed_in, "/settings/vendors", "not_found");
    };
    let selection = match chosen_toolsets(catalog, &form.all("toolset")) {
        Ok(selection) => selection,
        Err(message) => return render_page(&signed_in, db, None, Some(message)).await,
    };
    let stored = selection.stored();
    let now = db::now();
    let user = &signed_in.user;
    connections::set_toolsets(
        db,
        &user.tenant_id,
        &user.user_id,
        &connection.id,
        stored.as_deref(),
        now,
    )
    .await?;
    signed_in
        .event(Action::ConnectionUpdated, &http::client_ip(&req))
        .on(Some(&connection.vendor), &connection.id)
        .detail(&format!(
            "toolsets: {}",
            stored.as_deref().unwrap_or("the defaults")
        ))
        .record(db, now)
        .await?;
    back(&signed_in, "/settings/vendors", "toolsets_saved")
}

/// The plain settings in words: `Platform: Merlot`.
fn summary(vendor: &Vendor, settings: &str) -> String {
    let values: BTreeMap<String, String> = serde_json::from_str(settings).unwrap_or_default();
    vendor
        .connect
        .fields
        .iter()
        .filter_map(|field| {
            let value = values.get(field.name)?;
            let shown = match &field.kind {
                FieldKind::Choice(choices) | FieldKind::Site(choices) => choices
                    .iter()
                    .find(|c| c.value == value)
                    .map_or(value.as_str(), |c| c.label),
                _ => value.as_str(),
            };
            Some(format!("{}: {shown}", field.label))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

async fn render_page(
    signed_in: &SignedIn,
    db: &Db,
    notice_code: Option<&str>,
    error: Option<String>,
) -> Result<Response> {
    render_page_with_budgets(signed_in, db, notice_code, error, None).await
}

/// The page, with the usage panels of the person's vendor accounts when `budgets` gives the
/// Worker's environment to ask their governors (`settings/budgets.rs`).
async fn render_page_with_budgets(
    signed_in: &SignedIn,
    db: &Db,
    notice_code: Option<&str>,
    error: Option<String>,
    budgets: Option<(&Env, &Config)>,
) -> Result<Response> {
    let user = &signed_in.user;
    let stored = connections::list(db, &user.tenant_id, &user.user_id).await?;
    let budgets = match budgets {
        Some((env, config)) => super::budgets::panels(env, config, &user.tenant_id, &stored).await,
        None => Vec::new(),
    };
    let rows = VENDORS
        .iter()
        .map(|vendor| VendorRow {
            id: vendor.id,
            name: vendor.name,
            category: vendor.category,
            connections: stored
                .iter()
                .filter(|c| c.vendor == vendor.id && c.status != status::REVOKED)
                .filter_map(view)
                .collect(),
        })
        .collect();
    let status = if error.is_some() { 422 } else { 200 };
    let page = pages::Vendors {
        nav: signed_in.nav("/settings/vendors", notice(notice_code)),
        vendors: rows,
        error,
        budgets,
    };
    signed_in.page(status, render(&page))
}

/// `GET /settings/vendors`.
pub async fn show(req: Request, env: &Env, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    render_page_with_budgets(
        &signed_in,
        db,
        query.get("notice"),
        None,
        Some((env, config)),
    )
    .await
}

/// The user's connection named by the form's `connection` field, if it is still theirs.
async fn posted_connection(
    signed_in: &SignedIn,
    db: &Db,
    form: &Form,
) -> Result<Option<Connection>> {
    let Some(id) = form.get("connection") else {
        return Ok(None);
    };
    let user = &signed_in.user;
    Ok(connections::find(db, &user.tenant_id, &user.user_id, id)
        .await?
        .filter(|c| c.status != status::REVOKED))
}

/// `POST /settings/connections/test`: runs the vendor's verify call with the stored keys.
pub async fn test(mut req: Request, env: &Env, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let Some(connection) = posted_connection(&signed_in, db, &form).await? else {
        return back(&signed_in, "/settings/vendors", "not_found");
    };
    let Some(vendor) = vendors::find(&connection.vendor) else {
        return back(&signed_in, "/settings/vendors", "not_found");
    };
    let user = &signed_in.user;
    let ip = http::client_ip(&req);
    let audit = |action| {
        signed_in
            .event(action, &ip)
            .on(Some(vendor.id), &connection.id)
    };
    let Some(api) = vendor.api else {
        return back(&signed_in, "/settings/vendors", "not_found");
    };
    let now = db::now();
    let credentials = match connection.open(&config.credential_keys) {
        Ok(credentials) => credentials,
        Err(error) => {
            // The details (key versions, tampering) are for operators, not for the page.
            worker::console_error!(
                "{}",
                serde_json::json!({ "event": "connection_unopenable", "connection": connection.id, "error": error.to_string() })
            );
            let reason = "The stored keys could not be opened. Enter them again with Update keys."
                .to_owned();
            connections::record_check(db, &connection, Some(&reason), now).await?;
            audit(Action::ConnectionTested)
                .detail(&reason)
                .failed()
                .record(db, now)
                .await?;
            return render_page(&signed_in, db, None, Some(reason)).await;
        }
    };
    audit(Action::ConnectionUnsealed)
        .detail("for a connection test")
        .record(db, now)
        .await?;
    let target = Target {
        vendor,
        upstream: &api.upstream,
        credentials: &credentials,
        tenant_id: &user.tenant_id,
        user_id: &user.user_id,
        connection_id: &connection.id,
        fingerprint: &connection.fingerprint(),
        timings: None,
    };
    match engine::verify(env, config, &target).await {
        Ok(_) => {
            connections::record_check(db, &connection, None, now).await?;
            audit(Action::ConnectionTested).record(db, now).await?;
            back(&signed_in, "/settings/vendors", "tested")
        }
        Err(error) => {
            let message = describe_failure(vendor, &error);
            if matches!(
                error,
                UpstreamError::Unauthorized { .. } | UpstreamError::Forbidden { .. }
            ) {
                connections::record_check(db, &connection, Some(&message), now).await?;
                audit(Action::ConnectionNeedsReauth)
                    .detail(&message)
                    .record(db, now)
                    .await?;
            }
            audit(Action::ConnectionTested)
                .detail(&message)
                .failed()
                .record(db, now)
                .await?;
            render_page(
                &signed_in,
                db,
                None,
                Some(format!("Test failed. {message}")),
            )
            .await
        }
    }
}

/// A vendor failure in words for the person at the page, naming the vendor.
pub fn describe_failure(vendor: &Vendor, error: &UpstreamError) -> String {
    format!("{}.", error.describe(vendor.name))
}

/// `POST /settings/connections/disconnect`: erases the keys and signs out the apps using them.
pub async fn disconnect(mut req: Request, env: &Env, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let Some(connection) = posted_connection(&signed_in, db, &form).await? else {
        return back(&signed_in, "/settings/vendors", "not_found");
    };
    let ip = http::client_ip(&req);
    let event = signed_in
        .event(Action::ConnectionDeleted, &ip)
        .on(Some(&connection.vendor), &connection.id)
        .detail(&connection.label);
    let now = db::now();
    connections::disconnect(db, &connection, event.statement(now), now).await?;
    engine::forget_session(env, &connection.id, &connection.fingerprint()).await;
    back(&signed_in, "/settings/vendors", "disconnected")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_name_the_vendor() {
        let datto = vendors::find("datto-rmm").unwrap();
        assert_eq!(
            describe_failure(
                datto,
                &UpstreamError::Unauthorized {
                    reason: Some("Bad credentials".into())
                }
            ),
            "Datto RMM refused these credentials: Bad credentials."
        );
        assert_eq!(
            describe_failure(datto, &UpstreamError::Timeout { seconds: 15 }),
            "Datto RMM did not answer within 15 seconds."
        );
        assert_eq!(
            describe_failure(
                datto,
                &UpstreamError::RateLimited {
                    retry_after_seconds: Some(30)
                }
            ),
            "Datto RMM's rate limit was reached; retry in 30 seconds."
        );
    }

    #[test]
    fn ticked_toolsets_become_the_stored_selection() {
        let catalog = vendors::find("autotask").and_then(Vendor::catalog).unwrap();
        let defaults: Vec<&str> = catalog
            .toolsets
            .iter()
            .filter(|s| s.default)
            .map(|s| s.name)
            .collect();
        assert_eq!(chosen_toolsets(catalog, &defaults), Ok(Selection::Default));
        let all: Vec<&str> = catalog.toolsets.iter().map(|s| s.name).collect();
        assert_eq!(chosen_toolsets(catalog, &all), Ok(Selection::All));
        assert_eq!(
            chosen_toolsets(catalog, &["time", "tickets"]),
            Ok(Selection::Named(vec!["tickets".into(), "time".into()]))
        );
        assert!(chosen_toolsets(catalog, &[]).is_err());
        assert!(chosen_toolsets(catalog, &["nope"]).is_err());
        let views = toolset_views(vendors::find("autotask").unwrap(), Some("billing"));
        assert!(views.iter().all(|v| v.checked == (v.name == "billing")));
        assert!(views.iter().all(|v| v.tools > 0));
    }

    #[test]
    fn the_summary_shows_choice_labels() {
        let datto = vendors::find("datto-rmm").unwrap();
        assert_eq!(
            summary(datto, r#"{"platform":"merlot"}"#),
            "Platform: Merlot"
        );
        assert_eq!(summary(datto, "not json"), "");
    }
}

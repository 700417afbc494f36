//! `/settings/apps`: the apps (OAuth grants) the user allowed, and `POST /settings/revoke`.

use super::{back, notice, or_respond, signed_in, signed_in_form, when};
use crate::audit::Action;
use crate::config::Config;
use crate::db::{self, Db};
use crate::oauth::scopes::ScopeSet;
use crate::params;
use crate::ui::pages::{AppView, Apps};
use crate::ui::render;
use crate::{http, vendors};
use serde::Deserialize;
use worker::{Request, Response, Result};

/// A live grant as listed.
#[derive(Debug, Deserialize)]
pub struct GrantListing {
    pub id: String,
    pub client_name: String,
    pub vendor: String,
    pub scope: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub connection_label: Option<String>,
}

/// The user's live grants, newest first.
pub async fn list(db: &Db, tenant_id: &str, user_id: &str) -> Result<Vec<GrantListing>> {
    db.all(
        "SELECT g.id, g.client_name, g.vendor, g.scope, g.created_at, g.last_used_at, c.label AS connection_label
           FROM grants g LEFT JOIN vendor_connections c
             ON c.id = g.connection_id AND c.tenant_id = g.tenant_id AND c.user_id = g.user_id
          WHERE g.tenant_id = ?1 AND g.user_id = ?2 AND g.revoked_at IS NULL
          ORDER BY g.created_at DESC",
        params![tenant_id, user_id],
    )
    .await
}

/// `GET /settings/apps`.
pub async fn show(req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    let user = &signed_in.user;
    let apps = list(db, &user.tenant_id, &user.user_id)
        .await?
        .into_iter()
        .map(|grant| AppView {
            grant_id: grant.id,
            client_name: grant.client_name,
            vendor_name: vendors::find(&grant.vendor)
                .map_or(grant.vendor.clone(), |v| v.name.to_owned()),
            connection_label: grant.connection_label,
            scopes: ScopeSet::parse(&grant.scope)
                .map(|set| set.iter().map(|s| s.as_str()).collect())
                .unwrap_or_default(),
            created: when(Some(grant.created_at)),
            last_used: when(grant.last_used_at),
        })
        .collect();
    let page = Apps {
        nav: signed_in.nav("/settings/apps", notice(query.get("notice"))),
        apps,
    };
    signed_in.page(200, render(&page))
}

/// `POST /settings/revoke`: revokes one of the user's grants; its tokens stop working on
/// their next use.
pub async fn revoke(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let user = &signed_in.user;
    let Some(grant_id) = form.get("grant") else {
        return back(&signed_in, "/settings/apps", "not_found");
    };
    #[derive(Deserialize)]
    struct Row {
        client_name: String,
        vendor: String,
    }
    let grant: Option<Row> = db
        .first(
            "SELECT client_name, vendor FROM grants WHERE id = ?1 AND tenant_id = ?2 AND user_id = ?3 AND revoked_at IS NULL",
            params![grant_id, user.tenant_id.as_str(), user.user_id.as_str()],
        )
        .await?;
    let Some(grant) = grant else {
        return back(&signed_in, "/settings/apps", "not_found");
    };
    let now = db::now();
    let ip = http::client_ip(&req);
    let event = signed_in
        .event(Action::GrantRevoked, &ip)
        .on(Some(&grant.vendor), grant_id)
        .detail(&grant.client_name);
    db.batch(vec![
        crate::db::Statement::new(
            "UPDATE grants SET revoked_at = ?4, revoked_reason = 'revoked_in_settings'
              WHERE id = ?1 AND tenant_id = ?2 AND user_id = ?3 AND revoked_at IS NULL",
            params![
                grant_id,
                user.tenant_id.as_str(),
                user.user_id.as_str(),
                now
            ],
        ),
        event.statement(now),
    ])
    .await?;
    back(&signed_in, "/settings/apps", "revoked")
}

//! `/settings/apps`: the apps (OAuth grants) the user allowed, and `POST /settings/revoke`.

use super::{back, notice, or_respond, signed_in, signed_in_form, when, SignedIn};
use crate::audit::Action;
use crate::config::Config;
use crate::db::{self, Db};
use crate::form::Form;
use crate::oauth::authorize::vendor_scopes;
use crate::oauth::scopes::{Scope, ScopeSet};
use crate::oauth::store;
use crate::params;
use crate::ui::pages::ScopeChoice;
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
            choices: choices(
                &grant.vendor,
                &ScopeSet::parse(&grant.scope).unwrap_or_default(),
            ),
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

/// The permissions an app of `vendor` can be given or lose here: changes and secrets where
/// the vendor's tools have them. Reading is the grant itself; offline access is the app's.
fn adjustable(vendor: &str) -> Vec<Scope> {
    let capable = vendor_scopes(vendors::find(vendor));
    [Scope::ToolsWrite, Scope::SecretsRead]
        .into_iter()
        .filter(|scope| capable.contains(*scope))
        .collect()
}

fn choices(vendor: &str, held: &ScopeSet) -> Vec<ScopeChoice> {
    adjustable(vendor)
        .into_iter()
        .map(|scope| ScopeChoice {
            name: scope.as_str(),
            description: scope.describe(),
            checked: held.contains(scope),
            locked: false,
        })
        .collect()
}

/// The grant's new scopes: what it holds that cannot be adjusted here, and the ticked ones of
/// those that can.
fn adjusted(vendor: &str, held: &ScopeSet, ticked: &[&str]) -> ScopeSet {
    let adjustable = adjustable(vendor);
    held.iter()
        .filter(|scope| !adjustable.contains(scope))
        .chain(
            adjustable
                .iter()
                .copied()
                .filter(|scope| ticked.contains(&scope.as_str())),
        )
        .collect()
}

/// A live grant of the signed-in user's, as the app forms act on it.
#[derive(Deserialize)]
struct PostedGrant {
    client_name: String,
    vendor: String,
    scope: String,
}

/// The grant the form's `grant` field names, if it is the signed-in user's and live.
async fn posted_grant<'f>(
    signed_in: &SignedIn,
    db: &Db,
    form: &'f Form,
) -> Result<Option<(&'f str, PostedGrant)>> {
    let Some(grant_id) = form.get("grant") else {
        return Ok(None);
    };
    let user = &signed_in.user;
    let grant: Option<PostedGrant> = db
        .first(
            "SELECT client_name, vendor, scope FROM grants WHERE id = ?1 AND tenant_id = ?2 AND user_id = ?3 AND revoked_at IS NULL",
            params![grant_id, user.tenant_id.as_str(), user.user_id.as_str()],
        )
        .await?;
    Ok(grant.map(|grant| (grant_id, grant)))
}

/// `POST /settings/apps/permissions`: gives an app, or takes back, the permissions its
/// vendor's tools have. Taking one back works on the app's next request; a given one arrives
/// with its next token (a refresh).
pub async fn permissions(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let user = &signed_in.user;
    let Some((grant_id, grant)) = posted_grant(&signed_in, db, &form).await? else {
        return back(&signed_in, "/settings/apps", "not_found");
    };
    let held = ScopeSet::parse(&grant.scope).unwrap_or_default();
    let scope = adjusted(&grant.vendor, &held, &form.all("scope")).to_string();
    if !store::set_grant_scope(db, grant_id, &user.user_id, &user.tenant_id, &scope).await? {
        return back(&signed_in, "/settings/apps", "not_found");
    }
    let now = db::now();
    signed_in
        .event(Action::GrantChanged, &http::client_ip(&req))
        .on(Some(&grant.vendor), grant_id)
        .detail(&format!("{}: {} → {scope}", grant.client_name, grant.scope))
        .record(db, now)
        .await?;
    back(&signed_in, "/settings/apps", "permissions_saved")
}

/// `POST /settings/revoke`: revokes one of the user's grants; its tokens stop working on
/// their next use.
pub async fn revoke(mut req: Request, config: &Config, db: &Db) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let user = &signed_in.user;
    let Some((grant_id, grant)) = posted_grant(&signed_in, db, &form).await? else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_vendors_own_permissions_can_be_adjusted() {
        let held = ScopeSet::parse("tools:read offline_access").unwrap();
        assert_eq!(
            adjusted("datto-rmm", &held, &["tools:write", "secrets:read"]).to_string(),
            "tools:read tools:write offline_access",
            "Datto RMM has changes but no secrets"
        );
        let full = ScopeSet::parse("tools:read secrets:read offline_access").unwrap();
        assert_eq!(
            adjusted("itglue", &full, &[]).to_string(),
            "tools:read offline_access",
            "unticking takes the password permission back"
        );
        assert_eq!(
            adjusted("itglue", &full, &["tools:read"]).to_string(),
            "tools:read offline_access"
        );
        let names: Vec<_> = choices("itglue", &full)
            .iter()
            .map(|c| (c.name, c.checked))
            .collect();
        assert_eq!(names, vec![("secrets:read", true)]);
        let halo: Vec<_> = choices("halopsa", &held)
            .iter()
            .map(|c| (c.name, c.checked))
            .collect();
        assert_eq!(
            halo,
            vec![("tools:write", false)],
            "HaloPSA has changes but no secrets to adjust"
        );
    }
}

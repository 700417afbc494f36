//! D1 queries for OAuth clients, grants, authorization codes and refresh tokens. Writes that
//! race are conditional updates whose changed-row count says who won.

use super::refresh::TokenStatus;
use super::registration::{AuthMethod, ClientMetadata};
use crate::db::{Db, Statement};
use crate::params;
use crate::vault::connections::{connection_columns, Connection};
use serde::Deserialize;
use worker::Result;

/// A registered (DCR) client as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct ClientRow {
    pub id: String,
    pub secret_hash: Option<String>,
    pub name: String,
    pub redirect_uris: String,
    pub token_endpoint_auth_method: String,
    pub last_used_at: i64,
}

impl ClientRow {
    /// The registered redirect URIs.
    pub fn redirect_uris(&self) -> Vec<String> {
        serde_json::from_str(&self.redirect_uris).unwrap_or_default()
    }

    /// The token endpoint authentication method.
    pub fn auth_method(&self) -> AuthMethod {
        AuthMethod::parse(&self.token_endpoint_auth_method).unwrap_or(AuthMethod::ClientSecretBasic)
    }
}

/// Stores a newly registered client.
pub async fn insert_client(
    db: &Db,
    id: &str,
    secret_hash: Option<&str>,
    client: &ClientMetadata,
    now: i64,
) -> Result<()> {
    db.run(
        "INSERT INTO oauth_clients (id, secret_hash, name, redirect_uris, grant_types, token_endpoint_auth_method,
                                    application_type, client_uri, logo_uri, created_at, last_used_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            id,
            secret_hash,
            &client.name,
            serde_json::to_string(&client.redirect_uris).unwrap_or_default(),
            serde_json::to_string(&client.grant_types).unwrap_or_default(),
            client.auth_method.as_str(),
            &client.application_type,
            client.client_uri.as_deref(),
            client.logo_uri.as_deref(),
            now,
        ],
    )
    .await?;
    Ok(())
}

/// A registered client that has been used since `idle_cutoff`.
pub async fn client(db: &Db, id: &str, idle_cutoff: i64) -> Result<Option<ClientRow>> {
    db.first(
        "SELECT id, secret_hash, name, redirect_uris, token_endpoint_auth_method, last_used_at
           FROM oauth_clients WHERE id = ?1 AND last_used_at > ?2",
        params![id, idle_cutoff],
    )
    .await
}

/// How often a client's `last_used_at` is refreshed, in seconds: it only drives idle expiry.
pub const TOUCH_INTERVAL: i64 = 86_400;

/// Marks a client as used.
pub async fn touch_client(db: &Db, id: &str, now: i64) -> Result<()> {
    db.run(
        "UPDATE oauth_clients SET last_used_at = ?2 WHERE id = ?1",
        params![id, now],
    )
    .await?;
    Ok(())
}

/// Deletes clients idle since before `idle_cutoff` that hold no live grant.
pub async fn delete_idle_clients(db: &Db, idle_cutoff: i64) -> Result<usize> {
    db.run(
        "DELETE FROM oauth_clients WHERE last_used_at <= ?1
           AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.client_id = oauth_clients.id AND g.revoked_at IS NULL)",
        params![idle_cutoff],
    )
    .await
}

/// A grant as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct GrantRow {
    pub id: String,
    pub tenant_id: String,
    pub user_id: String,
    pub client_id: String,
    pub vendor: String,
    pub resource: String,
    pub scope: String,
    pub revoked_at: Option<i64>,
}

/// What a new grant and its authorization code hold.
pub struct NewGrant<'a> {
    pub grant_id: &'a str,
    pub tenant_id: &'a str,
    pub user_id: &'a str,
    pub client_id: &'a str,
    pub client_name: &'a str,
    pub vendor: &'a str,
    /// The vendor connection the grant calls the vendor with.
    pub connection_id: &'a str,
    pub resource: &'a str,
    pub scope: &'a str,
    pub code_hash: &'a str,
    pub redirect_uri: &'a str,
    pub code_challenge: &'a str,
    pub code_expires_at: i64,
}

/// Stores a grant, its authorization code and its audit event in one transaction.
pub async fn insert_grant_with_code(
    db: &Db,
    grant: &NewGrant<'_>,
    audit: Statement,
    now: i64,
) -> Result<()> {
    db.batch(vec![
        Statement::new(
            "INSERT INTO grants (id, tenant_id, user_id, client_id, client_name, vendor, resource, scope, created_at, connection_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                grant.grant_id,
                grant.tenant_id,
                grant.user_id,
                grant.client_id,
                grant.client_name,
                grant.vendor,
                grant.resource,
                grant.scope,
                now,
                grant.connection_id
            ],
        ),
        Statement::new(
            "INSERT INTO authorization_codes (code_hash, grant_id, client_id, redirect_uri, code_challenge, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                grant.code_hash,
                grant.grant_id,
                grant.client_id,
                grant.redirect_uri,
                grant.code_challenge,
                grant.code_expires_at
            ],
        ),
        audit,
    ])
    .await
}

/// A grant by id.
pub async fn grant(db: &Db, id: &str) -> Result<Option<GrantRow>> {
    db.first(
        "SELECT id, tenant_id, user_id, client_id, vendor, resource, scope, revoked_at FROM grants WHERE id = ?1",
        params![id],
    )
    .await
}

/// A live grant, as the per-request check reads it, with the connection it was issued for.
#[derive(Debug, Clone)]
pub struct ActiveGrant {
    /// The vendor connection the grant was issued for.
    pub connection_id: Option<String>,
    /// The scopes the grant holds now (the user may change them on the settings page).
    pub scope: String,
    /// That connection as stored (any status), read in the same query; `None` when the grant
    /// names none or it no longer exists.
    pub connection: Option<Connection>,
    /// When the grant's organisation was paused (every connection held back), read in the
    /// same query; `None` when it is not.
    pub tenant_paused_at: Option<i64>,
}

/// The grant's own columns in [`active_grant`]'s row, beside the connection's.
#[derive(Deserialize)]
struct GrantColumns {
    grant_connection_id: Option<String>,
    grant_scope: String,
    #[serde(default)]
    tenant_paused_at: Option<i64>,
}

/// The grant if it is live for this user in this tenant (the per-request revocation check),
/// with its connection and its organisation's pause, in one round trip: a warm tool call
/// reads storage once, and a pause or revocation takes effect on the next request.
pub async fn active_grant(
    db: &Db,
    id: &str,
    user_id: &str,
    tenant_id: &str,
) -> Result<Option<ActiveGrant>> {
    let row: Option<serde_json::Value> = db
        .first(
            concat!(
                "SELECT g.connection_id AS grant_connection_id, g.scope AS grant_scope,
                        t.paused_at AS tenant_paused_at, ",
                connection_columns!(),
                " FROM grants g LEFT JOIN vendor_connections c
                     ON c.id = g.connection_id AND c.tenant_id = g.tenant_id AND c.user_id = g.user_id
                   LEFT JOIN tenants t ON t.id = g.tenant_id
                  WHERE g.id = ?1 AND g.user_id = ?2 AND g.tenant_id = ?3 AND g.revoked_at IS NULL"
            ),
            params![id, user_id, tenant_id],
        )
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let grant = GrantColumns::deserialize(&row)?;
    let connection = match row.get("id") {
        Some(serde_json::Value::String(_)) => Some(serde_json::from_value::<Connection>(row)?),
        _ => None,
    };
    Ok(Some(ActiveGrant {
        connection_id: grant.grant_connection_id,
        scope: grant.grant_scope,
        connection,
        tenant_paused_at: grant.tenant_paused_at,
    }))
}

/// Sets the scopes of one of the user's live grants.
pub async fn set_grant_scope(
    db: &Db,
    id: &str,
    user_id: &str,
    tenant_id: &str,
    scope: &str,
) -> Result<bool> {
    let changed = db
        .run(
            "UPDATE grants SET scope = ?4 WHERE id = ?1 AND user_id = ?2 AND tenant_id = ?3 AND revoked_at IS NULL",
            params![id, user_id, tenant_id, scope],
        )
        .await?;
    Ok(changed > 0)
}

/// Stamps a grant's last use by a tool call.
pub fn touch_grant(id: &str, now: i64) -> Statement {
    Statement::new(
        "UPDATE grants SET last_used_at = ?2 WHERE id = ?1",
        params![id, now],
    )
}

/// Revokes a grant; its tokens stop working on their next use.
pub async fn revoke_grant(db: &Db, id: &str, reason: &str, now: i64) -> Result<bool> {
    let changed = db
        .run(
            "UPDATE grants SET revoked_at = ?2, revoked_reason = ?3 WHERE id = ?1 AND revoked_at IS NULL",
            params![id, now, reason],
        )
        .await?;
    Ok(changed == 1)
}

/// An authorization code as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct CodeRow {
    pub grant_id: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// An authorization code by the hash of its value.
pub async fn code(db: &Db, code_hash: &str) -> Result<Option<CodeRow>> {
    db.first(
        "SELECT grant_id, client_id, redirect_uri, code_challenge, expires_at, used_at
           FROM authorization_codes WHERE code_hash = ?1",
        params![code_hash],
    )
    .await
}

/// Marks a code used; true only for the one caller that did so first.
pub async fn consume_code(db: &Db, code_hash: &str, now: i64) -> Result<bool> {
    let changed = db
        .run(
            "UPDATE authorization_codes SET used_at = ?2 WHERE code_hash = ?1 AND used_at IS NULL",
            params![code_hash, now],
        )
        .await?;
    Ok(changed == 1)
}

/// A refresh token as stored, read together with its grant in one query.
#[derive(Debug, Clone, Deserialize)]
pub struct RefreshRow {
    pub status: String,
    pub expires_at: i64,
    pub rotated_at: Option<i64>,
    /// When its one retry was spent, if it was.
    pub retried_at: Option<i64>,
    /// Whether the grant's active token has this token as its parent.
    pub parent_of_active: i64,
    /// The grant the token belongs to.
    #[serde(flatten)]
    pub grant: GrantRow,
}

impl RefreshRow {
    /// The token's lifecycle state.
    pub fn status(&self) -> TokenStatus {
        match self.status.as_str() {
            "active" => TokenStatus::Active,
            "rotated" => TokenStatus::Rotated {
                rotated_at: self.rotated_at.unwrap_or(0),
            },
            _ => TokenStatus::Discarded,
        }
    }
}

/// A refresh token by the hash of its value.
pub async fn refresh_token(db: &Db, token_hash: &str) -> Result<Option<RefreshRow>> {
    db.first(
        "SELECT r.status, r.expires_at, r.rotated_at, r.retried_at,
                g.id, g.tenant_id, g.user_id, g.client_id, g.vendor, g.resource, g.scope, g.revoked_at,
                EXISTS (SELECT 1 FROM refresh_tokens a
                         WHERE a.grant_id = r.grant_id AND a.status = 'active' AND a.parent_hash = r.token_hash)
                  AS parent_of_active
           FROM refresh_tokens r JOIN grants g ON g.id = r.grant_id
          WHERE r.token_hash = ?1",
        params![token_hash],
    )
    .await
}

/// The insert of a new refresh token of a grant (`parent`: the token it replaces).
pub fn insert_refresh_token(
    token_hash: &str,
    grant_id: &str,
    parent: Option<&str>,
    now: i64,
    ttl: i64,
) -> Statement {
    Statement::new(
        "INSERT INTO refresh_tokens (token_hash, grant_id, parent_hash, status, created_at, expires_at)
         VALUES (?1, ?2, ?3, 'active', ?4, ?5)",
        params![token_hash, grant_id, parent, now, now + ttl],
    )
}

/// Moves a token from `active` to `rotated`; true only for the one caller that did so first.
pub async fn mark_rotated(db: &Db, token_hash: &str, now: i64) -> Result<bool> {
    let changed = db
        .run(
            "UPDATE refresh_tokens SET status = 'rotated', rotated_at = ?2 WHERE token_hash = ?1 AND status = 'active'",
            params![token_hash, now],
        )
        .await?;
    Ok(changed == 1)
}

/// Spends the one retry of a rotated token whose successor is still active; true only for the
/// one caller that did so. A token whose successor is not stored yet (its rotation is still
/// under way) keeps its retry.
pub async fn claim_retry(db: &Db, token_hash: &str, now: i64) -> Result<bool> {
    let changed = db
        .run(
            "UPDATE refresh_tokens SET retried_at = ?2
              WHERE token_hash = ?1 AND status = 'rotated' AND retried_at IS NULL
                AND EXISTS (SELECT 1 FROM refresh_tokens s
                             WHERE s.grant_id = refresh_tokens.grant_id AND s.parent_hash = ?1 AND s.status = 'active')",
            params![token_hash, now],
        )
        .await?;
    Ok(changed == 1)
}

/// Discards the active successor of `parent_hash`; true only for the one caller that did so.
pub async fn discard_successor(db: &Db, grant_id: &str, parent_hash: &str) -> Result<bool> {
    let changed = db
        .run(
            "UPDATE refresh_tokens SET status = 'discarded'
              WHERE grant_id = ?1 AND parent_hash = ?2 AND status = 'active'",
            params![grant_id, parent_hash],
        )
        .await?;
    Ok(changed == 1)
}

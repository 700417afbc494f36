//! D1 queries for users, tenants, memberships, browser sessions and sign-in throttling.

use super::throttle::Counter;
use crate::db::{Db, Statement};
use crate::params;
use serde::Deserialize;
use worker::Result;

/// A user row with the password hash, for sign-in.
#[derive(Debug, Deserialize)]
pub struct Credentials {
    pub id: String,
    pub password_hash: String,
}

/// The signed-in user a browser session belongs to.
#[derive(Debug, Clone, Deserialize)]
pub struct SessionUser {
    pub user_id: String,
    pub tenant_id: String,
    pub email: String,
    pub tenant_name: String,
    pub role: String,
}

/// Normalises an email address for storage and lookup.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Looks up a user's id and password hash by email.
pub async fn credentials(db: &Db, email: &str) -> Result<Option<Credentials>> {
    db.first(
        "SELECT id, password_hash FROM users WHERE email = ?1",
        params![email],
    )
    .await
}

/// Creates a tenant, its owner and the membership in one transaction.
pub async fn create_account(
    db: &Db,
    ids: (&str, &str),
    organisation: &str,
    email: &str,
    password_hash: &str,
    now: i64,
) -> Result<()> {
    let (tenant_id, user_id) = ids;
    db.batch(vec![
        Statement::new(
            "INSERT INTO tenants (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![tenant_id, organisation, now],
        ),
        Statement::new(
            "INSERT INTO users (id, email, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![user_id, email, password_hash, now],
        ),
        Statement::new(
            "INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES (?1, ?2, 'owner', ?3)",
            params![tenant_id, user_id, now],
        ),
    ])
    .await
}

/// The tenant a user signs in to: their oldest membership.
pub async fn primary_tenant(db: &Db, user_id: &str) -> Result<Option<String>> {
    #[derive(Deserialize)]
    struct Row {
        tenant_id: String,
    }
    Ok(db
        .first::<Row>(
            "SELECT tenant_id FROM memberships WHERE user_id = ?1 ORDER BY created_at LIMIT 1",
            params![user_id],
        )
        .await?
        .map(|row| row.tenant_id))
}

/// Stores a new browser session under the hash of its id.
pub async fn create_session(
    db: &Db,
    id_hash: &str,
    user_id: &str,
    tenant_id: &str,
    now: i64,
    ttl: i64,
) -> Result<()> {
    db.run(
        "INSERT INTO browser_sessions (id_hash, user_id, tenant_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id_hash, user_id, tenant_id, now, now + ttl],
    )
    .await?;
    Ok(())
}

/// The user of an unexpired session, still a member of the session's tenant.
pub async fn session_user(db: &Db, id_hash: &str, now: i64) -> Result<Option<SessionUser>> {
    db.first(
        "SELECT s.user_id, s.tenant_id, u.email, t.name AS tenant_name, m.role
           FROM browser_sessions s
           JOIN users u ON u.id = s.user_id
           JOIN tenants t ON t.id = s.tenant_id
           JOIN memberships m ON m.user_id = s.user_id AND m.tenant_id = s.tenant_id
          WHERE s.id_hash = ?1 AND s.expires_at > ?2",
        params![id_hash, now],
    )
    .await
}

/// Ends a session.
pub async fn delete_session(db: &Db, id_hash: &str) -> Result<()> {
    db.run(
        "DELETE FROM browser_sessions WHERE id_hash = ?1",
        params![id_hash],
    )
    .await?;
    Ok(())
}

/// The failure counter of a throttling key.
pub async fn throttle_counter(db: &Db, key: &str) -> Result<Option<Counter>> {
    #[derive(Deserialize)]
    struct Row {
        failures: i64,
        window_start: i64,
    }
    Ok(db
        .first::<Row>(
            "SELECT failures, window_start FROM sign_in_throttle WHERE key = ?1",
            params![key],
        )
        .await?
        .map(|row| Counter {
            failures: row.failures,
            window_start: row.window_start,
        }))
}

/// Counts one failure for a key, starting a new window when the old one has ended.
pub async fn record_failure(db: &Db, key: &str, now: i64, window: i64) -> Result<()> {
    db.run(
        "INSERT INTO sign_in_throttle (key, failures, window_start) VALUES (?1, 1, ?2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN ?2 - window_start >= ?3 THEN 1 ELSE failures + 1 END,
           window_start = CASE WHEN ?2 - window_start >= ?3 THEN ?2 ELSE window_start END",
        params![key, now, window],
    )
    .await?;
    Ok(())
}

/// Clears a key's failures after a successful sign-in.
pub async fn clear_failures(db: &Db, key: &str) -> Result<()> {
    db.run("DELETE FROM sign_in_throttle WHERE key = ?1", params![key])
        .await?;
    Ok(())
}

//! D1 queries for users, tenants, memberships, browser sessions and attempt throttling.

use super::throttle::{Attempt, Rule};
use crate::db::{Db, Statement};
use crate::params;
use serde::de::IgnoredAny;
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

/// The statements creating a tenant, its owner and the membership, for one transaction.
pub fn create_account(
    ids: (&str, &str),
    organisation: &str,
    email: &str,
    password_hash: &str,
    now: i64,
) -> Vec<Statement> {
    let (tenant_id, user_id) = ids;
    vec![
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
    ]
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

/// Takes one attempt for `key` under `rule` in a single statement: the count goes up and the
/// refusal window is tested and moved in the same write, so of any number of parallel attempts
/// only those the rule allows get [`Attempt::Allowed`].
///
/// The upsert's `DO UPDATE … WHERE` leaves a key inside its refusal window untouched, and then
/// `RETURNING` yields no row: that is the refusal.
pub async fn take_attempt(db: &Db, key: &str, rule: &Rule, now: i64) -> Result<Attempt> {
    let taken = db
        .first::<IgnoredAny>(
            "INSERT INTO attempt_counters (key, attempts, last_at, blocked_until)
             VALUES (?1, 1, ?2, CASE WHEN ?3 <= 1 THEN ?2 + ?4 ELSE 0 END)
             ON CONFLICT (key) DO UPDATE SET
               attempts = CASE WHEN ?2 - last_at >= ?6 THEN 1 ELSE attempts + 1 END,
               blocked_until = CASE
                 WHEN ?2 - last_at >= ?6 THEN CASE WHEN ?3 <= 1 THEN ?2 + ?4 ELSE 0 END
                 WHEN attempts + 1 >= ?3 THEN ?2 + min(?5, ?4 << min(attempts + 1 - ?3, 30))
                 ELSE 0
               END,
               last_at = ?2
             WHERE attempt_counters.blocked_until <= ?2
             RETURNING attempts",
            params![
                key,
                now,
                rule.limit,
                rule.first_window,
                rule.max_window,
                rule.forget_after
            ],
        )
        .await?;
    if taken.is_some() {
        return Ok(Attempt::Allowed);
    }
    #[derive(Deserialize)]
    struct Blocked {
        blocked_until: i64,
    }
    let until = db
        .first::<Blocked>(
            "SELECT blocked_until FROM attempt_counters WHERE key = ?1",
            params![key],
        )
        .await?
        .map_or(now + 1, |row| row.blocked_until);
    Ok(Attempt::Refused {
        retry_after: (until - now).max(1),
    })
}

/// Forgets a key's attempts (after a successful sign-in from that address for that email).
pub async fn forget_attempts(db: &Db, key: &str) -> Result<()> {
    db.run("DELETE FROM attempt_counters WHERE key = ?1", params![key])
        .await?;
    Ok(())
}

/// Gives one attempt back (a successful sign-in on an address-wide key), closing the refusal
/// window when the count falls under the rule's limit again.
pub async fn refund_attempt(db: &Db, key: &str, rule: &Rule) -> Result<()> {
    db.run(
        "UPDATE attempt_counters
            SET attempts = max(attempts - 1, 0),
                blocked_until = CASE WHEN attempts - 1 < ?2 THEN 0 ELSE blocked_until END
          WHERE key = ?1",
        params![key, rule.limit],
    )
    .await?;
    Ok(())
}

//! The single-use links the gateway emails: finishing a sign-up and resetting a password.
//!
//! A link carries a 256-bit secret ([`secrets::new_secret`]); D1 keeps only its hash. A link is
//! spent by one conditional `UPDATE … WHERE used_at IS NULL AND expires_at > now RETURNING`, so
//! two clicks racing each other cannot both use it.

use crate::db::{Db, Statement};
use crate::oauth::secrets;
use crate::params;
use serde::Deserialize;
use worker::Result;

/// How long a sign-up link works, in seconds (24 hours: people read mail later).
pub const SIGN_UP_TTL: i64 = 24 * 60 * 60;
/// How long a password reset link works, in seconds (30 minutes).
pub const RESET_TTL: i64 = 30 * 60;

/// A sign-up waiting for its link.
#[derive(Debug, Clone, Deserialize)]
pub struct SignUpRequest {
    pub email: String,
    pub organisation: String,
    pub return_to: String,
}

/// A new link secret with `prefix` and the hash to store.
pub fn new_link_secret(prefix: &str) -> (String, String) {
    let secret = secrets::new_secret(prefix);
    let hash = secrets::hash(&secret);
    (secret, hash)
}

/// Stores a sign-up waiting for its link.
pub async fn create_sign_up(
    db: &Db,
    token_hash: &str,
    request: &SignUpRequest,
    now: i64,
) -> Result<()> {
    db.run(
        "INSERT INTO sign_up_requests (token_hash, email, organisation, return_to, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            token_hash,
            request.email.as_str(),
            request.organisation.as_str(),
            request.return_to.as_str(),
            now,
            now + SIGN_UP_TTL
        ],
    )
    .await?;
    Ok(())
}

/// The sign-up a link names, while it is unused and unexpired.
pub async fn find_sign_up(db: &Db, token: &str, now: i64) -> Result<Option<SignUpRequest>> {
    db.first(
        "SELECT email, organisation, return_to FROM sign_up_requests
          WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
        params![secrets::hash(token), now],
    )
    .await
}

/// Spends a sign-up link: its request the first time, `None` ever after (or once expired).
pub async fn spend_sign_up(db: &Db, token: &str, now: i64) -> Result<Option<SignUpRequest>> {
    db.first(
        "UPDATE sign_up_requests SET used_at = ?2
          WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2
          RETURNING email, organisation, return_to",
        params![secrets::hash(token), now],
    )
    .await
}

/// Stores a password reset link for a user.
pub async fn create_reset(db: &Db, token_hash: &str, user_id: &str, now: i64) -> Result<()> {
    db.run(
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user_id, now, now + RESET_TTL],
    )
    .await?;
    Ok(())
}

/// The user a reset link is for, while it is unused and unexpired.
pub async fn find_reset(db: &Db, token: &str, now: i64) -> Result<Option<String>> {
    Ok(db
        .first::<ResetRow>(
            "SELECT user_id FROM password_resets
              WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
            params![secrets::hash(token), now],
        )
        .await?
        .map(|row| row.user_id))
}

/// Spends a reset link: its user the first time, `None` ever after (or once expired).
pub async fn spend_reset(db: &Db, token: &str, now: i64) -> Result<Option<String>> {
    Ok(db
        .first::<ResetRow>(
            "UPDATE password_resets SET used_at = ?2
              WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2
              RETURNING user_id",
            params![secrets::hash(token), now],
        )
        .await?
        .map(|row| row.user_id))
}

/// Spends every other reset link of a user (after their password changed).
pub fn spend_all_resets(user_id: &str, now: i64) -> Statement {
    Statement::new(
        "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL",
        params![user_id, now],
    )
}

#[derive(Deserialize)]
struct ResetRow {
    user_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_secrets_are_stored_only_as_their_hash() {
        let (secret, hash) = new_link_secret("rst");
        assert!(secret.starts_with("rst_"));
        assert_eq!(hash, secrets::hash(&secret));
        assert!(!hash.contains(&secret[4..]));
        assert_ne!(new_link_secret("rst").0, secret);
    }
}

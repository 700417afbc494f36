//! Ending a user's access everywhere: their browser sessions and every OAuth grant they hold,
//! in every tenant, with one `grant.revoked` audit event per grant. Used by "Sign out
//! everywhere", a password change and a password reset.
//!
//! The statements join the batch of the change that causes them, so the new password and the
//! revocations land together. A revoked grant stops its access and refresh tokens at their next
//! use (`oauth::resource` and the refresh path read `revoked_at`).

use crate::audit::Action;
use crate::db::Statement;
use crate::params;

/// Why access is ended; stored as the grants' `revoked_reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The user pressed "Sign out everywhere".
    SignedOutEverywhere,
    /// The user changed their password while signed in.
    PasswordChanged,
    /// The user chose a new password through an emailed link.
    PasswordReset,
}

impl Reason {
    /// The stored `revoked_reason`.
    pub fn code(self) -> &'static str {
        match self {
            Self::SignedOutEverywhere => "signed_out_everywhere",
            Self::PasswordChanged => "password_changed",
            Self::PasswordReset => "password_reset",
        }
    }

    /// The reason in words, for audit details.
    pub fn words(self) -> &'static str {
        match self {
            Self::SignedOutEverywhere => "signed out everywhere",
            Self::PasswordChanged => "password changed",
            Self::PasswordReset => "password reset",
        }
    }
}

/// Who ends the access and from where, for the audit events.
pub struct Actor<'a> {
    pub user_id: &'a str,
    pub email: &'a str,
    pub ip: &'a str,
}

/// The statements that end every browser session of the user except `keep` (the id hash of
/// the session making the change, if it stays signed in) and revoke every active grant of the
/// user in every tenant, each with its audit event.
pub fn end_access(
    actor: &Actor<'_>,
    keep: Option<&str>,
    reason: Reason,
    now: i64,
) -> Vec<Statement> {
    vec![
        // The events first: they name the grants still active before the update.
        Statement::new(
            "INSERT INTO audit_events (tenant_id, user_id, actor, action, outcome, vendor, target, detail, ip, created_at)
             SELECT tenant_id, user_id, ?2, ?3, 'success', vendor, id, client_name || ': ' || ?4, ?5, ?6
               FROM grants WHERE user_id = ?1 AND revoked_at IS NULL",
            params![
                actor.user_id,
                actor.email,
                Action::GrantRevoked.as_str(),
                reason.words(),
                actor.ip,
                now
            ],
        ),
        Statement::new(
            "UPDATE grants SET revoked_at = ?2, revoked_reason = ?3 WHERE user_id = ?1 AND revoked_at IS NULL",
            params![actor.user_id, now, reason.code()],
        ),
        // No session id hashes to the empty string, so without `keep` every session ends.
        Statement::new(
            "DELETE FROM browser_sessions WHERE user_id = ?1 AND id_hash != ?2",
            params![actor.user_id, keep.unwrap_or("")],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_have_distinct_codes_and_words() {
        let all = [
            Reason::SignedOutEverywhere,
            Reason::PasswordChanged,
            Reason::PasswordReset,
        ];
        let codes: std::collections::HashSet<_> = all.iter().map(|r| r.code()).collect();
        let words: std::collections::HashSet<_> = all.iter().map(|r| r.words()).collect();
        assert_eq!((codes.len(), words.len()), (3, 3));
    }
}

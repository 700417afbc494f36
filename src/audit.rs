//! Append-only audit events in D1: who did what, to which grant, connection or member, and
//! whether it worked. Entries never hold secret values. Users see their own entries; owners
//! and admins see their tenant's. Entries older than `AUDIT_RETENTION_DAYS` are purged by the
//! scheduled maintenance run.
//!
//! No user deletes an entry: when an account is deleted, its entries (and the entries of
//! others that name it) stay, with the person replaced by a stable pseudonym
//! ([`pseudonymise`]).

use crate::db::{Db, Statement};
use crate::params;
use serde::{Deserialize, Serialize};
use worker::Result;

/// Everything the gateway records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SignIn,
    AccountCreated,
    PasswordChanged,
    PasswordReset,
    SignedOutEverywhere,
    GrantIssued,
    GrantRefreshed,
    GrantRevoked,
    GrantChanged,
    ConnectionCreated,
    ConnectionTested,
    ConnectionUpdated,
    ConnectionUnsealed,
    ConnectionDeleted,
    ConnectionNeedsReauth,
    AccountDeleted,
    MemberInvited,
    MemberJoined,
    MemberRemoved,
    MemberRoleChanged,
    ToolCalled,
    SecretRevealed,
    AlertsConfigured,
    AlertsRemoved,
    AlertTested,
    AuditStreamConfigured,
    AuditStreamRemoved,
    ConnectionPaused,
    ConnectionResumed,
    OrganisationPaused,
    OrganisationResumed,
}

impl Action {
    /// The stored name, `subject.verb`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::AccountCreated => "account.created",
            Self::PasswordChanged => "password.changed",
            Self::PasswordReset => "password.reset",
            Self::SignedOutEverywhere => "account.signed_out_everywhere",
            Self::GrantIssued => "grant.issued",
            Self::GrantRefreshed => "grant.refreshed",
            Self::GrantRevoked => "grant.revoked",
            Self::GrantChanged => "grant.changed",
            Self::ConnectionCreated => "connection.created",
            Self::ConnectionTested => "connection.tested",
            Self::ConnectionUpdated => "connection.updated",
            Self::ConnectionUnsealed => "connection.unsealed",
            Self::ConnectionDeleted => "connection.deleted",
            Self::ConnectionNeedsReauth => "connection.needs_reauth",
            Self::AccountDeleted => "account.deleted",
            Self::MemberInvited => "member.invited",
            Self::MemberJoined => "member.joined",
            Self::MemberRemoved => "member.removed",
            Self::MemberRoleChanged => "member.role_changed",
            Self::ToolCalled => "tool.called",
            Self::SecretRevealed => "secret.revealed",
            Self::AlertsConfigured => "alerts.configured",
            Self::AlertsRemoved => "alerts.removed",
            Self::AlertTested => "alerts.tested",
            Self::AuditStreamConfigured => "audit_stream.configured",
            Self::AuditStreamRemoved => "audit_stream.removed",
            Self::ConnectionPaused => "connection.paused",
            Self::ConnectionResumed => "connection.resumed",
            Self::OrganisationPaused => "organisation.paused",
            Self::OrganisationResumed => "organisation.resumed",
        }
    }
}

/// A stored action name in words, for the audit page (exports keep the stored names).
pub fn describe(action: &str) -> &'static str {
    match action {
        "sign_in" => "Signed in",
        "account.created" => "Created the account",
        "password.changed" => "Changed password",
        "password.reset" => "Reset password by email",
        "account.signed_out_everywhere" => "Signed out everywhere",
        "grant.issued" => "Allowed an app",
        "grant.refreshed" => "App refreshed its access",
        "grant.revoked" => "Revoked an app",
        "grant.changed" => "Changed an app's permissions",
        "connection.created" => "Connected a vendor",
        "connection.tested" => "Tested a connection",
        "connection.updated" => "Updated a connection (keys or toolsets)",
        "connection.unsealed" => "Opened stored keys",
        "connection.deleted" => "Disconnected a vendor",
        "connection.needs_reauth" => "Vendor refused stored keys",
        "account.deleted" => "Deleted an account",
        "member.invited" => "Invited a member",
        "member.joined" => "Joined the organisation",
        "member.removed" => "Removed a member",
        "member.role_changed" => "Changed a member's role",
        "tool.called" => "Called a tool",
        "secret.revealed" => "Revealed a password",
        "alerts.configured" => "Set the alert webhook",
        "alerts.removed" => "Removed the alert webhook",
        "alerts.tested" => "Sent a test alert",
        "audit_stream.configured" => "Set the audit stream",
        "audit_stream.removed" => "Removed the audit stream",
        "connection.paused" => "Paused a connection",
        "connection.resumed" => "Resumed a connection",
        "organisation.paused" => "Paused every connection of the organisation",
        "organisation.resumed" => "Resumed the organisation's connections",
        _ => "Other",
    }
}

/// Whether the action succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Failure => "failure",
        }
    }
}

/// One event to record.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub tenant_id: &'a str,
    /// Who acted; `None` for the gateway itself.
    pub user_id: Option<&'a str>,
    /// Their email when they acted.
    pub actor: Option<&'a str>,
    pub action: Action,
    pub outcome: Outcome,
    pub vendor: Option<&'a str>,
    /// The id of what was acted on (grant, connection, member).
    pub target: Option<&'a str>,
    /// Short context for people: a client name, a vendor's error, a role.
    pub detail: Option<&'a str>,
    pub ip: Option<&'a str>,
}

impl<'a> Event<'a> {
    /// A successful action by a signed-in user, with nothing else filled in yet.
    pub fn by(tenant_id: &'a str, user_id: &'a str, actor: &'a str, action: Action) -> Self {
        Self {
            tenant_id,
            user_id: Some(user_id),
            actor: Some(actor),
            action,
            outcome: Outcome::Success,
            vendor: None,
            target: None,
            detail: None,
            ip: None,
        }
    }

    /// An action taken for a user by an app or by the gateway (no person at a browser).
    pub fn for_user(tenant_id: &'a str, user_id: &'a str, action: Action) -> Self {
        Self {
            actor: None,
            ..Self::by(tenant_id, user_id, "", action)
        }
    }

    /// Marks the action as failed.
    pub fn failed(self) -> Self {
        Self {
            outcome: Outcome::Failure,
            ..self
        }
    }

    /// Names the vendor and the id of what was acted on.
    pub fn on(self, vendor: Option<&'a str>, target: &'a str) -> Self {
        Self {
            vendor,
            target: Some(target),
            ..self
        }
    }

    /// Adds short context for people.
    pub fn detail(self, detail: &'a str) -> Self {
        Self {
            detail: Some(detail),
            ..self
        }
    }

    /// Adds the client's address.
    pub fn from_ip(self, ip: &'a str) -> Self {
        Self {
            ip: Some(ip),
            ..self
        }
    }

    /// The insert, to run alone or inside a batch with the change it records.
    pub fn statement(&self, now: i64) -> Statement {
        Statement::new(
            "INSERT INTO audit_events (tenant_id, user_id, actor, action, outcome, vendor, target, detail, ip, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                self.tenant_id,
                self.user_id,
                self.actor,
                self.action.as_str(),
                self.outcome.as_str(),
                self.vendor,
                self.target,
                self.detail.map(|d| truncate(d, MAX_DETAIL_CHARS)),
                self.ip,
                now
            ],
        )
    }

    /// The insert of this event into every tenant its user belongs to, for an account-level
    /// action (a password, every session) that each organisation's log should show;
    /// `tenant_id` is not used.
    pub fn statement_everywhere(&self, now: i64) -> Statement {
        Statement::new(
            "INSERT INTO audit_events (tenant_id, user_id, actor, action, outcome, vendor, target, detail, ip, created_at)
             SELECT tenant_id, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM memberships WHERE user_id = ?1",
            params![
                self.user_id,
                self.actor,
                self.action.as_str(),
                self.outcome.as_str(),
                self.vendor,
                self.target,
                self.detail.map(|d| truncate(d, MAX_DETAIL_CHARS)),
                self.ip,
                now
            ],
        )
    }

    /// Records the event on its own.
    pub async fn record(&self, db: &Db, now: i64) -> Result<()> {
        db.batch(vec![self.statement(now)]).await
    }
}

const MAX_DETAIL_CHARS: usize = 300;

/// The stable name a deleted user's entries carry instead of their id and email:
/// `deleted-user-` and 12 characters of the SHA-256 of the user id. The same user always gets
/// the same name, so an auditor can still follow one person's actions; the id was random, so
/// the name cannot be traced back to an email by guessing.
pub fn pseudonym(user_id: &str) -> String {
    let digest = crate::oauth::secrets::hash(user_id);
    format!("deleted-user-{}", &digest[..12])
}

/// The statements that put [`pseudonym`] in place of a user who is being deleted, in every
/// entry that names them; run them before the memberships go. Nothing is deleted.
///
/// - the entries the user made (any tenant): `user_id` and `actor`;
/// - the entries whose target is the user (their invitation, role change or removal by an
///   owner): `target`;
/// - details that name the user's email, in those entries and in the tenants the user belongs
///   to. Details name a member as the email alone, or followed by `" as <role>"` or
///   `": <old> → <new>"`, so only a detail that *is* the email or *starts* with it followed by
///   a space or a colon is rewritten, by plain comparison (no `LIKE`, whose `_` and `%` would
///   match other people's addresses).
pub fn pseudonymise(user_id: &str, email: &str) -> Vec<Statement> {
    let name = pseudonym(user_id);
    vec![
        Statement::new(
            "UPDATE audit_events SET detail = ?2 || substr(detail, length(?3) + 1)
              WHERE (user_id = ?1 OR target = ?1
                     OR tenant_id IN (SELECT tenant_id FROM memberships WHERE user_id = ?1))
                AND (detail = ?3 OR substr(detail, 1, length(?3) + 1) IN (?3 || ' ', ?3 || ':'))",
            params![user_id, name.as_str(), email],
        ),
        Statement::new(
            "UPDATE audit_events SET user_id = ?2, actor = ?2 WHERE user_id = ?1",
            params![user_id, name.as_str()],
        ),
        Statement::new(
            "UPDATE audit_events SET target = ?2 WHERE target = ?1",
            params![user_id, name.as_str()],
        ),
    ]
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// A stored event, as listed and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: i64,
    pub created_at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub outcome: String,
    pub vendor: Option<String>,
    pub target: Option<String>,
    pub detail: Option<String>,
    pub ip: Option<String>,
}

/// Whose events a reader may see.
#[derive(Debug, Clone, Copy)]
pub enum Visibility<'a> {
    /// One user's own events in a tenant.
    User {
        tenant_id: &'a str,
        user_id: &'a str,
    },
    /// Every event of a tenant (owners and admins).
    Tenant { tenant_id: &'a str },
}

/// Up to `limit` events, newest first, older than the event id `before` when given.
pub async fn list(
    db: &Db,
    visibility: Visibility<'_>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Entry>> {
    let before = before.unwrap_or(i64::MAX);
    match visibility {
        Visibility::User { tenant_id, user_id } => {
            db.all(
                "SELECT id, created_at, actor, action, outcome, vendor, target, detail, ip FROM audit_events
                  WHERE tenant_id = ?1 AND user_id = ?2 AND id < ?3 ORDER BY id DESC LIMIT ?4",
                params![tenant_id, user_id, before, limit],
            )
            .await
        }
        Visibility::Tenant { tenant_id } => {
            db.all(
                "SELECT id, created_at, actor, action, outcome, vendor, target, detail, ip FROM audit_events
                  WHERE tenant_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
                params![tenant_id, before, limit],
            )
            .await
        }
    }
}

/// Deletes events older than `cutoff` (Unix seconds), at most `batch` of them; returns how
/// many went, so the caller can stop when a batch comes back short.
pub async fn purge_before(db: &Db, cutoff: i64, batch: i64) -> Result<usize> {
    db.run(
        "DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE created_at < ?1 ORDER BY id LIMIT ?2)",
        params![cutoff, batch],
    )
    .await
}

/// The CSV export: a header row, then one row per entry; times in RFC 3339 (UTC).
pub fn to_csv(entries: &[Entry]) -> String {
    let mut out = String::from("id,time,actor,action,outcome,vendor,target,detail,ip\r\n");
    for entry in entries {
        let fields = [
            entry.id.to_string(),
            rfc3339(entry.created_at),
            entry.actor.clone().unwrap_or_default(),
            entry.action.clone(),
            entry.outcome.clone(),
            entry.vendor.clone().unwrap_or_default(),
            entry.target.clone().unwrap_or_default(),
            entry.detail.clone().unwrap_or_default(),
            entry.ip.clone().unwrap_or_default(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV field (RFC 4180), with spreadsheet formula injection neutralised: a value that
/// starts with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe.
pub(crate) fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Unix seconds as an RFC 3339 UTC timestamp.
pub fn rfc3339(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(detail: &str) -> Entry {
        Entry {
            id: 7,
            created_at: 1_763_700_000,
            actor: Some("tech@msp.example".into()),
            action: "connection.tested".into(),
            outcome: "failure".into(),
            vendor: Some("datto-rmm".into()),
            target: Some("con_1".into()),
            detail: Some(detail.into()),
            ip: None,
        }
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let csv = to_csv(&[entry("said \"no\", twice"), entry("=HYPERLINK(\"x\")")]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "id,time,actor,action,outcome,vendor,target,detail,ip"
        );
        assert_eq!(
            lines[1],
            "7,2025-11-21T04:40:00Z,tech@msp.example,connection.tested,failure,datto-rmm,con_1,\"said \"\"no\"\", twice\","
        );
        assert!(
            lines[2].contains("\"'=HYPERLINK(\"\"x\"\")\""),
            "{}",
            lines[2]
        );
        assert_eq!(lines.len(), 4, "header, two rows, trailing CRLF");
    }

    #[test]
    fn pseudonyms_are_stable_per_user_and_reveal_nothing() {
        let name = pseudonym("usr_abc");
        assert_eq!(name, pseudonym("usr_abc"));
        assert_ne!(name, pseudonym("usr_abd"));
        assert!(name.starts_with("deleted-user-") && name.len() == 13 + 12);
        assert!(!name.contains("usr_abc"));
    }

    #[test]
    fn action_names_are_distinct() {
        let all = [
            Action::SignIn,
            Action::AccountCreated,
            Action::PasswordChanged,
            Action::PasswordReset,
            Action::SignedOutEverywhere,
            Action::GrantIssued,
            Action::GrantRefreshed,
            Action::GrantRevoked,
            Action::GrantChanged,
            Action::ConnectionCreated,
            Action::ConnectionTested,
            Action::ConnectionUpdated,
            Action::ConnectionUnsealed,
            Action::ConnectionDeleted,
            Action::ConnectionNeedsReauth,
            Action::AccountDeleted,
            Action::MemberInvited,
            Action::MemberJoined,
            Action::MemberRemoved,
            Action::MemberRoleChanged,
            Action::AlertsConfigured,
            Action::AlertsRemoved,
            Action::AlertTested,
            Action::AuditStreamConfigured,
            Action::AuditStreamRemoved,
        ];
        let names: std::collections::HashSet<_> = all.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), all.len());
        for action in all {
            assert_ne!(describe(action.as_str()), "Other", "{}", action.as_str());
        }
    }
}

//! Where an organisation's alerts and audit stream go (`org_sinks`), and how one delivery is
//! made: a signed POST with a timeout, no redirects followed.
//!
//! - `url` (pure): which URLs an owner may type.
//! - `sign` (pure): the HMAC signature header and the retry backoff.
//!
//! A sink's URL (for Slack and Teams the URL itself is the credential), its signing secret and
//! any receiver token are sealed together like vendor credentials (`src/vault/seal.rs`,
//! contents `webhook`, bound to the organisation, the kind, the format and the host); pages
//! show only the host. A delivery run holds the sink's lease (`lease_until`, taken by a
//! conditional update), so one organisation's deliveries never overlap and stay in order.

pub mod sign;
pub mod url;

use crate::config::KeyRing;
use crate::db::{Db, Statement};
use crate::params;
use crate::vault::seal::{self, Binding, Contents, Sealed, VaultError};
use futures::future::{select, Either};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use worker::{AbortController, Delay, Fetch, Headers, Method, Request, RequestInit, Result};

/// How long one delivery may take.
pub const TIMEOUT_SECONDS: u64 = 10;
/// How long a delivery run holds a sink.
pub const LEASE_SECONDS: i64 = 60;

/// What a sink receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Alerts (`src/alerts/`).
    Alerts,
    /// Every audit event as JSON lines (`src/audit_stream.rs`).
    AuditStream,
}

impl Kind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alerts => "alerts",
            Self::AuditStream => "audit_stream",
        }
    }

    /// The kind a stored name stands for.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "alerts" => Some(Self::Alerts),
            "audit_stream" => Some(Self::AuditStream),
            _ => None,
        }
    }
}

/// The sealed part of a sink.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Destination {
    pub url: String,
    /// The signing secret (`whsec_…`).
    pub secret: String,
    /// A token the receiver asks for (Splunk HEC's, or a bearer token), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// A sink as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct Sink {
    pub tenant_id: String,
    pub kind: String,
    pub format: String,
    pub host: String,
    sealed: String,
    key_version: String,
    /// The last audit event id handled: scanned for alerts, delivered for the stream.
    pub cursor: i64,
    pub failures: i64,
    pub next_attempt_at: i64,
    pub last_attempt_at: Option<i64>,
    pub last_success_at: Option<i64>,
    pub last_status: Option<String>,
}

fn binding<'a>(tenant_id: &'a str, kind: &'a str, settings: &'a str) -> Binding<'a> {
    Binding {
        tenant_id,
        user_id: "",
        vendor: kind,
        connection_id: tenant_id,
        settings,
        contents: Contents::Webhook,
    }
}

impl Sink {
    /// Opens the sealed destination.
    pub fn open(&self, ring: &KeyRing) -> std::result::Result<Destination, VaultError> {
        let settings = format!("{}|{}", self.format, self.host);
        let plain = seal::open(
            ring,
            &binding(&self.tenant_id, &self.kind, &settings),
            &Sealed {
                key_version: self.key_version.clone(),
                blob: self.sealed.clone(),
            },
        )?;
        serde_json::from_slice(&plain).map_err(|_| VaultError::Malformed)
    }
}

/// The organisation's sink of this kind, if configured.
pub async fn find(db: &Db, tenant_id: &str, kind: Kind) -> Result<Option<Sink>> {
    db.first(
        "SELECT tenant_id, kind, format, host, sealed, key_version, cursor, failures, next_attempt_at, last_attempt_at, last_success_at, last_status
           FROM org_sinks WHERE tenant_id = ?1 AND kind = ?2",
        params![tenant_id, kind.as_str()],
    )
    .await
}

/// The sinks due for a delivery run (not leased, not waiting out a backoff), at most `limit`.
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<Sink>> {
    db.all(
        "SELECT tenant_id, kind, format, host, sealed, key_version, cursor, failures, next_attempt_at, last_attempt_at, last_success_at, last_status
           FROM org_sinks WHERE next_attempt_at <= ?1 AND lease_until < ?1
          ORDER BY next_attempt_at LIMIT ?2",
        params![now, limit],
    )
    .await
}

/// Saves (or replaces) a sink. A new sink starts after the organisation's latest audit event,
/// so what happens from now on is delivered or scanned; a replaced one keeps its cursor, so
/// nothing is skipped or sent twice because the URL changed. Failures and backoff start over.
pub fn save(
    ring: &KeyRing,
    tenant_id: &str,
    kind: Kind,
    format: &str,
    host: &str,
    destination: &Destination,
    now: i64,
) -> Statement {
    let settings = format!("{format}|{host}");
    let plain = serde_json::to_vec(destination).unwrap_or_default();
    let sealed = seal::seal(ring, &binding(tenant_id, kind.as_str(), &settings), &plain);
    Statement::new(
        "INSERT INTO org_sinks (tenant_id, kind, format, host, sealed, key_version, cursor, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT COALESCE(MAX(id), 0) FROM audit_events WHERE tenant_id = ?1), ?7, ?7)
         ON CONFLICT (tenant_id, kind) DO UPDATE SET format = excluded.format, host = excluded.host,
           sealed = excluded.sealed, key_version = excluded.key_version, failures = 0,
           next_attempt_at = 0, updated_at = excluded.updated_at",
        params![
            tenant_id,
            kind.as_str(),
            format,
            host,
            sealed.blob,
            sealed.key_version,
            now
        ],
    )
}

/// Removes a sink (its alerts waiting in the outbox go with it).
pub fn remove(tenant_id: &str, kind: Kind) -> Vec<Statement> {
    let mut statements = vec![Statement::new(
        "DELETE FROM org_sinks WHERE tenant_id = ?1 AND kind = ?2",
        params![tenant_id, kind.as_str()],
    )];
    if kind == Kind::Alerts {
        statements.push(Statement::new(
            "DELETE FROM alert_outbox WHERE tenant_id = ?1 AND delivered_at IS NULL AND gave_up_at IS NULL",
            params![tenant_id],
        ));
    }
    statements
}

/// Takes the sink for one delivery run; false when another run holds it.
pub async fn lease(db: &Db, tenant_id: &str, kind: Kind, now: i64) -> Result<bool> {
    let changed = db
        .run(
            "UPDATE org_sinks SET lease_until = ?3 WHERE tenant_id = ?1 AND kind = ?2 AND lease_until < ?4",
            params![tenant_id, kind.as_str(), now + LEASE_SECONDS, now],
        )
        .await?;
    Ok(changed == 1)
}

/// Ends a delivery run: the cursor reached, and the outcome of the last attempt (`None` when
/// nothing was sent). A failure starts or extends the backoff.
pub async fn release(
    db: &Db,
    tenant_id: &str,
    kind: Kind,
    cursor: i64,
    attempt: Option<&Attempt>,
    retry: (i64, i64),
    now: i64,
) -> Result<()> {
    match attempt {
        None => {
            db.run(
                "UPDATE org_sinks SET lease_until = 0, cursor = MAX(cursor, ?3) WHERE tenant_id = ?1 AND kind = ?2",
                params![tenant_id, kind.as_str(), cursor],
            )
            .await?;
        }
        Some(attempt) if attempt.delivered() => {
            db.run(
                "UPDATE org_sinks SET lease_until = 0, cursor = MAX(cursor, ?3), failures = 0, next_attempt_at = 0,
                        last_attempt_at = ?4, last_success_at = ?4, last_status = ?5
                  WHERE tenant_id = ?1 AND kind = ?2",
                params![tenant_id, kind.as_str(), cursor, now, attempt.status()],
            )
            .await?;
        }
        Some(attempt) => {
            db.run(
                "UPDATE org_sinks SET lease_until = 0, cursor = MAX(cursor, ?3), failures = failures + 1,
                        next_attempt_at = ?4 + MIN(?6 * (1 << MIN(failures, 20)), ?7),
                        last_attempt_at = ?4, last_status = ?5
                  WHERE tenant_id = ?1 AND kind = ?2",
                params![
                    tenant_id,
                    kind.as_str(),
                    cursor,
                    now,
                    attempt.status(),
                    retry.0,
                    retry.1
                ],
            )
            .await?;
        }
    }
    Ok(())
}

/// What one delivery came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The receiver answered with this status.
    Answered(u16),
    /// No answer within [`TIMEOUT_SECONDS`].
    Timeout,
    /// The request could not be sent (DNS, TLS, connection refused).
    Unreachable,
}

impl Attempt {
    /// Whether the receiver took it (2xx).
    pub fn delivered(&self) -> bool {
        matches!(self, Self::Answered(status) if (200..300).contains(status))
    }

    /// The status as the settings page shows it.
    pub fn status(&self) -> String {
        match self {
            Self::Answered(status) => format!("HTTP {status}"),
            Self::Timeout => format!("no answer within {TIMEOUT_SECONDS} s"),
            Self::Unreachable => "could not connect".to_owned(),
        }
    }
}

/// One signed POST of `body`. `headers` are added to the signature, content type and user
/// agent; redirects are not followed (a 3xx is a failure), so a delivery never goes anywhere
/// but the configured URL.
pub async fn post(
    destination: &Destination,
    content_type: &str,
    headers: &[(&str, String)],
    body: String,
    now: i64,
) -> Attempt {
    let signature = sign::signature(&destination.secret, now, body.as_bytes());
    let sent = Headers::new();
    let mut all: Vec<(&str, String)> = vec![
        ("content-type", content_type.to_owned()),
        ("user-agent", "mcp-gateway-webhooks/1".to_owned()),
        (sign::SIGNATURE_HEADER, signature),
    ];
    all.extend(headers.iter().cloned());
    for (name, value) in &all {
        if sent.set(name, value).is_err() {
            return Attempt::Unreachable;
        }
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(sent)
        .with_redirect(worker::RequestRedirect::Manual)
        .with_body(Some(body.into()));
    let Ok(request) = Request::new_with_init(&destination.url, &init) else {
        return Attempt::Unreachable;
    };
    let controller = AbortController::default();
    let signal = controller.signal();
    let exchange = Box::pin(async {
        let mut response = Fetch::Request(request).send_with_signal(&signal).await?;
        let _ = response.bytes().await;
        Ok::<_, worker::Error>(response.status_code())
    });
    let outcome = select(
        exchange,
        Box::pin(Delay::from(Duration::from_secs(TIMEOUT_SECONDS))),
    )
    .await;
    match outcome {
        Either::Left((Ok(status), _)) => Attempt::Answered(status),
        Either::Left((Err(_), _)) => Attempt::Unreachable,
        Either::Right(_) => {
            controller.abort();
            Attempt::Timeout
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_2xx_is_delivered_and_statuses_read_plainly() {
        assert!(Attempt::Answered(200).delivered());
        assert!(Attempt::Answered(204).delivered());
        assert!(
            !Attempt::Answered(302).delivered(),
            "redirects are not followed"
        );
        assert!(!Attempt::Answered(503).delivered());
        assert!(!Attempt::Timeout.delivered() && !Attempt::Unreachable.delivered());
        assert_eq!(Attempt::Answered(503).status(), "HTTP 503");
        assert_eq!(Attempt::Timeout.status(), "no answer within 10 s");
        assert_eq!(Kind::parse("audit_stream"), Some(Kind::AuditStream));
        assert_eq!(Kind::parse(Kind::Alerts.as_str()), Some(Kind::Alerts));
        assert_eq!(Kind::parse("other"), None);
    }

    #[test]
    fn a_destination_opens_only_for_its_own_tenant_kind_format_and_host() {
        let ring = crate::config::KeyRing::parse(
            "CREDENTIAL_KEYS",
            "v1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        )
        .unwrap();
        let destination = Destination {
            url: "https://hooks.slack.com/services/T/B/X".into(),
            secret: "whsec_test".into(),
            token: None,
        };
        let settings = "slack|hooks.slack.com";
        let sealed = seal::seal(
            &ring,
            &binding("ten_1", "alerts", settings),
            &serde_json::to_vec(&destination).unwrap(),
        );
        let sink = |tenant: &str, kind: &str, host: &str| Sink {
            tenant_id: tenant.into(),
            kind: kind.into(),
            format: "slack".into(),
            host: host.into(),
            sealed: sealed.blob.clone(),
            key_version: sealed.key_version.clone(),
            cursor: 0,
            failures: 0,
            next_attempt_at: 0,
            last_attempt_at: None,
            last_success_at: None,
            last_status: None,
        };
        assert_eq!(
            sink("ten_1", "alerts", "hooks.slack.com").open(&ring),
            Ok(destination)
        );
        assert!(sink("ten_2", "alerts", "hooks.slack.com")
            .open(&ring)
            .is_err());
        assert!(sink("ten_1", "audit_stream", "hooks.slack.com")
            .open(&ring)
            .is_err());
        assert!(sink("ten_1", "alerts", "evil.example.com")
            .open(&ring)
            .is_err());
    }
}

//! Vendor connections in D1: one user's credentials for one vendor, the secret half sealed
//! with [`super::seal`]. Every query names the tenant and the user, so nobody reaches
//! another member's connection.

use super::seal::{self, Binding, Contents, Sealed, VaultError};
use crate::config::KeyRing;
use crate::db::{Db, Statement};
use crate::params;
use crate::vendors::kit::fields::Credentials;
use serde::Deserialize;
use std::collections::BTreeMap;
use worker::Result;

/// The states a connection moves through.
pub mod status {
    /// Usable.
    pub const ACTIVE: &str = "active";
    /// The vendor refused the credentials; the user must update them.
    pub const NEEDS_REAUTH: &str = "needs_reauth";
    /// Disconnected by the user: the sealed secrets are erased.
    pub const REVOKED: &str = "revoked";
}

/// A stored connection.
#[derive(Debug, Clone, Deserialize)]
pub struct Connection {
    pub id: String,
    pub tenant_id: String,
    pub user_id: String,
    pub vendor: String,
    pub label: String,
    /// JSON object of the plain settings.
    pub settings: String,
    pub sealed: Option<String>,
    pub key_version: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_used_at: Option<i64>,
    pub last_verified_at: Option<i64>,
    /// The toolsets chosen for the connection (`None`: the vendor's defaults).
    #[serde(default)]
    pub toolsets: Option<String>,
    /// When an owner, an admin or the user paused it (`None`: not paused); tool calls are then
    /// answered without the vendor (`src/killswitch.rs`).
    #[serde(default)]
    pub paused_at: Option<i64>,
    /// Who paused it (a user id; `None` once their account is gone).
    #[serde(default)]
    pub paused_by: Option<String>,
}

/// Why a stored connection could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("the connection was disconnected")]
    Revoked,
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error("the opened credentials are not a JSON object")]
    Corrupt,
}

impl Connection {
    fn binding(&self) -> Binding<'_> {
        binding(
            &self.tenant_id,
            &self.user_id,
            &self.vendor,
            &self.id,
            &self.settings,
        )
    }

    /// Opens the sealed secrets and joins them with the plain settings.
    pub fn open(&self, keys: &KeyRing) -> std::result::Result<Credentials, OpenError> {
        let (Some(blob), Some(key_version)) = (&self.sealed, &self.key_version) else {
            return Err(OpenError::Revoked);
        };
        let sealed = Sealed {
            key_version: key_version.clone(),
            blob: blob.clone(),
        };
        let plaintext = seal::open(keys, &self.binding(), &sealed)?;
        let secrets: BTreeMap<String, String> =
            serde_json::from_slice(&plaintext).map_err(|_| OpenError::Corrupt)?;
        let settings: BTreeMap<String, String> =
            serde_json::from_str(&self.settings).map_err(|_| OpenError::Corrupt)?;
        Ok(Credentials { settings, secrets })
    }

    /// A short fingerprint of the sealed value; it changes whenever the keys are updated,
    /// so caches derived from the old keys are never used with the new ones.
    pub fn fingerprint(&self) -> String {
        fingerprint(self.sealed.as_deref().unwrap_or(""))
    }

    /// Whether tools may use it.
    pub fn is_active(&self) -> bool {
        self.status == status::ACTIVE
    }
}

/// The fingerprint of a sealed value (see [`Connection::fingerprint`]).
pub fn fingerprint(sealed_blob: &str) -> String {
    crate::oauth::secrets::hash(sealed_blob)[..16].to_owned()
}

/// The binding of a connection's sealed values.
pub fn binding<'a>(
    tenant_id: &'a str,
    user_id: &'a str,
    vendor: &'a str,
    connection_id: &'a str,
    settings: &'a str,
) -> Binding<'a> {
    Binding {
        tenant_id,
        user_id,
        vendor,
        connection_id,
        settings,
        contents: Contents::Credentials,
    }
}

/// Seals the secret half of `credentials` for a connection.
pub fn seal_credentials(
    keys: &KeyRing,
    binding: &Binding<'_>,
    credentials: &Credentials,
) -> Sealed {
    let plaintext =
        serde_json::to_vec(&credentials.secrets).expect("a map of strings always serializes");
    seal::seal(keys, binding, &plaintext)
}

/// The plain settings as stored.
pub fn settings_json(credentials: &Credentials) -> String {
    serde_json::to_string(&credentials.settings).expect("a map of strings always serializes")
}

/// Every column of a connection row, of the table aliased `c`, as one static string.
macro_rules! connection_columns {
    () => {
        "c.id, c.tenant_id, c.user_id, c.vendor, c.label, c.settings, c.sealed, c.key_version,
         c.status, c.status_reason, c.created_at, c.updated_at, c.last_used_at,
         c.last_verified_at, c.toolsets, c.paused_at, c.paused_by"
    };
}
pub(crate) use connection_columns;

/// `SELECT <every column> FROM vendor_connections c <rest>`, as one static string.
macro_rules! select_connections {
    ($rest:literal $(,)?) => {
        concat!(
            "SELECT ",
            connection_columns!(),
            " FROM vendor_connections c ",
            $rest
        )
    };
}

/// The user's connections, newest first, disconnected ones last.
pub async fn list(db: &Db, tenant_id: &str, user_id: &str) -> Result<Vec<Connection>> {
    db.all(
        select_connections!(
            "WHERE tenant_id = ?1 AND user_id = ?2
              ORDER BY status = 'revoked', vendor, created_at DESC",
        ),
        params![tenant_id, user_id],
    )
    .await
}

/// Every connection of a user in every tenant, for erasing their caches on account deletion.
pub async fn list_everywhere(db: &Db, user_id: &str) -> Result<Vec<Connection>> {
    db.all(select_connections!("WHERE user_id = ?1"), params![user_id])
        .await
}

/// One of the user's connections.
pub async fn find(db: &Db, tenant_id: &str, user_id: &str, id: &str) -> Result<Option<Connection>> {
    db.first(
        select_connections!("WHERE id = ?3 AND tenant_id = ?1 AND user_id = ?2",),
        params![tenant_id, user_id, id],
    )
    .await
}

/// Stores the toolsets chosen for one of the user's connections (`None`: the defaults).
pub async fn set_toolsets(
    db: &Db,
    tenant_id: &str,
    user_id: &str,
    id: &str,
    toolsets: Option<&str>,
    now: i64,
) -> Result<bool> {
    let changed = db
        .run(
            "UPDATE vendor_connections SET toolsets = ?4, updated_at = ?5
              WHERE id = ?3 AND tenant_id = ?1 AND user_id = ?2 AND status != 'revoked'",
            params![tenant_id, user_id, id, toolsets, now],
        )
        .await?;
    Ok(changed > 0)
}

/// The user's usable connections to a vendor, most recently verified first.
pub async fn active_for_vendor(
    db: &Db,
    tenant_id: &str,
    user_id: &str,
    vendor: &str,
) -> Result<Vec<Connection>> {
    db.all(
        select_connections!(
            "WHERE tenant_id = ?1 AND user_id = ?2 AND vendor = ?3 AND status = 'active'
              ORDER BY last_verified_at DESC",
        ),
        params![tenant_id, user_id, vendor],
    )
    .await
}

/// A connection about to be inserted.
pub struct NewConnection<'a> {
    pub id: &'a str,
    pub tenant_id: &'a str,
    pub user_id: &'a str,
    pub vendor: &'a str,
    pub label: &'a str,
    pub settings: &'a str,
    pub sealed: &'a Sealed,
    /// When "Test connection" passed; `None` for vendors that cannot be tested yet.
    pub verified_at: Option<i64>,
}

/// The insert of a new connection, for a batch with its audit event.
pub fn insert(connection: &NewConnection<'_>, now: i64) -> Statement {
    Statement::new(
        "INSERT INTO vendor_connections (id, tenant_id, user_id, vendor, label, settings, sealed, key_version, status, created_at, updated_at, last_verified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'active', ?9, ?9, ?10)",
        params![
            connection.id,
            connection.tenant_id,
            connection.user_id,
            connection.vendor,
            connection.label,
            connection.settings,
            connection.sealed.blob.as_str(),
            connection.sealed.key_version.as_str(),
            now,
            connection.verified_at
        ],
    )
}

/// New keys (rotation) for an existing connection; it becomes active again.
pub fn update_keys(
    connection: &Connection,
    settings: &str,
    sealed: &Sealed,
    verified_at: Option<i64>,
    now: i64,
) -> Statement {
    Statement::new(
        "UPDATE vendor_connections SET settings = ?4, sealed = ?5, key_version = ?6, status = 'active', status_reason = NULL,
                updated_at = ?7, last_verified_at = COALESCE(?8, last_verified_at)
          WHERE id = ?3 AND tenant_id = ?1 AND user_id = ?2 AND status != 'revoked'",
        params![
            connection.tenant_id.as_str(),
            connection.user_id.as_str(),
            connection.id.as_str(),
            settings,
            sealed.blob.as_str(),
            sealed.key_version.as_str(),
            now,
            verified_at
        ],
    )
}

/// Replaces a connection's sealed secrets with `sealed` only if they are still `previous`
/// (a compare-and-set): a vendor that rotates its refresh token on every refresh has the new
/// one stored here, and of two refreshes at once only the first is kept. `true` when stored.
pub async fn replace_sealed(
    db: &Db,
    connection: &Connection,
    previous: &str,
    sealed: &Sealed,
    now: i64,
) -> Result<bool> {
    let changed = db
        .run(
            "UPDATE vendor_connections SET sealed = ?4, key_version = ?5, updated_at = ?6
              WHERE id = ?3 AND tenant_id = ?1 AND user_id = ?2 AND sealed = ?7 AND status != 'revoked'",
            params![
                connection.tenant_id.as_str(),
                connection.user_id.as_str(),
                connection.id.as_str(),
                sealed.blob.as_str(),
                sealed.key_version.as_str(),
                now,
                previous
            ],
        )
        .await?;
    Ok(changed > 0)
}

/// Records the outcome of "Test connection" or of a vendor call: a success makes it active
/// and stamps `last_verified_at`; a credential refusal marks it `needs_reauth`.
pub async fn record_check(
    db: &Db,
    connection: &Connection,
    refused: Option<&str>,
    now: i64,
) -> Result<()> {
    match refused {
        None => db.run(
            "UPDATE vendor_connections SET status = 'active', status_reason = NULL, last_verified_at = ?4
              WHERE id = ?3 AND tenant_id = ?1 AND user_id = ?2 AND status != 'revoked'",
            params![connection.tenant_id.as_str(), connection.user_id.as_str(), connection.id.as_str(), now],
        ),
        Some(reason) => return db.batch(vec![needs_reauth(connection, reason)]).await,
    }
    .await?;
    Ok(())
}

/// Marks a connection whose keys the vendor refused: it is offered for update, and tool
/// calls answer with the connect URL instead of calling the vendor.
pub fn needs_reauth(connection: &Connection, reason: &str) -> Statement {
    Statement::new(
        "UPDATE vendor_connections SET status = 'needs_reauth', status_reason = ?4
          WHERE id = ?3 AND tenant_id = ?1 AND user_id = ?2 AND status != 'revoked'",
        params![
            connection.tenant_id.as_str(),
            connection.user_id.as_str(),
            connection.id.as_str(),
            reason
        ],
    )
}

/// Stamps a connection's last use by a tool call.
pub fn touch(connection: &Connection, now: i64) -> Statement {
    Statement::new(
        "UPDATE vendor_connections SET last_used_at = ?2 WHERE id = ?1",
        params![connection.id.as_str(), now],
    )
}

/// Disconnects: erases the sealed secrets, marks the connection revoked and revokes every
/// grant that used it, in one transaction with its audit event.
pub async fn disconnect(
    db: &Db,
    connection: &Connection,
    audit: Statement,
    now: i64,
) -> Result<()> {
    let (tenant, user, id) = (
        connection.tenant_id.as_str(),
        connection.user_id.as_str(),
        connection.id.as_str(),
    );
    db.batch(vec![
        Statement::new(
            "UPDATE vendor_connections SET sealed = NULL, key_version = NULL, status = 'revoked',
                    status_reason = 'disconnected', updated_at = ?4
              WHERE id = ?3 AND tenant_id = ?1 AND user_id = ?2",
            params![tenant, user, id, now],
        ),
        Statement::new(
            "UPDATE grants SET revoked_at = ?4, revoked_reason = 'connection_disconnected'
              WHERE connection_id = ?3 AND tenant_id = ?1 AND user_id = ?2 AND revoked_at IS NULL",
            params![tenant, user, id, now],
        ),
        audit,
    ])
    .await
}

/// What one re-sealing batch did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ResealBatch {
    /// Rows moved to the current key.
    pub resealed: usize,
    /// Rows that could not be opened (their key is gone, or they were altered); left as they
    /// are and logged by the caller.
    pub failed: usize,
    /// Rows read; fewer than the limit means the table has been walked to the end.
    pub read: usize,
    /// The last row id read: the next batch starts after it.
    pub last_id: Option<String>,
}

/// Re-seals up to `limit` connections still sealed under an older master key, walking the
/// table in id order from after `after`, so rows that cannot be opened never stall the walk.
/// Each row is updated only if it still holds the value that was read.
pub async fn reseal_batch(
    db: &Db,
    keys: &KeyRing,
    after: Option<&str>,
    limit: i64,
) -> Result<ResealBatch> {
    let stale: Vec<Connection> = db
        .all(
            select_connections!(
                "WHERE sealed IS NOT NULL AND key_version != ?1 AND id > ?2 ORDER BY id LIMIT ?3",
            ),
            params![keys.current().id.as_str(), after.unwrap_or(""), limit],
        )
        .await?;
    let mut batch = ResealBatch {
        read: stale.len(),
        last_id: stale.last().map(|c| c.id.clone()),
        ..ResealBatch::default()
    };
    let mut updates = Vec::new();
    for connection in &stale {
        let (Some(blob), Some(key_version)) = (&connection.sealed, &connection.key_version) else {
            continue;
        };
        let old = Sealed {
            key_version: key_version.clone(),
            blob: blob.clone(),
        };
        match seal::reseal(keys, &connection.binding(), &old) {
            Ok(Some(new)) => {
                batch.resealed += 1;
                updates.push(Statement::new(
                    "UPDATE vendor_connections SET sealed = ?2, key_version = ?3 WHERE id = ?1 AND sealed = ?4",
                    params![connection.id.as_str(), new.blob, new.key_version, blob.as_str()],
                ));
            }
            Ok(None) => {}
            Err(_) => batch.failed += 1,
        }
    }
    if !updates.is_empty() {
        db.batch(updates).await?;
    }
    Ok(batch)
}

/// Renames a connection (with an update of its keys).
pub fn rename(connection: &Connection, label: &str) -> Statement {
    Statement::new(
        "UPDATE vendor_connections SET label = ?4 WHERE id = ?3 AND tenant_id = ?1 AND user_id = ?2 AND status != 'revoked'",
        params![
            connection.tenant_id.as_str(),
            connection.user_id.as_str(),
            connection.id.as_str(),
            label
        ],
    )
}

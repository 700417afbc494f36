-- Vendor connections (sealed credentials), tenant invitations and the audit trail.
-- See docs/storage.md.

-- One set of vendor credentials a user entered. Secret fields live only in `sealed`
-- (AES-256-GCM, see src/vault/seal.rs); the fields that say where the vendor is (platform,
-- region, subdomain, server URL) are plain JSON in `settings`.
CREATE TABLE vendor_connections (
  id                TEXT PRIMARY KEY,
  tenant_id         TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  vendor            TEXT NOT NULL,
  label             TEXT NOT NULL,                -- the user's name for it, unique per vendor
  settings          TEXT NOT NULL,                -- JSON object of the non-secret fields
  sealed            TEXT,                         -- NULL once disconnected
  key_version       TEXT,                         -- the CREDENTIAL_KEYS id that sealed it
  status            TEXT NOT NULL CHECK (status IN ('active', 'needs_reauth', 'revoked')),
  status_reason     TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  last_used_at      INTEGER,
  last_verified_at  INTEGER
);
CREATE INDEX vendor_connections_by_user ON vendor_connections(user_id, vendor);
CREATE UNIQUE INDEX vendor_connections_label
  ON vendor_connections(tenant_id, user_id, vendor, label) WHERE status != 'revoked';
CREATE INDEX vendor_connections_by_key ON vendor_connections(key_version);

-- The connection a grant calls the vendor with.
ALTER TABLE grants ADD COLUMN connection_id TEXT REFERENCES vendor_connections(id) ON DELETE CASCADE;
CREATE INDEX grants_by_connection ON grants(connection_id);

-- A single-use link that lets someone join a tenant.
CREATE TABLE invitations (
  token_hash   TEXT PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  email        TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  invited_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  accepted_at  INTEGER
);
CREATE INDEX invitations_by_tenant ON invitations(tenant_id);

-- Append-only record of what happened. No foreign keys: an entry outlives the user, grant or
-- connection it names (the entry recording an account's deletion is all that remains of it).
-- Never holds secret values.
CREATE TABLE audit_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id   TEXT NOT NULL,
  user_id     TEXT,                               -- who acted (NULL for the system)
  actor       TEXT,                               -- their email when they acted
  action      TEXT NOT NULL,                      -- e.g. 'connection.created'
  outcome     TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
  vendor      TEXT,
  target      TEXT,                               -- the id of the grant, connection, member…
  detail      TEXT,                               -- short human-readable context
  ip          TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX audit_events_by_tenant ON audit_events(tenant_id, id);
CREATE INDEX audit_events_by_user ON audit_events(user_id, id);
CREATE INDEX audit_events_by_time ON audit_events(created_at);

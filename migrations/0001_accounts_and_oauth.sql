-- Accounts, browser sessions and the OAuth authorization server.
-- Times are Unix seconds. Every secret the gateway issues is stored only as its SHA-256 hash
-- (base64url); passwords only as Argon2id PHC strings. See docs/storage.md.

CREATE TABLE tenants (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE users (
  id             TEXT PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE,          -- trimmed, lowercased
  password_hash  TEXT NOT NULL,                 -- Argon2id PHC string
  created_at     INTEGER NOT NULL
);

CREATE TABLE memberships (
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships(user_id);

CREATE TABLE browser_sessions (
  id_hash     TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX browser_sessions_by_user ON browser_sessions(user_id);

-- Failed sign-ins per key ('account:<email>' or 'ip:<address>') in a fixed window.
CREATE TABLE sign_in_throttle (
  key           TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,
  window_start  INTEGER NOT NULL
);

-- Clients registered through RFC 7591. Clients identified by a metadata document URL (CIMD)
-- are not stored here; their documents are cached in KV.
CREATE TABLE oauth_clients (
  id                          TEXT PRIMARY KEY,
  secret_hash                 TEXT,            -- confidential clients only
  name                        TEXT NOT NULL,
  redirect_uris               TEXT NOT NULL,   -- JSON array of strings
  grant_types                 TEXT NOT NULL,   -- JSON array of strings
  token_endpoint_auth_method  TEXT NOT NULL,
  application_type            TEXT NOT NULL,
  client_uri                  TEXT,
  logo_uri                    TEXT,
  created_at                  INTEGER NOT NULL,
  last_used_at                INTEGER NOT NULL
);

-- What a user allowed one client to do with one vendor.
CREATE TABLE grants (
  id              TEXT PRIMARY KEY,
  tenant_id       TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  client_id       TEXT NOT NULL,                -- DCR id or CIMD URL
  client_name     TEXT NOT NULL,
  vendor          TEXT NOT NULL,
  resource        TEXT NOT NULL,                -- the vendor's MCP URL: the tokens' audience
  scope           TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  last_used_at    INTEGER,
  revoked_at      INTEGER,
  revoked_reason  TEXT
);
CREATE INDEX grants_by_user ON grants(user_id);
CREATE INDEX grants_by_client ON grants(client_id);

CREATE TABLE authorization_codes (
  code_hash       TEXT PRIMARY KEY,
  grant_id        TEXT NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
  client_id       TEXT NOT NULL,
  redirect_uri    TEXT NOT NULL,
  code_challenge  TEXT NOT NULL,
  expires_at      INTEGER NOT NULL,
  used_at         INTEGER
);
CREATE INDEX authorization_codes_by_grant ON authorization_codes(grant_id);

CREATE TABLE refresh_tokens (
  token_hash   TEXT PRIMARY KEY,
  grant_id     TEXT NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
  parent_hash  TEXT,                              -- the token this one replaced
  status       TEXT NOT NULL CHECK (status IN ('active', 'rotated', 'discarded')),
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  rotated_at   INTEGER
);
CREATE INDEX refresh_tokens_by_grant ON refresh_tokens(grant_id);
-- At most one active refresh token per grant, whatever races happen.
CREATE UNIQUE INDEX refresh_tokens_one_active ON refresh_tokens(grant_id) WHERE status = 'active';

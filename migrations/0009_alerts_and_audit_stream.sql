-- Alert webhooks and audit streaming (issue 20). See docs/storage.md, "Outbound deliveries".

-- Where an organisation's alerts (kind 'alerts') or audit stream (kind 'audit_stream') go.
-- The URL, the signing secret and any receiver token are sealed together (src/webhooks/);
-- `host` is the plain part pages show.
CREATE TABLE org_sinks (
  tenant_id        TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('alerts', 'audit_stream')),
  format           TEXT NOT NULL,            -- alerts: generic/slack/teams; stream: generic/splunk_hec
  host             TEXT NOT NULL,
  sealed           TEXT NOT NULL,
  key_version      TEXT NOT NULL,
  cursor           INTEGER NOT NULL,         -- the last audit event id handled (scanned or delivered)
  failures         INTEGER NOT NULL DEFAULT 0,  -- consecutive failed deliveries
  next_attempt_at  INTEGER NOT NULL DEFAULT 0,
  lease_until      INTEGER NOT NULL DEFAULT 0,  -- one delivery run at a time per sink
  last_attempt_at  INTEGER,
  last_success_at  INTEGER,
  last_status      TEXT,                     -- 'HTTP 200', 'HTTP 503', 'timeout', …
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, kind)
);

-- Alerts waiting to be sent, and those sent (kept a week for the settings page).
CREATE TABLE alert_outbox (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id        TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  event            TEXT NOT NULL,            -- e.g. 'connection.needs_reconnect'
  payload          TEXT NOT NULL,            -- the generic JSON alert (never a secret)
  created_at       INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  delivered_at     INTEGER,
  gave_up_at       INTEGER,
  last_status      TEXT
);
CREATE INDEX alert_outbox_due ON alert_outbox(tenant_id, delivered_at, next_attempt_at);
CREATE INDEX alert_outbox_by_time ON alert_outbox(created_at);

-- When each alert subject was last raised: one per hour, taken by one upsert.
CREATE TABLE alert_dedup (
  tenant_id  TEXT NOT NULL,
  key        TEXT NOT NULL,                  -- '<event>:<subject>'
  raised_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX alert_dedup_by_time ON alert_dedup(raised_at);

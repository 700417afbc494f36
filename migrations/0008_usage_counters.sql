-- Usage counters (issue 20), written in the same after-the-answer batch as a tool call's
-- audit event (src/usage/mod.rs). See docs/storage.md, "Usage counters".

-- One row per organisation, user, vendor, tool and hour. Latencies are kept as sums and as
-- histograms (12 buckets each, bounds in src/usage/mod.rs: BUCKET_BOUNDS_MS), so p50/p95 can
-- be read back for any range by adding buckets. Kept USAGE_RETENTION_DAYS (395: 13 months),
-- purged by the maintenance run.
CREATE TABLE usage_hourly (
  tenant_id         TEXT NOT NULL,
  user_id           TEXT NOT NULL,
  vendor            TEXT NOT NULL,
  tool              TEXT NOT NULL,
  hour              INTEGER NOT NULL,   -- Unix seconds at the start of the hour (UTC)
  calls             INTEGER NOT NULL DEFAULT 0,
  cancelled         INTEGER NOT NULL DEFAULT 0,
  err_arguments     INTEGER NOT NULL DEFAULT 0,  -- refused arguments (the model's mistake)
  err_auth          INTEGER NOT NULL DEFAULT 0,  -- vendor 401/403: keys refused or lacking a right
  err_refused       INTEGER NOT NULL DEFAULT 0,  -- vendor 404 or another 4xx
  err_rate_limited  INTEGER NOT NULL DEFAULT 0,  -- vendor 429
  err_unavailable   INTEGER NOT NULL DEFAULT 0,  -- vendor 5xx, timeout, unreachable, bad answer
  err_gateway       INTEGER NOT NULL DEFAULT 0,  -- the gateway could not finish (audit write)
  vendor_ms         INTEGER NOT NULL DEFAULT 0,  -- sum of vendor time
  gateway_ms        INTEGER NOT NULL DEFAULT 0,  -- sum of gateway time
  v0 INTEGER NOT NULL DEFAULT 0, v1 INTEGER NOT NULL DEFAULT 0, v2 INTEGER NOT NULL DEFAULT 0,
  v3 INTEGER NOT NULL DEFAULT 0, v4 INTEGER NOT NULL DEFAULT 0, v5 INTEGER NOT NULL DEFAULT 0,
  v6 INTEGER NOT NULL DEFAULT 0, v7 INTEGER NOT NULL DEFAULT 0, v8 INTEGER NOT NULL DEFAULT 0,
  v9 INTEGER NOT NULL DEFAULT 0, v10 INTEGER NOT NULL DEFAULT 0, v11 INTEGER NOT NULL DEFAULT 0,
  g0 INTEGER NOT NULL DEFAULT 0, g1 INTEGER NOT NULL DEFAULT 0, g2 INTEGER NOT NULL DEFAULT 0,
  g3 INTEGER NOT NULL DEFAULT 0, g4 INTEGER NOT NULL DEFAULT 0, g5 INTEGER NOT NULL DEFAULT 0,
  g6 INTEGER NOT NULL DEFAULT 0, g7 INTEGER NOT NULL DEFAULT 0, g8 INTEGER NOT NULL DEFAULT 0,
  g9 INTEGER NOT NULL DEFAULT 0, g10 INTEGER NOT NULL DEFAULT 0, g11 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, hour, vendor, tool, user_id)
);
CREATE INDEX usage_hourly_by_user ON usage_hourly(tenant_id, user_id, hour);
CREATE INDEX usage_hourly_by_time ON usage_hourly(hour);

-- Calls and vendor-side failures per vendor, organisation and minute: what /health/vendors
-- and the "vendor failing" alert read. Kept a day.
CREATE TABLE vendor_minutes (
  vendor     TEXT NOT NULL,
  tenant_id  TEXT NOT NULL,
  minute     INTEGER NOT NULL,          -- Unix seconds at the start of the minute
  calls      INTEGER NOT NULL DEFAULT 0,
  errors     INTEGER NOT NULL DEFAULT 0,  -- every call that was not answered with a result
  failures   INTEGER NOT NULL DEFAULT 0,  -- the vendor failing: 5xx, timeout, unreachable, bad answer
  PRIMARY KEY (minute, vendor, tenant_id)
);
CREATE INDEX vendor_minutes_by_tenant ON vendor_minutes(tenant_id, minute);

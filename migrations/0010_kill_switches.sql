-- Kill switches (issue 19). See docs/storage.md, "Kill switches".

-- A paused connection answers tool calls with a tool error and never reaches its vendor.
-- `paused_by` is the member who paused it (SET NULL if their account goes; the audit log
-- keeps who it was).
ALTER TABLE vendor_connections ADD COLUMN paused_at INTEGER;
ALTER TABLE vendor_connections ADD COLUMN paused_by TEXT REFERENCES users(id) ON DELETE SET NULL;

-- A paused organisation: every connection of every member is paused at once.
ALTER TABLE tenants ADD COLUMN paused_at INTEGER;
ALTER TABLE tenants ADD COLUMN paused_by TEXT REFERENCES users(id) ON DELETE SET NULL;

-- Tool calls refused because of a pause (an organisation's, a connection's or the
-- operator's): a refusal by the gateway, never a vendor failure.
ALTER TABLE usage_hourly ADD COLUMN err_paused INTEGER NOT NULL DEFAULT 0;

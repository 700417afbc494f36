-- The toolsets a user chose for a connection on the settings page: NULL for the vendor's
-- defaults, 'all', or toolset names joined by commas (src/tools/toolsets.rs).
ALTER TABLE vendor_connections ADD COLUMN toolsets TEXT;

-- Account security (issue 13): attempt counters with backoff instead of per-account locks,
-- sign-up by emailed link, password reset by emailed link. See docs/storage.md.

-- The old fixed-window counters locked an account for anyone who knew its email. They hold
-- nothing worth keeping (at most 15 minutes of failures), so the table goes.
DROP TABLE sign_in_throttle;

-- Attempts per key, taken by one atomic upsert before the guarded work runs (so parallel
-- attempts cannot all pass). Keys: 'sign-in:<ip>|<email>', 'sign-in-ip:<ip>',
-- 'confirm:<user id>', 'mail:<email>', 'mail-ip:<ip>' (src/accounts/throttle.rs).
CREATE TABLE attempt_counters (
  key            TEXT PRIMARY KEY,
  attempts       INTEGER NOT NULL,   -- since the key was last quiet long enough to be forgotten
  last_at        INTEGER NOT NULL,   -- the latest attempt let through
  blocked_until  INTEGER NOT NULL    -- no attempt before this time (0: none)
);
CREATE INDEX attempt_counters_by_time ON attempt_counters(last_at);

-- A sign-up waiting for its emailed link. Nothing of the account exists until the link is
-- used, so an address can be neither squatted nor probed through sign-up.
CREATE TABLE sign_up_requests (
  token_hash    TEXT PRIMARY KEY,    -- SHA-256 of the emailed secret (base64url)
  email         TEXT NOT NULL,       -- trimmed, lowercased
  organisation  TEXT NOT NULL,
  return_to     TEXT NOT NULL,       -- a path on this site, checked when the form was posted
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  used_at       INTEGER
);
CREATE INDEX sign_up_requests_by_email ON sign_up_requests(email);
CREATE INDEX sign_up_requests_by_expiry ON sign_up_requests(expires_at);

-- A single-use password reset link (30 minutes).
CREATE TABLE password_resets (
  token_hash  TEXT PRIMARY KEY,      -- SHA-256 of the emailed secret (base64url)
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX password_resets_by_user ON password_resets(user_id);
CREATE INDEX password_resets_by_expiry ON password_resets(expires_at);

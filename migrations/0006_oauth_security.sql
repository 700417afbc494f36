-- A rotated refresh token may be retried once, shortly after its rotation (a client whose
-- answer was lost). retried_at records that the retry was spent, so a second replay of the
-- same token revokes the grant instead of being honoured again (src/oauth/refresh.rs).
ALTER TABLE refresh_tokens ADD COLUMN retried_at INTEGER;

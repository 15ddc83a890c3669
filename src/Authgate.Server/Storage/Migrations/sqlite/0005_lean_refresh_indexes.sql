-- Authgate schema v5 (SQLite): fewer indexes on refresh_tokens. Every rotation writes a row and updates another;
-- the four expiry/state indexes served only the background purge, which now scans in bounded batches instead.
DROP INDEX ix_refresh_tokens_expires_at;
DROP INDEX ix_refresh_tokens_idle_expires_at;
DROP INDEX ix_refresh_tokens_rotated_at;
DROP INDEX ix_refresh_tokens_revoked_at;

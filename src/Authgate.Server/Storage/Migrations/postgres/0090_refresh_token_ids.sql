-- Authgate schema v90 (PostgreSQL): refresh tokens found by their id. A v2 value names its row's (time-ordered) id and
-- the row keeps the value's hash in value_hash, so a rotation no longer adds an entry at a random place of a unique
-- index over hashes; token_hash stays, indexed, for the v1 values issued before. The family and user indexes become
-- one (user_id, client_id, family_id): a family is always revoked knowing its user and client.
ALTER TABLE refresh_tokens ALTER COLUMN token_hash DROP NOT NULL;
ALTER TABLE refresh_tokens ADD COLUMN value_hash TEXT NULL;
DROP INDEX ix_refresh_tokens_token_hash;
CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash) WHERE token_hash IS NOT NULL;
DROP INDEX ix_refresh_tokens_family_id;
DROP INDEX ix_refresh_tokens_user_client;
CREATE INDEX ix_refresh_tokens_user_client_family ON refresh_tokens (user_id, client_id, family_id);

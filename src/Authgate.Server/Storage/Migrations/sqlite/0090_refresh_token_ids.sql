-- Authgate schema v90 (SQLite): refresh tokens found by their id. A v2 value names its row's (time-ordered) id and
-- the row keeps the value's hash in value_hash, so a rotation no longer adds an entry at a random place of a unique
-- index over hashes; token_hash stays, indexed, for the v1 values issued before. The family and user indexes become
-- one (user_id, client_id, family_id): a family is always revoked knowing its user and client.
-- token_hash loses NOT NULL, which SQLite can only do by copying the table (once, at this upgrade).
CREATE TABLE refresh_tokens_v90 (
    id               TEXT    NOT NULL PRIMARY KEY,
    token_hash       TEXT    NULL,
    value_hash       TEXT    NULL,
    family_id        TEXT    NOT NULL,
    parent_id        TEXT    NULL,
    client_id        TEXT    NOT NULL,
    user_id          TEXT    NOT NULL,
    connection_id    TEXT    NOT NULL,
    audience         TEXT    NULL,
    scope            TEXT    NOT NULL,
    rotating         INTEGER NOT NULL,
    auth_time        INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NULL,
    idle_expires_at  INTEGER NULL,
    last_used_at     INTEGER NULL,
    rotated_at       INTEGER NULL,
    replaced_by_id   TEXT    NULL,
    revoked_at       INTEGER NULL,
    revoked_reason   TEXT    NULL
);
INSERT INTO refresh_tokens_v90 (id, token_hash, family_id, parent_id, client_id, user_id, connection_id, audience, scope, rotating,
    auth_time, created_at, expires_at, idle_expires_at, last_used_at, rotated_at, replaced_by_id, revoked_at, revoked_reason)
SELECT id, token_hash, family_id, parent_id, client_id, user_id, connection_id, audience, scope, rotating,
    auth_time, created_at, expires_at, idle_expires_at, last_used_at, rotated_at, replaced_by_id, revoked_at, revoked_reason
FROM refresh_tokens;
DROP TABLE refresh_tokens;
ALTER TABLE refresh_tokens_v90 RENAME TO refresh_tokens;
CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX ix_refresh_tokens_user_client_family ON refresh_tokens (user_id, client_id, family_id);

-- Authgate schema v2 (PostgreSQL): refresh tokens, per-client refresh-token settings, shared rate-limit counters.

ALTER TABLE clients ADD COLUMN refresh_token JSONB NULL;

CREATE TABLE refresh_tokens (
    id               TEXT    NOT NULL PRIMARY KEY,
    token_hash       TEXT    NOT NULL,
    family_id        TEXT    NOT NULL,
    parent_id        TEXT    NULL,
    client_id        TEXT    NOT NULL,
    user_id          TEXT    NOT NULL,
    connection_id    TEXT    NOT NULL,
    audience         TEXT    NULL,
    scope            TEXT    NOT NULL,
    rotating         BOOLEAN NOT NULL,
    auth_time        BIGINT  NOT NULL,
    created_at       BIGINT  NOT NULL,
    expires_at       BIGINT  NULL,
    idle_expires_at  BIGINT  NULL,
    last_used_at     BIGINT  NULL,
    rotated_at       BIGINT  NULL,
    replaced_by_id   TEXT    NULL,
    revoked_at       BIGINT  NULL,
    revoked_reason   TEXT    NULL
);
CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash);
CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens_user_client ON refresh_tokens (user_id, client_id);
CREATE INDEX ix_refresh_tokens_expires_at ON refresh_tokens (expires_at);
CREATE INDEX ix_refresh_tokens_idle_expires_at ON refresh_tokens (idle_expires_at);
CREATE INDEX ix_refresh_tokens_rotated_at ON refresh_tokens (rotated_at);
CREATE INDEX ix_refresh_tokens_revoked_at ON refresh_tokens (revoked_at);

-- Fixed-window counters shared by every node (rate limits).
CREATE TABLE rate_limits (
    key           TEXT    NOT NULL PRIMARY KEY,
    window_start  BIGINT  NOT NULL,
    count         BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL
);
CREATE INDEX ix_rate_limits_expires_at ON rate_limits (expires_at);

-- Authgate schema v4 (PostgreSQL): attack protection settings, brute-force counters and blocks, suspicious-IP
-- buckets, one-time unblock links.

CREATE TABLE attack_protection (
    id                  INTEGER NOT NULL PRIMARY KEY,
    brute_force         TEXT    NOT NULL,
    suspicious_ip       TEXT    NOT NULL,
    breached_password   TEXT    NOT NULL,
    updated_at          BIGINT  NOT NULL
);

CREATE TABLE login_failures (
    key              TEXT    NOT NULL PRIMARY KEY,
    connection_id    TEXT    NOT NULL,
    identifier       TEXT    NOT NULL,
    ip               TEXT    NULL,
    failures         INTEGER NOT NULL,
    pending          INTEGER NOT NULL,
    pending_since    BIGINT  NOT NULL,
    last_failure_at  BIGINT  NULL,
    blocked_at       BIGINT  NULL
);
CREATE INDEX ix_login_failures_identifier ON login_failures (connection_id, identifier);
CREATE INDEX ix_login_failures_last_failure_at ON login_failures (last_failure_at);

CREATE TABLE ip_throttles (
    ip            TEXT              NOT NULL PRIMARY KEY,
    tokens        DOUBLE PRECISION  NOT NULL,
    updated_at    BIGINT            NOT NULL,
    throttled_at  BIGINT            NULL
);

CREATE TABLE unblock_tokens (
    token_hash     TEXT    NOT NULL PRIMARY KEY,
    connection_id  TEXT    NOT NULL,
    identifier     TEXT    NOT NULL,
    expires_at     BIGINT  NOT NULL
);

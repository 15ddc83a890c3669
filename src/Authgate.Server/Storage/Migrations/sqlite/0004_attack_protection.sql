-- Authgate schema v4 (SQLite): attack protection settings, brute-force counters and blocks, suspicious-IP buckets,
-- one-time unblock links.

CREATE TABLE attack_protection (
    id                  INTEGER NOT NULL PRIMARY KEY,
    brute_force         TEXT    NOT NULL,
    suspicious_ip       TEXT    NOT NULL,
    breached_password   TEXT    NOT NULL,
    updated_at          INTEGER NOT NULL
);

-- One row per counted key (identifier and IP, or identifier alone). `pending` counts password checks under way,
-- reserved atomically before hashing so concurrent attempts can never exceed max_attempts checks.
CREATE TABLE login_failures (
    key              TEXT    NOT NULL PRIMARY KEY,
    connection_id    TEXT    NOT NULL,
    identifier       TEXT    NOT NULL,
    ip               TEXT    NULL,
    failures         INTEGER NOT NULL,
    pending          INTEGER NOT NULL,
    pending_since    INTEGER NOT NULL,
    last_failure_at  INTEGER NULL,
    blocked_at       INTEGER NULL
);
CREATE INDEX ix_login_failures_identifier ON login_failures (connection_id, identifier);
CREATE INDEX ix_login_failures_last_failure_at ON login_failures (last_failure_at);

-- Token buckets of failed logins per IP, across accounts.
CREATE TABLE ip_throttles (
    ip          TEXT    NOT NULL PRIMARY KEY,
    tokens      REAL    NOT NULL,
    updated_at  INTEGER NOT NULL,
    throttled_at INTEGER NULL
);

CREATE TABLE unblock_tokens (
    token_hash     TEXT    NOT NULL PRIMARY KEY,
    connection_id  TEXT    NOT NULL,
    identifier     TEXT    NOT NULL,
    expires_at     INTEGER NOT NULL
);

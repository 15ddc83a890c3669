-- Authgate schema v60 (SQLite): dashboard administrators (their own accounts, not tenant users), their server-side
-- sessions, sign-in failure counters and the Data Protection keys that antiforgery tokens are sealed with; all
-- shared by every node.
CREATE TABLE dashboard_admins (
    id                      TEXT    NOT NULL PRIMARY KEY,
    email                   TEXT    NOT NULL,
    password_hash           TEXT    NOT NULL,
    totp_secret_protected   TEXT    NULL,
    totp_enrolled           INTEGER NOT NULL,
    totp_last_step          INTEGER NULL,
    created_at              INTEGER NOT NULL,
    last_sign_in_at         INTEGER NULL
);
CREATE UNIQUE INDEX ux_dashboard_admins_email ON dashboard_admins (email);

CREATE TABLE dashboard_sessions (
    id_hash          TEXT    NOT NULL PRIMARY KEY,
    admin_id         TEXT    NOT NULL REFERENCES dashboard_admins (id) ON DELETE CASCADE,
    stage            TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    last_seen_at     INTEGER NOT NULL
);
CREATE INDEX ix_dashboard_sessions_admin ON dashboard_sessions (admin_id);

CREATE TABLE dashboard_sign_in_failures (
    key               TEXT    NOT NULL PRIMARY KEY,
    failures          INTEGER NOT NULL,
    window_started_at INTEGER NOT NULL,
    locked_until      INTEGER NULL
);

CREATE TABLE data_protection_keys (
    id            TEXT    NOT NULL PRIMARY KEY,
    xml_protected TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

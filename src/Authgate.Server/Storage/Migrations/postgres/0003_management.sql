-- Authgate schema v3 (PostgreSQL): client grants, client credentials (private_key_jwt), single-use assertion ids,
-- tenant log events.

CREATE TABLE client_grants (
    id          TEXT    NOT NULL PRIMARY KEY,
    client_id   TEXT    NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    audience    TEXT    NOT NULL,
    scope       TEXT[]  NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE UNIQUE INDEX ix_client_grants_client_audience ON client_grants (client_id, audience);

CREATE TABLE client_credentials (
    id               TEXT    NOT NULL PRIMARY KEY,
    client_id        TEXT    NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    name             TEXT    NULL,
    credential_type  TEXT    NOT NULL,
    kid              TEXT    NOT NULL,
    alg              TEXT    NOT NULL,
    pem              TEXT    NOT NULL,
    thumbprint       TEXT    NOT NULL,
    expires_at       BIGINT  NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE INDEX ix_client_credentials_client ON client_credentials (client_id);

CREATE TABLE client_assertion_jtis (
    client_id   TEXT    NOT NULL,
    jti         TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX ix_client_assertion_jtis_expires_at ON client_assertion_jtis (expires_at);

CREATE TABLE logs (
    log_id         TEXT    NOT NULL PRIMARY KEY,
    seq            BIGINT  NOT NULL,
    date           BIGINT  NOT NULL,
    type           TEXT    NOT NULL,
    description    TEXT    NULL,
    client_id      TEXT    NULL,
    client_name    TEXT    NULL,
    connection     TEXT    NULL,
    connection_id  TEXT    NULL,
    user_id        TEXT    NULL,
    user_name      TEXT    NULL,
    ip             TEXT    NULL,
    client_ip      TEXT    NULL,
    user_agent     TEXT    NULL,
    audience       TEXT    NULL,
    scope          TEXT    NULL,
    strategy       TEXT    NULL,
    strategy_type  TEXT    NULL,
    hostname       TEXT    NULL,
    details        TEXT    NULL
);
CREATE INDEX ix_logs_date ON logs (date, seq);
CREATE INDEX ix_logs_type ON logs (type);
CREATE INDEX ix_logs_user_id ON logs (user_id);

-- Authgate schema v1 (PostgreSQL): tenant, applications, APIs, database connections, users, signing keys.
-- Instants are Unix milliseconds (BIGINT); lists are text[]; owned JSON objects are jsonb.

CREATE TABLE tenant_settings (
    id                  INTEGER NOT NULL PRIMARY KEY,
    friendly_name       TEXT    NOT NULL,
    default_directory   TEXT    NULL,
    default_audience    TEXT    NULL,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL
);

CREATE TABLE clients (
    client_id                           TEXT    NOT NULL PRIMARY KEY,
    name                                TEXT    NOT NULL,
    description                         TEXT    NULL,
    app_type                            TEXT    NOT NULL,
    is_first_party                      BOOLEAN NOT NULL,
    oidc_conformant                     BOOLEAN NOT NULL,
    token_endpoint_auth_method          TEXT    NOT NULL,
    grant_types                         TEXT[]  NOT NULL,
    callbacks                           TEXT[]  NOT NULL,
    client_secret_protected             TEXT    NOT NULL,
    jwt_alg                             TEXT    NOT NULL,
    id_token_lifetime_seconds           INTEGER NOT NULL,
    is_token_endpoint_ip_header_trusted BOOLEAN NOT NULL,
    created_at                          BIGINT  NOT NULL,
    updated_at                          BIGINT  NOT NULL
);

CREATE TABLE resource_servers (
    id                        TEXT    NOT NULL PRIMARY KEY,
    identifier                TEXT    NOT NULL,
    name                      TEXT    NOT NULL,
    scopes                    JSONB   NULL,
    signing_alg               TEXT    NOT NULL,
    signing_secret_protected  TEXT    NULL,
    token_lifetime_seconds    INTEGER NOT NULL,
    allow_offline_access      BOOLEAN NOT NULL,
    is_system                 BOOLEAN NOT NULL,
    created_at                BIGINT  NOT NULL,
    updated_at                BIGINT  NOT NULL
);
CREATE UNIQUE INDEX ix_resource_servers_identifier ON resource_servers (identifier);

CREATE TABLE connections (
    id               TEXT    NOT NULL PRIMARY KEY,
    name             TEXT    NOT NULL,
    strategy         TEXT    NOT NULL,
    enabled_clients  TEXT[]  NOT NULL,
    options_json     TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE UNIQUE INDEX ix_connections_name ON connections (name);

CREATE TABLE users (
    user_id              TEXT    NOT NULL PRIMARY KEY,
    connection_id        TEXT    NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    email                TEXT    NULL,
    normalized_email     TEXT    NULL,
    username             TEXT    NULL,
    normalized_username  TEXT    NULL,
    email_verified       BOOLEAN NOT NULL,
    name                 TEXT    NULL,
    given_name           TEXT    NULL,
    family_name          TEXT    NULL,
    nickname             TEXT    NULL,
    picture              TEXT    NULL,
    blocked              BOOLEAN NOT NULL,
    app_metadata_json    TEXT    NOT NULL,
    user_metadata_json   TEXT    NOT NULL,
    password_hash        TEXT    NULL,
    password_changed_at  BIGINT  NULL,
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL,
    last_login           BIGINT  NULL,
    last_ip              TEXT    NULL,
    logins_count         INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_users_connection_email ON users (connection_id, normalized_email);
CREATE UNIQUE INDEX ix_users_connection_username ON users (connection_id, normalized_username);

CREATE TABLE signing_keys (
    kid                    TEXT    NOT NULL PRIMARY KEY,
    alg                    TEXT    NOT NULL,
    private_key_protected  TEXT    NOT NULL,
    certificate            TEXT    NOT NULL,
    created_at             BIGINT  NOT NULL,
    current_since          BIGINT  NULL,
    current_until          BIGINT  NULL,
    revoked_at             BIGINT  NULL
);

-- Authgate schema (sqlite): role-based access control. APIs get enforce_policies and token_dialect; roles carry
-- permissions (an API's scope by the API's identifier) and are assigned to users, who may also hold permissions
-- directly.

ALTER TABLE resource_servers ADD COLUMN enforce_policies INTEGER NOT NULL DEFAULT 0;
ALTER TABLE resource_servers ADD COLUMN token_dialect TEXT NOT NULL DEFAULT 'access_token';

CREATE TABLE roles (
    id           TEXT    NOT NULL PRIMARY KEY,
    name         TEXT    NOT NULL,
    description  TEXT    NULL,
    created_at   INTEGER  NOT NULL,
    updated_at   INTEGER  NOT NULL
);
CREATE UNIQUE INDEX ix_roles_name ON roles (name);

CREATE TABLE role_permissions (
    role_id          TEXT    NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    audience         TEXT    NOT NULL,
    permission_name  TEXT    NOT NULL,
    created_at       INTEGER  NOT NULL,
    PRIMARY KEY (role_id, audience, permission_name)
);

CREATE TABLE user_roles (
    user_id     TEXT    NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    role_id     TEXT    NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    created_at  INTEGER  NOT NULL,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX ix_user_roles_role_id ON user_roles (role_id);

CREATE TABLE user_permissions (
    user_id          TEXT    NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    audience         TEXT    NOT NULL,
    permission_name  TEXT    NOT NULL,
    created_at       INTEGER  NOT NULL,
    PRIMARY KEY (user_id, audience, permission_name)
);

-- Authgate schema (sqlite): Actions (draft, immutable deployed versions, ordered trigger bindings), legacy Rules and
-- their configuration values, and one generation counter per trigger that nodes compare to know their cached
-- scripts are current. Secrets and configuration values are encrypted (Security/SecretProtector).

CREATE TABLE actions (
    id                    TEXT    NOT NULL PRIMARY KEY,
    name                  TEXT    NOT NULL,
    supported_triggers_json TEXT    NOT NULL,
    code                  TEXT    NOT NULL,
    runtime               TEXT    NOT NULL,
    dependencies_json     TEXT    NOT NULL,
    secrets_json          TEXT    NOT NULL,
    deployed_version_id   TEXT    NULL,
    created_at            INTEGER  NOT NULL,
    updated_at            INTEGER  NOT NULL
);
CREATE UNIQUE INDEX ix_actions_name ON actions (name);

CREATE TABLE action_versions (
    id                  TEXT    NOT NULL PRIMARY KEY,
    action_id           TEXT    NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    number              INTEGER NOT NULL,
    code                TEXT    NOT NULL,
    runtime             TEXT    NOT NULL,
    dependencies_json   TEXT    NOT NULL,
    secrets_json        TEXT    NOT NULL,
    supported_triggers_json TEXT    NOT NULL,
    deployed            INTEGER NOT NULL,
    created_at          INTEGER  NOT NULL,
    updated_at          INTEGER  NOT NULL
);
CREATE UNIQUE INDEX ix_action_versions_action_number ON action_versions (action_id, number);

CREATE TABLE action_bindings (
    id            TEXT    NOT NULL PRIMARY KEY,
    trigger_id    TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    action_id     TEXT    NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    display_name  TEXT    NOT NULL,
    created_at    INTEGER  NOT NULL,
    updated_at    INTEGER  NOT NULL
);
CREATE INDEX ix_action_bindings_trigger ON action_bindings (trigger_id, position);

CREATE TABLE rules (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    script      TEXT    NOT NULL,
    "order"     INTEGER NOT NULL,
    enabled     INTEGER NOT NULL,
    stage       TEXT    NOT NULL,
    created_at  INTEGER  NOT NULL,
    updated_at  INTEGER  NOT NULL
);
CREATE UNIQUE INDEX ix_rules_name ON rules (name);

CREATE TABLE rules_configs (
    key              TEXT    NOT NULL PRIMARY KEY,
    value_protected  TEXT    NOT NULL,
    updated_at       INTEGER  NOT NULL
);

-- Bumped in the same transaction as every change to what a trigger runs (deploy, bindings, rules).
CREATE TABLE script_generations (
    trigger_id  TEXT    NOT NULL PRIMARY KEY,
    generation  INTEGER  NOT NULL
);

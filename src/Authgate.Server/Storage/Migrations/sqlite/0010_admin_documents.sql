-- Authgate schema v10 (SQLite): every documented Management API field is stored. Fields the token endpoint acts on get
-- columns; the rest of each resource is kept as a JSON document (`document`) and echoed on read.

ALTER TABLE clients ADD COLUMN document TEXT NOT NULL DEFAULT '{}';
ALTER TABLE clients ADD COLUMN jwt_secret_encoded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clients ADD COLUMN require_proof_of_possession INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clients ADD COLUMN quota_per_hour INTEGER NULL;
ALTER TABLE clients ADD COLUMN quota_per_day INTEGER NULL;

ALTER TABLE resource_servers ADD COLUMN document TEXT NOT NULL DEFAULT '{}';
ALTER TABLE resource_servers ADD COLUMN user_policy TEXT NOT NULL DEFAULT 'allow_all';
ALTER TABLE resource_servers ADD COLUMN client_policy TEXT NOT NULL DEFAULT 'require_client_grant';
ALTER TABLE resource_servers ADD COLUMN proof_of_possession_required INTEGER NOT NULL DEFAULT 0;

ALTER TABLE connections ADD COLUMN document TEXT NOT NULL DEFAULT '{}';
ALTER TABLE connections ADD COLUMN realms TEXT NOT NULL DEFAULT '[]';
UPDATE connections SET realms = json_array(name);

ALTER TABLE users ADD COLUMN phone_number TEXT NULL;
ALTER TABLE users ADD COLUMN phone_verified INTEGER NOT NULL DEFAULT 0;

ALTER TABLE tenant_settings ADD COLUMN document TEXT NOT NULL DEFAULT '{}';

-- Client grants: a grant may be for users (subject_type user) or for every third-party client (default_for, no
-- client_id), so the table is rebuilt with a nullable client_id and a key that includes the subject type.
CREATE TABLE client_grants_v10 (
    id                TEXT    NOT NULL PRIMARY KEY,
    client_id         TEXT    NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    audience          TEXT    NOT NULL,
    scope             TEXT    NOT NULL,
    subject_type      TEXT    NOT NULL DEFAULT 'client',
    allow_all_scopes  INTEGER NOT NULL DEFAULT 0,
    default_for       TEXT    NULL,
    document          TEXT    NOT NULL DEFAULT '{}',
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
INSERT INTO client_grants_v10 (id, client_id, audience, scope, created_at, updated_at)
    SELECT id, client_id, audience, scope, created_at, updated_at FROM client_grants;
DROP TABLE client_grants;
ALTER TABLE client_grants_v10 RENAME TO client_grants;
CREATE UNIQUE INDEX ix_client_grants_client_audience ON client_grants (client_id, audience, subject_type);
CREATE INDEX ix_client_grants_audience ON client_grants (audience);

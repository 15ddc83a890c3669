-- Authgate schema v10 (PostgreSQL): every documented Management API field is stored. Fields the token endpoint acts on
-- get columns; the rest of each resource is kept as a JSON document (`document`) and echoed on read.

ALTER TABLE clients ADD COLUMN document TEXT NOT NULL DEFAULT '{}';
ALTER TABLE clients ADD COLUMN jwt_secret_encoded BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE clients ADD COLUMN require_proof_of_possession BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE clients ADD COLUMN quota_per_hour INTEGER NULL;
ALTER TABLE clients ADD COLUMN quota_per_day INTEGER NULL;

ALTER TABLE resource_servers ADD COLUMN document TEXT NOT NULL DEFAULT '{}';
ALTER TABLE resource_servers ADD COLUMN user_policy TEXT NOT NULL DEFAULT 'allow_all';
ALTER TABLE resource_servers ADD COLUMN client_policy TEXT NOT NULL DEFAULT 'require_client_grant';
ALTER TABLE resource_servers ADD COLUMN proof_of_possession_required BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE connections ADD COLUMN document TEXT NOT NULL DEFAULT '{}';
ALTER TABLE connections ADD COLUMN realms TEXT[] NOT NULL DEFAULT '{}';
UPDATE connections SET realms = ARRAY[name];

ALTER TABLE users ADD COLUMN phone_number TEXT NULL;
ALTER TABLE users ADD COLUMN phone_verified BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE tenant_settings ADD COLUMN document TEXT NOT NULL DEFAULT '{}';

-- Client grants: a grant may be for users (subject_type user) or for every third-party client (default_for, no
-- client_id), so client_id becomes nullable and the key includes the subject type.
ALTER TABLE client_grants ALTER COLUMN client_id DROP NOT NULL;
ALTER TABLE client_grants ADD COLUMN subject_type TEXT NOT NULL DEFAULT 'client';
ALTER TABLE client_grants ADD COLUMN allow_all_scopes BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE client_grants ADD COLUMN default_for TEXT NULL;
ALTER TABLE client_grants ADD COLUMN document TEXT NOT NULL DEFAULT '{}';
DROP INDEX ix_client_grants_client_audience;
CREATE UNIQUE INDEX ix_client_grants_client_audience ON client_grants (client_id, audience, subject_type);
CREATE INDEX ix_client_grants_audience ON client_grants (audience);

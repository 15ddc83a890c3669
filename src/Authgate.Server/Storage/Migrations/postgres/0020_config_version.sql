-- Authgate schema v20 (PostgreSQL): the configuration version. Every node caches configuration (clients, APIs,
-- connections, client grants, tenant and attack-protection settings) and checks this one-row stamp once per request;
-- statement triggers bump it in the same transaction as any change to those tables, whatever made the change (the
-- Management API, the CLI, a tenant import, a script, a hand-written UPDATE), so a change applies at once on every node.
CREATE TABLE config_version (
    id       INTEGER NOT NULL PRIMARY KEY,
    version  BIGINT  NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 1);

CREATE FUNCTION bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE config_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER tenant_settings_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenant_settings FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER clients_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clients FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER resource_servers_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resource_servers FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER connections_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON connections FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER client_grants_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON client_grants FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER client_credentials_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON client_credentials FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER attack_protection_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON attack_protection FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();

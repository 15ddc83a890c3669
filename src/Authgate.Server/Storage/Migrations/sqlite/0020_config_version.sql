-- Authgate schema v20 (SQLite): the configuration version. Every node caches configuration (clients, APIs,
-- connections, client grants, tenant and attack-protection settings) and checks this one-row stamp once per request;
-- triggers bump it in the same transaction as any change to those tables, whatever made the change (the Management
-- API, the CLI, a tenant import, a script, a hand-written UPDATE), so a change applies at once on every node.
CREATE TABLE config_version (
    id       INTEGER NOT NULL PRIMARY KEY,
    version  INTEGER NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 1);
CREATE TRIGGER tenant_settings_insert_config_version AFTER INSERT ON tenant_settings BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER tenant_settings_update_config_version AFTER UPDATE ON tenant_settings BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER tenant_settings_delete_config_version AFTER DELETE ON tenant_settings BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER clients_insert_config_version AFTER INSERT ON clients BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER clients_update_config_version AFTER UPDATE ON clients BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER clients_delete_config_version AFTER DELETE ON clients BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER resource_servers_insert_config_version AFTER INSERT ON resource_servers BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER resource_servers_update_config_version AFTER UPDATE ON resource_servers BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER resource_servers_delete_config_version AFTER DELETE ON resource_servers BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER connections_insert_config_version AFTER INSERT ON connections BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER connections_update_config_version AFTER UPDATE ON connections BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER connections_delete_config_version AFTER DELETE ON connections BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_grants_insert_config_version AFTER INSERT ON client_grants BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_grants_update_config_version AFTER UPDATE ON client_grants BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_grants_delete_config_version AFTER DELETE ON client_grants BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_credentials_insert_config_version AFTER INSERT ON client_credentials BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_credentials_update_config_version AFTER UPDATE ON client_credentials BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_credentials_delete_config_version AFTER DELETE ON client_credentials BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER attack_protection_insert_config_version AFTER INSERT ON attack_protection BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER attack_protection_update_config_version AFTER UPDATE ON attack_protection BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER attack_protection_delete_config_version AFTER DELETE ON attack_protection BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;

-- Authgate schema v80 (SQLite): what triggers run (deployed Action versions, bindings, Rules, rules-configs) and the
-- MFA factors and policies join the configuration guarded by the version stamp (config_version, see 0020): triggers
-- bump it with any change to those tables, whatever made it, so every node reloads them at once and a token request
-- reads none of them while the stamp is unchanged. The per-trigger counters this replaces are dropped.
DROP TABLE IF EXISTS script_generations;
CREATE TRIGGER actions_insert_config_version AFTER INSERT ON actions BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER actions_update_config_version AFTER UPDATE ON actions BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER actions_delete_config_version AFTER DELETE ON actions BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER action_versions_insert_config_version AFTER INSERT ON action_versions BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER action_versions_update_config_version AFTER UPDATE ON action_versions BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER action_versions_delete_config_version AFTER DELETE ON action_versions BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER action_bindings_insert_config_version AFTER INSERT ON action_bindings BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER action_bindings_update_config_version AFTER UPDATE ON action_bindings BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER action_bindings_delete_config_version AFTER DELETE ON action_bindings BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER rules_insert_config_version AFTER INSERT ON rules BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER rules_update_config_version AFTER UPDATE ON rules BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER rules_delete_config_version AFTER DELETE ON rules BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER rules_configs_insert_config_version AFTER INSERT ON rules_configs BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER rules_configs_update_config_version AFTER UPDATE ON rules_configs BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER rules_configs_delete_config_version AFTER DELETE ON rules_configs BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER guardian_factors_insert_config_version AFTER INSERT ON guardian_factors BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER guardian_factors_update_config_version AFTER UPDATE ON guardian_factors BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER guardian_factors_delete_config_version AFTER DELETE ON guardian_factors BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER guardian_policies_insert_config_version AFTER INSERT ON guardian_policies BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER guardian_policies_update_config_version AFTER UPDATE ON guardian_policies BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER guardian_policies_delete_config_version AFTER DELETE ON guardian_policies BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END;
UPDATE config_version SET version = version + 1 WHERE id = 1;

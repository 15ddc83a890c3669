-- Authgate schema v80 (PostgreSQL): what triggers run (deployed Action versions, bindings, Rules, rules-configs) and
-- the MFA factors and policies join the configuration guarded by the version stamp (config_version, see 0020):
-- statement triggers bump it with any change to those tables, whatever made it, so every node reloads them at once
-- and a token request reads none of them while the stamp is unchanged. The per-trigger counters this replaces are
-- dropped.
DROP TABLE IF EXISTS script_generations;
CREATE TRIGGER actions_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON actions FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER action_versions_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON action_versions FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER action_bindings_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON action_bindings FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER rules_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rules FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER rules_configs_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rules_configs FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER guardian_factors_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON guardian_factors FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
CREATE TRIGGER guardian_policies_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON guardian_policies FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version();
UPDATE config_version SET version = version + 1 WHERE id = 1;

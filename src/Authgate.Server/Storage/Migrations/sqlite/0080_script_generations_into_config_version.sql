-- Authgate schema v80 (SQLite): what triggers run is cached under the configuration version stamp (config_version),
-- which every deploy, binding, rule and rules-config change now bumps in its own transaction; the per-trigger
-- counters are no longer read.
DROP TABLE IF EXISTS script_generations;

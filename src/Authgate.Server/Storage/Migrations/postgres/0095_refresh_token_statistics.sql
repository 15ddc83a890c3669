-- Authgate schema v95 (PostgreSQL): no statistics for refresh_tokens before it has seen 1,000 changes. A rotation's
-- statements are prepared on the connection that runs them, and PostgreSQL keeps a prepared statement's generic plan
-- until the table's statistics change. Analysed or vacuumed while it held a few dozen rows (autovacuum's default
-- thresholds are 50 changes), the table looked cheaper to scan than its primary key, so the rotation kept a
-- sequential scan while the table grew, until the next automatic analysis up to a minute later: measured on a fresh
-- database, 2.4 ms of PostgreSQL's CPU per rotation instead of 0.05 ms, refreshes falling from ~1,800/s to ~420/s.
-- Until its first analysis PostgreSQL assumes the table is at least ten pages, where the key wins; after 1,000 changes
-- the table holds hundreds of rows and the key wins on the statistics too. On a large table the scale factors
-- (10 % and 20 % of its rows) decide, as before.
ALTER TABLE refresh_tokens SET (autovacuum_analyze_threshold = 1000, autovacuum_vacuum_threshold = 1000);

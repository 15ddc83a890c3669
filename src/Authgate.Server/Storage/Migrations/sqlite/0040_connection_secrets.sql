-- Authgate schema v40: a connection's secret kept apart from its options, encrypted (an LDAP bind password).
ALTER TABLE connections ADD COLUMN secret_protected TEXT NULL;

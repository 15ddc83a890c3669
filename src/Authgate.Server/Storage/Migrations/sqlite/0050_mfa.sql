-- Authgate schema v50 (SQLite): MFA (Guardian factors and policies, authenticators, MFA transactions, one-time
-- codes, used TOTP steps, attempt buckets) and the delivery outbox for email and SMS.
CREATE TABLE guardian_factors (
    name     TEXT    NOT NULL PRIMARY KEY,
    enabled  INTEGER NOT NULL
);

CREATE TABLE guardian_policies (
    policy  TEXT NOT NULL PRIMARY KEY
);

CREATE TABLE mfa_authenticators (
    id                  TEXT    NOT NULL PRIMARY KEY,
    user_id             TEXT    NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    kind                TEXT    NOT NULL,
    active              INTEGER NOT NULL,
    secret              TEXT    NULL,
    recovery_code_hash  TEXT    NULL,
    phone_number        TEXT    NULL,
    email               TEXT    NULL,
    created_at          INTEGER NOT NULL,
    enrolled_at         INTEGER NULL,
    last_auth_at        INTEGER NULL
);
CREATE INDEX ix_mfa_authenticators_user_id ON mfa_authenticators (user_id);

CREATE TABLE mfa_transactions (
    token_hash   TEXT    NOT NULL PRIMARY KEY,
    user_id      TEXT    NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    client_id    TEXT    NOT NULL,
    decision     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    consumed_at  INTEGER NULL
);
CREATE INDEX ix_mfa_transactions_expires_at ON mfa_transactions (expires_at);

CREATE TABLE mfa_oob_codes (
    code_hash         TEXT    NOT NULL PRIMARY KEY,
    transaction_hash  TEXT    NOT NULL REFERENCES mfa_transactions (token_hash) ON DELETE CASCADE,
    authenticator_id  TEXT    NOT NULL REFERENCES mfa_authenticators (id) ON DELETE CASCADE,
    binding_hash      TEXT    NOT NULL,
    expires_at        INTEGER NOT NULL
);
CREATE INDEX ix_mfa_oob_codes_transaction_hash ON mfa_oob_codes (transaction_hash);
CREATE INDEX ix_mfa_oob_codes_authenticator_id ON mfa_oob_codes (authenticator_id);

CREATE TABLE mfa_used_otp_steps (
    user_id  TEXT    NOT NULL,
    step     INTEGER NOT NULL,
    used_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, step)
);

CREATE TABLE mfa_attempts (
    key  TEXT    NOT NULL PRIMARY KEY,
    tat  INTEGER NOT NULL
);

CREATE TABLE outbox (
    id               TEXT    NOT NULL PRIMARY KEY,
    channel          TEXT    NOT NULL,
    payload          TEXT    NULL,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    claim            TEXT    NULL,
    claimed_until    INTEGER NULL,
    sent_at          INTEGER NULL,
    last_error       TEXT    NULL
);
CREATE INDEX ix_outbox_next_attempt_at ON outbox (next_attempt_at) WHERE sent_at IS NULL;

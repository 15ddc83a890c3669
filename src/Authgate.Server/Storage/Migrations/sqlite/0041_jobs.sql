-- Authgate schema v41 (SQLite): users import/export jobs, their per-user errors and export files.
CREATE TABLE jobs (
    id                     TEXT    NOT NULL PRIMARY KEY,
    type                   TEXT    NOT NULL,
    status                 TEXT    NOT NULL,
    connection_id          TEXT    NULL,
    external_id            TEXT    NULL,
    upsert                 INTEGER NOT NULL,
    send_completion_email  INTEGER NOT NULL,
    format                 TEXT    NULL,
    limit_count            INTEGER NULL,
    fields_json            TEXT    NULL,
    total                  INTEGER NOT NULL,
    inserted               INTEGER NOT NULL,
    updated                INTEGER NOT NULL,
    failed_count           INTEGER NOT NULL,
    processed_bytes        INTEGER NOT NULL,
    total_bytes            INTEGER NOT NULL,
    status_details         TEXT    NULL,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    completed_at           INTEGER NULL
);
CREATE INDEX ix_jobs_created_at ON jobs (created_at);

CREATE TABLE job_errors (
    job_id       TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    user_json    TEXT    NOT NULL,
    errors_json  TEXT    NOT NULL,
    PRIMARY KEY (job_id, seq)
);

CREATE TABLE job_chunks (
    job_id  TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    data    BLOB    NOT NULL,
    PRIMARY KEY (job_id, seq)
);

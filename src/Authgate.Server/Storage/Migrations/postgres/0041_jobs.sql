-- Authgate schema v41 (PostgreSQL): users import/export jobs, their per-user errors and export files.
CREATE TABLE jobs (
    id                     TEXT    NOT NULL PRIMARY KEY,
    type                   TEXT    NOT NULL,
    status                 TEXT    NOT NULL,
    connection_id          TEXT    NULL,
    external_id            TEXT    NULL,
    upsert                 BOOLEAN NOT NULL,
    send_completion_email  BOOLEAN NOT NULL,
    format                 TEXT    NULL,
    limit_count            INTEGER NULL,
    fields_json            TEXT    NULL,
    total                  BIGINT  NOT NULL,
    inserted               BIGINT  NOT NULL,
    updated                BIGINT  NOT NULL,
    failed_count           BIGINT  NOT NULL,
    processed_bytes        BIGINT  NOT NULL,
    total_bytes            BIGINT  NOT NULL,
    status_details         TEXT    NULL,
    created_at             BIGINT  NOT NULL,
    updated_at             BIGINT  NOT NULL,
    completed_at           BIGINT  NULL
);
CREATE INDEX ix_jobs_created_at ON jobs (created_at);

CREATE TABLE job_errors (
    job_id       TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq          BIGINT  NOT NULL,
    user_json    TEXT    NOT NULL,
    errors_json  TEXT    NOT NULL,
    PRIMARY KEY (job_id, seq)
);

CREATE TABLE job_chunks (
    job_id  TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    data    BYTEA   NOT NULL,
    PRIMARY KEY (job_id, seq)
);

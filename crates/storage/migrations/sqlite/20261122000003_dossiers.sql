-- Dossiers, their per-agency daily code sequence, their append-only history, the
-- process-control rows (form 05), procedure processes, and the transactional outbox.
-- Kept equivalent with ../postgres.

CREATE TABLE procedure_processes (
    procedure_id BIGINT PRIMARY KEY REFERENCES procedures (id) ON DELETE CASCADE,
    definition TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE dossier_sequences (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    day TEXT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (agency_id, day)
);

CREATE TABLE dossiers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    secret TEXT NOT NULL,
    procedure_id BIGINT NOT NULL REFERENCES procedures (id),
    form_version BIGINT NOT NULL,
    receiving_agency_id BIGINT NOT NULL REFERENCES agencies (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    applicant_id BIGINT REFERENCES users (id),
    filed_by BIGINT REFERENCES users (id),
    channel TEXT NOT NULL CHECK (channel IN ('in_person', 'online', 'post')),
    status TEXT NOT NULL,
    step BIGINT NOT NULL,
    applicant TEXT NOT NULL,
    data TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    received_at BIGINT,
    due_at BIGINT,
    step_started_at BIGINT,
    step_due_at BIGINT,
    supplements_requested BIGINT NOT NULL DEFAULT 0,
    extensions BIGINT NOT NULL DEFAULT 0,
    finished_at BIGINT,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX dossiers_queue ON dossiers (agency_id, status, step);
CREATE INDEX dossiers_applicant ON dossiers (applicant_id, submitted_at);
CREATE INDEX dossiers_due ON dossiers (status, due_at);

CREATE TABLE dossier_history (
    id INTEGER PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    at BIGINT NOT NULL,
    actor_id BIGINT,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    from_step BIGINT,
    to_step BIGINT NOT NULL,
    agency_id BIGINT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX dossier_history_dossier ON dossier_history (dossier_id, id);
CREATE INDEX dossier_history_time ON dossier_history (agency_id, at);

CREATE TABLE dossier_handovers (
    id INTEGER PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    step TEXT NOT NULL,
    agency_id BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    due_at BIGINT,
    timeliness TEXT NOT NULL CHECK (timeliness IN ('early', 'on_time', 'late'))
);
CREATE INDEX dossier_handovers_dossier ON dossier_handovers (dossier_id, id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    created_at BIGINT NOT NULL,
    topic TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    delivered_at BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (delivered_at, id);

CREATE TRIGGER dossier_history_no_update BEFORE UPDATE ON dossier_history
BEGIN SELECT RAISE(ABORT, 'dossier_history is append-only'); END;
CREATE TRIGGER dossier_history_no_delete BEFORE DELETE ON dossier_history
BEGIN SELECT RAISE(ABORT, 'dossier_history is append-only'); END;

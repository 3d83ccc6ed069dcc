-- Foundation schema: organisation, accounts, sessions, procedure catalogue, audit trail.
-- Kept column-for-column equivalent with ../postgres/20261122000001_foundation.sql
-- (a test compares them). Instants are unix milliseconds (BIGINT), booleans 0/1.

CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('central', 'province', 'district', 'commune')),
    parent_id BIGINT REFERENCES agencies (id),
    valid_from TEXT,
    valid_to TEXT,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('one_stop', 'department', 'leadership')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (agency_id, code)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('citizen', 'officer')),
    full_name TEXT NOT NULL,
    email TEXT UNIQUE,
    phone TEXT UNIQUE,
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_login_at BIGINT,
    CHECK (email IS NOT NULL OR phone IS NOT NULL)
);

CREATE TABLE role_grants (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    unit_id BIGINT REFERENCES units (id),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, agency_id, COALESCE(unit_id, 0));

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE procedures (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    field TEXT NOT NULL,
    online_level TEXT NOT NULL CHECK (online_level IN ('none', 'partial', 'full_process')),
    full_process_eligible BIGINT NOT NULL CHECK (full_process_eligible IN (0, 1)),
    time_limit_value BIGINT NOT NULL,
    time_limit_unit TEXT NOT NULL,
    document TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE procedure_agencies (
    procedure_id BIGINT NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (procedure_id, agency_id)
);
CREATE INDEX procedure_agencies_agency ON procedure_agencies (agency_id);

CREATE TABLE procedure_levels (
    procedure_id BIGINT NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    PRIMARY KEY (procedure_id, level)
);

-- Every version of a procedure's form, so a dossier can pin the version it was filed with.
CREATE TABLE procedure_forms (
    procedure_id BIGINT NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    fields TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (procedure_id, version)
);

-- Monotonic counters that let several app nodes notice changes (catalogue cache).
CREATE TABLE revisions (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO revisions (name, value) VALUES ('catalogue', 0);

-- Append-only trail of every action. No personal data in `detail`: ids, codes, outcomes.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id BIGINT,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

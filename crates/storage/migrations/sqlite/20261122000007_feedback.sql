-- Citizen feedback (phản ánh, kiến nghị): the setup (categories, areas, routes) as one
-- versioned document, reports, their photos, their append-only history, votes on published
-- answers, and hashed Open311 API keys. Kept equivalent with ../postgres.

CREATE TABLE feedback_setup (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    category_code TEXT NOT NULL,
    classification TEXT NOT NULL,
    channel TEXT NOT NULL,
    external_ref TEXT UNIQUE,
    description TEXT NOT NULL,
    answers TEXT NOT NULL,
    lat REAL,
    lon REAL,
    address TEXT,
    area_code TEXT,
    dossier_code TEXT,
    reporter_id BIGINT REFERENCES users (id),
    anonymous BIGINT NOT NULL,
    contact TEXT NOT NULL,
    device_id TEXT,
    account_ref TEXT,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    unit_id BIGINT REFERENCES units (id),
    status TEXT NOT NULL,
    public BIGINT NOT NULL,
    counted_from BIGINT NOT NULL,
    due_at BIGINT,
    answered_at BIGINT,
    reopened BIGINT NOT NULL DEFAULT 0,
    status_note TEXT,
    answer TEXT,
    likes BIGINT NOT NULL DEFAULT 0,
    dislikes BIGINT NOT NULL DEFAULT 0,
    requested_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX feedback_public_time ON feedback (public, requested_at);
CREATE INDEX feedback_public_updated ON feedback (public, updated_at);
CREATE INDEX feedback_public_place ON feedback (public, lat, lon);
CREATE INDEX feedback_nearby ON feedback (category_code, public, lat, lon);
CREATE INDEX feedback_queue ON feedback (agency_id, status, due_at);
CREATE INDEX feedback_reporter ON feedback (reporter_id, requested_at);

CREATE TABLE feedback_media (
    id INTEGER PRIMARY KEY,
    feedback_id BIGINT NOT NULL REFERENCES feedback (id),
    sha256 TEXT,
    content_type TEXT,
    size_bytes BIGINT,
    url TEXT,
    added_at BIGINT NOT NULL
);
CREATE INDEX feedback_media_feedback ON feedback_media (feedback_id, id);

CREATE TABLE feedback_history (
    id INTEGER PRIMARY KEY,
    feedback_id BIGINT NOT NULL REFERENCES feedback (id),
    at BIGINT NOT NULL,
    actor_id BIGINT,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    agency_id BIGINT NOT NULL,
    deadline BIGINT,
    timeliness TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX feedback_history_feedback ON feedback_history (feedback_id, id);
CREATE INDEX feedback_history_time ON feedback_history (agency_id, at);

CREATE TABLE feedback_votes (
    feedback_id BIGINT NOT NULL REFERENCES feedback (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    value BIGINT NOT NULL CHECK (value IN (-1, 1)),
    at BIGINT NOT NULL,
    PRIMARY KEY (feedback_id, user_id)
);

CREATE TABLE open311_keys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TRIGGER feedback_history_no_update BEFORE UPDATE ON feedback_history
BEGIN SELECT RAISE(ABORT, 'feedback_history is append-only'); END;
CREATE TRIGGER feedback_history_no_delete BEFORE DELETE ON feedback_history
BEGIN SELECT RAISE(ABORT, 'feedback_history is append-only'); END;

-- Attachments: metadata here, content in the object store addressed by its SHA-256.
-- A file belongs to a draft (dossier_id NULL) until the dossier is filed.
-- Kept equivalent with ../postgres.

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    owner_user_id BIGINT NOT NULL REFERENCES users (id),
    procedure_id BIGINT NOT NULL REFERENCES procedures (id),
    dossier_id BIGINT REFERENCES dossiers (id),
    component TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_dossier ON attachments (dossier_id);
CREATE INDEX attachments_draft ON attachments (owner_user_id, procedure_id, dossier_id);

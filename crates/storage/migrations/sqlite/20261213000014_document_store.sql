-- The citizen's document store (kho dữ liệu): documents kept for an account, with their type
-- from the catalogue of document types, their file in the content-addressed store and where
-- they came from (a component accepted at reception, a result or a file an officer pushed,
-- or added by the citizen). Deleting one marks it; the bytes stay for the dossiers that use
-- them, and a deleted document is never kept again from the same file. A dossier's file that
-- reuses a kept document names it (attachments.reused_from); dossiers.documents_kept_at says
-- that a received dossier's accepted components were kept. Kept equivalent with the other
-- backend's folder.
CREATE TABLE citizen_documents (
    id INTEGER PRIMARY KEY,
    owner_user_id BIGINT NOT NULL REFERENCES users (id),
    document_type TEXT,
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('component', 'result', 'citizen')),
    dossier_id BIGINT REFERENCES dossiers (id),
    attachment_id BIGINT REFERENCES attachments (id),
    issued_on TEXT,
    added_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX citizen_documents_owner ON citizen_documents (owner_user_id, created_at);
CREATE INDEX citizen_documents_type ON citizen_documents (owner_user_id, document_type);
CREATE UNIQUE INDEX citizen_documents_attachment ON citizen_documents (owner_user_id, attachment_id);
CREATE UNIQUE INDEX citizen_documents_result ON citizen_documents (owner_user_id, dossier_id, sha256)
    WHERE origin = 'result' AND attachment_id IS NULL;

ALTER TABLE attachments ADD COLUMN reused_from BIGINT REFERENCES citizen_documents (id);
ALTER TABLE dossiers ADD COLUMN documents_kept_at BIGINT;
CREATE INDEX dossiers_documents_kept ON dossiers (documents_kept_at, received_at);

-- Electronic results of dossiers: the PDF (content-addressed in the file store), its state
-- (draft, signed, revoked, replaced), who prepared and who signed it, and the public id its
-- QR code carries (/xac-thuc/{public_id}: random, not the row id). A draft is replaced by a
-- newer draft; one dossier has at most one signed result at a time (partial unique index).
-- Kept equivalent with the other backend's folder.
CREATE TABLE results (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    number TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    prepared_by BIGINT REFERENCES users (id),
    prepared_at BIGINT NOT NULL,
    signed_by BIGINT REFERENCES users (id),
    signed_at BIGINT,
    signer_subject TEXT,
    closed_by BIGINT REFERENCES users (id),
    closed_at BIGINT,
    closed_reason TEXT,
    replaced_by BIGINT REFERENCES results (id)
);
CREATE INDEX results_dossier ON results (dossier_id, id);
CREATE UNIQUE INDEX results_one_signed ON results (dossier_id) WHERE status = 'signed';

-- Drafts of online filings: saved after every page, one per applicant and procedure.
-- Kept equivalent with ../postgres.

CREATE TABLE dossier_drafts (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    procedure_id BIGINT NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
    content TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, procedure_id)
);

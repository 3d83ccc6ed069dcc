-- Satisfaction ratings: one per dossier, by its applicant, after the dossier ended; changed
-- within seven days (version and updated_at), never after. Stored with the agency that
-- received the dossier and, in dossier_rating_handlers, the officers who acted on it with
-- the agency and unit they acted in, so that officers read their own ratings and leaders
-- their unit's or agency's. Kept equivalent with the other backend's folder.
CREATE TABLE dossier_ratings (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers (id),
    applicant_id BIGINT NOT NULL REFERENCES users (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    satisfied BIGINT NOT NULL CHECK (satisfied IN (0, 1)),
    time_ok BIGINT CHECK (time_ok IN (0, 1)),
    attitude_ok BIGINT CHECK (attitude_ok IN (0, 1)),
    clarity_ok BIGINT CHECK (clarity_ok IN (0, 1)),
    comment TEXT NOT NULL,
    rated_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX dossier_ratings_agency ON dossier_ratings (agency_id, rated_at);

CREATE TABLE dossier_rating_handlers (
    dossier_id BIGINT NOT NULL REFERENCES dossier_ratings (dossier_id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    unit_id BIGINT REFERENCES units (id),
    PRIMARY KEY (dossier_id, user_id, agency_id)
);
CREATE INDEX dossier_rating_handlers_user ON dossier_rating_handlers (user_id);
CREATE INDEX dossier_rating_handlers_unit ON dossier_rating_handlers (agency_id, unit_id);

-- The Decision-766 service index. Dossiers imported from older systems are marked
-- (imported_at, and the SHA-256 of the line they came from, so that importing the same file
-- again changes nothing). Every history line inserted marks its dossier in index_pending (a
-- trigger, in the same transaction as the line); the index refresher claims pending dossiers,
-- recomputes their facts from the history, and moves their contribution in the per-agency
-- per-month counters (index_counters, months as year × 12 + month − 1), keeping each
-- dossier's facts and contribution in index_dossiers. Every dossier already stored is pending
-- once. Kept equivalent with the other backend's folder.
ALTER TABLE dossiers ADD COLUMN imported_at BIGINT;
ALTER TABLE dossiers ADD COLUMN import_hash TEXT;
ALTER TABLE dossiers ADD COLUMN synced_national BIGINT;

CREATE TABLE index_pending (
    dossier_id BIGINT PRIMARY KEY
);

CREATE TABLE index_dossiers (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers (id),
    agency_id BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    end_at BIGINT,
    within_until BIGINT,
    facts TEXT NOT NULL,
    contribution TEXT NOT NULL
);
CREATE INDEX index_dossiers_period ON index_dossiers (agency_id, received_at);
CREATE INDEX index_dossiers_open ON index_dossiers (agency_id, within_until) WHERE end_at IS NULL;

CREATE TABLE index_counters (
    agency_id BIGINT NOT NULL,
    month BIGINT NOT NULL,
    received BIGINT NOT NULL,
    ended_within BIGINT NOT NULL,
    ended_late BIGINT NOT NULL,
    within_change BIGINT NOT NULL,
    PRIMARY KEY (agency_id, month)
);

CREATE FUNCTION index_mark_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO index_pending (dossier_id) VALUES (NEW.dossier_id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER dossier_history_index_pending AFTER INSERT ON dossier_history
FOR EACH ROW EXECUTE FUNCTION index_mark_pending();

INSERT INTO index_pending (dossier_id) SELECT id FROM dossiers;

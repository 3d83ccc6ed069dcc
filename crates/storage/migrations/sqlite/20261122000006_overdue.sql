-- When the overdue job recorded that a dossier passed its appointment (once per dossier).
-- Kept equivalent with ../postgres.
ALTER TABLE dossiers ADD COLUMN overdue_recorded_at BIGINT;

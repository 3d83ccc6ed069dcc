-- Inter-agency hand-over ("liên thông") with the receiving agency's own steps: while that
-- agency runs them, the agency that gets the dossier back and the index of its sub-step.
-- Both NULL outside a hand-over. Kept equivalent with the other backend's folder.
ALTER TABLE dossiers ADD COLUMN liaison_origin_agency_id BIGINT;
ALTER TABLE dossiers ADD COLUMN liaison_sub_step BIGINT;

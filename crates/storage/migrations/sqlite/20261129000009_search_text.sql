-- Officers search dossiers by code and applicant name without regard to case or
-- diacritics on both backends: the folded text ("h15.50-261008-0975 nguyen van an") is
-- written with the dossier. Rows filed before this column are filled when the store opens.
-- Kept equivalent with ../postgres.
ALTER TABLE dossiers ADD COLUMN search_text TEXT;

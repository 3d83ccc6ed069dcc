-- Return by post: the delivery address the applicant gave (a commune of the list, by its
-- code) and where the parcel is (requested, handed to the post with its tracking number,
-- delivered, returned undelivered) with the days the officers gave. Each step is also a
-- line of dossier_history. Changes are compared-and-set on version. Kept equivalent with
-- the other backend's folder.
CREATE TABLE dossier_postal (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers (id),
    status TEXT NOT NULL CHECK (status IN ('requested', 'handed_to_post', 'delivered', 'returned_undelivered')),
    recipient TEXT NOT NULL,
    phone TEXT NOT NULL,
    street TEXT NOT NULL,
    commune_code TEXT NOT NULL,
    tracking_number TEXT,
    handed_on TEXT,
    delivered_on TEXT,
    returned_on TEXT,
    requested_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX dossier_postal_status ON dossier_postal (status, updated_at);

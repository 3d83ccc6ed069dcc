-- Fees and payments. A dossier keeps the fee quoted when it was filed (amount in đồng, when it
-- falls due, the itemised quote) and when it was paid. Each payment attempt is one order at
-- the gateway (one txn_ref) or one payment recorded at the counter; the partial unique index
-- lets at most one attempt per dossier be paid. Kept equivalent with the other backend's folder.
ALTER TABLE dossiers ADD COLUMN fee_amount BIGINT;
ALTER TABLE dossiers ADD COLUMN fee_due TEXT;
ALTER TABLE dossiers ADD COLUMN fee_quote TEXT;
ALTER TABLE dossiers ADD COLUMN fee_paid_at BIGINT;

CREATE TABLE payment_attempts (
    id INTEGER PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    txn_ref TEXT NOT NULL UNIQUE,
    method TEXT NOT NULL,
    amount BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    pay_before BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    settled_at BIGINT,
    last_queried_at BIGINT,
    response_code TEXT,
    transaction_no TEXT,
    bank_code TEXT,
    gateway_paid_at BIGINT,
    recorded_by BIGINT REFERENCES users (id),
    receipt_no TEXT
);
CREATE UNIQUE INDEX payment_attempts_one_paid ON payment_attempts (dossier_id) WHERE status = 'paid';
CREATE INDEX payment_attempts_dossier ON payment_attempts (dossier_id, id);
CREATE INDEX payment_attempts_open ON payment_attempts (status, created_at);

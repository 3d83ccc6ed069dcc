-- Notifications delivered from the outbox: one delivery row per event, channel and recipient
-- (unique idempotency key; claimed with a lease, so several processes may deliver), the
-- in-portal inbox (storing a message twice is a no-op), each account's channel choices, and
-- the days whose officers' digest is done. The outbox's own delivered_at marks how far the
-- fan-out has read it; its lease columns let one process at a time fan an event out.
-- Kept equivalent with the other backend's folder.

ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE outbox ADD COLUMN lease_until BIGINT;
-- Events written before deliveries existed are history: nobody is told about them now.
UPDATE outbox SET delivered_at = created_at WHERE delivered_at IS NULL;

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    outbox_id BIGINT,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'zns')),
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    message TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_try_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    last_error TEXT,
    last_error_detail TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    sent_at BIGINT,
    receipt TEXT
);
CREATE INDEX deliveries_due ON deliveries (state, next_try_at);
CREATE INDEX deliveries_outbox ON deliveries (outbox_id);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

CREATE TABLE notification_preferences (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email BIGINT NOT NULL CHECK (email IN (0, 1)),
    sms BIGINT NOT NULL CHECK (sms IN (0, 1)),
    zns BIGINT NOT NULL CHECK (zns IN (0, 1)),
    lang TEXT NOT NULL CHECK (lang IN ('vi', 'en')),
    updated_at BIGINT NOT NULL
);

CREATE TABLE notification_digests (
    day TEXT PRIMARY KEY,
    done_at BIGINT NOT NULL
);

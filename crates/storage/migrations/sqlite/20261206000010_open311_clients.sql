-- Open311: the client (API key) that filed a report, so that only that client may add
-- comments to it (`POST servicerequestupdates`); `key:<open311_keys.id>` or `demo` (the
-- demo key, never stored). The history is read by time across reports for
-- `GET servicerequestupdates`. Kept equivalent with the other backend's folder.
ALTER TABLE feedback ADD COLUMN open311_client TEXT;
CREATE INDEX feedback_history_at ON feedback_history (at, id);

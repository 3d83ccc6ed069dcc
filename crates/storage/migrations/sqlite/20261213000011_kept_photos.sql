-- Photos a reporter chose on the feedback details page when the page came back with an
-- error: kept (cleaned, in the file store) for that user so they need not choose them again.
-- Only their owner may use or see them; rows older than a day are purged by the sweep.
-- Kept equivalent with the other backend's folder.
CREATE TABLE feedback_kept_photos (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    lat REAL,
    lon REAL,
    kept_at BIGINT NOT NULL
);
CREATE INDEX feedback_kept_photos_user ON feedback_kept_photos (user_id, id);
CREATE INDEX feedback_kept_photos_kept_at ON feedback_kept_photos (kept_at);

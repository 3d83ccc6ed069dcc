-- The yearly holiday table an administrator keeps (corrections to the law's holidays) and
-- installation settings (office hours). Kept equivalent with ../postgres.

CREATE TABLE calendar_overrides (
    date TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('day_off', 'working_day', 'not_holiday')),
    name TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

INSERT INTO revisions (name, value) VALUES ('calendar', 0);

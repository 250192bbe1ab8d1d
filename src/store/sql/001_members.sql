-- Version 1: settings, party groups, members and their posts, the change log.
-- Dates are YYYY-MM-DD text; `x IS date(x)` refuses days that do not exist.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
    value TEXT NOT NULL CHECK (length(value) <= 200)
) STRICT;

CREATE TABLE party_group (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 20),
    leader_id INTEGER REFERENCES member(id) ON DELETE RESTRICT
) STRICT;

CREATE TABLE member (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 12),
    name            TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 30),
    gender          TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    birth_date      TEXT NOT NULL CHECK (birth_date IS date(birth_date)),
    ethnicity       TEXT NOT NULL CHECK (length(ethnicity) BETWEEN 1 AND 20),
    phone           TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 30),
    work_unit       TEXT NOT NULL DEFAULT '' CHECK (length(work_unit) <= 60),
    unit_category   TEXT NOT NULL CHECK (unit_category IN ('gov_organ', 'soe', 'public_institution', 'other')),
    group_id        INTEGER REFERENCES party_group(id) ON DELETE RESTRICT,
    status          TEXT NOT NULL CHECK (status IN ('probationary', 'full')),
    admission_date  TEXT NOT NULL CHECK (admission_date IS date(admission_date) AND admission_date > birth_date),
    conversion_date TEXT CHECK (conversion_date IS NULL OR (conversion_date IS date(conversion_date) AND conversion_date > admission_date)),
    joined_on       TEXT CHECK (joined_on IS NULL OR (joined_on IS date(joined_on) AND joined_on >= admission_date)),
    exempt          INTEGER NOT NULL DEFAULT 0 CHECK (exempt IN (0, 1)),
    exempt_reason   TEXT NOT NULL DEFAULT '' CHECK (length(exempt_reason) <= 60),
    exempt_from     TEXT CHECK (exempt_from IS NULL OR exempt_from IS date(exempt_from)),
    exempt_to       TEXT CHECK (exempt_to IS NULL OR (exempt_to IS date(exempt_to) AND (exempt_from IS NULL OR exempt_to >= exempt_from))),
    cadre_level     TEXT CHECK (cadre_level IS NULL OR cadre_level IN ('provincial', 'city_county', 'other')),
    notes           TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
    archived_on     TEXT CHECK (archived_on IS NULL OR archived_on IS date(archived_on)),
    archive_reason  TEXT CHECK (archive_reason IS NULL OR archive_reason IN ('transferred_out', 'deceased', 'other')),
    archive_note    TEXT NOT NULL DEFAULT '' CHECK (length(archive_note) <= 200),
    CHECK ((status = 'full') = (conversion_date IS NOT NULL)),
    CHECK ((archived_on IS NULL) = (archive_reason IS NULL)),
    CHECK (exempt = 1 OR (exempt_reason = '' AND exempt_from IS NULL AND exempt_to IS NULL))
) STRICT;

CREATE INDEX member_group ON member(group_id);

CREATE TABLE member_post (
    member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    post      TEXT NOT NULL CHECK (post IN ('secretary', 'deputy_secretary', 'organization', 'publicity', 'discipline')),
    PRIMARY KEY (member_id, post)
) STRICT, WITHOUT ROWID;

-- Every write appends here in the same transaction: the base for history, undo and audit.
CREATE TABLE change_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    tbl    TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'archive', 'restore')),
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after  TEXT CHECK (after IS NULL OR json_valid(after))
) STRICT;

CREATE INDEX change_log_row ON change_log(tbl, row_id);

-- Version 9: contact and service to the masses (中办发〔2006〕21号, seed B1-B9): pledges, service
-- records, pairings, posts, care for members, and each member's flags for this work.
-- Nothing here is deleted: pledges are withdrawn (status), the other records archived.

CREATE TABLE pledge (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    content      TEXT NOT NULL CHECK (length(trim(content)) BETWEEN 1 AND 200),
    category     TEXT NOT NULL CHECK (category IN ('help', 'post', 'public_good', 'other')),
    beneficiary  TEXT NOT NULL DEFAULT '' CHECK (length(beneficiary) <= 60),
    pledged_on   TEXT NOT NULL CHECK (pledged_on IS date(pledged_on)),
    target_date  TEXT NOT NULL CHECK (target_date IS date(target_date) AND target_date >= pledged_on),
    status       TEXT NOT NULL CHECK (status IN ('pledged', 'in_progress', 'fulfilled', 'partly_fulfilled', 'unfulfilled', 'withdrawn')),
    progress     TEXT NOT NULL DEFAULT '' CHECK (length(progress) <= 500),
    fulfilled_on TEXT CHECK (fulfilled_on IS NULL OR (fulfilled_on IS date(fulfilled_on) AND fulfilled_on >= pledged_on)),
    verified_on  TEXT CHECK (verified_on IS NULL OR verified_on IS date(verified_on)),
    evaluation   TEXT CHECK (evaluation IS NULL OR evaluation IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    CHECK (status NOT IN ('fulfilled', 'partly_fulfilled') OR fulfilled_on IS NOT NULL),
    CHECK (status NOT IN ('pledged', 'in_progress') OR (fulfilled_on IS NULL AND evaluation IS NULL))
) STRICT;

CREATE INDEX pledge_year ON pledge(year, member_id);
CREATE INDEX pledge_member ON pledge(member_id, year);

CREATE TABLE service_record (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    date        TEXT NOT NULL CHECK (date IS date(date)),
    kind        TEXT NOT NULL CHECK (kind IN ('pairing_visit', 'post_duty', 'volunteer', 'station_duty', 'reception',
                                               'field_research', 'visit')),
    counterpart TEXT NOT NULL CHECK (length(trim(counterpart)) BETWEEN 1 AND 60),
    description TEXT NOT NULL CHECK (length(trim(description)) BETWEEN 1 AND 200),
    -- Hours as minutes; field research (B5) in half days instead.
    minutes     INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 1440),
    half_days   INTEGER CHECK (half_days IS NULL OR half_days BETWEEN 1 AND 62),
    issue       TEXT NOT NULL DEFAULT '' CHECK (length(issue) <= 200),
    feedback_on TEXT CHECK (feedback_on IS NULL OR (feedback_on IS date(feedback_on) AND feedback_on >= date)),
    archived_on TEXT CHECK (archived_on IS NULL OR archived_on IS date(archived_on)),
    CHECK ((kind = 'field_research') = (half_days IS NOT NULL)),
    CHECK ((minutes IS NULL) <> (half_days IS NULL))
) STRICT;

CREATE INDEX service_record_date ON service_record(date);
CREATE INDEX service_record_member ON service_record(member_id, date);

CREATE TABLE pairing (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    household   TEXT NOT NULL CHECK (length(trim(household)) BETWEEN 1 AND 60),
    date_from   TEXT NOT NULL CHECK (date_from IS date(date_from)),
    date_to     TEXT CHECK (date_to IS NULL OR (date_to IS date(date_to) AND date_to >= date_from)),
    outcome     TEXT NOT NULL DEFAULT '' CHECK (length(outcome) <= 200),
    archived_on TEXT CHECK (archived_on IS NULL OR archived_on IS date(archived_on))
) STRICT;

CREATE TABLE service_post (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    name        TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 60),
    duties      TEXT NOT NULL CHECK (length(trim(duties)) BETWEEN 1 AND 200),
    date_from   TEXT NOT NULL CHECK (date_from IS date(date_from)),
    date_to     TEXT CHECK (date_to IS NULL OR (date_to IS date(date_to) AND date_to >= date_from)),
    archived_on TEXT CHECK (archived_on IS NULL OR archived_on IS date(archived_on))
) STRICT;

CREATE TABLE care_record (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    reason      TEXT NOT NULL CHECK (reason IN ('hardship', 'veteran', 'unemployed', 'harsh_environment')),
    measure     TEXT NOT NULL CHECK (length(trim(measure)) BETWEEN 1 AND 200),
    date        TEXT NOT NULL CHECK (date IS date(date)),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 10000000),
    archived_on TEXT CHECK (archived_on IS NULL OR archived_on IS date(archived_on))
) STRICT;

CREATE INDEX care_record_member ON care_record(member_id, date);

CREATE TABLE member_service (
    member_id      INTEGER PRIMARY KEY REFERENCES member(id) ON DELETE RESTRICT,
    pledge_opt_out INTEGER NOT NULL DEFAULT 0 CHECK (pledge_opt_out IN (0, 1)),
    hardship       INTEGER NOT NULL DEFAULT 0 CHECK (hardship IN (0, 1))
) STRICT;

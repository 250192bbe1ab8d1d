-- Version 2: meetings with their kinds, attendance and guests; individual study records.

CREATE TABLE meeting (
    id            INTEGER PRIMARY KEY,
    date          TEXT NOT NULL CHECK (date IS date(date)),
    start_time    TEXT CHECK (start_time IS NULL OR start_time IS strftime('%H:%M', start_time)),
    end_time      TEXT CHECK (end_time IS NULL OR (end_time IS strftime('%H:%M', end_time) AND (start_time IS NULL OR end_time > start_time))),
    status        TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
    group_id      INTEGER REFERENCES party_group(id) ON DELETE RESTRICT,
    topic         TEXT NOT NULL CHECK (length(trim(topic)) BETWEEN 1 AND 100),
    location      TEXT NOT NULL DEFAULT '' CHECK (length(location) <= 60),
    host_id       INTEGER REFERENCES member(id) ON DELETE RESTRICT,
    recorder_id   INTEGER REFERENCES member(id) ON DELETE RESTRICT,
    lecturer_id   INTEGER REFERENCES member(id) ON DELETE RESTRICT,
    lecturer_name TEXT NOT NULL DEFAULT '' CHECK (length(lecturer_name) <= 30),
    credit_min    INTEGER NOT NULL CHECK (credit_min BETWEEN 0 AND 4800),
    minutes       TEXT NOT NULL DEFAULT '' CHECK (length(minutes) <= 20000),
    resolution    TEXT CHECK (resolution IS NULL OR length(trim(resolution)) BETWEEN 1 AND 500),
    vote_entitled INTEGER CHECK (vote_entitled IS NULL OR vote_entitled >= 0),
    vote_present  INTEGER CHECK (vote_present IS NULL OR vote_present BETWEEN 0 AND vote_entitled),
    vote_yes      INTEGER CHECK (vote_yes IS NULL OR vote_yes >= 0),
    vote_no       INTEGER CHECK (vote_no IS NULL OR vote_no >= 0),
    vote_abstain  INTEGER CHECK (vote_abstain IS NULL OR vote_abstain >= 0),
    CHECK ((resolution IS NULL) = (vote_entitled IS NULL)),
    CHECK (vote_yes + vote_no + vote_abstain <= vote_present)
) STRICT;

CREATE INDEX meeting_date ON meeting(date);

CREATE TABLE meeting_kind (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture',
                                             'theme_day', 'org_life_meeting', 'training', 'report', 'seminar')),
    PRIMARY KEY (meeting_id, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE attendance (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    status     TEXT NOT NULL CHECK (status IN ('present', 'late', 'excused', 'absent', 'made_up', 'home_delivered', 'away_mobile')),
    reason     TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 100),
    made_up_on TEXT CHECK (made_up_on IS NULL OR made_up_on IS date(made_up_on)),
    credit_min INTEGER NOT NULL CHECK (credit_min BETWEEN 0 AND 4800),
    CHECK (status <> 'excused' OR length(trim(reason)) > 0),
    CHECK (status <> 'made_up' OR made_up_on IS NOT NULL),
    PRIMARY KEY (meeting_id, member_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX attendance_member ON attendance(member_id);

CREATE TABLE guest (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    name       TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 30),
    PRIMARY KEY (meeting_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE study_record (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    date       TEXT NOT NULL CHECK (date IS date(date)),
    kind       TEXT NOT NULL CHECK (kind IN ('party_school', 'higher_training', 'online', 'home_delivered', 'made_up')),
    organiser  TEXT NOT NULL DEFAULT '' CHECK (length(organiser) <= 60),
    credit_min INTEGER NOT NULL CHECK (credit_min BETWEEN 1 AND 4800),
    note       TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200)
) STRICT;

CREATE INDEX study_record_member ON study_record(member_id, date);
CREATE INDEX study_record_date ON study_record(date);

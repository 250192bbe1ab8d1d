-- Version 11: a member's standing leave (病休 until a date): pre-marked 请假 with its reason on
-- every roster in the period.

CREATE TABLE standing_leave (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    reason    TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 100),
    from_date TEXT NOT NULL CHECK (from_date IS date(from_date)),
    to_date   TEXT NOT NULL CHECK (to_date IS date(to_date) AND to_date >= from_date)
) STRICT;

CREATE INDEX standing_leave_member ON standing_leave(member_id);

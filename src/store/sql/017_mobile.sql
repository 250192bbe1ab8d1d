-- Version 17: members away from the branch (流动党员; 中办发〔2006〕21号《关于加强和改进流动党员
-- 管理工作的意见》): one outflow per absence with its 《流动党员活动证》, and the outflow's logs
-- (reports from the member, contacts by the branch, changes, notices, certificate reviews and the
-- destination's entries).

CREATE TABLE mobile_outflow (
    id                INTEGER PRIMARY KEY,
    member_id         INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    status            TEXT NOT NULL
                      CHECK (status IN ('preparing', 'away', 'registered', 'returned', 'transferred', 'lost_contact')),
    reason            TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 100),
    departed_on       TEXT NOT NULL CHECK (departed_on IS date(departed_on)),
    expected_return   TEXT CHECK (expected_return IS date(expected_return)),
    place             TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 100),
    employer          TEXT NOT NULL DEFAULT '' CHECK (length(employer) <= 100),
    residence         TEXT NOT NULL DEFAULT '' CHECK (length(residence) <= 100),
    contact           TEXT NOT NULL DEFAULT '' CHECK (length(contact) <= 100),
    abroad            INTEGER NOT NULL DEFAULT 0 CHECK (abroad IN (0, 1)),
    fixed_place       INTEGER NOT NULL DEFAULT 1 CHECK (fixed_place IN (0, 1)),
    talk_on           TEXT CHECK (talk_on IS date(talk_on)),
    registered_org    TEXT NOT NULL DEFAULT '' CHECK (length(registered_org) <= 100),
    registered_on     TEXT CHECK (registered_on IS date(registered_on)),
    returned_on       TEXT CHECK (returned_on IS date(returned_on) AND returned_on >= departed_on),
    checked_on        TEXT CHECK (checked_on IS date(checked_on)),
    return_note       TEXT NOT NULL DEFAULT '' CHECK (length(return_note) <= 500),
    cert_no           TEXT CHECK (cert_no IS NULL OR length(trim(cert_no)) BETWEEN 1 AND 40),
    cert_issued_on    TEXT CHECK (cert_issued_on IS date(cert_issued_on)),
    cert_stamped      INTEGER NOT NULL DEFAULT 0 CHECK (cert_stamped IN (0, 1)),
    cert_verified_on  TEXT CHECK (cert_verified_on IS date(cert_verified_on)),
    cert_filed        INTEGER NOT NULL DEFAULT 0 CHECK (cert_filed IN (0, 1))
) STRICT;

CREATE INDEX mobile_outflow_member ON mobile_outflow(member_id, departed_on);
CREATE UNIQUE INDEX mobile_outflow_cert_no ON mobile_outflow(cert_no) WHERE cert_no IS NOT NULL;

CREATE TABLE mobile_log (
    id         INTEGER PRIMARY KEY,
    outflow_id INTEGER NOT NULL REFERENCES mobile_outflow(id) ON DELETE RESTRICT,
    kind       TEXT NOT NULL CHECK (kind IN ('report', 'contact', 'change', 'notice', 'review', 'entry')),
    date       TEXT NOT NULL CHECK (date IS date(date)),
    channel    TEXT NOT NULL DEFAULT '' CHECK (length(channel) <= 40),
    content    TEXT NOT NULL DEFAULT '' CHECK (length(content) <= 500)
) STRICT;

CREATE INDEX mobile_log_outflow ON mobile_log(outflow_id, date);

-- Version 3: each member's yearly totals over held meetings, kept up to date by every meeting
-- write in the same transaction (store::member_year), so that study time and the overdue rules
-- read one row per member instead of a year of attendance.

CREATE TABLE member_year (
    member_id       INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    year            INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    -- Credit earned: present, late, 补学 and 送学上门 rows.
    credit_min      INTEGER NOT NULL CHECK (credit_min >= 0),
    -- Unexcused absences.
    absences        INTEGER NOT NULL CHECK (absences >= 0),
    -- 送学上门 rows.
    home_deliveries INTEGER NOT NULL CHECK (home_deliveries >= 0),
    -- The latest day of organisational life (present, late or 补学 at an org-life meeting).
    last_org_life   TEXT CHECK (last_org_life IS NULL OR last_org_life IS date(last_org_life)),
    PRIMARY KEY (member_id, year)
) STRICT, WITHOUT ROWID;

INSERT INTO member_year (member_id, year, credit_min, absences, home_deliveries, last_org_life)
SELECT a.member_id,
       CAST(substr(m.date, 1, 4) AS INTEGER),
       coalesce(sum(CASE WHEN a.status IN ('present', 'late', 'made_up', 'home_delivered') THEN a.credit_min END), 0),
       coalesce(sum(a.status = 'absent'), 0),
       coalesce(sum(a.status = 'home_delivered'), 0),
       max(CASE WHEN a.status IN ('present', 'late', 'made_up')
                 AND EXISTS (SELECT 1 FROM meeting_kind k WHERE k.meeting_id = m.id
                             AND k.kind IN ('general_meeting', 'committee_meeting', 'group_meeting',
                                            'party_lecture', 'theme_day', 'org_life_meeting'))
                THEN coalesce(a.made_up_on, m.date) END)
FROM meeting m JOIN attendance a ON a.meeting_id = m.id
WHERE m.status = 'held'
GROUP BY a.member_id, substr(m.date, 1, 4);

-- Version 8: the part of each member's yearly credit that comes from 补学 rows, so that whether
-- make-up study counts toward the yearly target can be a setting (credit_min keeps the total).

ALTER TABLE member_year ADD COLUMN made_up_min INTEGER NOT NULL DEFAULT 0 CHECK (made_up_min >= 0);

UPDATE member_year SET made_up_min = coalesce((
    SELECT sum(a.credit_min)
    FROM attendance a JOIN meeting m ON m.id = a.meeting_id
    WHERE a.member_id = member_year.member_id AND a.status = 'made_up' AND m.status = 'held'
      AND CAST(substr(m.date, 1, 4) AS INTEGER) = member_year.year
), 0);

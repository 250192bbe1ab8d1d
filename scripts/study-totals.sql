-- The per-member figures of `zhibu --today 2026-11-28 report study` (the year 2026), computed
-- by the sqlite3 command-line tool from the attendance rows and the individual study records,
-- for scripts/bench.sh to time against zhibu: credited minutes (present, late, 补学 and 送学上门
-- at held meetings, plus records of the kinds the sample's settings count: all but online
-- study), unexcused absences, and 送学上门 count. On the 10,000-member sample it gives exactly
-- the credited_min, absences and home_deliveries of `report study --format json` for every
-- member.
WITH att AS (
    SELECT a.member_id,
           sum(CASE WHEN a.status IN ('present', 'late', 'made_up', 'home_delivered') THEN a.credit_min ELSE 0 END)
               AS credit_min,
           sum(a.status = 'absent') AS absences,
           sum(a.status = 'home_delivered') AS home_deliveries
    FROM attendance a JOIN meeting m ON m.id = a.meeting_id
    WHERE m.status = 'held' AND m.date BETWEEN '2026-01-01' AND '2026-12-31'
    GROUP BY a.member_id
), own AS (
    SELECT member_id,
           sum(CASE WHEN kind <> 'online' THEN credit_min ELSE 0 END) AS credit_min,
           sum(kind = 'home_delivered') AS home_deliveries
    FROM study_record WHERE date BETWEEN '2026-01-01' AND '2026-12-31'
    GROUP BY member_id
)
SELECT p.number, p.name,
       coalesce(att.credit_min, 0) + coalesce(own.credit_min, 0),
       coalesce(att.absences, 0),
       coalesce(att.home_deliveries, 0) + coalesce(own.home_deliveries, 0)
FROM member p LEFT JOIN att ON att.member_id = p.id LEFT JOIN own ON own.member_id = p.id
ORDER BY p.number;

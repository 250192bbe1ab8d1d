-- Version 19: indexes for what every finding reads, so that the work grows with the rows the
-- rules need, not with the file's history.

-- The date of the branch's first dues record (the dues rules ask nothing of the months before
-- it): through an index instead of a scan of every calibration.
CREATE INDEX dues_calibration_on ON dues_calibration(calibrated_on);

-- One year's study totals, and the last organisational life since a day: a range of this
-- index (which holds every column read) instead of a scan of all years.
CREATE INDEX member_year_year ON member_year(year, member_id, credit_min, made_up_min, absences, home_deliveries, last_org_life);

-- The pledges the rules follow (open, or done and not yet evaluated): the few of them, not
-- every pledge of the two years. The condition is the query's own (store/pledges.rs).
CREATE INDEX pledge_open ON pledge(year, member_id)
    WHERE status IN ('pledged', 'in_progress') OR (status IN ('fulfilled', 'partly_fulfilled') AND evaluation IS NULL);

-- Who pledged in a year: answered from the index alone.
DROP INDEX pledge_year;
CREATE INDEX pledge_year ON pledge(year, member_id, status);

-- When each secretary took office: the member updates of the change log, not every row it
-- holds about members.
CREATE INDEX change_log_member_update ON change_log(row_id) WHERE tbl = 'member' AND action = 'update';

-- The planned meetings coming up (the 待办 tab's first list): the few plans, not every meeting
-- of the two years.
CREATE INDEX meeting_planned ON meeting(date) WHERE status = 'planned';

-- Version 7: the day a member was entered into this file (录入日期). A member entered after the
-- records begin, with no 转入日期, counts from that day, so entering an existing member does not
-- raise findings for months before they were on the books. Members entered earlier stay NULL.

ALTER TABLE member ADD COLUMN entered_on TEXT CHECK (entered_on IS NULL OR entered_on IS date(entered_on));

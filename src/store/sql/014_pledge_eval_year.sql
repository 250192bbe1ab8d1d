-- Version 14: the year of the 民主评议 round a pledge is assessed in (seed B8: pledges and their
-- evaluation feed the democratic evaluation). The pledge's own year unless the branch assesses
-- it in the next year's round (a pledge due late in the year, or in the next).

ALTER TABLE pledge ADD COLUMN eval_year INTEGER CHECK (eval_year IS NULL OR eval_year BETWEEN year AND year + 1);

UPDATE pledge SET eval_year = year;

CREATE INDEX pledge_eval_year ON pledge(eval_year, member_id);

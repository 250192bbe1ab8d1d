-- Version 16: what the findings of a large branch read often, kept small.
--
-- The months each member paid in a year, as a bit mask (bit 0 = January), kept by triggers in
-- the transaction of every payment written or removed, so that the dues rules read one row per
-- member and year instead of every payment. A month may be paid by more than one row (a
-- correction); removing one recomputes the mask from the rows left.

CREATE TABLE dues_paid_months (
    member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    year      INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    mask      INTEGER NOT NULL CHECK (mask BETWEEN 1 AND 4095),
    PRIMARY KEY (year, member_id)
) STRICT, WITHOUT ROWID;

INSERT INTO dues_paid_months (member_id, year, mask)
SELECT member_id, year, sum(DISTINCT 1 << (month - 1)) FROM dues_payment GROUP BY year, member_id;

CREATE TRIGGER dues_paid_months_insert AFTER INSERT ON dues_payment BEGIN
    INSERT OR IGNORE INTO dues_paid_months (member_id, year, mask) VALUES (NEW.member_id, NEW.year, 1 << (NEW.month - 1));
    UPDATE dues_paid_months SET mask = mask | (1 << (NEW.month - 1)) WHERE year = NEW.year AND member_id = NEW.member_id;
END;

CREATE TRIGGER dues_paid_months_delete AFTER DELETE ON dues_payment BEGIN
    DELETE FROM dues_paid_months WHERE year = OLD.year AND member_id = OLD.member_id;
    INSERT INTO dues_paid_months (member_id, year, mask)
    SELECT member_id, year, sum(DISTINCT 1 << (month - 1)) FROM dues_payment
    WHERE member_id = OLD.member_id AND year = OLD.year GROUP BY year, member_id;
END;

CREATE TRIGGER dues_paid_months_update AFTER UPDATE OF member_id, year, month ON dues_payment BEGIN
    DELETE FROM dues_paid_months WHERE year = OLD.year AND member_id = OLD.member_id;
    INSERT INTO dues_paid_months (member_id, year, mask)
    SELECT member_id, year, sum(DISTINCT 1 << (month - 1)) FROM dues_payment
    WHERE member_id = OLD.member_id AND year = OLD.year GROUP BY year, member_id;
    INSERT OR IGNORE INTO dues_paid_months (member_id, year, mask) VALUES (NEW.member_id, NEW.year, 1 << (NEW.month - 1));
    UPDATE dues_paid_months SET mask = mask | (1 << (NEW.month - 1)) WHERE year = NEW.year AND member_id = NEW.member_id;
END;

-- Service records with an issue still waiting for feedback (B7), and field research (B5): the
-- few rows those rules read, without a look at every service record of the year.
CREATE INDEX service_record_open_issue ON service_record(date)
    WHERE archived_on IS NULL AND feedback_on IS NULL AND length(trim(issue)) > 0;
CREATE INDEX service_record_research ON service_record(date, member_id, half_days)
    WHERE kind = 'field_research' AND archived_on IS NULL;

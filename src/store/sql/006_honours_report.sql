-- Version 6: the date each year's 光荣在党50年 list was reported to the committee above.

CREATE TABLE honours_report (
    year        INTEGER PRIMARY KEY CHECK (year BETWEEN 2021 AND 2199),
    reported_on TEXT NOT NULL CHECK (reported_on IS date(reported_on)),
    note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200)
) STRICT;

-- Version 5: 党费 (中组部《关于中国共产党党费收缴、使用和管理的规定》, 2008). Money is integer fen (分).

-- A member's dues profile: category, schedule, and a reduction or exemption approved above.
CREATE TABLE dues_profile (
    member_id       INTEGER PRIMARY KEY REFERENCES member(id) ON DELETE RESTRICT,
    category        TEXT NOT NULL CHECK (category IN ('employed', 'retired', 'annual_salary', 'self_employed',
                                                      'farmer', 'student', 'unemployed', 'relief', 'dibao')),
    schedule        TEXT NOT NULL CHECK (schedule IN ('monthly', 'quarterly')),
    quarterly_since TEXT CHECK (quarterly_since IS NULL OR quarterly_since IS date(quarterly_since)),
    relief          TEXT CHECK (relief IS NULL OR relief IN ('reduced', 'exempt')),
    relief_by       TEXT NOT NULL DEFAULT '' CHECK (length(relief_by) <= 40),
    relief_on       TEXT CHECK (relief_on IS NULL OR relief_on IS date(relief_on)),
    relief_until    TEXT CHECK (relief_until IS NULL OR (relief_until IS date(relief_until) AND relief_until >= relief_on)),
    CHECK ((relief IS NULL) = (relief_on IS NULL)),
    CHECK (relief IS NOT NULL OR (relief_by = '' AND relief_until IS NULL))
) STRICT;

-- The yearly 核定 per member.
CREATE TABLE dues_calibration (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    year          INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    category      TEXT NOT NULL CHECK (category IN ('employed', 'retired', 'annual_salary', 'self_employed',
                                                    'farmer', 'student', 'unemployed', 'relief', 'dibao')),
    base_fen      INTEGER CHECK (base_fen IS NULL OR base_fen BETWEEN 0 AND 100000000),
    rate_bp       INTEGER CHECK (rate_bp IS NULL OR rate_bp IN (50, 100, 150, 200)),
    monthly_fen   INTEGER NOT NULL CHECK (monthly_fen BETWEEN 0 AND 100000000),
    calibrated_on TEXT NOT NULL CHECK (calibrated_on IS date(calibrated_on)),
    UNIQUE (member_id, year)
) STRICT;

-- One row per member per month paid; a payment for a quarter or for back months writes one row
-- for each month it covers, with the same day, method and receipt.
CREATE TABLE dues_payment (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    year       INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 100000000),
    -- Voluntary extra (自愿多交), beyond the dues.
    extra_fen  INTEGER NOT NULL DEFAULT 0 CHECK (extra_fen BETWEEN 0 AND 100000000),
    paid_on    TEXT NOT NULL CHECK (paid_on IS date(paid_on)),
    method     TEXT NOT NULL CHECK (method IN ('cash', 'transfer', 'proxy')),
    proxy      TEXT NOT NULL DEFAULT '' CHECK (length(proxy) <= 20),
    receipt    TEXT NOT NULL DEFAULT '' CHECK (length(receipt) <= 30),
    CHECK (method <> 'proxy' OR length(trim(proxy)) > 0)
) STRICT;

-- A member's rows; also the months paid per member and year, read by the rules.
CREATE INDEX dues_payment_member ON dues_payment(member_id, year, month);
-- The year's grid reads these columns only: covered by the index, one sequential walk.
CREATE INDEX dues_payment_year ON dues_payment(year, member_id, month, amount_fen, extra_fen, paid_on);

-- The yearly 党费收缴使用公布.
CREATE TABLE dues_publication (
    year         INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2199),
    published_on TEXT NOT NULL CHECK (published_on IS date(published_on)),
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200)
) STRICT;

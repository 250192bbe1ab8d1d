-- Version 5: 评议. The yearly democratic evaluation (民主评议党员) with each member's grading and
-- rectification items, 党性分析评议 campaigns, the 谈心谈话 log, 组织处置 steps and 表彰.
-- Two archive reasons are added for a member removed (除名) or suspended (停止党籍) by an
-- approved disposal.

-- A CHECK constraint cannot be altered; SQLite documents editing the stored schema text for a
-- change that does not touch the data on disk. Only the list of allowed reasons changes, so
-- columns other migrations may have added to `member` are kept as they are.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql,
                     'archive_reason IN (''transferred_out'', ''deceased'', ''other'')',
                     'archive_reason IN (''transferred_out'', ''deceased'', ''other'', ''removed'', ''suspended'')')
 WHERE type = 'table' AND name = 'member';
PRAGMA writable_schema = RESET;

-- One round a year (中办发〔2006〕21号 A8; 《支部工作条例（试行）》第十八条), with its steps' dates.
CREATE TABLE evaluation_round (
    year         INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2199),
    meeting_id   INTEGER REFERENCES meeting(id) ON DELETE RESTRICT,
    self_review  TEXT CHECK (self_review IS NULL OR self_review IS date(self_review)),
    peer_review  TEXT CHECK (peer_review IS NULL OR peer_review IS date(peer_review)),
    vote         TEXT CHECK (vote IS NULL OR vote IS date(vote)),
    decision     TEXT CHECK (decision IS NULL OR decision IS date(decision)),
    notice       TEXT CHECK (notice IS NULL OR notice IS date(notice))
) STRICT;

-- One full member's result in one year. Probationary members have no row (不评定等次).
CREATE TABLE evaluation (
    member_id      INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    year           INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    self_assessed  TEXT CHECK (self_assessed IS NULL OR self_assessed IS date(self_assessed)),
    votes_excellent INTEGER NOT NULL DEFAULT 0 CHECK (votes_excellent BETWEEN 0 AND 100000),
    votes_qualified INTEGER NOT NULL DEFAULT 0 CHECK (votes_qualified BETWEEN 0 AND 100000),
    votes_basic    INTEGER NOT NULL DEFAULT 0 CHECK (votes_basic BETWEEN 0 AND 100000),
    votes_unqualified INTEGER NOT NULL DEFAULT 0 CHECK (votes_unqualified BETWEEN 0 AND 100000),
    public_opinion TEXT NOT NULL DEFAULT '' CHECK (length(public_opinion) <= 500),
    grade          TEXT CHECK (grade IS NULL OR grade IN ('excellent', 'qualified', 'basically_qualified', 'unqualified')),
    decided_by     TEXT CHECK (decided_by IS NULL OR decided_by IN ('committee', 'general_meeting')),
    opinion        TEXT NOT NULL DEFAULT '' CHECK (length(opinion) <= 500),
    feedback_on    TEXT CHECK (feedback_on IS NULL OR feedback_on IS date(feedback_on)),
    PRIMARY KEY (member_id, year)
) STRICT, WITHOUT ROWID;

CREATE INDEX evaluation_year ON evaluation(year, grade);

-- 整改 items (A11), from the evaluation or a campaign.
CREATE TABLE rectification (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    year      INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    item      TEXT NOT NULL CHECK (length(trim(item)) BETWEEN 1 AND 200),
    due       TEXT NOT NULL CHECK (due IS date(due)),
    done      TEXT CHECK (done IS NULL OR done IS date(done))
) STRICT;

CREATE INDEX rectification_member ON rectification(member_id, year);

-- 谈心谈话 (A14, 第十九条): two or more participants.
CREATE TABLE talk (
    id    INTEGER PRIMARY KEY,
    date  TEXT NOT NULL CHECK (date IS date(date)),
    kind  TEXT NOT NULL CHECK (kind IN ('heart', 'reminder', 'new_member', 'probation')),
    topic TEXT NOT NULL CHECK (length(trim(topic)) BETWEEN 1 AND 100),
    notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 2000)
) STRICT;

CREATE INDEX talk_date ON talk(date);

CREATE TABLE talk_member (
    talk_id   INTEGER NOT NULL REFERENCES talk(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    PRIMARY KEY (talk_id, member_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX talk_member_member ON talk_member(member_id);

-- 组织处置 steps (A13, D1; 《党员教育管理工作条例》第二十九至三十一条).
CREATE TABLE disposal (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    kind        TEXT NOT NULL CHECK (kind IN ('criticism', 'correction_deadline', 'advised_to_withdraw', 'removed', 'suspended')),
    decided_on  TEXT NOT NULL CHECK (decided_on IS date(decided_on)),
    decided_by  TEXT NOT NULL CHECK (decided_by IN ('committee', 'general_meeting')),
    approved_on TEXT CHECK (approved_on IS NULL OR (approved_on IS date(approved_on) AND approved_on >= decided_on)),
    deadline    TEXT CHECK (deadline IS NULL OR (deadline IS date(deadline) AND deadline > decided_on)),
    outcome     TEXT NOT NULL DEFAULT '' CHECK (length(outcome) <= 200),
    outcome_on  TEXT CHECK (outcome_on IS NULL OR outcome_on IS date(outcome_on)),
    -- 限期改正 has a deadline (at most a year, checked by the program); no other step has one.
    CHECK ((kind = 'correction_deadline') = (deadline IS NOT NULL))
) STRICT;

CREATE INDEX disposal_member ON disposal(member_id);

-- 表彰 (D2).
CREATE TABLE commendation (
    id        INTEGER PRIMARY KEY,
    year      INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    member_id INTEGER REFERENCES member(id) ON DELETE RESTRICT,
    title     TEXT NOT NULL CHECK (title IN ('excellent_member', 'excellent_worker', 'advanced_org')),
    level     TEXT NOT NULL CHECK (length(trim(level)) BETWEEN 1 AND 30),
    date      TEXT NOT NULL CHECK (date IS date(date)),
    -- 先进基层党组织 is the branch's; the other two are a member's.
    CHECK ((title = 'advanced_org') = (member_id IS NULL))
) STRICT;

-- 党性分析评议 campaigns (A9-A10), arranged above about every five years.
CREATE TABLE campaign (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    arranged_by TEXT NOT NULL CHECK (length(trim(arranged_by)) BETWEEN 1 AND 60),
    start_on    TEXT NOT NULL CHECK (start_on IS date(start_on)),
    end_on      TEXT NOT NULL CHECK (end_on IS date(end_on) AND end_on >= start_on),
    closed      INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
) STRICT;

CREATE TABLE campaign_member (
    campaign_id   INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES member(id) ON DELETE RESTRICT,
    material_on   TEXT CHECK (material_on IS NULL OR material_on IS date(material_on)),
    talked        INTEGER NOT NULL DEFAULT 0 CHECK (talked IN (0, 1)),
    analysed      INTEGER NOT NULL DEFAULT 0 CHECK (analysed IN (0, 1)),
    opinion       TEXT NOT NULL DEFAULT '' CHECK (length(opinion) <= 500),
    rectification TEXT NOT NULL DEFAULT '' CHECK (length(rectification) <= 500),
    notice_on     TEXT CHECK (notice_on IS NULL OR notice_on IS date(notice_on)),
    PRIMARY KEY (campaign_id, member_id)
) STRICT, WITHOUT ROWID;

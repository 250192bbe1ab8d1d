-- Version 18: incoming mobile members (外来流动党员; 中办发〔2006〕21号《关于加强和改进流动党员
-- 管理工作的意见》二（二）1、2、4): members of another branch who take part in this one's
-- organisational life, with their home branch and 《流动党员活动证》, and the link from a meeting's
-- guest (列席) to the incoming member it is. A guest keeps its name when the member is deleted.

CREATE TABLE incoming_member (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 30),
    home_branch TEXT NOT NULL CHECK (length(trim(home_branch)) BETWEEN 1 AND 100),
    cert_no     TEXT CHECK (cert_no IS NULL OR length(trim(cert_no)) BETWEEN 1 AND 40),
    checked_on  TEXT CHECK (checked_on IS date(checked_on)),
    group_id    INTEGER REFERENCES party_group(id) ON DELETE RESTRICT,
    phone       TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    arrived_on  TEXT NOT NULL CHECK (arrived_on IS date(arrived_on)),
    left_on     TEXT CHECK (left_on IS date(left_on) AND left_on >= arrived_on),
    note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500)
) STRICT;

CREATE UNIQUE INDEX incoming_member_cert_no ON incoming_member(cert_no) WHERE cert_no IS NOT NULL;
CREATE INDEX incoming_member_group ON incoming_member(group_id) WHERE group_id IS NOT NULL;

ALTER TABLE guest ADD COLUMN incoming_id INTEGER REFERENCES incoming_member(id) ON DELETE SET NULL;
ALTER TABLE guest ADD COLUMN absent INTEGER NOT NULL DEFAULT 0 CHECK (absent IN (0, 1));

CREATE INDEX guest_incoming ON guest(incoming_id) WHERE incoming_id IS NOT NULL;

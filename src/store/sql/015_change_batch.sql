-- Version 15: every write (one transaction: a form's save, a meeting with its attendance, a whole
-- import) is one batch, so that it is undone as one step; an undo's own rows name the batch
-- they undo. Older rows keep no batch.
ALTER TABLE change_log ADD COLUMN batch INTEGER;
ALTER TABLE change_log ADD COLUMN undoes INTEGER;
CREATE INDEX change_log_batch ON change_log(batch);

-- The newest roster import made by `zhibu import members`, kept so that `zhibu undo import`
-- (another process) can undo it: the rows it changed, before and after, as JSON.
CREATE TABLE kept_step (
    id      INTEGER PRIMARY KEY,
    batches TEXT NOT NULL CHECK (json_valid(batches))
) STRICT;

CREATE TABLE kept_step_row (
    step   INTEGER NOT NULL REFERENCES kept_step(id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,
    tbl    TEXT NOT NULL,
    before TEXT,
    after  TEXT,
    PRIMARY KEY (step, seq)
) STRICT;

-- Version 13: every write (one transaction: a form's save, a meeting with its attendance, a whole
-- import) is one batch, so that it is undone as one step; an undo's own rows name the batch
-- they undo. Older rows keep no batch.
ALTER TABLE change_log ADD COLUMN batch INTEGER;
ALTER TABLE change_log ADD COLUMN undoes INTEGER;
CREATE INDEX change_log_batch ON change_log(batch);

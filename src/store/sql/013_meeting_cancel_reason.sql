-- Version 13: why a meeting was cancelled. A cancelled meeting stays in the list (it satisfies
-- no cadence); the reason is asked when it is cancelled.

ALTER TABLE meeting ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 100);

-- Version 4: an extended probation (延长预备期, 6 to 12 months, at most once; [DZ]7, [XZ]32).

ALTER TABLE member ADD COLUMN probation_extension_months INTEGER NOT NULL DEFAULT 0
    CHECK (probation_extension_months = 0 OR probation_extension_months BETWEEN 6 AND 12);

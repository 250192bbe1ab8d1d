-- Version 5: admissions before 1982-09-06 follow the rules of their time (中组部《关于确定入党时间和
-- 计算党龄的规定》): where there was no probation the conversion date equals the admission date.
-- The member table's CHECK `conversion_date > admission_date` becomes `>=`. Relaxing a CHECK
-- changes no stored row, so the table's text is edited in place, as SQLite's documentation of
-- ALTER TABLE describes for removing or loosening constraints; `migrate` then bumps the schema
-- cookie so that every connection re-reads the schema.

PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'conversion_date > admission_date', 'conversion_date >= admission_date')
 WHERE type = 'table' AND name = 'member';
PRAGMA writable_schema = OFF;

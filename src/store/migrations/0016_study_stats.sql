-- 0016_study_stats.sql — indexes for the study statistics (学习统计,
-- src/domain/study/stats.c).  No new table and no trigger: the statistics
-- read the maintained aggregate study_day (0011) that the heartbeat
-- writes, and these two indexes make every figure an index-only range:
--
--   study_day_unit_secs_idx  minutes, participants and the daily trend of
--       a subtree: unit range (from unit.path) × day range, covering the
--       seconds so no table row is read;
--   reading_unit_completed_idx  materials completed in a period, per
--       credited unit, without scanning the readings.
-- dialect: all
CREATE INDEX study_day_unit_secs_idx ON study_day(unit_id, day, person_id, seconds);
CREATE INDEX reading_unit_completed_idx ON reading(unit_id, completed_at);

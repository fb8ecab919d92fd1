-- 0018_reading.sql — the index the unit reading records list needs
-- (学习记录, src/domain/study/reading.c study_reading_list), traded for
-- one it does not, so that a heartbeat maintains as many indexes as before.
--
--   reading_last_idx  the newest readings of a wide scope (the whole
--       district, a town): walked newest first, it stops after one page
--       instead of sorting every reading in the scope; the keyset
--       (last_at, person_id, material_id) is the list's order exactly.
--   reading_unit_idx (0011, unit_id, last_at) is dropped: a branch's page
--       is read through reading_unit_completed_idx (0016, unit_id, …) and
--       sorted (a branch holds a few thousand readings), and no other
--       query ranges over (unit_id, last_at).
-- dialect: all
CREATE INDEX reading_last_idx ON reading(last_at, person_id, material_id);
DROP INDEX reading_unit_idx;

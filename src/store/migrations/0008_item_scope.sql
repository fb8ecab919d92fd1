-- 0008_item_scope.sql — the units whose subtree sees an item (the item
-- list's scope filter as an index): one row per (unit, item) for every
-- ancestor-or-self of the item's lead unit and of each of its co-units.
-- A subtree-scoped reader's list is then the index range unit_id = U in
-- item id order, so a page of 20 reads about 20 rows whatever the size of
-- the ledger (the path-range OR co-unit test had to scan every item of the
-- state or type until it found 20 in scope: bench/RESULTS.md 2026-11-27).
--
-- Kept by triggers, so every writer (engine, import, bulk assign, seed,
-- moving a unit) keeps it right.  A unit path is "/1/5/23/": the ids of
-- the unit's ancestors and itself, so the ancestors-or-self of a path are
-- its components, read with json_each over "[1,5,23]" — a handful of rows
-- whatever the size of the unit tree.  Triggers are SQLite syntax; a
-- PostgreSQL port writes them as trigger functions with the same bodies
-- (string_to_array instead of json_each).

CREATE TABLE item_scope (
  unit_id INTEGER NOT NULL,
  item_id INTEGER NOT NULL,
  PRIMARY KEY (unit_id, item_id)
);
CREATE INDEX item_scope_item_idx ON item_scope(item_id);

INSERT OR IGNORE INTO item_scope(unit_id, item_id)
  SELECT j.value, i.id FROM ledger_item i,
         json_each('[' || replace(trim(i.lead_unit_path, '/'), '/', ',') || ']') j;
INSERT OR IGNORE INTO item_scope(unit_id, item_id)
  SELECT j.value, c.item_id FROM item_co_unit c,
         json_each('[' || replace(trim(c.unit_path, '/'), '/', ',') || ']') j;

CREATE TRIGGER item_scope_item_insert AFTER INSERT ON ledger_item
BEGIN
  INSERT OR IGNORE INTO item_scope(unit_id, item_id)
    SELECT j.value, NEW.id
      FROM json_each('[' || replace(trim(NEW.lead_unit_path, '/'), '/', ',') || ']') j;
END;

CREATE TRIGGER item_scope_item_move AFTER UPDATE OF lead_unit_path ON ledger_item
WHEN NEW.lead_unit_path <> OLD.lead_unit_path
BEGIN
  DELETE FROM item_scope WHERE item_id = NEW.id;
  INSERT OR IGNORE INTO item_scope(unit_id, item_id)
    SELECT j.value, NEW.id
      FROM json_each('[' || replace(trim(NEW.lead_unit_path, '/'), '/', ',') || ']') j;
  INSERT OR IGNORE INTO item_scope(unit_id, item_id)
    SELECT j.value, NEW.id FROM item_co_unit c,
           json_each('[' || replace(trim(c.unit_path, '/'), '/', ',') || ']') j
     WHERE c.item_id = NEW.id;
END;

CREATE TRIGGER item_scope_item_delete AFTER DELETE ON ledger_item
BEGIN
  DELETE FROM item_scope WHERE item_id = OLD.id;
END;

CREATE TRIGGER item_scope_co_insert AFTER INSERT ON item_co_unit
BEGIN
  INSERT OR IGNORE INTO item_scope(unit_id, item_id)
    SELECT j.value, NEW.item_id
      FROM json_each('[' || replace(trim(NEW.unit_path, '/'), '/', ',') || ']') j;
END;

-- A co-unit removed or changed: rebuild the item's rows from what is left.
CREATE TRIGGER item_scope_co_delete AFTER DELETE ON item_co_unit
BEGIN
  DELETE FROM item_scope WHERE item_id = OLD.item_id;
  INSERT OR IGNORE INTO item_scope(unit_id, item_id)
    SELECT j.value, i.id FROM ledger_item i,
           json_each('[' || replace(trim(i.lead_unit_path, '/'), '/', ',') || ']') j
     WHERE i.id = OLD.item_id;
  INSERT OR IGNORE INTO item_scope(unit_id, item_id)
    SELECT j.value, c.item_id FROM item_co_unit c,
           json_each('[' || replace(trim(c.unit_path, '/'), '/', ',') || ']') j
     WHERE c.item_id = OLD.item_id;
END;

CREATE TRIGGER item_scope_co_update AFTER UPDATE OF unit_path, item_id
ON item_co_unit
BEGIN
  DELETE FROM item_scope WHERE item_id IN (OLD.item_id, NEW.item_id);
  INSERT OR IGNORE INTO item_scope(unit_id, item_id)
    SELECT j.value, i.id FROM ledger_item i,
           json_each('[' || replace(trim(i.lead_unit_path, '/'), '/', ',') || ']') j
     WHERE i.id IN (OLD.item_id, NEW.item_id);
  INSERT OR IGNORE INTO item_scope(unit_id, item_id)
    SELECT j.value, c.item_id FROM item_co_unit c,
           json_each('[' || replace(trim(c.unit_path, '/'), '/', ',') || ']') j
     WHERE c.item_id IN (OLD.item_id, NEW.item_id);
END;

-- Moving a unit (its path and its descendants' paths change, one row at a
-- time) carries the copies of the path on items and co-units along, which
-- in turn rebuilds their item_scope rows through the triggers above.
CREATE TRIGGER unit_path_to_items AFTER UPDATE OF path ON unit
WHEN NEW.path <> OLD.path
BEGIN
  UPDATE ledger_item SET lead_unit_path = NEW.path WHERE lead_unit_id = NEW.id;
  UPDATE item_co_unit SET unit_path = NEW.path WHERE unit_id = NEW.id;
END;

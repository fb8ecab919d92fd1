-- 0010_item_names.sql — the names a list page shows, kept on the item row:
-- the type's code and name, the lead unit's name and the lead leader's
-- name.  A page of 20 then reads the item rows alone instead of four more
-- b-tree seeks a row (bench/RESULTS.md 2026-11-27).  The sources stay
-- authoritative (the detail and the export join them); these copies are
-- kept by triggers, so every writer, and every rename, keeps them right.
-- SQLite syntax; a PostgreSQL driver writes the same triggers as trigger
-- functions.

ALTER TABLE ledger_item ADD COLUMN type_code TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_item ADD COLUMN type_name TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_item ADD COLUMN lead_unit_name TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_item ADD COLUMN lead_leader_name TEXT;

UPDATE ledger_item SET
  type_code = (SELECT code FROM ledger_type WHERE id = ledger_item.type_id),
  type_name = (SELECT name FROM ledger_type WHERE id = ledger_item.type_id),
  lead_unit_name = (SELECT name FROM unit WHERE id = ledger_item.lead_unit_id),
  lead_leader_name = (SELECT name FROM person
                       WHERE id = ledger_item.lead_leader_person_id);

CREATE TRIGGER item_names_insert AFTER INSERT ON ledger_item
BEGIN
  UPDATE ledger_item SET
    type_code = (SELECT code FROM ledger_type WHERE id = NEW.type_id),
    type_name = (SELECT name FROM ledger_type WHERE id = NEW.type_id),
    lead_unit_name = (SELECT name FROM unit WHERE id = NEW.lead_unit_id),
    lead_leader_name = (SELECT name FROM person
                         WHERE id = NEW.lead_leader_person_id)
  WHERE id = NEW.id;
END;

CREATE TRIGGER item_names_update
AFTER UPDATE OF type_id, lead_unit_id, lead_leader_person_id ON ledger_item
BEGIN
  UPDATE ledger_item SET
    type_code = (SELECT code FROM ledger_type WHERE id = NEW.type_id),
    type_name = (SELECT name FROM ledger_type WHERE id = NEW.type_id),
    lead_unit_name = (SELECT name FROM unit WHERE id = NEW.lead_unit_id),
    lead_leader_name = (SELECT name FROM person
                         WHERE id = NEW.lead_leader_person_id)
  WHERE id = NEW.id;
END;

CREATE TRIGGER unit_name_to_items AFTER UPDATE OF name ON unit
WHEN NEW.name <> OLD.name
BEGIN
  UPDATE ledger_item SET lead_unit_name = NEW.name WHERE lead_unit_id = NEW.id;
END;

CREATE TRIGGER person_name_to_items AFTER UPDATE OF name ON person
WHEN NEW.name <> OLD.name
BEGIN
  UPDATE ledger_item SET lead_leader_name = NEW.name
   WHERE lead_leader_person_id = NEW.id;
END;

CREATE TRIGGER type_names_to_items AFTER UPDATE OF code, name ON ledger_type
WHEN NEW.code <> OLD.code OR NEW.name <> OLD.name
BEGIN
  UPDATE ledger_item SET type_code = NEW.code, type_name = NEW.name
   WHERE type_id = NEW.id;
END;

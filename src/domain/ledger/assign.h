/*
 * assign.h — bulk assignment (批量分派): give many items a new lead unit,
 * owner (责任人) or lead leader (牵头领导) at once.
 *
 * Which items may take which change:
 *   lead unit            only before the unit signed for it: 草稿 draft or
 *                        已下达 issued (afterwards the unit owns the work;
 *                        moving it is a cancel and a new item);
 *   owner, lead leader   any open state (not 已销号 or 已撤销).
 * The new lead unit must not already be a co-unit of the item.
 * The API checks scope and runs the whole batch in one write job: all
 * items change or none.  Each changed item gets an "assign" timeline
 * event naming what changed.
 */
#ifndef LEDGER_ASSIGN_H
#define LEDGER_ASSIGN_H

#include "base/lx.h"
#include "domain/ledger/item.h"

#include <stdint.h>

struct store_conn;

#define LEDGER_BULK_MAX 200

struct ledger_assign {
  int64_t lead_unit_id; /* 0 = unchanged */
  int64_t owner_account_id;
  int64_t leader_id;
  /* filled by ledger_assign_resolve */
  const char *lead_unit_path, *unit_name, *owner_name, *leader_name;
};

/* Checks that the targets exist and fills their names and the unit's
 * path.  rc: LX_OK; LX_EINVAL ("ledger.unit_missing", field
 * "lead_unit_id", …; "field.required" when nothing is to change);
 * LX_EDB. */
LX_MUST_CHECK int ledger_assign_resolve(struct store_conn *c, struct arena *a,
                                        struct ledger_assign *as,
                                        struct lx_err *err);

/* 1 if item it (loaded with its co-units) may take as (see above). */
int ledger_assign_state_ok(const struct ledger_item *it,
                           const struct ledger_assign *as);
/* 1 if as's lead unit is already a co-unit of it. */
int ledger_assign_co_conflict(const struct ledger_item *it,
                              const struct ledger_assign *as);

/* Applies as to item id and writes its timeline event.
 * rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int ledger_item_assign(struct store_conn *c, struct arena *a,
                                     const struct ledger_item *it,
                                     const struct ledger_assign *as,
                                     const struct ledger_who *who,
                                     struct lx_err *err);

#endif

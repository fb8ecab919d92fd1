/*
 * tree.h — items under items (上下级事项): goal → task → sub-task, at
 * most LEDGER_MAX_DEPTH below a top item.  Any type may sit under any
 * type (a 目标任务 goal broken into 重点项目 tasks).  A parent must exist
 * and be open (not closed or cancelled); only an item without children
 * may move under another one (so no cycle and no subtree too deep).
 *
 * Roll-up: an item with children takes its progress from them — the
 * rounded average progress of its children that are not cancelled —
 * recomputed (with its health) whenever a child is added, moved,
 * cancelled or has a progress report approved, and passed on to its own
 * parent.  A closed or cancelled parent keeps its progress.  No timeline
 * event is written for a roll-up (the child's event says what changed).
 * All functions run in a write job except ledger_item_children.
 */
#ifndef LEDGER_TREE_H
#define LEDGER_TREE_H

#include "base/lx.h"
#include "domain/ledger/item.h"

#include <stdint.h>

struct arena;
struct store_conn;

/* Checks that parent_id may take a child (self_id: the item that moves,
 * 0 on create) and sets *out_depth to the child's depth.
 * rc: LX_OK; LX_EINVAL ("ledger.parent_missing", "ledger.parent_closed",
 * "ledger.too_deep", "ledger.parent_self", field "parent_id"); LX_EDB. */
LX_MUST_CHECK int ledger_parent_check(struct store_conn *c, int64_t self_id,
                                      int64_t parent_id, int64_t *out_depth,
                                      struct lx_err *err);

/* Moves item id from old_parent to new_parent (0 = top): checks as
 * above plus "ledger.has_children" (409), sets parent and depth, rolls
 * both parents up.  rc: LX_OK; LX_EINVAL; LX_ECONFLICT; LX_EDB. */
LX_MUST_CHECK int ledger_parent_move(struct store_conn *c, int64_t id,
                                     int64_t old_parent, int64_t new_parent,
                                     int32_t today, struct lx_err *err);

/* Recomputes the progress and health of parent_id from its children and
 * goes on up.  rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int ledger_rollup(struct store_conn *c, int64_t parent_id,
                                int32_t today, struct lx_err *err);

/* ledger_rollup() of the parent of child_id, if it has one. */
LX_MUST_CHECK int ledger_rollup_parent_of(struct store_conn *c,
                                          int64_t child_id, int32_t today,
                                          struct lx_err *err);

struct ledger_child {
  int64_t id;
  const char *code, *title;
  enum ledger_state state;
  enum ledger_health health;
  int progress;
  const char *due_date;
};

/* The children of item id in code order (at most 500).  Returns in *out
 * an arena array.  rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int ledger_item_children(struct store_conn *c, struct arena *a,
                                       int64_t id, struct ledger_child **out,
                                       int *out_n, struct lx_err *err);

#endif

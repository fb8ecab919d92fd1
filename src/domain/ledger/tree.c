/*
 * tree.c — parents, children and the progress roll-up (see tree.h).
 */
#include "domain/ledger/tree.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define CHILDREN_MAX 500

int ledger_parent_check(struct store_conn *c, int64_t self_id,
                        int64_t parent_id, int64_t *out_depth,
                        struct lx_err *err)
{
  struct store_stmt *s;
  enum ledger_state st = LEDGER_DRAFT;
  int64_t depth = 0;
  int rc;
  if (self_id && parent_id == self_id)
    return err_set(err, LX_EINVAL, "ledger.parent_self", "parent_id",
                   "上级事项不能是事项本身");
  rc = store_prepare(c, "SELECT depth, state FROM ledger_item WHERE id = ?", &s,
                     err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, parent_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    depth = store_col_i64(s, 0) + 1;
    if (!ledger_state_parse(store_col_text(s, 1), &st))
      st = LEDGER_DRAFT;
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_EINVAL, "ledger.parent_missing", "parent_id",
                   "上级事项不存在");
  if (rc != STORE_ROW)
    return rc;
  if (!ledger_state_is_open(st))
    return err_set(err, LX_EINVAL, "ledger.parent_closed", "parent_id",
                   "上级事项已销号或已撤销，不能再分解");
  if (depth > LEDGER_MAX_DEPTH)
    return err_set(err, LX_EINVAL, "ledger.too_deep", "parent_id",
                   "事项最多分解三级（目标→任务→子任务）");
  *out_depth = depth;
  return LX_OK;
}

int ledger_parent_move(struct store_conn *c, int64_t id, int64_t old_parent,
                       int64_t new_parent, int32_t today, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t depth = 0, kids = 0;
  int rc =
      store_query_i64(c, "SELECT count(*) FROM ledger_item WHERE parent_id = ?",
                      1, id, &kids, err);
  if (!rc && kids)
    rc = err_set(err, LX_ECONFLICT, "ledger.has_children", "parent_id",
                 "该事项已有下级事项，不能再调整上级事项");
  if (!rc && new_parent)
    rc = ledger_parent_check(c, id, new_parent, &depth, err);
  if (!rc)
    rc = store_prepare(c,
                       "UPDATE ledger_item SET parent_id = ?, depth = ? "
                       "WHERE id = ?",
                       &s, err);
  if (rc)
    return rc;
  if (new_parent)
    store_bind_i64(s, 1, new_parent);
  else
    store_bind_null(s, 1);
  store_bind_i64(s, 2, depth);
  store_bind_i64(s, 3, id);
  rc = store_run(s, err);
  if (!rc && old_parent)
    rc = ledger_rollup(c, old_parent, today, err);
  if (!rc && new_parent)
    rc = ledger_rollup(c, new_parent, today, err);
  return rc;
}

int ledger_rollup(struct store_conn *c, int64_t parent_id, int32_t today,
                  struct lx_err *err)
{
  /* depth ≤ LEDGER_MAX_DEPTH, so at most three rounds */
  for (int round = 0; parent_id && round <= LEDGER_MAX_DEPTH; round++) {
    struct store_stmt *s;
    int64_t n = 0, sum = 0, up = 0;
    char start[16] = "", due[16] = "";
    enum ledger_state st = LEDGER_DRAFT;
    enum ledger_health h;
    int progress,
        rc = store_prepare(c,
                           "SELECT count(*), coalesce(sum(progress), 0) FROM "
                           "ledger_item WHERE parent_id = ? AND state <> ?",
                           &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, parent_id);
    store_bind_text(s, 2, ledger_state_code(LEDGER_CANCELLED));
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
      n = store_col_i64(s, 0);
      sum = store_col_i64(s, 1);
    }
    store_stmt_done(s);
    if (rc != STORE_ROW)
      return rc == STORE_DONE ? LX_EDB : rc;
    rc = store_prepare(c,
                       "SELECT state, start_date, due_date, parent_id FROM "
                       "ledger_item WHERE id = ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, parent_id);
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
      if (!ledger_state_parse(store_col_text(s, 0), &st))
        st = LEDGER_DRAFT;
      snprintf(start, sizeof start, "%s",
               store_col_text(s, 1) ? store_col_text(s, 1) : "");
      snprintf(due, sizeof due, "%s",
               store_col_text(s, 2) ? store_col_text(s, 2) : "");
      up = store_col_i64(s, 3);
    }
    store_stmt_done(s);
    if (rc == STORE_DONE)
      return LX_OK;
    if (rc != STORE_ROW)
      return rc;
    if (!n || !ledger_state_is_open(st))
      return LX_OK; /* nothing to average, or frozen */
    progress = (int)((sum * 2 + n) / (2 * n)); /* rounded */
    h = ledger_item_health(st, start[0] ? start : NULL, due[0] ? due : NULL,
                           progress, today);
    rc = store_prepare(c,
                       "UPDATE ledger_item SET progress = ?, health = ?, "
                       "updated_at = ? WHERE id = ? AND progress <> ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, progress);
    store_bind_text(s, 2, ledger_health_code(h));
    store_bind_i64(s, 3, time_now_ms());
    store_bind_i64(s, 4, parent_id);
    store_bind_i64(s, 5, progress);
    rc = store_run(s, err);
    if (rc)
      return rc;
    parent_id = up;
  }
  return LX_OK;
}

int ledger_rollup_parent_of(struct store_conn *c, int64_t child_id,
                            int32_t today, struct lx_err *err)
{
  int64_t parent = 0;
  int rc = store_query_i64(c,
                           "SELECT coalesce(parent_id, 0) FROM ledger_item "
                           "WHERE id = ?",
                           1, child_id, &parent, err);
  if (!rc && parent)
    rc = ledger_rollup(c, parent, today, err);
  return rc;
}

int ledger_item_children(struct store_conn *c, struct arena *a, int64_t id,
                         struct ledger_child **out, int *out_n,
                         struct lx_err *err)
{
  struct store_stmt *s;
  int n = 0, rc = store_prepare(
                 c,
                 "SELECT id, code, title, state, health, progress, due_date "
                 "FROM ledger_item WHERE parent_id = ? ORDER BY code, id "
                 "LIMIT 500",
                 &s, err);
  *out = arena_zalloc(a, sizeof **out * (CHILDREN_MAX + 1));
  *out_n = 0;
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  while ((rc = store_step(s, err)) == STORE_ROW && n < CHILDREN_MAX) {
    struct ledger_child *ch = &(*out)[n++];
    const char *h = store_col_text(s, 4);
    ch->id = store_col_i64(s, 0);
    ch->code = arena_strdup(a, store_col_text(s, 1));
    ch->title = arena_strdup(a, store_col_text(s, 2));
    if (!ledger_state_parse(store_col_text(s, 3), &ch->state))
      ch->state = LEDGER_DRAFT;
    ch->health = LEDGER_HEALTH_NONE;
    for (int k = 0; h && k < LEDGER_HEALTH_COUNT; k++)
      if (!strcmp(ledger_health_code((enum ledger_health)k), h))
        ch->health = (enum ledger_health)k;
    ch->progress = (int)store_col_i64(s, 5);
    ch->due_date = arena_strdup(a, store_col_text(s, 6));
  }
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

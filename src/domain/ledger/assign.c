/*
 * assign.c — bulk assignment of items (see assign.h).
 */
#include "domain/ledger/assign.h"

#include "base/arena.h"
#include "base/sb.h"
#include "base/timeutil.h"
#include "store/store.h"

#include <string.h>

static int name_of(struct store_conn *c, struct arena *a, const char *sql,
                   int64_t id, const char **name, const char **path,
                   struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql, &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *name = arena_strdup(a, store_col_text(s, 0));
    if (path)
      *path = arena_strdup(a, store_col_text(s, 1));
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return LX_ENOTFOUND;
  return rc == STORE_ROW ? LX_OK : rc;
}

int ledger_assign_resolve(struct store_conn *c, struct arena *a,
                          struct ledger_assign *as, struct lx_err *err)
{
  int rc = LX_OK;
  if (!as->lead_unit_id && !as->owner_account_id && !as->leader_id)
    return err_set(err, LX_EINVAL, "field.required", "lead_unit_id",
                   "请选择要分派的牵头单位、责任人或牵头领导");
  if (as->lead_unit_id) {
    rc = name_of(c, a, "SELECT name, path FROM unit WHERE id = ?",
                 as->lead_unit_id, &as->unit_name, &as->lead_unit_path, err);
    if (rc == LX_ENOTFOUND)
      return err_set(err, LX_EINVAL, "ledger.unit_missing", "lead_unit_id",
                     "所选牵头单位不存在");
  }
  if (!rc && as->owner_account_id) {
    rc = name_of(c, a, "SELECT name FROM account WHERE id = ?",
                 as->owner_account_id, &as->owner_name, NULL, err);
    if (rc == LX_ENOTFOUND)
      return err_set(err, LX_EINVAL, "ledger.owner_missing", "owner_account_id",
                     "所选责任人不存在");
  }
  if (!rc && as->leader_id) {
    rc = name_of(c, a, "SELECT name FROM person WHERE id = ?", as->leader_id,
                 &as->leader_name, NULL, err);
    if (rc == LX_ENOTFOUND)
      return err_set(err, LX_EINVAL, "ledger.leader_missing",
                     "lead_leader_person_id", "所选牵头领导不存在");
  }
  return rc;
}

int ledger_assign_state_ok(const struct ledger_item *it,
                           const struct ledger_assign *as)
{
  if (as->lead_unit_id && it->state != LEDGER_DRAFT &&
      it->state != LEDGER_ISSUED)
    return 0;
  return ledger_state_is_open(it->state);
}

int ledger_assign_co_conflict(const struct ledger_item *it,
                              const struct ledger_assign *as)
{
  for (int i = 0; as->lead_unit_id && i < it->n_co; i++)
    if (it->co[i].unit_id == as->lead_unit_id)
      return 1;
  return 0;
}

int ledger_item_assign(struct store_conn *c, struct arena *a,
                       const struct ledger_item *it,
                       const struct ledger_assign *as,
                       const struct ledger_who *who, struct lx_err *err)
{
  struct store_stmt *s;
  struct sb note;
  char stack[512];
  int64_t now = time_now_ms();
  int rc = store_prepare(
      c,
      "UPDATE ledger_item SET lead_unit_id = coalesce(?, lead_unit_id), "
      "lead_unit_path = coalesce(?, lead_unit_path), owner_account_id = "
      "coalesce(?, owner_account_id), lead_leader_person_id = coalesce(?, "
      "lead_leader_person_id), updated_at = ? WHERE id = ?",
      &s, err);
  if (rc)
    return rc;
  if (as->lead_unit_id) {
    store_bind_i64(s, 1, as->lead_unit_id);
    store_bind_text(s, 2, as->lead_unit_path);
  } else {
    store_bind_null(s, 1);
    store_bind_null(s, 2);
  }
  if (as->owner_account_id)
    store_bind_i64(s, 3, as->owner_account_id);
  else
    store_bind_null(s, 3);
  if (as->leader_id)
    store_bind_i64(s, 4, as->leader_id);
  else
    store_bind_null(s, 4);
  store_bind_i64(s, 5, now);
  store_bind_i64(s, 6, it->id);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  sb_init(&note, a, stack, sizeof stack, 2000);
  sb_puts(&note, "批量分派");
  if (as->lead_unit_id)
    sb_appendf(&note, "；牵头单位：%s → %s",
               it->lead_unit_name ? it->lead_unit_name : "", as->unit_name);
  if (as->owner_account_id)
    sb_appendf(&note, "；责任人：%s → %s",
               it->owner_name ? it->owner_name : "无", as->owner_name);
  if (as->leader_id)
    sb_appendf(&note, "；牵头领导：%s → %s",
               it->leader_name ? it->leader_name : "无", as->leader_name);
  rc = store_prepare(c,
                     "INSERT INTO item_event(item_id, at, account_id, "
                     "actor_name, action, from_state, to_state, comment) "
                     "VALUES (?, ?, ?, ?, 'assign', ?, ?, ?)",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, it->id);
  store_bind_i64(s, 2, now);
  store_bind_i64(s, 3, who->account_id);
  store_bind_text(s, 4, who->name ? who->name : "");
  store_bind_text(s, 5, ledger_state_code(it->state));
  store_bind_text(s, 6, ledger_state_code(it->state));
  store_bind_text(s, 7, note.buf ? note.buf : "批量分派");
  rc = store_step(s, err);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

/*
 * milestone.c — milestone completion over the store (see milestone.h).
 */
#include "domain/ledger/milestone.h"

#include "base/timeutil.h"
#include "base/utf8.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

int ledger_milestone_check(enum ledger_state st, const struct ledger_actor *who,
                           struct lx_err *err)
{
  if (st != LEDGER_SIGNED && st != LEDGER_IN_PROGRESS &&
      st != LEDGER_CLOSURE_REQUESTED)
    return err_setf(
        err, LX_ECONFLICT, "milestone.bad_state", "state",
        "事项处于「%s」状态，不能标记节点（签收后、销号前可以标记）",
        ledger_state_label(st));
  if (!(who->perms & LEDGER_PERM_WRITE) &&
      !((who->perms & LEDGER_PERM_REPORT) && who->is_lead_unit))
    return err_set(err, LX_EFORBIDDEN, "milestone.forbidden", "",
                   "只有督查室或牵头单位可以标记节点完成");
  return LX_OK;
}

int ledger_milestone_set(struct store_conn *c, int64_t id, int64_t mid,
                         int done, const char *comment,
                         const struct ledger_who *who, struct lx_err *err)
{
  struct store_stmt *s;
  char title[4 * LEDGER_MILESTONE_TITLE_MAX + 1] = "";
  int64_t now = time_now_ms(), done_at = 0;
  int rc;
  if (comment && utf8_len(comment) > LEDGER_MILESTONE_COMMENT_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "comment",
                    "说明不能超过 %d 个字", LEDGER_MILESTONE_COMMENT_MAX);
  rc = store_prepare(c,
                     "SELECT title, coalesce(done_at, 0) FROM item_milestone "
                     "WHERE id = ? AND item_id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, mid);
  store_bind_i64(s, 2, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    const char *t = store_col_text(s, 0);
    size_t n = strlen(t);
    if (n >= sizeof title)
      n = sizeof title - 1;
    memcpy(title, t, n);
    title[n] = 0;
    done_at = store_col_i64(s, 1);
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "milestone.not_found", "", "节点不存在");
  if (rc != STORE_ROW)
    return rc;
  if (!!done_at == !!done)
    return err_set(err, LX_ECONFLICT, "milestone.unchanged", "done",
                   done ? "该节点已标记完成" : "该节点尚未完成");
  rc = store_prepare(c, "UPDATE item_milestone SET done_at = ? WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  if (done)
    store_bind_i64(s, 1, now);
  else
    store_bind_null(s, 1);
  store_bind_i64(s, 2, mid);
  rc = store_run(s, err);
  if (!rc)
    rc = store_prepare(c,
                       "INSERT INTO item_event(item_id, at, account_id, "
                       "actor_name, action, comment) VALUES (?, ?, ?, ?, ?, "
                       "?)",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, now);
  store_bind_i64(s, 3, who->account_id);
  store_bind_text(s, 4, who->name ? who->name : "");
  store_bind_text(s, 5, done ? "milestone_done" : "milestone_reopen");
  {
    char msg[sizeof title + 4 * LEDGER_MILESTONE_COMMENT_MAX + 64];
    snprintf(msg, sizeof msg, "%s「%s」%s%s", done ? "节点完成" : "节点重开",
             title, comment && *comment ? "：" : "", comment ? comment : "");
    store_bind_text(s, 6, msg);
  }
  rc = store_run(s, err);
  if (!rc)
    rc = store_prepare(c, "UPDATE ledger_item SET updated_at = ? WHERE id = ?",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, now);
  store_bind_i64(s, 2, id);
  return store_run(s, err);
}

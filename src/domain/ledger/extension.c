/*
 * extension.c — extension requests (延期申请) over the store (see
 * extension.h).
 */
#include "domain/ledger/extension.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/ledger/ledger_int.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const struct {
  const char *code, *label;
} estates[] = {
    {"submitted", "待审批"},
    {"approved", "已批准"},
    {"rejected", "已驳回"},
};

const char *ledger_ext_state_code(enum ledger_ext_state s)
{
  return (unsigned)s < LX_COUNT(estates) ? estates[s].code : "";
}

const char *ledger_ext_state_label(enum ledger_ext_state s)
{
  return (unsigned)s < LX_COUNT(estates) ? estates[s].label : "";
}

static enum ledger_ext_state estate_parse(const char *code)
{
  for (size_t i = 0; code && i < LX_COUNT(estates); i++)
    if (!strcmp(code, estates[i].code))
      return (enum ledger_ext_state)i;
  return LEDGER_EXT_SUBMITTED;
}

int ledger_ext_filing_check(enum ledger_state st, const struct ledger_due *d,
                            int32_t today, int32_t new_due, const char *reason,
                            const struct ledger_actor *who, int min_days,
                            int days_left, int working_days, struct lx_err *err)
{
  char a[16];
  int rc = ledger_extension_check(st, d, today, new_due, reason, who, err);
  if (rc) {
    if (err && !strcmp(err->field, "new_due"))
      snprintf(err->field, sizeof err->field, "new_due_date");
    return rc;
  }
  if (min_days > 0 && days_left < min_days) {
    time_format_date(d->due, a, sizeof a);
    return err_setf(err, LX_ECONFLICT, "ledger.extension_too_late", "",
                    "延期申请须在截止日期（%s）前至少 %d 个%s提出", a, min_days,
                    working_days ? "工作日" : "自然日");
  }
  return LX_OK;
}

static int add_event(struct store_conn *c, int64_t id, int64_t now,
                     const struct ledger_who *who, const char *action,
                     const char *state, const char *comment, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "INSERT INTO item_event(item_id, at, account_id, "
                         "actor_name, action, from_state, to_state, comment) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, now);
  store_bind_i64(s, 3, who->account_id);
  store_bind_text(s, 4, who->name ? who->name : "");
  store_bind_text(s, 5, action);
  store_bind_text(s, 6, state);
  store_bind_text(s, 7, state);
  store_bind_text(s, 8, comment ? comment : "");
  return store_run(s, err);
}

int ledger_ext_pending(struct store_conn *c, int64_t id, int64_t *out,
                       struct lx_err *err)
{
  return store_query_i64(c,
                         "SELECT count(*) FROM item_extension WHERE item_id "
                         "= ? AND state = 'submitted'",
                         1, id, out, err);
}

/* The item's state, dates and progress. */
struct cur {
  char state[24], start[16], due[16], orig[16];
  int progress;
};

static int load_cur(struct store_conn *c, int64_t id, struct cur *k,
                    struct lx_err *err)
{
  struct store_stmt *s;
  int found = 0, rc = store_prepare(c,
                                    "SELECT state, start_date, due_date, "
                                    "original_due_date, progress FROM "
                                    "ledger_item WHERE id = ?",
                                    &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    found = 1;
    snprintf(k->state, sizeof k->state, "%s",
             store_col_text(s, 0) ? store_col_text(s, 0) : "");
    snprintf(k->start, sizeof k->start, "%s",
             store_col_text(s, 1) ? store_col_text(s, 1) : "");
    snprintf(k->due, sizeof k->due, "%s",
             store_col_text(s, 2) ? store_col_text(s, 2) : "");
    snprintf(k->orig, sizeof k->orig, "%s",
             store_col_text(s, 3) ? store_col_text(s, 3) : "");
    k->progress = (int)store_col_i64(s, 4);
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  if (!found)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "事项不存在");
  return LX_OK;
}

int ledger_ext_submit(struct store_conn *c, int64_t id, int64_t unit_id,
                      const char *old_due, const char *new_due,
                      const char *reason, const struct ledger_who *who,
                      int64_t *out_id, struct lx_err *err)
{
  struct store_stmt *s;
  struct cur k;
  char note[LEDGER_REASON_MAX * 4 + 64];
  int64_t now = time_now_ms(), pending = 0;
  int rc = load_cur(c, id, &k, err);
  if (!rc && strcmp(k.due, old_due))
    rc = err_set(err, LX_ECONFLICT, "ledger.due_changed", "due_date",
                 "事项的截止日期已被他人改变，请刷新后重试");
  if (!rc)
    rc = ledger_ext_pending(c, id, &pending, err);
  if (!rc && pending)
    rc = err_set(err, LX_ECONFLICT, "extension.pending", "",
                 "该事项已有待审批的延期申请，请等待督查室审批");
  if (rc)
    return rc;
  rc = store_prepare(c,
                     "INSERT INTO item_extension(item_id, requested_by, "
                     "requester_name, unit_id, old_due_date, new_due_date, "
                     "reason, state, created_at) VALUES (?, ?, ?, ?, ?, ?, "
                     "?, 'submitted', ?)",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, who->account_id);
  store_bind_text(s, 3, who->name ? who->name : "");
  store_bind_i64(s, 4, unit_id);
  store_bind_text(s, 5, old_due);
  store_bind_text(s, 6, new_due);
  store_bind_text(s, 7, reason);
  store_bind_i64(s, 8, now);
  rc = store_run(s, err);
  if (rc)
    return rc;
  rc = store_query_i64(c, "SELECT last_insert_rowid()", 0, 0, out_id, err);
  if (rc)
    return rc;
  snprintf(note, sizeof note, "申请延期：截止日期 %s → %s；原因：%s", old_due,
           new_due, reason);
  return add_event(c, id, now, who, "extension_request", k.state, note, err);
}

int ledger_ext_review(struct store_conn *c, int64_t id, int64_t ext_id,
                      int approve, const char *comment,
                      const struct ledger_actor *actor,
                      const struct ledger_who *who, int32_t today,
                      struct lx_err *err)
{
  struct store_stmt *s;
  struct cur k;
  struct ledger_due d = {LEDGER_NO_DATE, LEDGER_NO_DATE, 0};
  char estate[24] = "", new_due[16] = "", old_due[16] = "";
  char note[LEDGER_EXT_COMMENT_MAX * 4 + 96];
  enum ledger_state st = LEDGER_DRAFT;
  int64_t now = time_now_ms();
  int32_t nd = LEDGER_NO_DATE;
  int found = 0, rc;
  if (!approve && ledger_blank(comment))
    return err_set(err, LX_EINVAL, "extension.comment_required", "comment",
                   "驳回延期申请时请填写驳回意见");
  if (comment && (!utf8_valid(comment, strlen(comment)) ||
                  utf8_len(comment) > LEDGER_EXT_COMMENT_MAX))
    return err_setf(err, LX_EINVAL, "field.too_long", "comment",
                    "审批意见不能超过 %d 个字", LEDGER_EXT_COMMENT_MAX);
  rc = store_prepare(c,
                     "SELECT state, new_due_date FROM item_extension WHERE "
                     "id = ? AND item_id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, ext_id);
  store_bind_i64(s, 2, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    found = 1;
    snprintf(estate, sizeof estate, "%s", store_col_text(s, 0));
    snprintf(new_due, sizeof new_due, "%s", store_col_text(s, 1));
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  if (!found)
    return err_set(err, LX_ENOTFOUND, "not_found", "ext_id", "延期申请不存在");
  if (strcmp(estate, "submitted"))
    return err_setf(err, LX_ECONFLICT, "extension.already_reviewed", "state",
                    "该延期申请已%s，不能重复审批",
                    ledger_ext_state_label(estate_parse(estate)));
  rc = load_cur(c, id, &k, err);
  if (rc)
    return rc;
  if (!ledger_state_parse(k.state, &st))
    st = LEDGER_DRAFT;
  snprintf(old_due, sizeof old_due, "%s", k.due);
  if (approve) {
    enum ledger_health h;
    if (!time_parse_date(k.due, &d.due))
      d.due = LEDGER_NO_DATE;
    if (!k.orig[0] || !time_parse_date(k.orig, &d.original_due))
      d.original_due = LEDGER_NO_DATE;
    if (!time_parse_date(new_due, &nd))
      nd = LEDGER_NO_DATE;
    rc = ledger_extension_approve(st, &d, nd, actor, err);
    if (rc) {
      if (err && !strcmp(err->field, "new_due"))
        snprintf(err->field, sizeof err->field, "new_due_date");
      return rc;
    }
    h = ledger_item_health(st, k.start[0] ? k.start : NULL, new_due, k.progress,
                           today);
    rc = store_prepare(c,
                       "UPDATE ledger_item SET due_date = ?, "
                       "original_due_date = COALESCE(original_due_date, ?), "
                       "health = ?, updated_at = ? WHERE id = ? AND "
                       "due_date = ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, new_due);
    store_bind_text(s, 2, old_due);
    store_bind_text(s, 3, ledger_health_code(h));
    store_bind_i64(s, 4, now);
    store_bind_i64(s, 5, id);
    store_bind_text(s, 6, old_due);
    rc = store_run(s, err);
    if (rc)
      return rc;
  }
  rc = store_prepare(c,
                     "UPDATE item_extension SET state = ?, review_comment = "
                     "?, reviewed_by = ?, reviewer_name = ?, reviewed_at = ? "
                     "WHERE id = ? AND state = 'submitted'",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, approve ? "approved" : "rejected");
  store_bind_text(s, 2, comment ? comment : "");
  store_bind_i64(s, 3, who->account_id);
  store_bind_text(s, 4, who->name ? who->name : "");
  store_bind_i64(s, 5, now);
  store_bind_i64(s, 6, ext_id);
  rc = store_run(s, err);
  if (rc)
    return rc;
  if (approve)
    snprintf(note, sizeof note, "批准延期：截止日期 %s → %s%s%s", old_due,
             new_due, comment && *comment ? "；意见：" : "",
             comment ? comment : "");
  else
    snprintf(note, sizeof note, "驳回延期申请（申请延至 %s）：%s", new_due,
             comment ? comment : "");
  return add_event(c, id, now, who,
                   approve ? "extension_approve" : "extension_reject", k.state,
                   note, err);
}

#define EXT_COLS                                                               \
  "e.id, e.item_id, e.requested_by, e.requester_name, e.unit_id, u.name, "     \
  "e.old_due_date, e.new_due_date, e.reason, e.state, e.reviewed_by, "         \
  "e.reviewer_name, e.review_comment, e.created_at, e.reviewed_at"
#define EXT_FROM " FROM item_extension e LEFT JOIN unit u ON u.id = e.unit_id"

static const char *dup(struct arena *a, const char *s)
{
  return arena_strdup(a, s ? s : "");
}

static void ext_from_row(struct store_stmt *s, struct arena *a,
                         struct ledger_extension *x)
{
  memset(x, 0, sizeof *x);
  x->id = store_col_i64(s, 0);
  x->item_id = store_col_i64(s, 1);
  x->requested_by = store_col_i64(s, 2);
  x->requester_name = dup(a, store_col_text(s, 3));
  x->unit_id = store_col_i64(s, 4);
  x->unit_name = dup(a, store_col_text(s, 5));
  x->old_due_date = dup(a, store_col_text(s, 6));
  x->new_due_date = dup(a, store_col_text(s, 7));
  x->reason = dup(a, store_col_text(s, 8));
  x->state = estate_parse(store_col_text(s, 9));
  x->reviewed_by = store_col_i64(s, 10);
  x->reviewer_name = dup(a, store_col_text(s, 11));
  x->review_comment = dup(a, store_col_text(s, 12));
  x->created_at = store_col_i64(s, 13);
  x->reviewed_at = store_col_i64(s, 14);
}

int ledger_ext_get(struct store_conn *c, struct arena *a, int64_t id,
                   int64_t ext_id, struct ledger_extension *out,
                   struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c, "SELECT " EXT_COLS EXT_FROM " WHERE e.id = ? AND e.item_id = ?", &s,
      err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, ext_id);
  store_bind_i64(s, 2, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    ext_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "ext_id", "延期申请不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

int ledger_ext_list(struct store_conn *c, struct arena *a, int64_t id,
                    struct ledger_extension **out, int *out_n,
                    struct lx_err *err)
{
  struct store_stmt *s;
  int64_t total = 0;
  int n = 0, rc = store_query_i64(c,
                                  "SELECT count(*) FROM item_extension "
                                  "WHERE item_id = ?",
                                  1, id, &total, err);
  if (rc)
    return rc;
  rc = store_prepare(
      c, "SELECT " EXT_COLS EXT_FROM " WHERE e.item_id = ? ORDER BY e.id DESC",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  *out = arena_zalloc(a, sizeof **out * (size_t)(total + 1));
  while ((rc = store_step(s, err)) == STORE_ROW && n < total)
    ext_from_row(s, a, &(*out)[n++]);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

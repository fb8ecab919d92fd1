/*
 * progress.c — progress reports over the store (see progress.h).
 */
#include "domain/ledger/progress.h"
#include "domain/ledger/tree.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "domain/ledger/ledger_int.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const struct {
  const char *code, *label;
} pstates[] = {
    {"submitted", "待审核"},
    {"approved", "已通过"},
    {"returned", "已退回"},
};

const char *ledger_progress_state_code(enum ledger_progress_state s)
{
  return (unsigned)s < LX_COUNT(pstates) ? pstates[s].code : "";
}

const char *ledger_progress_state_label(enum ledger_progress_state s)
{
  return (unsigned)s < LX_COUNT(pstates) ? pstates[s].label : "";
}

static enum ledger_progress_state pstate_parse(const char *code)
{
  for (size_t i = 0; code && i < LX_COUNT(pstates); i++)
    if (!strcmp(code, pstates[i].code))
      return (enum ledger_progress_state)i;
  return LEDGER_PROGRESS_SUBMITTED;
}

int ledger_progress_check(const struct ledger_progress_in *in,
                          struct lx_err *err)
{
  if (ledger_blank(in->text))
    return err_set(err, LX_EINVAL, "field.required", "text", "请填写进展情况");
  if (!utf8_valid(in->text, strlen(in->text)))
    return err_set(err, LX_EINVAL, "field.type", "text",
                   "进展情况不是有效文本");
  if (utf8_len(in->text) > LEDGER_PROGRESS_TEXT_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "text",
                    "进展情况不能超过 %d 个字", LEDGER_PROGRESS_TEXT_MAX);
  if (in->percent < 0 || in->percent > 100)
    return err_set(err, LX_EINVAL, "field.range", "percent",
                   "完成进度应为 0 到 100 之间的整数");
  return LX_OK;
}

int ledger_progress_submit(struct store_conn *c, int64_t id,
                           enum ledger_state from, enum ledger_state to,
                           const struct ledger_progress_in *in,
                           const struct ledger_who *who, int32_t today,
                           int64_t *out_id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t cur = 0, n = 0, now = time_now_ms();
  char note[64];
  int rc = ledger_progress_check(in, err);
  if (!rc)
    rc = store_query_i64(c, "SELECT count(*) FROM ledger_item WHERE id = ?", 1,
                         id, &n, err);
  if (rc)
    return rc;
  if (!n)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "事项不存在");
  rc = store_query_i64(c, "SELECT progress FROM ledger_item WHERE id = ?", 1,
                       id, &cur, err);
  if (rc)
    return rc;
  if (in->percent < cur)
    return err_setf(err, LX_EINVAL, "progress.percent_below", "percent",
                    "完成进度不能低于事项当前进度 %lld%%", (long long)cur);
  snprintf(note, sizeof note, "报送进展（%d%%），待审核", in->percent);
  rc = ledger_item_move(c, id, from, to, LEDGER_ACT_REPORT, note, who, today,
                        err);
  if (rc)
    return rc;
  rc = store_prepare(c,
                     "INSERT INTO item_progress(item_id, submitted_by, "
                     "submitter_name, unit_id, text, percent, "
                     "indicator_value, state, created_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, 'submitted', ?) RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, who->account_id);
  store_bind_text(s, 3, who->name ? who->name : "");
  store_bind_i64(s, 4, in->unit_id);
  store_bind_text(s, 5, in->text);
  store_bind_i64(s, 6, in->percent);
  if (in->has_indicator)
    store_bind_double(s, 7, in->indicator_value);
  else
    store_bind_null(s, 7);
  store_bind_i64(s, 8, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

#define PROG_COLS                                                              \
  "p.id, p.item_id, p.submitted_by, p.submitter_name, p.unit_id, u.name, "     \
  "p.text, p.percent, p.indicator_value, p.state, p.review_comment, "          \
  "p.reviewed_by, p.reviewer_name, p.reviewed_at, p.created_at"
#define PROG_FROM " FROM item_progress p JOIN unit u ON u.id = p.unit_id"

static const char *col_dup(struct store_stmt *s, struct arena *a, int col)
{
  const char *t = store_col_text(s, col);
  return t ? arena_strdup(a, t) : NULL;
}

static void prog_from_row(struct store_stmt *s, struct arena *a,
                          struct ledger_progress *p)
{
  memset(p, 0, sizeof *p);
  p->id = store_col_i64(s, 0);
  p->item_id = store_col_i64(s, 1);
  p->submitted_by = store_col_i64(s, 2);
  p->submitter_name = col_dup(s, a, 3);
  p->unit_id = store_col_i64(s, 4);
  p->unit_name = col_dup(s, a, 5);
  p->text = col_dup(s, a, 6);
  p->percent = (int)store_col_i64(s, 7);
  p->has_indicator = !store_col_is_null(s, 8);
  p->indicator_value = store_col_double(s, 8);
  p->state = pstate_parse(store_col_text(s, 9));
  p->review_comment = col_dup(s, a, 10);
  p->reviewed_by = store_col_i64(s, 11);
  p->reviewer_name = col_dup(s, a, 12);
  p->reviewed_at = store_col_i64(s, 13);
  p->created_at = store_col_i64(s, 14);
}

int ledger_progress_get(struct store_conn *c, struct arena *a, int64_t id,
                        int64_t progress_id, struct ledger_progress *out,
                        struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c, "SELECT " PROG_COLS PROG_FROM " WHERE p.id = ? AND p.item_id = ?", &s,
      err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, progress_id);
  store_bind_i64(s, 2, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    prog_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "progress_id",
                   "进展报告不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

int ledger_progress_list(struct store_conn *c, struct arena *a, int64_t id,
                         struct ledger_progress **out, int *out_n,
                         struct lx_err *err)
{
  struct store_stmt *s;
  int64_t total = 0;
  int n = 0, rc = store_query_i64(
                 c, "SELECT count(*) FROM item_progress WHERE item_id = ?", 1,
                 id, &total, err);
  *out = NULL;
  *out_n = 0;
  if (!rc)
    rc = store_prepare(c,
                       "SELECT " PROG_COLS PROG_FROM
                       " WHERE p.item_id = ? ORDER BY p.id DESC",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  *out = arena_zalloc(a, sizeof **out * (size_t)(total + 1));
  while ((rc = store_step(s, err)) == STORE_ROW && n < total)
    prog_from_row(s, a, &(*out)[n++]);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

int ledger_progress_review(struct store_conn *c, int64_t id,
                           int64_t progress_id, int approve,
                           const char *comment, const struct ledger_who *who,
                           int32_t today, struct lx_err *err)
{
  struct store_stmt *s;
  char state[24] = "", pstate[24] = "", start[16] = "", due[16] = "";
  char note[LEDGER_PROGRESS_COMMENT_MAX * 4 + 64];
  int percent = 0, has_ind = 0, found = 0;
  double ind = 0;
  int64_t now = time_now_ms();
  enum ledger_state st = LEDGER_DRAFT;
  int rc;
  if (!approve && ledger_blank(comment))
    return err_set(err, LX_EINVAL, "progress.comment_required", "comment",
                   "退回进展报告时请填写退回意见");
  if (comment && (!utf8_valid(comment, strlen(comment)) ||
                  utf8_len(comment) > LEDGER_PROGRESS_COMMENT_MAX))
    return err_setf(err, LX_EINVAL, "field.too_long", "comment",
                    "审核意见不能超过 %d 个字", LEDGER_PROGRESS_COMMENT_MAX);
  rc = store_prepare(c,
                     "SELECT p.state, p.percent, p.indicator_value, i.state, "
                     "i.start_date, i.due_date FROM item_progress p JOIN "
                     "ledger_item i ON i.id = p.item_id "
                     "WHERE p.id = ? AND p.item_id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, progress_id);
  store_bind_i64(s, 2, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    found = 1;
    snprintf(pstate, sizeof pstate, "%s", store_col_text(s, 0));
    percent = (int)store_col_i64(s, 1);
    has_ind = !store_col_is_null(s, 2);
    ind = store_col_double(s, 2);
    snprintf(state, sizeof state, "%s", store_col_text(s, 3));
    snprintf(start, sizeof start, "%s",
             store_col_text(s, 4) ? store_col_text(s, 4) : "");
    snprintf(due, sizeof due, "%s",
             store_col_text(s, 5) ? store_col_text(s, 5) : "");
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  if (!found)
    return err_set(err, LX_ENOTFOUND, "not_found", "progress_id",
                   "进展报告不存在");
  if (strcmp(pstate, "submitted"))
    return err_setf(err, LX_ECONFLICT, "progress.already_reviewed", "state",
                    "该进展报告已%s，不能重复审核",
                    !strcmp(pstate, "approved") ? "通过" : "退回");
  if (!ledger_state_parse(state, &st))
    st = LEDGER_DRAFT;
  rc = store_prepare(c,
                     "UPDATE item_progress SET state = ?, review_comment = ?, "
                     "reviewed_by = ?, reviewer_name = ?, reviewed_at = ? "
                     "WHERE id = ? AND state = 'submitted'",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, approve ? "approved" : "returned");
  store_bind_text(s, 2, comment ? comment : "");
  store_bind_i64(s, 3, who->account_id);
  store_bind_text(s, 4, who->name ? who->name : "");
  store_bind_i64(s, 5, now);
  store_bind_i64(s, 6, progress_id);
  rc = store_run(s, err);
  if (rc)
    return rc;
  if (approve) {
    enum ledger_health h = ledger_item_health(
        st, start[0] ? start : NULL, due[0] ? due : NULL, percent, today);
    rc = store_prepare(c,
                       "UPDATE ledger_item SET progress = ?, "
                       "indicator_actual = CASE WHEN ? = 1 THEN ? ELSE "
                       "indicator_actual END, health = ?, updated_at = ? "
                       "WHERE id = ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, percent);
    store_bind_i64(s, 2, has_ind);
    if (has_ind)
      store_bind_double(s, 3, ind);
    else
      store_bind_null(s, 3);
    store_bind_text(s, 4, ledger_health_code(h));
    store_bind_i64(s, 5, now);
    store_bind_i64(s, 6, id);
    rc = store_run(s, err);
    if (!rc) /* the parent's progress is its children's average */
      rc = ledger_rollup_parent_of(c, id, today, err);
    if (rc)
      return rc;
  }
  snprintf(note, sizeof note, "%s进展报告（%d%%）%s%s",
           approve ? "通过" : "退回", percent, comment && *comment ? "：" : "",
           comment ? comment : "");
  rc = store_prepare(c,
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
  store_bind_text(s, 5, approve ? "progress_approve" : "progress_return");
  store_bind_text(s, 6, ledger_state_code(st));
  store_bind_text(s, 7, ledger_state_code(st));
  store_bind_text(s, 8, note);
  return store_run(s, err);
}

/*
 * comment.c — item comments over the store (see comment.h).
 */
#include "domain/ledger/comment.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

int ledger_comment_check(const char *text, struct lx_err *err)
{
  const char *p = text;
  while (p && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  if (!p || !*p)
    return err_set(err, LX_EINVAL, "field.required", "text", "请填写评论内容");
  if (!utf8_valid(text, strlen(text)))
    return err_set(err, LX_EINVAL, "field.type", "text",
                   "评论内容不是有效文本");
  if (utf8_len(text) > LEDGER_COMMENT_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "text",
                    "评论内容不能超过 %d 个字", LEDGER_COMMENT_MAX);
  return LX_OK;
}

int ledger_comment_add(struct store_conn *c, int64_t item_id, const char *text,
                       const struct ledger_who *who, int64_t *out_id,
                       struct lx_err *err)
{
  struct store_stmt *s;
  char state[24] = "";
  int64_t now = time_now_ms();
  int rc = ledger_comment_check(text, err);
  if (rc)
    return rc;
  rc = store_prepare(c, "SELECT state FROM ledger_item WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, item_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    snprintf(state, sizeof state, "%s", store_col_text(s, 0));
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "事项不存在");
  if (rc != STORE_ROW)
    return rc;
  rc = store_prepare(c,
                     "INSERT INTO item_comment(item_id, account_id, "
                     "author_name, text, created_at) VALUES (?, ?, ?, ?, ?) "
                     "RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, item_id);
  store_bind_i64(s, 2, who->account_id);
  store_bind_text(s, 3, who->name ? who->name : "");
  store_bind_text(s, 4, text);
  store_bind_i64(s, 5, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *out_id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  rc = store_prepare(c,
                     "INSERT INTO item_event(item_id, at, account_id, "
                     "actor_name, action, from_state, to_state, comment) "
                     "VALUES (?, ?, ?, ?, 'comment', ?, ?, ?)",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, item_id);
  store_bind_i64(s, 2, now);
  store_bind_i64(s, 3, who->account_id);
  store_bind_text(s, 4, who->name ? who->name : "");
  store_bind_text(s, 5, state);
  store_bind_text(s, 6, state);
  store_bind_text(s, 7, text);
  rc = store_step(s, err);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

#define CMT_COLS "id, item_id, account_id, author_name, text, created_at"

static void cmt_from_row(struct store_stmt *s, struct arena *a,
                         struct ledger_comment *x)
{
  const char *t;
  x->id = store_col_i64(s, 0);
  x->item_id = store_col_i64(s, 1);
  x->account_id = store_col_i64(s, 2);
  t = store_col_text(s, 3);
  x->author_name = arena_strdup(a, t ? t : "");
  t = store_col_text(s, 4);
  x->text = arena_strdup(a, t ? t : "");
  x->created_at = store_col_i64(s, 5);
}

int ledger_comment_get(struct store_conn *c, struct arena *a, int64_t item_id,
                       int64_t id, struct ledger_comment *out,
                       struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c, "SELECT " CMT_COLS " FROM item_comment WHERE id = ? AND item_id = ?",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, item_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    cmt_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "评论不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

int ledger_comment_list(struct store_conn *c, struct arena *a, int64_t item_id,
                        struct ledger_comment **out, int *out_n,
                        struct lx_err *err)
{
  struct store_stmt *s;
  int64_t total = 0;
  int n = 0, rc = store_query_i64(
                 c, "SELECT count(*) FROM item_comment WHERE item_id = ?", 1,
                 item_id, &total, err);
  *out = NULL;
  *out_n = 0;
  if (!rc)
    rc = store_prepare(c,
                       "SELECT " CMT_COLS " FROM item_comment WHERE item_id = "
                       "? ORDER BY id",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, item_id);
  *out = arena_zalloc(a, sizeof **out * (size_t)(total + 1));
  while ((rc = store_step(s, err)) == STORE_ROW && n < total)
    cmt_from_row(s, a, &(*out)[n++]);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

/*
 * views.c — saved list views over saved_view (see views.h).
 */
#include "domain/ledger/views.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "store/store.h"

#include <string.h>

int ledger_view_page_valid(const char *page)
{
  return page && !strcmp(page, "items");
}

static void view_row(struct store_stmt *s, struct arena *a,
                     struct ledger_view *v)
{
  v->id = store_col_i64(s, 0);
  v->page = arena_strdup(a, store_col_text(s, 1));
  v->name = arena_strdup(a, store_col_text(s, 2));
  v->query = arena_strdup(a, store_col_text(s, 3));
  v->sort = arena_strdup(a, store_col_text(s, 4));
  v->created_at = store_col_i64(s, 5);
}

#define VIEW_COLS "id, page, name, query, sort, created_at"

int ledger_view_list(struct store_conn *c, struct arena *a, int64_t account_id,
                     const char *page, struct ledger_view **out, int *out_n,
                     struct lx_err *err)
{
  struct store_stmt *s;
  int n = 0, rc = store_prepare(
                 c,
                 "SELECT " VIEW_COLS " FROM saved_view WHERE account_id = ? "
                 "AND (? IS NULL OR page = ?) ORDER BY name, id LIMIT 100",
                 &s, err);
  *out = arena_zalloc(a, sizeof **out * 101);
  *out_n = 0;
  if (rc)
    return rc;
  store_bind_i64(s, 1, account_id);
  if (page) {
    store_bind_text(s, 2, page);
    store_bind_text(s, 3, page);
  } else {
    store_bind_null(s, 2);
    store_bind_null(s, 3);
  }
  while ((rc = store_step(s, err)) == STORE_ROW && n < 100)
    view_row(s, a, &(*out)[n++]);
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  *out_n = n;
  return LX_OK;
}

int ledger_view_get(struct store_conn *c, struct arena *a, int64_t account_id,
                    int64_t id, struct ledger_view *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT " VIEW_COLS " FROM saved_view WHERE id = ? "
                         "AND account_id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, account_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    view_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "视图不存在");
  return rc == STORE_ROW ? LX_OK : rc;
}

int ledger_view_create(struct store_conn *c, int64_t account_id,
                       const struct ledger_view *v, int64_t *out_id,
                       struct lx_err *err)
{
  struct store_stmt *s;
  int64_t n = 0;
  size_t len = v->name ? strlen(v->name) : 0;
  int rc;
  if (!ledger_view_page_valid(v->page))
    return err_set(err, LX_EINVAL, "field.invalid", "page",
                   "页面无效：目前只有 items（事项列表）可保存视图");
  if (!len || !utf8_valid(v->name, len) ||
      utf8_len(v->name) > LEDGER_VIEW_NAME_MAX)
    return err_setf(err, LX_EINVAL, "field.invalid", "name",
                    "视图名称应为1至%d个字", LEDGER_VIEW_NAME_MAX);
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)v->name[i] < 0x20)
      return err_set(err, LX_EINVAL, "field.invalid", "name",
                     "视图名称不能含换行等控制字符");
  if (v->query && strlen(v->query) > LEDGER_VIEW_QUERY_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "query",
                    "筛选条件过长（不超过 %d 字节）", LEDGER_VIEW_QUERY_MAX);
  rc =
      store_query_i64(c, "SELECT count(*) FROM saved_view WHERE account_id = ?",
                      1, account_id, &n, err);
  if (!rc && n >= LEDGER_VIEWS_MAX)
    return err_setf(err, LX_ECONFLICT, "view.too_many", "name",
                    "每人最多保存 %d 个视图，请先删除不用的视图",
                    LEDGER_VIEWS_MAX);
  if (!rc)
    rc = store_prepare(c,
                       "SELECT count(*) FROM saved_view WHERE account_id = ? "
                       "AND page = ? AND name = ?",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, account_id);
  store_bind_text(s, 2, v->page);
  store_bind_text(s, 3, v->name);
  rc = store_step(s, err);
  n = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc;
  if (n)
    return err_setf(err, LX_ECONFLICT, "view.name_taken", "name",
                    "已有名为「%s」的视图", v->name);
  rc = store_prepare(c,
                     "INSERT INTO saved_view(account_id, page, name, query, "
                     "sort, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                     "RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, account_id);
  store_bind_text(s, 2, v->page);
  store_bind_text(s, 3, v->name);
  store_bind_text(s, 4, v->query ? v->query : "");
  store_bind_text(s, 5, v->sort ? v->sort : "");
  store_bind_i64(s, 6, time_now_ms());
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    *out_id = store_col_i64(s, 0);
  store_stmt_done(s);
  return rc == STORE_ROW ? LX_OK : rc == STORE_DONE ? LX_EDB : rc;
}

int ledger_view_delete(struct store_conn *c, int64_t account_id, int64_t id,
                       struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c, "DELETE FROM saved_view WHERE id = ? AND account_id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  store_bind_i64(s, 2, account_id);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  if (store_changes(c) == 0)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "视图不存在");
  return LX_OK;
}

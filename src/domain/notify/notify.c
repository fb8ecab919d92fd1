/*
 * notify.c — the notification inbox over the store (see notify.h).
 */
#include "domain/notify/notify.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "store/store.h"

#include <string.h>

/* Binds s cut to max_chars characters (whole UTF-8 sequences). */
static void bind_cut(struct store_stmt *st, int idx, const char *s,
                     size_t max_chars)
{
  size_t i = 0, chars = 0;
  if (!s)
    s = "";
  while (s[i] && chars < max_chars) {
    unsigned char ch = (unsigned char)s[i];
    size_t n = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
    for (size_t k = 1; k < n; k++)
      if (!s[i + k])
        n = k;
    i += n;
    chars++;
  }
  store_bind_textn(st, idx, s, i);
}

int notify_add_many(struct store_conn *c, const int64_t *accounts, int n,
                    const struct notify_in *in, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t now = time_now_ms();
  int rc;
  if (!in->kind || !*in->kind || !in->title || !*in->title)
    return err_set(err, LX_EINVAL, "field.required", "title",
                   "通知缺少类型或标题");
  rc = store_prepare(c,
                     "INSERT INTO notification(account_id, kind, title, body, "
                     "link, object_type, object_id, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     &s, err);
  if (rc)
    return rc;
  for (int i = 0; i < n && !rc; i++) {
    store_bind_i64(s, 1, accounts[i]);
    store_bind_text(s, 2, in->kind);
    bind_cut(s, 3, in->title, NOTIFY_TITLE_MAX);
    bind_cut(s, 4, in->body, NOTIFY_BODY_MAX);
    bind_cut(s, 5, in->link, NOTIFY_LINK_MAX);
    store_bind_text(s, 6, in->object_type ? in->object_type : "");
    store_bind_i64(s, 7, in->object_id);
    store_bind_i64(s, 8, now);
    rc = store_run(s, err);
  }
  return rc;
}

int notify_add(struct store_conn *c, int64_t account_id,
               const struct notify_in *in, struct lx_err *err)
{
  return notify_add_many(c, &account_id, 1, in, err);
}

static const char *col_dup(struct store_stmt *s, struct arena *a, int col)
{
  const char *t = store_col_text(s, col);
  return arena_strdup(a, t ? t : "");
}

int notify_list(struct store_conn *c, struct arena *a, int64_t account_id,
                int unread_only, int64_t before_id, int limit,
                struct notify_msg **out, int *out_n, int *out_more,
                struct lx_err *err)
{
  struct store_stmt *s;
  int n = 0, rc;
  *out = arena_zalloc(a, sizeof **out * (size_t)(limit + 1));
  *out_n = 0;
  *out_more = 0;
  rc = store_prepare(c,
                     "SELECT id, account_id, kind, title, body, link, "
                     "object_type, object_id, created_at, read_at "
                     "FROM notification WHERE account_id = ? AND id < ? "
                     "AND (? = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, account_id);
  store_bind_i64(s, 2, before_id > 0 ? before_id : INT64_MAX);
  store_bind_i64(s, 3, unread_only ? 1 : 0);
  store_bind_i64(s, 4, limit + 1);
  while ((rc = store_step(s, err)) == STORE_ROW) {
    struct notify_msg *m;
    if (n == limit) {
      *out_more = 1;
      continue;
    }
    m = &(*out)[n++];
    m->id = store_col_i64(s, 0);
    m->account_id = store_col_i64(s, 1);
    m->kind = col_dup(s, a, 2);
    m->title = col_dup(s, a, 3);
    m->body = col_dup(s, a, 4);
    m->link = col_dup(s, a, 5);
    m->object_type = col_dup(s, a, 6);
    m->object_id = store_col_i64(s, 7);
    m->created_at = store_col_i64(s, 8);
    m->read_at = store_col_i64(s, 9);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  *out_n = n;
  return LX_OK;
}

int notify_unread_count(struct store_conn *c, int64_t account_id, int64_t *out,
                        struct lx_err *err)
{
  return store_query_i64(c,
                         "SELECT count(*) FROM notification WHERE "
                         "account_id = ? AND read_at IS NULL",
                         1, account_id, out, err);
}

int notify_mark_read(struct store_conn *c, int64_t account_id, int64_t id,
                     struct lx_err *err)
{
  struct store_stmt *s;
  int64_t owner = 0;
  int rc =
      store_query_i64(c, "SELECT account_id FROM notification WHERE id = ?", 1,
                      id, &owner, err);
  if (rc)
    return rc;
  if (!owner || owner != account_id)
    return err_set(err, LX_ENOTFOUND, "not_found", "id", "通知不存在");
  rc = store_prepare(c,
                     "UPDATE notification SET read_at = ? WHERE id = ? AND "
                     "account_id = ? AND read_at IS NULL",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, time_now_ms());
  store_bind_i64(s, 2, id);
  store_bind_i64(s, 3, account_id);
  return store_run(s, err);
}

int notify_mark_all_read(struct store_conn *c, int64_t account_id,
                         int64_t *out_changed, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "UPDATE notification SET read_at = ? WHERE "
                         "account_id = ? AND read_at IS NULL",
                         &s, err);
  *out_changed = 0;
  if (rc)
    return rc;
  store_bind_i64(s, 1, time_now_ms());
  store_bind_i64(s, 2, account_id);
  rc = store_run(s, err);
  if (!rc)
    *out_changed = store_changes(c);
  return rc;
}

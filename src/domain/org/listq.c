/*
 * listq.c — list queries assembled from fixed fragments (org_int.h).
 */
#include "domain/org/org_int.h"

#include "store/sql_intern.h"
#include "store/store.h"

void listq_init(struct listq *l)
{
  sb_init(&l->sb, NULL, l->buf, sizeof l->buf, sizeof l->buf - 1);
  l->n = 0;
}

void listq_add(struct listq *l, const char *sql_part)
{
  sb_puts(&l->sb, sql_part);
}

void listq_text(struct listq *l, const char *t)
{
  if (l->n <= (int)LX_COUNT(l->v))
    l->n++;
  if (l->n <= (int)LX_COUNT(l->v))
    l->v[l->n - 1] = (struct listq_val){t ? t : "", 0};
}

void listq_i64(struct listq *l, int64_t i)
{
  if (l->n <= (int)LX_COUNT(l->v))
    l->n++;
  if (l->n <= (int)LX_COUNT(l->v))
    l->v[l->n - 1] = (struct listq_val){NULL, i};
}

int listq_prepare(struct store_conn *c, struct listq *l,
                  struct store_stmt **out, struct lx_err *err)
{
  const char *sql;
  int rc;
  if (sb_err(&l->sb) || l->n > (int)LX_COUNT(l->v))
    return err_set(err, LX_EINTERNAL, "db.sql", "", "查询构造失败");
  sql = store_sql_intern(l->sb.buf);
  if (!sql)
    return err_set(err, LX_EINTERNAL, "db.sql", "", "查询构造失败");
  rc = store_prepare(c, sql, out, err);
  if (rc)
    return rc;
  for (int i = 0; i < l->n; i++) {
    if (l->v[i].text)
      store_bind_text(*out, i + 1, l->v[i].text);
    else
      store_bind_i64(*out, i + 1, l->v[i].i);
  }
  return LX_OK;
}

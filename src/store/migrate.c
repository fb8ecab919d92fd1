/*
 * migrate.c — applies the embedded migrations.  A file may hold
 * "-- dialect: sqlite" / "-- dialect: pg" / "-- dialect: all" markers; the
 * lines of another engine's block are skipped.
 */
#include "store/migrate.h"

#include "base/arena.h"
#include "base/asset.h"
#include "base/digest.h"
#include "base/sb.h"
#include "base/timeutil.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static const char create_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migration ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL, sha256 TEXT NOT NULL)";

static int version_of(const struct asset *a)
{
  return atoi(a->path);
}

int migrate_binary_version(void)
{
  int v = 0;
  for (size_t i = 0; i < sql_assets_count; i++)
    if (version_of(&sql_assets[i]) > v)
      v = version_of(&sql_assets[i]);
  return v;
}

/* Keeps only the lines for this engine.  Returns: heap, caller frees. */
static char *filter_dialect(const char *sql)
{
  struct sb sb;
  int keep = 1;
  const char *p = sql;
  sb_init(&sb, NULL, NULL, 0, 64 * 1024 * 1024);
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
    if (strncmp(p, "-- dialect:", 11) == 0) {
      const char *d = p + 11;
      while (*d == ' ')
        d++;
      keep = strncmp(d, "sqlite", 6) == 0 || strncmp(d, "all", 3) == 0;
    } else if (keep) {
      sb_append(&sb, p, n);
    }
    p += n;
  }
  return sb_take(&sb, NULL);
}

int migrate_db_version(struct store *st, int *out, struct lx_err *err)
{
  struct store_conn *c = NULL;
  int64_t n = 0, v = 0;
  int rc = store_read_acquire(st, &c, err);
  if (rc)
    return rc;
  rc = store_query_i64(c,
                       "SELECT count(*) FROM sqlite_master WHERE "
                       "type='table' AND name='schema_migration'",
                       0, 0, &n, err);
  if (!rc && n > 0)
    rc = store_query_i64(c, "SELECT coalesce(max(version),0) FROM "
                            "schema_migration",
                         0, 0, &v, err);
  store_read_release(st, c);
  *out = (int)v;
  return rc;
}

struct apply_ctx {
  int applied;
};

static int apply_job(struct store_conn *c, void *vctx, struct lx_err *err)
{
  struct apply_ctx *ctx = vctx;
  int rc = store_exec(c, create_sql, err);
  int64_t cur = 0;
  if (rc)
    return rc;
  rc = store_query_i64(c, "SELECT coalesce(max(version),0) FROM "
                          "schema_migration",
                       0, 0, &cur, err);
  if (rc)
    return rc;
  if (cur > migrate_binary_version())
    return err_setf(err, LX_ECONFLICT, "db.too_new", "db",
                    "数据库版本 %lld 比本程序支持的版本 %d 新，请使用更新的 "
                    "luoshi",
                    (long long)cur, migrate_binary_version());
  for (size_t i = 0; i < sql_assets_count; i++) {
    const struct asset *a = &sql_assets[i];
    char hex[65];
    char *sql;
    struct store_stmt *s;
    int v = version_of(a);
    digest_sha256_hex(a->data, a->len, hex);
    if (v <= cur) {
      /* already applied: the recorded text must be the same */
      rc = store_prepare(c, "SELECT sha256 FROM schema_migration WHERE "
                            "version = ?",
                         &s, err);
      if (rc)
        return rc;
      store_bind_i64(s, 1, v);
      rc = store_step(s, err);
      if (rc == STORE_ROW && strcmp(store_col_text(s, 0), hex) != 0) {
        store_stmt_done(s);
        return err_setf(err, LX_ECONFLICT, "db.migration_changed", "db",
                        "迁移 %s 与数据库中记录的内容不一致", a->path);
      }
      store_stmt_done(s);
      if (rc != STORE_ROW && rc != STORE_DONE)
        return rc;
      continue;
    }
    sql = filter_dialect((const char *)a->data);
    if (!sql)
      return err_set(err, LX_ETOOBIG, "db.migration_size", "", "迁移文件过大");
    rc = store_exec(c, sql, err);
    lx_free(sql);
    if (rc)
      return rc;
    rc = store_prepare(c,
                       "INSERT INTO schema_migration(version, name, "
                       "applied_at, sha256) VALUES (?, ?, ?, ?)",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, v);
    store_bind_text(s, 2, a->path);
    store_bind_i64(s, 3, time_now_ms());
    store_bind_text(s, 4, hex);
    rc = store_step(s, err);
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
    ctx->applied++;
  }
  return LX_OK;
}

int migrate_apply(struct store *st, int *out_applied, struct lx_err *err)
{
  struct apply_ctx ctx = {0};
  int rc = store_write(st, apply_job, &ctx, err);
  if (out_applied)
    *out_applied = rc ? 0 : ctx.applied;
  return rc;
}

int migrate_check(struct store *st, struct lx_err *err)
{
  int v = 0, bin = migrate_binary_version();
  int rc = migrate_db_version(st, &v, err);
  if (rc)
    return rc;
  if (v > bin)
    return err_setf(err, LX_ECONFLICT, "db.too_new", "db",
                    "数据库版本 %d 比本程序支持的版本 %d 新，拒绝打开；请使用更新的 "
                    "luoshi",
                    v, bin);
  if (v < bin)
    return err_setf(err, LX_ECONFLICT, "db.too_old", "db",
                    "数据库版本 %d 低于程序版本 %d，请先运行 luoshi migrate", v,
                    bin);
  return LX_OK;
}

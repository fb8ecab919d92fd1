/*
 * drv_sqlite.c — the SQLite driver behind store.h: connection setup,
 * the per-connection statement cache, bind/step/column, the read pool,
 * online backup and the process lock.
 *
 * Connection rules (SECURITY.md §0.1, Debian's SQLite 3.40.1 WAL-reset
 * bug): only the writer connection writes or checkpoints.  Readers are
 * query_only, have wal_autocheckpoint=0 and NO_CKPT_ON_CLOSE; mmap stays
 * off everywhere.
 */
#include "store/store_int.h"

#include "base/log.h"
#include "store/fts_tokenizer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int store_sqlite_err(sqlite3 *db, int src, struct lx_err *err)
{
  int prim = src & 0xff;
  const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(src);
  if (prim == SQLITE_CONSTRAINT) {
    if (src == SQLITE_CONSTRAINT_FOREIGNKEY)
      return err_set(err, LX_ECONFLICT, "db.reference", "",
                     "该记录被其他数据引用或引用的数据不存在");
    if (src == SQLITE_CONSTRAINT_UNIQUE || src == SQLITE_CONSTRAINT_PRIMARYKEY)
      return err_set(err, LX_ECONFLICT, "db.duplicate", "",
                     "记录已存在（唯一性冲突）");
    return err_set(err, LX_ECONFLICT, "db.constraint", "",
                   "数据不满足约束条件");
  }
  if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
    return err_set(err, LX_EBUSY, "db.busy", "", "数据库繁忙，请稍后重试");
  if (prim == SQLITE_FULL)
    return err_set(err, LX_EBUSY, "db.full", "", "磁盘空间不足，写入失败");
  log_error("sqlite error %d: %s", src, msg);
  return err_set(err, LX_EDB, "db.error", "", "数据库错误");
}

static int pragma(sqlite3 *db, const char *sql, struct lx_err *err)
{
  int src = sqlite3_exec(db, sql, NULL, NULL, NULL);
  if (src != SQLITE_OK)
    return store_sqlite_err(db, src, err);
  return LX_OK;
}

int store_conn_open(struct store *st, int is_writer, struct store_conn **out,
                    struct lx_err *err)
{
  struct store_conn *c = lx_calloc(1, sizeof *c);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  int src, rc;
  if (is_writer)
    flags |= SQLITE_OPEN_CREATE;
  c->is_writer = is_writer;
  src = sqlite3_open_v2(st->path, &c->db, flags, NULL);
  if (src != SQLITE_OK) {
    rc = err_setf(err, LX_EDB, "db.open", "db", "无法打开数据库 %s：%s",
                  st->path, c->db ? sqlite3_errmsg(c->db) : "?");
    goto fail;
  }
  sqlite3_extended_result_codes(c->db, 1);
  sqlite3_busy_timeout(c->db, st->busy_timeout_ms);
  /* study search: the Chinese tokenizer must exist on every connection
   * (migrations create the FTS table on the writer; readers query it) */
  src = fts_tokenizer_register(c->db);
  if (src != SQLITE_OK) {
    rc = err_set(err, LX_EDB, "db.fts", "db", "无法注册全文检索分词器");
    goto fail;
  }
  if (is_writer) {
    rc = pragma(c->db,
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
                "PRAGMA mmap_size=0; PRAGMA journal_size_limit=67108864;"
                "PRAGMA wal_autocheckpoint=1000; PRAGMA temp_store=MEMORY;"
                "PRAGMA cache_size=-16384;",
                err);
  } else {
    int unused = 0;
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, &unused);
    rc = pragma(c->db,
                "PRAGMA foreign_keys=ON; PRAGMA mmap_size=0;"
                "PRAGMA wal_autocheckpoint=0; PRAGMA query_only=1;"
                /* 8 MiB a reader (default 2): a list page that scans a
                 * unit's items (a few hundred rows over as many pages)
                 * must not thrash; pages are only cached once read */
                "PRAGMA cache_size=-8192;",
                err);
  }
  if (rc)
    goto fail;
  *out = c;
  return LX_OK;
fail:
  store_conn_close(c);
  return rc;
}

void store_conn_close(struct store_conn *c)
{
  if (!c)
    return;
  for (int i = 0; i < STMT_CACHE; i++)
    if (c->cache[i].st)
      sqlite3_finalize(c->cache[i].st);
  if (c->db)
    sqlite3_close(c->db);
  lx_free(c);
}

/* Process-wide SQLite settings, before the library initialises: no
 * memory statistics (they take a global mutex on every allocation, which
 * serialised concurrent full-text queries).  Runs once. */
static void sqlite_global_init(void)
{
  if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
    log_warn("sqlite: memory statistics stay on (already initialised)");
}

int store_open(const struct store_opts *o, struct store **out,
               struct lx_err *err)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  struct store *st;
  int rc;
  pthread_once(&once, sqlite_global_init);
  st = lx_calloc(1, sizeof *st);
  st->path = lx_strdup(o->path);
  st->busy_timeout_ms = o->busy_timeout_ms > 0 ? o->busy_timeout_ms : 5000;
  st->batch_max = o->batch_max > 0 ? o->batch_max : 512;
  pthread_mutex_init(&st->pool_mu, NULL);
  pthread_mutex_init(&st->q_mu, NULL);
  pthread_cond_init(&st->q_cv, NULL);
  if (!o->no_writer) {
    rc = store_conn_open(st, 1, &st->writer, err);
    if (rc)
      goto fail;
    rc = store_writer_start(st, err);
    if (rc)
      goto fail;
  }
  *out = st;
  return LX_OK;
fail:
  store_close(st);
  return rc;
}

void store_close(struct store *st)
{
  if (!st)
    return;
  if (st->has_writer)
    store_writer_stop(st);
  for (int i = 0; i < st->n_readers; i++)
    store_conn_close(st->all_readers[i]);
  lx_free(st->all_readers);
  if (st->writer) {
    /* the writer is the only connection allowed to checkpoint */
    if (sqlite3_wal_checkpoint_v2(st->writer->db, NULL,
                                  SQLITE_CHECKPOINT_TRUNCATE, NULL,
                                  NULL) != SQLITE_OK)
      log_warn("final checkpoint incomplete: %s",
               sqlite3_errmsg(st->writer->db));
    store_conn_close(st->writer);
  }
  pthread_mutex_destroy(&st->pool_mu);
  pthread_mutex_destroy(&st->q_mu);
  pthread_cond_destroy(&st->q_cv);
  lx_free(st->path);
  lx_free(st);
}

int store_read_acquire(struct store *st, struct store_conn **out,
                       struct lx_err *err)
{
  struct store_conn *c;
  int rc;
  pthread_mutex_lock(&st->pool_mu);
  c = st->free_readers;
  if (c)
    st->free_readers = c->next_free;
  pthread_mutex_unlock(&st->pool_mu);
  if (c) {
    *out = c;
    return LX_OK;
  }
  rc = store_conn_open(st, 0, &c, err);
  if (rc)
    return rc;
  pthread_mutex_lock(&st->pool_mu);
  if (st->n_readers == st->cap_readers) {
    st->cap_readers = st->cap_readers ? st->cap_readers * 2 : 8;
    st->all_readers = lx_realloc(st->all_readers, sizeof(struct store_conn *) *
                                                      (size_t)st->cap_readers);
  }
  st->all_readers[st->n_readers++] = c;
  pthread_mutex_unlock(&st->pool_mu);
  *out = c;
  return LX_OK;
}

void store_read_release(struct store *st, struct store_conn *c)
{
  if (!c)
    return;
  if (!sqlite3_get_autocommit(c->db))
    store_read_end(c);
  pthread_mutex_lock(&st->pool_mu);
  c->next_free = st->free_readers;
  st->free_readers = c;
  pthread_mutex_unlock(&st->pool_mu);
}

int store_read_begin(struct store_conn *c, struct lx_err *err)
{
  return pragma(c->db, "BEGIN", err);
}

void store_read_end(struct store_conn *c)
{
  if (sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK &&
      sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
    log_warn("read transaction end failed: %s", sqlite3_errmsg(c->db));
}

static size_t slot_of(const char *sql)
{
  uintptr_t p = (uintptr_t)sql;
  return (size_t)((p >> 3) ^ (p >> 11)) % STMT_CACHE;
}

int store_prepare(struct store_conn *c, const char *sql,
                  struct store_stmt **out, struct lx_err *err)
{
  size_t i = slot_of(sql), k;
  int src;
  for (k = 0; k < STMT_CACHE; k++) {
    struct store_stmt *s = &c->cache[(i + k) % STMT_CACHE];
    if (s->sql == sql) {
      sqlite3_reset(s->st);
      sqlite3_clear_bindings(s->st);
      *out = s;
      return LX_OK;
    }
    if (!s->sql)
      break;
  }
  {
    struct store_stmt tmp = {0};
    struct store_stmt *slot;
    src = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &tmp.st,
                             NULL);
    if (src != SQLITE_OK) {
      log_error("prepare failed: %s in: %.200s", sqlite3_errmsg(c->db), sql);
      return err_set(err, LX_EDB, "db.prepare", "", "数据库错误");
    }
    if (k == STMT_CACHE || c->n_cached >= STMT_CACHE * 3 / 4) {
      /* cache full: evict the slot we hashed to */
      slot = &c->cache[i];
      if (slot->st)
        sqlite3_finalize(slot->st);
      else
        c->n_cached++;
    } else {
      slot = &c->cache[(i + k) % STMT_CACHE];
      c->n_cached++;
    }
    slot->st = tmp.st;
    slot->sql = sql;
    slot->conn = c;
    *out = slot;
  }
  return LX_OK;
}

void store_stmt_done(struct store_stmt *s)
{
  if (s)
    sqlite3_reset(s->st);
}

void store_bind_i64(struct store_stmt *s, int idx, int64_t v)
{
  sqlite3_bind_int64(s->st, idx, v);
}

void store_bind_double(struct store_stmt *s, int idx, double v)
{
  sqlite3_bind_double(s->st, idx, v);
}

void store_bind_text(struct store_stmt *s, int idx, const char *v)
{
  if (v)
    sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(s->st, idx);
}

void store_bind_textn(struct store_stmt *s, int idx, const char *v, size_t n)
{
  sqlite3_bind_text64(s->st, idx, v, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void store_bind_blob(struct store_stmt *s, int idx, const void *v, size_t n)
{
  sqlite3_bind_blob64(s->st, idx, v, n, SQLITE_TRANSIENT);
}

void store_bind_null(struct store_stmt *s, int idx)
{
  sqlite3_bind_null(s->st, idx);
}

int store_step(struct store_stmt *s, struct lx_err *err)
{
  int src = sqlite3_step(s->st);
  if (src == SQLITE_ROW)
    return STORE_ROW;
  if (src == SQLITE_DONE)
    return STORE_DONE;
  {
    int rc = store_sqlite_err(s->conn->db,
                              sqlite3_extended_errcode(s->conn->db), err);
    sqlite3_reset(s->st);
    return rc;
  }
}

int store_col_is_null(struct store_stmt *s, int col)
{
  return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

int64_t store_col_i64(struct store_stmt *s, int col)
{
  return sqlite3_column_int64(s->st, col);
}

double store_col_double(struct store_stmt *s, int col)
{
  return sqlite3_column_double(s->st, col);
}

const char *store_col_text(struct store_stmt *s, int col)
{
  return (const char *)sqlite3_column_text(s->st, col);
}

const void *store_col_blob(struct store_stmt *s, int col, size_t *out_len)
{
  const void *p = sqlite3_column_blob(s->st, col);
  *out_len = (size_t)sqlite3_column_bytes(s->st, col);
  return p;
}

int store_exec(struct store_conn *c, const char *sql, struct lx_err *err)
{
  char *msg = NULL;
  int src = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
  if (src != SQLITE_OK) {
    log_error("exec failed: %s", msg ? msg : "?");
    sqlite3_free(msg);
    return store_sqlite_err(c->db, src, err);
  }
  return LX_OK;
}

int store_run(struct store_stmt *s, struct lx_err *err)
{
  int rc = store_step(s, err);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

int64_t store_changes(struct store_conn *c)
{
  return sqlite3_changes64(c->db);
}

int store_query_i64(struct store_conn *c, const char *sql, int has_arg,
                    int64_t arg, int64_t *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql, &s, err);
  if (rc)
    return rc;
  if (has_arg)
    store_bind_i64(s, 1, arg);
  rc = store_step(s, err);
  *out = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

void store_get_stats(struct store *st, struct store_stats *out)
{
  pthread_mutex_lock(&st->q_mu);
  *out = st->stats;
  pthread_mutex_unlock(&st->q_mu);
}

const char *store_engine_version(void)
{
  static char buf[48];
  if (!buf[0])
    snprintf(buf, sizeof buf, "SQLite %s", sqlite3_libversion());
  return buf;
}

int store_lock_acquire(const char *db_path, int *out_fd, struct lx_err *err)
{
  char path[1100];
  int fd;
  snprintf(path, sizeof path, "%s.lock", db_path);
  fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return err_setf(err, LX_EIO, "db.lock_open", "db", "无法创建锁文件 %s：%s",
                    path, strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return err_setf(err, LX_EBUSY, "db.locked", "db",
                    "数据库 %s 正被运行中的 luoshi serve 使用（锁文件 %s）。"
                    "为避免 SQLite 3.40 的 WAL 重置缺陷造成数据丢失，服务运行时"
                    "命令行不能写入数据库；请先停止服务，或通过 API 操作",
                    db_path, path);
  }
  *out_fd = fd;
  return LX_OK;
}

void store_lock_release(int fd)
{
  if (fd >= 0) {
    if (flock(fd, LOCK_UN) != 0) {
      /* closing releases it anyway */
    }
    close(fd);
  }
}

/*
 * test_writer.c — the store: group commit from many threads, a failing
 * job rolled back alone, durability across reopen, read connections that
 * cannot write, migrations (and refusing a newer database), the process
 * lock and the online backup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/migrate.h"
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64], db[128];

static int setup(void **state)
{
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/luoshi-store-XXXXXX");
  if (!mkdtemp(dir))
    return -1;
  snprintf(db, sizeof db, "%s/s.db", dir);
  return 0;
}

static int teardown(void **state)
{
  char cmd[128];
  (void)state;
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static struct store *open_store(void)
{
  struct store_opts o = {db, 5000, 512, 0};
  struct store *st = NULL;
  struct lx_err e;
  assert_int_equal(store_open(&o, &st, &e), LX_OK);
  return st;
}

static int create_table(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return store_exec(c,
                    "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, "
                    "v TEXT NOT NULL UNIQUE)",
                    err);
}

struct ins {
  const char *v;
  int fail_after; /* return an error after inserting */
};

static int insert_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct ins *in = ctx;
  struct store_stmt *s;
  int rc = store_prepare(c, "INSERT INTO t(v) VALUES (?)", &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, in->v);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  if (in->fail_after)
    return err_set(err, LX_EINVAL, "test.fail", "", "故意失败");
  return LX_OK;
}

static int64_t count_rows(struct store *st, const char *sql)
{
  struct store_conn *c;
  struct lx_err e;
  int64_t n = -1;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(store_query_i64(c, sql, 0, 0, &n, &e), LX_OK);
  store_read_release(st, c);
  return n;
}

struct worker {
  struct store *st;
  int id, n, errors;
};

static void *worker_main(void *arg)
{
  struct worker *w = arg;
  for (int i = 0; i < w->n; i++) {
    char v[32];
    struct ins in = {v, 0};
    struct lx_err e;
    snprintf(v, sizeof v, "w%d-%d", w->id, i);
    if (store_write(w->st, insert_job, &in, &e) != LX_OK)
      w->errors++;
  }
  return NULL;
}

static void group_commit_many_threads(void **state)
{
  struct store *st = open_store();
  struct lx_err e;
  struct worker w[32];
  pthread_t th[32];
  struct store_stats ss;
  (void)state;
  assert_int_equal(store_write(st, create_table, NULL, &e), LX_OK);
  for (int i = 0; i < 32; i++) {
    w[i] = (struct worker){st, i, 100, 0};
    pthread_create(&th[i], NULL, worker_main, &w[i]);
  }
  for (int i = 0; i < 32; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(w[i].errors, 0);
  }
  assert_int_equal(count_rows(st, "SELECT count(*) FROM t"), 3200);
  store_get_stats(st, &ss);
  assert_int_equal(ss.jobs, 3201);
  /* concurrent jobs shared transactions */
  assert_true(ss.commits < ss.jobs);
  store_close(st);
  /* durable: all there after reopening */
  st = open_store();
  assert_int_equal(count_rows(st, "SELECT count(*) FROM t"), 3200);
  store_close(st);
}

struct mixed {
  struct store *st;
  struct ins in;
  int rc;
};

static void *mixed_main(void *arg)
{
  struct mixed *m = arg;
  struct lx_err e;
  m->rc = store_write(m->st, insert_job, &m->in, &e);
  return NULL;
}

static void failing_job_rolls_back_alone(void **state)
{
  struct store *st = open_store();
  struct mixed m[40];
  pthread_t th[40];
  char vals[40][16];
  int64_t before = count_rows(st, "SELECT count(*) FROM t");
  (void)state;
  for (int i = 0; i < 40; i++) {
    snprintf(vals[i], sizeof vals[i], "mix-%d", i);
    m[i].st = st;
    m[i].in.v = vals[i];
    m[i].in.fail_after = i % 3 == 0;    /* inserted, then fails */
    if (i % 5 == 4)
      m[i].in.v = "w0-0";               /* duplicate: constraint error */
    pthread_create(&th[i], NULL, mixed_main, &m[i]);
  }
  for (int i = 0; i < 40; i++)
    pthread_join(th[i], NULL);
  {
    int64_t ok = 0;
    for (int i = 0; i < 40; i++) {
      if (i % 5 == 4)
        assert_int_equal(m[i].rc, LX_ECONFLICT);
      else if (i % 3 == 0)
        assert_int_equal(m[i].rc, LX_EINVAL);
      else {
        assert_int_equal(m[i].rc, LX_OK);
        ok++;
      }
    }
    assert_int_equal(count_rows(st, "SELECT count(*) FROM t"), before + ok);
    assert_int_equal(count_rows(st, "SELECT count(*) FROM t WHERE v LIKE "
                                    "'mix-%' AND CAST(substr(v,5) AS "
                                    "INTEGER) % 3 = 0"),
                     0);
  }
  store_close(st);
}

static void readers_cannot_write(void **state)
{
  struct store *st = open_store();
  struct store_conn *c;
  struct store_stmt *s;
  struct lx_err e;
  (void)state;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(store_prepare(c, "INSERT INTO t(v) VALUES ('r')", &s, &e),
                   LX_OK);
  assert_int_not_equal(store_step(s, &e), STORE_DONE);
  store_read_release(st, c);
  store_close(st);
}

static int bump_version(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return store_exec(c,
                    "INSERT INTO schema_migration VALUES (999, 'future', 0, "
                    "'x')",
                    err);
}

static void migrations(void **state)
{
  struct store *st = open_store();
  struct lx_err e;
  int v = -1, n = -1;
  (void)state;
  assert_int_equal(migrate_db_version(st, &v, &e), LX_OK);
  assert_int_equal(v, 0);
  assert_int_equal(migrate_apply(st, &n, &e), LX_OK);
  assert_int_equal(n, migrate_binary_version());
  assert_int_equal(migrate_check(st, &e), LX_OK);
  assert_int_equal(migrate_apply(st, &n, &e), LX_OK);
  assert_int_equal(n, 0); /* idempotent */
  assert_int_equal(store_write(st, bump_version, NULL, &e), LX_OK);
  assert_int_equal(migrate_check(st, &e), LX_ECONFLICT);
  assert_string_equal(e.code, "db.too_new");
  assert_int_equal(migrate_apply(st, &n, &e), LX_ECONFLICT);
  store_close(st);
}

static void lock_and_backup(void **state)
{
  int fd1 = -1, fd2 = -1;
  struct lx_err e;
  char out[160];
  struct store *st;
  (void)state;
  assert_int_equal(store_lock_acquire(db, &fd1, &e), LX_OK);
  assert_int_equal(store_lock_acquire(db, &fd2, &e), LX_EBUSY);
  assert_string_equal(e.code, "db.locked");
  store_lock_release(fd1);
  assert_int_equal(store_lock_acquire(db, &fd2, &e), LX_OK);
  store_lock_release(fd2);
  snprintf(out, sizeof out, "%s/backup.db", dir);
  assert_int_equal(store_backup(db, out, &e), LX_OK);
  {
    struct store_opts o = {out, 1000, 1, 1};
    int64_t n = 0;
    struct store_conn *c;
    assert_int_equal(store_open(&o, &st, &e), LX_OK);
    assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
    assert_int_equal(store_query_i64(c, "SELECT count(*) FROM t", 0, 0, &n,
                                     &e),
                     LX_OK);
    assert_true(n >= 3200);
    store_read_release(st, c);
    store_close(st);
  }
  snprintf(out, sizeof out, "%s/nothere.db", dir);
  assert_int_not_equal(store_backup(out, "/tmp/x.db", &e), LX_OK);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(group_commit_many_threads),
      cmocka_unit_test(failing_job_rolls_back_alone),
      cmocka_unit_test(readers_cannot_write),
      cmocka_unit_test(migrations),
      cmocka_unit_test(lock_and_backup),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

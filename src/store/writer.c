/*
 * writer.c — the single writer thread and its group commit.
 *
 * Callers queue a job (on their own stack) and sleep.  The writer takes
 * every queued job up to batch_max, opens one IMMEDIATE transaction, runs
 * each job in its own savepoint (a failing job is rolled back to its
 * savepoint and keeps its own error), commits once — WAL with
 * synchronous=FULL, so the commit is durable when COMMIT returns — and then
 * wakes all the callers of that batch.  While it commits, new jobs queue
 * up and form the next batch: the busier the server, the larger the batch.
 */
#include "store/store_int.h"

#include "base/log.h"

#include <string.h>

static int run_sql(sqlite3 *db, const char *sql)
{
  return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static void hist_add(struct store_stats *s, int n)
{
  int b = 0;
  while (b < 7 && n >= (2 << b))
    b++;
  s->batch_hist[b]++;
}

/* Runs a prepared transaction-control statement. */
static int run_stmt(sqlite3_stmt *st)
{
  int src = sqlite3_step(st);
  sqlite3_reset(st);
  return src == SQLITE_DONE ? SQLITE_OK : src;
}

/* Runs one batch: jobs is a NULL-terminated list. */
static void run_batch(struct store *st, struct store_job *jobs, int n_jobs)
{
  sqlite3 *db = st->writer->db;
  struct store_job *j, *next;
  int src, n_failed = 0;

  src = run_sql(db, "BEGIN IMMEDIATE");
  if (src != SQLITE_OK) {
    struct lx_err e;
    int rc = store_sqlite_err(db, sqlite3_extended_errcode(db), &e);
    for (j = jobs; j; j = j->next) {
      j->rc = rc;
      if (j->err)
        *j->err = e;
    }
    n_failed = n_jobs;
    goto report;
  }
  for (j = jobs; j; j = j->next) {
    struct lx_err local;
    struct lx_err *e = j->err ? j->err : &local;
    err_clear(e);
    if (run_stmt(st->sp_begin) != SQLITE_OK) {
      j->rc = store_sqlite_err(db, sqlite3_extended_errcode(db), e);
      n_failed++;
      continue;
    }
    j->rc = j->fn(st->writer, j->ctx, e);
    if (j->rc != LX_OK) {
      n_failed++;
      if (run_stmt(st->sp_rollback) != SQLITE_OK)
        log_error("rollback to savepoint failed: %s", sqlite3_errmsg(db));
    }
    if (run_stmt(st->sp_release) != SQLITE_OK)
      log_error("release savepoint failed: %s", sqlite3_errmsg(db));
  }
  src = run_sql(db, "COMMIT");
  if (src != SQLITE_OK) {
    struct lx_err e;
    int rc = store_sqlite_err(db, sqlite3_extended_errcode(db), &e);
    if (run_sql(db, "ROLLBACK") != SQLITE_OK)
      log_error("rollback after failed commit: %s", sqlite3_errmsg(db));
    for (j = jobs; j; j = j->next)
      if (j->rc == LX_OK) {
        j->rc = rc;
        if (j->err)
          *j->err = e;
        n_failed++;
      }
  }
report:
  pthread_mutex_lock(&st->q_mu);
  if (src == SQLITE_OK)
    st->stats.commits++;
  st->stats.jobs += (uint64_t)n_jobs;
  st->stats.jobs_failed += (uint64_t)n_failed;
  hist_add(&st->stats, n_jobs);
  pthread_mutex_unlock(&st->q_mu);
  /* wake each caller of the batch; a job lives on its caller's stack, so
   * read next before posting */
  for (j = jobs; j; j = next) {
    next = j->next;
    sem_post(&j->done);
  }
}

static void *writer_main(void *arg)
{
  struct store *st = arg;
  for (;;) {
    struct store_job *batch, *last;
    int n = 0;
    pthread_mutex_lock(&st->q_mu);
    while (!st->q_head && !st->stopping)
      pthread_cond_wait(&st->q_cv, &st->q_mu);
    if (!st->q_head && st->stopping) {
      pthread_mutex_unlock(&st->q_mu);
      break;
    }
    batch = last = st->q_head;
    n = 1;
    while (last->next && n < st->batch_max) {
      last = last->next;
      n++;
    }
    st->q_head = last->next;
    if (!st->q_head)
      st->q_tail = NULL;
    last->next = NULL;
    pthread_mutex_unlock(&st->q_mu);
    run_batch(st, batch, n);
  }
  return NULL;
}

int store_writer_start(struct store *st, struct lx_err *err)
{
  sqlite3 *db = st->writer->db;
  if (sqlite3_prepare_v3(db, "SAVEPOINT job", -1, SQLITE_PREPARE_PERSISTENT,
                         &st->sp_begin, NULL) != SQLITE_OK ||
      sqlite3_prepare_v3(db, "RELEASE job", -1, SQLITE_PREPARE_PERSISTENT,
                         &st->sp_release, NULL) != SQLITE_OK ||
      sqlite3_prepare_v3(db, "ROLLBACK TO job", -1,
                         SQLITE_PREPARE_PERSISTENT, &st->sp_rollback,
                         NULL) != SQLITE_OK)
    return err_set(err, LX_EDB, "db.writer", "", "无法准备写事务语句");
  if (pthread_create(&st->writer_thread, NULL, writer_main, st) != 0)
    return err_set(err, LX_EINTERNAL, "db.writer", "", "无法启动写线程");
  st->has_writer = 1;
  return LX_OK;
}

void store_writer_stop(struct store *st)
{
  pthread_mutex_lock(&st->q_mu);
  st->stopping = 1;
  pthread_cond_signal(&st->q_cv);
  pthread_mutex_unlock(&st->q_mu);
  pthread_join(st->writer_thread, NULL);
  st->has_writer = 0;
  sqlite3_finalize(st->sp_begin);
  sqlite3_finalize(st->sp_release);
  sqlite3_finalize(st->sp_rollback);
  st->sp_begin = st->sp_release = st->sp_rollback = NULL;
}

int store_in_writer(struct store *st)
{
  return st->has_writer && pthread_equal(pthread_self(), st->writer_thread);
}

int store_write(struct store *st, store_job_fn fn, void *ctx,
                struct lx_err *err)
{
  struct store_job job;
  if (!st->has_writer)
    return err_set(err, LX_EINTERNAL, "db.readonly", "",
                   "数据库以只读方式打开");
  if (store_in_writer(st)) {
    /* a job that needs another write runs it inline in its savepoint */
    return fn(st->writer, ctx, err);
  }
  memset(&job, 0, sizeof job);
  job.fn = fn;
  job.ctx = ctx;
  job.err = err;
  sem_init(&job.done, 0, 0);
  pthread_mutex_lock(&st->q_mu);
  if (st->stopping) {
    pthread_mutex_unlock(&st->q_mu);
    sem_destroy(&job.done);
    return err_set(err, LX_EBUSY, "server.stopping", "",
                   "服务正在停止，请稍后重试");
  }
  if (st->q_tail)
    st->q_tail->next = &job;
  else
    st->q_head = &job;
  st->q_tail = &job;
  pthread_cond_signal(&st->q_cv);
  pthread_mutex_unlock(&st->q_mu);
  while (sem_wait(&job.done) != 0)
    ; /* EINTR */
  sem_destroy(&job.done);
  return job.rc;
}

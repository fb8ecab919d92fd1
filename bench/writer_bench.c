/*
 * writer_bench.c — durable single-row writes through the store's writer
 * queue (group commit) against the same writer with one transaction per
 * write (batch_max = 1), both driven by the same number of client
 * threads, WAL + synchronous=FULL, in one run.
 *
 *   writer_bench DIR [SECONDS] [CLIENTS]
 */
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static _Atomic int stop;
static _Atomic long done_writes;

static int create(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return store_exec(c,
                    "CREATE TABLE IF NOT EXISTS w(id INTEGER PRIMARY KEY, "
                    "client INTEGER NOT NULL, seq INTEGER NOT NULL, "
                    "payload TEXT NOT NULL)",
                    err);
}

struct job {
  int client;
  long seq;
};

static int insert(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct job *j = ctx;
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "INSERT INTO w(client, seq, payload) VALUES (?, ?, "
                         "'学习记录 payload of a typical small row')",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, j->client);
  store_bind_i64(s, 2, j->seq);
  rc = store_step(s, err);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

struct client {
  struct store *st;
  int id;
};

static void *client_main(void *arg)
{
  struct client *cl = arg;
  struct job j = {cl->id, 0};
  while (!atomic_load(&stop)) {
    struct lx_err e;
    if (store_write(cl->st, insert, &j, &e) != LX_OK) {
      fprintf(stderr, "write failed: %s\n", e.message);
      exit(1);
    }
    j.seq++;
    atomic_fetch_add(&done_writes, 1);
  }
  return NULL;
}

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double run(const char *dir, const char *name, int batch_max,
                  double seconds, int n_clients, double *out_avg_batch)
{
  char db[512];
  struct store_opts o = {0};
  struct store *st;
  struct lx_err e;
  struct client *cl = calloc((size_t)n_clients, sizeof *cl);
  pthread_t *th = calloc((size_t)n_clients, sizeof *th);
  struct store_stats ss;
  double t0, t1;
  long n;
  snprintf(db, sizeof db, "%s/%s.db", dir, name);
  unlink(db);
  o.path = db;
  o.busy_timeout_ms = 5000;
  o.batch_max = batch_max;
  if (store_open(&o, &st, &e) != LX_OK || store_write(st, create, NULL, &e)) {
    fprintf(stderr, "open: %s\n", e.message);
    exit(1);
  }
  atomic_store(&stop, 0);
  atomic_store(&done_writes, 0);
  t0 = now_s();
  for (int i = 0; i < n_clients; i++) {
    cl[i] = (struct client){st, i};
    pthread_create(&th[i], NULL, client_main, &cl[i]);
  }
  usleep((useconds_t)(seconds * 1e6));
  atomic_store(&stop, 1);
  for (int i = 0; i < n_clients; i++)
    pthread_join(th[i], NULL);
  t1 = now_s();
  n = atomic_load(&done_writes);
  store_get_stats(st, &ss);
  *out_avg_batch = ss.commits ? (double)ss.jobs / (double)ss.commits : 0;
  store_close(st);
  free(cl);
  free(th);
  return (double)n / (t1 - t0);
}

int main(int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1] : "/tmp";
  double secs = argc > 2 ? atof(argv[2]) : 5;
  int clients = argc > 3 ? atoi(argv[3]) : 64;
  double b1, b2;
  double base = run(dir, "one_txn_per_write", 1, secs, clients, &b1);
  double group = run(dir, "group_commit", 100000, secs, clients, &b2);
  printf("writer: %d clients, %.0f s each, WAL + synchronous=FULL\n", clients,
         secs);
  printf("  one transaction per write : %9.0f writes/s (avg batch %.1f)\n",
         base, b1);
  printf("  group commit (writer)     : %9.0f writes/s (avg batch %.1f)\n",
         group, b2);
  printf("  ratio                     : %9.1fx\n", group / base);
  return 0;
}

/*
 * store_int.h — shared by the store's own files only: the connection,
 * statement and store structs of the SQLite driver.
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include "store/store.h"

#include <pthread.h>
#include <semaphore.h>
#include <sqlite3.h>

#define STMT_CACHE 512

struct store_stmt {
  sqlite3_stmt *st;
  struct store_conn *conn;
  const char *sql;
};

struct store_conn {
  sqlite3 *db;
  int is_writer;
  struct store_stmt cache[STMT_CACHE];
  int n_cached;
  struct store_conn *next_free;
};

struct store_job {
  store_job_fn fn;
  void *ctx;
  struct lx_err *err;
  int rc;
  sem_t done;  /* posted by the writer once the batch is durable */
  struct store_job *next;
};

struct store {
  char *path;
  int busy_timeout_ms;
  int batch_max;
  /* read pool */
  pthread_mutex_t pool_mu;
  struct store_conn *free_readers;
  struct store_conn **all_readers;
  int n_readers, cap_readers;
  /* writer */
  struct store_conn *writer;
  pthread_t writer_thread;
  int has_writer;
  pthread_mutex_t q_mu;
  pthread_cond_t q_cv;    /* jobs queued or stop requested */
  struct store_job *q_head, *q_tail;
  int stopping;
  struct store_stats stats;
  /* the writer's own transaction-control statements */
  sqlite3_stmt *sp_begin, *sp_release, *sp_rollback;
};

/* Opens one connection configured as writer or reader. */
int store_conn_open(struct store *st, int is_writer, struct store_conn **out,
                    struct lx_err *err);
void store_conn_close(struct store_conn *c);

/* Maps a SQLite result code to an lx rc and fills err. */
int store_sqlite_err(sqlite3 *db, int src, struct lx_err *err);

/* The writer thread (writer.c). */
int store_writer_start(struct store *st, struct lx_err *err);
void store_writer_stop(struct store *st);

#endif

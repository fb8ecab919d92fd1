/*
 * store.h — the storage interface every domain module uses.  It names no
 * database engine: SQL is portable (see DESIGN.md "Portable SQL"), values
 * are always bound, and writes run as jobs on one writer thread.
 *
 * Reads: take a connection with store_read_acquire(), prepare cached
 * statements, step them, give the connection back.  Read connections
 * never write and never checkpoint.
 *
 * Writes: store_write(st, fn, ctx, err) queues a job.  The writer thread
 * runs queued jobs from many requests inside one transaction, each in its
 * own savepoint (a failing job rolls back only itself), commits once
 * (group commit, fsync'd: WAL + synchronous=FULL) and only then wakes the
 * callers.  A job must only touch the database through the connection it
 * is given and must not block on anything else.
 */
#ifndef STORE_H
#define STORE_H

#include "base/lx.h"

#include <stddef.h>
#include <stdint.h>

struct store;
struct store_conn;
struct store_stmt;

enum { STORE_ROW = 1000, STORE_DONE = 1001 };

struct store_opts {
  const char *path;    /* database file */
  int busy_timeout_ms; /* wait for locks held by other processes */
  int batch_max;       /* jobs per group commit */
  int no_writer;       /* 1: read-only use, no writer thread */
};

/* A write job: runs on the writer thread inside a savepoint.  Returns
 * LX_OK to keep its changes, anything else to roll them back. */
typedef int (*store_job_fn)(struct store_conn *c, void *ctx,
                            struct lx_err *err);

struct store_stats {
  uint64_t commits;       /* transactions committed */
  uint64_t jobs;          /* jobs run */
  uint64_t jobs_failed;   /* jobs whose changes were rolled back */
  uint64_t batch_hist[8]; /* batch sizes: 1, 2-3, 4-7, 8-15, 16-31, 32-63,
                             64-127, 128+ */
};

/* Opens (creating if needed) the database and starts the writer thread.
 * rc: LX_OK, LX_EDB, LX_EIO.  Returns: caller closes with store_close. */
LX_MUST_CHECK int store_open(const struct store_opts *o, struct store **out,
                             struct lx_err *err);

/* Drains the write queue, stops the writer, checkpoints (TRUNCATE) and
 * closes every connection.  NULL is allowed. */
void store_close(struct store *st);

/* Takes a read connection from the pool (opens one if none is free).
 * rc: LX_OK, LX_EDB.  Returns: give it back with store_read_release. */
LX_MUST_CHECK int store_read_acquire(struct store *st, struct store_conn **out,
                                     struct lx_err *err);
void store_read_release(struct store *st, struct store_conn *c);

/* Runs fn(c, ctx, err) as a write job and waits until its transaction is
 * durable.  rc: fn's rc, or LX_EBUSY/LX_EDB when the commit failed. */
LX_MUST_CHECK int store_write(struct store *st, store_job_fn fn, void *ctx,
                              struct lx_err *err);

/* Begins/ends an explicit read transaction on a read connection so that
 * several statements see one snapshot. */
LX_MUST_CHECK int store_read_begin(struct store_conn *c, struct lx_err *err);
void store_read_end(struct store_conn *c);

/* Prepares sql (cached per connection; pass a string literal or another
 * string that lives as long as the store).  The statement comes back reset
 * with bindings cleared.  rc: LX_OK, LX_EDB.
 * Returns: owned by the connection; call store_stmt_done when finished. */
LX_MUST_CHECK int store_prepare(struct store_conn *c, const char *sql,
                                struct store_stmt **out, struct lx_err *err);
/* Resets a statement so it holds no locks; it stays cached. */
void store_stmt_done(struct store_stmt *s);

/* Bindings, 1-based.  They copy their values. */
void store_bind_i64(struct store_stmt *s, int idx, int64_t v);
void store_bind_double(struct store_stmt *s, int idx, double v);
void store_bind_text(struct store_stmt *s, int idx, const char *v);
void store_bind_textn(struct store_stmt *s, int idx, const char *v, size_t n);
void store_bind_blob(struct store_stmt *s, int idx, const void *v, size_t n);
void store_bind_null(struct store_stmt *s, int idx);

/* Steps a statement.  Returns STORE_ROW, STORE_DONE, or an rc: LX_ECONFLICT
 * (a uniqueness or reference constraint), LX_EBUSY, LX_EDB. */
LX_MUST_CHECK int store_step(struct store_stmt *s, struct lx_err *err);

/* Column accessors, 0-based.  Text is valid until the next step or done;
 * a NULL column gives NULL text and 0 numbers. */
int store_col_is_null(struct store_stmt *s, int col);
int64_t store_col_i64(struct store_stmt *s, int col);
double store_col_double(struct store_stmt *s, int col);
const char *store_col_text(struct store_stmt *s, int col);
const void *store_col_blob(struct store_stmt *s, int col, size_t *out_len);

/* Steps s once and finishes it: for INSERT/UPDATE/DELETE without rows.
 * rc: LX_OK when the statement completed; its error otherwise (a row is
 * STORE_ROW, returned as is). */
LX_MUST_CHECK int store_run(struct store_stmt *s, struct lx_err *err);

/* Runs one or more statements with no bound values (migrations, DDL).
 * rc: LX_OK, LX_EDB. */
LX_MUST_CHECK int store_exec(struct store_conn *c, const char *sql,
                             struct lx_err *err);

/* Rows changed by the last statement on c. */
int64_t store_changes(struct store_conn *c);

/* Convenience: prepare, bind one i64 (idx 1) when has_arg, and return the
 * first column of the first row as an integer in *out (0 if no row). */
LX_MUST_CHECK int store_query_i64(struct store_conn *c, const char *sql,
                                  int has_arg, int64_t arg, int64_t *out,
                                  struct lx_err *err);

/* Copies the writer's counters. */
void store_get_stats(struct store *st, struct store_stats *out);

/* The engine and its version, e.g. "SQLite 3.40.1". Static string. */
const char *store_engine_version(void);

/* Copies the live database at src_path to out_path with the engine's
 * online backup (consistent snapshot; safe while a server writes).  The
 * copy is written to out_path.tmp, checked with integrity_check, fsync'd
 * and renamed.  rc: LX_OK, LX_EIO, LX_EDB. */
LX_MUST_CHECK int store_backup(const char *src_path, const char *out_path,
                               struct lx_err *err);

/* Takes the exclusive process lock "<db>.lock" that says "a program is
 * writing this database".  The server holds it while it runs; CLI
 * commands that write take it too, so they refuse to run beside a server.
 * rc: LX_OK, LX_EBUSY (someone holds it), LX_EIO.
 * Returns in *out_fd a descriptor; release with store_lock_release. */
LX_MUST_CHECK int store_lock_acquire(const char *db_path, int *out_fd,
                                     struct lx_err *err);
void store_lock_release(int fd);

/* True (1) if the writer thread is the calling thread. */
int store_in_writer(struct store *st);

/* ---- study full-text search (engine-specific: SQLite FTS5 in
 * src/store/fts_search.c; a PostgreSQL driver provides its own) ---- */

struct arena;

#define STORE_FTS_LIMIT_MAX 50
#define STORE_FTS_TOTAL_MAX 1000
/* Highlight markers around hits in title_hl / snippet_hl.  Stored text
 * could contain these bytes too: whoever renders them must escape the
 * text and emit balanced tags whatever the order of markers. */
#define STORE_FTS_HL_OPEN '\x02'
#define STORE_FTS_HL_CLOSE '\x03'

struct store_fts_query {
  const char *text;      /* the user's words, 1–100 characters, as typed */
  const char *unit_path; /* caller's unit path ("/1/4/"); NULL = none */
  int all_units;         /* 1: unit-restricted materials visible too */
  int64_t topic_id;      /* 0 = any; else that topic and its subtree */
  const char *tag;       /* NULL = any */
  const char *from, *to; /* publish_date bounds YYYY-MM-DD; NULL = open */
  int offset, limit;     /* limit 1..STORE_FTS_LIMIT_MAX */
};

struct store_fts_hit {
  int64_t id;                        /* material.id */
  double score;                      /* higher is better (−bm25) */
  const char *title_hl, *snippet_hl; /* text with the HL markers */
  int64_t topic_id;                  /* 0 = none */
  const char *topic_name;            /* "" when none */
  const char *source, *publish_date; /* publish_date may be NULL */
  const char **tags;
  int n_tags;
};

/* Ranked search over published materials visible to the caller (status
 * 'published'; visible_all or a material_unit path that is a prefix of
 * unit_path, or all_units).  User text is never syntax.  Ranking: bm25
 * with title > tags > summary > body.  *total counts the matches, capped
 * at STORE_FTS_TOTAL_MAX.  rc: LX_OK, LX_EDB, LX_EBUSY.
 * Returns: hits in *out (arena-owned), count in *n. */
LX_MUST_CHECK int store_fts_search(struct store_conn *c,
                                   const struct store_fts_query *q,
                                   struct arena *a, struct store_fts_hit **out,
                                   int *n, int *total, struct lx_err *err);

#endif

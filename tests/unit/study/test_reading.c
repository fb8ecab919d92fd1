/*
 * test_reading.c — domain/study/reading.c: the credit rules as a table
 * (first beat, steady beats, the cap, a material switch, a flood, a clock
 * that went backwards, the sub-second carry), the local-day split at
 * midnight in UTC+8, and on a real store the heartbeat write (reading,
 * study_day and reading_state together), completion at min_seconds, the
 * day rollover, the visibility check, the history page, the summary with
 * its streak, and the unit records list.  Times are passed in explicitly
 * (the API passes the server clock), so no test waits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/timeutil.h"
#include "domain/study/reading.h"
#include "store/migrate.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ 480
/* 2026-11-26 10:00:00 +08:00 */
#define T0 1795658400000LL

static char dir[64];
static struct store *st;
static struct arena *ar;
static int64_t unit_a, unit_b, person_a, person_a2, person_b, acct;
static int64_t m_all, m_unit_a, m_draft, m_long;

/* ---- pure rules ---------------------------------------------------------- */

static void credit_table(void **state)
{
  static const struct {
    const char *what;
    int present;
    int64_t state_mat, last; /* last as an offset from T0, ms */
    int64_t mat, now;        /* now as an offset from T0, ms */
    int cap, want;
    int64_t want_last; /* offset from T0 */
  } v[] = {
      {"first beat ever", 0, 0, 0, 1, 0, 30, 0, 0},
      {"steady 15 s", 1, 1, 0, 1, 15000, 30, 15, 15000},
      {"exactly the cap", 1, 1, 0, 1, 30000, 30, 30, 30000},
      {"past the cap", 1, 1, 0, 1, 30001, 30, 30, 30001},
      {"long gap", 1, 1, 0, 1, 3600000, 30, 30, 3600000},
      {"other material", 1, 2, 0, 1, 15000, 30, 0, 15000},
      {"same ms", 1, 1, 0, 1, 0, 30, 0, 0},
      {"flood 100 ms", 1, 1, 0, 1, 100, 30, 0, 0},
      {"sub-second carried", 1, 1, 0, 1, 15700, 30, 15, 15000},
      {"clock backwards", 1, 1, 60000, 1, 1000, 30, 0, 1000},
      {"cap 60", 1, 1, 0, 1, 45000, 60, 45, 45000},
  };
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    struct study_reading_state s = {v[i].present, v[i].state_mat,
                                    T0 + v[i].last};
    int64_t last = -1;
    int got =
        study_reading_credit(&s, v[i].mat, T0 + v[i].now, v[i].cap, &last);
    if (got != v[i].want || last != T0 + v[i].want_last)
      fail_msg("%s: credit %d (want %d), last %lld (want %lld)", v[i].what, got,
               v[i].want, (long long)(last - T0), (long long)v[i].want_last);
  }
}

/* A flood (a beat every 37 ms for a minute) and two tabs switching every
 * 7.5 s: never more than the wall clock, nothing for the switching. */
static void flood_and_switch(void **state)
{
  struct study_reading_state s = {0, 0, 0};
  int64_t last, total = 0;
  (void)state;
  for (int64_t t = 0; t <= 60000; t += 37) {
    total += study_reading_credit(&s, 7, T0 + t, 30, &last);
    s = (struct study_reading_state){1, 7, last};
  }
  assert_true(total <= 60);
  assert_true(total >= 59);
  s = (struct study_reading_state){0, 0, 0};
  total = 0;
  for (int i = 0; i < 40; i++) {
    int64_t mat = i % 2 ? 8 : 9;
    total += study_reading_credit(&s, mat, T0 + i * 7500LL, 30, &last);
    s = (struct study_reading_state){1, mat, last};
  }
  assert_int_equal(total, 0);
}

static void days_and_split(void **state)
{
  struct study_reading_share sh[2];
  /* 2026-11-26 23:59:50 +08:00 = 15:59:50 UTC */
  int64_t before_midnight = T0 + (13 * 3600 + 59 * 60 + 50) * 1000LL;
  int32_t d26 = time_days_from_civil(2026, 11, 26);
  (void)state;
  assert_int_equal(study_reading_day(T0, TZ), d26);
  /* 2026-11-26 02:00 +08:00 is still the 25th in UTC */
  assert_int_equal(study_reading_day(T0 - 8 * 3600000LL, TZ), d26);
  assert_int_equal(study_reading_day(T0 - 8 * 3600000LL, 0), d26 - 1);
  assert_int_equal(study_reading_day(before_midnight + 10000, TZ), d26 + 1);
  assert_int_equal(study_reading_day(-1, 0), -1);
  /* 15 s ending at 00:00:05 → 10 s on the 26th, 5 s on the 27th */
  assert_int_equal(study_reading_split(before_midnight + 15000, 15, TZ, sh), 2);
  assert_int_equal(sh[0].day, d26);
  assert_int_equal(sh[0].seconds, 10);
  assert_int_equal(sh[1].day, d26 + 1);
  assert_int_equal(sh[1].seconds, 5);
  /* within one day */
  assert_int_equal(study_reading_split(T0, 15, TZ, sh), 1);
  assert_int_equal(sh[0].day, d26);
  assert_int_equal(sh[0].seconds, 15);
  /* ending exactly at midnight: all on the earlier day */
  assert_int_equal(study_reading_split(before_midnight + 10000, 10, TZ, sh), 1);
  assert_int_equal(sh[0].day, d26);
  assert_int_equal(study_reading_split(T0, 0, TZ, sh), 0);
}

/* ---- over the store ------------------------------------------------------ */

/* A write of q with ?1..?3 bound to a, b, c and ?4 to t (numbered
 * parameters; unused ones stay NULL); the first column of a RETURNING
 * row comes back. */
struct sql_job {
  const char *sql;
  int64_t a, b, c;
  const char *t;
  int64_t id;
};

static int sql_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct sql_job *j = ctx;
  struct store_stmt *s;
  int rc = store_prepare(c, j->sql, &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, j->a);
  store_bind_i64(s, 2, j->b);
  store_bind_i64(s, 3, j->c);
  if (j->t)
    store_bind_text(s, 4, j->t);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    j->id = store_col_i64(s, 0);
    rc = store_step(s, err);
  }
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

static int64_t sql(const char *q, int64_t a, int64_t b, int64_t c,
                   const char *t)
{
  struct sql_job j = {q, a, b, c, t, 0};
  struct lx_err e;
  if (store_write(st, sql_job, &j, &e))
    fail_msg("%s: %s", q, e.message);
  return j.id;
}

static int64_t q1(const char *q, int64_t a)
{
  struct store_conn *c;
  struct lx_err e;
  int64_t v = -1;
  if (store_read_acquire(st, &c, &e) || store_query_i64(c, q, 1, a, &v, &e))
    fail_msg("%s", q);
  store_read_release(st, c);
  return v;
}

static int64_t person(int64_t unit_id, const char *name)
{
  char path[32];
  snprintf(path, sizeof path, "/1/%lld/", (long long)unit_id);
  {
    struct sql_job j = {"INSERT INTO person(unit_id, unit_path, name, pinyin, "
                        "initials, created_at, updated_at) VALUES (?1, ?4, "
                        "'x', '', '', 0, 0) RETURNING id",
                        unit_id,
                        0,
                        0,
                        path,
                        0};
    struct lx_err e;
    if (store_write(st, sql_job, &j, &e))
      fail_msg("person: %s", e.message);
    sql("UPDATE person SET name = ?4 WHERE id = ?1", j.id, 0, 0, name);
    return j.id;
  }
}

static int64_t material(const char *status, int visible_all, int min_s)
{
  return sql("INSERT INTO material(title, body, min_seconds, status, "
             "visible_all, owner_unit_id, owner_unit_path, created_by, "
             "creator_name, created_at, updated_at) VALUES ('学习资料', "
             "'正文', ?1, ?4, ?2, 1, '/1/', ?3, '测试', 0, 0) RETURNING id",
             min_s, visible_all, acct, status);
}

static int setup(void **state)
{
  char db[128];
  struct store_opts o = {db, 5000, 64, 0};
  struct lx_err e;
  int n;
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/luoshi-unit-XXXXXX");
  if (!mkdtemp(dir))
    return -1;
  snprintf(db, sizeof db, "%s/r.db", dir);
  if (store_open(&o, &st, &e) || migrate_apply(st, &n, &e))
    return -1;
  ar = arena_new();
  sql("INSERT INTO unit(id, parent_id, name, kind, path, depth, created_at, "
      "updated_at) VALUES (1, NULL, '区委', '区委', '/1/', 0, 0, 0)",
      0, 0, 0, NULL);
  sql("INSERT INTO unit(id, parent_id, name, kind, path, depth, created_at, "
      "updated_at) VALUES (2, 1, '甲支部', '党支部', '/1/2/', 1, 0, 0)",
      0, 0, 0, NULL);
  sql("INSERT INTO unit(id, parent_id, name, kind, path, depth, created_at, "
      "updated_at) VALUES (3, 1, '乙支部', '党支部', '/1/3/', 1, 0, 0)",
      0, 0, 0, NULL);
  unit_a = 2;
  unit_b = 3;
  person_a = person(unit_a, "甲");
  person_a2 = person(unit_a, "乙");
  person_b = person(unit_b, "丙");
  acct = sql("INSERT INTO account(username, name, unit_id, password_hash, "
             "password_changed_at, created_at, updated_at) VALUES "
             "('t1', '测试', 1, 'x', 0, 0, 0) RETURNING id",
             0, 0, 0, NULL);
  m_all = material("published", 1, 60);
  m_unit_a = material("published", 0, 60);
  m_draft = material("draft", 1, 60);
  m_long = material("published", 1, 600);
  sql("INSERT INTO material_unit(material_id, unit_id, unit_path) VALUES "
      "(?1, ?2, ?4)",
      m_unit_a, unit_a, 0, "/1/2/");
  return 0;
}

static int teardown(void **state)
{
  char cmd[128];
  (void)state;
  arena_free(ar);
  store_close(st);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd) == 0 ? 0 : -1;
}

struct beat_job {
  struct study_reading_beat_in in;
  struct study_reading_beat_out out;
};

static int beat_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct beat_job *j = ctx;
  return study_reading_beat(c, &j->in, &j->out, err);
}

/* One heartbeat of person on material at T0 + at_ms. */
static struct study_reading_beat_out beat(int64_t person, int64_t unit_id,
                                          int64_t mat, int progress, int min_s,
                                          int64_t at_ms)
{
  struct beat_job j = {
      {person, unit_id, mat, progress, min_s, T0 + at_ms, 30, TZ}, {0}};
  struct lx_err e;
  if (store_write(st, beat_job, &j, &e))
    fail_msg("beat: %s %s", e.code, e.message);
  return j.out;
}

static int64_t day_seconds(int64_t person, const char *day)
{
  struct store_conn *c;
  struct store_stmt *s;
  struct lx_err e;
  int64_t v = 0;
  if (store_read_acquire(st, &c, &e) ||
      store_prepare(c,
                    "SELECT seconds FROM study_day WHERE person_id = ? AND "
                    "day = ?",
                    &s, &e))
    fail_msg("day");
  store_bind_i64(s, 1, person);
  store_bind_text(s, 2, day);
  if (store_step(s, &e) == STORE_ROW)
    v = store_col_i64(s, 0);
  store_stmt_done(s);
  store_read_release(st, c);
  return v;
}

static void heartbeat_flow(void **state)
{
  struct study_reading_beat_out o;
  (void)state;
  /* first beat: a reading row with 0 s, no study_day row */
  o = beat(person_a, unit_a, m_all, 10, 60, 0);
  assert_int_equal(o.credited, 0);
  assert_int_equal(o.first, 1);
  assert_int_equal(o.seconds, 0);
  assert_int_equal(o.progress, 10);
  assert_int_equal(o.completed_at, 0);
  assert_int_equal(day_seconds(person_a, "2026-11-26"), 0);
  /* steady beats */
  o = beat(person_a, unit_a, m_all, 40, 60, 15000);
  assert_int_equal(o.credited, 15);
  assert_int_equal(o.first, 0);
  assert_int_equal(o.seconds, 15);
  o = beat(person_a, unit_a, m_all, 20, 60, 30000); /* scrolled back up */
  assert_int_equal(o.seconds, 30);
  assert_int_equal(o.progress, 40); /* the furthest position stays */
  /* a flood within the same second credits nothing */
  for (int i = 1; i <= 9; i++) {
    o = beat(person_a, unit_a, m_all, 40, 60, 30000 + i * 100);
    assert_int_equal(o.credited, 0);
  }
  /* the rest carried: at 45.9 s the credit counts from 30 s */
  o = beat(person_a, unit_a, m_all, 50, 60, 45900);
  assert_int_equal(o.credited, 15);
  assert_int_equal(o.seconds, 45);
  assert_int_equal(o.completed_at, 0);
  /* a gap of 10 minutes credits only the cap, and completes (≥ 60) */
  o = beat(person_a, unit_a, m_all, 60, 60, 645900);
  assert_int_equal(o.credited, 30);
  assert_int_equal(o.seconds, 75);
  assert_int_equal(o.newly_completed, 1);
  assert_int_equal(o.completed_at, T0 + 645900);
  o = beat(person_a, unit_a, m_all, 60, 60, 660900);
  assert_int_equal(o.newly_completed, 0);
  assert_int_equal(o.completed_at, T0 + 645900); /* set once */
  assert_int_equal(o.seconds, 90);
  assert_int_equal(day_seconds(person_a, "2026-11-26"), 90);
  assert_int_equal(
      q1("SELECT seconds FROM reading WHERE person_id = ?", person_a), 90);
  /* switching material: 0 for the switch, then credited on the new one;
   * back to the first: 0 again */
  o = beat(person_a, unit_a, m_long, 5, 600, 675900);
  assert_int_equal(o.credited, 0);
  assert_int_equal(o.first, 1);
  o = beat(person_a, unit_a, m_long, 5, 600, 690900);
  assert_int_equal(o.credited, 15);
  o = beat(person_a, unit_a, m_all, 60, 60, 705900);
  assert_int_equal(o.credited, 0);
  assert_int_equal(o.seconds, 90);
  assert_int_equal(day_seconds(person_a, "2026-11-26"), 105);
  assert_int_equal(q1("SELECT material_id FROM reading_state WHERE "
                      "person_id = ?",
                      person_a),
                   m_all);
  /* another person's state is their own */
  o = beat(person_a2, unit_a, m_all, 0, 60, 705900);
  assert_int_equal(o.credited, 0);
}

static void day_rollover(void **state)
{
  struct study_reading_beat_out o;
  /* 23:59:50 +08:00 on the 26th, as an offset from T0 (10:00) */
  int64_t t = (13 * 3600 + 59 * 60 + 50) * 1000LL;
  (void)state;
  o = beat(person_b, unit_b, m_all, 0, 60, t);
  o = beat(person_b, unit_b, m_all, 0, 60, t + 15000);
  assert_int_equal(o.credited, 15);
  assert_int_equal(day_seconds(person_b, "2026-11-26"), 10);
  assert_int_equal(day_seconds(person_b, "2026-11-27"), 5);
  /* the clock went back a minute: nothing, nothing negative */
  o = beat(person_b, unit_b, m_all, 0, 60, t - 45000);
  assert_int_equal(o.credited, 0);
  assert_int_equal(o.seconds, 15);
  o = beat(person_b, unit_b, m_all, 0, 60, t - 30000);
  assert_int_equal(o.credited, 15); /* and counts again from there */
  assert_int_equal(day_seconds(person_b, "2026-11-26"), 25);
}

static void bad_beats(void **state)
{
  struct beat_job j = {{person_a, unit_a, m_all, 101, 60, T0, 30, TZ}, {0}};
  struct lx_err e;
  (void)state;
  assert_int_equal(store_write(st, beat_job, &j, &e), LX_EINVAL);
  assert_string_equal(e.field, "progress");
  j.in.progress = -1;
  assert_int_equal(store_write(st, beat_job, &j, &e), LX_EINVAL);
  j.in.progress = 0;
  j.in.material_id = 0;
  assert_int_equal(store_write(st, beat_job, &j, &e), LX_EINVAL);
  assert_string_equal(e.field, "material_id");
  j.in.material_id = m_all;
  j.in.cap_s = 0;
  assert_int_equal(store_write(st, beat_job, &j, &e), LX_EINVAL);
}

static void visibility(void **state)
{
  struct study_reading_target t;
  struct store_conn *c;
  struct lx_err e;
  (void)state;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  assert_int_equal(study_reading_target_get(c, ar, person_a, m_all, &t, &e),
                   LX_OK);
  assert_int_equal(t.min_seconds, 60);
  assert_int_equal(t.unit_id, unit_a);
  assert_string_equal(t.title, "学习资料");
  assert_int_equal(study_reading_target_get(c, ar, person_a, m_unit_a, &t, &e),
                   LX_OK);
  assert_int_equal(study_reading_target_get(c, ar, person_b, m_unit_a, &t, &e),
                   LX_ENOTFOUND);
  assert_string_equal(e.field, "material_id");
  assert_int_equal(study_reading_target_get(c, ar, person_a, m_draft, &t, &e),
                   LX_ENOTFOUND);
  assert_int_equal(study_reading_target_get(c, ar, person_a, 999999, &t, &e),
                   LX_ENOTFOUND);
  assert_int_equal(study_reading_target_get(c, ar, 999999, m_all, &t, &e),
                   LX_ENOTFOUND);
  assert_string_equal(e.field, "person_id");
  store_read_release(st, c);
}

static void history_summary_list(void **state)
{
  struct store_conn *c;
  struct lx_err e;
  struct study_reading *rows, one;
  struct study_reading_page pg = {1, 0, 0, 0, 0};
  struct study_reading_summary sm;
  struct study_reading_query q = {"/1/", "/10", 0, 0, 0, 0};
  char lo[32], hi[32];
  int n, more;
  int32_t d26 = time_days_from_civil(2026, 11, 26);
  (void)state;
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  /* person_a read m_all last (705.9 s), m_long before (690.9 s) */
  assert_int_equal(
      study_reading_mine(c, ar, person_a, &pg, &rows, &n, &more, &e), LX_OK);
  assert_int_equal(n, 1);
  assert_int_equal(more, 1);
  assert_int_equal(rows[0].material_id, m_all);
  assert_int_equal(rows[0].seconds, 90);
  assert_true(rows[0].completed_at > 0);
  pg.has_after = 1;
  pg.after_last_at = rows[0].last_at;
  pg.after_material_id = rows[0].material_id;
  assert_int_equal(
      study_reading_mine(c, ar, person_a, &pg, &rows, &n, &more, &e), LX_OK);
  assert_int_equal(n, 1);
  assert_int_equal(more, 0);
  assert_int_equal(rows[0].material_id, m_long);
  assert_int_equal(rows[0].seconds, 15);
  assert_int_equal(rows[0].min_seconds, 600);
  /* one record, and zeros for none */
  assert_int_equal(study_reading_get(c, ar, person_a, m_long, &one, &e), LX_OK);
  assert_int_equal(one.seconds, 15);
  assert_int_equal(study_reading_get(c, ar, person_b, m_long, &one, &e), LX_OK);
  assert_int_equal(one.seconds, 0);
  assert_int_equal(one.first_at, 0);
  /* the summary as of the 26th, then as of the 27th (streak over two
   * days for person_b), and a day later with nothing that day yet */
  assert_int_equal(study_reading_summary_get(c, person_a, d26, &sm, &e), LX_OK);
  assert_int_equal(sm.today_seconds, 105);
  assert_int_equal(sm.week_seconds, 105);
  assert_int_equal(sm.total_seconds, 105);
  assert_int_equal(sm.materials, 2);
  assert_int_equal(sm.completed, 1);
  assert_int_equal(sm.streak_days, 1);
  assert_int_equal(study_reading_summary_get(c, person_b, d26 + 1, &sm, &e),
                   LX_OK);
  assert_int_equal(sm.streak_days, 2);
  assert_int_equal(sm.today_seconds, 5);
  assert_int_equal(study_reading_summary_get(c, person_b, d26 + 2, &sm, &e),
                   LX_OK);
  assert_int_equal(sm.streak_days, 2);
  assert_int_equal(sm.today_seconds, 0);
  assert_int_equal(sm.week_seconds, 30); /* Mon 23rd .. Sun 29th */
  assert_int_equal(study_reading_summary_get(c, person_b, d26 + 3, &sm, &e),
                   LX_OK);
  assert_int_equal(sm.streak_days, 0);
  /* Monday the 30th starts a new week */
  assert_int_equal(study_reading_summary_get(c, person_b, d26 + 4, &sm, &e),
                   LX_OK);
  assert_int_equal(sm.week_seconds, 0);
  assert_int_equal(sm.total_seconds, 30);
  /* the unit list: everyone, then unit a only, then one person, then a
   * time window that excludes everything */
  pg = (struct study_reading_page){50, 0, 0, 0, 0};
  assert_int_equal(study_reading_list(c, ar, &q, &pg, &rows, &n, &more, &e),
                   LX_OK);
  assert_int_equal(n, 4);
  for (int i = 1; i < n; i++)
    assert_true(rows[i - 1].last_at >= rows[i].last_at);
  snprintf(lo, sizeof lo, "/1/%lld/", (long long)unit_a);
  snprintf(hi, sizeof hi, "/1/%lld0", (long long)unit_a);
  q.path_lo = lo;
  q.path_hi = hi;
  assert_int_equal(study_reading_list(c, ar, &q, &pg, &rows, &n, &more, &e),
                   LX_OK);
  assert_int_equal(n, 3);
  assert_string_equal(rows[0].person_name,
                      "乙" /* same last_at as 甲: higher person id first */);
  q.person_id = person_a2;
  assert_int_equal(study_reading_list(c, ar, &q, &pg, &rows, &n, &more, &e),
                   LX_OK);
  assert_int_equal(n, 1);
  assert_int_equal(rows[0].person_id, person_a2);
  q.person_id = 0;
  q.to_ms = T0;
  assert_int_equal(study_reading_list(c, ar, &q, &pg, &rows, &n, &more, &e),
                   LX_OK);
  assert_int_equal(n, 0);
  /* keyset pages of 1 cover the same 3 rows */
  q.to_ms = 0;
  pg.limit = 1;
  for (int i = 0; i < 3; i++) {
    assert_int_equal(study_reading_list(c, ar, &q, &pg, &rows, &n, &more, &e),
                     LX_OK);
    assert_int_equal(n, 1);
    assert_int_equal(more, i < 2);
    pg.has_after = 1;
    pg.after_last_at = rows[0].last_at;
    pg.after_person_id = rows[0].person_id;
    pg.after_material_id = rows[0].material_id;
  }
  store_read_release(st, c);
}

/* Every plan of the unit list returns the same rows in the same order,
 * page by page (pages of 1 and of 2), for every shape of query. */
static void plans_agree(void **state)
{
  struct store_conn *c;
  struct lx_err e;
  char lo[32], hi[32];
  struct study_reading_query qs[6];
  (void)state;
  snprintf(lo, sizeof lo, "/1/%lld/", (long long)unit_a);
  snprintf(hi, sizeof hi, "/1/%lld0", (long long)unit_a);
  qs[0] = (struct study_reading_query){"/", "0", 0, 0, 0, 0, 0};
  qs[1] = (struct study_reading_query){"/1/", "/10", 0, 0, 0, 0, 0};
  qs[2] = (struct study_reading_query){lo, hi, 0, 0, 0, 0, 0};
  qs[3] = (struct study_reading_query){"/1/", "/10", unit_a, 0, 0, 0, 0};
  qs[4] = (struct study_reading_query){"/1/", "/10", 0, person_a, 0, 0, 0};
  qs[5] = (struct study_reading_query){"/1/",       "/10",       0, 0,
                                       T0 + 680000, T0 + 700000, 0};
  /* the automatic choice */
  assert_int_equal(study_reading_plan_for(&qs[0]), STUDY_READING_PLAN_WIDE);
  assert_int_equal(study_reading_plan_for(&qs[1]), STUDY_READING_PLAN_WIDE);
  assert_int_equal(study_reading_plan_for(&qs[3]), STUDY_READING_PLAN_NARROW);
  assert_int_equal(study_reading_plan_for(&qs[4]), STUDY_READING_PLAN_PERSON);
  {
    struct study_reading_query deep = {"/1/2/7/", "/1/2/70", 0, 0, 0, 0, 0};
    assert_int_equal(study_reading_plan_for(&deep), STUDY_READING_PLAN_NARROW);
  }
  static const int want_n[] = {4, 4, 3, 3, 2, 1};
  assert_int_equal(store_read_acquire(st, &c, &e), LX_OK);
  for (size_t k = 0; k < LX_COUNT(qs); k++) {
    char got[4][256];
    for (int plan = STUDY_READING_PLAN_PERSON;
         plan <= STUDY_READING_PLAN_NARROW; plan++) {
      struct study_reading_query q = qs[k];
      char *o = got[plan];
      int used = 0;
      if (plan == STUDY_READING_PLAN_PERSON && !q.person_id)
        continue; /* that plan needs its person */
      q.plan = (enum study_reading_plan)plan;
      for (int limit = 1; limit <= 2; limit++) {
        struct study_reading_page pg = {limit, 0, 0, 0, 0};
        struct study_reading *rows;
        int n, more = 1, total = 0;
        used = 0;
        while (more) {
          assert_int_equal(
              study_reading_list(c, ar, &q, &pg, &rows, &n, &more, &e), LX_OK);
          for (int i = 0; i < n; i++)
            used += snprintf(o + used, 256 - (size_t)used, "%lld:%lld,",
                             (long long)rows[i].person_id,
                             (long long)rows[i].material_id);
          total += n;
          if (n) {
            pg.has_after = 1;
            pg.after_last_at = rows[n - 1].last_at;
            pg.after_person_id = rows[n - 1].person_id;
            pg.after_material_id = rows[n - 1].material_id;
          }
        }
        if (total != want_n[k])
          fail_msg("query %zu plan %d limit %d: %d rows (want %d)", k, plan,
                   limit, total, want_n[k]);
      }
    }
    assert_string_equal(got[STUDY_READING_PLAN_WIDE],
                        got[STUDY_READING_PLAN_NARROW]);
    if (qs[k].person_id)
      assert_string_equal(got[STUDY_READING_PLAN_PERSON],
                          got[STUDY_READING_PLAN_NARROW]);
  }
  store_read_release(st, c);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(credit_table),   cmocka_unit_test(flood_and_switch),
      cmocka_unit_test(days_and_split), cmocka_unit_test(heartbeat_flow),
      cmocka_unit_test(day_rollover),   cmocka_unit_test(bad_beats),
      cmocka_unit_test(visibility),     cmocka_unit_test(history_summary_list),
      cmocka_unit_test(plans_agree),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

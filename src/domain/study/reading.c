/*
 * reading.c — timed reading over the store (see reading.h).
 */
#include "domain/study/reading.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS 86400000LL

/* ---- the pure rules ------------------------------------------------------ */

int study_reading_credit(const struct study_reading_state *st,
                         int64_t material_id, int64_t now_ms, int cap_s,
                         int64_t *out_last)
{
  int64_t gap;
  *out_last = now_ms;
  if (!st->present || st->material_id != material_id)
    return 0; /* the state moves to this material */
  gap = now_ms - st->last_beat_at;
  if (gap < 0)
    return 0; /* the clock went backwards: start again from now */
  if (gap > (int64_t)cap_s * 1000)
    return cap_s; /* away: only the cap, and the rest is dropped */
  *out_last = st->last_beat_at + gap / 1000 * 1000; /* carry the rest */
  return (int)(gap / 1000);
}

static int64_t floor_div(int64_t a, int64_t b)
{
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int32_t study_reading_day(int64_t ms, int tz_offset_min)
{
  return (int32_t)floor_div(ms + (int64_t)tz_offset_min * 60000, DAY_MS);
}

int study_reading_split(int64_t end_ms, int credit_s, int tz_offset_min,
                        struct study_reading_share out[2])
{
  int64_t start_ms = end_ms - (int64_t)credit_s * 1000, midnight;
  int32_t d_end = study_reading_day(end_ms, tz_offset_min);
  int32_t d_start = study_reading_day(start_ms, tz_offset_min);
  int after;
  if (credit_s <= 0)
    return 0;
  if (d_start == d_end) {
    out[0].day = d_end;
    out[0].seconds = credit_s;
    return 1;
  }
  /* local midnight that starts d_end, in UTC ms */
  midnight = (int64_t)d_end * DAY_MS - (int64_t)tz_offset_min * 60000;
  after = (int)((end_ms - midnight) / 1000);
  if (after <= 0 || after >= credit_s) { /* within a rounding second */
    out[0].day = after <= 0 ? d_start : d_end;
    out[0].seconds = credit_s;
    return 1;
  }
  out[0].day = d_start;
  out[0].seconds = credit_s - after;
  out[1].day = d_end;
  out[1].seconds = after;
  return 2;
}

/* ---- over the store ------------------------------------------------------ */

static const char *col_dup(struct store_stmt *s, struct arena *a, int col)
{
  const char *t = store_col_text(s, col);
  return arena_strdup(a, t ? t : "");
}

/* 1 if path lies in the subtree of prefix (both "/1/5/" forms). */
static int path_under(const char *path, const char *prefix)
{
  size_t n = strlen(prefix);
  return n > 0 && strncmp(path, prefix, n) == 0;
}

int study_reading_target_get(struct store_conn *c, struct arena *a,
                             int64_t person_id, int64_t material_id,
                             struct study_reading_target *out,
                             struct lx_err *err)
{
  struct store_stmt *s;
  int visible_all = 0, published = 0, rc, found = 0;
  memset(out, 0, sizeof *out);
  rc = store_prepare(c, "SELECT unit_id, unit_path FROM person WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, person_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    out->unit_id = store_col_i64(s, 0);
    out->unit_path = col_dup(s, a, 1);
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "no_person", "person_id",
                   "账号未关联党员信息");
  if (rc != STORE_ROW)
    return rc;
  rc = store_prepare(c,
                     "SELECT title, min_seconds, status, visible_all FROM "
                     "material WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, material_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    out->material_id = material_id;
    out->title = col_dup(s, a, 0);
    out->min_seconds = (int)store_col_i64(s, 1);
    published = !strcmp(store_col_text(s, 2), "published");
    visible_all = store_col_i64(s, 3) != 0;
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  if (rc == STORE_DONE || !published)
    goto missing;
  if (visible_all)
    return LX_OK;
  rc = store_prepare(c,
                     "SELECT unit_path FROM material_unit WHERE "
                     "material_id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, material_id);
  while (!found && (rc = store_step(s, err)) == STORE_ROW) {
    const char *p = store_col_text(s, 0);
    found = p && path_under(out->unit_path, p);
  }
  store_stmt_done(s);
  if (!found && rc != STORE_DONE)
    return rc;
  if (found)
    return LX_OK;
missing:
  return err_set(err, LX_ENOTFOUND, "not_found", "material_id",
                 "学习资料不存在");
}

int study_reading_beat_check(const struct study_reading_beat_in *in,
                             struct lx_err *err)
{
  if (in->material_id <= 0)
    return err_set(err, LX_EINVAL, "field.range", "material_id",
                   "学习资料编号无效");
  if (in->progress < 0 || in->progress > 100)
    return err_set(err, LX_EINVAL, "field.range", "progress",
                   "阅读进度应为 0 到 100 之间的整数");
  if (in->person_id <= 0 || in->unit_id <= 0 || in->cap_s < 1 ||
      in->cap_s > 3600 || in->min_seconds < 0)
    return err_set(err, LX_EINVAL, "field.range", "", "心跳参数无效");
  return LX_OK;
}

static int state_read(struct store_conn *c, int64_t person_id,
                      struct study_reading_state *st, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT material_id, last_beat_at FROM "
                         "reading_state WHERE person_id = ?",
                         &s, err);
  if (rc)
    return rc;
  memset(st, 0, sizeof *st);
  store_bind_i64(s, 1, person_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    st->present = 1;
    st->material_id = store_col_i64(s, 0);
    st->last_beat_at = store_col_i64(s, 1);
  }
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

/* Reads the reading row; *found = 0 when there is none. */
static int reading_read(struct store_conn *c, int64_t person_id,
                        int64_t material_id, int *found, int64_t *seconds,
                        int *progress, int64_t *completed_at,
                        struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT seconds, progress, completed_at FROM reading "
                         "WHERE person_id = ? AND material_id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, person_id);
  store_bind_i64(s, 2, material_id);
  *found = 0;
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    *found = 1;
    *seconds = store_col_i64(s, 0);
    *progress = (int)store_col_i64(s, 1);
    *completed_at = store_col_i64(s, 2);
  }
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

static int day_add(struct store_conn *c, const struct study_reading_beat_in *in,
                   const struct study_reading_share *sh, struct lx_err *err)
{
  struct store_stmt *s;
  char day[16];
  int rc = store_prepare(c,
                         "INSERT INTO study_day(person_id, day, unit_id, "
                         "seconds) VALUES (?, ?, ?, ?) ON CONFLICT(person_id, "
                         "day) DO UPDATE SET seconds = study_day.seconds + "
                         "excluded.seconds",
                         &s, err);
  if (rc)
    return rc;
  time_format_date(sh->day, day, sizeof day);
  store_bind_i64(s, 1, in->person_id);
  store_bind_text(s, 2, day);
  store_bind_i64(s, 3, in->unit_id);
  store_bind_i64(s, 4, sh->seconds);
  return store_run(s, err);
}

int study_reading_beat(struct store_conn *c,
                       const struct study_reading_beat_in *in,
                       struct study_reading_beat_out *out, struct lx_err *err)
{
  struct study_reading_state st;
  struct study_reading_share sh[2];
  struct store_stmt *s;
  int64_t last = 0, seconds = 0, completed_at = 0;
  int found = 0, progress = 0, credit, n;
  int rc = study_reading_beat_check(in, err);
  memset(out, 0, sizeof *out);
  if (!rc)
    rc = state_read(c, in->person_id, &st, err);
  if (!rc)
    rc = reading_read(c, in->person_id, in->material_id, &found, &seconds,
                      &progress, &completed_at, err);
  if (rc)
    return rc;
  credit =
      study_reading_credit(&st, in->material_id, in->now_ms, in->cap_s, &last);
  out->credited = credit;
  out->first = !found;
  out->seconds = seconds + credit;
  out->progress = in->progress > progress ? in->progress : progress;
  out->completed_at = completed_at;
  if (!completed_at && out->seconds >= in->min_seconds) {
    out->completed_at = in->now_ms;
    out->newly_completed = 1;
  }
  if (found)
    rc = store_prepare(c,
                       "UPDATE reading SET seconds = ?, progress = ?, "
                       "completed_at = ?, last_at = ? WHERE person_id = ? AND "
                       "material_id = ?",
                       &s, err);
  else
    rc = store_prepare(c,
                       "INSERT INTO reading(seconds, progress, completed_at, "
                       "last_at, person_id, material_id, unit_id, first_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, out->seconds);
  store_bind_i64(s, 2, out->progress);
  if (out->completed_at)
    store_bind_i64(s, 3, out->completed_at);
  else
    store_bind_null(s, 3);
  store_bind_i64(s, 4, in->now_ms);
  store_bind_i64(s, 5, in->person_id);
  store_bind_i64(s, 6, in->material_id);
  if (!found) {
    store_bind_i64(s, 7, in->unit_id);
    store_bind_i64(s, 8, in->now_ms);
  }
  rc = store_run(s, err);
  /* the credited time ends at the state's new last_beat_at (now when
   * capped, else the previous beat plus the credit) */
  n = study_reading_split(last, credit, in->tz_offset_min, sh);
  for (int i = 0; !rc && i < n; i++)
    rc = day_add(c, in, &sh[i], err);
  if (rc)
    return rc;
  rc = store_prepare(c,
                     "INSERT INTO reading_state(person_id, material_id, "
                     "last_beat_at) VALUES (?, ?, ?) ON CONFLICT(person_id) "
                     "DO UPDATE SET material_id = excluded.material_id, "
                     "last_beat_at = excluded.last_beat_at",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, in->person_id);
  store_bind_i64(s, 2, in->material_id);
  store_bind_i64(s, 3, last);
  return store_run(s, err);
}

#define READ_COLS                                                              \
  "r.person_id, r.material_id, r.unit_id, r.seconds, r.progress, "             \
  "r.completed_at, r.first_at, r.last_at, m.title, m.min_seconds"

static void reading_from_row(struct store_stmt *s, struct arena *a,
                             struct study_reading *r)
{
  memset(r, 0, sizeof *r);
  r->person_id = store_col_i64(s, 0);
  r->material_id = store_col_i64(s, 1);
  r->unit_id = store_col_i64(s, 2);
  r->seconds = store_col_i64(s, 3);
  r->progress = (int)store_col_i64(s, 4);
  r->completed_at = store_col_i64(s, 5);
  r->first_at = store_col_i64(s, 6);
  r->last_at = store_col_i64(s, 7);
  r->title = col_dup(s, a, 8);
  r->min_seconds = (int)store_col_i64(s, 9);
}

int study_reading_get(struct store_conn *c, struct arena *a, int64_t person_id,
                      int64_t material_id, struct study_reading *out,
                      struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT " READ_COLS " FROM reading r JOIN material m "
                         "ON m.id = r.material_id WHERE r.person_id = ? AND "
                         "r.material_id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, person_id);
  store_bind_i64(s, 2, material_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    reading_from_row(s, a, out);
  else {
    memset(out, 0, sizeof *out);
    out->person_id = person_id;
    out->material_id = material_id;
  }
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

/* Steps s collecting at most limit rows (limit + 1 are asked for). */
static int collect(struct store_stmt *s, struct arena *a, int limit,
                   struct study_reading **out, int *out_n, int *out_more,
                   int with_names, struct lx_err *err)
{
  int n = 0, rc;
  *out = arena_zalloc(a, sizeof **out * (size_t)(limit + 1));
  *out_more = 0;
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == limit) {
      *out_more = 1;
      break;
    }
    reading_from_row(s, a, &(*out)[n]);
    if (with_names) {
      (*out)[n].person_name = col_dup(s, a, 10);
      (*out)[n].unit_name = col_dup(s, a, 11);
    }
    n++;
  }
  store_stmt_done(s);
  *out_n = n;
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

int study_reading_mine(struct store_conn *c, struct arena *a, int64_t person_id,
                       const struct study_reading_page *pg,
                       struct study_reading **out, int *out_n, int *out_more,
                       struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(
      c,
      "SELECT " READ_COLS " FROM reading r JOIN material m ON m.id = "
      "r.material_id WHERE r.person_id = ? AND (? = 0 OR r.last_at < ? OR "
      "(r.last_at = ? AND r.material_id < ?)) ORDER BY r.last_at DESC, "
      "r.material_id DESC LIMIT ?",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, person_id);
  store_bind_i64(s, 2, pg->has_after);
  store_bind_i64(s, 3, pg->after_last_at);
  store_bind_i64(s, 4, pg->after_last_at);
  store_bind_i64(s, 5, pg->after_material_id);
  store_bind_i64(s, 6, pg->limit + 1);
  return collect(s, a, pg->limit, out, out_n, out_more, 0, err);
}

int study_reading_summary_get(struct store_conn *c, int64_t person_id,
                              int32_t today, struct study_reading_summary *out,
                              struct lx_err *err)
{
  struct store_stmt *s;
  char d_today[16], d_monday[16], d_first[16];
  /* 1970-01-01 was a Thursday: (days + 3) % 7 is 0 on Mondays */
  int32_t monday = today - (int32_t)(((today + 3) % 7 + 7) % 7);
  int32_t expect;
  int rc;
  memset(out, 0, sizeof *out);
  time_format_date(today, d_today, sizeof d_today);
  time_format_date(monday, d_monday, sizeof d_monday);
  time_format_date(today - STUDY_READING_STREAK_MAX, d_first, sizeof d_first);
  rc = store_prepare(c,
                     "SELECT coalesce(sum(CASE WHEN day = ? THEN seconds "
                     "ELSE 0 END), 0), coalesce(sum(CASE WHEN day >= ? THEN "
                     "seconds ELSE 0 END), 0), coalesce(sum(seconds), 0) "
                     "FROM study_day WHERE person_id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, d_today);
  store_bind_text(s, 2, d_monday);
  store_bind_i64(s, 3, person_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    out->today_seconds = store_col_i64(s, 0);
    out->week_seconds = store_col_i64(s, 1);
    out->total_seconds = store_col_i64(s, 2);
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  rc = store_prepare(c,
                     "SELECT count(*), count(completed_at) FROM reading "
                     "WHERE person_id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, person_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    out->materials = store_col_i64(s, 0);
    out->completed = store_col_i64(s, 1);
  }
  store_stmt_done(s);
  if (rc != STORE_ROW && rc != STORE_DONE)
    return rc;
  /* the streak: days with study counted back from today (or yesterday) */
  rc = store_prepare(c,
                     "SELECT day FROM study_day WHERE person_id = ? AND "
                     "day > ? AND day <= ? AND seconds > 0 ORDER BY day DESC",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, person_id);
  store_bind_text(s, 2, d_first);
  store_bind_text(s, 3, d_today);
  expect = today;
  while ((rc = store_step(s, err)) == STORE_ROW) {
    int32_t d;
    if (!time_parse_date(store_col_text(s, 0), &d))
      break;
    if (d == expect - 1 && expect == today && out->streak_days == 0)
      expect = d; /* nothing yet today: the streak may end yesterday */
    if (d != expect)
      break;
    out->streak_days++;
    expect = d - 1;
  }
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

/* The three plans of the unit list (see study_reading_list).  Every one
 * has the same WHERE terms: ?1/?2 unit path range, ?3 one unit (0 = any),
 * ?4 one person (0 = any), ?5 <= last_at < ?6, and the keyset after
 * (?7 last_at, ?8 person, ?9 material) when ?10 = 1; ?11 the limit.  The
 * plain "r.last_at <= ?7" bound lets an index on last_at start at the
 * cursor instead of skipping the rows before it. */
#define LIST_WHERE                                                             \
  " u.id = r.unit_id AND p.id = r.person_id AND m.id = r.material_id AND "     \
  "u.path >= ?1 AND u.path < ?2 AND (?3 = 0 OR r.unit_id = ?3) AND "           \
  "(?4 = 0 OR r.person_id = ?4) AND r.last_at >= ?5 AND r.last_at < ?6 AND "   \
  "r.last_at <= ?7 AND (?10 = 0 OR r.last_at < ?7 OR (r.last_at = ?7 AND "     \
  "(r.person_id < ?8 OR (r.person_id = ?8 AND r.material_id < ?9)))) "         \
  "ORDER BY r.last_at DESC, r.person_id DESC, r.material_id DESC LIMIT ?11"
#define LIST_SELECT "SELECT " READ_COLS ", p.name, u.name FROM "

static const char *const list_sql[] = {
    /* one person: their readings through (person_id, last_at) */
    [STUDY_READING_PLAN_PERSON] = LIST_SELECT
    "reading r CROSS JOIN unit u CROSS JOIN person p CROSS JOIN material m "
    "WHERE r.person_id = ?4 AND" LIST_WHERE,
    /* a wide scope: the newest readings first (reading_last_idx), stopping
     * after a page */
    [STUDY_READING_PLAN_WIDE] = LIST_SELECT
    "reading r CROSS JOIN unit u CROSS JOIN person p CROSS JOIN material m "
    "WHERE" LIST_WHERE,
    /* a narrow scope (a branch): its units, their readings, sorted */
    [STUDY_READING_PLAN_NARROW] = LIST_SELECT
    "unit u CROSS JOIN reading r CROSS JOIN person p CROSS JOIN material m "
    "WHERE" LIST_WHERE,
};

enum study_reading_plan
study_reading_plan_for(const struct study_reading_query *q)
{
  int slashes = 0;
  if (q->plan)
    return q->plan;
  if (q->person_id > 0)
    return STUDY_READING_PLAN_PERSON;
  if (q->unit_only)
    return STUDY_READING_PLAN_NARROW;
  for (const char *p = q->path_lo; p && *p; p++)
    slashes += *p == '/';
  /* "/" (everything), "/1/" (the root), "/1/5/" (a town or department) */
  return slashes <= 3 ? STUDY_READING_PLAN_WIDE : STUDY_READING_PLAN_NARROW;
}

int study_reading_list(struct store_conn *c, struct arena *a,
                       const struct study_reading_query *q,
                       const struct study_reading_page *pg,
                       struct study_reading **out, int *out_n, int *out_more,
                       struct lx_err *err)
{
  struct store_stmt *s;
  enum study_reading_plan plan = study_reading_plan_for(q);
  int rc;
  if ((unsigned)plan >= LX_COUNT(list_sql) || !list_sql[plan])
    plan = STUDY_READING_PLAN_NARROW;
  rc = store_prepare(c, list_sql[plan], &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, q->path_lo);
  store_bind_text(s, 2, q->path_hi);
  store_bind_i64(s, 3, q->unit_only);
  store_bind_i64(s, 4, q->person_id);
  store_bind_i64(s, 5, q->from_ms > 0 ? q->from_ms : INT64_MIN);
  store_bind_i64(s, 6, q->to_ms > 0 ? q->to_ms : INT64_MAX);
  store_bind_i64(s, 7, pg->has_after ? pg->after_last_at : INT64_MAX);
  store_bind_i64(s, 8, pg->after_person_id);
  store_bind_i64(s, 9, pg->after_material_id);
  store_bind_i64(s, 10, pg->has_after ? 1 : 0);
  store_bind_i64(s, 11, pg->limit + 1);
  return collect(s, a, pg->limit, out, out_n, out_more, 1, err);
}

/*
 * stats.c — study statistics over study_day and reading (see stats.h).
 *
 * Unit level: for each row (the parent's own persons, then each direct
 * child's subtree) three indexed queries: persons (person_unit_path_idx),
 * participants and seconds (study_day_unit_secs_idx, index-only), and
 * completed readings (reading_unit_completed_idx, index-only).  Member
 * level: one grouped query over the subtree's persons with their
 * study_day rows (primary key range per person) and completed readings.
 */
#include "domain/study/stats.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "domain/policy/policy.h"
#include "domain/study/action.h"
#include "domain/study/plan.h"
#include "domain/study/reflection.h"
#include "domain/study/session.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS 86400000LL

/* ---- period ----------------------------------------------------------- */

static int parse_end(const char *s, const char *field, int32_t *out,
                     struct lx_err *err)
{
  if (!time_parse_date(s, out))
    return err_setf(err, LX_EINVAL, "field.date", field,
                    "%s 须为 YYYY-MM-DD 格式的日期",
                    strcmp(field, "from") ? "结束日期" : "开始日期");
  return LX_OK;
}

int study_stats_period_parse(const char *from, const char *to, int32_t today,
                             int offset_min, struct study_stats_period *out,
                             struct lx_err *err)
{
  int has_from = from && *from, has_to = to && *to;
  int rc;
  memset(out, 0, sizeof *out);
  if (has_from != has_to)
    return err_set(err, LX_EINVAL, "stats.period_half",
                   has_from ? "to" : "from", "开始日期和结束日期须同时给出");
  if (!has_from) {
    char ymd[16];
    int y, m;
    time_format_date(today, ymd, sizeof ymd);
    if (sscanf(ymd, "%d-%d", &y, &m) != 2)
      return err_set(err, LX_EINVAL, "field.date", "from", "日期无效");
    out->from_day = time_days_from_civil(y, m, 1);
    out->to_day = (m == 12 ? time_days_from_civil(y + 1, 1, 1)
                           : time_days_from_civil(y, m + 1, 1)) -
                  1;
  } else {
    rc = parse_end(from, "from", &out->from_day, err);
    if (!rc)
      rc = parse_end(to, "to", &out->to_day, err);
    if (rc)
      return rc;
    if (out->to_day < out->from_day)
      return err_set(err, LX_EINVAL, "stats.period_order", "to",
                     "结束日期不能早于开始日期");
    if (out->to_day - out->from_day + 1 > STUDY_STATS_MAX_DAYS)
      return err_setf(err, LX_EINVAL, "stats.period_too_long", "to",
                      "统计区间最长 %d 天", STUDY_STATS_MAX_DAYS);
  }
  time_format_date(out->from_day, out->from, sizeof out->from);
  time_format_date(out->to_day, out->to, sizeof out->to);
  out->from_ms = (int64_t)out->from_day * DAY_MS - (int64_t)offset_min * 60000;
  out->to_ms =
      ((int64_t)out->to_day + 1) * DAY_MS - (int64_t)offset_min * 60000;
  return LX_OK;
}

/* Copies a column's text into a ("" for NULL).  Returns: arena-owned. */
static const char *col_dup(struct arena *a, struct store_stmt *s, int col)
{
  const char *t = store_col_text(s, col);
  return arena_strdup(a, t ? t : "");
}

/* ---- unit level --------------------------------------------------------- */

static void row_unavailable(struct study_stats_row *r)
{
  r->plan_done = r->plan_assigned = -1;
  r->refl_submitted = r->refl_approved = r->refl_featured = -1;
  r->sessions_held = r->attend_expected = r->attend_present = -1;
  r->action_links = r->action_accepted = -1;
}

/* Binds the scope of a row: the subtree [lo, hi) of a path, or (path NULL)
 * the one unit id, at parameters idx and idx + 1 / idx. */
struct where {
  const char *lo, *hi; /* subtree range, or NULL */
  int64_t unit_id;     /* one unit when lo is NULL */
};

static int count_one(struct store_conn *c, const char *sql_range,
                     const char *sql_unit, const struct where *w,
                     const int64_t *extra, int n_extra, int64_t *out, int n_out,
                     struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, w->lo ? sql_range : sql_unit, &s, err);
  int i = 1;
  if (rc)
    return rc;
  if (w->lo) {
    store_bind_text(s, i++, w->lo);
    store_bind_text(s, i++, w->hi);
  } else {
    store_bind_i64(s, i++, w->unit_id);
  }
  for (int k = 0; k < n_extra; k++)
    store_bind_i64(s, i++, extra[k]);
  rc = store_step(s, err);
  for (int k = 0; k < n_out; k++)
    out[k] = rc == STORE_ROW ? store_col_i64(s, k) : 0;
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

/* Same as count_one with the period's two day texts bound after the
 * scope. */
static int study_of(struct store_conn *c, const struct where *w,
                    const struct study_stats_period *p, int64_t *participants,
                    int64_t *seconds, struct lx_err *err)
{
  static const char range[] =
      "SELECT count(DISTINCT d.person_id), COALESCE(sum(d.seconds), 0) "
      "FROM unit u JOIN study_day d ON d.unit_id = u.id "
      "WHERE u.path >= ? AND u.path < ? AND d.day >= ? AND d.day <= ? "
      "AND d.seconds > 0";
  static const char one[] =
      "SELECT count(DISTINCT d.person_id), COALESCE(sum(d.seconds), 0) "
      "FROM study_day d WHERE d.unit_id = ? AND d.day >= ? AND d.day <= ? "
      "AND d.seconds > 0";
  struct store_stmt *s;
  int i = 1;
  int rc = store_prepare(c, w->lo ? range : one, &s, err);
  if (rc)
    return rc;
  if (w->lo) {
    store_bind_text(s, i++, w->lo);
    store_bind_text(s, i++, w->hi);
  } else {
    store_bind_i64(s, i++, w->unit_id);
  }
  store_bind_text(s, i++, p->from);
  store_bind_text(s, i, p->to);
  rc = store_step(s, err);
  *participants = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
  *seconds = rc == STORE_ROW ? store_col_i64(s, 1) : 0;
  store_stmt_done(s);
  return rc == STORE_ROW || rc == STORE_DONE ? LX_OK : rc;
}

/* The other modules' figures for a subtree (path) over p: plan
 * completion (plan.h), reflections (reflection.h), sessions and
 * attendance (session.h), 学史力行 links (action.h). */
static int extras_of(struct store_conn *c, const char *path,
                     const struct study_stats_period *p,
                     struct study_stats_row *r, struct lx_err *err)
{
  int rc = study_plan_completion_for_unit(
      c, path, p->from, p->to, &r->plan_done, &r->plan_assigned, err);
  if (!rc)
    rc = study_reflection_counts_for_unit(c, path, p->from, p->to,
                                          &r->refl_submitted, &r->refl_approved,
                                          &r->refl_featured, err);
  if (!rc)
    rc = study_session_counts_for_unit(c, path, p->from, p->to,
                                       &r->sessions_held, &r->attend_expected,
                                       &r->attend_present, err);
  if (!rc)
    rc = study_action_count_for_unit(c, path, p->from, p->to, &r->action_links,
                                     &r->action_accepted, err);
  if (rc)
    row_unavailable(r);
  return rc;
}

/* Fills members, participants, seconds and completed of r for w. */
static int figures_of(struct store_conn *c, const struct where *w,
                      const struct study_stats_period *p,
                      struct study_stats_row *r, struct lx_err *err)
{
  int64_t period[2] = {p->from_ms, p->to_ms};
  int rc = count_one(c,
                     "SELECT count(*) FROM person WHERE unit_path >= ? AND "
                     "unit_path < ?",
                     "SELECT count(*) FROM person WHERE unit_id = ?", w, NULL,
                     0, &r->members, 1, err);
  if (!rc)
    rc = study_of(c, w, p, &r->participants, &r->seconds, err);
  if (!rc)
    rc = count_one(c,
                   "SELECT count(*) FROM unit u JOIN reading r ON r.unit_id = "
                   "u.id WHERE u.path >= ? AND u.path < ? AND r.completed_at "
                   ">= ? AND r.completed_at < ?",
                   "SELECT count(*) FROM reading r WHERE r.unit_id = ? AND "
                   "r.completed_at >= ? AND r.completed_at < ?",
                   w, period, 2, &r->completed, 1, err);
  return rc;
}

static int unit_rows(struct store_conn *c, struct arena *a, int64_t unit_id,
                     const char *unit_path, const struct study_stats_period *p,
                     struct study_stats *out, struct lx_err *err)
{
  struct store_stmt *s;
  struct study_stats_row *rows;
  int cap = 16, n = 0, rc;
  int64_t direct = 0;
  struct where w = {NULL, NULL, unit_id};
  rc = count_one(c, NULL, "SELECT count(*) FROM person WHERE unit_id = ?", &w,
                 NULL, 0, &direct, 1, err);
  if (rc)
    return rc;
  rows = arena_zalloc(a, sizeof *rows * (size_t)cap);
  if (direct > 0) {
    rows[n].id = unit_id;
    rows[n].self = 1;
    rows[n].name = "本级";
    rows[n].kind = "";
    n++;
  }
  rc = store_prepare(c,
                     "SELECT u.id, u.name, u.kind, u.path, (SELECT count(*) "
                     "FROM unit k WHERE k.parent_id = u.id) FROM unit u "
                     "WHERE u.parent_id = ? ORDER BY u.sort, u.id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, unit_id);
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == cap) {
      struct study_stats_row *more =
          arena_zalloc(a, sizeof *rows * (size_t)cap * 2);
      memcpy(more, rows, sizeof *rows * (size_t)n);
      rows = more;
      cap *= 2;
    }
    rows[n].id = store_col_i64(s, 0);
    rows[n].name = col_dup(a, s, 1);
    rows[n].kind = col_dup(a, s, 2);
    /* the path rides in unit_name until the figures are read */
    rows[n].unit_name = col_dup(a, s, 3);
    rows[n].n_children = store_col_i64(s, 4);
    n++;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  for (int i = 0; i < n; i++) {
    struct study_stats_row *r = &rows[i];
    char hi[256];
    const char *path = r->self ? NULL : r->unit_name;
    struct where wr = {NULL, NULL, r->id};
    if (path) {
      policy_path_hi(path, hi, sizeof hi);
      wr.lo = path;
      wr.hi = hi;
    }
    rc = figures_of(c, &wr, p, r, err);
    if (!rc && path)
      rc = extras_of(c, path, p, r, err);
    if (r->self)
      row_unavailable(r); /* the modules count subtrees only */
    r->unit_name = NULL;
    if (rc)
      return rc;
  }
  out->rows = rows;
  out->n_rows = n;
  {
    char hi[256];
    struct where wt;
    policy_path_hi(unit_path, hi, sizeof hi);
    wt.lo = unit_path;
    wt.hi = hi;
    wt.unit_id = unit_id;
    rc = figures_of(c, &wt, p, &out->totals, err);
    if (!rc)
      rc = extras_of(c, unit_path, p, &out->totals, err);
  }
  return rc;
}

/* ---- member level ---------------------------------------------------------
 */

static int member_rows(struct store_conn *c, struct arena *a,
                       const char *unit_path,
                       const struct study_stats_period *p,
                       struct study_stats *out, struct lx_err *err)
{
  struct store_stmt *s;
  struct study_stats_row *rows;
  char hi[256];
  int64_t n_people = 0;
  int n = 0, rc;
  struct where w;
  policy_path_hi(unit_path, hi, sizeof hi);
  w.lo = unit_path;
  w.hi = hi;
  w.unit_id = 0;
  rc = count_one(c,
                 "SELECT count(*) FROM person WHERE unit_path >= ? AND "
                 "unit_path < ?",
                 NULL, &w, NULL, 0, &n_people, 1, err);
  if (rc)
    return rc;
  if (n_people > STUDY_STATS_MAX_MEMBERS)
    return err_setf(err, LX_EINVAL, "stats.too_many_members", "level",
                    "该单位共有 %lld 名党员，超过按党员统计的上限 %d "
                    "名，请选择下级单位后再查看",
                    (long long)n_people, STUDY_STATS_MAX_MEMBERS);
  rows = arena_zalloc(a, sizeof *rows * (size_t)(n_people + 1));
  rc = store_prepare(
      c,
      "SELECT p.id, p.name, p.position, un.name, "
      "COALESCE(sum(d.seconds), 0), count(d.day), max(d.day), "
      "(SELECT count(*) FROM reading r WHERE r.person_id = p.id AND "
      "r.last_at >= ?1 AND r.completed_at >= ?1 AND r.completed_at < ?2) "
      "FROM person p JOIN unit un ON un.id = p.unit_id "
      "LEFT JOIN study_day d ON d.person_id = p.id AND d.day >= ?3 AND "
      "d.day <= ?4 AND d.seconds > 0 "
      "WHERE p.unit_path >= ?5 AND p.unit_path < ?6 "
      "GROUP BY p.id, p.name, p.position, un.name, p.unit_path "
      "ORDER BY p.unit_path, p.id LIMIT ?7",
      &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, p->from_ms);
  store_bind_i64(s, 2, p->to_ms);
  store_bind_text(s, 3, p->from);
  store_bind_text(s, 4, p->to);
  store_bind_text(s, 5, unit_path);
  store_bind_text(s, 6, hi);
  store_bind_i64(s, 7, n_people);
  memset(&out->totals, 0, sizeof out->totals);
  while ((rc = store_step(s, err)) == STORE_ROW) {
    struct study_stats_row *r = &rows[n++];
    const char *last = store_col_text(s, 6);
    r->id = store_col_i64(s, 0);
    r->name = col_dup(a, s, 1);
    r->kind = col_dup(a, s, 2);
    r->unit_name = col_dup(a, s, 3);
    r->members = 1;
    r->seconds = store_col_i64(s, 4);
    r->active_days = store_col_i64(s, 5);
    r->participants = r->seconds > 0;
    snprintf(r->last_day, sizeof r->last_day, "%s", last ? last : "");
    r->completed = store_col_i64(s, 7);
    row_unavailable(r);
    out->totals.members++;
    out->totals.participants += r->participants;
    out->totals.seconds += r->seconds;
    out->totals.completed += r->completed;
    out->totals.active_days += r->active_days;
    if (n > n_people)
      break;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  out->rows = rows;
  out->n_rows = n;
  return extras_of(c, unit_path, p, &out->totals, err);
}

int study_stats_table(struct store_conn *c, struct arena *a, int64_t unit_id,
                      const char *unit_path, const struct study_stats_period *p,
                      enum study_stats_level level, struct study_stats *out,
                      struct lx_err *err)
{
  memset(out, 0, sizeof *out);
  out->level = level;
  if (level == STUDY_STATS_MEMBERS)
    return member_rows(c, a, unit_path, p, out, err);
  return unit_rows(c, a, unit_id, unit_path, p, out, err);
}

/* ---- trend ------------------------------------------------------------------
 */

int study_stats_trend(struct store_conn *c, struct arena *a,
                      const char *unit_path, const struct study_stats_period *p,
                      struct study_stats_day **out, int *out_n,
                      struct lx_err *err)
{
  struct store_stmt *s;
  struct study_stats_day *days;
  char hi[256];
  int n = p->to_day - p->from_day + 1, rc;
  *out = NULL;
  *out_n = 0;
  if (n < 1 || n > STUDY_STATS_MAX_DAYS)
    return err_set(err, LX_EINVAL, "stats.period_too_long", "to",
                   "统计区间无效");
  days = arena_zalloc(a, sizeof *days * (size_t)n);
  for (int i = 0; i < n; i++)
    time_format_date(p->from_day + i, days[i].day, sizeof days[i].day);
  policy_path_hi(unit_path, hi, sizeof hi);
  rc = store_prepare(c,
                     "SELECT d.day, sum(d.seconds), count(*) FROM unit u "
                     "JOIN study_day d ON d.unit_id = u.id WHERE u.path >= ? "
                     "AND u.path < ? AND d.day >= ? AND d.day <= ? AND "
                     "d.seconds > 0 GROUP BY d.day ORDER BY d.day",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, unit_path);
  store_bind_text(s, 2, hi);
  store_bind_text(s, 3, p->from);
  store_bind_text(s, 4, p->to);
  while ((rc = store_step(s, err)) == STORE_ROW) {
    int32_t d;
    const char *day = store_col_text(s, 0);
    if (!day || !time_parse_date(day, &d) || d < p->from_day || d > p->to_day)
      continue;
    days[d - p->from_day].seconds = store_col_i64(s, 1);
    days[d - p->from_day].participants = store_col_i64(s, 2);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  *out = days;
  *out_n = n;
  return LX_OK;
}

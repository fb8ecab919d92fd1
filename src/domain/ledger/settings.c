/*
 * settings.c — ledger settings and the work calendar in the store, the
 * in-memory rules every health computation reads, and the health
 * recompute (see settings.h).
 */
#include "domain/ledger/settings.h"

#include "base/timeutil.h"
#include "domain/ledger/lifecycle.h"
#include "store/store.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* ---- settings ---------------------------------------------------------- */

static const struct {
  const char *key;
  size_t off;
  int def;
} keys[] = {
    {"warn_days", offsetof(struct ledger_settings, warn_days), 7},
    {"count_mode", offsetof(struct ledger_settings, count_mode), 0},
    {"lag_threshold", offsetof(struct ledger_settings, lag_threshold), 20},
    {"lag_warn_threshold", offsetof(struct ledger_settings, lag_warn_threshold),
     10},
    {"extension_min_days", offsetof(struct ledger_settings, extension_min_days),
     0},
};

static int *slot(struct ledger_settings *s, size_t i)
{
  return (int *)(void *)((char *)s + keys[i].off);
}

void ledger_settings_default(struct ledger_settings *s)
{
  for (size_t i = 0; i < LX_COUNT(keys); i++)
    *slot(s, i) = keys[i].def;
}

int ledger_settings_check(const struct ledger_settings *s, struct lx_err *err)
{
  if (s->warn_days < 0 || s->warn_days > 60)
    return err_set(err, LX_EINVAL, "settings.range", "warn_days",
                   "预警天数应在 0 至 60 之间");
  if (s->count_mode != LEDGER_COUNT_NATURAL &&
      s->count_mode != LEDGER_COUNT_WORKING)
    return err_set(err, LX_EINVAL, "settings.range", "count_mode",
                   "计算方式只能是自然日或工作日");
  if (s->lag_threshold < 1 || s->lag_threshold > 100)
    return err_set(err, LX_EINVAL, "settings.range", "lag_threshold",
                   "滞后阈值应在 1 至 100 个百分点之间");
  if (s->lag_warn_threshold < 0 || s->lag_warn_threshold >= s->lag_threshold)
    return err_set(err, LX_EINVAL, "settings.range", "lag_warn_threshold",
                   "进度预警阈值应不小于 0 且小于滞后阈值");
  if (s->extension_min_days < 0 || s->extension_min_days > 60)
    return err_set(err, LX_EINVAL, "settings.range", "extension_min_days",
                   "延期申请提前天数应在 0 至 60 之间");
  return LX_OK;
}

void ledger_settings_rules(const struct ledger_settings *s,
                           struct ledger_health_rules *r)
{
  r->warn_days = s->warn_days;
  r->warn_gap_pct = s->lag_warn_threshold;
  r->lag_gap_pct = s->lag_threshold;
  r->working_days = s->count_mode == LEDGER_COUNT_WORKING;
}

int ledger_settings_load(struct store_conn *c, struct ledger_settings *out,
                         struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT key, value FROM ledger_setting", &s, err);
  ledger_settings_default(out);
  if (rc)
    return rc;
  while ((rc = store_step(s, err)) == STORE_ROW) {
    const char *k = store_col_text(s, 0);
    int64_t v = store_col_i64(s, 1);
    for (size_t i = 0; k && i < LX_COUNT(keys); i++)
      if (!strcmp(k, keys[i].key) && v >= -1000000 && v <= 1000000)
        *slot(out, i) = (int)v;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  {
    struct ledger_settings def;
    struct lx_err ignored;
    if (ledger_settings_check(out, &ignored)) { /* hand-edited: defaults */
      ledger_settings_default(&def);
      *out = def;
    }
  }
  return LX_OK;
}

int ledger_settings_save(struct store_conn *c, const struct ledger_settings *s,
                         struct lx_err *err)
{
  struct ledger_settings tmp = *s;
  int64_t now = time_now_ms();
  int rc = ledger_settings_check(s, err);
  for (size_t i = 0; !rc && i < LX_COUNT(keys); i++) {
    struct store_stmt *st;
    rc = store_prepare(c,
                       "INSERT INTO ledger_setting(key, value, updated_at) "
                       "VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                       "value = excluded.value, updated_at = "
                       "excluded.updated_at",
                       &st, err);
    if (rc)
      break;
    store_bind_text(st, 1, keys[i].key);
    store_bind_i64(st, 2, *slot(&tmp, i));
    store_bind_i64(st, 3, now);
    rc = store_run(st, err);
  }
  return rc;
}

/* ---- the calendar in the store ------------------------------------------ */

static const struct {
  int year;
} builtin_years[] = {{2026}};

int ledger_calendar_install(struct store_conn *c, struct lx_err *err)
{
  struct ledger_cal all;
  int rc = LX_OK;
  ledger_cal_init(&all);
  for (size_t k = 0; !rc && k < LX_COUNT(builtin_years); k++) {
    int y = builtin_years[k].year;
    int64_t have = 0;
    struct ledger_cal one;
    rc = store_query_i64(c,
                         "SELECT count(*) FROM work_calendar_year WHERE "
                         "year = ?",
                         1, y, &have, err);
    if (rc || have)
      continue;
    if (!all.n && (rc = ledger_cal_load_default(&all, err)) != LX_OK)
      break;
    ledger_cal_init(&one);
    for (int i = 0; i < all.n; i++)
      if (ledger_cal_year_of(all.days[i].day) == y &&
          ledger_cal_add(&one, all.days[i].day, all.days[i].kind,
                         all.days[i].name, err) != LX_OK) {
        rc = LX_EINTERNAL;
        break;
      }
    if (!rc)
      rc = ledger_calendar_save_year(c, y, &one, "builtin", err);
    ledger_cal_reset(&one);
  }
  ledger_cal_reset(&all);
  return rc;
}

int ledger_calendar_load(struct store_conn *c, int year, struct ledger_cal *out,
                         int *out_maintained, struct lx_err *err)
{
  struct store_stmt *s;
  char lo[16], hi[16];
  int rc;
  snprintf(lo, sizeof lo, "%04d-01-01", year ? year : 1900);
  snprintf(hi, sizeof hi, "%04d-12-31", year ? year : 9999);
  if (out_maintained) {
    int64_t have = 0;
    rc = store_query_i64(c,
                         "SELECT count(*) FROM work_calendar_year WHERE "
                         "year = ?",
                         1, year, &have, err);
    if (rc)
      return rc;
    *out_maintained = have > 0;
  }
  rc = store_prepare(c,
                     "SELECT day, kind, name FROM work_calendar_day WHERE "
                     "day >= ? AND day <= ? ORDER BY day",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, lo);
  store_bind_text(s, 2, hi);
  while ((rc = store_step(s, err)) == STORE_ROW) {
    int32_t d;
    const char *kind = store_col_text(s, 1), *name = store_col_text(s, 2);
    struct lx_err ignored;
    if (!time_parse_date(store_col_text(s, 0), &d))
      continue; /* not written by this program: ignored */
    if (ledger_cal_add(out, d,
                       kind && !strcmp(kind, "workday") ? LEDGER_CAL_WORKDAY
                                                        : LEDGER_CAL_HOLIDAY,
                       name, &ignored) != LX_OK)
      continue;
  }
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

int ledger_calendar_save_year(struct store_conn *c, int year,
                              const struct ledger_cal *days, const char *source,
                              struct lx_err *err)
{
  struct store_stmt *s;
  char lo[16], hi[16], d[16];
  int64_t now = time_now_ms();
  int rc;
  for (int i = 0; i < days->n; i++)
    if (ledger_cal_year_of(days->days[i].day) != year)
      return err_set(err, LX_EINVAL, "calendar.wrong_year", "days",
                     "日期不在所选年份内");
  snprintf(lo, sizeof lo, "%04d-01-01", year);
  snprintf(hi, sizeof hi, "%04d-12-31", year);
  rc = store_prepare(c,
                     "DELETE FROM work_calendar_day WHERE day >= ? AND "
                     "day <= ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, lo);
  store_bind_text(s, 2, hi);
  rc = store_run(s, err);
  for (int i = 0; !rc && i < days->n; i++) {
    rc = store_prepare(c,
                       "INSERT INTO work_calendar_day(day, kind, name, "
                       "updated_at) VALUES (?, ?, ?, ?)",
                       &s, err);
    if (rc)
      break;
    time_format_date(days->days[i].day, d, sizeof d);
    store_bind_text(s, 1, d);
    store_bind_text(s, 2, ledger_cal_kind_code(days->days[i].kind));
    store_bind_text(s, 3, days->days[i].name);
    store_bind_i64(s, 4, now);
    rc = store_run(s, err);
  }
  if (rc)
    return rc;
  rc = store_prepare(c,
                     "INSERT INTO work_calendar_year(year, source, "
                     "updated_at) VALUES (?, ?, ?) ON CONFLICT(year) DO "
                     "UPDATE SET source = excluded.source, updated_at = "
                     "excluded.updated_at",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, year);
  store_bind_text(s, 2, source ? source : "edit");
  store_bind_i64(s, 3, now);
  return store_run(s, err);
}

/* ---- the in-memory rules ------------------------------------------------ */

static pthread_rwlock_t rules_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_once_t rules_once = PTHREAD_ONCE_INIT;
static struct ledger_settings cur_settings;
static struct ledger_cal cur_cal;
static uint64_t cur_gen;

/* First use without a reload: defaults and the built-in calendar. */
static void rules_init(void)
{
  struct lx_err ignored;
  ledger_settings_default(&cur_settings);
  ledger_cal_init(&cur_cal);
  if (ledger_cal_load_default(&cur_cal, &ignored) != LX_OK)
    ledger_cal_reset(&cur_cal);
}

int ledger_rules_reload(struct store_conn *c, struct lx_err *err)
{
  struct ledger_settings s;
  struct ledger_cal cal, old;
  int rc;
  pthread_once(&rules_once, rules_init);
  ledger_cal_init(&cal);
  rc = ledger_settings_load(c, &s, err);
  if (!rc)
    rc = ledger_calendar_load(c, 0, &cal, NULL, err);
  if (rc) {
    ledger_cal_reset(&cal);
    return rc;
  }
  pthread_rwlock_wrlock(&rules_lock);
  old = cur_cal;
  cur_cal = cal;
  cur_settings = s;
  cur_gen++;
  pthread_rwlock_unlock(&rules_lock);
  ledger_cal_reset(&old);
  return LX_OK;
}

uint64_t ledger_rules_generation(void)
{
  uint64_t g;
  pthread_once(&rules_once, rules_init);
  pthread_rwlock_rdlock(&rules_lock);
  g = cur_gen;
  pthread_rwlock_unlock(&rules_lock);
  return g;
}

void ledger_rules_settings(struct ledger_settings *out)
{
  pthread_once(&rules_once, rules_init);
  pthread_rwlock_rdlock(&rules_lock);
  *out = cur_settings;
  pthread_rwlock_unlock(&rules_lock);
}

void ledger_rules_health(const struct ledger_health_in *in,
                         struct ledger_health_out *out)
{
  struct ledger_health_rules r;
  pthread_once(&rules_once, rules_init);
  pthread_rwlock_rdlock(&rules_lock);
  ledger_settings_rules(&cur_settings, &r);
  ledger_health_eval(in, &r, &cur_cal, out);
  pthread_rwlock_unlock(&rules_lock);
}

int ledger_rules_span(int32_t a, int32_t b)
{
  int n;
  pthread_once(&rules_once, rules_init);
  pthread_rwlock_rdlock(&rules_lock);
  n = cur_settings.count_mode == LEDGER_COUNT_WORKING
          ? ledger_cal_workdays_between(&cur_cal, a, b)
          : (int)(b - a);
  pthread_rwlock_unlock(&rules_lock);
  return n;
}

void ledger_rules_shutdown(void)
{
  struct ledger_cal old;
  pthread_once(&rules_once, rules_init);
  pthread_rwlock_wrlock(&rules_lock);
  old = cur_cal;
  ledger_cal_init(&cur_cal);
  ledger_settings_default(&cur_settings);
  cur_gen++;
  pthread_rwlock_unlock(&rules_lock);
  ledger_cal_reset(&old);
}

/* ---- recompute ------------------------------------------------------------
 */

struct rrow {
  int64_t id;
  enum ledger_state st;
  int32_t start, due;
  int progress;
  char health[16];
};

int ledger_recompute_batch(struct store_conn *c, int64_t after_id, int limit,
                           int32_t today, int64_t *out_last, int *out_seen,
                           int *out_changed, struct lx_err *err)
{
  struct rrow rows[LEDGER_RECOMPUTE_BATCH];
  struct store_stmt *s;
  int n = 0, rc;
  if (limit <= 0 || limit > LEDGER_RECOMPUTE_BATCH)
    limit = LEDGER_RECOMPUTE_BATCH;
  *out_last = 0;
  rc = store_prepare(c,
                     "SELECT id, state, start_date, due_date, progress, "
                     "health FROM ledger_item WHERE id > ? AND state IN "
                     "('issued', 'signed', 'in_progress', "
                     "'closure_requested') ORDER BY id LIMIT ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, after_id);
  store_bind_i64(s, 2, limit);
  while ((rc = store_step(s, err)) == STORE_ROW && n < limit) {
    struct rrow *r = &rows[n++];
    const char *st = store_col_text(s, 1), *a = store_col_text(s, 2),
               *b = store_col_text(s, 3), *h = store_col_text(s, 5);
    r->id = store_col_i64(s, 0);
    if (!st || !ledger_state_parse(st, &r->st))
      r->st = LEDGER_DRAFT;
    if (!a || !time_parse_date(a, &r->start))
      r->start = LEDGER_NO_DATE;
    if (!b || !time_parse_date(b, &r->due))
      r->due = LEDGER_NO_DATE;
    r->progress = (int)store_col_i64(s, 4);
    snprintf(r->health, sizeof r->health, "%s", h ? h : "");
  }
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  rc = LX_OK;
  for (int i = 0; !rc && i < n; i++) {
    struct ledger_health_in hi = {rows[i].st, rows[i].start, rows[i].due, today,
                                  rows[i].progress};
    struct ledger_health_out ho;
    const char *code;
    ledger_rules_health(&hi, &ho);
    code = ledger_health_code(ho.health);
    if (!strcmp(code, rows[i].health))
      continue;
    rc = store_prepare(c, "UPDATE ledger_item SET health = ? WHERE id = ?", &s,
                       err);
    if (rc)
      break;
    store_bind_text(s, 1, code);
    store_bind_i64(s, 2, rows[i].id);
    rc = store_run(s, err);
    if (!rc)
      (*out_changed)++;
  }
  if (!rc) {
    *out_seen += n;
    *out_last = n ? rows[n - 1].id : 0;
  }
  return rc;
}

struct rjob {
  int64_t after, last;
  int32_t today;
  int seen, changed;
};

static int recompute_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct rjob *j = ctx;
  int seen = 0, changed = 0;
  int rc = ledger_recompute_batch(c, j->after, LEDGER_RECOMPUTE_BATCH, j->today,
                                  &j->last, &seen, &changed, err);
  if (!rc) {
    j->seen += seen;
    j->changed += changed;
  }
  return rc;
}

int ledger_recompute_all(struct store *st, int32_t today, int *out_seen,
                         int *out_changed, struct lx_err *err)
{
  struct rjob j = {0, 0, today, 0, 0};
  int rc;
  do {
    rc = store_write(st, recompute_job, &j, err);
    j.after = j.last;
  } while (!rc && j.last);
  *out_seen = j.seen;
  *out_changed = j.changed;
  return rc;
}

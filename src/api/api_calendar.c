/*
 * api_calendar.c — the work calendar (工作日历) and the ledger settings
 * (台账设置):
 *   GET  /api/v1/calendar?year=             special days + working days
 *                                           per month (ledger.read)
 *   PUT  /api/v1/calendar/:year {days:[…]}  replace a year (ledger.admin)
 *   POST /api/v1/calendar/import?dry_run=1  a year from .xlsx (日期, 类型,
 *                                           名称), preview or commit
 *   GET  /api/v1/ledger-settings            thresholds (ledger.read)
 *   PUT  /api/v1/ledger-settings            change them (ledger.admin)
 *   POST /api/v1/ledger-settings/recompute  recompute health now
 * Every change is validated whole (nothing written on any error; every
 * bad entry is listed in "errors"), audited in its write job, reloads the
 * in-memory rules and recomputes the health of the open items.
 */
#include "api/api_org.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "domain/ledger/settings.h"
#include "io/xlsx_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ERRS 100
#define MAX_ENTRIES 400 /* special days one year list may hold */
#define YEAR_MIN 2000
#define YEAR_MAX 2100

/* ---- shared ------------------------------------------------------------ */

static int year_of_today(void)
{
  return ledger_cal_year_of(api_today());
}

static int parse_year(struct req *r, const char *s, const char *field, int *out)
{
  char *end = NULL;
  long y = s && *s ? strtol(s, &end, 10) : 0;
  if (!s || !*s || !end || *end || y < YEAR_MIN || y > YEAR_MAX)
    return err_setf(&r->err, LX_EINVAL, "calendar.bad_year", field,
                    "年份无效（应为 %d 至 %d 之间的四位数字）", YEAR_MIN,
                    YEAR_MAX);
  *out = (int)y;
  return LX_OK;
}

/* 400 with every error: the envelope names the first, and carries
 * error_count and errors:[{code, field, message}] (as the item import). */
static int render_errors(struct resp *w, const struct lx_err *errs, int n,
                         int shown)
{
  struct jw j;
  jw_init(&j, api_json(w, 400));
  jw_obj(&j);
  jw_key(&j, "error");
  jw_obj(&j);
  jw_kstr(&j, "code", "calendar.invalid");
  {
    char msg[400];
    snprintf(msg, sizeof msg, "共 %d 处错误，未做任何修改。%s", n,
             shown ? errs[0].message : "");
    jw_kstr(&j, "message", msg);
  }
  jw_kstr(&j, "field", shown ? errs[0].field : "");
  jw_ki64(&j, "error_count", n);
  jw_key(&j, "errors");
  jw_arr(&j);
  for (int i = 0; i < shown; i++) {
    jw_obj(&j);
    jw_kstr(&j, "code", errs[i].code);
    jw_kstr(&j, "field", errs[i].field);
    jw_kstr(&j, "message", errs[i].message);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_obj_end(&j);
  jw_obj_end(&j);
  return LX_OK;
}

static void days_json(struct jw *j, const struct ledger_cal *cal)
{
  char d[16];
  jw_key(j, "days");
  jw_arr(j);
  for (int i = 0; i < cal->n; i++) {
    time_format_date(cal->days[i].day, d, sizeof d);
    jw_obj(j);
    jw_kstr(j, "day", d);
    jw_kstr(j, "kind", ledger_cal_kind_code(cal->days[i].kind));
    jw_kstr(j, "kind_label", ledger_cal_kind_label(cal->days[i].kind));
    jw_kstr(j, "name", cal->days[i].name);
    jw_ki64(j, "weekday", ledger_cal_weekday(cal->days[i].day));
    jw_obj_end(j);
  }
  jw_arr_end(j);
}

/* Working days per month of year on cal. */
static void months_json(struct jw *j, const struct ledger_cal *cal, int year)
{
  int total = 0;
  jw_key(j, "months");
  jw_arr(j);
  for (int m = 1; m <= 12; m++) {
    int32_t first = time_days_from_civil(year, m, 1);
    int32_t next = m == 12 ? time_days_from_civil(year + 1, 1, 1)
                           : time_days_from_civil(year, m + 1, 1);
    int n = ledger_cal_workdays_between(cal, first - 1, next - 1);
    int hol = 0, mk = 0;
    for (int i = 0; i < cal->n; i++)
      if (cal->days[i].day >= first && cal->days[i].day < next) {
        hol += cal->days[i].kind == LEDGER_CAL_HOLIDAY;
        mk += cal->days[i].kind == LEDGER_CAL_WORKDAY;
      }
    total += n;
    jw_obj(j);
    jw_ki64(j, "month", m);
    jw_ki64(j, "days", next - first);
    jw_ki64(j, "working_days", n);
    jw_ki64(j, "holidays", hol);
    jw_ki64(j, "makeup_workdays", mk);
    jw_obj_end(j);
  }
  jw_arr_end(j);
  jw_ki64(j, "working_days", total);
}

struct recompute_res {
  int seen, changed, ok;
};

/* Recomputes every open item with the rules in force (after a change
 * was committed and the rules reloaded).  Failures are logged into the
 * result, not the request: the change itself is already durable. */
static void recompute(struct req *r, struct recompute_res *res)
{
  struct app *app = r->app;
  struct lx_err err;
  res->ok = ledger_recompute_all(app->store, api_today(), &res->seen,
                                 &res->changed, &err) == LX_OK;
}

static void recompute_json(struct jw *j, const struct recompute_res *res)
{
  jw_key(j, "recompute");
  jw_obj(j);
  jw_kbool(j, "ok", res->ok);
  jw_ki64(j, "items", res->seen);
  jw_ki64(j, "changed", res->changed);
  jw_obj_end(j);
}

/* The calendar of year as the GET answer (plus recompute when given). */
static int render_year(struct req *r, struct resp *w, int year,
                       const struct recompute_res *res, int status)
{
  struct store_conn *c;
  struct store_stmt *s;
  struct ledger_cal cal;
  struct jw j;
  int maintained = 0, rc = api_db(r, &c);
  ledger_cal_init(&cal);
  if (!rc)
    rc = ledger_calendar_load(c, year, &cal, &maintained, &r->err);
  if (rc) {
    ledger_cal_reset(&cal);
    return rc;
  }
  jw_init(&j, api_json(w, status));
  jw_obj(&j);
  jw_ki64(&j, "year", year);
  jw_kbool(&j, "maintained", maintained);
  days_json(&j, &cal);
  months_json(&j, &cal, year);
  jw_key(&j, "years");
  jw_arr(&j);
  rc = store_prepare(c, "SELECT year FROM work_calendar_year ORDER BY year", &s,
                     &r->err);
  if (!rc) {
    while ((rc = store_step(s, &r->err)) == STORE_ROW)
      jw_i64(&j, store_col_i64(s, 0));
    store_stmt_done(s);
    rc = rc == STORE_DONE ? LX_OK : rc;
  }
  jw_arr_end(&j);
  if (res)
    recompute_json(&j, res);
  jw_obj_end(&j);
  ledger_cal_reset(&cal);
  return rc;
}

/* GET /api/v1/calendar?year=2026 */
int api_calendar_get(struct req *r, struct resp *w)
{
  const char *ys = req_query(r, "year");
  int year = year_of_today(), rc = LX_OK;
  if (ys && *ys)
    rc = parse_year(r, ys, "year", &year);
  return rc ? rc : render_year(r, w, year, NULL, 200);
}

struct cal_job {
  struct req *r;
  int year;
  const char *source;
  struct ledger_cal *cal;
};

static int cal_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct cal_job *jb = ctx;
  struct req *r = jb->r;
  struct ledger_cal old;
  int maintained = 0;
  int rc;
  ledger_cal_init(&old);
  rc = ledger_calendar_load(c, jb->year, &old, &maintained, err);
  if (!rc)
    rc = ledger_calendar_save_year(c, jb->year, jb->cal, jb->source, err);
  if (!rc)
    rc = api_audit(
        r, c,
        !strcmp(jb->source, "import") ? "calendar.import" : "calendar.update",
        "calendar", jb->year, "ok",
        arena_printf(r->arena, "{\"year\":%d,\"days\":%d}", jb->year, old.n),
        arena_printf(r->arena, "{\"year\":%d,\"days\":%d}", jb->year,
                     jb->cal->n),
        NULL);
  ledger_cal_reset(&old);
  if (!rc)
    rc = ledger_rules_reload(c, err);
  return rc;
}

static int save_year(struct req *r, struct resp *w, int year,
                     struct ledger_cal *cal, const char *source)
{
  struct cal_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct recompute_res res = {0, 0, 0};
  int rc;
  jb->r = r;
  jb->year = year;
  jb->source = source;
  jb->cal = cal;
  rc = api_write(r, cal_job, jb);
  if (rc)
    return rc;
  recompute(r, &res);
  return render_year(r, w, year, &res, 200);
}

/* PUT /api/v1/calendar/:year {"days":[{"day","kind","name"}]} */
int api_calendar_put(struct req *r, struct resp *w)
{
  struct ledger_cal_entry *e;
  struct lx_err *errs;
  struct ledger_cal cal;
  json_t *body = NULL, *days, *x;
  size_t i;
  int year = 0, n_errs = 0, n;
  int rc = parse_year(r, req_param(r, "year"), "year", &year);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  days = json_object_get(body, "days");
  if (!json_is_array(days)) {
    json_decref(body);
    return err_set(&r->err, LX_EINVAL, "field.required", "days",
                   "请提供该年的特殊日期列表 days（可为空列表）");
  }
  if (json_array_size(days) > MAX_ENTRIES) {
    json_decref(body);
    return err_setf(&r->err, LX_EINVAL, "field.too_long", "days",
                    "一年最多 %d 个特殊日期", MAX_ENTRIES);
  }
  n = (int)json_array_size(days);
  e = arena_zalloc(r->arena, sizeof *e * (size_t)(n + 1));
  errs = arena_zalloc(r->arena, sizeof *errs * MAX_ERRS);
  json_array_foreach(days, i, x)
  {
    json_t *d = json_object_get(x, "day"), *k = json_object_get(x, "kind"),
           *nm = json_object_get(x, "name");
    e[i].row = (int)i + 1;
    e[i].day = json_is_string(d) ? api_keep(r, json_string_value(d)) : NULL;
    e[i].kind = json_is_string(k) ? api_keep(r, json_string_value(k)) : NULL;
    e[i].name = json_is_string(nm) ? api_keep(r, json_string_value(nm)) : NULL;
  }
  json_decref(body);
  ledger_cal_init(&cal);
  if (ledger_cal_build_year(year, e, n, "条", "days", &cal, errs, MAX_ERRS,
                            &n_errs) != LX_OK)
    return render_errors(w, errs, n_errs,
                         n_errs < MAX_ERRS ? n_errs : MAX_ERRS);
  rc = save_year(r, w, year, &cal, "edit");
  ledger_cal_reset(&cal);
  return rc;
}

/* ---- .xlsx import ---------------------------------------------------------
 */

struct imp {
  struct req *r;
  int col_day, col_kind, col_name, header_seen;
  int n, cap;
  struct ledger_cal_entry *e;
  struct lx_err *errs;
  int n_errs;
};

static const char *cell_text(struct req *r, const struct xlsx_cell *cells,
                             int n_cells, int col)
{
  const struct xlsx_cell *c;
  if (col < 0 || col >= n_cells)
    return "";
  c = &cells[col];
  if (c->kind == XLSX_CELL_DATE ||
      (c->kind == XLSX_CELL_NUMBER && !strchr(c->text, '.') &&
       strlen(c->text) <= 6)) {
    /* an Excel serial (1900 system): 25569 is 1970-01-01 */
    char *end = NULL, d[16];
    double v = strtod(c->text, &end);
    if (end && !*end && v >= 1 && v < 2958466) {
      time_format_date((int32_t)v - 25569, d, sizeof d);
      return arena_strdup(r->arena, d);
    }
  }
  return arena_strdup(r->arena, c->text ? c->text : "");
}

static int header_is(const struct xlsx_cell *c, const char *a, const char *b)
{
  const char *t = c->text ? c->text : "";
  while (*t == ' ')
    t++;
  return !strncmp(t, a, strlen(a)) || (b && !strncmp(t, b, strlen(b)));
}

static int imp_row(void *ctx, long row, const struct xlsx_cell *cells,
                   int n_cells, struct lx_err *err)
{
  struct imp *im = ctx;
  struct ledger_cal_entry *x;
  (void)err;
  if (!im->header_seen) {
    im->header_seen = 1;
    for (int i = 0; i < n_cells; i++) {
      if (im->col_day < 0 && header_is(&cells[i], "日期", NULL))
        im->col_day = i;
      else if (im->col_kind < 0 && header_is(&cells[i], "类型", "类别"))
        im->col_kind = i;
      else if (im->col_name < 0 && header_is(&cells[i], "名称", "节日"))
        im->col_name = i;
    }
    return LX_OK;
  }
  if (im->n >= MAX_ENTRIES)
    return err_setf(err, LX_ETOOBIG, "calendar.too_many", "file",
                    "一年最多 %d 个特殊日期", MAX_ENTRIES);
  if (im->n == im->cap) {
    struct ledger_cal_entry *ne;
    im->cap = im->cap ? im->cap * 2 : 64;
    ne = arena_zalloc(im->r->arena, sizeof *ne * (size_t)im->cap);
    if (im->n)
      memcpy(ne, im->e, sizeof *ne * (size_t)im->n);
    im->e = ne;
  }
  x = &im->e[im->n++];
  x->row = (int)row;
  x->day = cell_text(im->r, cells, n_cells, im->col_day);
  x->kind = cell_text(im->r, cells, n_cells, im->col_kind);
  x->name = cell_text(im->r, cells, n_cells, im->col_name);
  return LX_OK;
}

/* POST /api/v1/calendar/import?dry_run=1&year= (the .xlsx is the body) */
int api_calendar_import(struct req *r, struct resp *w)
{
  struct imp im;
  struct ledger_cal cal;
  const char *ys = req_query(r, "year"), *dr = req_query(r, "dry_run");
  int year = 0, dry = dr && (!strcmp(dr, "1") || !strcmp(dr, "true"));
  int n_errs = 0, rc = LX_OK;
  memset(&im, 0, sizeof im);
  im.r = r;
  im.col_day = im.col_kind = im.col_name = -1;
  if (dr && *dr && !dry && strcmp(dr, "0") && strcmp(dr, "false"))
    return err_set(&r->err, LX_EINVAL, "query.invalid", "dry_run",
                   "dry_run 只能是 1 或 0");
  if (ys && *ys && (rc = parse_year(r, ys, "year", &year)) != LX_OK)
    return rc;
  if (!r->body || r->body_len == 0)
    return err_set(&r->err, LX_EINVAL, "xlsx.empty", "file",
                   "请上传 Excel（.xlsx）文件");
  rc = xlsx_read_mem(r->body, r->body_len, NULL, NULL, imp_row, &im, NULL,
                     &r->err);
  if (rc)
    return rc;
  if (im.col_day < 0 || im.col_kind < 0 || im.col_name < 0)
    return err_setf(&r->err, LX_EINVAL, "calendar.bad_header", "file",
                    "第1行应为表头「日期」「类型」「名称」，缺少「%s」列",
                    im.col_day < 0    ? "日期"
                    : im.col_kind < 0 ? "类型"
                                      : "名称");
  if (im.n == 0)
    return err_set(&r->err, LX_EINVAL, "calendar.no_rows", "file",
                   "文件中没有日期行");
  if (!year) { /* the year most readable dates fall in */
    int yv[MAX_ENTRIES], cnt[MAX_ENTRIES], n_ys = 0, best = 0;
    for (int i = 0; i < im.n; i++) {
      int32_t d;
      int y, k;
      if (!im.e[i].day ||
          !ledger_cal_parse_date(im.e[i].day, strlen(im.e[i].day), &d))
        continue;
      y = ledger_cal_year_of(d);
      for (k = 0; k < n_ys && yv[k] != y; k++)
        ;
      if (k == n_ys) {
        yv[n_ys] = y;
        cnt[n_ys++] = 0;
      }
      if (++cnt[k] > best) {
        best = cnt[k];
        year = y;
      }
    }
    if (year && (year < YEAR_MIN || year > YEAR_MAX))
      year = 0;
    if (!year)
      year = year_of_today();
  }
  im.errs = arena_zalloc(r->arena, sizeof *im.errs * MAX_ERRS);
  ledger_cal_init(&cal);
  if (ledger_cal_build_year(year, im.e, im.n, "行", NULL, &cal, im.errs,
                            MAX_ERRS, &n_errs) != LX_OK)
    return render_errors(w, im.errs, n_errs,
                         n_errs < MAX_ERRS ? n_errs : MAX_ERRS);
  if (!dry) {
    rc = save_year(r, w, year, &cal, "import");
  } else {
    struct store_conn *c;
    struct ledger_cal old;
    struct jw j;
    int maintained = 0;
    ledger_cal_init(&old);
    rc = api_db(r, &c);
    if (!rc)
      rc = ledger_calendar_load(c, year, &old, &maintained, &r->err);
    if (!rc) {
      jw_init(&j, api_json(w, 200));
      jw_obj(&j);
      jw_ki64(&j, "year", year);
      jw_kbool(&j, "dry_run", 1);
      jw_ki64(&j, "count", cal.n);
      jw_ki64(&j, "replaces", old.n);
      jw_kbool(&j, "maintained", maintained);
      days_json(&j, &cal);
      months_json(&j, &cal, year);
      jw_obj_end(&j);
    }
    ledger_cal_reset(&old);
  }
  ledger_cal_reset(&cal);
  return rc;
}

/* ---- settings ----------------------------------------------------------- */

static void settings_json(struct jw *j, const struct ledger_settings *s)
{
  jw_ki64(j, "warn_days", s->warn_days);
  jw_kstr(j, "count_mode",
          s->count_mode == LEDGER_COUNT_WORKING ? "working" : "natural");
  jw_ki64(j, "lag_threshold", s->lag_threshold);
  jw_ki64(j, "lag_warn_threshold", s->lag_warn_threshold);
  jw_ki64(j, "extension_min_days", s->extension_min_days);
}

static const char *settings_doc(struct req *r, const struct ledger_settings *s)
{
  return arena_printf(
      r->arena,
      "{\"warn_days\":%d,\"count_mode\":\"%s\","
      "\"lag_threshold\":%d,\"lag_warn_threshold\":%d,"
      "\"extension_min_days\":%d}",
      s->warn_days,
      s->count_mode == LEDGER_COUNT_WORKING ? "working" : "natural",
      s->lag_threshold, s->lag_warn_threshold, s->extension_min_days);
}

static int render_settings(struct req *r, struct resp *w,
                           const struct recompute_res *res)
{
  struct store_conn *c;
  struct ledger_settings s;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = ledger_settings_load(c, &s, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  settings_json(&j, &s);
  if (res)
    recompute_json(&j, res);
  jw_obj_end(&j);
  return LX_OK;
}

/* GET /api/v1/ledger-settings */
int api_ledger_settings_get(struct req *r, struct resp *w)
{
  return render_settings(r, w, NULL);
}

struct set_job {
  struct req *r;
  struct ledger_settings s;
};

static int settings_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct set_job *jb = ctx;
  struct ledger_settings old;
  int rc = ledger_settings_load(c, &old, err);
  if (!rc)
    rc = ledger_settings_save(c, &jb->s, err);
  if (!rc)
    rc = api_audit(jb->r, c, "ledger.settings_update", "ledger_settings", 0,
                   "ok", settings_doc(jb->r, &old), settings_doc(jb->r, &jb->s),
                   NULL);
  if (!rc)
    rc = ledger_rules_reload(c, err);
  return rc;
}

/* PUT /api/v1/ledger-settings {warn_days?, count_mode?, lag_threshold?,
 * lag_warn_threshold?, extension_min_days?} — keys left out keep their
 * value; then every open item is recomputed. */
int api_ledger_settings_put(struct req *r, struct resp *w)
{
  struct set_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct recompute_res res = {0, 0, 0};
  struct store_conn *c;
  const char *mode = NULL;
  json_t *body = NULL;
  int64_t v;
  int present, rc = api_db(r, &c);
  if (!rc)
    rc = ledger_settings_load(c, &jb->s, &r->err);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_int(r, body, "warn_days", 0, -1000, 1000, &v, &present);
  if (!rc && present)
    jb->s.warn_days = (int)v;
  if (!rc)
    rc = api_get_int(r, body, "lag_threshold", 0, -1000, 1000, &v, &present);
  if (!rc && present)
    jb->s.lag_threshold = (int)v;
  if (!rc)
    rc = api_get_int(r, body, "lag_warn_threshold", 0, -1000, 1000, &v,
                     &present);
  if (!rc && present)
    jb->s.lag_warn_threshold = (int)v;
  if (!rc)
    rc = api_get_int(r, body, "extension_min_days", 0, -1000, 1000, &v,
                     &present);
  if (!rc && present)
    jb->s.extension_min_days = (int)v;
  if (!rc)
    rc = api_get_str(r, body, "count_mode", 0, 16, &mode);
  if (!rc && mode) {
    if (!strcmp(mode, "natural"))
      jb->s.count_mode = LEDGER_COUNT_NATURAL;
    else if (!strcmp(mode, "working"))
      jb->s.count_mode = LEDGER_COUNT_WORKING;
    else
      rc = err_set(&r->err, LX_EINVAL, "settings.range", "count_mode",
                   "计算方式只能是 natural（自然日）或 working（工作日）");
  }
  json_decref(body);
  if (!rc)
    rc = ledger_settings_check(&jb->s, &r->err);
  if (rc)
    return rc;
  jb->r = r;
  rc = api_write(r, settings_job, jb);
  if (rc)
    return rc;
  recompute(r, &res);
  return render_settings(r, w, &res);
}

struct rec_job {
  struct req *r;
  struct recompute_res res;
};

static int reload_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  (void)ctx;
  return ledger_rules_reload(c, err);
}

static int rec_audit_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct rec_job *jb = ctx;
  (void)err;
  return api_audit(jb->r, c, "ledger.recompute", "ledger_settings", 0,
                   jb->res.ok ? "ok" : "error", NULL,
                   arena_printf(jb->r->arena, "{\"items\":%d,\"changed\":%d}",
                                jb->res.seen, jb->res.changed),
                   NULL);
}

/* POST /api/v1/ledger-settings/recompute → {recompute:{ok,items,changed}} */
int api_ledger_settings_recompute(struct req *r, struct resp *w)
{
  struct rec_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct jw j;
  int rc = api_write(r, reload_job, NULL);
  if (rc)
    return rc;
  jb->r = r;
  recompute(r, &jb->res);
  rc = api_write(r, rec_audit_job, jb);
  if (rc)
    return rc;
  if (!jb->res.ok)
    return err_set(&r->err, LX_EBUSY, "ledger.recompute_failed", "",
                   "健康度重算未完成，请稍后重试");
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  recompute_json(&j, &jb->res);
  jw_obj_end(&j);
  return LX_OK;
}

/*
 * api_reading.c — /api/v1/reading: timed reading (学习记录).
 *
 *  - POST /reading/heartbeat {material_id, progress}: the reading page
 *    sends one every 15 s while visible; the server credits time by the
 *    rules of domain/study/reading.h (one material at a time, at most
 *    study.reading_beat_cap seconds per beat, never more than the wall
 *    clock) in ONE write job.  Heartbeats are not audited (one row every
 *    15 s per reader would swamp the log); the completion of a material
 *    is, once per person and material ("reading.complete").  The handler
 *    reads only what the rules need: the person's unit and the material
 *    (two indexed reads on the request's read connection), and the cap,
 *    cached for CAP_TTL_MS.
 *  - GET /reading/mine, /reading/mine/summary, /reading/materials/:id:
 *    the caller's own history, totals and one record.
 *  - GET /reading?unit_id=&person_id=&from=&to=[&format=xlsx]: the
 *    records of the members of a unit for study.manage or study.review
 *    holders (the wider of the two scopes); a unit or person outside it
 *    answers 404.
 *
 * Accounts without a person answer 409 "no_person"; a material that is
 * missing, unpublished or not visible to the reader's unit answers 404.
 */
#include "api/api_cursor.h"
#include "api/api_export.h"
#include "api/api_org.h"

#include "base/arena.h"
#include "base/jw.h"
#include "base/timeutil.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "domain/study/reading.h"
#include "domain/study/settings.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const P_MANAGE = "study.manage";
static const char *const P_REVIEW = "study.review";

#define CAP_TTL_MS 10000 /* a changed cap applies within 10 s */
#define DAY_MS 86400000LL

static int no_person(struct req *r)
{
  return err_set(&r->err, LX_ECONFLICT, "no_person", "",
                 "账号未关联党员信息，不能进行此项学习操作");
}

/* The person of the caller, or 409. */
static int caller_person(struct req *r, int64_t *out)
{
  const struct subject *s = api_subject(r);
  *out = s ? s->person_id : 0;
  return *out ? LX_OK : no_person(r);
}

/* The heartbeat cap (seconds), read from the study settings at most once
 * per CAP_TTL_MS. */
static int beat_cap(struct store_conn *c, int *out, struct lx_err *err)
{
  static _Atomic int64_t cached = 0, read_at = 0;
  int64_t now = time_now_ms(), v = atomic_load(&cached);
  int rc;
  if (v > 0 && now - atomic_load(&read_at) < CAP_TTL_MS &&
      now >= atomic_load(&read_at)) {
    *out = (int)v;
    return LX_OK;
  }
  rc = study_setting_get(c, "reading_beat_cap", &v, err);
  if (rc)
    return rc;
  if (v < 1)
    v = STUDY_READING_CAP_DEFAULT;
  atomic_store(&cached, v);
  atomic_store(&read_at, now);
  *out = (int)v;
  return LX_OK;
}

/* ---- heartbeat ----------------------------------------------------------- */

struct beat_job {
  struct req *r;
  struct study_reading_beat_in in;
  struct study_reading_beat_out out;
};

static int beat_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct beat_job *jb = ctx;
  int rc = study_reading_beat(c, &jb->in, &jb->out, err);
  if (!rc && jb->out.newly_completed)
    rc = api_audit(jb->r, c, "reading.complete", "material", jb->in.material_id,
                   "ok", NULL,
                   arena_printf(jb->r->arena,
                                "{\"seconds\":%lld,\"min_seconds\":%d,"
                                "\"progress\":%d}",
                                (long long)jb->out.seconds, jb->in.min_seconds,
                                jb->out.progress),
                   "读完学习资料");
  return rc;
}

/* Loads the material for the caller's person: 404 when not readable. */
static int load_target(struct req *r, int64_t person_id, int64_t material_id,
                       struct study_reading_target *t)
{
  struct store_conn *c;
  int rc = api_db(r, &c);
  if (!rc)
    rc = study_reading_target_get(c, r->arena, person_id, material_id, t,
                                  &r->err);
  if (rc == LX_ENOTFOUND && !strcmp(r->err.field, "person_id"))
    return no_person(r);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "学习资料");
  return rc;
}

/* POST /api/v1/reading/heartbeat {material_id, progress} →
 * {credited, seconds, progress, completed, completed_at, min_seconds}. */
int api_reading_heartbeat(struct req *r, struct resp *w)
{
  struct beat_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_reading_target t;
  struct store_conn *c;
  json_t *body = NULL;
  int64_t person_id = 0, material_id = 0, progress = 0;
  int present = 0, cap = STUDY_READING_CAP_DEFAULT;
  struct jw j;
  int rc = caller_person(r, &person_id);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_int(r, body, "material_id", 1, 1, INT64_MAX, &material_id,
                   &present);
  if (!rc)
    rc = api_get_int(r, body, "progress", 1, 0, 100, &progress, &present);
  json_decref(body);
  if (!rc)
    rc = load_target(r, person_id, material_id, &t);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = beat_cap(c, &cap, &r->err);
  if (rc)
    return rc;
  jb->r = r;
  jb->in.person_id = person_id;
  jb->in.unit_id = t.unit_id;
  jb->in.material_id = material_id;
  jb->in.progress = (int)progress;
  jb->in.min_seconds = t.min_seconds;
  jb->in.now_ms = time_now_ms();
  jb->in.cap_s = cap;
  jb->in.tz_offset_min = time_get_offset_min();
  rc = api_write(r, beat_job, jb);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_ki64(&j, "credited", jb->out.credited);
  jw_ki64(&j, "seconds", jb->out.seconds);
  jw_ki64(&j, "progress", jb->out.progress);
  jw_kbool(&j, "completed", jb->out.completed_at != 0);
  jw_key(&j, "completed_at");
  jw_time(&j, jb->out.completed_at, 1);
  jw_ki64(&j, "min_seconds", t.min_seconds);
  jw_obj_end(&j);
  return LX_OK;
}

/* ---- the caller's own records -------------------------------------------- */

static void reading_json(struct jw *j, const struct study_reading *x,
                         int with_person)
{
  jw_obj(j);
  jw_ki64(j, "material_id", x->material_id);
  jw_kstr(j, "title", x->title ? x->title : "");
  if (with_person) {
    jw_ki64(j, "person_id", x->person_id);
    jw_kstr(j, "person_name", x->person_name);
    jw_ki64(j, "unit_id", x->unit_id);
    jw_kstr(j, "unit_name", x->unit_name);
  }
  jw_ki64(j, "seconds", x->seconds);
  jw_ki64(j, "minutes", x->seconds / 60);
  jw_ki64(j, "progress", x->progress);
  jw_ki64(j, "min_seconds", x->min_seconds);
  jw_kbool(j, "completed", x->completed_at != 0);
  jw_key(j, "completed_at");
  jw_time(j, x->completed_at, 1);
  jw_key(j, "first_at");
  jw_time(j, x->first_at, 1);
  jw_key(j, "last_at");
  jw_time(j, x->last_at, 1);
  jw_obj_end(j);
}

/* Reads a signed cursor of n integer fields (all positive but the
 * first, a time in ms). */
static int read_cursor(struct req *r, const char *kind, int64_t *v, int n,
                       int *present)
{
  const char *f[3];
  int rc = api_cursor_decode(r, kind, f, n, present);
  if (rc || !*present)
    return rc;
  for (int i = 0; i < n; i++) {
    char *end;
    long long x = strtoll(f[i], &end, 10);
    if (*end || end == f[i] || x < (i ? 1 : 0))
      return err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                     "分页游标无效，请从第一页重新查询");
    v[i] = x;
  }
  return LX_OK;
}

static const char *make_cursor(struct req *r, const char *kind,
                               const int64_t *v, int n)
{
  char b[3][24];
  const char *f[3] = {b[0], b[1], b[2]};
  for (int i = 0; i < n; i++)
    snprintf(b[i], sizeof b[i], "%lld", (long long)v[i]);
  return api_cursor_encode(r, kind, f, n);
}

/* GET /api/v1/reading/mine?limit=&cursor= — newest first. */
int api_reading_mine(struct req *r, struct resp *w)
{
  struct study_reading_page pg = {0};
  struct study_reading *rows;
  struct store_conn *c;
  int64_t person_id = 0, cur[2];
  int n, more, present = 0;
  const char *next = NULL;
  struct jw j;
  int rc = caller_person(r, &person_id);
  if (!rc)
    rc = api_limit(r, &pg.limit);
  if (!rc)
    rc = read_cursor(r, "reading.mine", cur, 2, &present);
  if (!rc && present) {
    pg.has_after = 1;
    pg.after_last_at = cur[0];
    pg.after_material_id = cur[1];
  }
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_reading_mine(c, r->arena, person_id, &pg, &rows, &n, &more,
                            &r->err);
  if (rc)
    return rc;
  if (more && n > 0) {
    int64_t v[2] = {rows[n - 1].last_at, rows[n - 1].material_id};
    next = make_cursor(r, "reading.mine", v, 2);
  }
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    reading_json(&j, &rows[i], 0);
  api_list_end(&j, next);
  return LX_OK;
}

/* GET /api/v1/reading/mine/summary */
int api_reading_summary(struct req *r, struct resp *w)
{
  struct study_reading_summary sm;
  struct store_conn *c;
  int64_t person_id = 0;
  int32_t today = study_reading_day(time_now_ms(), time_get_offset_min());
  char day[16];
  struct jw j;
  int rc = caller_person(r, &person_id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_reading_summary_get(c, person_id, today, &sm, &r->err);
  if (rc)
    return rc;
  time_format_date(today, day, sizeof day);
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_kstr(&j, "today", day);
  jw_ki64(&j, "today_seconds", sm.today_seconds);
  jw_ki64(&j, "today_minutes", sm.today_seconds / 60);
  jw_ki64(&j, "week_seconds", sm.week_seconds);
  jw_ki64(&j, "week_minutes", sm.week_seconds / 60);
  jw_ki64(&j, "total_seconds", sm.total_seconds);
  jw_ki64(&j, "total_minutes", sm.total_seconds / 60);
  jw_ki64(&j, "materials", sm.materials);
  jw_ki64(&j, "completed", sm.completed);
  jw_ki64(&j, "streak_days", sm.streak_days);
  jw_obj_end(&j);
  return LX_OK;
}

/* GET /api/v1/reading/materials/:id — the caller's record on one
 * material (zeros when none yet); 404 when the material is not
 * readable. */
int api_reading_material(struct req *r, struct resp *w)
{
  struct study_reading_target t;
  struct study_reading x;
  struct store_conn *c;
  int64_t person_id = 0, id = 0;
  struct jw j;
  int rc = caller_person(r, &person_id);
  if (!rc)
    rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = load_target(r, person_id, id, &t);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_reading_get(c, r->arena, person_id, id, &x, &r->err);
  if (rc)
    return rc;
  x.title = t.title;
  x.min_seconds = t.min_seconds;
  jw_init(&j, api_json(w, 200));
  reading_json(&j, &x, 0);
  return LX_OK;
}

/* ---- a unit's records ---------------------------------------------------- */

static const struct xlsx_col export_cols[] = {
    {"姓名", 12},          {"党组织", 24},
    {"学习资料", 40},      {"学习时长（分钟）", 14},
    {"阅读进度（%）", 12}, {"是否读完", 10},
    {"读完时间", 20},      {"首次阅读", 20},
    {"最近阅读", 20},
};

static const char *const export_filters[] = {"unit_id", "person_id", "from",
                                             "to", NULL};

static const struct api_export_spec export_spec = {
    .sheet = "学习记录",
    .file_utf8 = "学习记录.xlsx",
    .file_ascii = "reading.xlsx",
    .action = "reading.export",
    .object_type = "reading",
    .cols = export_cols,
    .n_cols = (int)LX_COUNT(export_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
    .filters = export_filters,
};

#define EXPORT_PAGE 1000

static int export_xlsx(struct req *r, struct resp *w, struct store_conn *c,
                       const struct study_reading_query *q)
{
  struct study_reading_page pg = {EXPORT_PAGE, 0, 0, 0, 0};
  struct api_export e;
  int more = 1, snap = 0;
  int rc = api_export_begin(&e, r, &export_spec);
  if (!rc)
    rc = store_read_begin(c, &r->err);
  snap = !rc;
  while (!rc && more) {
    struct arena *page = arena_new();
    struct study_reading *rows;
    int n;
    rc = study_reading_list(c, page, q, &pg, &rows, &n, &more, &r->err);
    for (int i = 0; !rc && i < n; i++) {
      const struct study_reading *x = &rows[i];
      xlsx_text(e.x, 0, x->person_name);
      xlsx_text(e.x, 1, x->unit_name);
      xlsx_text(e.x, 2, x->title);
      xlsx_number(e.x, 3, (double)(x->seconds / 6) / 10.0);
      xlsx_number(e.x, 4, x->progress);
      xlsx_text(e.x, 5, x->completed_at ? "是" : "否");
      if (x->completed_at)
        xlsx_time(e.x, 6, x->completed_at);
      xlsx_time(e.x, 7, x->first_at);
      xlsx_time(e.x, 8, x->last_at);
      rc = api_export_row_end(&e);
    }
    if (!rc && n > 0) {
      pg.has_after = 1;
      pg.after_last_at = rows[n - 1].last_at;
      pg.after_person_id = rows[n - 1].person_id;
      pg.after_material_id = rows[n - 1].material_id;
    }
    arena_free(page);
  }
  if (snap)
    store_read_end(c);
  return api_export_end(&e, rc, w);
}

/* Reads ?name=YYYY-MM-DD as the local midnight (ms) starting that day,
 * plus add_days days.  Absent or empty: *out = 0. */
static int query_day(struct req *r, const char *name, int add_days,
                     int64_t *out)
{
  const char *v = req_query(r, name);
  int32_t d;
  *out = 0;
  if (!v || !*v)
    return LX_OK;
  if (!time_parse_date(v, &d))
    return err_setf(&r->err, LX_EINVAL, "query.invalid", name,
                    "%s 应为 YYYY-MM-DD 格式的日期", name);
  *out =
      (int64_t)(d + add_days) * DAY_MS - (int64_t)time_get_offset_min() * 60000;
  return LX_OK;
}

/* Builds q from the caller's widest study.manage / study.review scope
 * and the unit_id / person_id filters (404 outside the scope). */
static int records_query(struct req *r, struct store_conn *c,
                         struct study_reading_query *q)
{
  const struct subject *s = api_subject(r);
  enum policy_scope sm = policy_scope_of(s, P_MANAGE);
  enum policy_scope sr = policy_scope_of(s, P_REVIEW);
  const char *perm = sm >= sr ? P_MANAGE : P_REVIEW;
  struct policy_filter f;
  int64_t unit_id = 0, person_id = 0;
  int present = 0;
  char *hi;
  int rc = policy_filter(s, perm, &f);
  if (rc)
    return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                   "没有权限执行此操作");
  rc = api_query_int(r, "unit_id", 1, INT64_MAX, &unit_id, &present);
  if (!rc)
    rc = api_query_int(r, "person_id", 1, INT64_MAX, &person_id, &present);
  if (!rc)
    rc = query_day(r, "from", 0, &q->from_ms);
  if (!rc)
    rc = query_day(r, "to", 1, &q->to_ms);
  if (rc)
    return rc;
  if (q->from_ms && q->to_ms && q->from_ms >= q->to_ms)
    return err_set(&r->err, LX_EINVAL, "query.invalid", "to",
                   "结束日期不能早于开始日期");
  /* the scope itself */
  q->path_lo = "/";
  q->path_hi = "0"; /* '/' + 1: every path */
  if (f.scope == SCOPE_SUBTREE) {
    q->path_lo = arena_strdup(r->arena, f.path_lo);
    q->path_hi = arena_strdup(r->arena, f.path_hi);
  } else if (f.scope == SCOPE_UNIT)
    q->unit_only = f.unit_id;
  else if (f.scope == SCOPE_SELF)
    q->person_id = s->person_id ? s->person_id : -1;
  if (unit_id) {
    struct org_unit u;
    rc = org_unit_get(c, r->arena, unit_id, &u, &r->err);
    if (rc == LX_ENOTFOUND)
      return api_not_found(r, "党组织");
    if (rc)
      return rc;
    if (!policy_allows(s, perm, u.path, 0, 0))
      return api_out_of_scope(r, "党组织");
    if (f.scope == SCOPE_SUBTREE || f.scope == SCOPE_ALL) {
      hi = arena_zalloc(r->arena, strlen(u.path) + 2);
      policy_path_hi(u.path, hi, strlen(u.path) + 2);
      q->path_lo = u.path;
      q->path_hi = hi;
    }
  }
  if (person_id) {
    struct org_person p;
    rc = org_person_get(c, r->arena, person_id, &p, &r->err);
    if (rc == LX_ENOTFOUND)
      return api_not_found(r, "人员");
    if (rc)
      return rc;
    if (!policy_allows(s, perm, p.unit_path, 0, p.id))
      return api_out_of_scope(r, "人员");
    q->person_id = person_id;
  }
  return LX_OK;
}

/* GET /api/v1/reading?unit_id=&person_id=&from=&to=&limit=&cursor=
 *   [&format=xlsx] — newest first. */
int api_reading_list(struct req *r, struct resp *w)
{
  struct study_reading_query q = {0};
  struct study_reading_page pg = {0};
  struct study_reading *rows;
  struct store_conn *c;
  int64_t cur[3];
  int n, more, present = 0, xlsx = 0;
  const char *next = NULL;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = records_query(r, c, &q);
  if (!rc)
    rc = api_export_format(r, &xlsx);
  if (!rc && xlsx)
    return export_xlsx(r, w, c, &q);
  if (!rc)
    rc = api_limit(r, &pg.limit);
  if (!rc)
    rc = read_cursor(r, "reading.list", cur, 3, &present);
  if (rc)
    return rc;
  if (present) {
    pg.has_after = 1;
    pg.after_last_at = cur[0];
    pg.after_person_id = cur[1];
    pg.after_material_id = cur[2];
  }
  rc = study_reading_list(c, r->arena, &q, &pg, &rows, &n, &more, &r->err);
  if (rc)
    return rc;
  if (more && n > 0) {
    int64_t v[3] = {rows[n - 1].last_at, rows[n - 1].person_id,
                    rows[n - 1].material_id};
    next = make_cursor(r, "reading.list", v, 3);
  }
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    reading_json(&j, &rows[i], 1);
  api_list_end(&j, next);
  return LX_OK;
}

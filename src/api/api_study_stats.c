/*
 * api_study_stats.c — 学习统计 (study.manage): GET /api/v1/study-stats
 * (the table of a unit's children or members over a period, with the
 * totals; ?format=xlsx is its Excel export, audited as
 * "study_stats.export") and GET /api/v1/study-stats/trend (minutes and
 * participants per day, for charts).
 *
 * The unit (default: the caller's own) must be in the caller's
 * study.manage scope, else 404 exactly as for a unit that does not exist.
 * Periods are dates from/to (default: this month; at most 366 days);
 * bad dates answer 400 with the field.  Figures: domain/study/stats.h.
 */
#include "api/api.h"
#include "api/api_export.h"
#include "api/api_org.h"
#include "base/arena.h"
#include "base/jw.h"
#include "base/timeutil.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "domain/study/stats.h"

#include <stdio.h>
#include <string.h>

static const char *const P_MANAGE = "study.manage";

struct stats_q {
  struct org_unit u;
  struct study_stats_period p;
  enum study_stats_level level;
};

/* Reads unit_id (default the caller's unit; in scope or 404), from, to
 * and (with_level) level. */
static int read_query(struct req *r, struct store_conn **c, struct stats_q *q,
                      int with_level)
{
  const struct subject *s = api_subject(r);
  int64_t unit_id = 0;
  int present = 0;
  const char *level = req_query(r, "level");
  int rc = api_query_int(r, "unit_id", 1, INT64_MAX, &unit_id, &present);
  if (rc)
    return rc;
  if (!present)
    unit_id = s ? s->unit_id : 0;
  rc = study_stats_period_parse(req_query(r, "from"), req_query(r, "to"),
                                api_today(), time_get_offset_min(), &q->p,
                                &r->err);
  if (rc)
    return rc;
  if (with_level && level && *level && strcmp(level, "unit") &&
      strcmp(level, "member"))
    return err_set(&r->err, LX_EINVAL, "query.invalid", "level",
                   "level 只能是 unit 或 member");
  rc = api_db(r, c);
  if (rc)
    return rc;
  rc = org_unit_get(*c, r->arena, unit_id, &q->u, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "单位");
  if (rc)
    return rc;
  if (!policy_allows(s, P_MANAGE, q->u.path, 0, 0))
    return api_out_of_scope(r, "单位");
  /* a unit without child units (a 党支部) is counted per member */
  if (level && *level)
    q->level =
        strcmp(level, "member") ? STUDY_STATS_UNITS : STUDY_STATS_MEMBERS;
  else
    q->level = q->u.n_children ? STUDY_STATS_UNITS : STUDY_STATS_MEMBERS;
  return LX_OK;
}

static double ratio(int64_t num, int64_t den)
{
  return den > 0 ? (double)num / (double)den : 0.0;
}

/* Rounds to d decimals for JSON. */
static double round_to(double v, int d)
{
  double m = d == 1 ? 10.0 : d == 2 ? 100.0 : 10000.0;
  return (double)(long long)(v * m + (v >= 0 ? 0.5 : -0.5)) / m;
}

static void row_json(struct jw *j, const struct study_stats_row *r,
                     enum study_stats_level level, int totals)
{
  jw_obj(j);
  if (!totals) {
    jw_ki64(j, "id", r->id);
    jw_kstr(j, "name", r->name);
    jw_kstr(j, "kind", r->kind);
    if (level == STUDY_STATS_MEMBERS) {
      jw_kstr(j, "unit_name", r->unit_name);
      jw_key(j, "last_day");
      jw_str(j, r->last_day[0] ? r->last_day : NULL);
    } else {
      jw_kbool(j, "self", r->self);
      jw_ki64(j, "n_children", r->n_children);
    }
  }
  jw_ki64(j, "members", r->members);
  jw_ki64(j, "participants", r->participants);
  jw_key(j, "participation_rate");
  jw_double(j, round_to(ratio(r->participants, r->members), 4));
  jw_ki64(j, "seconds", r->seconds);
  jw_key(j, "minutes");
  jw_double(j, round_to((double)r->seconds / 60.0, 1));
  jw_key(j, "avg_minutes");
  jw_double(j, round_to(ratio(r->seconds, r->members) / 60.0, 1));
  jw_ki64(j, "completed", r->completed);
  if (level == STUDY_STATS_MEMBERS)
    jw_ki64(j, "active_days", r->active_days);
  jw_key(j, "plans");
  if (r->plan_assigned < 0) {
    jw_null(j);
  } else {
    jw_obj(j);
    jw_ki64(j, "done", r->plan_done);
    jw_ki64(j, "assigned", r->plan_assigned);
    jw_key(j, "rate");
    jw_double(j, round_to(ratio(r->plan_done, r->plan_assigned), 4));
    jw_obj_end(j);
  }
  jw_key(j, "reflections");
  if (r->refl_submitted < 0) {
    jw_null(j);
  } else {
    jw_obj(j);
    jw_ki64(j, "submitted", r->refl_submitted);
    jw_ki64(j, "approved", r->refl_approved);
    jw_ki64(j, "featured", r->refl_featured);
    jw_obj_end(j);
  }
  jw_key(j, "sessions");
  if (r->sessions_held < 0) {
    jw_null(j);
  } else {
    jw_obj(j);
    jw_ki64(j, "held", r->sessions_held);
    jw_ki64(j, "expected", r->attend_expected);
    jw_ki64(j, "present", r->attend_present);
    jw_key(j, "attendance_rate");
    jw_double(j, round_to(ratio(r->attend_present, r->attend_expected), 4));
    jw_obj_end(j);
  }
  jw_key(j, "actions");
  if (r->action_links < 0) {
    jw_null(j);
  } else {
    jw_obj(j);
    jw_ki64(j, "links", r->action_links);
    jw_ki64(j, "accepted", r->action_accepted);
    jw_obj_end(j);
  }
  jw_obj_end(j);
}

static void head_json(struct jw *j, const struct stats_q *q)
{
  jw_key(j, "unit");
  jw_obj(j);
  jw_ki64(j, "id", q->u.id);
  jw_kstr(j, "name", q->u.name);
  jw_kstr(j, "kind", q->u.kind);
  jw_key(j, "parent_id");
  if (q->u.parent_id)
    jw_i64(j, q->u.parent_id);
  else
    jw_null(j);
  jw_ki64(j, "n_children", q->u.n_children);
  jw_obj_end(j);
  jw_key(j, "period");
  jw_obj(j);
  jw_kstr(j, "from", q->p.from);
  jw_kstr(j, "to", q->p.to);
  jw_ki64(j, "days", q->p.to_day - q->p.from_day + 1);
  jw_obj_end(j);
}

/* ---- Excel export -------------------------------------------------------- */

static const struct xlsx_col unit_cols[] = {{"单位", 30},
                                            {"类型", 10},
                                            {"党员数", 10},
                                            {"参学人数", 10},
                                            {"参学率", 10},
                                            {"学习时长（分钟）", 16},
                                            {"人均时长（分钟）", 16},
                                            {"完成资料数", 12},
                                            {"计划完成率", 12},
                                            {"心得提交", 10},
                                            {"心得通过", 10},
                                            {"优秀心得", 10},
                                            {"会议次数", 10},
                                            {"出勤率", 10},
                                            {"学史力行", 10}};
static const struct xlsx_col member_cols[] = {
    {"姓名", 12},        {"所在单位", 30},
    {"职务", 10},        {"学习时长（分钟）", 16},
    {"学习天数", 10},    {"完成资料数", 12},
    {"最近学习日期", 14}};
static const char *const export_filters[] = {"unit_id", "from", "to", "level",
                                             NULL};
static const struct api_export_spec unit_spec = {
    .sheet = "学习统计",
    .file_utf8 = "学习统计.xlsx",
    .file_ascii = "study-stats.xlsx",
    .action = "study_stats.export",
    .object_type = "unit",
    .cols = unit_cols,
    .n_cols = (int)LX_COUNT(unit_cols),
    .max_rows = STUDY_STATS_MAX_MEMBERS + 2,
    .filters = export_filters};
static const struct api_export_spec member_spec = {
    .sheet = "学习统计",
    .file_utf8 = "学习统计.xlsx",
    .file_ascii = "study-stats.xlsx",
    .action = "study_stats.export",
    .object_type = "unit",
    .cols = member_cols,
    .n_cols = (int)LX_COUNT(member_cols),
    .max_rows = STUDY_STATS_MAX_MEMBERS + 2,
    .filters = export_filters};

static void unit_cells(struct xlsx *x, const char *name, const char *kind,
                       const struct study_stats_row *r)
{
  xlsx_text(x, 0, name);
  xlsx_text(x, 1, kind);
  xlsx_number(x, 2, (double)r->members);
  xlsx_number(x, 3, (double)r->participants);
  xlsx_percent(x, 4, ratio(r->participants, r->members));
  xlsx_number(x, 5, round_to((double)r->seconds / 60.0, 1));
  xlsx_number(x, 6, round_to(ratio(r->seconds, r->members) / 60.0, 1));
  xlsx_number(x, 7, (double)r->completed);
  /* the other modules' figures; empty cells where not available */
  if (r->plan_assigned > 0)
    xlsx_percent(x, 8, ratio(r->plan_done, r->plan_assigned));
  if (r->refl_submitted >= 0) {
    xlsx_number(x, 9, (double)r->refl_submitted);
    xlsx_number(x, 10, (double)r->refl_approved);
    xlsx_number(x, 11, (double)r->refl_featured);
  }
  if (r->sessions_held >= 0) {
    xlsx_number(x, 12, (double)r->sessions_held);
    if (r->attend_expected > 0)
      xlsx_percent(x, 13, ratio(r->attend_present, r->attend_expected));
  }
  if (r->action_links >= 0)
    xlsx_number(x, 14, (double)r->action_links);
}

static int export_xlsx(struct req *r, struct resp *w, const struct stats_q *q,
                       const struct study_stats *st)
{
  struct api_export e;
  int members = st->level == STUDY_STATS_MEMBERS;
  const char *title = arena_printf(r->arena, "%s 学习统计（%s 至 %s）",
                                   q->u.name, q->p.from, q->p.to);
  int rc = api_export_begin_titled(&e, r, members ? &member_spec : &unit_spec,
                                   title);
  for (int i = 0; !rc && i < st->n_rows; i++) {
    const struct study_stats_row *row = &st->rows[i];
    if (members) {
      xlsx_text(e.x, 0, row->name);
      xlsx_text(e.x, 1, row->unit_name);
      xlsx_text(e.x, 2, row->kind);
      xlsx_number(e.x, 3, round_to((double)row->seconds / 60.0, 1));
      xlsx_number(e.x, 4, (double)row->active_days);
      xlsx_number(e.x, 5, (double)row->completed);
      xlsx_date(e.x, 6, row->last_day);
    } else {
      unit_cells(e.x,
                 row->self ? arena_printf(r->arena, "本级（%s）", q->u.name)
                           : row->name,
                 row->kind, row);
    }
    rc = api_export_row_end(&e);
  }
  if (!rc) {
    const struct study_stats_row *t = &st->totals;
    if (members) {
      xlsx_text(e.x, 0, "合计");
      xlsx_text(e.x, 1,
                arena_printf(r->arena, "参学 %lld / %lld 人（%.1f%%）",
                             (long long)t->participants, (long long)t->members,
                             100.0 * ratio(t->participants, t->members)));
      xlsx_number(e.x, 3, round_to((double)t->seconds / 60.0, 1));
      xlsx_number(e.x, 4, (double)t->active_days);
      xlsx_number(e.x, 5, (double)t->completed);
    } else {
      unit_cells(e.x, "合计", "", t);
    }
    rc = api_export_row_end(&e);
  }
  return api_export_end(&e, rc, w);
}

/* GET /api/v1/study-stats?unit_id=&from=&to=&level=unit|member
 *   [&format=xlsx] */
int api_study_stats_get(struct req *r, struct resp *w)
{
  struct stats_q q;
  struct study_stats st;
  struct store_conn *c;
  struct jw j;
  int xlsx = 0, rc;
  memset(&q, 0, sizeof q);
  rc = api_export_format(r, &xlsx);
  if (!rc)
    rc = read_query(r, &c, &q, 1);
  if (rc)
    return rc;
  rc = store_read_begin(c, &r->err);
  if (rc)
    return rc;
  rc = study_stats_table(c, r->arena, q.u.id, q.u.path, &q.p, q.level, &st,
                         &r->err);
  store_read_end(c);
  if (rc)
    return rc;
  if (xlsx)
    return export_xlsx(r, w, &q, &st);
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  head_json(&j, &q);
  jw_kstr(&j, "level", q.level == STUDY_STATS_MEMBERS ? "member" : "unit");
  jw_key(&j, "rows");
  jw_arr(&j);
  for (int i = 0; i < st.n_rows; i++)
    row_json(&j, &st.rows[i], q.level, 0);
  jw_arr_end(&j);
  jw_key(&j, "totals");
  row_json(&j, &st.totals, q.level, 1);
  jw_obj_end(&j);
  return LX_OK;
}

/* GET /api/v1/study-stats/trend?unit_id=&from=&to= */
int api_study_stats_trend(struct req *r, struct resp *w)
{
  struct stats_q q;
  struct study_stats_day *days;
  struct store_conn *c;
  struct jw j;
  int n = 0, rc;
  memset(&q, 0, sizeof q);
  rc = read_query(r, &c, &q, 0);
  if (!rc)
    rc = study_stats_trend(c, r->arena, q.u.path, &q.p, &days, &n, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  head_json(&j, &q);
  jw_key(&j, "days");
  jw_arr(&j);
  for (int i = 0; i < n; i++) {
    jw_obj(&j);
    jw_kstr(&j, "day", days[i].day);
    jw_key(&j, "minutes");
    jw_double(&j, round_to((double)days[i].seconds / 60.0, 1));
    jw_ki64(&j, "participants", days[i].participants);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_obj_end(&j);
  return LX_OK;
}

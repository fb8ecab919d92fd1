/*
 * api_plan.c — /api/v1/plans: study plans (学习计划) for managers
 * (study.manage) and /api/v1/my/plans for members (study.read).
 *
 * A manager sees the plans whose owner unit is within the scope of their
 * study.manage grant; others answer 404 like missing ones.  Target units
 * must be within that scope too (400 "plan.unit_invalid", the same answer
 * as a unit that does not exist).  Only drafts may be edited or deleted
 * (409 "plan.not_draft"); publishing notifies every targeted member in
 * the same write job; only a published plan may be closed.  Progress is
 * by unit (a unit's child units rolled up over their subtrees, plus the
 * unit's own members), by 党支部 (every branch below a unit) or by
 * member (keyset-paginated), each also as an
 * Excel export (?format=xlsx).  Every change is audited in its job.
 */
#include "api/api_org.h"

#include "api/api_cursor.h"
#include "api/api_export.h"
#include "base/arena.h"
#include "base/sb.h"
#include "domain/policy/policy.h"
#include "domain/study/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const P_MANAGE = "study.manage";

/* ---- JSON ------------------------------------------------------------------
 */

/* The plan object; notified >= 0 adds "notified" (after publishing). */
static void plan_json(struct jw *j, const struct study_plan *p, int full,
                      int64_t notified)
{
  jw_obj(j);
  jw_ki64(j, "id", p->id);
  jw_kstr(j, "title", p->title);
  jw_kstr(j, "description", p->description);
  jw_kstr(j, "start_date", p->start_date);
  jw_kstr(j, "due_date", p->due_date);
  jw_ki64(j, "min_minutes", p->min_minutes);
  jw_kstr(j, "status", p->status);
  jw_kstr(j, "status_label", study_plan_status_label(p->status));
  jw_ki64(j, "owner_unit_id", p->owner_unit_id);
  jw_kstr(j, "owner_unit_name", p->owner_unit_name);
  jw_ki64(j, "created_by", p->created_by);
  jw_kstr(j, "creator_name", p->creator_name);
  jw_key(j, "published_at");
  jw_time(j, p->published_at, 1);
  jw_key(j, "closed_at");
  jw_time(j, p->closed_at, 1);
  jw_ktime(j, "created_at", p->created_at);
  jw_ktime(j, "updated_at", p->updated_at);
  jw_ki64(j, "n_units", p->n_units);
  jw_ki64(j, "n_materials", p->n_materials);
  if (full) {
    jw_key(j, "units");
    jw_arr(j);
    for (int i = 0; i < p->n_units; i++) {
      jw_obj(j);
      jw_ki64(j, "unit_id", p->units[i].unit_id);
      jw_kstr(j, "unit_name", p->units[i].unit_name);
      jw_kbool(j, "subtree", p->units[i].subtree);
      jw_obj_end(j);
    }
    jw_arr_end(j);
    jw_key(j, "materials");
    jw_arr(j);
    for (int i = 0; i < p->n_materials; i++) {
      jw_obj(j);
      jw_ki64(j, "id", p->materials[i].material_id);
      jw_kstr(j, "title", p->materials[i].title);
      jw_kstr(j, "status", p->materials[i].status);
      jw_obj_end(j);
    }
    jw_arr_end(j);
  }
  if (notified >= 0)
    jw_ki64(j, "notified", notified);
  jw_obj_end(j);
}

/* A compact audit document of p. */
static const char *plan_doc(struct req *r, const struct study_plan *p)
{
  struct sb sb;
  struct jw j;
  sb_init(&sb, r->arena, NULL, 0, 64 * 1024);
  jw_init(&j, &sb);
  jw_obj(&j);
  jw_kstr(&j, "title", p->title);
  jw_kstr(&j, "status", p->status);
  jw_kstr(&j, "start_date", p->start_date);
  jw_kstr(&j, "due_date", p->due_date);
  jw_ki64(&j, "min_minutes", p->min_minutes);
  jw_key(&j, "units");
  jw_arr(&j);
  for (int i = 0; i < p->n_units; i++) {
    jw_obj(&j);
    jw_ki64(&j, "unit_id", p->units[i].unit_id);
    jw_kbool(&j, "subtree", p->units[i].subtree);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_key(&j, "materials");
  jw_arr(&j);
  for (int i = 0; i < p->n_materials; i++)
    jw_i64(&j, p->materials[i].material_id);
  jw_arr_end(&j);
  jw_obj_end(&j);
  return sb_err(&sb) ? NULL : sb_take(&sb, NULL);
}

/* ---- loading in scope ------------------------------------------------------
 */

/* Loads plan :id into p when the caller may manage it; 404 otherwise. */
static int plan_load(struct req *r, struct study_plan *p)
{
  struct store_conn *c;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (rc)
    return api_not_found(r, "学习计划");
  rc = api_db(r, &c);
  if (!rc)
    rc = study_plan_get(c, r->arena, id, p, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "学习计划");
  if (rc)
    return rc;
  if (!policy_allows(api_subject(r), P_MANAGE, p->owner_unit_path,
                     p->created_by, 0))
    return api_out_of_scope(r, "学习计划");
  return LX_OK;
}

/* ---- list ------------------------------------------------------------------
 */

/* GET /api/v1/plans?status=&limit=&cursor= */
int api_plan_list(struct req *r, struct resp *w)
{
  struct policy_filter f;
  struct study_plan *rows;
  struct store_conn *c;
  const char *status = req_query(r, "status"), *cf[1], *next = NULL;
  int64_t before = 0;
  int limit, n, more, present = 0, rc;
  struct jw j;
  if (policy_filter(api_subject(r), P_MANAGE, &f))
    return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                   "没有权限执行此操作");
  if (status && !*status)
    status = NULL;
  if (status && strcmp(status, "draft") && strcmp(status, "published") &&
      strcmp(status, "closed"))
    return err_set(&r->err, LX_EINVAL, "query.invalid", "status",
                   "status 只能是 draft、published 或 closed");
  rc = api_limit(r, &limit);
  if (!rc)
    rc = api_cursor_decode(r, status ? status : "plans", cf, 1, &present);
  if (!rc && present) {
    char *end;
    before = strtoll(cf[0], &end, 10);
    if (*end || end == cf[0] || before <= 0)
      rc = err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                   "分页游标无效，请从第一页重新查询");
  }
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_plan_list(c, r->arena, &f, status, before, limit, &rows, &n,
                         &more, &r->err);
  if (rc)
    return rc;
  if (more && n > 0) {
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)rows[n - 1].id);
    cf[0] = id;
    next = api_cursor_encode(r, status ? status : "plans", cf, 1);
  }
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    plan_json(&j, &rows[i], 0, -1);
  api_list_end(&j, next);
  return LX_OK;
}

/* ---- create / update -------------------------------------------------------
 */

/* Reads the plan body into in (strings copied into the arena). */
static int read_plan_body(struct req *r, json_t *body, struct study_plan_in *in)
{
  const char *title = NULL, *desc = NULL, *start = NULL, *due = NULL;
  json_t *units, *mats, *v;
  int present = 0;
  size_t i;
  int rc = api_get_str(r, body, "title", 1, STUDY_PLAN_TITLE_MAX, &title);
  if (!rc)
    rc = api_get_str(r, body, "description", 0, STUDY_PLAN_DESC_MAX, &desc);
  if (!rc)
    rc = api_get_str(r, body, "start_date", 1, 10, &start);
  if (!rc)
    rc = api_get_str(r, body, "due_date", 1, 10, &due);
  if (!rc)
    rc = api_get_int(r, body, "min_minutes", 0, 0, STUDY_PLAN_MINUTES_MAX,
                     &in->min_minutes, &present);
  if (rc)
    return rc;
  in->title = api_keep(r, title);
  in->description = api_keep(r, desc ? desc : "");
  in->start_date = api_keep(r, start);
  in->due_date = api_keep(r, due);
  units = json_object_get(body, "units");
  if (!json_is_array(units) || json_array_size(units) == 0)
    return err_set(&r->err, LX_EINVAL, "field.required", "units",
                   "请选择参学单位");
  if (json_array_size(units) > STUDY_PLAN_UNITS_MAX)
    return err_setf(&r->err, LX_EINVAL, "field.too_many", "units",
                    "参学单位最多 %d 个", STUDY_PLAN_UNITS_MAX);
  json_array_foreach(units, i, v)
  {
    json_t *id = json_object_get(v, "unit_id"),
           *sub = json_object_get(v, "subtree");
    if (!json_is_object(v) || !json_is_integer(id) ||
        json_integer_value(id) < 1 ||
        (sub && !json_is_boolean(sub) && !json_is_null(sub)))
      return err_setf(&r->err, LX_EINVAL, "field.type", "units",
                      "第 %zu 个参学单位格式无效（应为 {unit_id, subtree}）",
                      i + 1);
    in->units[in->n_units].unit_id = json_integer_value(id);
    in->units[in->n_units].subtree =
        !sub || json_is_null(sub) || json_is_true(sub);
    in->n_units++;
  }
  mats = json_object_get(body, "materials");
  if (!json_is_array(mats) || json_array_size(mats) == 0)
    return err_set(&r->err, LX_EINVAL, "field.required", "materials",
                   "请至少选择一篇必学资料");
  if (json_array_size(mats) > STUDY_PLAN_MATERIALS_MAX)
    return err_setf(&r->err, LX_EINVAL, "field.too_many", "materials",
                    "必学资料最多 %d 篇", STUDY_PLAN_MATERIALS_MAX);
  json_array_foreach(mats, i, v)
  {
    if (!json_is_integer(v) || json_integer_value(v) < 1)
      return err_setf(&r->err, LX_EINVAL, "field.type", "materials",
                      "第 %zu 篇必学资料编号无效", i + 1);
    in->materials[in->n_materials++] = json_integer_value(v);
  }
  return study_plan_check(in, &r->err);
}

/* Resolves in on a read connection and checks every unit against the
 * caller's scope (out of scope answers like a missing unit). */
static int resolve_in_scope(struct req *r, struct study_plan_in *in)
{
  struct store_conn *c;
  int rc = api_db(r, &c);
  if (!rc)
    rc = study_plan_resolve(c, r->arena, in, &r->err);
  if (rc)
    return rc;
  for (int i = 0; i < in->n_units; i++)
    if (!policy_allows(api_subject(r), P_MANAGE, in->units[i].path, 0, 0))
      return err_set(&r->err, LX_EINVAL, "plan.unit_invalid", "units",
                     "参学单位不存在或不在您的管理范围内");
  return LX_OK;
}

struct plan_job {
  struct req *r;
  int64_t id, notified;
  struct study_plan_in in;
  struct study_plan_who who;
  const char *before, *action;
};

static int render_plan(struct req *r, struct resp *w, int status, int64_t id)
{
  struct store_conn *c;
  struct study_plan p;
  struct jw j;
  int rc = api_db(r, &c);
  if (!rc)
    rc = study_plan_get(c, r->arena, id, &p, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, status));
  plan_json(&j, &p, 1, -1);
  return LX_OK;
}

/* The plan's audit document as it is now inside the job. */
static const char *doc_now(struct req *r, struct store_conn *c, int64_t id)
{
  struct study_plan p;
  struct lx_err e;
  return study_plan_get(c, r->arena, id, &p, &e) ? NULL : plan_doc(r, &p);
}

static int create_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct plan_job *jb = ctx;
  int rc = study_plan_create(c, jb->r->arena, &jb->in, &jb->who, &jb->id, err);
  if (!rc)
    rc = api_audit(jb->r, c, "plan.create", "study_plan", jb->id, "ok", NULL,
                   doc_now(jb->r, c, jb->id), NULL);
  return rc;
}

/* POST /api/v1/plans → 201 the plan (draft). */
int api_plan_create(struct req *r, struct resp *w)
{
  struct plan_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const struct subject *s = api_subject(r);
  json_t *body = NULL;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = read_plan_body(r, body, &jb->in);
  json_decref(body);
  if (!rc)
    rc = resolve_in_scope(r, &jb->in);
  if (rc)
    return rc;
  jb->r = r;
  jb->who.account_id = s->account_id;
  jb->who.name = api_keep(r, s->name);
  jb->who.unit_id = s->unit_id;
  jb->who.unit_path = api_keep(r, s->unit_path);
  rc = api_write(r, create_job, jb);
  if (rc)
    return rc;
  return render_plan(r, w, 201, jb->id);
}

/* GET /api/v1/plans/:id */
int api_plan_get(struct req *r, struct resp *w)
{
  struct study_plan p;
  struct jw j;
  int rc = plan_load(r, &p);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  plan_json(&j, &p, 1, -1);
  return LX_OK;
}

static int update_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct plan_job *jb = ctx;
  int rc = study_plan_update(c, jb->r->arena, jb->id, &jb->in, err);
  if (!rc)
    rc = api_audit(jb->r, c, "plan.update", "study_plan", jb->id, "ok",
                   jb->before, doc_now(jb->r, c, jb->id), NULL);
  return rc;
}

static int not_draft(struct req *r, const struct study_plan *p,
                     const char *what)
{
  return err_setf(&r->err, LX_ECONFLICT, "plan.not_draft", "status",
                  "学习计划%s，只有草稿可以%s",
                  study_plan_status_label(p->status), what);
}

/* PUT /api/v1/plans/:id (draft only) → 200 the plan. */
int api_plan_update(struct req *r, struct resp *w)
{
  struct plan_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_plan cur;
  json_t *body = NULL;
  int rc = plan_load(r, &cur);
  if (rc)
    return rc;
  if (strcmp(cur.status, "draft"))
    return not_draft(r, &cur, "修改");
  rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = read_plan_body(r, body, &jb->in);
  json_decref(body);
  if (!rc)
    rc = resolve_in_scope(r, &jb->in);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = cur.id;
  jb->before = plan_doc(r, &cur);
  rc = api_write(r, update_job, jb);
  if (rc)
    return rc;
  return render_plan(r, w, 200, jb->id);
}

static int state_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct plan_job *jb = ctx;
  struct req *r = jb->r;
  int rc;
  const char *after = NULL;
  if (!strcmp(jb->action, "plan.publish")) {
    rc = study_plan_publish(c, jb->id, &jb->notified, err);
    after =
        arena_printf(r->arena, "{\"status\":\"published\",\"notified\":%lld}",
                     (long long)jb->notified);
  } else if (!strcmp(jb->action, "plan.close")) {
    rc = study_plan_close(c, jb->id, err);
    after = "{\"status\":\"closed\"}";
  } else {
    rc = study_plan_delete(c, jb->id, err);
  }
  if (!rc)
    rc = api_audit(r, c, jb->action, "study_plan", jb->id, "ok", jb->before,
                   after, NULL);
  return rc;
}

/* POST /api/v1/plans/:id/publish → 200 the plan, with "notified". */
int api_plan_publish(struct req *r, struct resp *w)
{
  struct plan_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_plan cur;
  struct store_conn *c;
  struct study_plan p;
  struct jw j;
  int rc = plan_load(r, &cur);
  if (rc)
    return rc;
  if (strcmp(cur.status, "draft"))
    return not_draft(r, &cur, "发布");
  for (int i = 0; i < cur.n_materials; i++)
    if (strcmp(cur.materials[i].status, "published"))
      return err_setf(&r->err, LX_EINVAL, "plan.material_invalid", "materials",
                      "必学资料「%s」已不是发布状态，请先调整必学资料",
                      cur.materials[i].title);
  jb->r = r;
  jb->id = cur.id;
  jb->action = "plan.publish";
  jb->before = plan_doc(r, &cur);
  rc = api_write(r, state_job, jb);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_plan_get(c, r->arena, jb->id, &p, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  plan_json(&j, &p, 1, jb->notified);
  return LX_OK;
}

/* POST /api/v1/plans/:id/close → 200 the plan. */
int api_plan_close(struct req *r, struct resp *w)
{
  struct plan_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_plan cur;
  int rc = plan_load(r, &cur);
  if (rc)
    return rc;
  if (strcmp(cur.status, "published"))
    return err_setf(&r->err, LX_ECONFLICT, "plan.not_published", "status",
                    "学习计划%s，只有已发布的计划可以结束",
                    study_plan_status_label(cur.status));
  jb->r = r;
  jb->id = cur.id;
  jb->action = "plan.close";
  jb->before = "{\"status\":\"published\"}";
  rc = api_write(r, state_job, jb);
  if (rc)
    return rc;
  return render_plan(r, w, 200, jb->id);
}

/* DELETE /api/v1/plans/:id (draft only) → 204. */
int api_plan_delete(struct req *r, struct resp *w)
{
  struct plan_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct study_plan cur;
  int rc = plan_load(r, &cur);
  if (rc)
    return rc;
  if (strcmp(cur.status, "draft"))
    return not_draft(r, &cur, "删除");
  jb->r = r;
  jb->id = cur.id;
  jb->action = "plan.delete";
  jb->before = plan_doc(r, &cur);
  rc = api_write(r, state_job, jb);
  if (rc)
    return rc;
  w->status = 204;
  return LX_OK;
}

/* ---- progress
 * ---------------------------------------------------------------- */

static double rate_of(const struct study_plan_tally *t)
{
  if (!t->members)
    return 0;
  return (double)(t->completed * 1000 / t->members) / 10.0;
}

static void tally_json(struct jw *j, const struct study_plan_tally *t)
{
  jw_ki64(j, "members", t->members);
  jw_ki64(j, "completed", t->completed);
  jw_key(j, "rate");
  jw_double(j, rate_of(t));
  jw_ki64(j, "minutes", t->seconds / 60);
}

/* The deepest unit common to all of p's units (its id and path). */
static int plan_root(struct req *r, struct store_conn *c,
                     const struct study_plan *p, int64_t *out_id,
                     const char **out_path)
{
  char common[256];
  size_t n;
  struct org_unit u;
  const char *q;
  int64_t id = 0;
  snprintf(common, sizeof common, "%s",
           p->n_units ? p->units[0].unit_path : p->owner_unit_path);
  for (int i = 1; i < p->n_units; i++) {
    const char *b = p->units[i].unit_path;
    size_t k = 0, last = 0;
    while (common[k] && b[k] && common[k] == b[k]) {
      if (common[k] == '/')
        last = k;
      k++;
    }
    common[last + 1] = 0;
  }
  /* the last id on the common path */
  n = strlen(common);
  if (n < 3)
    return api_not_found(r, "单位");
  q = common + n - 2;
  while (q > common && *q != '/')
    q--;
  id = strtoll(q + 1, NULL, 10);
  if (org_unit_get(c, r->arena, id, &u, &r->err))
    return api_not_found(r, "单位");
  *out_id = u.id;
  *out_path = u.path;
  return LX_OK;
}

static const struct xlsx_col unit_cols[] = {{"单位", 30},
                                            {"党员数", 10},
                                            {"已完成", 10},
                                            {"完成率(%)", 12},
                                            {"学习时长(分钟)", 16}};
static const struct xlsx_col member_cols[] = {{"姓名", 12},
                                              {"党组织", 30},
                                              {"必学资料完成", 14},
                                              {"学习时长(分钟)", 16},
                                              {"是否完成", 10}};
static const char *const progress_filters[] = {"level", "unit_id", NULL};

static const struct api_export_spec unit_spec = {
    .sheet = "计划完成情况",
    .file_utf8 = "学习计划完成情况.xlsx",
    .file_ascii = "plan-progress.xlsx",
    .action = "plan.export",
    .object_type = "study_plan",
    .cols = unit_cols,
    .n_cols = (int)LX_COUNT(unit_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
    .filters = progress_filters,
};
static const struct api_export_spec member_spec = {
    .sheet = "党员完成情况",
    .file_utf8 = "学习计划党员完成情况.xlsx",
    .file_ascii = "plan-members.xlsx",
    .action = "plan.export",
    .object_type = "study_plan",
    .cols = member_cols,
    .n_cols = (int)LX_COUNT(member_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
    .filters = progress_filters,
};

static int progress_units(struct req *r, struct resp *w, struct store_conn *c,
                          const struct study_plan *p, const struct org_unit *u,
                          int xlsx)
{
  struct study_plan_tally total;
  struct study_plan_unit_row *rows;
  struct jw j;
  int n, rc = study_plan_progress_units(c, r->arena, p, u->id, u->path, &total,
                                        &rows, &n, &r->err);
  if (rc)
    return rc;
  if (xlsx) {
    struct api_export e;
    rc = api_export_begin(&e, r, &unit_spec);
    for (int i = 0; !rc && i < n; i++) {
      xlsx_text(e.x, 0,
                rows[i].is_self
                    ? arena_printf(r->arena, "%s（本级）", rows[i].name)
                    : rows[i].name);
      xlsx_number(e.x, 1, (double)rows[i].t.members);
      xlsx_number(e.x, 2, (double)rows[i].t.completed);
      xlsx_number(e.x, 3, rate_of(&rows[i].t));
      xlsx_number(e.x, 4, (double)(rows[i].t.seconds / 60));
      rc = api_export_row_end(&e);
    }
    if (!rc) {
      xlsx_text(e.x, 0, "合计");
      xlsx_number(e.x, 1, (double)total.members);
      xlsx_number(e.x, 2, (double)total.completed);
      xlsx_number(e.x, 3, rate_of(&total));
      xlsx_number(e.x, 4, (double)(total.seconds / 60));
      rc = api_export_row_end(&e);
    }
    return api_export_end(&e, rc, w);
  }
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_ki64(&j, "plan_id", p->id);
  jw_kstr(&j, "level", "unit");
  jw_key(&j, "unit");
  jw_obj(&j);
  jw_ki64(&j, "id", u->id);
  jw_kstr(&j, "name", u->name);
  jw_kstr(&j, "kind", u->kind);
  jw_obj_end(&j);
  jw_key(&j, "total");
  jw_obj(&j);
  tally_json(&j, &total);
  jw_obj_end(&j);
  jw_key(&j, "items");
  jw_arr(&j);
  for (int i = 0; i < n; i++) {
    jw_obj(&j);
    jw_ki64(&j, "unit_id", rows[i].unit_id);
    jw_kstr(&j, "name", rows[i].name);
    jw_kstr(&j, "kind", rows[i].kind);
    jw_kbool(&j, "is_self", rows[i].is_self);
    jw_kbool(&j, "has_children", rows[i].has_children && !rows[i].is_self);
    tally_json(&j, &rows[i].t);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_obj_end(&j);
  return LX_OK;
}

static const struct api_export_spec branch_spec = {
    .sheet = "支部完成情况",
    .file_utf8 = "学习计划支部完成情况.xlsx",
    .file_ascii = "plan-branches.xlsx",
    .action = "plan.export",
    .object_type = "study_plan",
    .cols = unit_cols,
    .n_cols = (int)LX_COUNT(unit_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
    .filters = progress_filters,
};

/* level=branch: every 党支部 under u with its roll-up. */
static int progress_branches(struct req *r, struct resp *w,
                             struct store_conn *c, const struct study_plan *p,
                             const struct org_unit *u, int xlsx)
{
  struct study_plan_unit_row *rows;
  struct jw j;
  int n, rc = study_plan_progress_branches(c, r->arena, p, u->path, &rows, &n,
                                           &r->err);
  if (rc)
    return rc;
  if (xlsx) {
    struct api_export e;
    rc = api_export_begin(&e, r, &branch_spec);
    for (int i = 0; !rc && i < n; i++) {
      xlsx_text(e.x, 0, rows[i].name);
      xlsx_number(e.x, 1, (double)rows[i].t.members);
      xlsx_number(e.x, 2, (double)rows[i].t.completed);
      xlsx_number(e.x, 3, rate_of(&rows[i].t));
      xlsx_number(e.x, 4, (double)(rows[i].t.seconds / 60));
      rc = api_export_row_end(&e);
    }
    return api_export_end(&e, rc, w);
  }
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++) {
    jw_obj(&j);
    jw_ki64(&j, "unit_id", rows[i].unit_id);
    jw_kstr(&j, "name", rows[i].name);
    jw_kstr(&j, "kind", rows[i].kind);
    tally_json(&j, &rows[i].t);
    jw_obj_end(&j);
  }
  api_list_end(&j, NULL);
  return LX_OK;
}

static void member_json(struct jw *j, const struct study_plan_member *m)
{
  jw_obj(j);
  jw_ki64(j, "person_id", m->person_id);
  jw_kstr(j, "name", m->name);
  jw_ki64(j, "unit_id", m->unit_id);
  jw_kstr(j, "unit_name", m->unit_name);
  jw_ki64(j, "materials_done", m->materials_done);
  jw_ki64(j, "materials_total", m->materials_total);
  jw_ki64(j, "minutes", m->seconds / 60);
  jw_kbool(j, "done", m->done);
  jw_obj_end(j);
}

static int progress_members(struct req *r, struct resp *w, struct store_conn *c,
                            const struct study_plan *p,
                            const struct org_unit *u, int xlsx)
{
  struct study_plan_member *rows;
  const char *f[2], *next = NULL, *after_path = NULL;
  int64_t after_id = 0;
  int limit = 0, n, more, present = 0, rc = 0;
  struct jw j;
  if (!xlsx) {
    rc = api_limit(r, &limit);
    if (!rc)
      rc = api_cursor_decode(r, "plan.members", f, 2, &present);
    if (!rc && present) {
      char *end;
      after_path = f[0];
      after_id = strtoll(f[1], &end, 10);
      if (*end || end == f[1] || after_id <= 0 || after_path[0] != '/')
        rc = err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                     "分页游标无效，请从第一页重新查询");
    }
    if (rc)
      return rc;
  }
  rc = study_plan_progress_members(c, r->arena, p, u->path, after_path,
                                   after_id, limit, &rows, &n, &more, &r->err);
  if (rc)
    return rc;
  if (xlsx) {
    struct api_export e;
    rc = api_export_begin(&e, r, &member_spec);
    for (int i = 0; !rc && i < n; i++) {
      xlsx_text(e.x, 0, rows[i].name);
      xlsx_text(e.x, 1, rows[i].unit_name);
      xlsx_text(e.x, 2,
                arena_printf(r->arena, "%d/%d", rows[i].materials_done,
                             rows[i].materials_total));
      xlsx_number(e.x, 3, (double)(rows[i].seconds / 60));
      xlsx_text(e.x, 4, rows[i].done ? "已完成" : "未完成");
      rc = api_export_row_end(&e);
    }
    return api_export_end(&e, rc, w);
  }
  if (more && n > 0) {
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)rows[n - 1].person_id);
    f[0] = rows[n - 1].unit_path;
    f[1] = id;
    next = api_cursor_encode(r, "plan.members", f, 2);
  }
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    member_json(&j, &rows[i]);
  api_list_end(&j, next);
  return LX_OK;
}

/* GET /api/v1/plans/:id/progress?level=unit|branch|member&unit_id=
 *   &format=xlsx */
int api_plan_progress(struct req *r, struct resp *w)
{
  struct study_plan p;
  struct store_conn *c;
  struct org_unit u;
  const char *level = req_query(r, "level"), *root_path = NULL;
  int64_t unit_id = 0, root_id = 0;
  int present = 0, xlsx = 0;
  int rc = plan_load(r, &p);
  if (rc)
    return rc;
  if (!level || !*level)
    level = "unit";
  if (strcmp(level, "unit") && strcmp(level, "branch") &&
      strcmp(level, "member"))
    return err_set(&r->err, LX_EINVAL, "query.invalid", "level",
                   "level 只能是 unit、branch 或 member");
  rc = api_query_int(r, "unit_id", 1, INT64_MAX, &unit_id, &present);
  if (!rc)
    rc = api_export_format(r, &xlsx);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc && !present)
    rc = plan_root(r, c, &p, &root_id, &root_path);
  if (rc)
    return rc;
  if (!present)
    unit_id = root_id;
  rc = org_unit_get(c, r->arena, unit_id, &u, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "单位");
  if (rc)
    return rc;
  if (!policy_allows(api_subject(r), P_MANAGE, u.path, 0, 0))
    return api_out_of_scope(r, "单位");
  if (!strcmp(level, "unit"))
    return progress_units(r, w, c, &p, &u, xlsx);
  if (!strcmp(level, "branch"))
    return progress_branches(r, w, c, &p, &u, xlsx);
  return progress_members(r, w, c, &p, &u, xlsx);
}

/* ---- my plans
 * ---------------------------------------------------------------- */

/* GET /api/v1/my/plans?all=1 — the caller's person's plans with own
 * progress: {items:[{id,title,description,start_date,due_date,days_left,
 * min_minutes,minutes,materials_done,materials_total,done,status,
 * materials:[{id,title,done,minutes}]}]} */
int api_plan_mine(struct req *r, struct resp *w)
{
  const struct subject *s = api_subject(r);
  struct study_plan_mine *rows;
  struct store_conn *c;
  struct jw j;
  int64_t all = 0;
  int present, n, rc;
  if (!s->person_id)
    return err_set(&r->err, LX_ECONFLICT, "no_person", "",
                   "账号未关联党员信息");
  rc = api_query_int(r, "all", 0, 1, &all, &present);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = study_plan_mine(c, r->arena, s->person_id, (int)all, api_today(),
                         &rows, &n, &r->err);
  if (rc == LX_ENOTFOUND)
    return err_set(&r->err, LX_ECONFLICT, "no_person", "",
                   "账号未关联党员信息");
  if (rc)
    return rc;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++) {
    const struct study_plan_mine *m = &rows[i];
    jw_obj(&j);
    jw_ki64(&j, "id", m->plan.id);
    jw_kstr(&j, "title", m->plan.title);
    jw_kstr(&j, "description", m->plan.description);
    jw_kstr(&j, "start_date", m->plan.start_date);
    jw_kstr(&j, "due_date", m->plan.due_date);
    jw_ki64(&j, "days_left", m->days_left);
    jw_kstr(&j, "status", m->plan.status);
    jw_kstr(&j, "owner_unit_name", m->plan.owner_unit_name);
    jw_ki64(&j, "min_minutes", m->plan.min_minutes);
    jw_ki64(&j, "minutes", m->seconds / 60);
    jw_ki64(&j, "materials_done", m->materials_done);
    jw_ki64(&j, "materials_total", m->plan.n_materials);
    jw_kbool(&j, "done", m->done);
    jw_key(&j, "materials");
    jw_arr(&j);
    for (int k = 0; k < m->plan.n_materials; k++) {
      jw_obj(&j);
      jw_ki64(&j, "id", m->plan.materials[k].material_id);
      jw_kstr(&j, "title", m->plan.materials[k].title);
      jw_kbool(&j, "done", m->material_done[k]);
      jw_ki64(&j, "minutes", m->material_seconds[k] / 60);
      jw_obj_end(&j);
    }
    jw_arr_end(&j);
    jw_obj_end(&j);
  }
  api_list_end(&j, NULL);
  return LX_OK;
}

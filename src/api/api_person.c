/*
 * api_person.c — /api/v1/people: the scoped, searchable list (name,
 * pinyin, initials; unit or subtree; leader flag; signed keyset cursor),
 * one person, and (with org.admin) create, edit and delete.  Phones are
 * masked everywhere except GET /people/:id for a caller who administers
 * the person's unit, and that read is audited (AC-08).  The list with
 * ?format=xlsx is its Excel export (人员名单.xlsx): every matching row in
 * scope, phones masked as in the list, audited as "person.export".
 */
#include "api/api_org.h"

#include "api/api_cursor.h"
#include "api/api_export.h"
#include "base/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const P_READ = "org.read";
static const char *const P_ADMIN = "org.admin";

static int person_visible(const struct subject *s, const char *perm,
                          const struct org_person *p)
{
  return policy_allows(s, perm, p->unit_path, 0, p->id);
}

/* Reads the cursor of the people list (rank, unit path, id). */
static int read_cursor(struct req *r, const char *kind,
                       struct org_people_query *q)
{
  const char *f[3];
  char *end;
  long rank;
  long long id;
  int present;
  int rc = api_cursor_decode(r, kind, f, 3, &present);
  if (rc || !present)
    return rc;
  rank = strtol(f[0], &end, 10);
  if (*end || end == f[0] || rank < 0 || rank > ORG_RANK_NAME_CONTAINS)
    goto bad;
  id = strtoll(f[2], &end, 10);
  if (*end || end == f[2] || id <= 0 || !org_path_valid(f[1]))
    goto bad;
  q->has_after = 1;
  q->after_rank = (int)rank;
  q->after_path = f[1];
  q->after_id = id;
  return LX_OK;
bad:
  return err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                 "分页游标无效，请从第一页重新查询");
}

static const char *make_cursor(struct req *r, const char *kind,
                               const struct org_person *last)
{
  char rank[8], id[24];
  const char *f[3] = {rank, last->unit_path, id};
  snprintf(rank, sizeof rank, "%d", last->rank);
  snprintf(id, sizeof id, "%lld", (long long)last->id);
  return api_cursor_encode(r, kind, f, 3);
}

static int export_xlsx(struct req *r, struct resp *w, struct store_conn *c,
                       const struct policy_filter *f,
                       struct org_people_query *q);

/* GET /api/v1/people?q=&unit_id=&subtree=1&is_leader=&limit=&cursor=
 *   [&format=xlsx] */
int api_person_list(struct req *r, struct resp *w)
{
  struct org_people_query q = {0};
  struct policy_filter f;
  struct store_conn *c;
  struct org_person *rows;
  const char *kind, *next = NULL;
  int64_t v;
  int present, n, more, limit, xlsx = 0;
  struct jw j;
  int rc = policy_filter(api_subject(r), P_READ, &f);
  if (rc)
    return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                   "没有权限执行此操作");
  q.is_leader = -1;
  q.q = req_query(r, "q");
  if (q.q && !*q.q)
    q.q = NULL;
  kind = q.q ? "people.q" : "people";
  rc = api_limit(r, &limit);
  if (!rc)
    rc = api_query_int(r, "unit_id", 1, INT64_MAX, &q.unit_id, &present);
  if (!rc)
    rc = api_query_int(r, "subtree", 0, 1, &v, &present);
  if (!rc)
    q.subtree = present && v;
  if (!rc)
    rc = api_query_int(r, "is_leader", 0, 1, &v, &present);
  if (!rc && present)
    q.is_leader = (int)v;
  if (!rc)
    rc = api_export_format(r, &xlsx);
  if (!rc && !xlsx)
    rc = read_cursor(r, kind, &q);
  if (!rc)
    rc = api_db(r, &c);
  if (rc)
    return rc;
  q.limit = limit;
  if (q.unit_id && q.subtree) {
    /* the subtree's path; a unit that does not exist matches nothing, and
     * the scope filter still applies to whatever it names */
    struct org_unit u;
    struct lx_err e;
    q.unit_path =
        org_unit_get(c, r->arena, q.unit_id, &u, &e) == LX_OK ? u.path : "/0/";
  }
  if (xlsx)
    return export_xlsx(r, w, c, &f, &q);
  rc = org_people_list(c, r->arena, &f, &q, &rows, &n, &more, &r->err);
  if (rc)
    return rc;
  if (more && n > 0)
    next = make_cursor(r, kind, &rows[n - 1]);
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    api_person_json(&j, &rows[i], 0);
  api_list_end(&j, next);
  return LX_OK;
}

/* ---- Excel export -------------------------------------------------------- */

/* Rows read per query while exporting (each page in its own arena). */
#define EXPORT_PAGE 1000

static const struct xlsx_col export_cols[] = {
    {"姓名", 12},        {"性别", 6},  {"出生日期", 12}, {"入党日期", 12},
    {"党组织/单位", 28}, {"职务", 20}, {"手机号码", 16}, {"区级领导", 10},
};

static const char *const export_filters[] = {"q", "unit_id", "subtree",
                                             "is_leader", NULL};

static const struct api_export_spec export_spec = {
    .sheet = "人员名单",
    .file_utf8 = "人员名单.xlsx",
    .file_ascii = "people.xlsx",
    .action = "person.export",
    .object_type = "person",
    .cols = export_cols,
    .n_cols = (int)LX_COUNT(export_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
    .filters = export_filters,
};

static void export_row(struct xlsx *x, const struct org_person *p)
{
  char masked[40];
  xlsx_text(x, 0, p->name);
  xlsx_text(x, 1, p->gender);
  xlsx_date(x, 2, p->birth_date);
  xlsx_date(x, 3, p->joined_at);
  xlsx_text(x, 4, p->unit_name);
  xlsx_text(x, 5, p->position);
  if (p->phone) { /* masked exactly as in the list (api_person_json) */
    org_phone_mask(p->phone, masked, sizeof masked);
    xlsx_text(x, 6, masked);
  }
  xlsx_text(x, 7, p->is_leader ? "是" : "否");
}

/* Every row of the list q under the scope filter f, in list order, read
 * in keyset pages of EXPORT_PAGE inside one read snapshot. */
static int export_xlsx(struct req *r, struct resp *w, struct store_conn *c,
                       const struct policy_filter *f,
                       struct org_people_query *q)
{
  struct api_export e;
  char after_path[ORG_PATH_MAX + 1];
  int more = 1, snap = 0;
  int rc = api_export_begin(&e, r, &export_spec);
  if (!rc)
    rc = store_read_begin(c, &r->err);
  snap = !rc;
  q->limit = EXPORT_PAGE;
  q->has_after = 0;
  while (!rc && more) {
    struct arena *page = arena_new();
    struct org_person *rows;
    int n;
    rc = org_people_list(c, page, f, q, &rows, &n, &more, &r->err);
    for (int i = 0; !rc && i < n; i++) {
      export_row(e.x, &rows[i]);
      rc = api_export_row_end(&e);
    }
    if (!rc && n > 0) {
      snprintf(after_path, sizeof after_path, "%s", rows[n - 1].unit_path);
      q->has_after = 1;
      q->after_rank = rows[n - 1].rank;
      q->after_path = after_path;
      q->after_id = rows[n - 1].id;
    }
    arena_free(page);
  }
  if (snap)
    store_read_end(c);
  return api_export_end(&e, rc, w);
}

static int load_target(struct req *r, const char *perm, struct org_person *p)
{
  struct store_conn *c;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = org_person_get(c, r->arena, id, p, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "人员");
  if (rc)
    return rc;
  if (!person_visible(api_subject(r), P_READ, p) ||
      !person_visible(api_subject(r), perm, p))
    return api_out_of_scope(r, "人员");
  return LX_OK;
}

struct person_job {
  struct req *r;
  int64_t id;
  struct org_person_in in;
  struct org_person before, after;
};

static int view_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct person_job *jb = ctx;
  (void)err;
  return api_audit(jb->r, c, "person.view_phone", "person", jb->id, "ok", NULL,
                   NULL, "查看完整手机号");
}

/* GET /api/v1/people/:id — the full phone for org.admin in scope. */
int api_person_get(struct req *r, struct resp *w)
{
  struct person_job jb = {0};
  struct org_person p;
  struct jw j;
  int full, rc = load_target(r, P_READ, &p);
  if (rc)
    return rc;
  full = p.phone && *p.phone && person_visible(api_subject(r), P_ADMIN, &p);
  if (full) {
    jb.r = r;
    jb.id = p.id;
    rc = api_write(r, view_job, &jb);
    if (rc)
      return rc;
  }
  jw_init(&j, api_json(w, 200));
  api_person_json(&j, &p, full);
  return LX_OK;
}

/* Reads a nullable text member over *dst (absent: keep; null or "":
 * clear). */
static int opt_text(struct req *r, json_t *body, const char *key, size_t max,
                    const char **dst)
{
  const char *v = NULL;
  int rc = api_get_str(r, body, key, 0, max, &v);
  if (rc)
    return rc;
  if (api_has(body, key))
    *dst = v && *v ? api_keep(r, v) : NULL;
  return LX_OK;
}

/* Reads the person fields of body over in (absent fields keep their
 * value), then validates the whole record. */
static int read_person_body(struct req *r, json_t *body,
                            struct org_person_in *in)
{
  int64_t unit_id = 0;
  int present = 0, leader = 0;
  int rc = api_get_int(r, body, "unit_id", 0, 1, INT64_MAX, &unit_id, &present);
  if (!rc && present)
    in->unit_id = unit_id;
  if (!rc && api_has(body, "name")) {
    const char *name = NULL;
    rc = api_get_str(r, body, "name", 1, 200, &name);
    if (!rc)
      in->name = api_keep(r, name);
  }
  if (!rc)
    rc = opt_text(r, body, "gender", 4, &in->gender);
  if (!rc)
    rc = opt_text(r, body, "birth_date", 20, &in->birth_date);
  if (!rc)
    rc = opt_text(r, body, "joined_at", 20, &in->joined_at);
  if (!rc)
    rc = opt_text(r, body, "position", 200, &in->position);
  if (!rc)
    rc = opt_text(r, body, "phone", 40, &in->phone);
  if (!rc)
    rc = api_get_bool(r, body, "is_leader", &leader, &present);
  if (!rc && present)
    in->is_leader = leader;
  if (rc)
    return rc;
  return org_person_check(in, api_today(), &r->err);
}

/* In a job: the unit a person goes to must exist and be administered by
 * the caller (else 400, the same for both). */
static int job_unit(struct req *r, struct store_conn *c, int64_t unit_id)
{
  struct org_unit u;
  struct lx_err e;
  if (org_unit_get(c, r->arena, unit_id, &u, &e) != LX_OK ||
      !policy_allows(api_subject(r), P_ADMIN, u.path, 0, 0))
    return err_set(&r->err, LX_EINVAL, "person.unit_missing", "unit_id",
                   "所选单位不存在或不在您的管理范围内");
  return LX_OK;
}

static int job_target(struct req *r, struct store_conn *c, int64_t id,
                      struct org_person *p)
{
  int rc = org_person_get(c, r->arena, id, p, &r->err);
  if (rc == LX_ENOTFOUND ||
      (!rc && !person_visible(api_subject(r), P_ADMIN, p)))
    return err_set(&r->err, LX_ENOTFOUND, "not_found", "id", "人员不存在");
  return rc;
}

static int create_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct person_job *jb = ctx;
  struct req *r = jb->r;
  int rc = job_unit(r, c, jb->in.unit_id);
  if (!rc)
    rc = org_person_create(c, &jb->in, &jb->id, err);
  if (!rc)
    rc = org_person_get(c, r->arena, jb->id, &jb->after, err);
  if (!rc)
    rc = api_audit(r, c, "person.create", "person", jb->id, "ok", NULL,
                   api_person_doc(r, &jb->after), NULL);
  return rc;
}

/* POST /api/v1/people {unit_id, name, gender?, birth_date?, joined_at?,
 * position?, phone?, is_leader?} → 201 person (full phone). */
int api_person_create(struct req *r, struct resp *w)
{
  struct person_job *jb = arena_zalloc(r->arena, sizeof *jb);
  json_t *body = NULL;
  struct jw j;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  if (!api_has(body, "name"))
    rc = err_set(&r->err, LX_EINVAL, "field.required", "name", "请填写姓名");
  else if (!api_has(body, "unit_id"))
    rc = err_set(&r->err, LX_EINVAL, "field.required", "unit_id",
                 "请选择所在单位");
  if (!rc)
    rc = read_person_body(r, body, &jb->in);
  json_decref(body);
  if (!rc)
    rc = api_write(r, create_job, jb);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 201));
  api_person_json(&j, &jb->after, 1);
  return LX_OK;
}

static int update_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct person_job *jb = ctx;
  struct req *r = jb->r;
  int rc = job_target(r, c, jb->id, &jb->before);
  if (!rc && jb->in.unit_id != jb->before.unit_id)
    rc = job_unit(r, c, jb->in.unit_id);
  if (!rc)
    rc = org_person_update(c, jb->id, &jb->in, err);
  if (!rc)
    rc = org_person_get(c, r->arena, jb->id, &jb->after, err);
  if (!rc)
    rc = api_audit(r, c, "person.update", "person", jb->id, "ok",
                   api_person_doc(r, &jb->before),
                   api_person_doc(r, &jb->after), NULL);
  return rc;
}

/* PUT /api/v1/people/:id — absent fields keep their value, null clears an
 * optional one; a new unit_id moves the person (both units in scope). */
int api_person_update(struct req *r, struct resp *w)
{
  struct person_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct org_person cur;
  json_t *body = NULL;
  struct jw j;
  int rc = load_target(r, P_ADMIN, &cur);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = cur.id;
  jb->in.unit_id = cur.unit_id;
  jb->in.name = cur.name;
  jb->in.gender = cur.gender;
  jb->in.birth_date = cur.birth_date;
  jb->in.joined_at = cur.joined_at;
  jb->in.position = cur.position;
  jb->in.phone = cur.phone;
  jb->in.is_leader = cur.is_leader;
  rc = read_person_body(r, body, &jb->in);
  json_decref(body);
  if (!rc)
    rc = api_write(r, update_job, jb);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  api_person_json(&j, &jb->after, 1);
  return LX_OK;
}

static int delete_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct person_job *jb = ctx;
  struct req *r = jb->r;
  int rc = job_target(r, c, jb->id, &jb->before);
  if (!rc)
    rc = org_person_delete(c, jb->id, err);
  if (!rc)
    rc = api_audit(r, c, "person.delete", "person", jb->id, "ok",
                   api_person_doc(r, &jb->before), NULL, NULL);
  return rc;
}

/* DELETE /api/v1/people/:id → 204; 409 "person.has_account" while an
 * account references the person. */
int api_person_delete(struct req *r, struct resp *w)
{
  struct person_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct org_person cur;
  int rc = load_target(r, P_ADMIN, &cur);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = cur.id;
  rc = api_write(r, delete_job, jb);
  if (rc)
    return rc;
  w->status = 204;
  return LX_OK;
}

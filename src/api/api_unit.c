/*
 * api_unit.c — /api/v1/units: the visible org tree, one unit, and (with
 * org.admin) create, edit, move and delete.  Every :id route answers 404
 * for a unit outside the caller's scope exactly as for a missing one;
 * writes re-check scope inside the write job (against the target and the
 * new parent) and audit before/after in the same transaction.  The list
 * with ?format=xlsx is its Excel export (单位列表.xlsx, names indented by
 * depth), audited as "unit.export".
 */
#include "api/api_org.h"

#include "api/api_export.h"
#include "base/arena.h"
#include "domain/auth/auth.h"

#include <string.h>

static const char *const P_READ = "org.read";
static const char *const P_ADMIN = "org.admin";

/* ---- Excel export -------------------------------------------------------- */

static const struct xlsx_col export_cols[] = {
    {"单位名称", 40}, {"类型", 10},   {"代码", 14},
    {"排序", 8},      {"人员数", 10}, {"下级单位数", 12},
};

static const struct api_export_spec export_spec = {
    .sheet = "单位列表",
    .file_utf8 = "单位列表.xlsx",
    .file_ascii = "units.xlsx",
    .action = "unit.export",
    .object_type = "unit",
    .cols = export_cols,
    .n_cols = (int)LX_COUNT(export_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
};

/* Deepest indentation written (a path of ORG_PATH_MAX bytes holds fewer
 * levels than this). */
#define INDENT_MAX 100

/* The units in tree order (org_units_list) with each name indented by
 * one full-width space per level below its visible root, so that a
 * scoped caller's own top unit starts at the margin. */
static int export_xlsx(struct req *r, struct resp *w,
                       const struct org_unit *units, int n)
{
  struct api_export e;
  int64_t stack[INDENT_MAX]; /* ids of the visible ancestors */
  int depth = 0;
  int rc = api_export_begin(&e, r, &export_spec);
  for (int i = 0; !rc && i < n; i++) {
    const struct org_unit *u = &units[i];
    struct sb sb;
    while (depth > 0 && stack[depth - 1] != u->parent_id)
      depth--;
    sb_init(&sb, r->arena, NULL, 0, 4096);
    for (int k = 0; k < depth; k++)
      sb_puts(&sb, "\xe3\x80\x80"); /* U+3000, a full-width space */
    sb_puts(&sb, u->name);
    if (depth < INDENT_MAX)
      stack[depth++] = u->id;
    xlsx_text(e.x, 0, sb_err(&sb) ? u->name : sb_take(&sb, NULL));
    xlsx_text(e.x, 1, u->kind);
    xlsx_text(e.x, 2, u->code);
    xlsx_number(e.x, 3, (double)u->sort);
    xlsx_number(e.x, 4, (double)u->n_people);
    xlsx_number(e.x, 5, (double)u->n_children);
    rc = api_export_row_end(&e);
  }
  return api_export_end(&e, rc, w);
}

/* GET /api/v1/units[?format=xlsx] → {"items":[unit…],"next_cursor":null},
 * tree order. */
int api_unit_list(struct req *r, struct resp *w)
{
  struct store_conn *c;
  struct policy_filter f;
  struct org_unit *units;
  struct jw j;
  int n, xlsx = 0, rc = policy_filter(api_subject(r), P_READ, &f);
  if (rc)
    return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                   "没有权限执行此操作");
  rc = api_export_format(r, &xlsx);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = org_units_list(c, r->arena, &f, &units, &n, &r->err);
  if (rc)
    return rc;
  if (xlsx)
    return export_xlsx(r, w, units, n);
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    api_unit_json(&j, &units[i]);
  api_list_end(&j, NULL);
  return LX_OK;
}

/* Loads :id on the read connection and checks perm on it (404 when out
 * of scope, like a missing unit). */
static int load_target(struct req *r, const char *perm, struct org_unit *u)
{
  struct store_conn *c;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = org_unit_get(c, r->arena, id, u, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "单位");
  if (rc)
    return rc;
  if (!org_unit_visible(api_subject(r), P_READ, u) ||
      !org_unit_visible(api_subject(r), perm, u))
    return api_out_of_scope(r, "单位");
  return LX_OK;
}

/* GET /api/v1/units/:id */
int api_unit_get(struct req *r, struct resp *w)
{
  struct org_unit u;
  struct jw j;
  int rc = load_target(r, P_READ, &u);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  api_unit_json(&j, &u);
  return LX_OK;
}

/* Reads the fields of a unit body over the values already in in (PUT
 * keeps what is absent).  rc: LX_OK, LX_EINVAL. */
static int read_unit_body(struct req *r, json_t *body, struct org_unit_in *in)
{
  const char *name = NULL, *kind = NULL, *code = NULL;
  int64_t sort = 0;
  int has_sort = 0;
  int rc = api_get_str(r, body, "name", 0, 200, &name);
  if (!rc)
    rc = api_get_str(r, body, "kind", 0, 20, &kind);
  if (!rc)
    rc = api_get_str(r, body, "code", 0, 100, &code);
  if (!rc)
    rc = api_get_int(r, body, "sort", 0, -1000000, 1000000, &sort, &has_sort);
  if (rc)
    return rc;
  if (api_has(body, "name"))
    in->name = api_keep(r, name ? name : "");
  if (api_has(body, "kind"))
    in->kind = api_keep(r, kind ? kind : "");
  if (api_has(body, "code"))
    in->code = api_keep(r, code); /* null or "" clears it */
  if (has_sort)
    in->sort = sort;
  return org_unit_check(in, &r->err);
}

/* Reads "parent_id" (a positive integer or null).  *out 0 = none. */
static int read_parent(struct req *r, json_t *body, int64_t *out)
{
  int present = 0;
  *out = 0;
  return api_get_int(r, body, "parent_id", 0, 1, INT64_MAX, out, &present);
}

static int parent_missing(struct req *r)
{
  return err_set(&r->err, LX_EINVAL, "unit.parent_missing", "parent_id",
                 "所选上级单位不存在或不在您的管理范围内");
}

static int root_forbidden(struct req *r)
{
  return err_set(&r->err, LX_EFORBIDDEN, "unit.root_forbidden", "parent_id",
                 "只有全局管理员可以创建或移出顶级单位");
}

/* In a job: loads the parent (0 = none) and checks org.admin on it. */
static int job_parent(struct req *r, struct store_conn *c, int64_t parent_id,
                      struct org_unit **out)
{
  struct org_unit *p;
  struct lx_err e;
  *out = NULL;
  if (!parent_id)
    return policy_allows(api_subject(r), P_ADMIN, NULL, 0, 0)
               ? LX_OK
               : root_forbidden(r);
  p = arena_alloc(r->arena, sizeof *p);
  if (org_unit_get(c, r->arena, parent_id, p, &e) != LX_OK ||
      !policy_allows(api_subject(r), P_ADMIN, p->path, 0, 0))
    return parent_missing(r);
  *out = p;
  return LX_OK;
}

/* In a job: reloads unit id and re-checks org.admin (a concurrent move
 * may have taken it out of scope). */
static int job_target(struct req *r, struct store_conn *c, int64_t id,
                      struct org_unit *u)
{
  int rc = org_unit_get(c, r->arena, id, u, &r->err);
  if (rc == LX_ENOTFOUND ||
      (!rc && !policy_allows(api_subject(r), P_ADMIN, u->path, 0, 0)))
    return err_set(&r->err, LX_ENOTFOUND, "not_found", "id", "单位不存在");
  return rc;
}

struct unit_job {
  struct req *r;
  int64_t id, parent_id;
  struct org_unit_in in;
  struct org_unit before, after;
  int64_t n_units, n_people;
};

static int create_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct unit_job *jb = ctx;
  struct req *r = jb->r;
  struct org_unit *parent;
  int rc = job_parent(r, c, jb->parent_id, &parent);
  if (!rc)
    rc = org_unit_create(c, parent, &jb->in, &jb->id, err);
  if (!rc)
    rc = org_unit_get(c, r->arena, jb->id, &jb->after, err);
  if (!rc)
    rc = api_audit(r, c, "unit.create", "unit", jb->id, "ok", NULL,
                   api_unit_doc(r, &jb->after), NULL);
  return rc;
}

/* POST /api/v1/units {parent_id?, name, kind, code?, sort?} → 201 unit */
int api_unit_create(struct req *r, struct resp *w)
{
  struct unit_job *jb = arena_zalloc(r->arena, sizeof *jb);
  json_t *body = NULL;
  struct jw j;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  rc = read_parent(r, body, &jb->parent_id);
  if (!rc)
    rc = read_unit_body(r, body, &jb->in);
  json_decref(body);
  if (!rc)
    rc = api_write(r, create_job, jb);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 201));
  api_unit_json(&j, &jb->after);
  return LX_OK;
}

static int update_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct unit_job *jb = ctx;
  struct req *r = jb->r;
  int rc = job_target(r, c, jb->id, &jb->before);
  if (!rc)
    rc = org_unit_update(c, jb->id, &jb->in, err);
  if (!rc)
    rc = org_unit_get(c, r->arena, jb->id, &jb->after, err);
  if (!rc)
    rc = api_audit(r, c, "unit.update", "unit", jb->id, "ok",
                   api_unit_doc(r, &jb->before), api_unit_doc(r, &jb->after),
                   NULL);
  return rc;
}

/* PUT /api/v1/units/:id {name?, kind?, code?, sort?} — absent fields keep
 * their value; the parent changes only through /move. */
int api_unit_update(struct req *r, struct resp *w)
{
  struct unit_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct org_unit cur;
  json_t *body = NULL;
  struct jw j;
  int rc = load_target(r, P_ADMIN, &cur);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = cur.id;
  jb->in.name = cur.name;
  jb->in.kind = cur.kind;
  jb->in.code = cur.code;
  jb->in.sort = cur.sort;
  rc = read_unit_body(r, body, &jb->in);
  json_decref(body);
  if (!rc)
    rc = api_write(r, update_job, jb);
  if (rc)
    return rc;
  auth_cache_invalidate(); /* sessions carry their unit's name */
  jw_init(&j, api_json(w, 200));
  api_unit_json(&j, &jb->after);
  return LX_OK;
}

static int move_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct unit_job *jb = ctx;
  struct req *r = jb->r;
  struct org_unit *parent = NULL;
  char detail[160];
  int rc = job_target(r, c, jb->id, &jb->before);
  if (!rc)
    rc = job_parent(r, c, jb->parent_id, &parent);
  if (!rc)
    rc =
        org_unit_move(c, &jb->before, parent, &jb->n_units, &jb->n_people, err);
  if (!rc)
    rc = org_unit_get(c, r->arena, jb->id, &jb->after, err);
  if (rc)
    return rc;
  snprintf(detail, sizeof detail, "移动单位及其下级 %lld 个、人员 %lld 名",
           (long long)jb->n_units, (long long)jb->n_people);
  return api_audit(r, c, "unit.move", "unit", jb->id, "ok",
                   api_unit_doc(r, &jb->before), api_unit_doc(r, &jb->after),
                   detail);
}

/* POST /api/v1/units/:id/move {parent_id|null} → the moved unit, with
 * "moved_units" and "moved_people" counts. */
int api_unit_move(struct req *r, struct resp *w)
{
  struct unit_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct org_unit cur;
  json_t *body = NULL;
  struct jw j;
  int rc = load_target(r, P_ADMIN, &cur);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = cur.id;
  if (!api_has(body, "parent_id"))
    rc = err_set(&r->err, LX_EINVAL, "field.required", "parent_id",
                 "缺少必填字段 parent_id（移为顶级单位时传 null）");
  if (!rc)
    rc = read_parent(r, body, &jb->parent_id);
  json_decref(body);
  if (!rc)
    rc = api_write(r, move_job, jb);
  if (rc)
    return rc;
  auth_cache_invalidate(); /* accounts below it have a new unit path */
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_key(&j, "unit");
  api_unit_json(&j, &jb->after);
  jw_ki64(&j, "moved_units", jb->n_units);
  jw_ki64(&j, "moved_people", jb->n_people);
  jw_obj_end(&j);
  return LX_OK;
}

static int delete_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct unit_job *jb = ctx;
  struct req *r = jb->r;
  int rc = job_target(r, c, jb->id, &jb->before);
  if (!rc)
    rc = org_unit_delete(c, jb->id, err);
  if (!rc)
    rc = api_audit(r, c, "unit.delete", "unit", jb->id, "ok",
                   api_unit_doc(r, &jb->before), NULL, NULL);
  return rc;
}

/* DELETE /api/v1/units/:id → 204; 409 "unit.not_empty" while it has child
 * units, people or accounts. */
int api_unit_delete(struct req *r, struct resp *w)
{
  struct unit_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct org_unit cur;
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

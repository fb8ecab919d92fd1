/*
 * api_role.c — /api/v1/roles and /api/v1/permissions: every role with its
 * permissions (role.read), the permission catalogue, and custom roles
 * created, edited and deleted by the 安全管理员 (role.admin).  Built-in
 * roles answer 409 "role.builtin"; a role still held answers 409
 * "role.in_use".  A permission change drops the session cache so holders
 * get the new permissions on their next request.  The list with
 * ?format=xlsx is its Excel export (角色列表.xlsx), audited as
 * "role.export".
 */
#include "api/api_org.h"

#include "api/api_export.h"
#include "base/arena.h"
#include "domain/auth/auth.h"

#include <string.h>

/* ---- Excel export -------------------------------------------------------- */

static const struct xlsx_col export_cols[] = {
    {"角色代码", 16},
    {"名称", 16},
    {"内置", 8},
    {"权限", 80},
};

static const struct api_export_spec export_spec = {
    .sheet = "角色列表",
    .file_utf8 = "角色列表.xlsx",
    .file_ascii = "roles.xlsx",
    .action = "role.export",
    .object_type = "role",
    .cols = export_cols,
    .n_cols = (int)LX_COUNT(export_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
};

static int has_perm(const struct acct_role *ro, const char *code)
{
  for (int i = 0; i < ro->n_perms; i++)
    if (strcmp(ro->perms[i], code) == 0)
      return 1;
  return 0;
}

/* The Chinese names of ro's permissions in catalogue order, joined with
 * "、"; a code the catalogue does not know is written as it is, last. */
static const char *perms_text(struct req *r, const struct acct_role *ro)
{
  int n_cat, n = 0;
  const struct policy_perm *cat = policy_perms(&n_cat);
  struct sb sb;
  sb_init(&sb, r->arena, NULL, 0, 8192);
  for (int k = 0; k < n_cat; k++)
    if (has_perm(ro, cat[k].code))
      sb_appendf(&sb, "%s%s", n++ ? "、" : "", cat[k].name);
  for (int i = 0; i < ro->n_perms; i++)
    if (!policy_perm_intern(ro->perms[i]))
      sb_appendf(&sb, "%s%s", n++ ? "、" : "", ro->perms[i]);
  return sb_err(&sb) ? NULL : sb_take(&sb, NULL);
}

static int export_xlsx(struct req *r, struct resp *w,
                       const struct acct_role *roles, int n)
{
  struct api_export e;
  int rc = api_export_begin(&e, r, &export_spec);
  for (int i = 0; !rc && i < n; i++) {
    xlsx_text(e.x, 0, roles[i].code);
    xlsx_text(e.x, 1, roles[i].name);
    xlsx_text(e.x, 2, roles[i].builtin ? "是" : "否");
    xlsx_text(e.x, 3, perms_text(r, &roles[i]));
    rc = api_export_row_end(&e);
  }
  return api_export_end(&e, rc, w);
}

/* GET /api/v1/roles[?format=xlsx] → {"items":[role…],"next_cursor":null} */
int api_role_list(struct req *r, struct resp *w)
{
  struct store_conn *c;
  struct acct_role *roles;
  struct jw j;
  int n, xlsx = 0, rc = api_export_format(r, &xlsx);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = acct_roles_list(c, r->arena, &roles, &n, &r->err);
  if (rc)
    return rc;
  if (xlsx)
    return export_xlsx(r, w, roles, n);
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    api_role_json(&j, &roles[i]);
  api_list_end(&j, NULL);
  return LX_OK;
}

/* GET /api/v1/roles/:id */
int api_role_get(struct req *r, struct resp *w)
{
  struct store_conn *c;
  struct acct_role ro;
  struct jw j;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = acct_role_get(c, r->arena, id, &ro, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "角色");
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  api_role_json(&j, &ro);
  return LX_OK;
}

/* GET /api/v1/permissions → {"items":[{"code","name","group"}…]} */
int api_role_permissions(struct req *r, struct resp *w)
{
  int n;
  const struct policy_perm *p = policy_perms(&n);
  struct jw j;
  (void)r;
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++) {
    jw_obj(&j);
    jw_kstr(&j, "code", p[i].code);
    jw_kstr(&j, "name", p[i].name);
    jw_kstr(&j, "group", p[i].group);
    jw_obj_end(&j);
  }
  api_list_end(&j, NULL);
  return LX_OK;
}

struct role_job {
  struct req *r;
  int64_t id;
  const char *code, *name;
  const char **perms;
  int n_perms;
  struct acct_role before, after;
};

/* Reads "permissions": an array of permission codes (at most the
 * catalogue's size plus a margin, so duplicates are reported as such). */
static int read_perms(struct req *r, json_t *body, struct role_job *jb)
{
  json_t *arr = json_object_get(body, "permissions"), *it;
  int n_cat;
  size_t i;
  policy_perms(&n_cat);
  if (!arr || !json_is_array(arr))
    return err_set(&r->err, LX_EINVAL, arr ? "field.type" : "field.required",
                   "permissions", "permissions 必须是权限代码的数组");
  if (json_array_size(arr) > (size_t)n_cat * 2)
    return err_set(&r->err, LX_EINVAL, "role.too_many_permissions",
                   "permissions", "权限数量过多");
  jb->perms =
      arena_alloc(r->arena, sizeof *jb->perms * (json_array_size(arr) + 1));
  json_array_foreach(arr, i, it)
  {
    if (!json_is_string(it) || json_string_length(it) > 64)
      return err_set(&r->err, LX_EINVAL, "field.type", "permissions",
                     "permissions 必须是权限代码的数组");
    jb->perms[i] = api_keep(r, json_string_value(it));
  }
  jb->n_perms = (int)json_array_size(arr);
  return LX_OK;
}

static int create_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct role_job *jb = ctx;
  int rc = acct_role_create(c, jb->code, jb->name, jb->perms, jb->n_perms,
                            &jb->id, err);
  if (!rc)
    rc = acct_role_get(c, jb->r->arena, jb->id, &jb->after, err);
  if (!rc)
    rc = api_audit(jb->r, c, "role.create", "role", jb->id, "ok", NULL,
                   api_role_doc(jb->r, &jb->after), NULL);
  return rc;
}

/* POST /api/v1/roles {code, name, permissions:[…]} → 201 role */
int api_role_create(struct req *r, struct resp *w)
{
  struct role_job *jb = arena_zalloc(r->arena, sizeof *jb);
  const char *code = NULL, *name = NULL;
  json_t *body = NULL;
  struct jw j;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  rc = api_get_str(r, body, "code", 1, 64, &code);
  if (!rc)
    rc = api_get_str(r, body, "name", 1, 200, &name);
  if (!rc)
    rc = read_perms(r, body, jb);
  jb->code = api_keep(r, code);
  jb->name = api_keep(r, name);
  json_decref(body);
  if (!rc)
    rc = acct_role_check(jb->code, jb->name, jb->perms, jb->n_perms, &r->err);
  if (!rc)
    rc = api_write(r, create_job, jb);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 201));
  api_role_json(&j, &jb->after);
  return LX_OK;
}

static int update_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct role_job *jb = ctx;
  int rc = acct_role_get(c, jb->r->arena, jb->id, &jb->before, err);
  if (!rc)
    rc = acct_role_update(c, jb->id, jb->name, jb->perms, jb->n_perms, err);
  if (!rc)
    rc = acct_role_get(c, jb->r->arena, jb->id, &jb->after, err);
  if (!rc)
    rc = api_audit(jb->r, c, "role.update", "role", jb->id, "ok",
                   api_role_doc(jb->r, &jb->before),
                   api_role_doc(jb->r, &jb->after), NULL);
  return rc;
}

/* PUT /api/v1/roles/:id {name?, permissions?} — custom roles only. */
int api_role_update(struct req *r, struct resp *w)
{
  struct role_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct store_conn *c;
  struct acct_role cur;
  const char *name = NULL;
  json_t *body = NULL;
  struct jw j;
  int rc = req_param_id(r, "id", &jb->id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = acct_role_get(c, r->arena, jb->id, &cur, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "角色");
  if (!rc && cur.builtin)
    rc = err_set(&r->err, LX_ECONFLICT, "role.builtin", "id",
                 "内置角色不能修改或删除");
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  jb->name = cur.name;
  jb->perms = cur.perms;
  jb->n_perms = cur.n_perms;
  if (api_has(body, "name")) {
    rc = api_get_str(r, body, "name", 1, 200, &name);
    jb->name = api_keep(r, name);
  }
  if (!rc && api_has(body, "permissions"))
    rc = read_perms(r, body, jb);
  json_decref(body);
  if (!rc)
    rc = acct_role_check(NULL, jb->name, jb->perms, jb->n_perms, &r->err);
  if (!rc)
    rc = api_write(r, update_job, jb);
  if (rc)
    return rc;
  auth_cache_invalidate();
  jw_init(&j, api_json(w, 200));
  api_role_json(&j, &jb->after);
  return LX_OK;
}

static int delete_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct role_job *jb = ctx;
  int rc = acct_role_get(c, jb->r->arena, jb->id, &jb->before, err);
  if (!rc)
    rc = acct_role_delete(c, jb->id, err);
  if (!rc)
    rc = api_audit(jb->r, c, "role.delete", "role", jb->id, "ok",
                   api_role_doc(jb->r, &jb->before), NULL, NULL);
  return rc;
}

/* DELETE /api/v1/roles/:id → 204 */
int api_role_delete(struct req *r, struct resp *w)
{
  struct role_job *jb = arena_zalloc(r->arena, sizeof *jb);
  int rc = req_param_id(r, "id", &jb->id);
  if (rc)
    return rc;
  jb->r = r;
  rc = api_write(r, delete_job, jb);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "角色");
  if (rc)
    return rc;
  w->status = 204;
  return LX_OK;
}

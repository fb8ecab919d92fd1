/*
 * api_user.c — /api/v1/users: account administration (系统管理员,
 * user.admin) and role grants (安全管理员, role.admin).
 *
 * 三员分立 as enforced here (the rules themselves are in
 * acct_roles_check):
 *  - user.admin creates and edits accounts and grants ordinary roles, but
 *    cannot grant, remove or re-scope sysadmin/secadmin/auditor;
 *  - PUT /users/:id/roles (role.admin) is the only way to give or take an
 *    admin role; no account holds two; nobody changes their own roles;
 *  - the credentials of an account that holds an admin role (password,
 *    TOTP) and its status cannot be reset through the API at all — that
 *    is the local CLI's job (luoshi user passwd|reset-2fa|unlock), so no
 *    admin can take over another's account.
 * Initial and reset passwords are random (auth_password_generate), shown
 * once in the answer and stored only as an argon2id hash computed before
 * the write job.  Every change is audited with before/after (no secrets)
 * and invalidates the session cache so it applies on the next request.
 * The list with ?format=xlsx is its Excel export (账号列表.xlsx), audited
 * as "user.export".
 */
#include "api/api_org.h"

#include "api/api_cursor.h"
#include "api/api_export.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "domain/auth/auth.h"
#include "domain/auth/password.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const P_READ = "user.read";
static const char *const P_ADMIN = "user.admin";

static int user_visible(const struct subject *s, const char *perm,
                        const struct acct_user *u)
{
  return policy_allows(s, perm, u->unit_path, u->id, u->person_id);
}

static int export_xlsx(struct req *r, struct resp *w, struct store_conn *c,
                       const struct policy_filter *f, struct acct_query *q);

/* GET /api/v1/users?q=&unit_id=&subtree=&status=&limit=&cursor=
 *   [&format=xlsx] */
int api_user_list(struct req *r, struct resp *w)
{
  struct acct_query q = {0};
  struct policy_filter f;
  struct store_conn *c;
  struct acct_user *rows;
  const char *cur[1], *next = NULL;
  int64_t v;
  int present, n, more, xlsx = 0;
  struct jw j;
  int rc = policy_filter(api_subject(r), P_READ, &f);
  if (rc)
    return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                   "没有权限执行此操作");
  q.q = req_query(r, "q");
  if (q.q && !*q.q)
    q.q = NULL;
  q.status = req_query(r, "status");
  if (q.status && !*q.status)
    q.status = NULL;
  q.now_ms = time_now_ms();
  rc = api_limit(r, &q.limit);
  if (!rc)
    rc = api_query_int(r, "unit_id", 1, INT64_MAX, &q.unit_id, &present);
  if (!rc)
    rc = api_query_int(r, "subtree", 0, 1, &v, &present);
  if (!rc)
    q.subtree = present && v;
  if (!rc)
    rc = api_export_format(r, &xlsx);
  if (!rc && !xlsx)
    rc = api_cursor_decode(r, "users", cur, 1, &present);
  if (!rc && !xlsx && present) {
    char *end;
    long long id = strtoll(cur[0], &end, 10);
    if (*end || end == cur[0] || id <= 0)
      rc = err_set(&r->err, LX_EINVAL, "page.cursor", "cursor",
                   "分页游标无效，请从第一页重新查询");
    q.after_id = id;
  }
  if (!rc)
    rc = api_db(r, &c);
  if (rc)
    return rc;
  if (q.unit_id && q.subtree) {
    struct org_unit u;
    struct lx_err e;
    q.unit_path =
        org_unit_get(c, r->arena, q.unit_id, &u, &e) == LX_OK ? u.path : "/0/";
  }
  if (xlsx)
    return export_xlsx(r, w, c, &f, &q);
  rc = acct_list(c, r->arena, &f, &q, &rows, &n, &more, &r->err);
  if (rc)
    return rc;
  if (more && n > 0) {
    char id[24];
    const char *fields[1] = {id};
    snprintf(id, sizeof id, "%lld", (long long)rows[n - 1].id);
    next = api_cursor_encode(r, "users", fields, 1);
  }
  api_list_begin(&j, w);
  for (int i = 0; i < n; i++)
    api_acct_json(&j, &rows[i]);
  api_list_end(&j, next);
  return LX_OK;
}

/* ---- Excel export -------------------------------------------------------- */

/* Accounts read per query while exporting (each page in its own arena). */
#define EXPORT_PAGE 500

static const struct xlsx_col export_cols[] = {
    {"账号", 16}, {"姓名", 12},     {"单位", 28},     {"角色", 40},
    {"状态", 8},  {"最后登录", 20}, {"两步验证", 10},
};

static const char *const export_filters[] = {"q", "unit_id", "subtree",
                                             "status", NULL};

static const struct api_export_spec export_spec = {
    .sheet = "账号列表",
    .file_utf8 = "账号列表.xlsx",
    .file_ascii = "users.xlsx",
    .action = "user.export",
    .object_type = "account",
    .cols = export_cols,
    .n_cols = (int)LX_COUNT(export_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
    .filters = export_filters,
};

static const char *status_label(const char *status)
{
  if (status && !strcmp(status, "disabled"))
    return "停用";
  if (status && !strcmp(status, "locked"))
    return "锁定";
  return "正常";
}

/* "党员（仅本人）、支部书记（本单位及下级）" */
static const char *roles_text(struct arena *a, const struct acct_user *u)
{
  struct sb sb;
  sb_init(&sb, a, NULL, 0, 4096);
  for (int i = 0; i < u->n_roles; i++)
    sb_appendf(&sb, "%s%s（%s）", i ? "、" : "", u->roles[i].name,
               policy_scope_label(u->roles[i].scope));
  return sb_err(&sb) ? NULL : sb_take(&sb, NULL);
}

static void export_row(struct xlsx *x, struct arena *a,
                       const struct acct_user *u)
{
  xlsx_text(x, 0, u->username);
  xlsx_text(x, 1, u->name);
  xlsx_text(x, 2, u->unit_name);
  xlsx_text(x, 3, roles_text(a, u));
  xlsx_text(x, 4, status_label(u->status));
  xlsx_time(x, 5, u->last_login_at);
  xlsx_text(x, 6, u->totp_enabled ? "已启用" : "未启用");
}

/* Every account of the list q under the scope filter f, by id, read in
 * keyset pages of EXPORT_PAGE inside one read snapshot. */
static int export_xlsx(struct req *r, struct resp *w, struct store_conn *c,
                       const struct policy_filter *f, struct acct_query *q)
{
  struct api_export e;
  int more = 1, snap = 0;
  int rc = api_export_begin(&e, r, &export_spec);
  if (!rc)
    rc = store_read_begin(c, &r->err);
  snap = !rc;
  q->limit = EXPORT_PAGE;
  q->after_id = 0;
  while (!rc && more) {
    struct arena *page = arena_new();
    struct acct_user *rows;
    int n;
    rc = acct_list(c, page, f, q, &rows, &n, &more, &r->err);
    for (int i = 0; !rc && i < n; i++) {
      export_row(e.x, page, &rows[i]);
      rc = api_export_row_end(&e);
    }
    if (!rc && n > 0)
      q->after_id = rows[n - 1].id;
    arena_free(page);
  }
  if (snap)
    store_read_end(c);
  return api_export_end(&e, rc, w);
}

/* Loads :id and checks perm on it (404 out of scope). */
static int load_target(struct req *r, const char *perm, struct acct_user *u)
{
  struct store_conn *c;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = acct_get(c, r->arena, id, time_now_ms(), u, &r->err);
  if (rc == LX_ENOTFOUND)
    return api_not_found(r, "账号");
  if (rc)
    return rc;
  if (!user_visible(api_subject(r), P_READ, u) ||
      !user_visible(api_subject(r), perm, u))
    return api_out_of_scope(r, "账号");
  return LX_OK;
}

/* GET /api/v1/users/:id */
int api_user_get(struct req *r, struct resp *w)
{
  struct acct_user u;
  struct jw j;
  int rc = load_target(r, P_READ, &u);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  api_acct_json(&j, &u);
  return LX_OK;
}

/* Reads "roles": [{"role_id": N, "scope": "all|subtree|unit|self"}…]. */
static int read_roles(struct req *r, json_t *body, struct acct_role_in *out,
                      int *out_n)
{
  json_t *arr = json_object_get(body, "roles"), *it;
  size_t i;
  *out_n = 0;
  if (!arr || json_is_null(arr))
    return LX_OK;
  if (!json_is_array(arr))
    return err_set(&r->err, LX_EINVAL, "field.type", "roles",
                   "roles 必须是数组");
  if (json_array_size(arr) > ACCT_MAX_ROLES)
    return err_setf(&r->err, LX_EINVAL, "user.too_many_roles", "roles",
                    "一个账号最多 %d 个角色", ACCT_MAX_ROLES);
  json_array_foreach(arr, i, it)
  {
    json_t *id = json_object_get(it, "role_id");
    json_t *scope = json_object_get(it, "scope");
    if (!json_is_object(it) || !json_is_integer(id) ||
        json_integer_value(id) <= 0)
      return err_set(&r->err, LX_EINVAL, "user.role_invalid", "roles",
                     "每个角色须为 {\"role_id\": 正整数, \"scope\": 数据范围}");
    out[i].role_id = json_integer_value(id);
    out[i].scope = json_is_string(scope)
                       ? policy_scope_parse(json_string_value(scope))
                       : SCOPE_NONE;
    if (out[i].scope == SCOPE_NONE)
      return err_set(&r->err, LX_EINVAL, "user.scope_invalid", "roles",
                     "数据范围只能是 all、subtree、unit 或 self");
  }
  *out_n = (int)json_array_size(arr);
  return LX_OK;
}

/* In a job: the unit of an account must exist and be administered by the
 * caller under perm. */
static int job_unit(struct req *r, struct store_conn *c, const char *perm,
                    int64_t unit_id)
{
  struct org_unit u;
  struct lx_err e;
  if (org_unit_get(c, r->arena, unit_id, &u, &e) != LX_OK ||
      !policy_allows(api_subject(r), perm, u.path, 0, 0))
    return err_set(&r->err, LX_EINVAL, "user.unit_missing", "unit_id",
                   "所选单位不存在或不在您的管理范围内");
  return LX_OK;
}

static int job_target(struct req *r, struct store_conn *c, const char *perm,
                      int64_t id, struct acct_user *u)
{
  int rc = acct_get(c, r->arena, id, time_now_ms(), u, &r->err);
  if (rc == LX_ENOTFOUND || (!rc && !user_visible(api_subject(r), perm, u)))
    return err_set(&r->err, LX_ENOTFOUND, "not_found", "id", "账号不存在");
  return rc;
}

struct user_job {
  struct req *r;
  int64_t id;
  struct acct_user_in in;
  int has_name, has_unit, has_roles;
  const char *hash;
  const char *action;
  struct acct_user before, after;
};

static int create_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct user_job *jb = ctx;
  struct req *r = jb->r;
  int rc = job_unit(r, c, P_ADMIN, jb->in.unit_id);
  if (!rc && jb->in.person_id) {
    struct org_person p;
    struct lx_err e;
    if (org_person_get(c, r->arena, jb->in.person_id, &p, &e) != LX_OK ||
        !policy_allows(api_subject(r), P_ADMIN, p.unit_path, 0, 0))
      rc = err_set(err, LX_EINVAL, "user.person_missing", "person_id",
                   "所选人员不存在或不在您的管理范围内");
  }
  if (!rc)
    rc = acct_roles_check(c, api_subject(r), P_ADMIN, NULL, jb->in.roles,
                          jb->in.n_roles, err);
  if (!rc)
    rc = acct_create(c, &jb->in, jb->hash, &jb->id, err);
  if (!rc)
    rc = acct_get(c, r->arena, jb->id, time_now_ms(), &jb->after, err);
  if (!rc)
    rc = api_audit(r, c, "user.create", "account", jb->id, "ok", NULL,
                   api_acct_doc(r, &jb->after), "初始密码已生成");
  return rc;
}

/* A fresh random password and its hash (slow: runs before the job). */
static int new_password(struct req *r, char pw[AUTH_PW_GEN_SIZE],
                        const char **out_hash)
{
  char *hash = arena_alloc(r->arena, AUTH_PW_HASH_SIZE);
  int rc = auth_password_generate(pw, AUTH_PW_GEN_SIZE);
  if (!rc)
    rc = auth_password_hash(pw, hash, AUTH_PW_HASH_SIZE);
  if (rc)
    return err_set(&r->err, LX_EINTERNAL, "user.password_gen", "",
                   "生成初始密码失败");
  *out_hash = hash;
  return LX_OK;
}

/* POST /api/v1/users {username, name, unit_id, person_id?, roles?} →
 * 201 {"user":…,"initial_password":"…"} */
int api_user_create(struct req *r, struct resp *w)
{
  struct user_job *jb = arena_zalloc(r->arena, sizeof *jb);
  char pw[AUTH_PW_GEN_SIZE];
  json_t *body = NULL;
  const char *username = NULL, *name = NULL;
  int present;
  struct jw j;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  rc = api_get_str(r, body, "username", 1, 64, &username);
  if (!rc)
    rc = acct_username_check(username, &r->err);
  if (!rc)
    rc = api_get_str(r, body, "name", 1, 200, &name);
  if (!rc)
    rc = api_get_int(r, body, "unit_id", 1, 1, INT64_MAX, &jb->in.unit_id,
                     &present);
  if (!rc)
    rc = api_get_int(r, body, "person_id", 0, 1, INT64_MAX, &jb->in.person_id,
                     &present);
  if (!rc)
    rc = read_roles(r, body, jb->in.roles, &jb->in.n_roles);
  jb->in.username = api_keep(r, username);
  jb->in.name = api_keep(r, name);
  json_decref(body);
  if (!rc)
    rc = new_password(r, pw, &jb->hash);
  if (!rc)
    rc = api_write(r, create_job, jb);
  if (rc) {
    explicit_bzero(pw, sizeof pw);
    return rc;
  }
  auth_cache_invalidate();
  jw_init(&j, api_json(w, 201));
  jw_obj(&j);
  jw_key(&j, "user");
  api_acct_json(&j, &jb->after);
  jw_kstr(&j, "initial_password", pw);
  jw_obj_end(&j);
  explicit_bzero(pw, sizeof pw);
  return LX_OK;
}

static int update_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct user_job *jb = ctx;
  struct req *r = jb->r;
  int rc = job_target(r, c, P_ADMIN, jb->id, &jb->before);
  const char *name = jb->has_name ? jb->in.name : jb->before.name;
  int64_t unit = jb->has_unit ? jb->in.unit_id : jb->before.unit_id;
  if (!rc && unit != jb->before.unit_id)
    rc = job_unit(r, c, P_ADMIN, unit);
  if (!rc)
    rc = acct_update(c, jb->id, name, unit, err);
  if (!rc && jb->has_roles) {
    rc = acct_roles_check(c, api_subject(r), P_ADMIN, &jb->before, jb->in.roles,
                          jb->in.n_roles, err);
    if (!rc)
      rc = acct_roles_set(c, jb->id, jb->in.roles, jb->in.n_roles, err);
    if (!rc) /* a role change ends the account's sessions */
      rc = acct_sessions_revoke(c, jb->id, NULL, err);
  }
  if (!rc)
    rc = acct_get(c, r->arena, jb->id, time_now_ms(), &jb->after, err);
  if (!rc)
    rc = api_audit(r, c, "user.update", "account", jb->id, "ok",
                   api_acct_doc(r, &jb->before), api_acct_doc(r, &jb->after),
                   NULL);
  return rc;
}

/* A roles request that leaves the roles as they are is no change (so a
 * form that sends the roles back unchanged is not a grant). */
static int same_roles(const struct acct_user *u, const struct acct_role_in *in,
                      int n)
{
  if (n != u->n_roles)
    return 0;
  for (int i = 0; i < n; i++) {
    int found = 0;
    for (int k = 0; k < u->n_roles && !found; k++)
      found = u->roles[k].role_id == in[i].role_id &&
              u->roles[k].scope == in[i].scope;
    if (!found)
      return 0;
  }
  return 1;
}

/* PUT /api/v1/users/:id {name?, unit_id?, roles?} — the username never
 * changes; absent fields keep their value. */
int api_user_update(struct req *r, struct resp *w)
{
  struct user_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct acct_user cur;
  json_t *body = NULL;
  const char *name = NULL;
  struct jw j;
  int rc = load_target(r, P_ADMIN, &cur);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = cur.id;
  jb->has_name = api_has(body, "name");
  jb->has_roles = api_has(body, "roles");
  rc = api_get_str(r, body, "name", jb->has_name, 200, &name);
  if (!rc)
    rc = api_get_int(r, body, "unit_id", 0, 1, INT64_MAX, &jb->in.unit_id,
                     &jb->has_unit);
  if (!rc && jb->has_roles)
    rc = read_roles(r, body, jb->in.roles, &jb->in.n_roles);
  jb->in.name = api_keep(r, name);
  json_decref(body);
  if (!rc && jb->has_roles && same_roles(&cur, jb->in.roles, jb->in.n_roles))
    jb->has_roles = 0;
  if (!rc && cur.id == api_subject(r)->account_id && jb->has_unit &&
      jb->in.unit_id != cur.unit_id) /* one's unit decides one's scope */
    rc = err_set(&r->err, LX_EFORBIDDEN, "user.self", "unit_id",
                 "不能修改自己账号的所属单位");
  if (!rc)
    rc = api_write(r, update_job, jb);
  if (rc)
    return rc;
  auth_cache_invalidate();
  jw_init(&j, api_json(w, 200));
  api_acct_json(&j, &jb->after);
  return LX_OK;
}

static int roles_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct user_job *jb = ctx;
  struct req *r = jb->r;
  int rc = job_target(r, c, "role.admin", jb->id, &jb->before);
  if (!rc)
    rc = acct_roles_check(c, api_subject(r), "role.admin", &jb->before,
                          jb->in.roles, jb->in.n_roles, err);
  if (!rc)
    rc = acct_roles_set(c, jb->id, jb->in.roles, jb->in.n_roles, err);
  if (!rc)
    rc = acct_sessions_revoke(c, jb->id, NULL, err);
  if (!rc)
    rc = acct_get(c, r->arena, jb->id, time_now_ms(), &jb->after, err);
  if (!rc)
    rc = api_audit(r, c, "user.roles", "account", jb->id, "ok",
                   api_acct_doc(r, &jb->before), api_acct_doc(r, &jb->after),
                   NULL);
  return rc;
}

/* PUT /api/v1/users/:id/roles {roles:[{role_id, scope}…]} (role.admin):
 * replaces the account's roles, admin roles included. */
int api_user_roles(struct req *r, struct resp *w)
{
  struct user_job *jb = arena_zalloc(r->arena, sizeof *jb);
  struct acct_user cur;
  json_t *body = NULL;
  struct jw j;
  int rc = load_target(r, "role.admin", &cur);
  if (!rc)
    rc = api_body(r, &body);
  if (rc)
    return rc;
  jb->r = r;
  jb->id = cur.id;
  if (!api_has(body, "roles") || !json_is_array(json_object_get(body, "roles")))
    rc = err_set(&r->err, LX_EINVAL, "field.required", "roles",
                 "缺少必填字段 roles（数组）");
  if (!rc)
    rc = read_roles(r, body, jb->in.roles, &jb->in.n_roles);
  json_decref(body);
  if (!rc)
    rc = api_write(r, roles_job, jb);
  if (rc)
    return rc;
  auth_cache_invalidate();
  jw_init(&j, api_json(w, 200));
  api_acct_json(&j, &jb->after);
  return LX_OK;
}

/* ---- account actions ----------------------------------------------------
 * reset-password, disable, enable, unlock, reset-totp share one shape:
 * load and scope-check the target, refuse self and (for credential and
 * status changes) a 三员 account, run the domain call in a job, audit. */

enum action { A_RESET_PASSWORD, A_DISABLE, A_ENABLE, A_UNLOCK, A_RESET_TOTP };

static const struct {
  const char *audit;
  const char *label;
  int protect_admin; /* refused on an account holding an admin role */
} actions[] = {
    {"user.reset_password", "重置密码", 1},
    {"user.disable", "停用", 1},
    {"user.enable", "启用", 0},
    {"user.unlock", "解锁", 0},
    {"user.reset_totp", "重置两步验证", 1},
};

struct action_job {
  struct req *r;
  enum action a;
  int64_t id;
  const char *hash;
  struct acct_user before, after;
};

static int action_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct action_job *jb = ctx;
  struct req *r = jb->r;
  int rc = job_target(r, c, P_ADMIN, jb->id, &jb->before);
  if (rc)
    return rc;
  switch (jb->a) {
  case A_RESET_PASSWORD:
    rc = acct_password_reset(c, jb->id, jb->hash, err);
    break;
  case A_DISABLE: rc = acct_status_set(c, jb->id, "disabled", err); break;
  case A_ENABLE: rc = acct_status_set(c, jb->id, "active", err); break;
  case A_UNLOCK: rc = acct_unlock(c, jb->id, err); break;
  case A_RESET_TOTP: rc = acct_totp_reset(c, jb->id, err); break;
  }
  if (!rc)
    rc = acct_get(c, r->arena, jb->id, time_now_ms(), &jb->after, err);
  if (!rc)
    rc = api_audit(r, c, actions[jb->a].audit, "account", jb->id, "ok",
                   api_acct_doc(r, &jb->before), api_acct_doc(r, &jb->after),
                   NULL);
  return rc;
}

static int run_action(struct req *r, struct resp *w, enum action a)
{
  struct action_job *jb = arena_zalloc(r->arena, sizeof *jb);
  char pw[AUTH_PW_GEN_SIZE] = "";
  struct jw j;
  int rc = load_target(r, P_ADMIN, &jb->before);
  if (rc)
    return rc;
  if (jb->before.id == api_subject(r)->account_id)
    return err_setf(&r->err, LX_EFORBIDDEN, "user.self", "id",
                    "不能对自己的账号执行“%s”，请使用个人中心",
                    actions[a].label);
  if (actions[a].protect_admin && acct_is_admin(&jb->before))
    return err_setf(&r->err, LX_EFORBIDDEN, "user.admin_protected", "id",
                    "三员账号不能通过网页%s，请在服务器上使用 luoshi user "
                    "命令",
                    actions[a].label);
  jb->r = r;
  jb->a = a;
  jb->id = jb->before.id;
  if (a == A_RESET_PASSWORD) {
    rc = new_password(r, pw, &jb->hash);
    if (rc)
      return rc;
  }
  rc = api_write(r, action_job, jb);
  if (rc) {
    explicit_bzero(pw, sizeof pw);
    return rc;
  }
  auth_cache_invalidate();
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_key(&j, "user");
  api_acct_json(&j, &jb->after);
  if (a == A_RESET_PASSWORD)
    jw_kstr(&j, "initial_password", pw);
  jw_obj_end(&j);
  explicit_bzero(pw, sizeof pw);
  return LX_OK;
}

/* POST /api/v1/users/:id/reset-password → {"user","initial_password"}:
 * must change at next login; every session of the account ends. */
int api_user_reset_password(struct req *r, struct resp *w)
{
  return run_action(r, w, A_RESET_PASSWORD);
}

/* POST /api/v1/users/:id/disable → {"user"}; sessions end. */
int api_user_disable(struct req *r, struct resp *w)
{
  return run_action(r, w, A_DISABLE);
}

/* POST /api/v1/users/:id/enable → {"user"} */
int api_user_enable(struct req *r, struct resp *w)
{
  return run_action(r, w, A_ENABLE);
}

/* POST /api/v1/users/:id/unlock → {"user"}: clears a lockout. */
int api_user_unlock(struct req *r, struct resp *w)
{
  return run_action(r, w, A_UNLOCK);
}

/* POST /api/v1/users/:id/reset-totp → {"user"}: the account enrols TOTP
 * again at its next login; sessions end. */
int api_user_reset_totp(struct req *r, struct resp *w)
{
  return run_action(r, w, A_RESET_TOTP);
}

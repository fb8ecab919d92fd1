/*
 * role.c — administering roles (角色管理): listing every role with its
 * permissions, and creating, editing and deleting custom roles.  Built-in
 * roles are installed by domain/auth (auth_roles_install) from the policy
 * module's table and cannot be edited here.
 */
#include "domain/org/org.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "store/store.h"

#include <string.h>

/* Permissions that belong to the three admin roles alone (三员分立): a
 * custom role holding one would let its holder do an admin's job. */
static const char *const admin_only[] = {"user.admin", "role.admin",
                                         "audit.read", NULL};

static const char *dup(struct arena *a, const char *s)
{
  return s ? arena_strdup(a, s) : NULL;
}

static int load_perms(struct store_conn *c, struct arena *a,
                      struct acct_role *r, struct lx_err *err)
{
  struct store_stmt *s;
  int n_cat, cap, rc;
  policy_perms(&n_cat);
  cap = n_cat + 8;
  r->perms = arena_alloc(a, sizeof *r->perms * (size_t)cap);
  r->n_perms = 0;
  rc = store_prepare(c,
                     "SELECT permission FROM role_permission WHERE role_id = "
                     "? ORDER BY permission",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, r->id);
  while ((rc = store_step(s, err)) == STORE_ROW)
    if (r->n_perms < cap)
      r->perms[r->n_perms++] = dup(a, store_col_text(s, 0));
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

#define ROLE_COLS                                                              \
  "r.id, r.code, r.name, r.admin_kind, r.builtin, r.created_at, "              \
  "(SELECT count(*) FROM account_role ar WHERE ar.role_id = r.id)"

static void role_from_row(struct store_stmt *s, struct arena *a,
                          struct acct_role *r)
{
  memset(r, 0, sizeof *r);
  r->id = store_col_i64(s, 0);
  r->code = dup(a, store_col_text(s, 1));
  r->name = dup(a, store_col_text(s, 2));
  r->admin_kind = dup(a, store_col_text(s, 3));
  r->builtin = (int)store_col_i64(s, 4);
  r->created_at = store_col_i64(s, 5);
  r->n_accounts = store_col_i64(s, 6);
}

int acct_roles_list(struct store_conn *c, struct arena *a,
                    struct acct_role **out, int *out_n, struct lx_err *err)
{
  struct store_stmt *s;
  int n = 0, cap = 0, rc;
  *out = NULL;
  *out_n = 0;
  rc = store_prepare(c,
                     "SELECT " ROLE_COLS " FROM role r ORDER BY r.builtin "
                     "DESC, r.id",
                     &s, err);
  if (rc)
    return rc;
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == cap) {
      struct acct_role *nr;
      cap = cap ? cap * 2 : 32;
      nr = arena_alloc(a, sizeof *nr * (size_t)cap);
      if (n)
        memcpy(nr, *out, sizeof *nr * (size_t)n);
      *out = nr;
    }
    role_from_row(s, a, &(*out)[n++]);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  for (int i = 0; i < n; i++) {
    rc = load_perms(c, a, &(*out)[i], err);
    if (rc)
      return rc;
  }
  *out_n = n;
  return LX_OK;
}

int acct_role_get(struct store_conn *c, struct arena *a, int64_t id,
                  struct acct_role *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT " ROLE_COLS " FROM role r WHERE r.id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    role_from_row(s, a, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "role.not_found", "id", "角色不存在");
  if (rc != STORE_ROW)
    return rc;
  return load_perms(c, a, out, err);
}

int acct_role_check(const char *code, const char *name,
                    const char *const *perms, int n_perms, struct lx_err *err)
{
  int n_builtin;
  const struct policy_builtin *b = policy_builtins(&n_builtin);
  if (code) {
    size_t n = strlen(code);
    int ok = n >= 2 && n <= 32 && code[0] >= 'a' && code[0] <= 'z';
    for (size_t i = 0; ok && i < n; i++)
      ok = (code[i] >= 'a' && code[i] <= 'z') ||
           (code[i] >= '0' && code[i] <= '9') || code[i] == '_';
    if (!ok)
      return err_set(err, LX_EINVAL, "role.code_invalid", "code",
                     "角色代码须以小写字母开头，由 2 到 32 个小写字母、数字或 "
                     "_ 组成");
    for (int i = 0; i < n_builtin; i++)
      if (strcmp(code, b[i].code) == 0)
        return err_set(err, LX_ECONFLICT, "role.code_taken", "code",
                       "角色代码与内置角色重复");
  }
  if (!name || !*name)
    return err_set(err, LX_EINVAL, "field.required", "name", "请填写角色名称");
  if (!utf8_valid(name, strlen(name)) || utf8_len(name) > ACCT_ROLE_NAME_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "name",
                    "角色名称不能超过 %d 个字", ACCT_ROLE_NAME_MAX);
  for (const char *p = name; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      return err_set(err, LX_EINVAL, "field.invalid_chars", "name",
                     "角色名称含有非法字符");
  for (int i = 0; i < n_perms; i++) {
    if (!perms[i] || !policy_perm_intern(perms[i]))
      return err_setf(err, LX_EINVAL, "role.permission_unknown", "permissions",
                      "权限“%.64s”不存在", perms[i] ? perms[i] : "");
    for (int k = 0; k < i; k++)
      if (strcmp(perms[k], perms[i]) == 0)
        return err_setf(err, LX_EINVAL, "role.permission_duplicate",
                        "permissions", "权限“%.64s”重复", perms[i]);
    for (int k = 0; admin_only[k]; k++)
      if (strcmp(perms[i], admin_only[k]) == 0)
        return err_setf(err, LX_EINVAL, "role.permission_admin_only",
                        "permissions",
                        "权限“%s”只属于三员角色，不能授予自定义角色", perms[i]);
  }
  return LX_OK;
}

static int perms_set(struct store_conn *c, int64_t id, const char *const *perms,
                     int n_perms, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "DELETE FROM role_permission WHERE role_id = ?", &s,
                         err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_run(s, err);
  for (int i = 0; !rc && i < n_perms; i++) {
    rc = store_prepare(c,
                       "INSERT INTO role_permission(role_id, permission) "
                       "VALUES (?, ?)",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    store_bind_text(s, 2, perms[i]);
    rc = store_run(s, err);
  }
  return rc;
}

int acct_role_create(struct store_conn *c, const char *code, const char *name,
                     const char *const *perms, int n_perms, int64_t *out_id,
                     struct lx_err *err)
{
  struct store_stmt *s;
  int rc = acct_role_check(code ? code : "", name, perms, n_perms, err);
  if (!rc)
    rc = store_prepare(c,
                       "INSERT INTO role(code, name, builtin, admin_kind, "
                       "created_at) VALUES (?, ?, 0, NULL, ?) RETURNING id",
                       &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, code);
  store_bind_text(s, 2, name);
  store_bind_i64(s, 3, time_now_ms());
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    *out_id = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc == LX_ECONFLICT)
    return err_set(err, LX_ECONFLICT, "role.code_taken", "code",
                   "角色代码已被使用");
  if (rc != STORE_ROW)
    return rc == STORE_DONE ? LX_EDB : rc;
  return perms_set(c, *out_id, perms, n_perms, err);
}

/* LX_ENOTFOUND / LX_ECONFLICT (built-in) for role id. */
static int custom_role(struct store_conn *c, int64_t id, struct lx_err *err)
{
  struct store_stmt *s;
  int builtin = 0;
  int rc = store_prepare(c, "SELECT builtin FROM role WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    builtin = (int)store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "role.not_found", "id", "角色不存在");
  if (rc != STORE_ROW)
    return rc;
  if (builtin)
    return err_set(err, LX_ECONFLICT, "role.builtin", "id",
                   "内置角色不能修改或删除");
  return LX_OK;
}

int acct_role_update(struct store_conn *c, int64_t id, const char *name,
                     const char *const *perms, int n_perms, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = custom_role(c, id, err);
  if (!rc)
    rc = acct_role_check(NULL, name, perms, n_perms, err);
  if (!rc)
    rc = store_prepare(c, "UPDATE role SET name = ? WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, name);
  store_bind_i64(s, 2, id);
  rc = store_run(s, err);
  if (!rc)
    rc = perms_set(c, id, perms, n_perms, err);
  return rc;
}

int acct_role_delete(struct store_conn *c, int64_t id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t holders = 0;
  int rc = custom_role(c, id, err);
  if (!rc)
    rc = store_query_i64(c,
                         "SELECT count(*) FROM account_role WHERE role_id = ?",
                         1, id, &holders, err);
  if (rc)
    return rc;
  if (holders)
    return err_setf(err, LX_ECONFLICT, "role.in_use", "id",
                    "仍有 %lld 个账号持有该角色，请先撤销后再删除",
                    (long long)holders);
  rc = perms_set(c, id, NULL, 0, err);
  if (!rc)
    rc = store_prepare(c, "DELETE FROM role WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  return store_run(s, err);
}

/*
 * roles.c — installing the built-in roles and loading a subject (account,
 * unit, grants with their permissions) from the database.
 */
#include "domain/auth/auth.h"

#include "base/timeutil.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

int auth_roles_install(struct store_conn *c, struct lx_err *err)
{
  int n, rc;
  const struct policy_builtin *b = policy_builtins(&n);
  for (int i = 0; i < n; i++) {
    struct store_stmt *s;
    int64_t id = 0;
    rc = store_prepare(c,
                       "INSERT INTO role(code, name, builtin, admin_kind, "
                       "created_at) VALUES (?, ?, 1, ?, ?) ON CONFLICT(code) "
                       "DO UPDATE SET name = excluded.name, builtin = 1, "
                       "admin_kind = excluded.admin_kind RETURNING id",
                       &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, b[i].code);
    store_bind_text(s, 2, b[i].name);
    store_bind_text(s, 3, b[i].admin_kind);
    store_bind_i64(s, 4, time_now_ms());
    rc = store_step(s, err);
    if (rc == STORE_ROW)
      id = store_col_i64(s, 0);
    store_stmt_done(s);
    if (rc != STORE_ROW)
      return rc == STORE_DONE ? LX_EDB : rc;
    rc = store_prepare(c, "DELETE FROM role_permission WHERE role_id = ?", &s,
                       err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    rc = store_step(s, err);
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
    for (const char *const *p = b[i].perms; *p; p++) {
      rc = store_prepare(c,
                         "INSERT INTO role_permission(role_id, permission) "
                         "VALUES (?, ?)",
                         &s, err);
      if (rc)
        return rc;
      store_bind_i64(s, 1, id);
      store_bind_text(s, 2, *p);
      rc = store_step(s, err);
      store_stmt_done(s);
      if (rc != STORE_DONE)
        return rc;
    }
  }
  return LX_OK;
}

static void copy(char *dst, size_t cap, const char *src)
{
  snprintf(dst, cap, "%s", src ? src : "");
}

int auth_subject_load(struct store_conn *c, int64_t account_id,
                      struct subject *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc;
  memset(out, 0, sizeof *out);
  rc = store_prepare(c,
                     "SELECT a.id, coalesce(a.person_id, 0), a.unit_id, "
                     "u.path, a.username, a.name, u.name, a.must_change, "
                     "a.totp_enabled, a.status FROM account a JOIN unit u ON "
                     "u.id = a.unit_id WHERE a.id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, account_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    out->account_id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    out->unit_id = store_col_i64(s, 2);
    copy(out->unit_path, sizeof out->unit_path, store_col_text(s, 3));
    copy(out->username, sizeof out->username, store_col_text(s, 4));
    copy(out->name, sizeof out->name, store_col_text(s, 5));
    copy(out->unit_name, sizeof out->unit_name, store_col_text(s, 6));
    out->must_change = (int)store_col_i64(s, 7);
    out->totp_enabled = (int)store_col_i64(s, 8);
    if (strcmp(store_col_text(s, 9), "active") != 0)
      rc = STORE_DONE; /* a disabled account has no subject */
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "account.not_found", "", "账号不存在");
  if (rc != STORE_ROW)
    return rc;
  rc = store_prepare(c,
                     "SELECT r.id, r.code, r.name, ar.scope, r.admin_kind "
                     "FROM account_role ar JOIN role r ON r.id = ar.role_id "
                     "WHERE ar.account_id = ? ORDER BY r.id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, account_id);
  while ((rc = store_step(s, err)) == STORE_ROW &&
         out->n_grants < POLICY_MAX_GRANTS) {
    struct policy_grant *g = &out->grants[out->n_grants++];
    g->role_id = store_col_i64(s, 0);
    copy(g->role_code, sizeof g->role_code, store_col_text(s, 1));
    copy(g->role_name, sizeof g->role_name, store_col_text(s, 2));
    g->scope = policy_scope_parse(store_col_text(s, 3));
    if (!store_col_is_null(s, 4))
      out->is_admin = 1;
  }
  store_stmt_done(s);
  if (rc != STORE_DONE && rc != STORE_ROW)
    return rc;
  for (int i = 0; i < out->n_grants; i++) {
    struct policy_grant *g = &out->grants[i];
    rc = store_prepare(c,
                       "SELECT permission FROM role_permission WHERE role_id "
                       "= ? ORDER BY permission",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, g->role_id);
    while ((rc = store_step(s, err)) == STORE_ROW &&
           g->n_perms < POLICY_MAX_PERMS) {
      const char *p = policy_perm_intern(store_col_text(s, 0));
      if (p)
        g->perms[g->n_perms++] = p;
    }
    store_stmt_done(s);
    if (rc != STORE_DONE && rc != STORE_ROW)
      return rc;
  }
  return LX_OK;
}

/*
 * account.c — administering accounts (账号管理): the scoped list, one
 * account with its roles, create, edit, the role rules of 三员分立,
 * password reset, disable/enable, unlock, TOTP reset and revoking
 * sessions.  Passwords arrive already hashed (hashing is slow and must not
 * run inside a write job); logging in and changing one's own password
 * belong to domain/auth.
 */
#include "domain/org/org.h"
#include "domain/org/org_int.h"

#include "base/arena.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

int acct_username_check(const char *u, struct lx_err *err)
{
  size_t n = u ? strlen(u) : 0;
  if (n == 0)
    return err_set(err, LX_EINVAL, "field.required", "username",
                   "请填写用户名");
  if (n < 3 || n > 32)
    return err_set(err, LX_EINVAL, "user.username_invalid", "username",
                   "用户名长度必须是 3 到 32 个字符");
  for (size_t i = 0; i < n; i++) {
    char ch = u[i];
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
          (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '.' || ch == '-'))
      return err_set(err, LX_EINVAL, "user.username_invalid", "username",
                     "用户名只能包含字母、数字和 _ . -");
  }
  return LX_OK;
}

static int name_check(const char *name, struct lx_err *err)
{
  if (!name || !*name)
    return err_set(err, LX_EINVAL, "field.required", "name", "请填写姓名");
  if (!utf8_valid(name, strlen(name)))
    return err_set(err, LX_EINVAL, "field.invalid_chars", "name",
                   "姓名含有非法字符");
  for (const char *p = name; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      return err_set(err, LX_EINVAL, "field.invalid_chars", "name",
                     "姓名含有非法字符");
  if (utf8_len(name) > ACCT_NAME_MAX)
    return err_setf(err, LX_EINVAL, "field.too_long", "name",
                    "姓名不能超过 %d 个字", ACCT_NAME_MAX);
  return LX_OK;
}

int acct_is_admin(const struct acct_user *u)
{
  for (int i = 0; i < u->n_roles; i++)
    if (u->roles[i].admin_kind)
      return 1;
  return 0;
}

/* ---- reads ------------------------------------------------------------- */

#define USER_COLS                                                              \
  "a.id, a.username, a.name, a.unit_id, u.name, u.path, "                      \
  "coalesce(a.person_id, 0), a.status, a.must_change, a.totp_enabled, "        \
  "a.failed_count, a.locked_until, coalesce(a.last_login_at, 0), "             \
  "a.last_login_ip, a.password_changed_at, a.created_at, a.updated_at"
#define USER_FROM " FROM account a JOIN unit u ON u.id = a.unit_id"

static const char *dup(struct arena *a, const char *s)
{
  return s ? arena_strdup(a, s) : NULL;
}

static void user_from_row(struct store_stmt *s, struct arena *a, int64_t now_ms,
                          struct acct_user *u)
{
  const char *st = store_col_text(s, 7);
  memset(u, 0, sizeof *u);
  u->id = store_col_i64(s, 0);
  u->username = dup(a, store_col_text(s, 1));
  u->name = dup(a, store_col_text(s, 2));
  u->unit_id = store_col_i64(s, 3);
  u->unit_name = dup(a, store_col_text(s, 4));
  u->unit_path = dup(a, store_col_text(s, 5));
  u->person_id = store_col_i64(s, 6);
  u->must_change = (int)store_col_i64(s, 8);
  u->totp_enabled = (int)store_col_i64(s, 9);
  u->failed_count = store_col_i64(s, 10);
  u->locked_until = store_col_i64(s, 11);
  u->last_login_at = store_col_i64(s, 12);
  u->last_login_ip = dup(a, store_col_text(s, 13));
  u->password_changed_at = store_col_i64(s, 14);
  u->created_at = store_col_i64(s, 15);
  u->updated_at = store_col_i64(s, 16);
  if (st && strcmp(st, "disabled") == 0)
    u->status = "disabled";
  else if (u->locked_until > now_ms)
    u->status = "locked";
  else
    u->status = "active";
}

static int load_roles(struct store_conn *c, struct arena *a,
                      struct acct_user *u, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "SELECT r.id, r.code, r.name, r.admin_kind, ar.scope "
                         "FROM account_role ar JOIN role r ON r.id = "
                         "ar.role_id WHERE ar.account_id = ? ORDER BY r.id",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, u->id);
  u->n_roles = 0;
  while ((rc = store_step(s, err)) == STORE_ROW) {
    struct acct_grant *g;
    if (u->n_roles == ACCT_MAX_ROLES)
      continue;
    g = &u->roles[u->n_roles++];
    g->role_id = store_col_i64(s, 0);
    g->code = dup(a, store_col_text(s, 1));
    g->name = dup(a, store_col_text(s, 2));
    g->admin_kind = dup(a, store_col_text(s, 3));
    g->scope = policy_scope_parse(store_col_text(s, 4));
  }
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

int acct_get(struct store_conn *c, struct arena *a, int64_t id, int64_t now_ms,
             struct acct_user *out, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "SELECT " USER_COLS USER_FROM " WHERE a.id = ?", &s,
                         err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    user_from_row(s, a, now_ms, out);
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_set(err, LX_ENOTFOUND, "user.not_found", "id", "账号不存在");
  if (rc != STORE_ROW)
    return rc;
  return load_roles(c, a, out, err);
}

int acct_list(struct store_conn *c, struct arena *a,
              const struct policy_filter *f, const struct acct_query *q,
              struct acct_user **out, int *out_n, int *out_more,
              struct lx_err *err)
{
  struct listq l;
  struct store_stmt *s;
  char esc[64 * 8 + 1], prefix[sizeof esc + 2], contains[sizeof esc + 3];
  char hi[ORG_PATH_MAX + 2];
  int n = 0, rc;
  *out = NULL;
  *out_n = 0;
  *out_more = 0;
  if (f->scope == SCOPE_NONE)
    return LX_EFORBIDDEN;
  if (q->status && strcmp(q->status, "active") &&
      strcmp(q->status, "disabled") && strcmp(q->status, "locked"))
    return err_set(err, LX_EINVAL, "user.status_invalid", "status",
                   "状态只能是 active、disabled 或 locked");
  if (q->q && (!utf8_valid(q->q, strlen(q->q)) || utf8_len(q->q) > 64 ||
               !org_like_escape(q->q, esc, sizeof esc)))
    return err_set(err, LX_EINVAL, "user.q_too_long", "q",
                   "搜索内容不能超过 64 个字");
  listq_init(&l);
  listq_add(&l, "SELECT " USER_COLS USER_FROM " WHERE a.id > ?");
  listq_i64(&l, q->after_id);
  switch (f->scope) {
  case SCOPE_SUBTREE:
    listq_add(&l, " AND u.path >= ? AND u.path < ?");
    listq_text(&l, f->path_lo);
    listq_text(&l, f->path_hi);
    break;
  case SCOPE_UNIT:
    listq_add(&l, " AND a.unit_id = ?");
    listq_i64(&l, f->unit_id);
    break;
  case SCOPE_SELF:
    listq_add(&l, " AND a.id = ?");
    listq_i64(&l, f->account_id);
    break;
  default: break;
  }
  if (q->unit_id && q->subtree) {
    org_path_hi(q->unit_path ? q->unit_path : "", hi, sizeof hi);
    listq_add(&l, " AND u.path >= ? AND u.path < ?");
    listq_text(&l, q->unit_path ? q->unit_path : "");
    listq_text(&l, hi);
  } else if (q->unit_id) {
    listq_add(&l, " AND a.unit_id = ?");
    listq_i64(&l, q->unit_id);
  }
  if (q->status && !strcmp(q->status, "disabled")) {
    listq_add(&l, " AND a.status = 'disabled'");
  } else if (q->status && !strcmp(q->status, "locked")) {
    listq_add(&l, " AND a.status = 'active' AND a.locked_until > ?");
    listq_i64(&l, q->now_ms);
  } else if (q->status) {
    listq_add(&l, " AND a.status = 'active' AND a.locked_until <= ?");
    listq_i64(&l, q->now_ms);
  }
  if (q->q) {
    snprintf(prefix, sizeof prefix, "%s%%", esc);
    snprintf(contains, sizeof contains, "%%%s%%", esc);
    listq_add(&l, " AND (a.username LIKE ? ESCAPE '\\' OR a.name LIKE ? "
                  "ESCAPE '\\')");
    listq_text(&l, prefix);
    listq_text(&l, contains);
  }
  listq_add(&l, " ORDER BY a.id LIMIT ?");
  listq_i64(&l, q->limit + 1);
  rc = listq_prepare(c, &l, &s, err);
  if (rc)
    return rc;
  *out = arena_alloc(a, sizeof **out * (size_t)(q->limit + 1));
  while ((rc = store_step(s, err)) == STORE_ROW) {
    if (n == q->limit) {
      *out_more = 1;
      rc = STORE_DONE;
      break;
    }
    user_from_row(s, a, q->now_ms, &(*out)[n++]);
  }
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  for (int i = 0; i < n; i++) {
    rc = load_roles(c, a, &(*out)[i], err);
    if (rc)
      return rc;
  }
  *out_n = n;
  return LX_OK;
}

/* ---- 三员 rules --------------------------------------------------------- */

/* The role's admin_kind into kind (kind[0] = 0 for ordinary roles).
 * rc: LX_OK; LX_EINVAL (no such role); LX_EDB. */
static int role_kind(struct store_conn *c, int64_t role_id, char *kind,
                     size_t kind_len, struct lx_err *err)
{
  struct store_stmt *s;
  int rc =
      store_prepare(c, "SELECT admin_kind FROM role WHERE id = ?", &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, role_id);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    snprintf(kind, kind_len, "%s",
             store_col_text(s, 0) ? store_col_text(s, 0) : "");
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return err_setf(err, LX_EINVAL, "user.role_missing", "roles",
                    "角色 %lld 不存在", (long long)role_id);
  return rc == STORE_ROW ? LX_OK : rc;
}

static int admin_forbidden(struct lx_err *err)
{
  return err_set(err, LX_EFORBIDDEN, "user.admin_role_forbidden", "roles",
                 "三员角色（系统管理员、安全管理员、审计管理员）只能由安全"
                 "管理员授予或撤销");
}

int acct_roles_check(struct store_conn *c, const struct subject *actor,
                     const char *grant_perm, const struct acct_user *target,
                     const struct acct_role_in *roles, int n_roles,
                     struct lx_err *err)
{
  int may_admin = policy_has(actor, "role.admin"), n_admin = 0, rc;
  enum policy_scope own = policy_scope_of(actor, grant_perm);
  if (target && target->id == actor->account_id)
    return err_set(err, LX_EFORBIDDEN, "user.self_roles", "roles",
                   "不能修改自己的角色");
  if (n_roles > ACCT_MAX_ROLES)
    return err_setf(err, LX_EINVAL, "user.too_many_roles", "roles",
                    "一个账号最多 %d 个角色", ACCT_MAX_ROLES);
  for (int i = 0; i < n_roles; i++) {
    char kind[16];
    const struct acct_grant *had = NULL;
    for (int k = 0; k < i; k++)
      if (roles[k].role_id == roles[i].role_id)
        return err_set(err, LX_EINVAL, "user.role_duplicate", "roles",
                       "同一角色不能重复授予");
    if (roles[i].scope == SCOPE_NONE)
      return err_set(err, LX_EINVAL, "user.scope_invalid", "roles",
                     "数据范围只能是 all、subtree、unit 或 self");
    if (roles[i].scope == SCOPE_ALL && own != SCOPE_ALL)
      return err_set(err, LX_EFORBIDDEN, "user.scope_too_wide", "roles",
                     "不能授予超出本人管理范围的“全部”数据范围");
    rc = role_kind(c, roles[i].role_id, kind, sizeof kind, err);
    if (rc)
      return rc;
    for (int k = 0; target && k < target->n_roles; k++)
      if (target->roles[k].role_id == roles[i].role_id)
        had = &target->roles[k];
    if (kind[0]) {
      n_admin++;
      /* new, or the same admin role with another scope */
      if (!may_admin && (!had || had->scope != roles[i].scope))
        return admin_forbidden(err);
    }
  }
  /* admin roles the target loses */
  for (int k = 0; target && k < target->n_roles; k++) {
    int kept = 0;
    if (!target->roles[k].admin_kind)
      continue;
    for (int i = 0; i < n_roles; i++)
      kept |= roles[i].role_id == target->roles[k].role_id;
    if (!kept && !may_admin)
      return admin_forbidden(err);
  }
  if (n_admin > 1)
    return err_set(err, LX_EINVAL, "user.two_admin_roles", "roles",
                   "一个账号只能担任一种三员角色（系统管理员、安全管理员、"
                   "审计管理员三者互斥）");
  return LX_OK;
}

/* ---- writes ------------------------------------------------------------ */

static int exists(struct store_conn *c, const char *sql, int64_t id,
                  int64_t *out, struct lx_err *err)
{
  return store_query_i64(c, sql, 1, id, out, err);
}

int acct_roles_set(struct store_conn *c, int64_t id,
                   const struct acct_role_in *roles, int n_roles,
                   struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, "DELETE FROM account_role WHERE account_id = ?", &s,
                         err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_run(s, err);
  for (int i = 0; !rc && i < n_roles; i++) {
    rc = store_prepare(c,
                       "INSERT INTO account_role(account_id, role_id, scope) "
                       "VALUES (?, ?, ?)",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, id);
    store_bind_i64(s, 2, roles[i].role_id);
    store_bind_text(s, 3, policy_scope_name(roles[i].scope));
    rc = store_run(s, err);
  }
  return rc;
}

int acct_create(struct store_conn *c, const struct acct_user_in *in,
                const char *password_hash, int64_t *out_id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t found = 0, now = time_now_ms();
  int rc = acct_username_check(in->username, err);
  if (!rc)
    rc = name_check(in->name, err);
  if (rc)
    return rc;
  rc = exists(c, "SELECT count(*) FROM unit WHERE id = ?", in->unit_id, &found,
              err);
  if (!rc && !found)
    return err_set(err, LX_EINVAL, "user.unit_missing", "unit_id",
                   "所选单位不存在");
  if (!rc && in->person_id) {
    rc = exists(c, "SELECT count(*) FROM person WHERE id = ?", in->person_id,
                &found, err);
    if (!rc && !found)
      return err_set(err, LX_EINVAL, "user.person_missing", "person_id",
                     "所选人员不存在");
    if (!rc)
      rc = exists(c, "SELECT count(*) FROM account WHERE person_id = ?",
                  in->person_id, &found, err);
    if (!rc && found)
      return err_set(err, LX_ECONFLICT, "user.person_taken", "person_id",
                     "该人员已有账号");
  }
  if (!rc)
    rc = store_prepare(c,
                       "SELECT count(*) FROM account WHERE lower(username) = "
                       "lower(?)",
                       &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, in->username);
  rc = store_step(s, err);
  found = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc;
  if (found)
    return err_set(err, LX_ECONFLICT, "user.username_taken", "username",
                   "用户名已被使用");
  rc = store_prepare(c,
                     "INSERT INTO account(username, person_id, name, unit_id, "
                     "password_hash, must_change, password_changed_at, "
                     "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
                     "1, ?, 'active', ?, ?) RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, in->username);
  if (in->person_id)
    store_bind_i64(s, 2, in->person_id);
  else
    store_bind_null(s, 2);
  store_bind_text(s, 3, in->name);
  store_bind_i64(s, 4, in->unit_id);
  store_bind_text(s, 5, password_hash);
  store_bind_i64(s, 6, now);
  store_bind_i64(s, 7, now);
  store_bind_i64(s, 8, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    *out_id = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc == LX_ECONFLICT)
    return err_set(err, LX_ECONFLICT, "user.username_taken", "username",
                   "用户名已被使用");
  if (rc != STORE_ROW)
    return rc == STORE_DONE ? LX_EDB : rc;
  return acct_roles_set(c, *out_id, in->roles, in->n_roles, err);
}

static int changed_one(struct store_conn *c, int rc, struct lx_err *err)
{
  if (!rc && store_changes(c) == 0)
    return err_set(err, LX_ENOTFOUND, "user.not_found", "id", "账号不存在");
  return rc;
}

int acct_update(struct store_conn *c, int64_t id, const char *name,
                int64_t unit_id, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t found = 0;
  int rc = name_check(name, err);
  if (!rc)
    rc = exists(c, "SELECT count(*) FROM unit WHERE id = ?", unit_id, &found,
                err);
  if (!rc && !found)
    return err_set(err, LX_EINVAL, "user.unit_missing", "unit_id",
                   "所选单位不存在");
  if (!rc)
    rc = store_prepare(c,
                       "UPDATE account SET name = ?, unit_id = ?, updated_at "
                       "= ? WHERE id = ?",
                       &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, name);
  store_bind_i64(s, 2, unit_id);
  store_bind_i64(s, 3, time_now_ms());
  store_bind_i64(s, 4, id);
  return changed_one(c, store_run(s, err), err);
}

int acct_sessions_revoke(struct store_conn *c, int64_t id, int64_t *out_n,
                         struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "UPDATE session SET revoked_at = ? WHERE account_id "
                         "= ? AND revoked_at IS NULL",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, time_now_ms());
  store_bind_i64(s, 2, id);
  rc = store_run(s, err);
  if (!rc && out_n)
    *out_n = store_changes(c);
  return rc;
}

int acct_password_reset(struct store_conn *c, int64_t id,
                        const char *password_hash, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t now = time_now_ms();
  int rc = store_prepare(c,
                         "UPDATE account SET password_hash = ?, must_change = "
                         "1, password_changed_at = ?, failed_count = 0, "
                         "locked_until = 0, updated_at = ? WHERE id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, password_hash);
  store_bind_i64(s, 2, now);
  store_bind_i64(s, 3, now);
  store_bind_i64(s, 4, id);
  rc = changed_one(c, store_run(s, err), err);
  if (!rc)
    rc = acct_sessions_revoke(c, id, NULL, err);
  return rc;
}

int acct_status_set(struct store_conn *c, int64_t id, const char *status,
                    struct lx_err *err)
{
  struct store_stmt *s;
  int rc;
  if (strcmp(status, "active") != 0 && strcmp(status, "disabled") != 0)
    return err_set(err, LX_EINVAL, "user.status_invalid", "status", "状态无效");
  rc = store_prepare(c,
                     "UPDATE account SET status = ?, updated_at = ? WHERE id "
                     "= ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, status);
  store_bind_i64(s, 2, time_now_ms());
  store_bind_i64(s, 3, id);
  rc = changed_one(c, store_run(s, err), err);
  if (!rc && strcmp(status, "disabled") == 0)
    rc = acct_sessions_revoke(c, id, NULL, err);
  return rc;
}

int acct_unlock(struct store_conn *c, int64_t id, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "UPDATE account SET failed_count = 0, locked_until = "
                         "0, updated_at = ? WHERE id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, time_now_ms());
  store_bind_i64(s, 2, id);
  return changed_one(c, store_run(s, err), err);
}

int acct_totp_reset(struct store_conn *c, int64_t id, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c,
                         "UPDATE account SET totp_secret = NULL, totp_enabled "
                         "= 0, totp_last_step = 0, updated_at = ? WHERE id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, time_now_ms());
  store_bind_i64(s, 2, id);
  rc = changed_one(c, store_run(s, err), err);
  if (!rc)
    rc = acct_sessions_revoke(c, id, NULL, err);
  return rc;
}

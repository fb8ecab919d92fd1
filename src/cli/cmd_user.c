/*
 * cmd_user.c — account recovery and the first admin, from the shell (who
 * has the shell owns the server).  Refuses to run while a server holds the
 * database.  Every action is audited as done by "cli".
 *
 * usage:
 *   luoshi user add USERNAME --role CODE [--unit ID] [--scope SCOPE]
 *                  [--name NAME] [--temporary] [--db PATH]
 *       password from standard input (one line); --temporary forces a
 *       change at first login.  Without --unit the root unit is used (and
 *       created as "区委" in an empty database).
 *   luoshi user passwd USERNAME [--temporary]   new password from stdin
 *   luoshi user reset-2fa USERNAME              turn off TOTP (re-enrol)
 *   luoshi user unlock USERNAME                 clear a lockout
 */
#include "base/cfg.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_db.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"
#include "domain/auth/password.h"
#include "domain/policy/policy.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_user[] =
    "用法 usage:\n"
    "  luoshi user add USERNAME --role CODE [--unit ID] [--scope "
    "all|subtree|unit|self] [--name NAME] [--temporary yes] [--db PATH]\n"
    "  luoshi user passwd USERNAME [--temporary yes] [--db PATH]\n"
    "  luoshi user reset-2fa USERNAME [--db PATH]\n"
    "  luoshi user unlock USERNAME [--db PATH]\n"
    "密码从标准输入读取一行 / the password is read from standard input.\n"
    "角色 roles: sysadmin secadmin auditor supervisor leader liaison "
    "secretary member\n";

struct user_job {
  const char *verb;
  const char *username;
  const char *name;
  const char *role;
  const char *scope;
  int64_t unit_id;
  const char *hash;
  int temporary;
};

static int audit_cli(struct store_conn *c, const char *action,
                     const char *username, const char *detail,
                     struct lx_err *err)
{
  struct audit_entry e = {0};
  e.username = "cli";
  e.ip = "local";
  e.action = action;
  e.object_type = "account";
  e.object_id = username;
  e.result = "ok";
  e.detail = detail;
  return audit_append(c, &e, err);
}

static int root_unit(struct store_conn *c, int64_t *out, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t now = time_now_ms(), id = 0;
  int rc = store_query_i64(c,
                           "SELECT coalesce(min(id), 0) FROM unit WHERE "
                           "parent_id IS NULL",
                           0, 0, &id, err);
  if (rc || id) {
    *out = id;
    return rc;
  }
  rc = store_prepare(c,
                     "INSERT INTO unit(parent_id, name, kind, sort, path, "
                     "depth, pinyin, initials, created_at, updated_at) VALUES "
                     "(NULL, '区委', '区委', 0, '/tmp/', 0, 'quwei', 'qw', ?, "
                     "?) RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, now);
  store_bind_i64(s, 2, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    id = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc;
  rc = store_prepare(c, "UPDATE unit SET path = '/' || id || '/' WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, id);
  rc = store_step(s, err);
  store_stmt_done(s);
  *out = id;
  return rc == STORE_DONE ? LX_OK : rc;
}

static int add_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct user_job *u = ctx;
  struct store_stmt *s;
  int64_t now = time_now_ms(), role_id = 0, acct = 0, exists = 0;
  int rc = auth_roles_install(c, err);
  if (!rc && !u->unit_id)
    rc = root_unit(c, &u->unit_id, err);
  if (!rc)
    rc = store_query_i64(c, "SELECT count(*) FROM unit WHERE id = ?", 1,
                         u->unit_id, &exists, err);
  if (rc)
    return rc;
  if (!exists)
    return err_setf(err, LX_EINVAL, "unit.not_found", "unit",
                    "单位 %lld 不存在", (long long)u->unit_id);
  rc = store_prepare(c, "SELECT id FROM role WHERE code = ?", &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, u->role);
  if ((rc = store_step(s, err)) == STORE_ROW)
    role_id = store_col_i64(s, 0);
  store_stmt_done(s);
  if (!role_id)
    return err_setf(err, LX_EINVAL, "role.not_found", "role",
                    "角色 %s 不存在", u->role);
  rc = store_prepare(c,
                     "INSERT INTO account(username, name, unit_id, "
                     "password_hash, must_change, password_changed_at, "
                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                     "RETURNING id",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, u->username);
  store_bind_text(s, 2, u->name ? u->name : u->username);
  store_bind_i64(s, 3, u->unit_id);
  store_bind_text(s, 4, u->hash);
  store_bind_i64(s, 5, u->temporary);
  store_bind_i64(s, 6, now);
  store_bind_i64(s, 7, now);
  store_bind_i64(s, 8, now);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    acct = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc == LX_ECONFLICT)
    return err_setf(err, LX_ECONFLICT, "account.exists", "username",
                    "账号 %s 已存在", u->username);
  if (rc != STORE_ROW)
    return rc;
  rc = store_prepare(c,
                     "INSERT INTO account_role(account_id, role_id, scope) "
                     "VALUES (?, ?, ?)",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, acct);
  store_bind_i64(s, 2, role_id);
  store_bind_text(s, 3, u->scope);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  return audit_cli(c, "account.create", u->username, "命令行创建账号", err);
}

static int update_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct user_job *u = ctx;
  struct store_stmt *s;
  int64_t now = time_now_ms();
  int is_pw = !strcmp(u->verb, "passwd"), is_2fa = !strcmp(u->verb, "reset-2fa");
  int rc = store_prepare(
      c,
      is_pw ? "UPDATE account SET password_hash = ?, must_change = ?, "
              "password_changed_at = ?, failed_count = 0, locked_until = 0, "
              "updated_at = ? WHERE username = ?"
      : is_2fa ? "UPDATE account SET totp_enabled = 0, totp_secret = NULL, "
                 "totp_last_step = 0, updated_at = ? WHERE username = ?"
               : "UPDATE account SET locked_until = 0, failed_count = 0, "
                 "updated_at = ? WHERE username = ?",
      &s, err);
  if (rc)
    return rc;
  if (is_pw) {
    store_bind_text(s, 1, u->hash);
    store_bind_i64(s, 2, u->temporary);
    store_bind_i64(s, 3, now);
    store_bind_i64(s, 4, now);
    store_bind_text(s, 5, u->username);
  } else {
    store_bind_i64(s, 1, now);
    store_bind_text(s, 2, u->username);
  }
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  if (store_changes(c) == 0)
    return err_setf(err, LX_ENOTFOUND, "account.not_found", "username",
                    "账号 %s 不存在", u->username);
  /* a recovered account starts from a clean slate: no live sessions */
  rc = store_prepare(c,
                     "UPDATE session SET revoked_at = ? WHERE revoked_at IS "
                     "NULL AND account_id = (SELECT id FROM account WHERE "
                     "username = ?)",
                     &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, now);
  store_bind_text(s, 2, u->username);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  return audit_cli(c,
                   is_pw    ? "account.password_reset"
                   : is_2fa ? "account.totp_reset"
                            : "account.unlock",
                   u->username,
                   is_pw    ? "命令行重置密码"
                   : is_2fa ? "命令行关闭两步验证"
                            : "命令行解除锁定（应急）",
                   err);
}

/* Reads one line from stdin into buf without the newline. */
static int read_password(char *buf, size_t len)
{
  size_t n;
  if (!fgets(buf, (int)len, stdin))
    return -1;
  n = strlen(buf);
  while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
    buf[--n] = 0;
  return n ? 0 : -1;
}

int cmd_user(int argc, char **argv)
{
  const char *ex[5] = {NULL, NULL, NULL, NULL, NULL};
  struct cli_args a;
  struct cli_db d;
  struct lx_err err;
  struct user_job u;
  char pw[256], hash[AUTH_PW_HASH_SIZE];
  int rc = cli_parse(argc, argv, &a, "role,unit,scope,name,temporary", ex);
  int is_add, needs_pw;
  if (rc)
    return rc;
  memset(&u, 0, sizeof u);
  if (a.n_pos != 2) {
    fputs(usage_user, stderr);
    return 2;
  }
  u.verb = a.pos[0];
  u.username = a.pos[1];
  is_add = !strcmp(u.verb, "add");
  needs_pw = is_add || !strcmp(u.verb, "passwd");
  if (!is_add && strcmp(u.verb, "passwd") && strcmp(u.verb, "reset-2fa") &&
      strcmp(u.verb, "unlock")) {
    fputs(usage_user, stderr);
    return 2;
  }
  u.role = ex[0];
  u.unit_id = ex[1] ? atoll(ex[1]) : 0;
  u.name = ex[3];
  u.temporary = ex[4] && (!strcmp(ex[4], "yes") || !strcmp(ex[4], "1"));
  if (is_add) {
    int n;
    const struct policy_builtin *b = policy_builtins(&n);
    if (!u.role || strlen(u.username) < 3 || strlen(u.username) > 32 ||
        strspn(u.username, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
                           "XYZ0123456789_.-") != strlen(u.username)) {
      fprintf(stderr, "luoshi: 账号名须为 3–32 个字母、数字或 _.-，并须指定 "
                      "--role\n");
      fputs(usage_user, stderr);
      return 2;
    }
    u.scope = ex[2];
    for (int i = 0; i < n && !u.scope; i++)
      if (!strcmp(b[i].code, u.role))
        u.scope = b[i].default_scope;
    if (!u.scope)
      u.scope = "self";
    if (policy_scope_parse(u.scope) == SCOPE_NONE) {
      fprintf(stderr, "luoshi: 数据范围 --scope 须为 all、subtree、unit 或 "
                      "self\n");
      return 2;
    }
  }
  if (needs_pw) {
    struct auth_pw_policy pol = AUTH_PW_POLICY_USER;
    int admin = u.role && (!strcmp(u.role, "sysadmin") ||
                           !strcmp(u.role, "secadmin") ||
                           !strcmp(u.role, "auditor"));
    pol.min_len = admin ? cfg.pw_admin_min_len : cfg.pw_min_len;
    if (read_password(pw, sizeof pw) != 0) {
      fprintf(stderr, "luoshi: 请从标准输入提供密码 / give the password on "
                      "standard input\n");
      return 2;
    }
    if (auth_password_check(u.username, pw, &pol, &err) != LX_OK) {
      cli_error(&err);
      return 1;
    }
    if (auth_password_hash(pw, hash, sizeof hash) != LX_OK) {
      fprintf(stderr, "luoshi: 密码处理失败\n");
      return 1;
    }
    explicit_bzero(pw, sizeof pw);
    u.hash = hash;
  }
  if (cli_db_open_migrated(&d))
    return 1;
  rc = store_write(d.st, is_add ? add_job : update_job, &u, &err);
  cli_db_close(&d);
  if (rc) {
    cli_error(&err);
    return 1;
  }
  printf("%s: %s\n",
         is_add ? "已创建账号 account created"
                : "已更新账号 account updated",
         u.username);
  return 0;
}

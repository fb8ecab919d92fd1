/*
 * login.c — logging in (throttle, lockout, argon2id, TOTP, session), and
 * the password and TOTP changes a logged-in account makes for itself.
 *
 * Password hashes are checked on the request thread, never inside a write
 * job: argon2id takes ~20 ms and the writer thread must not wait on it.
 * The job that records the outcome re-reads the account, so two logins at
 * once cannot lose a failure count.
 */
#include "domain/auth/auth_int.h"

#include "base/timeutil.h"
#include "domain/audit/audit.h"
#include "domain/auth/captcha.h"
#include "domain/auth/password.h"
#include "domain/auth/totp.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define FAIL_WINDOW_MS (15 * 60 * 1000)
#define INITIAL_PW_TTL_MS (72LL * 3600 * 1000)

struct acct {
  int64_t id;
  char hash[AUTH_PW_HASH_SIZE];
  char status[16];
  int64_t locked_until;
  char totp_secret[64];
  int totp_enabled;
  int64_t totp_last_step;
  int must_change;
  int64_t pw_changed_at;
};

/* Reads the account row for username; rc LX_ENOTFOUND when absent. */
static int read_account(struct store_conn *rd, const char *username,
                        struct acct *a, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(rd,
                         "SELECT id, password_hash, status, locked_until, "
                         "coalesce(totp_secret, ''), totp_enabled, "
                         "totp_last_step, must_change, password_changed_at "
                         "FROM account WHERE username = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, username);
  rc = store_step(s, err);
  if (rc == STORE_ROW) {
    a->id = store_col_i64(s, 0);
    snprintf(a->hash, sizeof a->hash, "%s", store_col_text(s, 1));
    snprintf(a->status, sizeof a->status, "%s", store_col_text(s, 2));
    a->locked_until = store_col_i64(s, 3);
    snprintf(a->totp_secret, sizeof a->totp_secret, "%s", store_col_text(s, 4));
    a->totp_enabled = (int)store_col_i64(s, 5);
    a->totp_last_step = store_col_i64(s, 6);
    a->must_change = (int)store_col_i64(s, 7);
    a->pw_changed_at = store_col_i64(s, 8);
  }
  store_stmt_done(s);
  if (rc == STORE_DONE)
    return LX_ENOTFOUND;
  return rc == STORE_ROW ? LX_OK : rc;
}

enum outcome { OUT_OK, OUT_FAIL, OUT_LOCKED, OUT_TOTP_FAIL, OUT_TOTP_REUSE };

struct login_job {
  const struct auth_login_in *in;
  int64_t account_id; /* 0: unknown user */
  enum outcome outcome;
  const char *reason;
  int64_t totp_step;
  const char *rehash; /* new hash when parameters rose */
  int is_admin;
  int expire_now; /* the password passed its expiry: force a change */
  char token[65], csrf[65];
  int64_t session_id;
  int locked_now;
};

static int audit_login(struct store_conn *c, struct login_job *j,
                       const char *action, const char *result,
                       const char *detail, struct lx_err *err)
{
  struct audit_entry ae = {0};
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)j->account_id);
  ae.account_id = j->account_id;
  ae.username = j->in->username;
  ae.ip = j->in->ip;
  ae.action = action;
  ae.object_type = "account";
  ae.object_id = j->account_id ? oid : NULL;
  ae.result = result;
  ae.detail = detail;
  return audit_append(c, &ae, err);
}

static int exec1(struct store_conn *c, const char *sql, int64_t a, int64_t b,
                 int64_t d, struct lx_err *err)
{
  struct store_stmt *s;
  int rc = store_prepare(c, sql, &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, a);
  store_bind_i64(s, 2, b);
  store_bind_i64(s, 3, d);
  rc = store_step(s, err);
  store_stmt_done(s);
  return rc == STORE_DONE ? LX_OK : rc;
}

static int login_job_fn(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct login_job *j = ctx;
  const struct auth_settings *set = auth_settings();
  int64_t now = time_now_ms();
  int rc;
  if (j->outcome != OUT_OK) {
    struct store_stmt *s;
    /* per-IP throttle record */
    rc = store_prepare(c,
                       "INSERT INTO login_failure(ip, at, username) VALUES "
                       "(?, ?, ?)",
                       &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, j->in->ip);
    store_bind_i64(s, 2, now);
    if (j->in->username && strlen(j->in->username) <= 64)
      store_bind_text(s, 3, j->in->username);
    else
      store_bind_null(s, 3);
    rc = store_step(s, err);
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
    /* the throttle looks back one minute: older rows of this address are
     * dead weight, so the table never grows past a minute of failures */
    rc = store_prepare(c, "DELETE FROM login_failure WHERE ip = ? AND at < ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, j->in->ip);
    store_bind_i64(s, 2, now - 3600000);
    rc = store_step(s, err);
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
    if (j->account_id && j->outcome != OUT_LOCKED) {
      int64_t count = 0;
      /* consecutive failures within the window; reset when older */
      rc = exec1(c,
                 "UPDATE account SET failed_count = CASE WHEN last_failed_at "
                 "< ? THEN 1 ELSE failed_count + 1 END, last_failed_at = ? "
                 "WHERE id = ?",
                 now - FAIL_WINDOW_MS, now, j->account_id, err);
      if (rc)
        return rc;
      rc = store_query_i64(c, "SELECT failed_count FROM account WHERE id = ?",
                           1, j->account_id, &count, err);
      if (rc)
        return rc;
      if (count >= set->lockout_threshold) {
        rc = exec1(c,
                   "UPDATE account SET locked_until = ?, failed_count = 0, "
                   "updated_at = ? WHERE id = ?",
                   now + (int64_t)set->lockout_minutes * 60000, now,
                   j->account_id, err);
        if (rc)
          return rc;
        j->locked_now = 1;
      }
    }
    rc = audit_login(
        c, j, j->outcome == OUT_TOTP_REUSE ? "auth.totp_reuse" : "auth.login",
        "fail", j->reason, err);
    if (!rc && j->locked_now)
      rc = audit_login(c, j, "auth.lockout", "ok",
                       "连续登录失败次数达到上限，账号已锁定", err);
    return rc;
  }
  if (j->in->username) {
    struct store_stmt *s;
    /* the CAPTCHA count starts again */
    rc = store_prepare(c, "DELETE FROM login_failure WHERE username = ?", &s,
                       err);
    if (rc)
      return rc;
    store_bind_text(s, 1, j->in->username);
    rc = store_step(s, err);
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
  }
  {
    struct store_stmt *s;
    rc = store_prepare(c,
                       "UPDATE account SET failed_count = 0, last_login_at = "
                       "?, last_login_ip = ?, updated_at = ?, totp_last_step "
                       "= CASE WHEN ? > totp_last_step THEN ? ELSE "
                       "totp_last_step END WHERE id = ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, now);
    store_bind_text(s, 2, j->in->ip);
    store_bind_i64(s, 3, now);
    store_bind_i64(s, 4, j->totp_step);
    store_bind_i64(s, 5, j->totp_step);
    store_bind_i64(s, 6, j->account_id);
    rc = store_step(s, err);
    store_stmt_done(s);
    if (rc != STORE_DONE)
      return rc;
    if (j->expire_now) {
      struct store_stmt *u;
      rc = store_prepare(c, "UPDATE account SET must_change = 1 WHERE id = ?",
                         &u, err);
      if (rc)
        return rc;
      store_bind_i64(u, 1, j->account_id);
      rc = store_step(u, err);
      store_stmt_done(u);
      if (rc != STORE_DONE)
        return rc;
      rc = audit_login(c, j, "auth.password_expired", "ok",
                       "密码已超过有效期，须修改后使用", err);
      if (rc)
        return rc;
    }
    if (j->rehash) {
      rc = store_prepare(c, "UPDATE account SET password_hash = ? WHERE id = ?",
                         &s, err);
      if (rc)
        return rc;
      store_bind_text(s, 1, j->rehash);
      store_bind_i64(s, 2, j->account_id);
      rc = store_step(s, err);
      store_stmt_done(s);
      if (rc != STORE_DONE)
        return rc;
    }
  }
  rc = auth_session_create(c, j->account_id, j->is_admin, j->in->ip,
                           j->in->user_agent, j->token, j->csrf, &j->session_id,
                           err);
  if (rc)
    return rc;
  return audit_login(c, j, "auth.login", "ok", NULL, err);
}

static int failed(struct lx_err *err)
{
  return err_set(err, LX_EUNAUTH, "auth.failed", "",
                 "用户名或密码错误，或账号已被锁定");
}

/* After AUTH_CAPTCHA_AFTER failures for the username typed (whether or
 * not the account exists) within the lockout window, a login needs a
 * solved CAPTCHA.  rc: LX_OK; LX_EUNAUTH ("auth.captcha_required" or
 * "auth.captcha_invalid", field "captcha"); LX_EDB. */
static int captcha_gate(struct store_conn *rd, const struct auth_login_in *in,
                        int64_t now, struct lx_err *err)
{
  struct store_stmt *s;
  int64_t fails = 0;
  int rc = store_prepare(rd,
                         "SELECT count(*) FROM login_failure WHERE username "
                         "= ? AND at > ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, in->username);
  store_bind_i64(s, 2, now - FAIL_WINDOW_MS);
  rc = store_step(s, err);
  if (rc == STORE_ROW)
    fails = store_col_i64(s, 0);
  store_stmt_done(s);
  if (rc != STORE_ROW)
    return rc;
  if (fails < AUTH_CAPTCHA_AFTER)
    return LX_OK;
  if (!in->captcha_id || !*in->captcha_id || !in->captcha || !*in->captcha)
    return err_set(err, LX_EUNAUTH, "auth.captcha_required", "captcha",
                   "登录失败次数较多，请输入图形验证码");
  if (!auth_captcha_check(in->captcha_id, in->captcha, now))
    return err_set(err, LX_EUNAUTH, "auth.captcha_invalid", "captcha",
                   "图形验证码错误或已过期，请看清新的验证码后重新输入");
  return LX_OK;
}

int auth_login(struct store *st, struct store_conn *rd,
               const struct auth_login_in *in, struct auth_login_out *out,
               struct lx_err *err)
{
  const struct auth_settings *set = auth_settings();
  struct login_job j;
  struct acct a;
  int64_t now = time_now_ms(), fails = 0;
  int rc, pw_ok;
  char rehash[AUTH_PW_HASH_SIZE];
  memset(&j, 0, sizeof j);
  memset(&a, 0, sizeof a);
  memset(out, 0, sizeof *out);
  j.in = in;
  {
    struct store_stmt *s;
    rc = store_prepare(rd,
                       "SELECT count(*) FROM login_failure WHERE ip = ? AND "
                       "at > ?",
                       &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, in->ip);
    store_bind_i64(s, 2, now - 60000);
    if (store_step(s, err) == STORE_ROW)
      fails = store_col_i64(s, 0);
    store_stmt_done(s);
    if (fails >= set->ip_throttle_per_min)
      return err_set(err, LX_ETOOMANY, "auth.throttled", "",
                     "登录失败次数过多，请一分钟后再试");
  }
  if (!in->username || !*in->username || strlen(in->username) > 64 ||
      !in->password || strlen(in->password) > 256) {
    auth_password_dummy_verify(in->password ? in->password : "");
    j.outcome = OUT_FAIL;
    j.reason = "用户名或密码格式无效";
    rc = store_write(st, login_job_fn, &j, err);
    return rc ? rc : failed(err);
  }
  rc = captcha_gate(rd, in, now, err);
  if (rc)
    return rc;
  rc = read_account(rd, in->username, &a, err);
  if (rc && rc != LX_ENOTFOUND)
    return rc;
  if (rc == LX_ENOTFOUND) {
    auth_password_dummy_verify(in->password);
    j.outcome = OUT_FAIL;
    j.reason = "用户不存在";
    rc = store_write(st, login_job_fn, &j, err);
    return rc ? rc : failed(err);
  }
  j.account_id = a.id;
  if (strcmp(a.status, "active") != 0 || a.locked_until > now) {
    auth_password_dummy_verify(in->password);
    j.outcome = OUT_LOCKED;
    j.reason = strcmp(a.status, "active") != 0 ? "账号已停用" : "账号已锁定";
    rc = store_write(st, login_job_fn, &j, err);
    return rc ? rc : failed(err);
  }
  pw_ok = auth_password_verify(a.hash, in->password) == LX_OK;
  if (!pw_ok) {
    j.outcome = OUT_FAIL;
    j.reason = "密码错误";
    rc = store_write(st, login_job_fn, &j, err);
    return rc ? rc : failed(err);
  }
  if (a.totp_enabled) {
    int64_t step = 0;
    if (!in->totp || !*in->totp)
      return err_set(err, LX_EUNAUTH, "auth.totp_required", "totp",
                     "请输入两步验证码");
    rc = auth_totp_verify(a.totp_secret, in->totp, now / 1000, a.totp_last_step,
                          &step);
    if (rc != LX_OK) {
      int64_t probe = 0;
      /* a right code used twice is a replay: record it as such */
      j.outcome = auth_totp_verify(a.totp_secret, in->totp, now / 1000, 0,
                                   &probe) == LX_OK
                      ? OUT_TOTP_REUSE
                      : OUT_TOTP_FAIL;
      j.reason = j.outcome == OUT_TOTP_REUSE ? "两步验证码被重复使用"
                                             : "两步验证码错误";
      rc = store_write(st, login_job_fn, &j, err);
      if (rc)
        return rc;
      return err_set(err, LX_EUNAUTH, "auth.totp_invalid", "totp",
                     "两步验证码错误或已使用");
    }
    j.totp_step = step;
  }
  if (a.must_change && now - a.pw_changed_at > INITIAL_PW_TTL_MS) {
    /* a one-time password not used within 72 hours is dead */
    j.outcome = OUT_LOCKED;
    j.reason = "初始密码已超过 72 小时未使用";
    rc = store_write(st, login_job_fn, &j, err);
    if (rc)
      return rc;
    return err_set(err, LX_EUNAUTH, "auth.initial_password_expired", "password",
                   "初始密码已过期，请联系管理员重新设置");
  }
  if (auth_password_needs_rehash(a.hash) &&
      auth_password_hash(in->password, rehash, sizeof rehash) == LX_OK)
    j.rehash = rehash;
  rc = auth_subject_load(rd, a.id, &out->subject, err);
  if (rc)
    return rc;
  j.is_admin = out->subject.is_admin;
  if (!auth_admin_ip_ok(&out->subject, in->ip)) {
    /* recorded, not counted towards the lock: the password was right */
    j.outcome = OUT_LOCKED;
    j.reason = "来源地址不在三员登录白名单内";
    rc = store_write(st, login_job_fn, &j, err);
    return rc ? rc : failed(err);
  }
  {
    int days =
        out->subject.is_admin ? set->pw_admin_expiry_days : set->pw_expiry_days;
    if (days > 0 && !a.must_change &&
        now - a.pw_changed_at > (int64_t)days * 86400000) {
      j.expire_now = 1;
      out->subject.must_change = 1;
    }
  }
  j.outcome = OUT_OK;
  rc = store_write(st, login_job_fn, &j, err);
  if (rc)
    return rc;
  memcpy(out->token, j.token, sizeof out->token);
  snprintf(out->subject.csrf, sizeof out->subject.csrf, "%s", j.csrf);
  out->subject.session_id = j.session_id;
  out->must_setup_totp = auth_needs_totp_setup(&out->subject);
  explicit_bzero(j.token, sizeof j.token);
  return LX_OK;
}

/* ---- password change ---- */

struct pw_job {
  const struct subject *s;
  const char *hash;
  const char *ip;
  int history;
};

static int pw_job_fn(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct pw_job *p = ctx;
  struct store_stmt *s;
  struct audit_entry ae = {0};
  char oid[24];
  int64_t now = time_now_ms();
  int rc = store_prepare(c,
                         "INSERT INTO password_history(account_id, hash, "
                         "changed_at) SELECT id, password_hash, ? FROM "
                         "account WHERE id = ?",
                         &s, err);
  if (rc)
    return rc;
  store_bind_i64(s, 1, now);
  store_bind_i64(s, 2, p->s->account_id);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  rc = store_prepare(c,
                     "UPDATE account SET password_hash = ?, must_change = 0, "
                     "password_changed_at = ?, updated_at = ? WHERE id = ?",
                     &s, err);
  if (rc)
    return rc;
  store_bind_text(s, 1, p->hash);
  store_bind_i64(s, 2, now);
  store_bind_i64(s, 3, now);
  store_bind_i64(s, 4, p->s->account_id);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  rc = auth_sessions_revoke_all(c, p->s->account_id, p->s->session_id, err);
  if (rc)
    return rc;
  snprintf(oid, sizeof oid, "%lld", (long long)p->s->account_id);
  ae.account_id = p->s->account_id;
  ae.username = p->s->username;
  ae.ip = p->ip;
  ae.action = "auth.password_change";
  ae.object_type = "account";
  ae.object_id = oid;
  ae.result = "ok";
  ae.detail = "修改密码，其他会话已注销";
  return audit_append(c, &ae, err);
}

int auth_password_change(struct store *st, struct store_conn *rd,
                         const struct subject *s, const char *old_pw,
                         const char *new_pw, const char *ip, struct lx_err *err)
{
  const struct auth_settings *set = auth_settings();
  struct auth_pw_policy pol = AUTH_PW_POLICY_USER;
  struct acct a;
  struct pw_job job;
  struct store_stmt *q;
  char hash[AUTH_PW_HASH_SIZE];
  int rc, n = 0;
  memset(&a, 0, sizeof a);
  pol.min_len = s->is_admin ? set->pw_admin_min_len : set->pw_min_len;
  rc = read_account(rd, s->username, &a, err);
  if (rc == LX_ENOTFOUND)
    return err_set(err, LX_EUNAUTH, "auth.required", "", "请先登录");
  if (rc)
    return rc;
  if (auth_password_verify(a.hash, old_pw) != LX_OK)
    return err_set(err, LX_EINVAL, "password.old_wrong", "old_password",
                   "原密码不正确");
  rc = auth_password_check(s->username, new_pw, &pol, err);
  if (rc)
    return rc;
  if (auth_password_verify(a.hash, new_pw) == LX_OK)
    return err_set(err, LX_EINVAL, "password.reused", "new_password",
                   "新密码不能与当前密码相同");
  rc = store_prepare(rd,
                     "SELECT hash FROM password_history WHERE account_id = ? "
                     "ORDER BY id DESC LIMIT ?",
                     &q, err);
  if (rc)
    return rc;
  store_bind_i64(q, 1, s->account_id);
  store_bind_i64(q, 2, set->pw_history);
  while (store_step(q, err) == STORE_ROW && n < 24) {
    if (auth_password_verify(store_col_text(q, 0), new_pw) == LX_OK) {
      store_stmt_done(q);
      return err_setf(err, LX_EINVAL, "password.reused", "new_password",
                      "新密码不能与最近 %d 次使用过的密码相同",
                      set->pw_history);
    }
    n++;
  }
  store_stmt_done(q);
  rc = auth_password_hash(new_pw, hash, sizeof hash);
  if (rc)
    return err_set(err, rc, "password.hash", "", "密码处理失败");
  job.s = s;
  job.hash = hash;
  job.ip = ip;
  job.history = set->pw_history;
  return store_write(st, pw_job_fn, &job, err);
}

/* ---- TOTP enrolment ---- */

struct totp_job {
  const struct subject *s;
  const char *secret; /* begin: the pending secret */
  int64_t step;       /* confirm */
  const char *ip;
  int confirm;
};

static int totp_job_fn(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct totp_job *t = ctx;
  struct store_stmt *s;
  struct audit_entry ae = {0};
  char oid[24];
  int rc;
  if (!t->confirm) {
    rc = store_prepare(c,
                       "UPDATE account SET totp_secret = ?, updated_at = ? "
                       "WHERE id = ? AND totp_enabled = 0",
                       &s, err);
    if (rc)
      return rc;
    store_bind_text(s, 1, t->secret);
  } else {
    rc = store_prepare(c,
                       "UPDATE account SET totp_enabled = 1, totp_last_step "
                       "= ?, updated_at = ? WHERE id = ? AND totp_enabled = 0",
                       &s, err);
    if (rc)
      return rc;
    store_bind_i64(s, 1, t->step);
  }
  store_bind_i64(s, 2, time_now_ms());
  store_bind_i64(s, 3, t->s->account_id);
  rc = store_step(s, err);
  store_stmt_done(s);
  if (rc != STORE_DONE)
    return rc;
  if (store_changes(c) == 0)
    return err_set(err, LX_ECONFLICT, "totp.already_enabled", "",
                   "两步验证已启用");
  snprintf(oid, sizeof oid, "%lld", (long long)t->s->account_id);
  ae.account_id = t->s->account_id;
  ae.username = t->s->username;
  ae.ip = t->ip;
  ae.action = t->confirm ? "auth.totp_enable" : "auth.totp_begin";
  ae.object_type = "account";
  ae.object_id = oid;
  ae.result = "ok";
  rc = audit_append(c, &ae, err);
  auth_cache_invalidate();
  return rc;
}

int auth_totp_begin(struct store *st, const struct subject *s, char *out_secret,
                    size_t secret_len, char *out_uri, size_t uri_len,
                    const char *ip, struct lx_err *err)
{
  struct totp_job t = {s, out_secret, 0, ip, 0};
  int rc;
  if (s->totp_enabled)
    return err_set(err, LX_ECONFLICT, "totp.already_enabled", "",
                   "两步验证已启用");
  rc = auth_totp_secret_new(out_secret, secret_len);
  if (!rc)
    rc = auth_totp_uri(NULL, s->username, out_secret, out_uri, uri_len);
  if (rc)
    return err_set(err, rc, "totp.secret", "", "无法生成两步验证密钥");
  return store_write(st, totp_job_fn, &t, err);
}

int auth_totp_confirm(struct store *st, struct store_conn *rd,
                      const struct subject *s, const char *code, const char *ip,
                      struct lx_err *err)
{
  struct acct a;
  struct totp_job t = {s, NULL, 0, ip, 1};
  int rc;
  memset(&a, 0, sizeof a);
  rc = read_account(rd, s->username, &a, err);
  if (rc)
    return rc == LX_ENOTFOUND
               ? err_set(err, LX_EUNAUTH, "auth.required", "", "请先登录")
               : rc;
  if (a.totp_enabled)
    return err_set(err, LX_ECONFLICT, "totp.already_enabled", "",
                   "两步验证已启用");
  if (!a.totp_secret[0])
    return err_set(err, LX_ECONFLICT, "totp.not_started", "",
                   "请先获取两步验证密钥");
  if (!code || auth_totp_verify(a.totp_secret, code, time_now_ms() / 1000, 0,
                                &t.step) != LX_OK)
    return err_set(err, LX_EINVAL, "totp.invalid", "code",
                   "验证码不正确，请核对手机时间后重试");
  return store_write(st, totp_job_fn, &t, err);
}

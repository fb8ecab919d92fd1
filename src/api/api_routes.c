/*
 * api_routes.c — builds the route table from routes.def and holds the
 * per-request glue: the guard (session, CSRF, forced password change,
 * permission — every decision delegated to the policy module), the read
 * connection, and the audit helper handlers use.
 */
#include "api/api.h"

#include "base/arena.h"
#include "base/digest.h"
#include "base/log.h"
#include "base/ratelimit.h"
#include "base/timeutil.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"
#include "domain/policy/policy.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define GET HTTP_GET
#define POST HTTP_POST
#define PUT HTTP_PUT
#define DELETE HTTP_DELETE
#define PATCH HTTP_PATCH

static const struct route table[] = {
#define ROUTE(m, p, perm, fn) {m, p, perm, fn, #fn, 0},
#define UPLOAD(m, p, perm, fn) {m, p, perm, fn, #fn, 1},
#include "api/routes.def"
#undef UPLOAD
#undef ROUTE
};

const struct route *api_routes(int *n)
{
  *n = (int)LX_COUNT(table);
  return table;
}

/* Routes an account that must first change its password (or enrol TOTP)
 * may still use. */
static int allowed_while_restricted(const char *pattern)
{
  static const char *const ok[] = {
      "/api/v1/auth/me", "/api/v1/auth/logout", "/api/v1/auth/password",
      "/api/v1/auth/totp/setup", "/api/v1/auth/totp/enable"};
  for (size_t i = 0; i < LX_COUNT(ok); i++)
    if (strcmp(pattern, ok[i]) == 0)
      return 1;
  return 0;
}

/* A cross-site Origin (when the browser sends one) must match Host. */
static int origin_ok(struct req *r)
{
  const char *origin = req_header(r, "Origin");
  const char *host = req_header(r, "Host");
  const char *p;
  if (!origin || !strcmp(origin, "null"))
    return origin == NULL;
  p = strstr(origin, "://");
  return host && p && strcmp(p + 3, host) == 0;
}

struct deny {
  struct req *r;
  const char *perm;
};

static int deny_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct deny *d = ctx;
  char detail[200];
  (void)err;
  if (!strcmp(d->perm, "admin_allow"))
    snprintf(detail, sizeof detail, "%s %s 来源地址 %s 不在三员白名单内",
             d->r->method_str, d->r->route->pattern, d->r->ip);
  else
    snprintf(detail, sizeof detail, "%s %s 需要权限 %s", d->r->method_str,
             d->r->route->pattern, d->perm);
  return api_audit(d->r, c, "access.deny", "route", 0, "deny", NULL, NULL,
                   detail);
}

int api_guard(struct req *r, const struct route *rt)
{
  struct app *app = r->app;
  struct store_conn *c;
  struct subject *s;
  int rc;
  if (strcmp(rt->permission, "public") == 0)
    return LX_OK;
  rc = api_db(r, &c);
  if (rc)
    return rc;
  s = arena_alloc(r->arena, sizeof *s);
  rc = auth_session_resolve(app->store, c, req_cookie(r, "luoshi_session"), s,
                            &r->err);
  if (rc)
    return rc;
  r->user = s;
  if (app->rl_api) {
    char key[32];
    snprintf(key, sizeof key, "a:%lld", (long long)s->account_id);
    if (!rl_take(app->rl_api, key, time_mono_us() / 1000, &r->retry_after_s))
      return err_set(&r->err, LX_ETOOMANY, "rate.limited", "",
                     "请求过于频繁，请稍后再试");
  }
  if (!auth_admin_ip_ok(s, r->ip)) {
    struct deny d = {r, "admin_allow"};
    struct lx_err e;
    if (store_write(app->store, deny_job, &d, &e) != LX_OK)
      log_warn("could not audit an access denial");
    return err_set(&r->err, LX_EFORBIDDEN, "auth.ip_denied", "",
                   "三员账号只能从指定的地址访问");
  }
  if (r->method != HTTP_GET && r->method != HTTP_HEAD) {
    const char *t = req_header(r, "X-CSRF-Token");
    if (!t || strlen(t) != strlen(s->csrf) ||
        !digest_equal(t, s->csrf, strlen(s->csrf)) || !origin_ok(r))
      return err_set(&r->err, LX_EFORBIDDEN, "auth.csrf", "",
                     "请求缺少有效的安全令牌，请刷新页面后重试");
  }
  if ((s->must_change || auth_needs_totp_setup(s)) &&
      !allowed_while_restricted(rt->pattern))
    return s->must_change
               ? err_set(&r->err, LX_EFORBIDDEN, "auth.must_change_password",
                         "", "请先修改初始密码")
               : err_set(&r->err, LX_EFORBIDDEN, "auth.must_setup_totp", "",
                         "管理员账号须先启用两步验证");
  if (strcmp(rt->permission, "login") == 0)
    return LX_OK;
  if (policy_has(s, rt->permission))
    return LX_OK;
  {
    struct deny d = {r, rt->permission};
    struct lx_err e;
    if (store_write(app->store, deny_job, &d, &e) != LX_OK)
      log_warn("could not audit an access denial");
  }
  return err_set(&r->err, LX_EFORBIDDEN, "auth.forbidden", "",
                 "没有权限执行此操作");
}

const struct subject *api_subject(struct req *r)
{
  return r->user;
}

int api_write(struct req *r, store_job_fn fn, void *ctx)
{
  struct app *app = r->app;
  return store_write(app->store, fn, ctx, &r->err);
}

int api_audit(struct req *r, struct store_conn *c, const char *action,
              const char *object_type, int64_t object_id, const char *result,
              const char *before, const char *after, const char *detail)
{
  const struct subject *s = r->user;
  struct audit_entry e = {0};
  char oid[24];
  if (object_id)
    snprintf(oid, sizeof oid, "%lld", (long long)object_id);
  e.account_id = s ? s->account_id : 0;
  e.username = s ? s->username : NULL;
  e.ip = r->ip;
  e.action = action;
  e.object_type = object_type;
  e.object_id = object_id ? oid : NULL;
  e.result = result ? result : "ok";
  e.before_json = before;
  e.after_json = after;
  e.detail = detail;
  return audit_append(c, &e, &r->err);
}

struct oos {
  struct req *r;
  const char *what;
};

static int oos_job(struct store_conn *c, void *ctx, struct lx_err *err)
{
  struct oos *o = ctx;
  char detail[300];
  (void)err;
  snprintf(detail, sizeof detail, "访问范围外的%s：%s %s", o->what,
           o->r->method_str, o->r->path);
  return api_audit(o->r, c, "access.out_of_scope", o->what, 0, "deny", NULL,
                   NULL, detail);
}

int api_out_of_scope(struct req *r, const char *what)
{
  struct app *app = r->app;
  struct oos o = {r, what ? what : "记录"};
  struct lx_err e;
  if (store_write(app->store, oos_job, &o, &e) != LX_OK)
    log_warn("could not audit an out-of-scope access");
  return api_not_found(r, what);
}

int api_not_found(struct req *r, const char *what)
{
  return err_setf(&r->err, LX_ENOTFOUND, "not_found", "id", "%s不存在",
                  what ? what : "记录");
}

int api_db(struct req *r, struct store_conn **out)
{
  struct app *app = r->app;
  int rc;
  if (r->db) {
    *out = r->db;
    return LX_OK;
  }
  rc = store_read_acquire(app->store, (struct store_conn **)&r->db, &r->err);
  if (rc)
    return rc;
  *out = r->db;
  return LX_OK;
}

void api_request_end(void *vapp, struct req *r)
{
  struct app *app = vapp;
  if (r->db) {
    store_read_release(app->store, r->db);
    r->db = NULL;
  }
}

/*
 * api_auth.c — the caller's own account: login, logout, me, password
 * change, sessions (and their Excel export, 我的会话.xlsx, audited as
 * "session.export"), TOTP enrolment.  JSON in, domain call, JSON out.
 */
#include "api/api.h"

#include "api/api_export.h"
#include "base/arena.h"
#include "base/cfg.h"
#include "base/digest.h"
#include "base/jw.h"
#include "base/ratelimit.h"
#include "base/timeutil.h"
#include "domain/auth/auth.h"
#include "domain/auth/captcha.h"
#include "domain/policy/policy.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

/* Writes the user object U of the API (DESIGN.md). */
void api_user_json(struct jw *j, const struct subject *s, int must_totp)
{
  const char *seen[POLICY_MAX_GRANTS * POLICY_MAX_PERMS];
  int n_seen = 0;
  jw_obj(j);
  jw_ki64(j, "id", s->account_id);
  jw_kstr(j, "username", s->username);
  jw_kstr(j, "name", s->name);
  jw_ki64(j, "unit_id", s->unit_id);
  jw_kstr(j, "unit_name", s->unit_name);
  if (s->person_id)
    jw_ki64(j, "person_id", s->person_id);
  jw_key(j, "roles");
  jw_arr(j);
  for (int i = 0; i < s->n_grants; i++) {
    jw_obj(j);
    jw_kstr(j, "code", s->grants[i].role_code);
    jw_kstr(j, "name", s->grants[i].role_name);
    jw_kstr(j, "scope", policy_scope_name(s->grants[i].scope));
    jw_obj_end(j);
  }
  jw_arr_end(j);
  jw_key(j, "permissions");
  jw_arr(j);
  for (int i = 0; i < s->n_grants; i++)
    for (int k = 0; k < s->grants[i].n_perms; k++) {
      int dup = 0;
      for (int m = 0; m < n_seen && !dup; m++)
        dup = seen[m] == s->grants[i].perms[k];
      if (!dup) {
        seen[n_seen++] = s->grants[i].perms[k];
        jw_str(j, s->grants[i].perms[k]);
      }
    }
  jw_arr_end(j);
  jw_kbool(j, "must_change_password", s->must_change);
  jw_kbool(j, "totp_enabled", s->totp_enabled);
  jw_kbool(j, "must_setup_totp", must_totp);
  jw_obj_end(j);
}

static void user_and_csrf(struct resp *w, const struct subject *s)
{
  struct jw j;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_key(&j, "user");
  api_user_json(&j, s, auth_needs_totp_setup(s));
  jw_kstr(&j, "csrf_token", s->csrf);
  jw_obj_end(&j);
}

/* POST /api/v1/auth/login {username, password, totp?} */
/* GET /api/v1/auth/captcha → {id, image (a PNG data URL), expires_in}:
 * a CAPTCHA challenge for the login form (public; not cached).  In test
 * mode (a test clock is set) the answer comes along as test_answer. */
int api_auth_captcha(struct req *r, struct resp *w)
{
  char id[AUTH_CAPTCHA_ID_LEN + 1], answer[AUTH_CAPTCHA_DIGITS + 1];
  uint8_t *png = NULL;
  size_t len = 0;
  char *b64;
  struct jw j;
  int rc = auth_captcha_new(time_now_ms(), id, &png, &len, answer);
  if (rc)
    return err_set(&r->err, rc, "captcha.failed", "", "无法生成验证码");
  b64 = arena_alloc(r->arena, DIGEST_B64_SIZE(len));
  digest_base64_encode(png, len, b64);
  lx_free(png);
  resp_header(w, "Cache-Control", "no-store");
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_kstr(&j, "id", id);
  jw_key(&j, "image");
  jw_str(&j, arena_printf(r->arena, "data:image/png;base64,%s", b64));
  jw_ki64(&j, "expires_in", AUTH_CAPTCHA_TTL_MS / 1000);
  if (cfg.clock_offset_file[0])
    jw_kstr(&j, "test_answer", answer);
  jw_obj_end(&j);
  explicit_bzero(answer, sizeof answer);
  return LX_OK;
}

int api_auth_login(struct req *r, struct resp *w)
{
  struct app *app = r->app;
  struct auth_login_in in = {0};
  struct auth_login_out *out = arena_zalloc(r->arena, sizeof *out);
  struct store_conn *c;
  json_t *body = NULL;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "username", 1, 64, &in.username);
  if (!rc)
    rc = api_get_str(r, body, "password", 1, 128, &in.password);
  if (!rc)
    rc = api_get_str(r, body, "totp", 0, 16, &in.totp);
  if (!rc)
    rc = api_get_str(r, body, "captcha_id", 0, 64, &in.captcha_id);
  if (!rc)
    rc = api_get_str(r, body, "captcha", 0, 16, &in.captcha);
  if (!rc)
    rc = api_db(r, &c);
  if (rc)
    goto done;
  in.ip = r->ip;
  if (app->rl_login) {
    char key[80];
    snprintf(key, sizeof key, "ip:%s", r->ip);
    if (!rl_take(app->rl_login, key, time_mono_us() / 1000,
                 &r->retry_after_s)) {
      rc = err_set(&r->err, LX_ETOOMANY, "auth.rate_limited", "",
                   "登录请求过于频繁，请稍后再试");
      goto done;
    }
  }
  in.user_agent = req_header(r, "User-Agent");
  if (in.user_agent && strlen(in.user_agent) > 300)
    in.user_agent = NULL;
  rc = auth_login(app->store, c, &in, out, &r->err);
  if (rc) {
    if (rc == LX_ETOOMANY)
      resp_header(w, "Retry-After", "60");
    goto done;
  }
  resp_header(w, "Set-Cookie",
              arena_printf(r->arena,
                           "luoshi_session=%s; Path=/; HttpOnly; "
                           "SameSite=Strict%s",
                           out->token, cfg.cookie_secure ? "; Secure" : ""));
  user_and_csrf(w, &out->subject);
  explicit_bzero(out->token, sizeof out->token);
done:
  json_decref(body);
  return rc;
}

/* POST /api/v1/auth/logout */
int api_auth_logout(struct req *r, struct resp *w)
{
  struct app *app = r->app;
  const struct subject *s = api_subject(r);
  int rc = auth_session_revoke(app->store, s, s->session_id, r->ip,
                               "auth.logout", &r->err);
  if (rc)
    return rc;
  resp_header(w, "Set-Cookie",
              "luoshi_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  sb_puts(api_json(w, 200), "{\"ok\":true}");
  return LX_OK;
}

/* GET /api/v1/auth/me */
int api_auth_me(struct req *r, struct resp *w)
{
  user_and_csrf(w, api_subject(r));
  return LX_OK;
}

/* POST /api/v1/auth/password {old_password, new_password} */
int api_auth_password(struct req *r, struct resp *w)
{
  struct app *app = r->app;
  const char *old_pw, *new_pw;
  struct store_conn *c;
  json_t *body = NULL;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "old_password", 1, 128, &old_pw);
  if (!rc)
    rc = api_get_str(r, body, "new_password", 1, 1000, &new_pw);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = auth_password_change(app->store, c, api_subject(r), old_pw, new_pw,
                              r->ip, &r->err);
  json_decref(body);
  if (rc)
    return rc;
  sb_puts(api_json(w, 200), "{\"ok\":true}");
  return LX_OK;
}

/* The caller's live sessions, newest first (at most 100). */
static int sessions_prepare(struct req *r, struct store_stmt **out)
{
  struct store_conn *c;
  int rc = api_db(r, &c);
  if (!rc)
    rc = store_prepare(c,
                       "SELECT id, created_at, last_seen_at, ip, user_agent "
                       "FROM session WHERE account_id = ? AND revoked_at IS "
                       "NULL AND expires_at > ? ORDER BY id DESC LIMIT 100",
                       out, &r->err);
  if (rc)
    return rc;
  store_bind_i64(*out, 1, api_subject(r)->account_id);
  store_bind_i64(*out, 2, time_now_ms());
  return LX_OK;
}

static const struct xlsx_col session_cols[] = {
    {"登录时间", 20}, {"最近活动", 20}, {"IP", 16},
    {"浏览器", 60},   {"当前会话", 10},
};

static const struct api_export_spec session_export = {
    .sheet = "我的会话",
    .file_utf8 = "我的会话.xlsx",
    .file_ascii = "sessions.xlsx",
    .action = "session.export",
    .object_type = "session",
    .cols = session_cols,
    .n_cols = (int)LX_COUNT(session_cols),
    .max_rows = API_EXPORT_MAX_ROWS,
};

static int sessions_xlsx(struct req *r, struct resp *w)
{
  struct api_export e;
  struct store_stmt *st = NULL;
  int64_t current = api_subject(r)->session_id;
  int rc = api_export_begin(&e, r, &session_export);
  if (!rc)
    rc = sessions_prepare(r, &st);
  while (!rc && (rc = store_step(st, &r->err)) == STORE_ROW) {
    xlsx_time(e.x, 0, store_col_i64(st, 1));
    xlsx_time(e.x, 1, store_col_i64(st, 2));
    xlsx_text(e.x, 2, store_col_text(st, 3));
    xlsx_text(e.x, 3, store_col_text(st, 4));
    xlsx_text(e.x, 4, store_col_i64(st, 0) == current ? "是" : "否");
    rc = api_export_row_end(&e);
  }
  if (rc == STORE_DONE)
    rc = LX_OK;
  if (st)
    store_stmt_done(st);
  return api_export_end(&e, rc, w);
}

/* GET /api/v1/auth/sessions[?format=xlsx]: the caller's live sessions. */
int api_auth_sessions(struct req *r, struct resp *w)
{
  const struct subject *s = api_subject(r);
  struct store_stmt *st;
  struct jw j;
  int xlsx = 0, rc = api_export_format(r, &xlsx);
  if (!rc && xlsx)
    return sessions_xlsx(r, w);
  if (!rc)
    rc = sessions_prepare(r, &st);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_key(&j, "items");
  jw_arr(&j);
  while ((rc = store_step(st, &r->err)) == STORE_ROW) {
    jw_obj(&j);
    jw_ki64(&j, "id", store_col_i64(st, 0));
    jw_ktime(&j, "created_at", store_col_i64(st, 1));
    jw_ktime(&j, "last_seen_at", store_col_i64(st, 2));
    jw_kstr(&j, "ip", store_col_text(st, 3));
    jw_kstr(&j, "user_agent", store_col_text(st, 4));
    jw_kbool(&j, "current", store_col_i64(st, 0) == s->session_id);
    jw_obj_end(&j);
  }
  jw_arr_end(&j);
  jw_key(&j, "next_cursor");
  jw_null(&j);
  jw_obj_end(&j);
  store_stmt_done(st);
  return rc == STORE_DONE ? LX_OK : rc;
}

/* DELETE /api/v1/auth/sessions/:id — revoke one of one's own sessions. */
int api_auth_session_revoke(struct req *r, struct resp *w)
{
  struct app *app = r->app;
  int64_t id;
  int rc = req_param_id(r, "id", &id);
  if (!rc)
    rc = auth_session_revoke(app->store, api_subject(r), id, r->ip,
                             "auth.session_revoke", &r->err);
  if (rc)
    return rc;
  sb_puts(api_json(w, 200), "{\"ok\":true}");
  return LX_OK;
}

/* POST /api/v1/auth/totp/setup → {secret, otpauth_uri} */
int api_auth_totp_setup(struct req *r, struct resp *w)
{
  struct app *app = r->app;
  char secret[64], uri[512];
  struct jw j;
  int rc = auth_totp_begin(app->store, api_subject(r), secret, sizeof secret,
                           uri, sizeof uri, r->ip, &r->err);
  if (rc)
    return rc;
  jw_init(&j, api_json(w, 200));
  jw_obj(&j);
  jw_kstr(&j, "secret", secret);
  jw_kstr(&j, "otpauth_uri", uri);
  jw_obj_end(&j);
  return LX_OK;
}

/* POST /api/v1/auth/totp/enable {code} */
int api_auth_totp_enable(struct req *r, struct resp *w)
{
  struct app *app = r->app;
  const char *code;
  struct store_conn *c;
  json_t *body = NULL;
  int rc = api_body(r, &body);
  if (rc)
    return rc;
  rc = api_get_str(r, body, "code", 1, 16, &code);
  if (!rc)
    rc = api_db(r, &c);
  if (!rc)
    rc = auth_totp_confirm(app->store, c, api_subject(r), code, r->ip, &r->err);
  json_decref(body);
  if (rc)
    return rc;
  sb_puts(api_json(w, 200), "{\"ok\":true}");
  return LX_OK;
}

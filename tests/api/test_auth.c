/*
 * test_auth.c — logging in and staying logged in, over real HTTP: the
 * lockout, the identical answers for every failure, session idle and
 * absolute expiry (with the test clock), CSRF, the password policy, the
 * forced change, TOTP, permissions, and the audit chain catching an edited
 * and a deleted row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/auth/totp.h"
#include "tst.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct tst_server srv;
static long long clock_ms; /* the server's clock offset */

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_MEMBER "Member#2026x"

static void advance(long long ms)
{
  clock_ms += ms;
  tst_clock_set(&srv, clock_ms);
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "admin", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_user_add(srv.db, "zhang", PW_MEMBER, "member", NULL, 0) != 0 ||
      tst_user_add(srv.db, "lisi", PW_MEMBER, "member", NULL, 1) != 0 ||
      tst_user_add(srv.db, "wang", PW_MEMBER, "member", NULL, 0) != 0 ||
      tst_user_add(srv.db, "zhao", PW_MEMBER, "member", NULL, 1) != 0 ||
      tst_user_add(srv.db, "auditor1", "Aud!t-2026-Check", "auditor", NULL,
                   0) != 0)
    return -1;
  return tst_server_start(&srv, extra);
}

static int teardown(void **state)
{
  (void)state;
  return tst_server_stop(&srv) == 0 ? 0 : -1;
}

static void login_sets_safe_cookie(void **state)
{
  struct tst_resp r;
  char h[256];
  (void)state;
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/auth/login",
                           "Content-Type: application/json\r\n",
                           "{\"username\":\"zhang\",\"password\":\"" PW_MEMBER
                           "\"}",
                           &r),
                   0);
  assert_int_equal(r.status, 200);
  assert_non_null(tst_header(&r, "Set-Cookie", h, sizeof h));
  assert_non_null(strstr(h, "luoshi_session="));
  assert_non_null(strstr(h, "HttpOnly"));
  assert_non_null(strstr(h, "SameSite=Strict"));
  assert_non_null(strstr(r.body, "\"csrf_token\":\""));
  assert_non_null(strstr(r.body, "\"roles\":[{\"code\":\"member\""));
  /* no secret material in the answer */
  assert_null(strstr(r.body, "argon2"));
  tst_resp_free(&r);
}

static void failures_look_the_same(void **state)
{
  struct tst_resp a, b, c;
  (void)state;
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/auth/login",
                           "Content-Type: application/json\r\n",
                           "{\"username\":\"nobody\",\"password\":\"x\"}", &a),
                   0);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/auth/login",
                           "Content-Type: application/json\r\n",
                           "{\"username\":\"zhang\",\"password\":\"bad\"}", &b),
                   0);
  assert_int_equal(a.status, 401);
  assert_int_equal(b.status, 401);
  assert_string_equal(a.body, b.body);
  assert_non_null(strstr(a.body, "auth.failed"));
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/auth/login",
                           "Content-Type: application/json\r\n",
                           "{\"username\":\"zhang\"}", &c),
                   0);
  assert_int_equal(c.status, 400);
  assert_non_null(strstr(c.body, "\"field\":\"password\""));
  tst_resp_free(&a);
  tst_resp_free(&b);
  tst_resp_free(&c);
  advance(120000); /* clear the per-IP window */
}

static void lockout_after_five(void **state)
{
  char ck[128], cs[80];
  struct tst_resp locked, wrong;
  (void)state;
  for (int i = 0; i < 5; i++)
    assert_int_equal(tst_login(srv.port, "wang", "wrong-pass", NULL, NULL, 0,
                               NULL, 0),
                     401);
  /* the sixth, with the right password, is refused the same way */
  assert_int_equal(tst_login(srv.port, "wang", PW_MEMBER, NULL, ck, sizeof ck,
                             cs, sizeof cs),
                   401);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/auth/login",
                           "Content-Type: application/json\r\n",
                           "{\"username\":\"wang\",\"password\":\"" PW_MEMBER
                           "\"}",
                           &locked),
                   0);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/auth/login",
                           "Content-Type: application/json\r\n",
                           "{\"username\":\"wang\",\"password\":\"zz\"}",
                           &wrong),
                   0);
  assert_string_equal(locked.body, wrong.body);
  tst_resp_free(&locked);
  tst_resp_free(&wrong);
  advance(29 * 60000);
  assert_int_equal(tst_login(srv.port, "wang", PW_MEMBER, NULL, NULL, 0, NULL,
                             0),
                   401);
  advance(2 * 60000); /* 31 minutes: unlocked */
  assert_int_equal(tst_login(srv.port, "wang", PW_MEMBER, NULL, ck, sizeof ck,
                             cs, sizeof cs),
                   200);
}

static void ip_throttle(void **state)
{
  int last = 0;
  (void)state;
  advance(120000);
  for (int i = 0; i < 11; i++)
    last = tst_login(srv.port, "nobody", "x", NULL, NULL, 0, NULL, 0);
  assert_int_equal(last, 429);
  advance(120000);
  assert_int_equal(tst_login(srv.port, "zhang", PW_MEMBER, NULL, NULL, 0,
                             NULL, 0),
                   200);
}

static void idle_and_absolute_expiry(void **state)
{
  char ck[128], cs[80];
  struct tst_resp r;
  int steps = 0;
  (void)state;
  assert_int_equal(tst_login(srv.port, "zhang", PW_MEMBER, NULL, ck, sizeof ck,
                             cs, sizeof cs),
                   200);
  advance(29 * 60000);
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/auth/me", ck, cs, NULL,
                            &r),
                   0);
  assert_int_equal(r.status, 200);
  tst_resp_free(&r);
  advance(31 * 60000); /* idle 31 min */
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/auth/me", ck, cs, NULL,
                            &r),
                   0);
  assert_int_equal(r.status, 401);
  assert_non_null(strstr(r.body, "auth.expired"));
  tst_resp_free(&r);
  /* absolute: active every 25 minutes, still out after 12 hours */
  assert_int_equal(tst_login(srv.port, "zhang", PW_MEMBER, NULL, ck, sizeof ck,
                             cs, sizeof cs),
                   200);
  for (;;) {
    advance(25 * 60000);
    steps++;
    assert_int_equal(tst_call(srv.port, "GET", "/api/v1/auth/me", ck, cs, NULL,
                              &r),
                     0);
    if (r.status != 200) {
      tst_resp_free(&r);
      break;
    }
    tst_resp_free(&r);
    assert_true(steps < 40);
  }
  assert_true(steps * 25 >= 12 * 60 && steps * 25 <= 12 * 60 + 25);
}

static void csrf_required(void **state)
{
  char ck[128], cs[80];
  struct tst_resp r;
  char hdr[400];
  (void)state;
  assert_int_equal(tst_login(srv.port, "zhang", PW_MEMBER, NULL, ck, sizeof ck,
                             cs, sizeof cs),
                   200);
  snprintf(hdr, sizeof hdr, "Cookie: %s\r\n", ck);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/auth/logout", hdr, NULL,
                           &r),
                   0);
  assert_int_equal(r.status, 403);
  assert_non_null(strstr(r.body, "auth.csrf"));
  tst_resp_free(&r);
  assert_int_equal(tst_call(srv.port, "POST", "/api/v1/auth/logout", ck,
                            "00ff00ff", NULL, &r),
                   0);
  assert_int_equal(r.status, 403);
  tst_resp_free(&r);
  snprintf(hdr, sizeof hdr,
           "Cookie: %s\r\nX-CSRF-Token: %s\r\nOrigin: http://evil.example\r\n",
           ck, cs);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/auth/logout", hdr, NULL,
                           &r),
                   0);
  assert_int_equal(r.status, 403);
  tst_resp_free(&r);
  /* right token: logged out, and the old cookie is dead */
  assert_int_equal(tst_call(srv.port, "POST", "/api/v1/auth/logout", ck, cs,
                            NULL, &r),
                   0);
  assert_int_equal(r.status, 200);
  tst_resp_free(&r);
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/auth/me", ck, cs, NULL,
                            &r),
                   0);
  assert_int_equal(r.status, 401);
  tst_resp_free(&r);
}

static void expect_pw_error(const char *ck, const char *cs, const char *old_pw,
                            const char *new_pw, const char *code)
{
  char body[512];
  struct tst_resp r;
  snprintf(body, sizeof body,
           "{\"old_password\":\"%s\",\"new_password\":\"%s\"}", old_pw,
           new_pw);
  assert_int_equal(tst_call(srv.port, "POST", "/api/v1/auth/password", ck, cs,
                            body, &r),
                   0);
  if (r.status != 400 || !strstr(r.body, code))
    fail_msg("%s: got %d %s", new_pw, r.status, r.body);
  tst_resp_free(&r);
}

static void forced_change_and_policy(void **state)
{
  char ck[128], cs[80], ck2[128], cs2[80];
  struct tst_resp r;
  (void)state;
  assert_int_equal(tst_login(srv.port, "lisi", PW_MEMBER, NULL, ck, sizeof ck,
                             cs, sizeof cs),
                   200);
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/auth/me", ck, cs, NULL,
                            &r),
                   0);
  assert_non_null(strstr(r.body, "\"must_change_password\":true"));
  tst_resp_free(&r);
  /* everything else is refused until the password is changed */
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/auth/sessions", ck, cs,
                            NULL, &r),
                   0);
  assert_int_equal(r.status, 403);
  assert_non_null(strstr(r.body, "auth.must_change_password"));
  tst_resp_free(&r);
  expect_pw_error(ck, cs, "wrong", "Another#2026x", "password.old_wrong");
  expect_pw_error(ck, cs, PW_MEMBER, "Ab#1", "password.too_short");
  expect_pw_error(ck, cs, PW_MEMBER, "abcdefghijk", "password.");
  expect_pw_error(ck, cs, PW_MEMBER, "xx-lisi-Pass#2026", "password.");
  expect_pw_error(ck, cs, PW_MEMBER, "Dangjian@123", "password.");
  expect_pw_error(ck, cs, PW_MEMBER, PW_MEMBER, "password.reused");
  /* a second session, killed by the change */
  assert_int_equal(tst_login(srv.port, "lisi", PW_MEMBER, NULL, ck2, sizeof ck2,
                             cs2, sizeof cs2),
                   200);
  assert_int_equal(tst_call(srv.port, "POST", "/api/v1/auth/password", ck, cs,
                            "{\"old_password\":\"" PW_MEMBER
                            "\",\"new_password\":\"中文密码Ok#2026\"}",
                            &r),
                   0);
  assert_int_equal(r.status, 200);
  tst_resp_free(&r);
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/auth/sessions", ck, cs,
                            NULL, &r),
                   0);
  assert_int_equal(r.status, 200);
  tst_resp_free(&r);
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/auth/me", ck2, cs2, NULL,
                            &r),
                   0);
  assert_int_equal(r.status, 401);
  tst_resp_free(&r);
  assert_int_equal(tst_login(srv.port, "lisi", "中文密码Ok#2026", NULL, NULL, 0,
                             NULL, 0),
                   200);
}

static void totp_flow(void **state)
{
  char ck[128], cs[80], secret[64], code[7];
  struct tst_resp r;
  const char *p;
  long long now;
  (void)state;
  assert_int_equal(tst_login(srv.port, "zhang", PW_MEMBER, NULL, ck, sizeof ck,
                             cs, sizeof cs),
                   200);
  assert_int_equal(tst_call(srv.port, "POST", "/api/v1/auth/totp/setup", ck,
                            cs, NULL, &r),
                   0);
  assert_int_equal(r.status, 200);
  p = strstr(r.body, "\"secret\":\"");
  assert_non_null(p);
  snprintf(secret, sizeof secret, "%.32s", p + 10);
  *strchrnul(secret, '"') = 0;
  assert_non_null(strstr(r.body, "otpauth://totp/"));
  tst_resp_free(&r);
  assert_int_equal(tst_call(srv.port, "POST", "/api/v1/auth/totp/enable", ck,
                            cs, "{\"code\":\"000000\"}", &r),
                   0);
  assert_int_equal(r.status, 400);
  tst_resp_free(&r);
  now = (long long)time(NULL) + clock_ms / 1000;
  assert_int_equal(auth_totp_code(secret, (uint64_t)(now / 30), code), 0);
  {
    char body[64];
    snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
    assert_int_equal(tst_call(srv.port, "POST", "/api/v1/auth/totp/enable",
                              ck, cs, body, &r),
                     0);
    assert_int_equal(r.status, 200);
    tst_resp_free(&r);
  }
  /* login now needs the code */
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/auth/login",
                           "Content-Type: application/json\r\n",
                           "{\"username\":\"zhang\",\"password\":\"" PW_MEMBER
                           "\"}",
                           &r),
                   0);
  assert_int_equal(r.status, 401);
  assert_non_null(strstr(r.body, "auth.totp_required"));
  assert_non_null(strstr(r.body, "\"field\":\"totp\""));
  tst_resp_free(&r);
  advance(61000); /* a fresh step: the enrolment code is spent */
  now = (long long)time(NULL) + clock_ms / 1000;
  assert_int_equal(auth_totp_code(secret, (uint64_t)(now / 30 - 1), code), 0);
  assert_int_equal(tst_login(srv.port, "zhang", PW_MEMBER, code, NULL, 0, NULL,
                             0),
                   200); /* one step of drift is fine */
  assert_int_equal(tst_login(srv.port, "zhang", PW_MEMBER, code, NULL, 0, NULL,
                             0),
                   401); /* the same code twice is not */
  assert_int_equal(auth_totp_code(secret, (uint64_t)(now / 30 - 3), code), 0);
  assert_int_equal(tst_login(srv.port, "zhang", PW_MEMBER, code, NULL, 0, NULL,
                             0),
                   401); /* too old */
  advance(120000);
}

/* The browser-error list pages with a signed cursor: two reports, one per
 * page, and a made-up cursor is refused. */
static void client_errors_page(const char *ck, const char *cs)
{
  const char *ct = "Content-Type: application/json\r\n";
  struct tst_resp r;
  char path[512], *cur, *end;
  for (int i = 0; i < 2; i++) {
    assert_int_equal(tst_req(srv.port, "POST", "/api/v1/client-errors", ct,
                             "{\"message\":\"页面出错\",\"url\":\"/x\"}",
                             &r),
                     0);
    assert_int_equal(r.status, 201);
    tst_resp_free(&r);
  }
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/client-errors?limit=1",
                            ck, cs, NULL, &r),
                   0);
  assert_int_equal(r.status, 200);
  cur = strstr(r.body, "\"next_cursor\":\"");
  assert_non_null(cur);
  cur += strlen("\"next_cursor\":\"");
  end = strchr(cur, '"');
  assert_non_null(end);
  snprintf(path, sizeof path, "/api/v1/client-errors?limit=1&cursor=%.*s",
           (int)(end - cur), cur);
  tst_resp_free(&r);
  assert_int_equal(tst_call(srv.port, "GET", path, ck, cs, NULL, &r), 0);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "\"items\":[{"));
  tst_resp_free(&r);
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/client-errors?cursor=5",
                            ck, cs, NULL, &r),
                   0);
  assert_int_equal(r.status, 400);
  assert_non_null(strstr(r.body, "page.cursor"));
  tst_resp_free(&r);
}

static void permissions_enforced(void **state)
{
  char ck[128], cs[80];
  struct tst_resp r;
  (void)state;
  assert_int_equal(tst_login(srv.port, "lisi", "中文密码Ok#2026", NULL, ck,
                             sizeof ck, cs, sizeof cs),
                   200);
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/client-errors", ck, cs,
                            NULL, &r),
                   0);
  assert_int_equal(r.status, 403);
  assert_non_null(strstr(r.body, "auth.forbidden"));
  tst_resp_free(&r);
  assert_int_equal(tst_login(srv.port, "admin", PW_ADMIN, NULL, ck, sizeof ck,
                             cs, sizeof cs),
                   200);
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/client-errors", ck, cs,
                            NULL, &r),
                   0);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "\"items\":["));
  tst_resp_free(&r);
  client_errors_page(ck, cs);
}

static void passwords_expire(void **state)
{
  char ck[128], cs[80];
  struct tst_resp r;
  (void)state;
  /* a one-time password not used within 72 hours no longer works */
  advance(73LL * 3600 * 1000);
  assert_int_equal(tst_req(srv.port, "POST", "/api/v1/auth/login",
                           "Content-Type: application/json\r\n",
                           "{\"username\":\"zhao\",\"password\":\"" PW_MEMBER
                           "\"}",
                           &r),
                   0);
  assert_int_equal(r.status, 401);
  assert_non_null(strstr(r.body, "auth.initial_password_expired"));
  tst_resp_free(&r);
  /* after 180 days an ordinary password must be changed at login */
  advance(181LL * 86400 * 1000);
  assert_int_equal(tst_login(srv.port, "wang", PW_MEMBER, NULL, ck, sizeof ck,
                             cs, sizeof cs),
                   200);
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/auth/me", ck, cs, NULL,
                            &r),
                   0);
  assert_non_null(strstr(r.body, "\"must_change_password\":true"));
  tst_resp_free(&r);
  assert_int_equal(tst_call(srv.port, "GET", "/api/v1/auth/sessions", ck, cs,
                            NULL, &r),
                   0);
  assert_int_equal(r.status, 403);
  tst_resp_free(&r);
}

static int file_has(const char *path, const char *needle)
{
  char buf[8192];
  FILE *f = fopen(path, "r");
  size_t n;
  if (!f)
    return 0;
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  return strstr(buf, needle) != NULL;
}

static void audit_chain_detects_tampering(void **state)
{
  const char *verify[] = {"audit", "verify", "--db", srv.db, NULL};
  char log[400], cmd[800];
  (void)state;
  snprintf(log, sizeof log, "%s/verify.log", srv.dir);
  assert_int_equal(tst_run(verify, log), 0); /* runs beside the server */
  assert_int_equal(tst_server_stop(&srv), 0);
  snprintf(cmd, sizeof cmd, "cp %s %s/copy.db", srv.db, srv.dir);
  assert_int_equal(system(cmd), 0);
  /* edit one row */
  snprintf(cmd, sizeof cmd,
           "sqlite3 %s \"UPDATE audit_log SET detail='tampered' WHERE id=3\"",
           srv.db);
  assert_int_equal(system(cmd), 0);
  assert_int_equal(tst_run(verify, log), 1);
  assert_true(file_has(log, "第 3 条"));
  /* delete one row in the copy */
  snprintf(cmd, sizeof cmd,
           "sqlite3 %s/copy.db \"DELETE FROM audit_log WHERE id=5\"", srv.dir);
  assert_int_equal(system(cmd), 0);
  {
    char copy[400];
    const char *v2[] = {"audit", "verify", "--db", copy, NULL};
    snprintf(copy, sizeof copy, "%s/copy.db", srv.dir);
    assert_int_equal(tst_run(v2, log), 1);
    assert_true(file_has(log, "第 5 条"));
  }
  /* the log holds what happened: logins, failures, the lockout */
  snprintf(cmd, sizeof cmd,
           "test $(sqlite3 %s \"SELECT count(*) FROM audit_log WHERE action "
           "IN ('auth.lockout','auth.totp_reuse','access.deny')\") -ge 3",
           srv.db);
  assert_int_equal(system(cmd), 0);
  assert_int_equal(tst_server_start(&srv, NULL), 0); /* for teardown */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(login_sets_safe_cookie),
      cmocka_unit_test(failures_look_the_same),
      cmocka_unit_test(lockout_after_five),
      cmocka_unit_test(ip_throttle),
      cmocka_unit_test(idle_and_absolute_expiry),
      cmocka_unit_test(csrf_required),
      cmocka_unit_test(forced_change_and_policy),
      cmocka_unit_test(totp_flow),
      cmocka_unit_test(permissions_enforced),
      cmocka_unit_test(passwords_expire),
      cmocka_unit_test(audit_chain_detects_tampering),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

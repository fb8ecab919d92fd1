/*
 * test_admin_ip.c — the 三员 source-address allow-list (admin_allow) and
 * trusted reverse proxies (trusted_proxies), over real HTTP.
 *
 * Server A trusts 127.0.0.1 as a proxy and allows the 三员 only from
 * 10.9.9.0/24: a sysadmin logging in through the proxy for 10.9.9.7 gets
 * in (the audit row names 10.9.9.7), for 6.6.6.6 or with no header gets
 * the same answer as a wrong password (and no lock), and a session
 * opened from an allowed address is refused (403 auth.ip_denied) when it
 * comes from elsewhere; a member logs in from anywhere.  X-Forwarded-For
 * chains take the right-most untrusted address; garbage is ignored.
 * Server B trusts no proxy: a forged X-Forwarded-For does not help.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW_ADMIN "Ip#2026-allowlist!"
#define PW_MEMBER "Member#2026-ip!"

static struct tst_server a, b;

/* Logs in as user through "proxy" xff (NULL = no header); returns the
 * status and copies the session cookie into ck. */
static int login_via(struct tst_server *s, const char *user, const char *pw,
                     const char *xff, char *ck, size_t ck_len)
{
  struct tst_resp r;
  char hdr[256], body[400], buf[200], extra[160] = "";
  int st;
  snprintf(hdr, sizeof hdr, "Content-Type: application/json\r\n%s%s%s",
           xff ? "X-Forwarded-For: " : "", xff ? xff : "", xff ? "\r\n" : "");
  for (int attempt = 0;; attempt++) {
    snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"%s}",
             user, pw, extra);
    if (tst_req(s->port, "POST", "/api/v1/auth/login", hdr, body, &r) != 0)
      return -1;
    /* after 3 refusals a CAPTCHA is needed: solve it (test mode) */
    if (attempt == 0 && r.status == 401 &&
        strstr(r.body, "auth.captcha_required")) {
      json_t *j;
      int cst;
      tst_resp_free(&r);
      j = tst_j(s->port, NULL, "GET", "/api/v1/auth/captcha", &cst, NULL);
      snprintf(extra, sizeof extra, ",\"captcha_id\":\"%s\",\"captcha\":\"%s\"",
               tst_js(j, "id"), tst_js(j, "test_answer"));
      json_decref(j);
      continue;
    }
    break;
  }
  st = r.status;
  if (ck) {
    const char *c = tst_header(&r, "Set-Cookie", buf, sizeof buf);
    ck[0] = 0;
    if (c) {
      size_t n = strcspn(c, ";");
      snprintf(ck, ck_len, "%.*s", (int)n, c);
    }
  }
  tst_resp_free(&r);
  return st;
}

/* GET /api/v1/auth/me with cookie ck through xff; returns the status and
 * whether the body holds code. */
static int me_via(struct tst_server *s, const char *ck, const char *xff,
                  const char *code)
{
  struct tst_resp r;
  char hdr[400];
  int st;
  snprintf(hdr, sizeof hdr, "Cookie: %s\r\nX-Forwarded-For: %s\r\n", ck, xff);
  if (tst_req(s->port, "GET", "/api/v1/users?limit=1", hdr, NULL, &r) != 0)
    return -1;
  st = r.status;
  if (code && !strstr(r.body, code))
    st = -2;
  tst_resp_free(&r);
  return st;
}

static int start(struct tst_server *s, const char *const *extra)
{
  const char *init[] = {"init", "--db", NULL, NULL};
  memset(s, 0, sizeof *s);
  tst_tmpdir(s);
  init[2] = s->db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(s->db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_user_add(s->db, "mem1", PW_MEMBER, "member", NULL, 0) != 0)
    return -1;
  return tst_server_start(s, extra);
}

static int setup(void **state)
{
  static const char *const xa[] = {"--totp-required-admins",
                                   "off",
                                   "--admin-allow",
                                   "10.9.9.0/24, 192.0.2.1",
                                   "--trusted-proxies",
                                   "127.0.0.1,::1",
                                   NULL};
  static const char *const xb[] = {"--totp-required-admins", "off",
                                   "--admin-allow", "10.9.9.0/24", NULL};
  (void)state;
  return start(&a, xa) || start(&b, xb) ? -1 : 0;
}

static int teardown(void **state)
{
  (void)state;
  tst_server_stop(&a);
  tst_server_stop(&b);
  return 0;
}

static void allow_list_through_a_trusted_proxy(void **state)
{
  char ck[160];
  (void)state;
  /* outside the list, or no client address given: the generic failure */
  assert_int_equal(login_via(&a, "sys1", PW_ADMIN, "6.6.6.6", NULL, 0), 401);
  assert_int_equal(login_via(&a, "sys1", PW_ADMIN, NULL, NULL, 0), 401);
  assert_int_equal(login_via(&a, "sys1", PW_ADMIN, "not-an-ip", NULL, 0), 401);
  /* left-most entries are the client's own claims: only the right-most
   * untrusted one counts */
  assert_int_equal(
      login_via(&a, "sys1", PW_ADMIN, "10.9.9.7, 6.6.6.6", NULL, 0), 401);
  /* more refusals than the lockout threshold: still not locked */
  for (int i = 0; i < 6; i++)
    assert_int_equal(login_via(&a, "sys1", PW_ADMIN, "6.6.6.6", NULL, 0), 401);
  assert_int_equal(
      login_via(&a, "sys1", PW_ADMIN, "6.6.6.6, 10.9.9.7", ck, sizeof ck), 200);
  assert_int_equal(
      login_via(&a, "sys1", PW_ADMIN, "192.0.2.1, 127.0.0.1", ck, sizeof ck),
      200);
  assert_non_null(strstr(ck, "luoshi_session="));
  /* the session works from an allowed address, not from another */
  assert_int_equal(me_via(&a, ck, "10.9.9.200", NULL), 200);
  assert_int_equal(me_via(&a, ck, "6.6.6.6", "auth.ip_denied"), 403);
  /* members are not restricted */
  assert_int_equal(login_via(&a, "mem1", PW_MEMBER, "6.6.6.6", NULL, 0), 200);
}

static void audit_names_the_client(void **state)
{
  char out[1024];
  FILE *f;
  char line[4096];
  int ok_row = 0, refused_row = 0;
  (void)state;
  /* read the audit table directly with the sqlite3 shell */
  snprintf(out, sizeof out,
           "sqlite3 '%s' \"SELECT action||'|'||result||'|'||ip||'|'||"
           "coalesce(detail,'') FROM audit_log WHERE username='sys1'\"",
           a.db);
  f = popen(out, "r");
  assert_non_null(f);
  while (fgets(line, sizeof line, f)) {
    if (strstr(line, "auth.login|ok|10.9.9.7|"))
      ok_row = 1;
    if (strstr(line, "|6.6.6.6|") && strstr(line, "白名单"))
      refused_row = 1;
  }
  assert_int_equal(pclose(f), 0);
  assert_true(ok_row);
  assert_true(refused_row);
}

static void forged_header_without_trusted_proxy(void **state)
{
  (void)state;
  /* server B trusts nobody: the peer 127.0.0.1 is the client */
  assert_int_equal(login_via(&b, "sys1", PW_ADMIN, "10.9.9.7", NULL, 0), 401);
  assert_int_equal(login_via(&b, "mem1", PW_MEMBER, "10.9.9.7", NULL, 0), 200);
}

static void bad_lists_refused_at_start(void **state)
{
  const char *args[] = {"serve",       "--db",        a.db,
                        "--listen",    "127.0.0.1:0", "--admin-allow",
                        "10.0.0.0/33", NULL};
  char path[320];
  FILE *f;
  char buf[512] = "";
  size_t n;
  (void)state;
  snprintf(path, sizeof path, "%s/bad.out", a.dir);
  assert_int_equal(tst_run(args, path), 2);
  f = fopen(path, "r");
  assert_non_null(f);
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  assert_non_null(strstr(buf, "admin_allow"));
  assert_non_null(strstr(buf, "10.0.0.0/33"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(allow_list_through_a_trusted_proxy),
      cmocka_unit_test(audit_names_the_client),
      cmocka_unit_test(forged_header_without_trusted_proxy),
      cmocka_unit_test(bad_lists_refused_at_start),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

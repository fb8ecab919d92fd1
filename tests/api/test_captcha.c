/*
 * test_captcha.c — the login CAPTCHA over real HTTP: after 3 failed logins
 * for a username the right password alone answers 401
 * auth.captcha_required; a wrong answer 401 auth.captcha_invalid and
 * spends the challenge (the right answer to a spent one is refused too);
 * a fresh challenge solved lets the right password in and clears the
 * count.  An unknown username behaves the same (no hint that it does not
 * exist).  GET /auth/captcha answers a PNG data URL, not cached, and its
 * test answer only because the test server runs with a test clock.
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

#define PW "Captcha#2026-right!"

static struct tst_server srv;

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "capuser", PW, "member", NULL, 0) != 0)
    return -1;
  return tst_server_start(&srv, extra);
}

static int teardown(void **state)
{
  (void)state;
  return tst_server_stop(&srv);
}

/* A challenge: copies its id and answer. */
static void challenge(char *id, size_t id_len, char *ans, size_t ans_len)
{
  int st;
  char buf[64];
  json_t *j = tst_j(srv.port, NULL, "GET", "/api/v1/auth/captcha", &st, NULL);
  assert_int_equal(st, 200);
  assert_non_null(tst_header(&tst_last, "Cache-Control", buf, sizeof buf));
  assert_string_equal(buf, "no-store");
  assert_true(
      !strncmp(tst_js(j, "image"), "data:image/png;base64,iVBORw0KGgo", 33));
  assert_int_equal(tst_ji(j, "expires_in"), 300);
  snprintf(id, id_len, "%s", tst_js(j, "id"));
  snprintf(ans, ans_len, "%s", tst_js(j, "test_answer"));
  assert_int_equal(strlen(id), 32);
  assert_int_equal(strlen(ans), 4);
  json_decref(j);
}

static json_t *login(const char *user, const char *pw, const char *cid,
                     const char *cans, int *st)
{
  if (!cid)
    return tst_j(srv.port, NULL, "POST", "/api/v1/auth/login", st,
                 "{\"username\":\"%s\",\"password\":\"%s\"}", user, pw);
  return tst_j(srv.port, NULL, "POST", "/api/v1/auth/login", st,
               "{\"username\":\"%s\",\"password\":\"%s\",\"captcha_id\":\"%s\","
               "\"captcha\":\"%s\"}",
               user, pw, cid, cans);
}

static void after_three_failures(void **state)
{
  char id[64], ans[8], wrong[8];
  int st;
  json_t *j;
  (void)state;
  for (int i = 0; i < 2; i++) {
    j = login("capuser", "wrong", NULL, NULL, &st);
    tst_expect_err(j, st, 401, "auth.failed", NULL);
  }
  /* two failures: no CAPTCHA yet */
  j = login("capuser", PW, NULL, NULL, &st);
  assert_int_equal(st, 200);
  json_decref(j);
  /* the success cleared the count: three more failures are needed */
  for (int i = 0; i < 3; i++) {
    j = login("capuser", "wrong", NULL, NULL, &st);
    tst_expect_err(j, st, 401, "auth.failed", NULL);
  }
  j = login("capuser", PW, NULL, NULL, &st);
  tst_expect_err(j, st, 401, "auth.captcha_required", "captcha");
  challenge(id, sizeof id, ans, sizeof ans);
  snprintf(wrong, sizeof wrong, "%c%s", ans[0] == '9' ? '0' : ans[0] + 1,
           ans + 1);
  j = login("capuser", PW, id, wrong, &st);
  tst_expect_err(j, st, 401, "auth.captcha_invalid", "captcha");
  j = login("capuser", PW, id, ans, &st); /* spent by the wrong answer */
  tst_expect_err(j, st, 401, "auth.captcha_invalid", "captcha");
  j = login("capuser", PW, "0123456789abcdef0123456789abcdef", ans, &st);
  tst_expect_err(j, st, 401, "auth.captcha_invalid", "captcha");
  challenge(id, sizeof id, ans, sizeof ans);
  j = login("capuser", PW, id, ans, &st);
  assert_int_equal(st, 200);
  json_decref(j);
  j = login("capuser", PW, NULL, NULL, &st);
  assert_int_equal(st, 200);
  json_decref(j);
}

static void unknown_user_alike(void **state)
{
  char id[64], ans[8];
  int st;
  json_t *j;
  (void)state;
  for (int i = 0; i < 3; i++) {
    j = login("nosuchuser", "whatever", NULL, NULL, &st);
    tst_expect_err(j, st, 401, "auth.failed", NULL);
  }
  j = login("nosuchuser", "whatever", NULL, NULL, &st);
  tst_expect_err(j, st, 401, "auth.captcha_required", "captcha");
  challenge(id, sizeof id, ans, sizeof ans);
  j = login("nosuchuser", "whatever", id, ans, &st);
  tst_expect_err(j, st, 401, "auth.failed", NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(after_three_failures),
      cmocka_unit_test(unknown_user_alike),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

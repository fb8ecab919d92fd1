/*
 * test_ratelimit.c — the request rate limits (SECURITY.md §2) over real
 * HTTP, with small limits so the test is quick: logins per client address
 * (--rate-login 3: the fourth login within the minute answers 429 with
 * Retry-After about 20, whatever the password), and API requests per account
 * (--rate-api 5, burst 5: the sixth request in a row answers 429
 * "rate.limited" with Retry-After 1; another account is unaffected; a
 * token is back after 200 ms), and exports per account and hour
 * (--rate-export 2: the third answers 429 "export.rate_limited").
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
#include <time.h>

#define PW_A "Rate#2026-limit-a!"
#define PW_B "Rate#2026-limit-b!"

static struct tst_server srv;

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins",
                                      "off",
                                      "--rate-api",
                                      "5",
                                      "--rate-api-burst",
                                      "5",
                                      "--rate-login",
                                      "3",
                                      "--rate-export",
                                      "2",
                                      NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "usera", PW_A, "member", NULL, 0) != 0 ||
      tst_user_add(srv.db, "userb", PW_B, "member", NULL, 0) != 0)
    return -1;
  return tst_server_start(&srv, extra);
}

static int teardown(void **state)
{
  (void)state;
  return tst_server_stop(&srv);
}

static void limits(void **state)
{
  struct tst_who a, b, c;
  char buf[32];
  int st;
  json_t *j;
  struct timespec ts = {0, 300 * 1000000L};
  (void)state;
  /* logins: three per minute from this address */
  assert_int_equal(tst_as(srv.port, "usera", PW_A, &a), 200);
  assert_int_equal(tst_as(srv.port, "userb", PW_B, &b), 200);
  assert_int_equal(tst_as(srv.port, "usera", "wrong-password", &c), 401);
  j = tst_j(srv.port, NULL, "POST", "/api/v1/auth/login", &st,
            "{\"username\":\"usera\",\"password\":\"%s\"}", PW_A);
  assert_non_null(tst_header(&tst_last, "Retry-After", buf, sizeof buf));
  /* 20 s for a token at 3 a minute, less the time the logins took */
  assert_in_range(atoi(buf), 15, 20);
  tst_expect_err(j, st, 429, "auth.rate_limited", NULL);
  /* API: a burst of five, then 429 with Retry-After */
  for (int i = 0; i < 5; i++) {
    j = tst_j(srv.port, &a, "GET", "/api/v1/auth/me", &st, NULL);
    assert_int_equal(st, 200);
    json_decref(j);
  }
  j = tst_j(srv.port, &a, "GET", "/api/v1/auth/me", &st, NULL);
  assert_non_null(tst_header(&tst_last, "Retry-After", buf, sizeof buf));
  assert_string_equal(buf, "1");
  tst_expect_err(j, st, 429, "rate.limited", NULL);
  /* the other account has its own bucket */
  j = tst_j(srv.port, &b, "GET", "/api/v1/auth/me", &st, NULL);
  assert_int_equal(st, 200);
  json_decref(j);
  /* exports: two an hour */
  for (int i = 0; i < 2; i++) {
    j = tst_j(srv.port, &b, "GET", "/api/v1/people?format=xlsx", &st, NULL);
    assert_int_equal(st, 200);
    json_decref(j);
  }
  j = tst_j(srv.port, &b, "GET", "/api/v1/people?format=xlsx", &st, NULL);
  tst_expect_err(j, st, 429, "export.rate_limited", NULL);
  /* 5 per second: a token is back after 200 ms */
  nanosleep(&ts, NULL);
  j = tst_j(srv.port, &a, "GET", "/api/v1/auth/me", &st, NULL);
  assert_int_equal(st, 200);
  json_decref(j);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(limits),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

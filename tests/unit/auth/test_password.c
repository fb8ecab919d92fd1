/*
 * test_password.c — domain/auth/password.c: one row per policy rule
 * (each broken exactly once, with its exact error code), long and Chinese
 * passwords accepted, argon2id round trip, wrong password, malformed and
 * out-of-range encodings, needs_rehash, the dummy verify's cost, the
 * concurrency gate, and 100 generated passwords.  Prints the time of one
 * hash and one verify.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/auth/password.h"

#include <argon2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* n characters cycling through all four classes, no repeats. */
static void cycle_pw(char *out, int n)
{
  static const char pat[] = "aB3$xY7#";
  for (int i = 0; i < n; i++)
    out[i] = pat[i % 8];
  out[n] = 0;
}

static void test_policy_table(void **state)
{
  static const struct auth_pw_policy user = AUTH_PW_POLICY_USER;
  static const struct auth_pw_policy admin = AUTH_PW_POLICY_ADMIN;
  char p129[130];
  const struct {
    const char *user, *pw;
    const struct auth_pw_policy *pol;
    const char *code; /* NULL = accepted */
  } v[] = {
      {"zhangsan",
       "Abc\xff"
       "12345!",
       &user, "password.invalid_utf8"},
      {"zhangsan",
       "Ab\xc0\xaf"
       "12345!",
       &user, "password.invalid_utf8"},
      {"zhangsan", "Abc\t12345!", &user, "password.control_char"},
      {"zhangsan", "Ab1!xyz", &user, "password.too_short"},
      {"zhangsan", "Ab1!xyz9", &user, NULL},
      {"zhangsan", "Ab1!xyz9", &admin, "password.too_short"},
      {"zhangsan", "Ab1!xyz9kLm#", &admin, NULL},
      {"zhangsan", p129, &user, "password.too_long"},
      {"zhangsan", "abcdefgh12", &user, "password.too_few_classes"},
      {"zhangsan", "ABCDEFGH!!", &user, "password.too_few_classes"},
      {"zhangsan", "落实落实工作要好", &user, "password.too_few_classes"},
      {"zhangsan", "Abcd1111!x", &user, "password.repeated_chars"},
      {"zhangsan", "好好好好Ab12", &user, "password.repeated_chars"},
      {"zhangsan", "Abc111!x1", &user, NULL}, /* a run of 3 is fine */
      {"Li.Ming2024", "li.ming2024", &user, "password.equals_username"},
      {"zhangsan", "Zhangsan#2024", &user, "password.contains_username"},
      {"zhangsan", "x#1ZHANGSAN", &user, "password.contains_username"},
      {"li", "Million$9", &user, NULL}, /* usernames under 3 chars */
      {NULL, "Zhangsan#2024", &user, NULL},
      {"", "Zhangsan#2024", &user, NULL},
      {"zhangsan", "P@ssw0rd", &user, "password.blocklisted"},
      {"zhangsan", "Dangjian@123", &user, "password.blocklisted"},
      {"zhangsan", "DANGJIAN@123", &user, "password.blocklisted"},
      {"zhangsan", "Admin@123", &user, "password.blocklisted"},
      {"zhangsan", "Abc@123456", &user, "password.blocklisted"},
      {"zhangsan", "Qwer1234!", &user, "password.blocklisted"},
      {"zhangsan", "luoshi@123", &user, "password.blocklisted"},
      {"zhangsan", "zhongguo@123", &user, "password.blocklisted"},
      {"zhangsan", "Aa123456", &user, "password.blocklisted"},
      {"zhangsan", "1qaz@WSX", &user, "password.blocklisted"},
      /* from the generated top-10k list (pwlist.inc), any case */
      {"zhangsan", "Baseball1", &user, "password.blocklisted"},
      {"zhangsan", "TrustNo1", &user, "password.blocklisted"},
      {"zhangsan", "Jennifer1", &user, "password.blocklisted"},
      {"zhangsan", "Football1", &user, "password.blocklisted"},
      /* Chinese characters count as symbols. */
      {"zhangsan", "落实党建Ab12", &user, NULL},
      {"zhangsan", "密码是落实2024ok", &user, NULL},
      {"zhangsan", "correct horse 7 battery", &user, NULL},
  };
  (void)state;
  cycle_pw(p129, 129);
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    struct lx_err err;
    int rc;
    err_clear(&err);
    rc = auth_password_check(v[i].user, v[i].pw, v[i].pol, &err);
    if (!v[i].code) {
      if (rc != LX_OK)
        fail_msg("row %zu (%s): expected OK, got %s", i, v[i].pw, err.code);
      continue;
    }
    if (rc != LX_EINVAL || strcmp(err.code, v[i].code) != 0)
      fail_msg("row %zu (%s): expected %s, got rc %d code '%s'", i, v[i].pw,
               v[i].code, rc, err.code);
    assert_int_equal(err.rc, LX_EINVAL);
    assert_string_equal(err.field, "new_password");
    assert_true(strlen(err.message) > 0);
  }
}

static void test_policy_lengths(void **state)
{
  char pw[200];
  struct lx_err err;
  (void)state;
  cycle_pw(pw, 64);
  assert_int_equal(auth_password_check("zhangsan", pw, NULL, &err), LX_OK);
  cycle_pw(pw, 128);
  assert_int_equal(auth_password_check("zhangsan", pw, NULL, &err), LX_OK);
  cycle_pw(pw, 129);
  assert_int_equal(auth_password_check("zhangsan", pw, NULL, &err), LX_EINVAL);
  assert_string_equal(err.code, "password.too_long");
  /* Length counts characters, not bytes: 40 Chinese characters plus "A1"
   * are 42 characters (122 bytes) and pass; 130 of them (390 bytes, under
   * the 4-bytes-per-character cut-off) are too long. */
  {
    char cn[600] = "";
    for (int i = 0; i < 40; i++)
      strcat(cn, i % 2 ? "落" : "实");
    strcat(cn, "A1");
    assert_int_equal(auth_password_check("zhangsan", cn, NULL, &err), LX_OK);
    cn[0] = 0;
    for (int i = 0; i < 130; i++)
      strcat(cn, i % 2 ? "落" : "实");
    strcat(cn, "A1");
    assert_int_equal(auth_password_check("zhangsan", cn, NULL, &err),
                     LX_EINVAL);
    assert_string_equal(err.code, "password.too_long");
    /* 6 characters but 18 bytes: still too short. */
    assert_int_equal(auth_password_check("zhangsan", "落实A1b!", NULL, &err),
                     LX_EINVAL);
    assert_string_equal(err.code, "password.too_short");
  }
  /* NULL err is allowed. */
  assert_int_equal(auth_password_check("zhangsan", "short", NULL, NULL),
                   LX_EINVAL);
}

static void test_hash_verify(void **state)
{
  char enc[AUTH_PW_HASH_SIZE];
  double t0, t_hash, t_verify;
  (void)state;
  t0 = now_ms();
  assert_int_equal(auth_password_hash("Correct-Horse-7", enc, sizeof enc),
                   LX_OK);
  t_hash = now_ms() - t0;
  assert_int_equal(strncmp(enc, "$argon2id$v=19$m=19456,t=2,p=1$", 31), 0);
  t0 = now_ms();
  assert_int_equal(auth_password_verify(enc, "Correct-Horse-7"), LX_OK);
  t_verify = now_ms() - t0;
  print_message("argon2id hash %.1f ms, verify %.1f ms\n", t_hash, t_verify);
  assert_int_equal(auth_password_verify(enc, "Correct-Horse-8"), LX_EUNAUTH);
  assert_int_equal(auth_password_verify(enc, ""), LX_EUNAUTH);
  assert_false(auth_password_needs_rehash(enc));
  /* Two hashes of one password differ (random salt) and both verify. */
  {
    char enc2[AUTH_PW_HASH_SIZE];
    assert_int_equal(auth_password_hash("Correct-Horse-7", enc2, sizeof enc2),
                     LX_OK);
    assert_string_not_equal(enc, enc2);
    assert_int_equal(auth_password_verify(enc2, "Correct-Horse-7"), LX_OK);
  }
  /* Chinese passwords hash as UTF-8 bytes. */
  assert_int_equal(auth_password_hash("落实党建Ab12", enc, sizeof enc), LX_OK);
  assert_int_equal(auth_password_verify(enc, "落实党建Ab12"), LX_OK);
  assert_int_equal(auth_password_verify(enc, "落实党建AB12"), LX_EUNAUTH);
  /* Too small an output buffer. */
  assert_int_equal(auth_password_hash("x", enc, 40), LX_ETOOBIG);
  assert_string_equal(enc, "");
}

static void test_malformed(void **state)
{
  static const char *const bad[] = {
      "",
      "garbage",
      "$argon2id$",
      "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
      "6Qxg/1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
      "6Qxg/1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA",
      "$argon2id$v=19$m=19456,t=2,p=1$$6Qxg/"
      "1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      "$argon2id$v=19$m=19456,t=2,p=1$!!!$6Qxg/"
      "1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      "$argon2id$v=19$m=19456,t=2$c2FsdHNhbHRzYWx0c2FsdA$"
      "6Qxg/1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      "$argon2id$v=19$m=019456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
      "6Qxg/1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      /* cost parameters a tampered row could use to exhaust memory/CPU */
      "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
      "6Qxg/1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      "$argon2id$v=19$m=19456,t=1000,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
      "6Qxg/1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      "$argon2id$v=19$m=19456,t=2,p=99$c2FsdHNhbHRzYWx0c2FsdA$"
      "6Qxg/1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      "$argon2id$v=19$m=19456,t=2,p=0$c2FsdHNhbHRzYWx0c2FsdA$"
      "6Qxg/1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      "$argon2id$v=19$m=99999999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
      "6Qxg/1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
      /* salt shorter than argon2's 8-byte minimum */
      "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$"
      "6Qxg/1DBTiCAb4A3p5xBYpN59ZGcWyREnHxQnqfoNZ4",
  };
  (void)state;
  for (size_t i = 0; i < LX_COUNT(bad); i++) {
    int rc = auth_password_verify(bad[i], "whatever");
    if (rc != LX_EINVAL)
      fail_msg("row %zu: expected EINVAL, got %d for %s", i, rc, bad[i]);
    assert_true(auth_password_needs_rehash(bad[i]) ||
                strstr(bad[i], "t=1000") || strstr(bad[i], "p=99") ||
                strstr(bad[i], "m=4194304") || strstr(bad[i], "m=999"));
  }
  assert_true(auth_password_needs_rehash(NULL));
  assert_int_equal(auth_password_verify(NULL, "whatever"), LX_EINVAL);
}

static void test_needs_rehash(void **state)
{
  static const uint8_t salt[16] = "0123456789abcdef";
  char enc[AUTH_PW_HASH_SIZE];
  (void)state;
  /* Weaker than current: t=1, m=8192. */
  assert_int_equal(
      argon2id_hash_encoded(1, 8192, 1, "pw", 2, salt, 16, 32, enc, sizeof enc),
      ARGON2_OK);
  assert_true(auth_password_needs_rehash(enc));
  assert_int_equal(auth_password_verify(enc, "pw"), LX_OK);
  /* Only m lower. */
  assert_int_equal(argon2id_hash_encoded(2, 16384, 1, "pw", 2, salt, 16, 32,
                                         enc, sizeof enc),
                   ARGON2_OK);
  assert_true(auth_password_needs_rehash(enc));
  /* Shorter hash output. */
  assert_int_equal(argon2id_hash_encoded(2, 19456, 1, "pw", 2, salt, 16, 16,
                                         enc, sizeof enc),
                   ARGON2_OK);
  assert_true(auth_password_needs_rehash(enc));
  /* Current parameters. */
  assert_int_equal(argon2id_hash_encoded(2, 19456, 1, "pw", 2, salt, 16, 32,
                                         enc, sizeof enc),
                   ARGON2_OK);
  assert_false(auth_password_needs_rehash(enc));
  /* Stronger ones do not need a rehash. */
  assert_int_equal(argon2id_hash_encoded(3, 19456, 1, "pw", 2, salt, 16, 32,
                                         enc, sizeof enc),
                   ARGON2_OK);
  assert_false(auth_password_needs_rehash(enc));
  /* argon2i is another algorithm. */
  assert_int_equal(
      argon2i_hash_encoded(2, 19456, 1, "pw", 2, salt, 16, 32, enc, sizeof enc),
      ARGON2_OK);
  assert_true(auth_password_needs_rehash(enc));
  assert_int_equal(auth_password_verify(enc, "pw"), LX_EINVAL);
}

static void test_dummy_verify_cost(void **state)
{
  char enc[AUTH_PW_HASH_SIZE];
  double t0, t, t_real = 1e9, t_dummy = 1e9;
  (void)state;
  assert_int_equal(auth_password_hash("Correct-Horse-7", enc, sizeof enc),
                   LX_OK);
  auth_password_dummy_verify("warm-up"); /* makes the dummy hash */
  /* The fastest of 5 runs each, which is robust to a busy machine. */
  for (int i = 0; i < 5; i++) {
    t0 = now_ms();
    assert_int_equal(auth_password_verify(enc, "Wrong-Horse-7"), LX_EUNAUTH);
    t = now_ms() - t0;
    t_real = t < t_real ? t : t_real;
    t0 = now_ms();
    auth_password_dummy_verify("Wrong-Horse-7");
    t = now_ms() - t0;
    t_dummy = t < t_dummy ? t : t_dummy;
  }
  print_message("verify %.1f ms, dummy verify %.1f ms (fastest of 5)\n", t_real,
                t_dummy);
  /* Same parameters, so the same work; the margin covers noise. */
  assert_true(t_dummy > t_real * 0.5 && t_dummy < t_real * 2.0);
}

static atomic_int n_finished;

struct worker {
  const char *enc;
  int rc;
};

static void *verify_worker(void *arg)
{
  struct worker *w = arg;
  for (int i = 0; i < 3 && w->rc == LX_OK; i++)
    w->rc = auth_password_verify(w->enc, "Correct-Horse-7");
  atomic_fetch_add(&n_finished, 1);
  return NULL;
}

/* Runs 3 threads doing 3 verifies each under limit while this thread
 * samples auth_password_stats; reports the most seen running and
 * waiting at once. */
static void run_three(const char *enc, int limit, int *max_running,
                      int *max_waiting)
{
  pthread_t th[3];
  struct worker w[3];
  *max_running = *max_waiting = 0;
  atomic_store(&n_finished, 0);
  assert_int_equal(auth_password_init(limit), LX_OK);
  for (int i = 0; i < 3; i++) {
    w[i].enc = enc;
    w[i].rc = LX_OK;
    assert_int_equal(pthread_create(&th[i], NULL, verify_worker, &w[i]), 0);
  }
  while (atomic_load(&n_finished) < 3) {
    struct timespec pause = {0, 200000};
    int running, waiting;
    auth_password_stats(&running, &waiting);
    if (running > *max_running)
      *max_running = running;
    if (waiting > *max_waiting)
      *max_waiting = waiting;
    nanosleep(&pause, NULL);
  }
  for (int i = 0; i < 3; i++) {
    assert_int_equal(pthread_join(th[i], NULL), 0);
    assert_int_equal(w[i].rc, LX_OK);
  }
  auth_password_shutdown();
}

static void test_concurrency_gate(void **state)
{
  char enc[AUTH_PW_HASH_SIZE];
  int max_running, max_waiting, running, waiting;
  (void)state;
  assert_int_equal(auth_password_init(2000), LX_EINVAL);
  assert_int_equal(auth_password_hash("Correct-Horse-7", enc, sizeof enc),
                   LX_OK);
  run_three(enc, 1, &max_running, &max_waiting);
  print_message("limit 1: at most %d running, %d waiting\n", max_running,
                max_waiting);
  assert_int_equal(max_running, 1);
  assert_true(max_waiting >= 1);
  run_three(enc, 2, &max_running, &max_waiting);
  print_message("limit 2: at most %d running, %d waiting\n", max_running,
                max_waiting);
  assert_in_range(max_running, 1, 2);
  auth_password_stats(&running, &waiting);
  assert_int_equal(running, 0);
  assert_int_equal(waiting, 0);
  assert_int_equal(auth_password_init(0), LX_OK);
  assert_int_equal(auth_password_verify(enc, "Correct-Horse-7"), LX_OK);
  auth_password_shutdown();
}

static void test_generate(void **state)
{
  static const struct auth_pw_policy admin = AUTH_PW_POLICY_ADMIN;
  char pw[AUTH_PW_GEN_SIZE], prev[AUTH_PW_GEN_SIZE] = "";
  (void)state;
  for (int i = 0; i < 100; i++) {
    struct lx_err err;
    assert_int_equal(auth_password_generate(pw, sizeof pw), LX_OK);
    assert_int_equal(strlen(pw), AUTH_PW_GEN_LEN);
    assert_null(strpbrk(pw, "0O1lI"));
    if (auth_password_check("zhangsan", pw, &admin, &err) != LX_OK)
      fail_msg("generated '%s' fails %s", pw, err.code);
    assert_string_not_equal(pw, prev);
    memcpy(prev, pw, sizeof pw);
  }
  assert_int_equal(auth_password_generate(pw, AUTH_PW_GEN_SIZE - 1),
                   LX_ETOOBIG);
  assert_string_equal(pw, "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_policy_table),
      cmocka_unit_test(test_policy_lengths),
      cmocka_unit_test(test_hash_verify),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_needs_rehash),
      cmocka_unit_test(test_dummy_verify_cost),
      cmocka_unit_test(test_concurrency_gate),
      cmocka_unit_test(test_generate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

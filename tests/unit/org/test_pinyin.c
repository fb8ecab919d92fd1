/*
 * test_pinyin.c — domain/org/pinyin.c: names to full pinyin and initials
 * (plain, person-name readings, mixed ASCII/digits, full-width digits,
 * punctuation), error cases, the search matcher, use from several threads
 * at once, and the cost of one conversion (printed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/org/pinyin.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int setup(void **state)
{
  (void)state;
  return org_pinyin_init() == LX_OK ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  org_pinyin_shutdown();
  return 0;
}

static void test_names(void **state)
{
  static const struct {
    const char *in;
    enum org_pinyin_kind kind;
    const char *full, *ini;
  } v[] = {
      {"张伟", ORG_PINYIN_PERSON, "zhangwei", "zw"},
      {"李小明", ORG_PINYIN_PERSON, "lixiaoming", "lxm"},
      {"欧阳娜娜", ORG_PINYIN_PERSON, "ouyangnana", "oynn"},
      {"单田芳", ORG_PINYIN_PERSON, "shantianfang", "stf"},
      {"曾国藩", ORG_PINYIN_PERSON, "zengguofan", "zgf"},
      {"单田芳", ORG_PINYIN_GENERAL, "dantianfang", "dtf"},
      {"张 伟", ORG_PINYIN_PERSON, "zhangwei", "zw"},
      {"王2号", ORG_PINYIN_GENERAL, "wang2hao", "w2h"},
      {"第３网格", ORG_PINYIN_GENERAL, "di3wangge", "d3wg"},
      {"第12网格", ORG_PINYIN_GENERAL, "di12wangge", "d12wg"},
      {"ABC公司", ORG_PINYIN_GENERAL, "abcgongsi", "abcgs"},
      {"西安市", ORG_PINYIN_GENERAL, "xianshi", "xas"},
      {"阿卜杜·热西提", ORG_PINYIN_PERSON, "abodurexiti", "abdrxt"},
      {"城关镇（街道）", ORG_PINYIN_GENERAL, "chengguanzhenjiedao", "cgzjd"},
      {"Tom", ORG_PINYIN_PERSON, "tom", "tom"},
      {"", ORG_PINYIN_PERSON, "", ""},
      {"😀", ORG_PINYIN_PERSON, "", ""},
  };
  char full[128], ini[64];
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    int rc = org_pinyin_convert(v[i].in, v[i].kind, full, sizeof full, ini,
                                sizeof ini);
    if (rc != LX_OK || strcmp(full, v[i].full) || strcmp(ini, v[i].ini))
      fail_msg("'%s': rc %d, got '%s'/'%s', want '%s'/'%s'", v[i].in, rc, full,
               ini, v[i].full, v[i].ini);
  }
}

static void test_errors(void **state)
{
  char full[128], ini[64], big[ORG_PINYIN_MAX_INPUT + 10];
  (void)state;
  assert_int_equal(org_pinyin_convert("张\xff伟", ORG_PINYIN_PERSON, full,
                                      sizeof full, ini, sizeof ini),
                   LX_EINVAL);
  assert_string_equal(full, "");
  assert_string_equal(ini, "");
  /* "zhangwei" needs 9 bytes. */
  assert_int_equal(
      org_pinyin_convert("张伟", ORG_PINYIN_PERSON, full, 8, ini, sizeof ini),
      LX_ETOOBIG);
  assert_string_equal(full, "");
  assert_int_equal(
      org_pinyin_convert("张伟", ORG_PINYIN_PERSON, full, 9, ini, 3), LX_OK);
  assert_string_equal(full, "zhangwei");
  assert_string_equal(ini, "zw");
  assert_int_equal(
      org_pinyin_convert("张伟", ORG_PINYIN_PERSON, full, 9, ini, 2),
      LX_ETOOBIG);
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = 0;
  assert_int_equal(org_pinyin_convert(big, ORG_PINYIN_GENERAL, full,
                                      sizeof full, ini, sizeof ini),
                   LX_ETOOBIG);
  /* The longest input made of Chinese characters fits the run buffer. */
  big[0] = 0;
  for (int i = 0; i < ORG_PINYIN_MAX_INPUT / 3; i++)
    strcat(big, "庄");
  {
    static char f2[4096], i2[1024];
    assert_int_equal(org_pinyin_convert(big, ORG_PINYIN_GENERAL, f2, sizeof f2,
                                        i2, sizeof i2),
                     LX_OK);
    assert_int_equal(strlen(f2), 6 * (ORG_PINYIN_MAX_INPUT / 3)); /* zhuang */
    assert_int_equal(strlen(i2), ORG_PINYIN_MAX_INPUT / 3);
  }
}

static void test_match(void **state)
{
  (void)state;
  assert_true(org_pinyin_match("zhangwei", "zw", "zw"));
  assert_true(org_pinyin_match("zhangwei", "zw", "zhang"));
  assert_true(org_pinyin_match("zhangwei", "zw", "wei"));
  assert_true(org_pinyin_match("zhangwei", "zw", "ZW"));
  assert_true(org_pinyin_match("zhangwei", "zw", "zhangwei"));
  assert_true(org_pinyin_match("zhangwei", "zw", ""));
  assert_true(org_pinyin_match("lixiaoming", "lxm", "xm"));
  assert_false(org_pinyin_match("zhangwei", "zw", "zx"));
  assert_false(org_pinyin_match("zhangwei", "zw", "zhangweii"));
  assert_false(org_pinyin_match(NULL, NULL, "z"));
  assert_true(org_pinyin_match(NULL, "zw", "z"));
}

struct worker {
  int bad;
};

static void *convert_worker(void *arg)
{
  struct worker *w = arg;
  char full[64], ini[16];
  for (int i = 0; i < 300; i++) {
    const char *in = i % 2 ? "李小明" : "张伟";
    const char *want = i % 2 ? "lixiaoming" : "zhangwei";
    if (org_pinyin_convert(in, ORG_PINYIN_PERSON, full, sizeof full, ini,
                           sizeof ini) != LX_OK ||
        strcmp(full, want) != 0)
      w->bad++;
  }
  return NULL;
}

static void test_threads(void **state)
{
  pthread_t th[4];
  struct worker w[4];
  (void)state;
  for (int i = 0; i < 4; i++) {
    w[i].bad = 0;
    assert_int_equal(pthread_create(&th[i], NULL, convert_worker, &w[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    assert_int_equal(pthread_join(th[i], NULL), 0);
    assert_int_equal(w[i].bad, 0);
  }
}

static void test_timing(void **state)
{
  char full[64], ini[16];
  struct timespec a, b;
  const int n = 5000;
  double us;
  (void)state;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < n; i++)
    assert_int_equal(org_pinyin_convert("李小明", ORG_PINYIN_PERSON, full,
                                        sizeof full, ini, sizeof ini),
                     LX_OK);
  clock_gettime(CLOCK_MONOTONIC, &b);
  us = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / n;
  print_message("org_pinyin_convert(李小明): %.1f us per call\n", us);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_names),  cmocka_unit_test(test_errors),
      cmocka_unit_test(test_match),  cmocka_unit_test(test_threads),
      cmocka_unit_test(test_timing),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

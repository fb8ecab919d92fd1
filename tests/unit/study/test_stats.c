/*
 * test_stats.c — the period rules of the study statistics
 * (study_stats_period_parse): the default is the month of today (December
 * and a leap February included), both ends are included and become the
 * instants [from 00:00, to+1 00:00) in the local offset, at most 366
 * days, and every bad input names its field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/timeutil.h"
#include "domain/study/stats.h"

#include <string.h>

static int32_t day(const char *ymd)
{
  int32_t d = 0;
  assert_true(time_parse_date(ymd, &d));
  return d;
}

static void default_month(void **state)
{
  struct study_stats_period p;
  struct lx_err e;
  (void)state;
  assert_int_equal(
      study_stats_period_parse(NULL, NULL, day("2026-11-27"), 480, &p, &e),
      LX_OK);
  assert_string_equal(p.from, "2026-11-01");
  assert_string_equal(p.to, "2026-11-30");
  assert_int_equal(
      study_stats_period_parse("", "", day("2026-12-31"), 480, &p, &e), LX_OK);
  assert_string_equal(p.from, "2026-12-01");
  assert_string_equal(p.to, "2026-12-31");
  assert_int_equal(
      study_stats_period_parse(NULL, NULL, day("2028-02-10"), 480, &p, &e),
      LX_OK);
  assert_string_equal(p.to, "2028-02-29");
}

static void instants(void **state)
{
  struct study_stats_period p;
  struct lx_err e;
  (void)state;
  assert_int_equal(
      study_stats_period_parse("2026-03-01", "2026-03-01", 0, 480, &p, &e),
      LX_OK);
  /* 2026-03-01T00:00+08:00 = 2026-02-28T16:00Z */
  assert_int_equal(p.from_ms, 1772294400000LL);
  assert_int_equal(p.to_ms - p.from_ms, 86400000LL);
  assert_int_equal(p.to_day, p.from_day);
  /* 366 days are allowed, 367 are not */
  assert_int_equal(
      study_stats_period_parse("2024-01-01", "2024-12-31", 0, 480, &p, &e),
      LX_OK);
  assert_int_equal(
      study_stats_period_parse("2024-01-01", "2025-01-01", 0, 480, &p, &e),
      LX_EINVAL);
  assert_string_equal(e.field, "to");
}

static void bad_input(void **state)
{
  static const struct {
    const char *from, *to, *field, *code;
  } cases[] = {
      {"2026-02-29", "2026-03-01", "from", "field.date"},
      {"2026-3-1", "2026-03-05", "from", "field.date"},
      {"2026-03-01", "x", "to", "field.date"},
      {"2026-03-05", "2026-03-04", "to", "stats.period_order"},
      {"2026-03-05", NULL, "to", "stats.period_half"},
      {NULL, "2026-03-05", "from", "stats.period_half"},
      {"2026-03-01'", "2026-03-05", "from", "field.date"},
  };
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct study_stats_period p;
    struct lx_err e;
    memset(&e, 0, sizeof e);
    assert_int_equal(study_stats_period_parse(cases[i].from, cases[i].to,
                                              day("2026-11-27"), 480, &p, &e),
                     LX_EINVAL);
    assert_string_equal(e.field, cases[i].field);
    assert_string_equal(e.code, cases[i].code);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(default_month),
      cmocka_unit_test(instants),
      cmocka_unit_test(bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

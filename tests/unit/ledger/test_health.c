/*
 * test_health.c — domain/ledger/health.c: a table of items at every
 * boundary (warn/lag gaps exactly at and one past the thresholds, due in
 * warn_days and warn_days+1, the due day itself, the day after), states,
 * missing dates, clamped progress, working-day mode across 国庆节, and the
 * threshold checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timeutil.h"
#include "domain/ledger/health.h"
#include "domain/ledger/settings.h"

#include <string.h>

#define N LEDGER_HEALTH_NORMAL
#define W LEDGER_HEALTH_WARNING
#define L LEDGER_HEALTH_LAGGING
#define O LEDGER_HEALTH_OVERDUE
#define F LEDGER_HEALTH_DONE
#define X LEDGER_HEALTH_NONE
#define NO LEDGER_NO_DATE

static void test_table(void **state)
{
  const int32_t d0 = time_days_from_civil(2026, 1, 1);
  /* start, due, today as offsets from d0 (NO = none) */
  static const struct {
    enum ledger_state st;
    int32_t start, due, today;
    int progress;
    enum ledger_health want;
    int days_left, elapsed;
  } v[] = {
      /* 100-day item, half the time gone */
      {LEDGER_IN_PROGRESS, 0, 100, 50, 40, N, 50, 50},
      {LEDGER_IN_PROGRESS, 0, 100, 50, 39, W, 50, 50}, /* 11 behind */
      {LEDGER_IN_PROGRESS, 0, 100, 50, 30, W, 50, 50}, /* 20: not > 20 */
      {LEDGER_IN_PROGRESS, 0, 100, 50, 29, L, 50, 50}, /* 21 behind */
      {LEDGER_IN_PROGRESS, 0, 100, 50, 0, L, 50, 50},
      {LEDGER_SIGNED, 0, 100, 50, 0, L, 50, 50},
      {LEDGER_ISSUED, 0, 100, 50, 0, L, 50, 50},
      /* due soon: 7 days left warns, 8 does not */
      {LEDGER_IN_PROGRESS, 0, 100, 93, 90, W, 7, 93},
      {LEDGER_IN_PROGRESS, 0, 100, 92, 90, N, 8, 92},
      {LEDGER_IN_PROGRESS, 0, 100, 93, 100, N, 7, 93},
      {LEDGER_IN_PROGRESS, 0, 100, 100, 99, W, 0, 100}, /* the due day */
      {LEDGER_IN_PROGRESS, 0, 100, 100, 100, N, 0, 100},
      {LEDGER_IN_PROGRESS, 0, 100, 100, 79, L, 0, 100},
      /* overdue from the day after, whatever the progress */
      {LEDGER_IN_PROGRESS, 0, 100, 101, 100, O, -1, -1},
      {LEDGER_SIGNED, 0, 100, 200, 0, O, -100, -1},
      /* done and not judged */
      {LEDGER_CLOSURE_REQUESTED, 0, 100, 200, 50, F, 0, -1},
      {LEDGER_CLOSED, 0, 100, 200, 50, F, 0, -1},
      {LEDGER_DRAFT, 0, 100, 200, 0, X, 0, -1},
      {LEDGER_CANCELLED, 0, 100, 200, 0, X, 0, -1},
      /* a third of 30 days gone: 33.33 % elapsed */
      {LEDGER_IN_PROGRESS, 0, 30, 10, 13, L, 20, 33}, /* 20.33 behind */
      {LEDGER_IN_PROGRESS, 0, 30, 10, 14, W, 20, 33}, /* 19.33 */
      {LEDGER_IN_PROGRESS, 0, 30, 10, 23, W, 20, 33}, /* 10.33 */
      {LEDGER_IN_PROGRESS, 0, 30, 10, 24, N, 20, 33}, /* 9.33 */
      /* not started yet; start after today */
      {LEDGER_ISSUED, 10, 100, 5, 0, N, 95, 0},
      {LEDGER_ISSUED, 0, 100, 0, 0, N, 100, 0},
      /* missing dates */
      {LEDGER_IN_PROGRESS, 0, NO, 50, 0, N, 0, -1},
      {LEDGER_IN_PROGRESS, NO, 100, 97, 0, W, 3, -1},
      {LEDGER_IN_PROGRESS, NO, 100, 50, 0, N, 50, -1},
      /* one-day item (start == due) and start after due */
      {LEDGER_IN_PROGRESS, 100, 100, 100, 0, W, 0, -1},
      {LEDGER_IN_PROGRESS, 120, 100, 50, 0, N, 50, -1},
      /* progress outside 0..100 is clamped */
      {LEDGER_IN_PROGRESS, 0, 100, 50, -5, L, 50, 50},
      {LEDGER_IN_PROGRESS, 0, 100, 99, 150, N, 1, 99},
  };
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    struct ledger_health_in in = {
        v[i].st, v[i].start == NO ? NO : d0 + v[i].start,
        v[i].due == NO ? NO : d0 + v[i].due, d0 + v[i].today, v[i].progress};
    struct ledger_health_out out;
    ledger_health_eval(&in, NULL, NULL, &out);
    if (out.health != v[i].want)
      fail_msg("case %zu: got %s want %s", i, ledger_health_code(out.health),
               ledger_health_code(v[i].want));
    if (v[i].want != F && v[i].want != X && out.days_left != v[i].days_left)
      fail_msg("case %zu: days_left %d want %d", i, out.days_left,
               v[i].days_left);
    if (out.elapsed_pct != v[i].elapsed)
      fail_msg("case %zu: elapsed %d want %d", i, out.elapsed_pct,
               v[i].elapsed);
  }
}

static void test_custom_rules(void **state)
{
  const int32_t d0 = time_days_from_civil(2026, 3, 1);
  struct ledger_health_rules r = {3, 0, 5, 0};
  struct ledger_health_in in = {LEDGER_IN_PROGRESS, d0, d0 + 100, d0 + 50, 50};
  struct ledger_health_out out;
  (void)state;
  ledger_health_eval(&in, &r, NULL, &out);
  assert_int_equal(out.health, N); /* exactly on time */
  in.progress = 49;                /* 1 behind > warn 0 */
  ledger_health_eval(&in, &r, NULL, &out);
  assert_int_equal(out.health, W);
  in.progress = 44; /* 6 behind > lag 5 */
  ledger_health_eval(&in, &r, NULL, &out);
  assert_int_equal(out.health, L);
  in.progress = 100;
  in.today = d0 + 97; /* 3 days left */
  ledger_health_eval(&in, &r, NULL, &out);
  assert_int_equal(out.health, N); /* done work is not warned */
  in.progress = 97;
  ledger_health_eval(&in, &r, NULL, &out);
  assert_int_equal(out.health, W);
  in.today = d0 + 96;
  ledger_health_eval(&in, &r, NULL, &out);
  assert_int_equal(out.health, N);
}

static void test_working_days(void **state)
{
  struct ledger_cal cal;
  struct lx_err e;
  struct ledger_health_rules cd = {3, 10, 20, 0}, wd = {3, 10, 20, 1};
  struct ledger_health_in in;
  struct ledger_health_out out;
  (void)state;
  ledger_cal_init(&cal);
  assert_int_equal(ledger_cal_load_default(&cal, &e), LX_OK);
  /* 2026-09-21 → 2026-10-12: 21 calendar days, 10 working days.  On the
   * holiday 10-07, 16/21 = 76 % of the days but 6/10 = 60 % of the working
   * days have gone. */
  in.state = LEDGER_IN_PROGRESS;
  in.start = time_days_from_civil(2026, 9, 21);
  in.due = time_days_from_civil(2026, 10, 12);
  in.today = time_days_from_civil(2026, 10, 7);
  in.progress = 55;
  ledger_health_eval(&in, &cd, &cal, &out);
  assert_int_equal(out.health, L);
  assert_int_equal(out.elapsed_pct, 76);
  assert_int_equal(out.days_left, 5);
  ledger_health_eval(&in, &wd, &cal, &out);
  assert_int_equal(out.health, N);
  assert_int_equal(out.elapsed_pct, 60);
  assert_int_equal(out.days_left, 4); /* 10-08, 09, 10 (Sat), 12 */
  in.progress = 49;                   /* 11 behind in working days */
  ledger_health_eval(&in, &wd, &cal, &out);
  assert_int_equal(out.health, W);
  /* due soon only in working days: 09-30 → 10-08 is 8 days but 1 working */
  in.start = NO;
  in.due = time_days_from_civil(2026, 10, 8);
  in.today = time_days_from_civil(2026, 9, 30);
  in.progress = 90;
  ledger_health_eval(&in, &cd, &cal, &out);
  assert_int_equal(out.health, N);
  assert_int_equal(out.days_left, 8);
  ledger_health_eval(&in, &wd, &cal, &out);
  assert_int_equal(out.health, W);
  assert_int_equal(out.days_left, 1);
  /* a calendar-less working-day count is Monday–Friday */
  ledger_health_eval(&in, &wd, NULL, &out);
  assert_int_equal(out.days_left, 6);
  ledger_cal_reset(&cal);
}

static void test_rules_and_names(void **state)
{
  static const struct ledger_health_rules bad[] = {
      {-1, 10, 20, 0}, {366, 10, 20, 0}, {7, -1, 20, 0},
      {7, 30, 20, 0},  {7, 10, 101, 0},
  };
  static const char *const codes[] = {"none",    "normal",  "warning",
                                      "lagging", "overdue", "done"};
  static const char *const labels[] = {"无",   "正常", "预警",
                                       "滞后", "逾期", "已完成"};
  struct ledger_health_rules r;
  struct lx_err e;
  (void)state;
  ledger_health_rules_default(&r);
  assert_int_equal(r.warn_days, 7);
  assert_int_equal(r.warn_gap_pct, 10);
  assert_int_equal(r.lag_gap_pct, 20);
  assert_int_equal(ledger_health_rules_check(&r, &e), LX_OK);
  for (size_t i = 0; i < LX_COUNT(bad); i++) {
    assert_int_equal(ledger_health_rules_check(&bad[i], &e), LX_EINVAL);
    assert_string_equal(e.code, "ledger.health_rules");
  }
  for (int i = 0; i < LEDGER_HEALTH_COUNT; i++) {
    assert_string_equal(ledger_health_code(i), codes[i]);
    assert_string_equal(ledger_health_label(i), labels[i]);
  }
  assert_string_equal(ledger_health_code(LEDGER_HEALTH_COUNT), "");
  assert_string_equal(ledger_health_label(-1), "");
}

/* The stored settings as health rules, in both count modes across 春节
 * (with its two make-up Saturdays) and 国庆节. */
static void test_settings_modes(void **state)
{
  struct ledger_cal cal;
  struct lx_err e;
  struct ledger_settings set;
  struct ledger_health_rules r;
  struct ledger_health_in in;
  struct ledger_health_out out;
  (void)state;
  ledger_cal_init(&cal);
  assert_int_equal(ledger_cal_load_default(&cal, &e), LX_OK);
  ledger_settings_default(&set);
  ledger_settings_rules(&set, &r);
  assert_int_equal(r.warn_days, 7);
  assert_int_equal(r.warn_gap_pct, 10);
  assert_int_equal(r.lag_gap_pct, 20);
  assert_int_equal(r.working_days, 0);
  /* 02-09 → 03-06, today 02-24: 15 of 25 days (60 %) but 6 of 15 working
   * days (40 %: 02-10..13, the make-up 02-14, 02-24) */
  in.state = LEDGER_IN_PROGRESS;
  in.start = time_days_from_civil(2026, 2, 9);
  in.due = time_days_from_civil(2026, 3, 6);
  in.today = time_days_from_civil(2026, 2, 24);
  in.progress = 40;
  ledger_health_eval(&in, &r, &cal, &out);
  assert_int_equal(out.elapsed_pct, 60);
  assert_int_equal(out.days_left, 10);
  assert_int_equal(out.health, W); /* 20 behind: not > 20, but > 10 */
  set.count_mode = LEDGER_COUNT_WORKING;
  ledger_settings_rules(&set, &r);
  ledger_health_eval(&in, &r, &cal, &out);
  assert_int_equal(out.elapsed_pct, 40);
  assert_int_equal(out.days_left, 9);
  assert_int_equal(out.health, N);
  /* a tighter lag threshold makes the natural-day view 滞后 */
  set.count_mode = LEDGER_COUNT_NATURAL;
  set.lag_threshold = 19;
  ledger_settings_rules(&set, &r);
  ledger_health_eval(&in, &r, &cal, &out);
  assert_int_equal(out.health, L);
  /* warn_days 5 before 国庆: 09-28 → 10-09 is 11 days but 4 working days
   * (09-29, 09-30, 10-08, 10-09) */
  ledger_settings_default(&set);
  set.warn_days = 5;
  in.start = LEDGER_NO_DATE;
  in.due = time_days_from_civil(2026, 10, 9);
  in.today = time_days_from_civil(2026, 9, 28);
  in.progress = 50;
  ledger_settings_rules(&set, &r);
  ledger_health_eval(&in, &r, &cal, &out);
  assert_int_equal(out.days_left, 11);
  assert_int_equal(out.health, N);
  set.count_mode = LEDGER_COUNT_WORKING;
  ledger_settings_rules(&set, &r);
  ledger_health_eval(&in, &r, &cal, &out);
  assert_int_equal(out.days_left, 4);
  assert_int_equal(out.health, W);
  ledger_cal_reset(&cal);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table),
      cmocka_unit_test(test_custom_rules),
      cmocka_unit_test(test_working_days),
      cmocka_unit_test(test_rules_and_names),
      cmocka_unit_test(test_settings_modes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

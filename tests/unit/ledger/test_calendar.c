/*
 * test_calendar.c — domain/ledger/calendar.c: weekdays, the built-in 2026
 * schedule, working-day arithmetic across 国庆节 and its make-up days
 * (checked against a day-by-day count), the date forms, the import text
 * (every bad line reported with its number, nothing kept on error),
 * add/remove/replace, year merge and the format round trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timeutil.h"
#include "domain/ledger/calendar.h"

#include <stdio.h>
#include <string.h>

static int32_t D(int y, int m, int d)
{
  return time_days_from_civil(y, m, d);
}

static int32_t P(const char *s)
{
  int32_t d = 0;
  assert_true(time_parse_date(s, &d));
  return d;
}

/* Working days in (a, b], one day at a time. */
static int brute_between(const struct ledger_cal *c, int32_t a, int32_t b)
{
  int n = 0, sign = 1;
  if (b < a) {
    int32_t t = a;
    a = b;
    b = t;
    sign = -1;
  }
  for (int32_t d = a + 1; d <= b; d++)
    n += ledger_cal_is_workday(c, d);
  return sign * n;
}

static void load(struct ledger_cal *c)
{
  struct lx_err e;
  ledger_cal_init(c);
  assert_int_equal(ledger_cal_load_default(c, &e), LX_OK);
}

static void test_weekday(void **state)
{
  (void)state;
  assert_int_equal(ledger_cal_weekday(0), 4);             /* 1970-01-01 Thu */
  assert_int_equal(ledger_cal_weekday(D(2026, 1, 1)), 4); /* Thu */
  assert_int_equal(ledger_cal_weekday(D(2026, 10, 10)), 6);
  assert_int_equal(ledger_cal_weekday(D(2026, 9, 20)), 0);
  assert_int_equal(ledger_cal_weekday(D(1900, 1, 1)), 1);
  assert_int_equal(ledger_cal_weekday(D(1969, 12, 31)), 3);
  assert_int_equal(ledger_cal_weekday(D(9999, 12, 31)), 5);
}

static void test_default_2026(void **state)
{
  static const struct {
    const char *day;
    int work;
  } v[] = {
      {"2026-01-01", 0}, {"2026-01-02", 0}, {"2026-01-03", 0},
      {"2026-01-04", 1}, {"2026-01-05", 1}, {"2026-02-13", 1},
      {"2026-02-14", 1}, {"2026-02-15", 0}, {"2026-02-23", 0},
      {"2026-02-24", 1}, {"2026-02-28", 1}, {"2026-03-01", 0},
      {"2026-04-03", 1}, {"2026-04-06", 0}, {"2026-04-07", 1},
      {"2026-05-05", 0}, {"2026-05-09", 1}, {"2026-05-10", 0},
      {"2026-06-19", 0}, {"2026-06-22", 1}, {"2026-09-20", 1},
      {"2026-09-25", 0}, {"2026-09-28", 1}, {"2026-09-30", 1},
      {"2026-10-01", 0}, {"2026-10-07", 0}, {"2026-10-08", 1},
      {"2026-10-09", 1}, {"2026-10-10", 1}, {"2026-10-11", 0},
      {"2026-10-12", 1}, {"2026-12-31", 1}, {"2027-01-01", 1},
  };
  struct ledger_cal c;
  const struct ledger_cal_day *e;
  (void)state;
  load(&c);
  assert_int_equal(c.n, 39);
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    if (ledger_cal_is_workday(&c, P(v[i].day)) != v[i].work)
      fail_msg("%s: expected work=%d", v[i].day, v[i].work);
  }
  e = ledger_cal_find(&c, P("2026-10-10"));
  assert_non_null(e);
  assert_int_equal(e->kind, LEDGER_CAL_WORKDAY);
  assert_string_equal(e->name, "国庆节调休");
  assert_string_equal(ledger_cal_find(&c, P("2026-10-03"))->name, "国庆节");
  assert_null(ledger_cal_find(&c, P("2026-10-08")));
  /* the whole year: 261 weekdays − 19 weekday holidays + 6 make-up days */
  assert_int_equal(
      ledger_cal_workdays_between(&c, P("2025-12-31"), P("2026-12-31")), 248);
  assert_int_equal(brute_between(&c, P("2025-12-31"), P("2026-12-31")), 248);
  assert_int_equal(
      ledger_cal_workdays_between(NULL, P("2025-12-31"), P("2026-12-31")), 261);
  assert_string_equal(strstr(ledger_cal_default_text(), "国务院") ? "y" : "n",
                      "y");
  ledger_cal_reset(&c);
}

static void test_add_workdays(void **state)
{
  static const struct {
    const char *from;
    int n;
    const char *to, *to_plain;
  } v[] = {
      {"2026-09-30", 1, "2026-10-08", "2026-10-01"},
      {"2026-09-30", 2, "2026-10-09", "2026-10-02"},
      {"2026-09-30", 3, "2026-10-10", "2026-10-05"}, /* Saturday, worked */
      {"2026-09-30", 4, "2026-10-12", "2026-10-06"},
      {"2026-09-24", 1, "2026-09-28", "2026-09-25"}, /* 中秋 Fri */
      {"2026-09-18", 1, "2026-09-20", "2026-09-21"}, /* Sunday, worked */
      {"2026-09-18", 5, "2026-09-24", "2026-09-25"},
      {"2026-10-08", -1, "2026-09-30", "2026-10-07"},
      {"2026-10-12", -1, "2026-10-10", "2026-10-09"},
      {"2026-10-03", 0, "2026-10-08", "2026-10-05"},
      {"2026-10-08", 0, "2026-10-08", "2026-10-08"},
      {"2026-02-13", 1, "2026-02-14", "2026-02-16"},
      {"2026-02-14", 1, "2026-02-24", "2026-02-16"},
      {"2026-09-01", 22, "2026-10-08", "2026-10-01"},
      {"2025-12-31", 248, "2026-12-31", "2026-12-14"},
  };
  struct ledger_cal c;
  char got[16];
  int32_t out;
  (void)state;
  load(&c);
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    assert_int_equal(ledger_cal_add_workdays(&c, P(v[i].from), v[i].n, &out),
                     LX_OK);
    time_format_date(out, got, sizeof got);
    if (strcmp(got, v[i].to))
      fail_msg("%s %+d: got %s want %s", v[i].from, v[i].n, got, v[i].to);
    if (v[i].n > 0)
      assert_int_equal(ledger_cal_workdays_between(&c, P(v[i].from), out),
                       v[i].n);
    assert_int_equal(ledger_cal_add_workdays(NULL, P(v[i].from), v[i].n, &out),
                     LX_OK);
    time_format_date(out, got, sizeof got);
    if (strcmp(got, v[i].to_plain))
      fail_msg("plain %s %+d: got %s want %s", v[i].from, v[i].n, got,
               v[i].to_plain);
  }
  assert_int_equal(ledger_cal_add_workdays(&c, 0, 36501, &out), LX_EINVAL);
  assert_int_equal(ledger_cal_add_workdays(&c, 0, -36501, &out), LX_EINVAL);
  assert_int_equal(ledger_cal_add_workdays(&c, D(9999, 12, 30), 2, &out),
                   LX_EINVAL);
  assert_int_equal(ledger_cal_add_days(D(2026, 9, 30), 8, &out), LX_OK);
  assert_int_equal(out, D(2026, 10, 8));
  assert_int_equal(ledger_cal_add_days(D(2026, 1, 1), -1, &out), LX_OK);
  assert_int_equal(out, D(2025, 12, 31));
  assert_int_equal(ledger_cal_add_days(D(9999, 12, 31), 1, &out), LX_EINVAL);
  assert_int_equal(ledger_cal_add_days(D(1900, 1, 1), -1, &out), LX_EINVAL);
  ledger_cal_reset(&c);
}

static void test_between_matches_brute(void **state)
{
  struct ledger_cal c;
  uint32_t x = 12345;
  int32_t lo = P("2025-11-01"), span = P("2027-02-01") - lo;
  (void)state;
  load(&c);
  for (int i = 0; i < 3000; i++) {
    int32_t a, b;
    x = x * 1103515245u + 12345u;
    a = lo + (int32_t)((x >> 8) % (uint32_t)span);
    x = x * 1103515245u + 12345u;
    b = lo + (int32_t)((x >> 8) % (uint32_t)span);
    assert_int_equal(ledger_cal_workdays_between(&c, a, b),
                     brute_between(&c, a, b));
    assert_int_equal(ledger_cal_workdays_between(NULL, a, b),
                     brute_between(NULL, a, b));
  }
  assert_int_equal(
      ledger_cal_workdays_between(&c, P("2026-09-30"), P("2026-10-08")), 1);
  assert_int_equal(
      ledger_cal_workdays_between(&c, P("2026-10-08"), P("2026-09-30")), -1);
  assert_int_equal(
      ledger_cal_workdays_between(&c, P("2026-10-01"), P("2026-10-01")), 0);
  /* far ends of the supported range */
  assert_int_equal(
      ledger_cal_workdays_between(NULL, D(1900, 1, 1), D(1900, 1, 8)), 5);
  assert_int_equal(
      ledger_cal_workdays_between(NULL, D(9999, 12, 24), D(9999, 12, 31)), 5);
  ledger_cal_reset(&c);
}

static void test_parse_date(void **state)
{
  static const struct {
    const char *in, *want; /* want NULL = invalid */
  } v[] = {
      {"2026-10-01", "2026-10-01"},
      {"2026-10-1", "2026-10-01"},
      {"2026-1-1", "2026-01-01"},
      {"2026/10/1", "2026-10-01"},
      {"2026.10.1", "2026-10-01"},
      {"2026年10月1日", "2026-10-01"},
      {"2026年10月1", "2026-10-01"},
      {"2026年6月30号", "2026-06-30"},
      {"２０２６年１０月１日", "2026-10-01"},
      {"２０２６－１０－０１", "2026-10-01"},
      {"２０２６．６．３０", "2026-06-30"},
      {"  2026-10-01\u3000", "2026-10-01"},
      {"20261001", "2026-10-01"},
      {"2026-10-01 08:30:00", "2026-10-01"},
      {"2026-10-01T08:30", "2026-10-01"},
      {"2026-10-01 00:00:00.000", "2026-10-01"},
      {"2024-02-29", "2024-02-29"},
      {"2000-02-29", "2000-02-29"},
      {"1900-01-01", "1900-01-01"},
      {"9999-12-31", "9999-12-31"},
      {"2026-02-29", NULL},
      {"1900-02-29", NULL},
      {"2026-02-30", NULL},
      {"2026-13-01", NULL},
      {"2026-00-10", NULL},
      {"2026-10-00", NULL},
      {"2026-10-32", NULL},
      {"1899-12-31", NULL},
      {"10000-01-01", NULL},
      {"0000-00-00", NULL},
      {"2026-10/01", NULL},
      {"2026-001-01", NULL},
      {"2026-10-01x", NULL},
      {"2026-10-01 25:00", NULL},
      {"2026年10-01", NULL},
      {"26-10-01", NULL},
      {"202610011", NULL},
      {"2026101", NULL},
      {"", NULL},
      {"国庆", NULL},
      {"46203", NULL},
  };
  char got[16];
  int32_t d;
  (void)state;
  for (size_t i = 0; i < LX_COUNT(v); i++) {
    int ok = ledger_cal_parse_date(v[i].in, strlen(v[i].in), &d);
    if (!v[i].want) {
      if (ok)
        fail_msg("%s should be invalid", v[i].in);
      continue;
    }
    if (!ok)
      fail_msg("%s should parse", v[i].in);
    time_format_date(d, got, sizeof got);
    assert_string_equal(got, v[i].want);
  }
}

static void test_parse_import(void **state)
{
  static const char text[] =
      "\xEF\xBB\xBF# 2027 年（示例）\r\n"
      "\r\n"
      "2027-01-01 休 元旦\r\n"
      "2027年2月6日\t班\t春节调休\n"
      "2027/2/7~2027/2/13 休 春节\n"
      "2027.4.5, 休, 清明节\n"
      "２０２７年５月１日 至 ２０２７年５月５日　放假　劳动节\n"
      "2027-05-08 补班\n"
      "// comment\n"
      "2027-10-01至2027-10-07 休 国庆节\n";
  struct ledger_cal c;
  struct lx_err errs[4];
  int n_errs = -1;
  const struct ledger_cal_day *e;
  (void)state;
  ledger_cal_init(&c);
  assert_int_equal(
      ledger_cal_parse(&c, text, sizeof text - 1, errs, 4, &n_errs), LX_OK);
  assert_int_equal(n_errs, 0);
  assert_int_equal(c.n, 1 + 1 + 7 + 1 + 5 + 1 + 7);
  e = ledger_cal_find(&c, P("2027-02-06"));
  assert_non_null(e);
  assert_int_equal(e->kind, LEDGER_CAL_WORKDAY);
  assert_string_equal(e->name, "春节调休");
  e = ledger_cal_find(&c, P("2027-05-03"));
  assert_int_equal(e->kind, LEDGER_CAL_HOLIDAY);
  assert_string_equal(e->name, "劳动节");
  e = ledger_cal_find(&c, P("2027-05-08"));
  assert_int_equal(e->kind, LEDGER_CAL_WORKDAY);
  assert_string_equal(e->name, "");
  assert_string_equal(ledger_cal_find(&c, P("2027-04-05"))->name, "清明节");
  for (int i = 1; i < c.n; i++)
    assert_true(c.days[i - 1].day < c.days[i].day);
  ledger_cal_reset(&c);
}

static void test_parse_errors(void **state)
{
  static const char text[] = "2026-10-01 休 国庆节\n"     /* 1 ok */
                             "2026-10-02\n"               /* 2 no kind */
                             "2026-02-30 休 春节\n"       /* 3 bad date */
                             "2026-10-03 歇 国庆节\n"     /* 4 bad kind */
                             "2026-10-13 班 调休\n"       /* 5 a Tuesday */
                             "2026-10-01 休 重复\n"       /* 6 duplicate */
                             "2026-10-07~2026-10-05 休\n" /* 7 range */
                             "2026-01-01~2026-03-01 休\n" /* 8 too long */
                             "2026-10-04 休 "
                             "一二三四五六七八九十一二三四五六七八九十一二三\n"
                             "\xff\xfe 休\n"           /* 10 not UTF-8 */
                             "2026-10-05 休 国庆节\n"; /* 11 ok */
  static const struct {
    const char *code, *msg;
  } want[] = {
      {"ledger.cal_missing_kind", "第2行缺少类型（休或班）"},
      {"ledger.cal_bad_date", "第3行日期无效：2026-02-30"},
      {"ledger.cal_bad_kind", "第4行类型无效（应为休或班）：歇"},
      {"ledger.cal_not_weekend", "第5行的日期本来就是工作日"},
      {"ledger.cal_duplicate", "第6行日期重复：2026-10-01"},
      {"ledger.cal_bad_range", "第7行日期范围无效"},
      {"ledger.cal_bad_range", "第8行日期范围无效"},
      {"ledger.cal_bad_name", "第9行名称过长"},
      {"ledger.cal_bad_utf8", "第10行不是有效的 UTF-8 文本"},
  };
  struct ledger_cal c;
  struct lx_err errs[16];
  int n_errs = 0;
  (void)state;
  ledger_cal_init(&c);
  assert_int_equal(
      ledger_cal_parse(&c, text, sizeof text - 1, errs, 16, &n_errs),
      LX_EINVAL);
  assert_int_equal(n_errs, (int)LX_COUNT(want));
  for (size_t i = 0; i < LX_COUNT(want); i++) {
    assert_string_equal(errs[i].code, want[i].code);
    if (strncmp(errs[i].message, want[i].msg, strlen(want[i].msg)))
      fail_msg("error %zu: got \"%s\" want prefix \"%s\"", i, errs[i].message,
               want[i].msg);
    assert_int_equal(errs[i].rc, LX_EINVAL);
  }
  assert_string_equal(errs[1].field, "line:3");
  assert_int_equal(c.n, 0); /* nothing kept */
  assert_null(c.days);
  /* fewer slots than errors: all counted, the first ones kept */
  assert_int_equal(
      ledger_cal_parse(&c, text, sizeof text - 1, errs, 2, &n_errs), LX_EINVAL);
  assert_int_equal(n_errs, (int)LX_COUNT(want));
  assert_string_equal(errs[0].code, "ledger.cal_missing_kind");
  assert_int_equal(
      ledger_cal_parse(&c, text, sizeof text - 1, NULL, 0, &n_errs), LX_EINVAL);
  /* too long */
  {
    static char big[LEDGER_CAL_MAX_TEXT + 2];
    memset(big, '\n', sizeof big);
    assert_int_equal(ledger_cal_parse(&c, big, sizeof big, errs, 1, &n_errs),
                     LX_ETOOBIG);
    assert_string_equal(errs[0].code, "ledger.cal_too_big");
  }
  /* empty text is a valid, empty calendar */
  assert_int_equal(ledger_cal_parse(&c, "", 0, errs, 1, &n_errs), LX_OK);
  assert_int_equal(c.n, 0);
  ledger_cal_reset(&c);
}

static void test_add_remove(void **state)
{
  struct ledger_cal c;
  struct lx_err e;
  char big[80];
  (void)state;
  ledger_cal_init(&c);
  assert_true(ledger_cal_is_workday(&c, P("2026-10-01")));
  assert_int_equal(
      ledger_cal_add(&c, P("2026-10-01"), LEDGER_CAL_HOLIDAY, "国庆节", &e),
      LX_OK);
  assert_false(ledger_cal_is_workday(&c, P("2026-10-01")));
  assert_int_equal(
      ledger_cal_add(&c, P("2026-10-10"), LEDGER_CAL_WORKDAY, NULL, &e), LX_OK);
  assert_true(ledger_cal_is_workday(&c, P("2026-10-10")));
  /* replace: a Saturday holiday instead of a make-up day */
  assert_int_equal(
      ledger_cal_add(&c, P("2026-10-10"), LEDGER_CAL_HOLIDAY, "改", &e), LX_OK);
  assert_int_equal(c.n, 2);
  assert_false(ledger_cal_is_workday(&c, P("2026-10-10")));
  assert_int_equal(
      ledger_cal_add(&c, P("2026-10-13"), LEDGER_CAL_WORKDAY, NULL, &e),
      LX_EINVAL);
  assert_string_equal(e.code, "ledger.cal_not_weekend");
  assert_int_equal(ledger_cal_add(&c, P("2026-10-13"), 7, NULL, &e), LX_EINVAL);
  assert_string_equal(e.code, "ledger.cal_bad_kind");
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = 0;
  assert_int_equal(
      ledger_cal_add(&c, P("2026-10-13"), LEDGER_CAL_HOLIDAY, big, &e),
      LX_EINVAL);
  assert_string_equal(e.code, "ledger.cal_bad_name");
  assert_int_equal(
      ledger_cal_add(&c, P("2026-10-13"), LEDGER_CAL_HOLIDAY, "\xc3", &e),
      LX_EINVAL);
  assert_int_equal(ledger_cal_remove(&c, P("2026-10-01")), LX_OK);
  assert_int_equal(ledger_cal_remove(&c, P("2026-10-01")), LX_ENOTFOUND);
  assert_true(ledger_cal_is_workday(&c, P("2026-10-01")));
  assert_int_equal(c.n, 1);
  /* insertion out of order keeps the list sorted; the cap holds */
  ledger_cal_reset(&c);
  for (int i = LEDGER_CAL_MAX_DAYS - 1; i >= 0; i--) {
    int32_t d = D(2000, 1, 3) + i * 7; /* Mondays */
    assert_int_equal(ledger_cal_add(&c, d, LEDGER_CAL_HOLIDAY, NULL, &e),
                     LX_OK);
  }
  assert_int_equal(
      ledger_cal_add(&c, D(1999, 1, 4), LEDGER_CAL_HOLIDAY, NULL, &e),
      LX_ETOOBIG);
  assert_string_equal(e.code, "ledger.cal_full");
  for (int i = 1; i < c.n; i++)
    assert_true(c.days[i - 1].day < c.days[i].day);
  ledger_cal_reset(&c);
}

static void test_merge_and_format(void **state)
{
  static const char y2025[] = "2025-10-01~2025-10-08 休 国庆节\n"
                              "2025-09-28 班 国庆节调休\n";
  static const char fix2026[] = "2026-10-01~2026-10-08 休 国庆节\n"
                                "2026-09-27 班 国庆节调休\n";
  struct ledger_cal a, b, c;
  struct lx_err errs[2];
  int n;
  static char buf[8192];
  (void)state;
  load(&a);
  ledger_cal_init(&b);
  assert_int_equal(ledger_cal_parse(&b, y2025, sizeof y2025 - 1, errs, 2, &n),
                   LX_OK);
  assert_int_equal(ledger_cal_merge_years(&a, &b, errs), LX_OK);
  assert_int_equal(a.n, 39 + 9);
  ledger_cal_reset(&b);
  assert_int_equal(
      ledger_cal_parse(&b, fix2026, sizeof fix2026 - 1, errs, 2, &n), LX_OK);
  assert_int_equal(ledger_cal_merge_years(&a, &b, errs), LX_OK);
  assert_int_equal(a.n, 9 + 9); /* 2025 kept, 2026 replaced */
  assert_false(ledger_cal_is_workday(&a, P("2026-10-08")));
  assert_true(ledger_cal_is_workday(&a, P("2026-10-10")) == 0);
  assert_true(ledger_cal_is_workday(&a, P("2026-01-01"))); /* gone */
  assert_false(ledger_cal_is_workday(&a, P("2025-10-08")));
  for (int i = 1; i < a.n; i++)
    assert_true(a.days[i - 1].day < a.days[i].day);
  /* format → parse gives the same calendar */
  assert_int_equal(ledger_cal_format(&a, buf, sizeof buf), LX_OK);
  assert_non_null(strstr(buf, "2025-09-28 班 国庆节调休\n"));
  ledger_cal_init(&c);
  assert_int_equal(ledger_cal_parse(&c, buf, strlen(buf), errs, 2, &n), LX_OK);
  assert_int_equal(c.n, a.n);
  assert_memory_equal(c.days, a.days, (size_t)a.n * sizeof *a.days);
  assert_int_equal(ledger_cal_format(&a, buf, 40), LX_ETOOBIG);
  ledger_cal_reset(&a);
  ledger_cal_reset(&b);
  ledger_cal_reset(&c);
}

/* A year from an admin's list: every bad entry named, nothing kept. */
static void test_build_year(void **state)
{
  static const struct ledger_cal_entry good[] = {
      {"2027-01-01", "holiday", "元旦", 1},
      {"2027年2月6日", "节假日", "春节", 2},
      {"2027.2.7", "放假", "春节", 3},
      {"2027-01-02", "调休", "元旦调休", 4}, /* a Saturday */
  };
  static const struct ledger_cal_entry bad[] = {
      {"2027-02-29", "holiday", "闰日", 1}, /* no such day */
      {"2026-12-31", "holiday", "去年", 2}, /* other year */
      {"2027-03-01", "请假", "类型", 3},    /* bad kind */
      {"2027-03-02", "holiday", "  ", 4},   /* blank name */
      {"2027-03-03", "holiday", "一二三四五六七八九十一二三四五六七八九十一",
       5},                                  /* 21 chars */
      {"2027-03-04", "workday", "周四", 6}, /* a Thursday */
      {"2027-01-01", "放假", "元旦", 7},    /* given twice */
      {"2027-01-01", "holiday", "元旦", 8},
      {NULL, "holiday", "空", 9},
  };
  struct ledger_cal cal;
  struct lx_err errs[16];
  enum ledger_cal_kind k;
  int n = 0;
  (void)state;
  ledger_cal_init(&cal);
  assert_int_equal(
      ledger_cal_build_year(2027, good, 4, "条", "days", &cal, errs, 16, &n),
      LX_OK);
  assert_int_equal(n, 0);
  assert_int_equal(cal.n, 4);
  assert_int_equal(cal.days[1].kind, LEDGER_CAL_WORKDAY);
  assert_string_equal(cal.days[1].name, "元旦调休");
  ledger_cal_reset(&cal);
  assert_int_equal(
      ledger_cal_build_year(2027, bad, 9, "行", NULL, &cal, errs, 16, &n),
      LX_EINVAL);
  assert_int_equal(n, 8);
  assert_int_equal(cal.n, 0);
  assert_string_equal(errs[0].code, "calendar.bad_date");
  assert_string_equal(errs[0].field, "row:1");
  assert_string_equal(errs[0].message, "第1行「日期」不是有效日期：2027-02-29");
  assert_string_equal(errs[1].code, "calendar.wrong_year");
  assert_string_equal(errs[2].code, "calendar.bad_kind");
  assert_string_equal(errs[3].code, "calendar.name_required");
  assert_string_equal(errs[4].code, "calendar.name_too_long");
  assert_string_equal(errs[5].code, "calendar.not_weekend");
  assert_string_equal(errs[6].code, "calendar.duplicate");
  assert_string_equal(errs[6].message, "第8行「日期」重复：2027-01-01");
  assert_string_equal(errs[7].code, "calendar.day_required");
  /* the list form names the JSON path; max_errs caps what is written */
  assert_int_equal(
      ledger_cal_build_year(2027, bad, 2, "条", "days", &cal, errs, 1, &n),
      LX_EINVAL);
  assert_int_equal(n, 2);
  assert_string_equal(errs[0].field, "days[0].day");
  assert_true(ledger_cal_kind_parse(" 法定节假日 ", 17, &k));
  assert_int_equal(k, LEDGER_CAL_HOLIDAY);
  assert_true(ledger_cal_kind_parse("调休上班", 12, &k));
  assert_int_equal(k, LEDGER_CAL_WORKDAY);
  assert_false(ledger_cal_kind_parse("调", 3, &k));
  assert_string_equal(ledger_cal_kind_code(LEDGER_CAL_WORKDAY), "workday");
  assert_string_equal(ledger_cal_kind_label(LEDGER_CAL_HOLIDAY), "法定节假日");
  assert_int_equal(ledger_cal_year_of(time_days_from_civil(2027, 12, 31)),
                   2027);
  assert_int_equal(ledger_cal_year_of(time_days_from_civil(2028, 1, 1)), 2028);
}

/* Working days around 春节 and 国庆 on the built-in 2026 schedule. */
static void test_holiday_counts(void **state)
{
  struct ledger_cal cal;
  (void)state;
  load(&cal);
  /* 02-13 (Fri) → 02-24 (Tue): 02-14 make-up, 02-24 → 2 working days */
  assert_int_equal(
      ledger_cal_workdays_between(&cal, time_days_from_civil(2026, 2, 13),
                                  time_days_from_civil(2026, 2, 24)),
      2);
  /* 09-30 → 10-10: only the make-up Saturday 10-10 and 10-08, 10-09 */
  assert_int_equal(
      ledger_cal_workdays_between(&cal, time_days_from_civil(2026, 9, 30),
                                  time_days_from_civil(2026, 10, 10)),
      3);
  /* October 2026 has 18 working days, February 16 */
  assert_int_equal(
      ledger_cal_workdays_between(&cal, time_days_from_civil(2026, 9, 30),
                                  time_days_from_civil(2026, 10, 31)),
      18);
  assert_int_equal(
      ledger_cal_workdays_between(&cal, time_days_from_civil(2026, 1, 31),
                                  time_days_from_civil(2026, 2, 28)),
      16);
  ledger_cal_reset(&cal);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_weekday),
      cmocka_unit_test(test_default_2026),
      cmocka_unit_test(test_add_workdays),
      cmocka_unit_test(test_between_matches_brute),
      cmocka_unit_test(test_parse_date),
      cmocka_unit_test(test_parse_import),
      cmocka_unit_test(test_parse_errors),
      cmocka_unit_test(test_add_remove),
      cmocka_unit_test(test_merge_and_format),
      cmocka_unit_test(test_build_year),
      cmocka_unit_test(test_holiday_counts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

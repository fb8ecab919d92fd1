/*
 * test_study_stats.c — 学习统计 over real HTTP on a small hand-made
 * dataset (units, persons, study_day and reading rows written before the
 * server starts), so every figure is known:
 *
 *   镇A (100) ─ 镇A党委 (101, 1 person p7) ─┬ 支部A1 (102: p1 p2 p3 p4)
 *                                           └ 支部A2 (103: p5 p6)
 *   镇B (200) ─ 支部B1 (201: p8 p9 p10, p10 without a position)
 *
 * March 2026: p1 600 s (03-01) + 300 s (03-15), p2 120 s (03-31), p5 60 s,
 * p7 180 s, p8 3000 s; outside March: p1 1200 s (04-01), p3 900 s
 * (02-28); a zero row for p4 (not a participant).  Completed readings:
 * p1 and p5 in March, p2 on 04-01.
 *
 * Checks: unit level (rows per child, the 本级 row, totals, rate, minutes,
 * average), drill-down to a branch's members (the default level of a
 * unit without children), period bounds (a period across months), the
 * trend series with zero days, scope (a branch secretary sees only its
 * branch: another unit 404 like a missing one; a member 403), bad input
 * (dates, order, half period, too long, level, unit_id, format: 400 with
 * the field), and the Excel export (a real workbook with the title row,
 * numbers and the percentage format, audited).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW "Stats#2026-passwd!"

static struct tst_server srv;
static struct tst_who org, sec, mem;

/* March 2026 in ms at 12:00 +08:00 on a day of the month. */
#define MAR(d) (1772337600000LL + ((d)-1) * 86400000LL)

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  char sql[4096];
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0)
    return -1;
  snprintf(sql, sizeof sql,
           "INSERT INTO unit(id, parent_id, name, kind, sort, path, depth, "
           "created_at, updated_at) VALUES "
           "(1, NULL, '区委', '区委', 0, '/1/', 0, 0, 0),"
           "(100, 1, '镇A', '乡镇', 1, '/1/100/', 1, 0, 0),"
           "(101, 100, '镇A党委', '党委', 0, '/1/100/101/', 2, 0, 0),"
           "(102, 101, '支部A1', '党支部', 0, '/1/100/101/102/', 3, 0, 0),"
           "(103, 101, '支部A2', '党支部', 1, '/1/100/101/103/', 3, 0, 0),"
           "(200, 1, '镇B', '乡镇', 2, '/1/200/', 1, 0, 0),"
           "(201, 200, '支部B1', '党支部', 0, '/1/200/201/', 2, 0, 0);"
           "INSERT INTO person(id, unit_id, unit_path, name, pinyin, initials, "
           "position, created_at, updated_at) VALUES "
           "(1, 102, '/1/100/101/102/', '党员一', '', '', '党员', 0, 0),"
           "(2, 102, '/1/100/101/102/', '党员二', '', '', '党员', 0, 0),"
           "(3, 102, '/1/100/101/102/', '党员三', '', '', '党员', 0, 0),"
           "(4, 102, '/1/100/101/102/', '党员四', '', '', '党员', 0, 0),"
           "(5, 103, '/1/100/101/103/', '党员五', '', '', '党员', 0, 0),"
           "(6, 103, '/1/100/101/103/', '党员六', '', '', '党员', 0, 0),"
           "(7, 101, '/1/100/101/', '党员七', '', '', '党委委员', 0, 0),"
           "(8, 201, '/1/200/201/', '党员八', '', '', '党员', 0, 0),"
           "(9, 201, '/1/200/201/', '党员九', '', '', '党员', 0, 0),"
           "(10, 201, '/1/200/201/', '党员十', '', '', NULL, 0, 0);"
           "INSERT INTO study_day(person_id, day, unit_id, seconds) VALUES "
           "(1, '2026-03-01', 102, 600), (1, '2026-03-15', 102, 300),"
           "(1, '2026-04-01', 102, 1200), (2, '2026-03-31', 102, 120),"
           "(3, '2026-02-28', 102, 900), (4, '2026-03-03', 102, 0),"
           "(5, '2026-03-10', 103, 60), (7, '2026-03-05', 101, 180),"
           "(8, '2026-03-02', 201, 3000);");
  (void)tst_sql(srv.db, sql);
  if (!tst_sql(srv.db, "SELECT count(*) FROM study_day") ||
      strcmp(tst_sql(srv.db, "SELECT count(*) FROM person"), "10") != 0)
    return -1;
  if (tst_user_add_scoped(srv.db, "orgdept", PW, "secretary", "all") != 0 ||
      tst_user_add(srv.db, "sec102", PW, "secretary", "102", 0) != 0 ||
      tst_user_add(srv.db, "mem102", PW, "member", "102", 0) != 0)
    return -1;
  /* readings of material 1, which is not written: the material table's
   * search triggers need the server's tokenizer, the shell has none, and
   * the statistics never read material (the shell does not enforce the
   * foreign key) */
  snprintf(sql, sizeof sql,
           "INSERT INTO reading(person_id, material_id, unit_id, seconds, "
           "progress, completed_at, first_at, last_at) VALUES "
           "(1, 1, 102, 900, 100, %lld, 0, %lld),"
           "(2, 1, 102, 120, 100, %lld, 0, %lld),"
           "(5, 1, 103, 60, 100, %lld, 0, %lld),"
           "(3, 1, 102, 900, 100, NULL, 0, %lld);",
           MAR(15), MAR(15), MAR(32), MAR(32), MAR(10), MAR(10), MAR(10));
  (void)tst_sql(srv.db, sql);
  if (strcmp(tst_sql(srv.db, "SELECT count(*) FROM reading"), "4") != 0)
    return -1;
  if (tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "orgdept", PW, &org) != 200 ||
      tst_as(srv.port, "sec102", PW, &sec) != 200 ||
      tst_as(srv.port, "mem102", PW, &mem) != 200)
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static json_t *get(const struct tst_who *w, const char *query, int *st)
{
  char path[300];
  snprintf(path, sizeof path, "/api/v1/study-stats%s", query);
  return tst_j(srv.port, w, "GET", path, st, NULL);
}

static double jd(json_t *j, const char *key)
{
  return json_number_value(json_object_get(j, key));
}

static json_t *row(json_t *j, int i)
{
  return json_array_get(json_object_get(j, "rows"), (size_t)i);
}

#define MARCH "&from=2026-03-01&to=2026-03-31"

/* GET /study-stats<query> as w must answer the error envelope. */
static void expect(const struct tst_who *w, const char *query, int want,
                   const char *code, const char *field)
{
  int st;
  json_t *j = get(w, query, &st);
  tst_expect_err(j, st, want, code, field);
}

static void test_unit_level(void **state)
{
  int st;
  json_t *j, *r, *t;
  (void)state;
  /* 镇A: one child (the 党委 with its two branches); no 本级 row */
  j = get(&org, "?unit_id=100" MARCH, &st);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "level"), "unit");
  assert_int_equal(json_array_size(json_object_get(j, "rows")), 1);
  r = row(j, 0);
  assert_int_equal(tst_ji(r, "id"), 101);
  assert_int_equal(tst_ji(r, "n_children"), 2);
  assert_int_equal(tst_ji(r, "members"), 7);
  assert_int_equal(tst_ji(r, "participants"), 4);
  assert_int_equal(tst_ji(r, "seconds"), 1260);
  assert_true(fabs(jd(r, "minutes") - 21.0) < 1e-9);
  assert_true(fabs(jd(r, "avg_minutes") - 3.0) < 1e-9);
  assert_true(fabs(jd(r, "participation_rate") - 0.5714) < 1e-9);
  assert_int_equal(tst_ji(r, "completed"), 2);
  /* the other modules' figures are there (nothing planned or held here) */
  assert_int_equal(tst_ji(json_object_get(r, "plans"), "assigned"), 0);
  assert_int_equal(tst_ji(json_object_get(r, "reflections"), "submitted"), 0);
  assert_int_equal(tst_ji(json_object_get(r, "sessions"), "held"), 0);
  assert_int_equal(tst_ji(json_object_get(r, "actions"), "links"), 0);
  t = json_object_get(j, "totals");
  assert_int_equal(tst_ji(t, "members"), 7);
  assert_int_equal(tst_ji(t, "seconds"), 1260);
  assert_string_equal(tst_js(json_object_get(j, "period"), "from"),
                      "2026-03-01");
  assert_int_equal(tst_ji(json_object_get(j, "period"), "days"), 31);
  json_decref(j);

  /* drill down: 镇A党委 has its own person (本级) and two branches */
  j = get(&org, "?unit_id=101" MARCH, &st);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "rows")), 3);
  r = row(j, 0);
  assert_true(json_is_true(json_object_get(r, "self")));
  assert_true(json_is_null(json_object_get(r, "plans")));
  assert_int_equal(tst_ji(r, "members"), 1);
  assert_int_equal(tst_ji(r, "seconds"), 180);
  r = row(j, 1);
  assert_string_equal(tst_js(r, "name"), "支部A1");
  assert_int_equal(tst_ji(r, "members"), 4);
  assert_int_equal(tst_ji(r, "participants"), 2); /* p4's zero row is not */
  assert_int_equal(tst_ji(r, "seconds"), 1020);
  assert_true(fabs(jd(r, "participation_rate") - 0.5) < 1e-9);
  assert_int_equal(tst_ji(r, "completed"), 1);
  r = row(j, 2);
  assert_string_equal(tst_js(r, "name"), "支部A2");
  assert_int_equal(tst_ji(r, "participants"), 1);
  assert_int_equal(tst_ji(r, "completed"), 1);
  json_decref(j);

  /* the district: 镇B's 3000 s are there, 镇A's too */
  j = get(&org, "?unit_id=1" MARCH, &st);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "rows")), 2);
  assert_int_equal(tst_ji(row(j, 1), "seconds"), 3000);
  assert_int_equal(tst_ji(json_object_get(j, "totals"), "seconds"), 4260);
  assert_int_equal(tst_ji(json_object_get(j, "totals"), "members"), 10);
  json_decref(j);
}

static void test_member_level(void **state)
{
  int st;
  json_t *j, *r;
  (void)state;
  /* a branch is counted per member by default */
  j = get(&org, "?unit_id=102" MARCH, &st);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "level"), "member");
  assert_int_equal(json_array_size(json_object_get(j, "rows")), 4);
  r = row(j, 0);
  assert_string_equal(tst_js(r, "name"), "党员一");
  assert_int_equal(tst_ji(r, "seconds"), 900);
  assert_int_equal(tst_ji(r, "active_days"), 2);
  assert_string_equal(tst_js(r, "last_day"), "2026-03-15");
  assert_int_equal(tst_ji(r, "completed"), 1);
  r = row(j, 3);
  assert_int_equal(tst_ji(r, "seconds"), 0);
  assert_int_equal(tst_ji(r, "participants"), 0);
  assert_true(json_is_null(json_object_get(r, "last_day")));
  r = json_object_get(j, "totals");
  assert_int_equal(tst_ji(r, "members"), 4);
  assert_int_equal(tst_ji(r, "participants"), 2);
  assert_int_equal(tst_ji(r, "seconds"), 1020);
  json_decref(j);
  /* a person without a position (NULL) is listed with an empty one */
  j = get(&org, "?unit_id=201" MARCH, &st);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "rows")), 3);
  assert_string_equal(tst_js(row(j, 2), "name"), "党员十");
  assert_string_equal(tst_js(row(j, 2), "kind"), "");
  assert_int_equal(tst_ji(json_object_get(j, "totals"), "seconds"), 3000);
  json_decref(j);
  /* level=member on a larger unit: every person of the subtree */
  j = get(&org, "?unit_id=100&level=member" MARCH, &st);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "rows")), 7);
  json_decref(j);
}

static void test_period_bounds(void **state)
{
  int st;
  json_t *j, *days;
  (void)state;
  /* 03-31 and 04-01, both ends included */
  j = get(&org, "?unit_id=102&from=2026-03-31&to=2026-04-01", &st);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(json_object_get(j, "totals"), "seconds"), 1320);
  assert_int_equal(tst_ji(json_object_get(j, "totals"), "participants"), 2);
  assert_int_equal(tst_ji(json_object_get(j, "totals"), "completed"), 1);
  json_decref(j);
  /* one day */
  j = get(&org, "?unit_id=102&from=2026-02-28&to=2026-02-28", &st);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(json_object_get(j, "totals"), "seconds"), 900);
  json_decref(j);
  /* the trend: one entry per day, zeros included */
  j = tst_j(srv.port, &org, "GET",
            "/api/v1/study-stats/trend?unit_id=102&from=2026-03-01&to="
            "2026-03-03",
            &st, NULL);
  assert_int_equal(st, 200);
  days = json_object_get(j, "days");
  assert_int_equal(json_array_size(days), 3);
  assert_string_equal(tst_js(json_array_get(days, 0), "day"), "2026-03-01");
  assert_true(fabs(jd(json_array_get(days, 0), "minutes") - 10.0) < 1e-9);
  assert_int_equal(tst_ji(json_array_get(days, 0), "participants"), 1);
  assert_int_equal(tst_ji(json_array_get(days, 2), "participants"), 0);
  json_decref(j);
  /* default period: this month (period present, from the 1st) */
  j = get(&org, "?unit_id=102", &st);
  assert_int_equal(st, 200);
  assert_int_equal(
      strncmp(tst_js(json_object_get(j, "period"), "from") + 8, "01", 2), 0);
  json_decref(j);
}

static void test_scope(void **state)
{
  int st;
  json_t *j;
  (void)state;
  /* the secretary: own branch by default, another unit is 404 */
  j = get(&sec, "?from=2026-03-01&to=2026-03-31", &st);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(json_object_get(j, "unit"), "id"), 102);
  json_decref(j);
  expect(&sec, "?unit_id=103", 404, "not_found", NULL);
  expect(&sec, "?unit_id=1", 404, "not_found", NULL);
  expect(&org, "?unit_id=99999", 404, "not_found", NULL);
  j = tst_j(srv.port, &sec, "GET", "/api/v1/study-stats/trend?unit_id=201", &st,
            NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* a member has no study.manage */
  j = get(&mem, "?unit_id=102", &st);
  assert_int_equal(st, 403);
  json_decref(j);
}

static void test_bad_input(void **state)
{
  int st;
  (void)state;
  expect(&org, "?unit_id=102&from=2026-02-30&to=2026-03-01", 400, "field.date",
         "from");
  expect(&org, "?unit_id=102&from=2026-03-01&to=2026-3-5", 400, "field.date",
         "to");
  expect(&org, "?unit_id=102&from=2026-03-05&to=2026-03-01", 400,
         "stats.period_order", "to");
  expect(&org, "?unit_id=102&from=2026-03-05", 400, "stats.period_half", "to");
  expect(&org, "?unit_id=102&from=2025-01-01&to=2026-01-02", 400,
         "stats.period_too_long", "to");
  expect(&org, "?unit_id=102&level=town", 400, "query.invalid", "level");
  expect(&org, "?unit_id=abc", 400, "query.invalid", "unit_id");
  expect(&org, "?unit_id=102&format=pdf", 400, "query.invalid", "format");
  /* exactly 366 days is allowed */
  json_decref(get(&org, "?unit_id=102&from=2025-01-01&to=2026-01-01", &st));
  assert_int_equal(st, 200);
}

static void test_export(void **state)
{
  int st;
  json_t *j;
  char path[400], cmd[600], line[32768];
  FILE *f, *p;
  size_t got = 0;
  (void)state;
  j = get(&org, "?unit_id=101&format=xlsx" MARCH, &st);
  assert_int_equal(st, 200);
  json_decref(j);
  assert_true(tst_last.body_len > 100);
  assert_memory_equal(tst_last.body, "PK", 2);
  snprintf(path, sizeof path, "%s/stats.xlsx", srv.dir);
  f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(tst_last.body, 1, tst_last.body_len, f),
                   tst_last.body_len);
  fclose(f);
  /* the sheet (inline strings in constant-memory mode): the title with
   * unit and period, the rows, 合计; numbers are numbers (1020 s = 17
   * minutes) and the rate of 支部A1 is 0.5 */
  snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml", path);
  p = popen(cmd, "r");
  assert_non_null(p);
  got = fread(line, 1, sizeof line - 1, p);
  line[got] = 0;
  pclose(p);
  assert_non_null(strstr(line, "镇A党委 学习统计（2026-03-01 至 2026-03-31）"));
  assert_non_null(strstr(line, "支部A1"));
  assert_non_null(strstr(line, "合计"));
  assert_non_null(strstr(line, "参学率"));
  assert_non_null(strstr(line, "<v>17</v>"));
  assert_non_null(strstr(line, "<v>0.5</v>"));
  snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/styles.xml", path);
  p = popen(cmd, "r");
  assert_non_null(p);
  got = fread(line, 1, sizeof line - 1, p);
  line[got] = 0;
  pclose(p);
  assert_non_null(strstr(line, "0.0%"));
  /* audited */
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'study_stats.export'"),
                      "1");
  /* member level export of a branch */
  json_decref(get(&org, "?unit_id=102&format=xlsx" MARCH, &st));
  assert_int_equal(st, 200);
  assert_memory_equal(tst_last.body, "PK", 2);
  /* out of scope: no file */
  expect(&sec, "?unit_id=103&format=xlsx", 404, "not_found", NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_unit_level),    cmocka_unit_test(test_member_level),
      cmocka_unit_test(test_period_bounds), cmocka_unit_test(test_scope),
      cmocka_unit_test(test_bad_input),     cmocka_unit_test(test_export),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

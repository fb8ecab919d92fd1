/*
 * test_calendar.c — the work calendar and the ledger settings over real
 * HTTP: the built-in 2026 schedule installed by init (39 special days,
 * 18 working days in October), a year replaced by 督查室 (a new holiday
 * takes a working day off November), every bad entry of a year list
 * named at once and nothing written (bad date, other year, unknown kind,
 * empty and long names, a make-up working day on a weekday, a duplicate),
 * a year imported from .xlsx (date cells, 2028年1月2日, 2028.1.3) with a
 * dry-run preview first, a file with 5 planted errors naming all 5, a
 * non-xlsx body refused; settings validated key by key; wrong roles 403.
 * Health follows the test clock: an item due in 20 days is 正常, and
 * after the clock moves 25 days and a recompute it is 逾期.  `luoshi
 * ledger recompute` runs on a database offline.  Teardown runs `luoshi
 * audit verify`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tst_admin.h"

#include "io/xlsx_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PW_ADMIN "Xt#2026-passwd!"
#define PW_USER "Calendar#2026x!"

static struct tst_server srv;
static struct tst_who sys1, sup, lia_a;
static int64_t u_a, ms_type;

static int64_t mk_unit(const char *name)
{
  int st;
  json_t *j =
      tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"部门\"}", name);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

/* Today + delta days in China time, as YYYY-MM-DD. */
static const char *day_from_now(int delta, char *buf)
{
  time_t t = time(NULL) + 8 * 3600 + (time_t)delta * 86400;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, 16, "%Y-%m-%d", &tm);
  return buf;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  json_t *j, *items, *it;
  size_t i;
  int st;
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_a = mk_unit("区委办公室");
  if (!u_a ||
      tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER,
                    &sup) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_a", "办公室联络员", u_a, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_a) <= 0)
    return -1;
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types", &st, NULL);
  items = json_object_get(j, "items");
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), "MS"))
      ms_type = tst_ji(it, "id");
  json_decref(j);
  return ms_type ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static int64_t month_workdays(json_t *cal, int month)
{
  json_t *m = json_array_get(json_object_get(cal, "months"), (size_t)month - 1);
  return tst_ji(m, "working_days");
}

static void builtin_2026(void **state)
{
  int st;
  json_t *j, *days, *d0;
  (void)state;
  j = tst_j(srv.port, &lia_a, "GET", "/api/v1/calendar?year=2026", &st, NULL);
  assert_int_equal(st, 200);
  days = json_object_get(j, "days");
  assert_int_equal(json_array_size(days), 39);
  d0 = json_array_get(days, 0);
  assert_string_equal(tst_js(d0, "day"), "2026-01-01");
  assert_string_equal(tst_js(d0, "kind"), "holiday");
  assert_string_equal(tst_js(d0, "name"), "元旦");
  assert_string_equal(tst_js(json_array_get(days, 3), "kind"), "workday");
  assert_int_equal(month_workdays(j, 10), 18); /* 国庆 5 weekdays off, +10-10 */
  assert_int_equal(month_workdays(j, 2), 16); /* 春节: 20 − 6 + 2 */
  assert_true(json_is_true(json_object_get(j, "maintained")));
  json_decref(j);
  /* 2030 is not maintained: plain weeks */
  j = tst_j(srv.port, &sup, "GET", "/api/v1/calendar?year=2030", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "days")), 0);
  assert_true(json_is_false(json_object_get(j, "maintained")));
  json_decref(j);
  j = tst_j(srv.port, &sup, "GET", "/api/v1/calendar?year=26", &st, NULL);
  tst_expect_err(j, st, 400, "calendar.bad_year", "year");
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/calendar?year=2026", &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
}

static void put_bad(void **state)
{
  int st;
  json_t *j, *errs;
  char name21[128] = "";
  (void)state;
  for (int i = 0; i < 21; i++)
    strcat(name21, "节");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/calendar/2026", &st,
            "{\"days\":["
            "{\"day\":\"2026-02-30\",\"kind\":\"holiday\",\"name\":\"错日\"},"
            "{\"day\":\"2025-12-31\",\"kind\":\"holiday\",\"name\":\"去年\"},"
            "{\"day\":\"2026-11-03\",\"kind\":\"vacation\",\"name\":\"类型\"},"
            "{\"day\":\"2026-11-04\",\"kind\":\"holiday\",\"name\":\"\"},"
            "{\"day\":\"2026-11-05\",\"kind\":\"holiday\",\"name\":\"%s\"},"
            "{\"day\":\"2026-10-08\",\"kind\":\"workday\",\"name\":\"周四\"},"
            "{\"day\":\"2026-11-02\",\"kind\":\"holiday\",\"name\":\"甲\"},"
            "{\"day\":\"2026.11.2\",\"kind\":\"放假\",\"name\":\"乙\"}]}",
            name21);
  assert_int_equal(st, 400);
  assert_string_equal(tst_js(json_object_get(j, "error"), "code"),
                      "calendar.invalid");
  assert_int_equal(tst_ji(json_object_get(j, "error"), "error_count"), 7);
  errs = json_object_get(json_object_get(j, "error"), "errors");
  assert_string_equal(tst_js(json_array_get(errs, 0), "field"), "days[0].day");
  assert_non_null(strstr(tst_js(json_array_get(errs, 0), "message"),
                         "第1条「日期」不是有效日期"));
  assert_string_equal(tst_js(json_array_get(errs, 1), "code"),
                      "calendar.wrong_year");
  assert_string_equal(tst_js(json_array_get(errs, 2), "field"), "days[2].kind");
  assert_string_equal(tst_js(json_array_get(errs, 3), "code"),
                      "calendar.name_required");
  assert_string_equal(tst_js(json_array_get(errs, 4), "code"),
                      "calendar.name_too_long");
  assert_string_equal(tst_js(json_array_get(errs, 5), "code"),
                      "calendar.not_weekend");
  assert_string_equal(tst_js(json_array_get(errs, 6), "code"),
                      "calendar.duplicate");
  json_decref(j);
  /* nothing written */
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM work_calendar_day "
                                      "WHERE day LIKE '2026-%'"),
                      "39");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/calendar/abc", &st,
            "{\"days\":[]}");
  tst_expect_err(j, st, 400, "calendar.bad_year", "year");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/calendar/2026", &st, "{}");
  tst_expect_err(j, st, 400, "field.required", "days");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/calendar/2026", &st,
            "{\"days\":[{\"day\":1,\"kind\":\"holiday\",\"name\":\"数字\"}]}");
  assert_int_equal(st, 400);
  assert_string_equal(
      tst_js(json_array_get(
                 json_object_get(json_object_get(j, "error"), "errors"), 0),
             "code"),
      "calendar.day_required");
  json_decref(j);
  j = tst_j(srv.port, &lia_a, "PUT", "/api/v1/calendar/2026", &st,
            "{\"days\":[]}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM work_calendar_day "
                                      "WHERE day LIKE '2026-%'"),
                      "39");
}

static void put_ok(void **state)
{
  int st;
  json_t *j, *days, *body;
  char *text;
  (void)state;
  j = tst_j(srv.port, &sup, "GET", "/api/v1/calendar?year=2026", &st, NULL);
  assert_int_equal(month_workdays(j, 11), 21);
  days = json_deep_copy(json_object_get(j, "days"));
  json_decref(j);
  json_array_append_new(days, json_pack("{s:s,s:s,s:s}", "day", "2026-11-02",
                                        "kind", "holiday", "name", "测试假日"));
  body = json_pack("{s:o}", "days", days);
  text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/calendar/2026", &st, "%s", text);
  free(text);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "days")), 40);
  assert_int_equal(month_workdays(j, 11), 20);
  assert_true(
      json_is_true(json_object_get(json_object_get(j, "recompute"), "ok")));
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'calendar.update'"),
                      "1");
  /* a new year, any date form, Chinese kinds */
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/calendar/2027", &st,
            "{\"days\":[{\"day\":\"2027年1月1日\",\"kind\":\"放假\","
            "\"name\":\"元旦\"},{\"day\":\"2027-01-03\",\"kind\":\"调休\","
            "\"name\":\"元旦调休\"}]}");
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "days")), 2);
  assert_int_equal(json_array_size(json_object_get(j, "years")), 2);
  json_decref(j);
}

/* Writes an .xlsx with header 日期 类型 名称 and the rows given as
 * triples; a day starting with '@' is written as a date cell. */
static void mk_xlsx(const char *path, const char *const *rows, int n)
{
  static const struct xlsx_col cols[] = {
      {"日期", 14}, {"类型", 8}, {"名称", 12}};
  struct xlsx *x;
  struct lx_err err;
  assert_int_equal(xlsx_open(path, "日历", cols, 3, &x, &err), LX_OK);
  for (int i = 0; i < n; i++) {
    if (rows[i * 3][0] == '@')
      xlsx_date(x, 0, rows[i * 3] + 1);
    else
      xlsx_text(x, 0, rows[i * 3]);
    xlsx_text(x, 1, rows[i * 3 + 1]);
    xlsx_text(x, 2, rows[i * 3 + 2]);
    assert_int_equal(xlsx_row_end(x), LX_OK);
  }
  assert_int_equal(xlsx_close(x, &err), LX_OK);
}

static json_t *upload(const struct tst_who *w, const char *query,
                      const char *file, int *status)
{
  FILE *f = fopen(file, "rb");
  char *data, hdr[1024];
  long n;
  size_t hl;
  struct tst_resp r;
  json_t *j;
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  snprintf(hdr, sizeof hdr,
           "POST /api/v1/calendar/import%s HTTP/1.1\r\nHost: x\r\n"
           "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Type: "
           "application/vnd.openxmlformats-officedocument.spreadsheetml."
           "sheet\r\nContent-Length: %ld\r\nConnection: close\r\n\r\n",
           query, w->cookie, w->csrf, n);
  hl = strlen(hdr);
  data = malloc(hl + (size_t)n);
  memcpy(data, hdr, hl);
  assert_int_equal(fread(data + hl, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  assert_int_equal(tst_raw(srv.port, data, hl + (size_t)n, 10000, &r), 0);
  free(data);
  *status = r.status;
  j = json_loads(r.body ? r.body : "", 0, NULL);
  tst_resp_free(&r);
  return j;
}

static void import_xlsx(void **state)
{
  static const char *const good[] = {
      "@2028-01-01", "放假", "元旦", "2028年1月2日", "节假日", "元旦",
      "2028.1.3",    "休",   "元旦", "2028-01-08",   "调休",   "元旦调休",
  };
  static const char *const bad[] = {
      "2028-02-30", "放假", "错日",   "2029-01-01", "放假", "跨年",
      "2028-03-01", "请假", "类型错", "2028-03-02", "放假", "",
      "2028-03-03", "上班", "周五班", "2028-01-01", "放假", "元旦",
  };
  char good_path[400], bad_path[400], txt_path[400];
  int st;
  json_t *j, *errs;
  FILE *f;
  (void)state;
  snprintf(good_path, sizeof good_path, "%s/good.xlsx", srv.dir);
  snprintf(bad_path, sizeof bad_path, "%s/bad.xlsx", srv.dir);
  snprintf(txt_path, sizeof txt_path, "%s/not.xlsx", srv.dir);
  mk_xlsx(good_path, good, 4);
  mk_xlsx(bad_path, bad, 6);
  j = upload(&sup, "?dry_run=1", good_path, &st);
  assert_int_equal(st, 200);
  assert_true(json_is_true(json_object_get(j, "dry_run")));
  assert_int_equal(tst_ji(j, "year"), 2028);
  assert_int_equal(tst_ji(j, "count"), 4);
  assert_string_equal(
      tst_js(json_array_get(json_object_get(j, "days"), 3), "kind"), "workday");
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM work_calendar_day "
                                      "WHERE day LIKE '2028-%'"),
                      "0");
  j = upload(&sup, "?dry_run=1", bad_path, &st);
  assert_int_equal(st, 400);
  if (tst_ji(json_object_get(j, "error"), "error_count") != 5) {
    char *t = json_dumps(j, 0);
    fprintf(stderr, "%s\n", t);
    free(t);
  }
  assert_int_equal(tst_ji(json_object_get(j, "error"), "error_count"), 5);
  errs = json_object_get(json_object_get(j, "error"), "errors");
  assert_non_null(strstr(tst_js(json_array_get(errs, 0), "message"),
                         "第2行「日期」不是有效日期"));
  assert_string_equal(tst_js(json_array_get(errs, 0), "field"), "row:2");
  assert_non_null(strstr(tst_js(json_array_get(errs, 1), "message"),
                         "第3行「日期」不在所选年份内"));
  assert_non_null(
      strstr(tst_js(json_array_get(errs, 2), "message"), "第4行「类型」"));
  assert_non_null(strstr(tst_js(json_array_get(errs, 3), "message"),
                         "第5行「名称」不能为空"));
  assert_non_null(
      strstr(tst_js(json_array_get(errs, 4), "message"), "第6行「类型」有误"));
  json_decref(j);
  j = upload(&sup, "", bad_path, &st); /* commit: still nothing */
  assert_int_equal(st, 400);
  json_decref(j);
  f = fopen(txt_path, "w");
  assert_non_null(f);
  fputs("日期,类型,名称\n2028-01-01,放假,元旦\n", f);
  fclose(f);
  j = upload(&sup, "", txt_path, &st);
  assert_true(st == 400 || st == 415);
  json_decref(j);
  j = upload(&lia_a, "", good_path, &st);
  assert_int_equal(st, 403);
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM work_calendar_day "
                                      "WHERE day LIKE '2028-%'"),
                      "0");
  j = upload(&sup, "?dry_run=0", good_path, &st);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "days")), 4);
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM work_calendar_day "
                                      "WHERE day LIKE '2028-%'"),
                      "4");
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'calendar.import'"),
                      "1");
}

static void settings(void **state)
{
  int st;
  json_t *j;
  (void)state;
  j = tst_j(srv.port, &lia_a, "GET", "/api/v1/ledger-settings", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "warn_days"), 7);
  assert_string_equal(tst_js(j, "count_mode"), "natural");
  assert_int_equal(tst_ji(j, "lag_threshold"), 20);
  assert_int_equal(tst_ji(j, "lag_warn_threshold"), 10);
  assert_int_equal(tst_ji(j, "extension_min_days"), 0);
  json_decref(j);
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"warn_days\":61}");
  tst_expect_err(j, st, 400, "settings.range", "warn_days");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"warn_days\":\"7\"}");
  tst_expect_err(j, st, 400, "field.type", "warn_days");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"lag_threshold\":20,\"lag_warn_threshold\":20}");
  tst_expect_err(j, st, 400, "settings.range", "lag_warn_threshold");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"lag_threshold\":0}");
  tst_expect_err(j, st, 400, "settings.range", "lag_threshold");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"count_mode\":\"weekly\"}");
  tst_expect_err(j, st, 400, "settings.range", "count_mode");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"extension_min_days\":-1}");
  tst_expect_err(j, st, 400, "settings.range", "extension_min_days");
  j = tst_j(srv.port, &lia_a, "PUT", "/api/v1/ledger-settings", &st,
            "{\"warn_days\":5}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &lia_a, "POST", "/api/v1/ledger-settings/recompute", &st,
            "{}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM ledger_setting"),
                      "0");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"warn_days\":5,\"count_mode\":\"working\","
            "\"lag_threshold\":30,\"lag_warn_threshold\":15,"
            "\"extension_min_days\":3}");
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "warn_days"), 5);
  assert_string_equal(tst_js(j, "count_mode"), "working");
  assert_int_equal(tst_ji(j, "extension_min_days"), 3);
  assert_true(
      json_is_true(json_object_get(json_object_get(j, "recompute"), "ok")));
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'ledger.settings_update'"),
                      "1");
  /* back to the defaults for the clock test */
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"warn_days\":7,\"count_mode\":\"natural\","
            "\"lag_threshold\":20,\"lag_warn_threshold\":10,"
            "\"extension_min_days\":0}");
  assert_int_equal(st, 200);
  json_decref(j);
}

static const char *item_health(int64_t id)
{
  static char h[32];
  int st;
  char path[64];
  json_t *j;
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)id);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  snprintf(h, sizeof h, "%s", tst_js(j, "health"));
  json_decref(j);
  return h;
}

static void recompute_with_clock(void **state)
{
  int st;
  int64_t id;
  char a[16], b[16], path[96];
  json_t *j;
  (void)state;
  j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
            "{\"type_id\":%lld,\"title\":\"健康度测试事项\",\"lead_unit_id\":"
            "%lld,\"start_date\":\"%s\",\"due_date\":\"%s\","
            "\"fields\":{\"category\":\"养老\"}}",
            (long long)ms_type, (long long)u_a, day_from_now(0, a),
            day_from_now(20, b));
  assert_int_equal(st, 201);
  id = tst_ji(j, "id");
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/items/%lld/transition", (long long)id);
  j = tst_j(srv.port, &sup, "POST", path, &st, "{\"action\":\"issue\"}");
  assert_int_equal(st, 200);
  json_decref(j);
  assert_string_equal(item_health(id), "normal");
  /* warn_days 30: due in 20 days is now 预警 */
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"warn_days\":30}");
  assert_int_equal(st, 200);
  assert_true(tst_ji(json_object_get(j, "recompute"), "changed") >= 1);
  json_decref(j);
  assert_string_equal(item_health(id), "warning");
  j = tst_j(srv.port, &sup, "PUT", "/api/v1/ledger-settings", &st,
            "{\"warn_days\":7}");
  assert_int_equal(st, 200);
  json_decref(j);
  assert_string_equal(item_health(id), "normal");
  /* 25 days later the item is overdue once recomputed */
  tst_clock_set(&srv, 25LL * 86400000);
  assert_int_equal(tst_as(srv.port, "sup1", PW_USER, &sup), 200); /* idle */
  j = tst_j(srv.port, &sup, "POST", "/api/v1/ledger-settings/recompute", &st,
            "{}");
  assert_int_equal(st, 200);
  assert_true(tst_ji(json_object_get(j, "recompute"), "items") >= 1);
  json_decref(j);
  assert_string_equal(item_health(id), "overdue");
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'ledger.recompute'"),
                      "1");
  tst_clock_set(&srv, 0);
  assert_int_equal(tst_as(srv.port, "sup1", PW_USER, &sup), 200);
  j = tst_j(srv.port, &sup, "POST", "/api/v1/ledger-settings/recompute", &st,
            "{}");
  assert_int_equal(st, 200);
  json_decref(j);
  assert_string_equal(item_health(id), "normal");
}

static void cli_recompute(void **state)
{
  struct tst_server s2;
  const char *init[] = {"init", "--db", NULL, NULL};
  const char *rec[] = {"ledger", "recompute", "--db", NULL, NULL};
  const char *bad[] = {"ledger", "frobnicate", "--db", NULL, NULL};
  char out[400], line[400] = "";
  FILE *f;
  (void)state;
  memset(&s2, 0, sizeof s2);
  tst_tmpdir(&s2);
  init[2] = rec[3] = bad[3] = s2.db;
  snprintf(out, sizeof out, "%s/out.txt", s2.dir);
  assert_int_equal(tst_run(init, "/dev/null"), 0);
  assert_int_equal(tst_run(rec, out), 0);
  f = fopen(out, "r");
  assert_non_null(f);
  assert_non_null(fgets(line, sizeof line, f));
  fclose(f);
  assert_non_null(strstr(line, "health recomputed"));
  assert_int_equal(tst_run(bad, "/dev/null"), 2);
  /* beside a running server the lock refuses it */
  rec[3] = srv.db;
  assert_int_equal(tst_run(rec, "/dev/null"), 1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(builtin_2026),  cmocka_unit_test(put_bad),
      cmocka_unit_test(put_ok),        cmocka_unit_test(import_xlsx),
      cmocka_unit_test(settings),      cmocka_unit_test(recompute_with_clock),
      cmocka_unit_test(cli_recompute),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

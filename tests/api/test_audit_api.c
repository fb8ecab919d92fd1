/*
 * test_audit_api.c — the audit log through the API, over real HTTP: only
 * the 审计管理员 reads it; filters (user, action and action prefix, object,
 * result, date range) with their bad values; newest-first keyset pages and
 * cursor tampering; before/after documents; no route changes or deletes an
 * entry (405); the Excel export (headers, RFC 5987 file name, real dates,
 * formula-looking text stored as text, never a formula) is itself audited,
 * and the chain stays intact.
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

#define PW_ADMIN "Xt#2026-passwd!"

static struct tst_server srv;
static struct tst_who sys1, aud1;
static int64_t u_x;

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  int st;
  json_t *j;
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_user_add(srv.db, "aud1", PW_ADMIN, "auditor", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0)
    return -1;
  if (tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200 ||
      tst_as(srv.port, "aud1", PW_ADMIN, &aud1) != 200)
    return -1;
  /* some history: units whose names look like formulas, one edit */
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"=HYPERLINK(\\\"http://x.test\\\","
            "\\\"点我\\\")\",\"kind\":\"其他\"}");
  u_x = tst_ji(j, "id");
  json_decref(j);
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"+1-2\",\"kind\":\"其他\"}");
  json_decref(j);
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"@SUM(A1)\",\"kind\":\"其他\"}");
  json_decref(j);
  {
    char path[64];
    snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)u_x);
    j = tst_j(srv.port, &sys1, "PUT", path, &st, "{\"name\":\"-3+3\"}");
    json_decref(j);
  }
  /* a denied call (sys1 has no audit.read) */
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/audit", &st, NULL);
  json_decref(j);
  return u_x ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static json_t *audit(const char *query, int *st)
{
  char path[512];
  snprintf(path, sizeof path, "/api/v1/audit%s", query);
  return tst_j(srv.port, &aud1, "GET", path, st, NULL);
}

static size_t n_items(json_t *j)
{
  return json_array_size(json_object_get(j, "items"));
}

static void newest_first_with_documents(void **state)
{
  int st;
  json_t *j = audit("", &st), *items, *e;
  int64_t prev = INT64_MAX;
  (void)state;
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_true(json_array_size(items) >= 6);
  for (size_t i = 0; i < json_array_size(items); i++) {
    int64_t id = tst_ji(json_array_get(items, i), "id");
    assert_true(id < prev);
    prev = id;
  }
  json_decref(j);
  j = audit("?action=unit.update", &st);
  assert_int_equal(n_items(j), 1);
  e = json_array_get(json_object_get(j, "items"), 0);
  assert_string_equal(tst_js(e, "username"), "sys1");
  assert_string_equal(tst_js(e, "object_type"), "unit");
  assert_string_equal(tst_js(e, "result"), "ok");
  assert_string_equal(tst_js(e, "ip"), "127.0.0.1");
  assert_non_null(strstr(tst_js(e, "at"), "+08:00"));
  assert_true(json_is_object(json_object_get(e, "before")));
  assert_string_equal(tst_js(json_object_get(e, "after"), "name"), "-3+3");
  assert_non_null(
      strstr(tst_js(json_object_get(e, "before"), "name"), "HYPERLINK"));
  {
    char path[64];
    int st2;
    json_t *one;
    snprintf(path, sizeof path, "/api/v1/audit/%lld",
             (long long)tst_ji(e, "id"));
    one = tst_j(srv.port, &aud1, "GET", path, &st2, NULL);
    assert_int_equal(st2, 200);
    assert_string_equal(tst_js(one, "action"), "unit.update");
    json_decref(one);
  }
  json_decref(j);
  j = tst_j(srv.port, &aud1, "GET", "/api/v1/audit/999999", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
}

static void filters(void **state)
{
  int st;
  json_t *j;
  char q[128];
  (void)state;
  j = audit("?action=unit.", &st); /* a prefix */
  assert_int_equal(n_items(j), 4);
  json_decref(j);
  j = audit("?action=unit.create&object_type=unit&username=sys1", &st);
  assert_int_equal(n_items(j), 3);
  json_decref(j);
  j = audit("?username=nobody", &st);
  assert_int_equal(n_items(j), 0);
  json_decref(j);
  j = audit("?result=deny", &st);
  assert_true(n_items(j) >= 1);
  assert_string_equal(
      tst_js(json_array_get(json_object_get(j, "items"), 0), "action"),
      "access.deny");
  json_decref(j);
  snprintf(q, sizeof q, "?object_type=unit&object_id=%lld", (long long)u_x);
  j = audit(q, &st);
  assert_int_equal(n_items(j), 2); /* create + update */
  json_decref(j);
  /* dates: today (server time zone) holds everything, tomorrow nothing */
  {
    char today[16], tomorrow[16];
    const char *d = tst_sql(srv.db, "SELECT date(max(at) / 1000 + 8 * 3600, "
                                    "'unixepoch') FROM audit_log");
    snprintf(today, sizeof today, "%s", d);
    d = tst_sql(srv.db, "SELECT date(max(at) / 1000 + 32 * 3600, "
                        "'unixepoch') FROM audit_log");
    snprintf(tomorrow, sizeof tomorrow, "%s", d);
    snprintf(q, sizeof q, "?from=%s&to=%s&action=unit.create", today, today);
    j = audit(q, &st);
    assert_int_equal(st, 200);
    assert_int_equal(n_items(j), 3);
    json_decref(j);
    snprintf(q, sizeof q, "?from=%s", tomorrow);
    j = audit(q, &st);
    assert_int_equal(n_items(j), 0);
    json_decref(j);
    snprintf(q, sizeof q, "?from=%s&to=%s", tomorrow, today);
    j = audit(q, &st);
    tst_expect_err(j, st, 400, "query.range", "to");
  }
  j = audit("?from=2026-02-30", &st);
  tst_expect_err(j, st, 400, "query.date", "from");
  j = audit("?to=26-1-1", &st);
  tst_expect_err(j, st, 400, "query.date", "to");
  j = audit("?result=maybe", &st);
  tst_expect_err(j, st, 400, "query.invalid", "result");
  j = audit("?format=pdf", &st);
  tst_expect_err(j, st, 400, "query.invalid", "format");
  /* literal matching: quotes and wildcards find nothing, break nothing */
  j = audit("?username=%27%20OR%201%3D1--", &st);
  assert_int_equal(st, 200);
  assert_int_equal(n_items(j), 0);
  json_decref(j);
  j = audit("?action=%25.", &st);
  assert_int_equal(st, 200);
  assert_int_equal(n_items(j), 0);
  json_decref(j);
}

static void pages_and_cursor(void **state)
{
  int st, total = 0, pages = 0;
  char q[300], cursor[200] = "";
  json_t *j;
  int64_t prev = INT64_MAX;
  (void)state;
  do {
    json_t *nc, *items;
    snprintf(q, sizeof q, "?limit=2%s%s", cursor[0] ? "&cursor=" : "",
             cursor[0] ? tst_url(cursor) : "");
    j = audit(q, &st);
    assert_int_equal(st, 200);
    items = json_object_get(j, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
      int64_t id = tst_ji(json_array_get(items, i), "id");
      assert_true(id < prev);
      prev = id;
    }
    total += (int)json_array_size(items);
    nc = json_object_get(j, "next_cursor");
    cursor[0] = 0;
    if (json_is_string(nc))
      snprintf(cursor, sizeof cursor, "%s", json_string_value(nc));
    json_decref(j);
    pages++;
  } while (cursor[0] && pages < 100);
  assert_true(total >= 6);
  assert_int_equal(prev, 1);
  j = audit("?cursor=OTk5.xxxxxxxxxxxxxxxxxxxxxx", &st);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
  j = audit("?cursor=999", &st);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
  j = audit("?limit=500", &st);
  tst_expect_err(j, st, 400, "page.limit", "limit");
}

static void nothing_changes_the_log(void **state)
{
  static const char *const tries[][2] = {
      {"DELETE", "/api/v1/audit"},   {"PUT", "/api/v1/audit"},
      {"DELETE", "/api/v1/audit/1"}, {"PUT", "/api/v1/audit/1"},
      {"POST", "/api/v1/audit"},     {"PATCH", "/api/v1/audit/1"},
  };
  const char *before = NULL;
  char count[128];
  (void)state;
  snprintf(count, sizeof count, "%s",
           tst_sql(srv.db, "SELECT count(*) || '-' || max(hash) FROM "
                           "audit_log WHERE id = 1"));
  before = count;
  for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
    int st;
    json_t *j = tst_j(srv.port, &aud1, tries[i][0], tries[i][1], &st, "{}");
    tst_expect_err(j, st, 405, "http.method_not_allowed", NULL);
  }
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) || '-' || max(hash) "
                                      "FROM audit_log WHERE id = 1"),
                      before);
}

/* Runs a shell command and returns its whole output (static, ≤ 64 KiB). */
static const char *sh(const char *cmd)
{
  static char out[65536];
  size_t n = 0;
  FILE *p = popen(cmd, "r");
  out[0] = 0;
  if (!p)
    return out;
  n = fread(out, 1, sizeof out - 1, p);
  out[n] = 0;
  pclose(p);
  return out;
}

static void excel_export(void **state)
{
  struct tst_resp r;
  char h[512], file[400], cmd[800];
  FILE *f;
  const char *xml;
  (void)state;
  assert_int_equal(tst_call(srv.port, "GET",
                            "/api/v1/audit?format=xlsx&action=unit.",
                            aud1.cookie, aud1.csrf, NULL, &r),
                   0);
  assert_int_equal(r.status, 200);
  assert_string_equal(
      tst_header(&r, "Content-Type", h, sizeof h),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  assert_non_null(tst_header(&r, "Content-Disposition", h, sizeof h));
  assert_non_null(strstr(h, "attachment;"));
  assert_non_null(
      strstr(h, "filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.xlsx"));
  assert_non_null(strstr(h, "filename=\"audit-log.xlsx\""));
  assert_string_equal(tst_header(&r, "Cache-Control", h, sizeof h), "no-store");
  assert_true(r.body_len > 100);
  assert_memory_equal(r.body, "PK", 2);
  snprintf(file, sizeof file, "%s/audit.xlsx", srv.dir);
  f = fopen(file, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(r.body, 1, r.body_len, f), r.body_len);
  fclose(f);
  tst_resp_free(&r);
  /* the sheet: headers, the rows as text, no formula anywhere */
  snprintf(cmd, sizeof cmd,
           "unzip -p '%s' xl/worksheets/sheet1.xml xl/sharedStrings.xml "
           "2>/dev/null",
           file);
  xml = sh(cmd);
  assert_non_null(strstr(xml, "时间"));
  assert_non_null(strstr(xml, "用户名"));
  assert_non_null(strstr(xml, "变更前"));
  assert_non_null(strstr(xml, "HYPERLINK"));
  assert_non_null(strstr(xml, "+1-2"));
  assert_non_null(strstr(xml, "@SUM(A1)"));
  assert_non_null(strstr(xml, "成功"));
  assert_null(strstr(xml, "<f>"));
  assert_null(strstr(xml, "<f "));
  /* times are numbers with a date format, not text */
  snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/styles.xml 2>/dev/null", file);
  assert_non_null(strstr(sh(cmd), "yyyy-mm-dd hh:mm:ss"));
  /* the export is audited, with its filter */
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE action = "
                      "'audit.export' AND username = 'aud1' AND detail LIKE "
                      "'%action=unit.%'"),
      "1");
  /* only the auditor may export */
  {
    int st;
    json_t *j =
        tst_j(srv.port, &sys1, "GET", "/api/v1/audit?format=xlsx", &st, NULL);
    tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  }
  /* a bad filter is refused before any file is made */
  {
    int st;
    json_t *j = audit("?format=xlsx&from=2026-13-01", &st);
    tst_expect_err(j, st, 400, "query.date", "from");
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(newest_first_with_documents),
      cmocka_unit_test(filters),
      cmocka_unit_test(pages_and_cursor),
      cmocka_unit_test(nothing_changes_the_log),
      cmocka_unit_test(excel_export),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

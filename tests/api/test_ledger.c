/*
 * test_ledger.c — the first slice of the ledger engine over real HTTP:
 * the nine built-in types, a 民生实事 item with two milestones created by
 * 督查室, data scope (the lead unit's liaison sees it, another unit's
 * liaison gets 404 and an empty list), the lifecycle through issue and
 * sign with the refusals (409 wrong state, 403 wrong actor, 400 missing
 * reason), edits refused after signing, bad input answered 400 with the
 * field, and the timeline holding every step.  Teardown runs
 * `luoshi audit verify`.
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
#define PW_USER "Ledger#2026x!"

static struct tst_server srv;
static struct tst_who sys1, sup, lia_a, lia_b;
static int64_t u_a, u_b, ms_type, item;

static int64_t mk_unit(const char *name)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
                    "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"部门\"}", name);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_a = mk_unit("民政局");
  u_b = mk_unit("教育局");
  if (!u_a || !u_b)
    return -1;
  /* built-in role ids: supervisor 4, liaison 6 */
  if (tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER, &sup) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_a", "民政联络员", u_a, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_a) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_b", "教育联络员", u_b, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_b) <= 0)
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static void types_installed(void **state)
{
  int st;
  char path[64];
  json_t *j, *items, *it;
  size_t i;
  (void)state;
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types", &st, NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 9);
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), "MS"))
      ms_type = tst_ji(it, "id");
  json_decref(j);
  assert_true(ms_type > 0);
  snprintf(path, sizeof path, "/api/v1/ledger-types/%lld", (long long)ms_type);
  j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "name"), "民生实事");
  it = json_array_get(json_object_get(j, "fields"), 0);
  assert_string_equal(tst_js(it, "key"), "category");
  assert_int_equal(json_array_size(json_object_get(it, "options")), 7);
  json_decref(j);
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types/999", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* installed by init and again at server start: each field once */
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM ledger_field"),
                      "17");
}

static void create_item(void **state)
{
  int st;
  json_t *j, *ms;
  char want[32];
  (void)state;
  j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
            "{\"type_id\":%lld,\"title\":\"新建社区养老服务中心\","
            "\"lead_unit_id\":%lld,\"start_date\":\"2026-01-01\","
            "\"due_date\":\"2026-12-31\",\"indicator_target\":3,"
            "\"indicator_unit\":\"个\",\"priority\":\"high\","
            "\"fields\":{\"category\":\"养老\",\"beneficiaries\":\"1,200\"},"
            "\"milestones\":[{\"title\":\"完成选址\",\"due_date\":\"2026-03-31\"},"
            "{\"title\":\"建成投用\",\"due_date\":\"2026-11-30\"}]}",
            (long long)ms_type, (long long)u_a);
  assert_int_equal(st, 201);
  item = tst_ji(j, "id");
  snprintf(want, sizeof want, "MS-%.4s-0001", tst_js(j, "created_at"));
  assert_string_equal(tst_js(j, "code"), want);
  assert_string_equal(tst_js(j, "state"), "draft");
  assert_string_equal(tst_js(j, "health"), "none");
  assert_string_equal(tst_js(j, "lead_unit_name"), "民政局");
  ms = json_object_get(j, "milestones");
  assert_int_equal(json_array_size(ms), 2);
  assert_string_equal(tst_js(json_array_get(ms, 1), "title"), "建成投用");
  assert_string_equal(tst_js(json_object_get(j, "fields"), "beneficiaries"),
                      "1200");
  assert_int_equal(json_array_size(json_object_get(j, "timeline")), 1);
  json_decref(j);
}

static int64_t list_count(struct tst_who *w, const char *query)
{
  int st;
  char path[160];
  json_t *j;
  int64_t n;
  snprintf(path, sizeof path, "/api/v1/items%s", query);
  j = tst_j(srv.port, w, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  n = (int64_t)json_array_size(json_object_get(j, "items"));
  json_decref(j);
  return n;
}

static void scope(void **state)
{
  int st;
  char path[64];
  json_t *j;
  (void)state;
  assert_int_equal(list_count(&sup, ""), 1);
  assert_int_equal(list_count(&lia_a, ""), 1);
  assert_int_equal(list_count(&lia_b, ""), 0);
  assert_int_equal(list_count(&sup, "?state=draft&q=%E5%85%BB%E8%80%81"), 1);
  assert_int_equal(list_count(&sup, "?state=issued"), 0);
  assert_int_equal(list_count(&sup, "?due_from=2027-01-01"), 0);
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)item);
  j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  json_decref(j);
  j = tst_j(srv.port, &lia_b, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
}

static void step(struct tst_who *w, const char *body, int want,
                 const char *code)
{
  int st;
  char path[80];
  json_t *j;
  snprintf(path, sizeof path, "/api/v1/items/%lld/transition", (long long)item);
  j = tst_j(srv.port, w, "POST", path, &st, "%s", body);
  if (want == 200) {
    if (st != 200)
      fail_msg("%s: %d %s", body, st, tst_last.body);
    json_decref(j);
  } else {
    tst_expect_err(j, st, want, code, NULL);
  }
}

static void lifecycle(void **state)
{
  int st;
  char path[64];
  json_t *j, *tl;
  (void)state;
  step(&sup, "{\"action\":\"sign\"}", 409, "ledger.bad_transition");
  step(&lia_a, "{\"action\":\"issue\"}", 403, "ledger.forbidden");
  step(&sup, "{\"action\":\"issue\"}", 200, NULL);
  step(&lia_b, "{\"action\":\"sign\"}", 404, "not_found");
  step(&sup, "{\"action\":\"sign\"}", 403, "ledger.forbidden");
  step(&lia_a, "{\"action\":\"sign\",\"reason\":\"已签收\"}", 200, NULL);
  step(&sup, "{\"action\":\"issue\"}", 409, "ledger.bad_transition");
  step(&lia_a, "{\"action\":\"request_close\"}", 409,
       "ledger.bad_transition");
  step(&sup, "{\"action\":\"cancel\"}", 400, "ledger.reason_required");
  step(&sup, "{\"action\":\"fly\"}", 400, "ledger.action_invalid");
  step(&sup, "{\"action\":\"report\"}", 400, "ledger.action_invalid");
  step(&sup, "{}", 400, "field.required");
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)item);
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"title\":\"改名\"}");
  tst_expect_err(j, st, 409, "ledger.not_editable", NULL);
  j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "state"), "signed");
  assert_string_equal(tst_js(j, "original_due_date"), "2026-12-31");
  assert_string_not_equal(tst_js(j, "health"), "none");
  tl = json_object_get(j, "timeline");
  assert_int_equal(json_array_size(tl), 3);
  assert_string_equal(tst_js(json_array_get(tl, 0), "action"), "create");
  assert_string_equal(tst_js(json_array_get(tl, 1), "action"), "issue");
  assert_string_equal(tst_js(json_array_get(tl, 2), "action"), "sign");
  assert_string_equal(tst_js(json_array_get(tl, 2), "to_state"), "signed");
  assert_string_equal(tst_js(json_array_get(tl, 2), "comment"), "已签收");
  json_decref(j);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE action IN "
                      "('item.create','item.issue','item.sign')"),
      "3");
}

static void edit_draft(void **state)
{
  int st;
  char path[64];
  json_t *j;
  int64_t id;
  (void)state;
  j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
            "{\"type_id\":%lld,\"title\":\"就业帮扶\",\"lead_unit_id\":%lld,"
            "\"due_date\":\"2026-10-31\",\"co_unit_ids\":[%lld],"
            "\"fields\":{\"category\":\"就业\"}}",
            (long long)ms_type, (long long)u_b, (long long)u_a);
  assert_int_equal(st, 201);
  id = tst_ji(j, "id");
  assert_string_equal(tst_js(j, "code") + 8, "0002");
  json_decref(j);
  /* unit A is a co-unit: its liaison sees the item */
  assert_int_equal(list_count(&lia_a, ""), 2);
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)id);
  j = tst_j(srv.port, &sup, "PUT", path, &st,
            "{\"title\":\"就业帮扶行动\",\"co_unit_ids\":[]}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "title"), "就业帮扶行动");
  assert_int_equal(json_array_size(json_object_get(j, "co_units")), 0);
  assert_string_equal(tst_js(json_object_get(j, "fields"), "category"),
                      "就业");
  json_decref(j);
  assert_int_equal(list_count(&lia_a, ""), 1);
  j = tst_j(srv.port, &lia_a, "PUT", path, &st, "{\"title\":\"x\"}");
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
}

static void bad_input(void **state)
{
  static const struct {
    const char *body, *code, *field;
  } bad[] = {
      {"{\"type_id\":%lld,\"lead_unit_id\":%lld,\"due_date\":\"2026-12-31\","
       "\"fields\":{\"category\":\"就业\"}}",
       "field.required", "title"},
      {"{\"type_id\":%lld,\"title\":\"甲\",\"lead_unit_id\":%lld,"
       "\"start_date\":\"2026-06-01\",\"due_date\":\"2026-05-31\","
       "\"fields\":{\"category\":\"就业\"}}",
       "ledger.due_before_start", "due_date"},
      {"{\"type_id\":%lld,\"title\":\"甲\",\"lead_unit_id\":%lld,"
       "\"due_date\":\"2026-02-30\",\"fields\":{\"category\":\"就业\"}}",
       "field.date", "due_date"},
      {"{\"type_id\":%lld,\"title\":\"甲\",\"lead_unit_id\":%lld,"
       "\"due_date\":\"2026-12-31\",\"fields\":{\"category\":\"旅游\"}}",
       "ledger.field_bad_option", "fields.category"},
      {"{\"type_id\":%lld,\"title\":\"甲\",\"lead_unit_id\":%lld,"
       "\"due_date\":\"2026-12-31\",\"fields\":{}}",
       "ledger.field_required", "fields.category"},
      {"{\"type_id\":%lld,\"title\":\"甲\",\"lead_unit_id\":%lld,"
       "\"due_date\":\"2026-12-31\",\"fields\":{\"category\":\"就业\","
       "\"beneficiaries\":\"很多\"}}",
       "ledger.field_bad_number", "fields.beneficiaries"},
      {"{\"type_id\":%lld,\"title\":\"甲\",\"lead_unit_id\":%lld,"
       "\"due_date\":\"2026-12-31\",\"fields\":{\"category\":\"就业\","
       "\"colour\":\"红\"}}",
       "ledger.field_unknown", "fields"},
      {"{\"type_id\":%lld,\"title\":\"甲\",\"lead_unit_id\":%lld,"
       "\"due_date\":\"2026-06-30\",\"fields\":{\"category\":\"就业\"},"
       "\"milestones\":[{\"title\":\"晚\",\"due_date\":\"2026-07-01\"}]}",
       "ledger.milestone_after_due", "milestones[0].due_date"},
      {"{\"type_id\":%lld,\"title\":\"甲\",\"lead_unit_id\":%lld,"
       "\"due_date\":\"2026-12-31\",\"priority\":\"asap\","
       "\"fields\":{\"category\":\"就业\"}}",
       "ledger.priority_invalid", "priority"},
  };
  int st;
  json_t *j;
  (void)state;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st, bad[i].body,
              (long long)ms_type, (long long)u_a);
    tst_expect_err(j, st, 400, bad[i].code, bad[i].field);
  }
  j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
            "{\"type_id\":999,\"title\":\"甲\",\"lead_unit_id\":%lld,"
            "\"due_date\":\"2026-12-31\"}",
            (long long)u_a);
  tst_expect_err(j, st, 400, "ledger.type_unknown", "type_id");
  j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
            "{\"type_id\":%lld,\"title\":\"甲\",\"lead_unit_id\":98765,"
            "\"due_date\":\"2026-12-31\",\"fields\":{\"category\":\"就业\"}}",
            (long long)ms_type);
  tst_expect_err(j, st, 400, "ledger.unit_missing", "lead_unit_id");
  j = tst_j(srv.port, &sup, "GET", "/api/v1/items?limit=0", &st, NULL);
  tst_expect_err(j, st, 400, "page.limit", "limit");
  j = tst_j(srv.port, &sup, "GET", "/api/v1/items?cursor=abc.def", &st, NULL);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
  j = tst_j(srv.port, &sup, "GET", "/api/v1/items?state=nope", &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "state");
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM ledger_item WHERE title = '甲'"),
      "0");
}

static void pages(void **state)
{
  int st, seen = 0;
  char path[600];
  const char *cursor = NULL;
  char cur[400];
  (void)state;
  for (int i = 0; i < 3; i++) {
    json_t *j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
                      "{\"type_id\":%lld,\"title\":\"分页%d\","
                      "\"lead_unit_id\":%lld,\"due_date\":\"2026-12-31\","
                      "\"fields\":{\"category\":\"其他\"}}",
                      (long long)ms_type, i, (long long)u_a);
    assert_int_equal(st, 201);
    json_decref(j);
  }
  do {
    json_t *j;
    snprintf(path, sizeof path, "/api/v1/items?limit=2%s%s",
             cursor ? "&cursor=" : "", cursor ? tst_url(cursor) : "");
    j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
    assert_int_equal(st, 200);
    seen += (int)json_array_size(json_object_get(j, "items"));
    cursor = NULL;
    if (json_is_string(json_object_get(j, "next_cursor"))) {
      snprintf(cur, sizeof cur, "%s", tst_js(j, "next_cursor"));
      cursor = cur;
    }
    json_decref(j);
  } while (cursor);
  assert_int_equal(seen, 5);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(types_installed), cmocka_unit_test(create_item),
      cmocka_unit_test(scope),           cmocka_unit_test(lifecycle),
      cmocka_unit_test(edit_draft),      cmocka_unit_test(bad_input),
      cmocka_unit_test(pages),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

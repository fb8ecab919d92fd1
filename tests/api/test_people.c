/*
 * test_people.c — people over real HTTP against `luoshi serve`:
 * validation with the offending field, partial updates, search by name,
 * pinyin and initials with LIKE wildcards taken literally, keyset pages
 * and cursor tampering, phones masked except for an administrator's GET
 * (which is audited), data scope (a member sees only itself and never
 * another branch's people; a secretary sees its branch), and delete
 * refused while an account references the person.  The fixture is
 * org_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "org_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t count_items(json_t *j)
{
  return (int64_t)json_array_size(json_object_get(j, "items"));
}

static void person_validation(void **state)
{
  static const struct {
    const char *body, *code, *field;
  } bad[] = {
      {"{\"unit_id\":%lld}", "field.required", "name"},
      {"{\"name\":\"甲\"}", "field.required", "unit_id"},
      {"{\"unit_id\":%lld,\"name\":\"甲\",\"gender\":\"M\"}",
       "person.gender_invalid", "gender"},
      {"{\"unit_id\":%lld,\"name\":\"甲\",\"birth_date\":\"2026-02-30\"}",
       "field.date", "birth_date"},
      {"{\"unit_id\":%lld,\"name\":\"甲\",\"birth_date\":\"0000-00-00\"}",
       "field.date", "birth_date"},
      {"{\"unit_id\":%lld,\"name\":\"甲\",\"birth_date\":\"1990/01/01\"}",
       "field.date", "birth_date"},
      {"{\"unit_id\":%lld,\"name\":\"甲\",\"joined_at\":\"9999-01-01\"}",
       "field.date_future", "joined_at"},
      {"{\"unit_id\":%lld,\"name\":\"甲\",\"birth_date\":\"1990-05-01\","
       "\"joined_at\":\"1980-01-01\"}",
       "person.joined_before_birth", "joined_at"},
      {"{\"unit_id\":%lld,\"name\":\"甲\",\"phone\":\"12ab\"}",
       "person.phone_invalid", "phone"},
      {"{\"unit_id\":%lld,\"name\":\"甲\",\"is_leader\":\"yes\"}", "field.type",
       "is_leader"},
      {"{\"unit_id\":%lld,\"name\":5}", "field.type", "name"},
      {"{\"unit_id\":\"3\",\"name\":\"甲\"}", "field.type", "unit_id"},
      {"{\"unit_id\":%lld,\"name\":\"一二三四五六七八九十一二三四五六七八九十一"
       "二三四五六七八九十一二三\"}",
       "field.too_long", "name"},
  };
  (void)state;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int st;
    json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
                      bad[i].body, (long long)u_b1);
    tst_expect_err(j, st, 400, bad[i].code, bad[i].field);
  }
  {
    int st;
    json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
                      "{\"unit_id\":987654,\"name\":\"甲\"}");
    tst_expect_err(j, st, 400, "person.unit_missing", "unit_id");
  }
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM person WHERE name = '甲'"), "0");
}

static void person_update_partial(void **state)
{
  int st;
  char path[64];
  json_t *j;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)p_zhangwei2);
  j = tst_j(srv.port, &sys1, "PUT", path, &st,
            "{\"position\":\"组织委员\",\"birth_date\":\"1985-03-12\","
            "\"joined_at\":\"2008-07-01\",\"is_leader\":true}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "position"), "组织委员");
  assert_string_equal(tst_js(j, "name"), "张卫");
  assert_true(json_is_true(json_object_get(j, "is_leader")));
  json_decref(j);
  j = tst_j(srv.port, &sys1, "PUT", path, &st, "{\"position\":null}");
  assert_int_equal(st, 200);
  assert_true(json_is_null(json_object_get(j, "position")));
  assert_string_equal(tst_js(j, "birth_date"), "1985-03-12");
  json_decref(j);
  j = tst_j(srv.port, &sys1, "PUT", path, &st,
            "{\"birth_date\":\"2009-01-01\"}");
  tst_expect_err(j, st, 400, "person.joined_before_birth", "joined_at");
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/people?is_leader=1", &st, NULL);
  assert_int_equal(count_items(j), 1);
  json_decref(j);
}

/* The names in a people list, joined by ','. */
static const char *names(json_t *j)
{
  static char buf[1024];
  json_t *items = json_object_get(j, "items");
  buf[0] = 0;
  for (size_t i = 0; i < json_array_size(items); i++) {
    if (i)
      strcat(buf, ",");
    strncat(buf, tst_js(json_array_get(items, i), "name"),
            sizeof buf - strlen(buf) - 1);
  }
  return buf;
}

static const char *search(const char *q)
{
  int st;
  char path[256];
  static char out[1024];
  json_t *j;
  snprintf(path, sizeof path, "/api/v1/people?q=%s", tst_url(q));
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  snprintf(out, sizeof out, "%s", names(j));
  json_decref(j);
  return out;
}

static void people_search(void **state)
{
  (void)state;
  mk_person(u_a, "100%_合格", NULL);
  mk_person(u_a, "张_三", NULL);
  assert_string_equal(search("张伟"), "张伟");
  assert_string_equal(search("zw"), "张伟,张卫");
  assert_string_equal(search("ZhangWei"), "张伟,张卫");
  assert_string_equal(search("zhangw"), "张伟,张卫");
  assert_string_equal(search("wf"), "王芳");
  assert_string_equal(search("芳"), "王芳");
  assert_string_equal(search("xyz"), "");
  /* wildcards are literal */
  assert_string_equal(search("%"), "100%_合格");
  assert_string_equal(search("_"), "100%_合格,张_三");
  assert_string_equal(search("张_"), "张_三");
  assert_string_equal(search("\\"), "");
  {
    int st;
    char q[400] = "/api/v1/people?q=";
    json_t *j;
    for (int i = 0; i < 65; i++)
      strcat(q, "%25");
    j = tst_j(srv.port, &sys1, "GET", q, &st, NULL);
    tst_expect_err(j, st, 400, "person.q_too_long", "q");
  }
}

static void people_pages_and_cursor(void **state)
{
  int st, pages = 0, total = 0;
  char path[600], cursor[400] = "", first_cursor[400];
  int64_t unit = mk_unit(u_a, "分页测试支部", "党支部"), last = 0;
  json_t *j;
  (void)state;
  for (int i = 0; i < 25; i++) {
    char name[32];
    snprintf(name, sizeof name, "党员%02d", i);
    mk_person(unit, name, NULL);
  }
  do {
    json_t *items, *nc;
    snprintf(path, sizeof path, "/api/v1/people?unit_id=%lld&limit=10%s%s",
             (long long)unit, cursor[0] ? "&cursor=" : "",
             cursor[0] ? tst_url(cursor) : "");
    j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
    assert_int_equal(st, 200);
    items = json_object_get(j, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
      int64_t id = tst_ji(json_array_get(items, i), "id");
      assert_true(id > last); /* one unit: ordered by id, no repeats */
      last = id;
    }
    total += (int)json_array_size(items);
    nc = json_object_get(j, "next_cursor");
    cursor[0] = 0;
    if (json_is_string(nc))
      snprintf(cursor, sizeof cursor, "%s", json_string_value(nc));
    if (pages == 0)
      snprintf(first_cursor, sizeof first_cursor, "%s", cursor);
    json_decref(j);
    pages++;
  } while (cursor[0] && pages < 10);
  assert_int_equal(total, 25);
  assert_int_equal(pages, 3);
  /* tampering: any changed character, a made-up cursor, another list's */
  {
    const char *bad[6];
    char flip[400], trunc[400];
    snprintf(flip, sizeof flip, "%s", first_cursor);
    flip[2] = flip[2] == 'A' ? 'B' : 'A';
    snprintf(trunc, sizeof trunc, "%.*s", (int)strlen(first_cursor) - 1,
             first_cursor);
    bad[0] = flip;
    bad[1] = trunc;
    bad[2] = "L3wxLw.AAAAAAAAAAAAAAAAAAAAAA";
    bad[3] = "1";
    bad[4] = "%00";
    bad[5] = "MQ.XHWRjpwywWoC3eQsy4FQgw"; /* looks like a users cursor */
    for (int i = 0; i < 6; i++) {
      snprintf(path, sizeof path, "/api/v1/people?limit=10&cursor=%s",
               i == 4 ? bad[i] : tst_url(bad[i]));
      j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
      tst_expect_err(j, st, 400, "page.cursor", "cursor");
    }
  }
  /* a people cursor is refused by the search variant of the list */
  snprintf(path, sizeof path, "/api/v1/people?q=dy&cursor=%s",
           tst_url(first_cursor));
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/people?limit=0", &st, NULL);
  tst_expect_err(j, st, 400, "page.limit", "limit");
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/people?limit=201", &st, NULL);
  tst_expect_err(j, st, 400, "page.limit", "limit");
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/people?limit=-1", &st, NULL);
  tst_expect_err(j, st, 400, "page.limit", "limit");
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/people?unit_id=abc", &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "unit_id");
  j = tst_j(srv.port, &sys1, "GET",
            "/api/v1/people?unit_id=99999999999999999999", &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "unit_id");
  /* search pages too: "dy" (党员 initials) over 25 rows */
  total = 0;
  cursor[0] = 0;
  pages = 0;
  do {
    json_t *nc;
    snprintf(path, sizeof path, "/api/v1/people?q=dy&limit=7%s%s",
             cursor[0] ? "&cursor=" : "", cursor[0] ? tst_url(cursor) : "");
    j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
    assert_int_equal(st, 200);
    total += (int)count_items(j);
    nc = json_object_get(j, "next_cursor");
    cursor[0] = 0;
    if (json_is_string(nc))
      snprintf(cursor, sizeof cursor, "%s", json_string_value(nc));
    json_decref(j);
    pages++;
  } while (cursor[0] && pages < 10);
  assert_int_equal(total, 25);
}

static void phone_masked_except_admin_get(void **state)
{
  int st;
  char path[64];
  json_t *j, *p;
  (void)state;
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/people?q=%E5%BC%A0%E4%BC%9F", &st,
            NULL);
  p = json_array_get(json_object_get(j, "items"), 0);
  assert_string_equal(tst_js(p, "phone"), "138****5678");
  assert_true(json_is_true(json_object_get(p, "phone_masked")));
  assert_null(strstr(tst_last.body, "13812345678"));
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)p_zhangwei);
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "phone"), "13812345678");
  json_decref(j);
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) > 0 FROM audit_log WHERE action = "
                      "'person.view_phone'"),
      "1");
  /* the branch secretary reads the person, masked (no org.admin) */
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "phone"), "138****5678");
  json_decref(j);
  /* no phone number in the audit log */
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE after_json LIKE "
                      "'%13812345678%' OR before_json LIKE '%13812345678%'"),
      "0");
}

static void member_sees_only_self(void **state)
{
  int st;
  char path[96];
  json_t *j, *items;
  (void)state;
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/people", &st, NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_int_equal(tst_ji(json_array_get(items, 0), "id"), p_wangfang);
  json_decref(j);
  /* another branch's person, by id, by filter, by search, by subtree */
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)p_zhangwei);
  j = tst_j(srv.port, &mem_b2, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
  snprintf(path, sizeof path, "/api/v1/people?unit_id=%lld", (long long)u_b1);
  j = tst_j(srv.port, &mem_b2, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(count_items(j), 0);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/people?unit_id=1&subtree=1&q=zw");
  j = tst_j(srv.port, &mem_b2, "GET", path, &st, NULL);
  assert_int_equal(count_items(j), 0);
  json_decref(j);
  /* every guessed id answers like a missing one */
  for (int64_t id = 1; id < 40; id++) {
    if (id == p_wangfang)
      continue;
    snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)id);
    j = tst_j(srv.port, &mem_b2, "GET", path, &st, NULL);
    tst_expect_err(j, st, 404, "not_found", "id");
  }
  /* units: only its own */
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/units", &st, NULL);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_int_equal(tst_ji(json_array_get(items, 0), "id"), u_b2);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)u_b1);
  j = tst_j(srv.port, &mem_b2, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
  /* no org.admin: writes are forbidden before any lookup */
  j = tst_j(srv.port, &mem_b2, "POST", "/api/v1/people", &st,
            "{\"unit_id\":%lld,\"name\":\"x\"}", (long long)u_b2);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)p_wangfang);
  j = tst_j(srv.port, &mem_b2, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
}

static void secretary_sees_own_branch(void **state)
{
  int st;
  char path[96];
  json_t *j;
  (void)state;
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/people", &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(names(j), "张伟,张卫");
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)p_wangfang);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
  snprintf(path, sizeof path, "/api/v1/people?unit_id=%lld&subtree=1",
           (long long)u_tp);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  assert_string_equal(names(j), "张伟,张卫");
  json_decref(j);
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/units", &st, NULL);
  assert_int_equal(count_items(j), 1);
  json_decref(j);
}

static void person_delete_rules(void **state)
{
  int st;
  char path[64];
  json_t *j;
  int64_t id;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)p_wangfang);
  j = tst_j(srv.port, &sys1, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 409, "person.has_account", "id");
  id = mk_person(u_b2, "临时人员", NULL);
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)id);
  j = tst_j(srv.port, &sys1, "DELETE", path, &st, NULL);
  assert_int_equal(st, 204);
  json_decref(j);
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
  assert_string_equal(
      tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE action = "
                      "'person.delete' AND before_json LIKE '%临时人员%'"),
      "1");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(person_validation),
      cmocka_unit_test(person_update_partial),
      cmocka_unit_test(people_search),
      cmocka_unit_test(people_pages_and_cursor),
      cmocka_unit_test(phone_masked_except_admin_get),
      cmocka_unit_test(member_sees_only_self),
      cmocka_unit_test(secretary_sees_own_branch),
      cmocka_unit_test(person_delete_rules),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

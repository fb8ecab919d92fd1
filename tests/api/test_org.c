/*
 * test_org.c — units over real HTTP against `luoshi serve`: the tree in
 * order, one unit, create/edit/move/delete with their bad cases (missing
 * and invalid fields, duplicates, mass assignment, a move under its own
 * descendant, deleting a unit that still has children, people or
 * accounts), SQL metacharacters stored as text, and a subtree-scoped org
 * admin that cannot write outside its subtree.  The fixture is
 * org_fixture.h; people are in test_people.c.
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

/* The index of unit id in the items array of j, or -1. */
static int index_of(json_t *items, int64_t id)
{
  for (size_t i = 0; i < json_array_size(items); i++)
    if (tst_ji(json_array_get(items, i), "id") == id)
      return (int)i;
  return -1;
}

static void tree_lists_in_order(void **state)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "GET", "/api/v1/units", &st, NULL);
  json_t *items = json_object_get(j, "items"), *t;
  (void)state;
  assert_int_equal(st, 200);
  assert_true(json_array_size(items) >= 6);
  assert_true(json_is_null(json_object_get(j, "next_cursor")));
  /* depth-first: root, 组织部, 城关镇, 党委, 支部1, 支部2 */
  assert_int_equal(index_of(items, 1), 0);
  assert_true(index_of(items, u_a) < index_of(items, u_t));
  assert_int_equal(index_of(items, u_tp), index_of(items, u_t) + 1);
  assert_int_equal(index_of(items, u_b1), index_of(items, u_tp) + 1);
  assert_int_equal(index_of(items, u_b2), index_of(items, u_b1) + 1);
  t = json_array_get(items, (size_t)index_of(items, u_tp));
  assert_int_equal(tst_ji(t, "n_children"), 2);
  assert_int_equal(tst_ji(t, "n_people"), 0);
  assert_int_equal(tst_ji(t, "depth"), 2);
  t = json_array_get(items, (size_t)index_of(items, u_b1));
  assert_int_equal(tst_ji(t, "n_people"), 2);
  assert_int_equal(tst_ji(t, "parent_id"), u_tp);
  json_decref(j);
}

static void unit_get_and_bad_ids(void **state)
{
  int st;
  char path[64];
  json_t *j;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)u_b1);
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "name"), "第一党支部");
  assert_string_equal(tst_js(j, "kind"), "党支部");
  json_decref(j);
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/units/999999", &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/units/0", &st, NULL);
  tst_expect_err(j, st, 400, "http.bad_param", "id");
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/units/abc", &st, NULL);
  tst_expect_err(j, st, 400, "http.bad_param", "id");
  /* no session */
  j = tst_j(srv.port, NULL, "GET", "/api/v1/units", &st, NULL);
  assert_int_equal(st, 401);
  json_decref(j);
}

static void unit_create_bad_input(void **state)
{
  int st;
  json_t *j;
  char *longname = malloc(400);
  (void)state;
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"kind\":\"部门\"}");
  tst_expect_err(j, st, 400, "field.required", "name");
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"x\",\"kind\":\"公司\"}");
  tst_expect_err(j, st, 400, "unit.kind_invalid", "kind");
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"x\"}");
  tst_expect_err(j, st, 400, "field.required", "kind");
  memset(longname, 0, 400);
  for (int i = 0; i < 65; i++)
    strcat(longname, "长");
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"部门\"}", longname);
  tst_expect_err(j, st, 400, "field.too_long", "name");
  free(longname);
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"x\",\"kind\":\"部门\","
            "\"code\":\"a b\"}");
  tst_expect_err(j, st, 400, "unit.code_invalid", "code");
  j = tst_j(
      srv.port, &sys1, "POST", "/api/v1/units", &st,
      "{\"parent_id\":1,\"name\":\"x\",\"kind\":\"部门\",\"sort\":\"1\"}");
  tst_expect_err(j, st, 400, "field.type", "sort");
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"x\",\"kind\":\"部门\",\"sort\":1e9}");
  tst_expect_err(j, st, 400, "field.type", "sort");
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":424242,\"name\":\"x\",\"kind\":\"部门\"}");
  tst_expect_err(j, st, 400, "unit.parent_missing", "parent_id");
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":-3,\"name\":\"x\",\"kind\":\"部门\"}");
  tst_expect_err(j, st, 400, "field.range", "parent_id");
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"x\\u0007y\",\"kind\":\"部门\"}");
  tst_expect_err(j, st, 400, "unit.name_invalid", "name");
  /* duplicate code */
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"宣传部\",\"kind\":\"部门\","
            "\"code\":\"XCB-01\"}");
  assert_int_equal(st, 201);
  json_decref(j);
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"宣传部二\",\"kind\":\"部门\","
            "\"code\":\"XCB-01\"}");
  tst_expect_err(j, st, 409, "unit.code_taken", "code");
  /* no CSRF token */
  {
    struct tst_who bad = sys1;
    strcpy(bad.csrf, "0000");
    j = tst_j(srv.port, &bad, "POST", "/api/v1/units", &st,
              "{\"parent_id\":1,\"name\":\"x\",\"kind\":\"部门\"}");
    tst_expect_err(j, st, 403, "auth.csrf", NULL);
  }
}

static void unit_mass_assignment_ignored(void **state)
{
  int st;
  json_t *j;
  int64_t id;
  (void)state;
  /* id, path, depth and counts come from the server, never the client */
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":%lld,\"name\":\"统战部\",\"kind\":\"部门\","
            "\"id\":7777,\"path\":\"/9/\",\"depth\":9,\"n_people\":5}",
            (long long)u_a);
  assert_int_equal(st, 201);
  id = tst_ji(j, "id");
  assert_true(id != 7777);
  assert_int_equal(tst_ji(j, "depth"), 2);
  assert_int_equal(tst_ji(j, "n_people"), 0);
  {
    char want[64];
    snprintf(want, sizeof want, "/1/%lld/%lld/", (long long)u_a, (long long)id);
    assert_string_equal(tst_js(j, "path"), want);
  }
  json_decref(j);
}

static void unit_update_partial_and_audited(void **state)
{
  int st;
  char path[64], sql[200];
  json_t *j;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)u_a);
  j = tst_j(srv.port, &sys1, "PUT", path, &st,
            "{\"name\":\"区委组织部\",\"sort\":5}");
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "name"), "区委组织部");
  assert_string_equal(tst_js(j, "kind"), "部门"); /* kept */
  assert_int_equal(tst_ji(j, "sort"), 5);
  json_decref(j);
  j = tst_j(srv.port, &sys1, "PUT", path, &st, "{\"kind\":\"bogus\"}");
  tst_expect_err(j, st, 400, "unit.kind_invalid", "kind");
  snprintf(sql, sizeof sql,
           "SELECT before_json || '|' || after_json FROM audit_log WHERE "
           "action = 'unit.update' AND object_id = '%lld' ORDER BY id DESC",
           (long long)u_a);
  {
    const char *row = tst_sql(srv.db, sql);
    assert_non_null(row);
    assert_non_null(strstr(row, "\"name\":\"组织部\""));
    assert_non_null(strstr(row, "\"name\":\"区委组织部\""));
  }
}

static void sql_metacharacters_stored_literally(void **state)
{
  int st;
  char path[64];
  json_t *j;
  int64_t id;
  /* JSON text; decodes to a name with a backslash and a double quote */
  const char *evil = "x'); DROP TABLE person;-- \\\\ \\\"/*%_";
  const char *want = "x'); DROP TABLE person;-- \\ \"/*%_";
  (void)state;
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
            "{\"parent_id\":1,\"name\":\"%s\",\"kind\":\"其他\"}", evil);
  assert_int_equal(st, 201);
  id = tst_ji(j, "id");
  assert_string_equal(tst_js(j, "name"), want);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)id);
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_string_equal(tst_js(j, "name"), want);
  json_decref(j);
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
            "{\"unit_id\":%lld,\"name\":\"O'Brien\\\";--\"}", (long long)id);
  assert_int_equal(st, 201);
  assert_string_equal(tst_js(j, "name"), "O'Brien\";--");
  json_decref(j);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) > 0 FROM person"), "1");
  /* the evil unit is empty apart from that person: delete both */
  j = tst_j(srv.port, &sys1, "GET", "/api/v1/people?q=O%27Brien", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  {
    char pp[64];
    snprintf(pp, sizeof pp, "/api/v1/people/%lld",
             (long long)tst_ji(json_array_get(json_object_get(j, "items"), 0),
                               "id"));
    json_decref(j);
    j = tst_j(srv.port, &sys1, "DELETE", pp, &st, NULL);
    assert_int_equal(st, 204);
    json_decref(j);
  }
  j = tst_j(srv.port, &sys1, "DELETE", path, &st, NULL);
  assert_int_equal(st, 204);
  json_decref(j);
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
}

static int64_t count_items(json_t *j)
{
  return (int64_t)json_array_size(json_object_get(j, "items"));
}

static void unit_move_subtree(void **state)
{
  int st;
  char path[80];
  json_t *j;
  (void)state;
  /* under its own descendant: refused */
  snprintf(path, sizeof path, "/api/v1/units/%lld/move", (long long)u_t);
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{\"parent_id\":%lld}",
            (long long)u_b1);
  tst_expect_err(j, st, 400, "unit.move_into_self", "parent_id");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{\"parent_id\":%lld}",
            (long long)u_t);
  tst_expect_err(j, st, 400, "unit.move_into_self", "parent_id");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{}");
  tst_expect_err(j, st, 400, "field.required", "parent_id");
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{\"parent_id\":9999999}");
  tst_expect_err(j, st, 400, "unit.parent_missing", "parent_id");
  /* the branch secretary is logged in and its session is cached */
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/people", &st, NULL);
  assert_int_equal(count_items(j), 2);
  json_decref(j);
  /* move the town party committee (with both branches) under 组织部 */
  snprintf(path, sizeof path, "/api/v1/units/%lld/move", (long long)u_tp);
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{\"parent_id\":%lld}",
            (long long)u_a);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "moved_units"), 3);
  assert_int_equal(tst_ji(j, "moved_people"), 3);
  assert_int_equal(tst_ji(json_object_get(j, "unit"), "depth"), 2);
  json_decref(j);
  /* people of the branches now appear in 组织部's subtree */
  snprintf(path, sizeof path, "/api/v1/people?unit_id=%lld&subtree=1",
           (long long)u_a);
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(count_items(j), 4); /* 李娜 + 3 */
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/people?unit_id=%lld&subtree=1",
           (long long)u_t);
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_int_equal(count_items(j), 0);
  json_decref(j);
  /* a logged-in secretary of branch 1 follows its branch at once (its
   * session's scope is the branch's new path) */
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/people", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(count_items(j), 2);
  json_decref(j);
  {
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT unit_path || depth FROM unit u JOIN person p ON "
             "p.unit_id = u.id WHERE p.id = %lld",
             (long long)p_zhangwei);
    char want[80];
    snprintf(want, sizeof want, "/1/%lld/%lld/%lld/3", (long long)u_a,
             (long long)u_tp, (long long)u_b1);
    assert_string_equal(tst_sql(srv.db, sql), want);
  }
  /* and back */
  snprintf(path, sizeof path, "/api/v1/units/%lld/move", (long long)u_tp);
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{\"parent_id\":%lld}",
            (long long)u_t);
  assert_int_equal(st, 200);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/people?unit_id=%lld&subtree=1",
           (long long)u_t);
  j = tst_j(srv.port, &sys1, "GET", path, &st, NULL);
  assert_int_equal(count_items(j), 3);
  json_decref(j);
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action = "
                              "'unit.move'"),
                      "2");
}

static void unit_delete_only_when_empty(void **state)
{
  int st;
  char path[64];
  json_t *j;
  int64_t id;
  (void)state;
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)u_t);
  j = tst_j(srv.port, &sys1, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 409, "unit.not_empty", "id");
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)u_b1);
  j = tst_j(srv.port, &sys1, "DELETE", path, &st, NULL); /* has people */
  tst_expect_err(j, st, 409, "unit.not_empty", "id");
  /* a unit with only an account */
  id = mk_unit(1, "纪委", "部门");
  {
    struct tst_who w;
    tst_make_user(srv.port, &sys1, "jw_liaison", "联络员", id, 0,
                  "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER, &w);
  }
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)id);
  j = tst_j(srv.port, &sys1, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 409, "unit.not_empty", "id");
  id = mk_unit(1, "临时单位", "其他");
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)id);
  j = tst_j(srv.port, &sys1, "DELETE", path, &st, NULL);
  assert_int_equal(st, 204);
  json_decref(j);
  j = tst_j(srv.port, &sys1, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
}

static void subtree_admin_cannot_write_outside(void **state)
{
  int st;
  char path[96];
  json_t *j;
  int64_t id;
  (void)state;
  /* inside its subtree: fine */
  j = tst_j(srv.port, &orgadm_t, "POST", "/api/v1/units", &st,
            "{\"parent_id\":%lld,\"name\":\"第三党支部\",\"kind\":\"党支部\"}",
            (long long)u_tp);
  assert_int_equal(st, 201);
  id = tst_ji(j, "id");
  json_decref(j);
  /* outside: a parent elsewhere, a root, a unit elsewhere, a move out */
  j = tst_j(srv.port, &orgadm_t, "POST", "/api/v1/units", &st,
            "{\"parent_id\":%lld,\"name\":\"x\",\"kind\":\"党支部\"}",
            (long long)u_a);
  tst_expect_err(j, st, 400, "unit.parent_missing", "parent_id");
  j = tst_j(srv.port, &orgadm_t, "POST", "/api/v1/units", &st,
            "{\"parent_id\":null,\"name\":\"x\",\"kind\":\"区委\"}");
  tst_expect_err(j, st, 403, "unit.root_forbidden", "parent_id");
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)u_a);
  j = tst_j(srv.port, &orgadm_t, "PUT", path, &st, "{\"name\":\"改名\"}");
  tst_expect_err(j, st, 404, "not_found", "id");
  snprintf(path, sizeof path, "/api/v1/units/%lld/move", (long long)id);
  j = tst_j(srv.port, &orgadm_t, "POST", path, &st, "{\"parent_id\":%lld}",
            (long long)u_a);
  tst_expect_err(j, st, 400, "unit.parent_missing", "parent_id");
  snprintf(path, sizeof path, "/api/v1/units/%lld/move", (long long)u_t);
  j = tst_j(srv.port, &orgadm_t, "POST", path, &st, "{\"parent_id\":null}");
  tst_expect_err(j, st, 403, "unit.root_forbidden", "parent_id");
  j = tst_j(srv.port, &orgadm_t, "POST", "/api/v1/people", &st,
            "{\"unit_id\":%lld,\"name\":\"外单位\"}", (long long)u_a);
  tst_expect_err(j, st, 400, "person.unit_missing", "unit_id");
  /* moving its own person into another subtree is refused too */
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)p_zhangwei2);
  j = tst_j(srv.port, &orgadm_t, "PUT", path, &st, "{\"unit_id\":%lld}",
            (long long)u_a);
  tst_expect_err(j, st, 400, "person.unit_missing", "unit_id");
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)p_lina);
  j = tst_j(srv.port, &orgadm_t, "PUT", path, &st, "{\"name\":\"x\"}");
  tst_expect_err(j, st, 404, "not_found", "id");
  j = tst_j(srv.port, &orgadm_t, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", "id");
  /* and the empty unit it made can go */
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)id);
  j = tst_j(srv.port, &orgadm_t, "DELETE", path, &st, NULL);
  assert_int_equal(st, 204);
  json_decref(j);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tree_lists_in_order),
      cmocka_unit_test(unit_get_and_bad_ids),
      cmocka_unit_test(unit_create_bad_input),
      cmocka_unit_test(unit_mass_assignment_ignored),
      cmocka_unit_test(unit_update_partial_and_audited),
      cmocka_unit_test(sql_metacharacters_stored_literally),
      cmocka_unit_test(unit_move_subtree),
      cmocka_unit_test(unit_delete_only_when_empty),
      cmocka_unit_test(subtree_admin_cannot_write_outside),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

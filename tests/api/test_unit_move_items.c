/*
 * test_unit_move_items.c — moving a unit carries its ledger items along
 * (migration 0008's triggers): an item led by unit C under A is seen by
 * A's subtree liaison and not by B's; after C moves under B it is the
 * other way round, in the list and for the item itself (out of scope =
 * 404); a co-unit moved the same way follows too.  Renaming the lead
 * unit, the lead leader or the item's type shows in the list at once (the
 * list reads the copies kept on the item row, migration 0010).
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
#define PW_USER "UnitMove#2026x!"

static struct tst_server srv;
static struct tst_who sys1, sup, lia_a, lia_b;
static int64_t u_a, u_b, u_c, u_d, item, item2;

static int64_t mk_unit(int64_t parent, const char *name)
{
  int st;
  json_t *j = tst_j(srv.port, &sys1, "POST", "/api/v1/units", &st,
                    "{\"parent_id\":%lld,\"name\":\"%s\",\"kind\":\"部门\"}",
                    (long long)parent, name);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int64_t mk_item(int64_t type, const char *title, int64_t lead,
                       int64_t co)
{
  int st;
  char cos[40] = "";
  json_t *j;
  int64_t id;
  if (co)
    snprintf(cos, sizeof cos, ",\"co_unit_ids\":[%lld]", (long long)co);
  j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
            "{\"type_id\":%lld,\"title\":\"%s\",\"lead_unit_id\":%lld,"
            "\"due_date\":\"2099-12-31\",\"fields\":{\"category\":\"养老\"}%s}",
            (long long)type, title, (long long)lead, cos);
  id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int setup(void **state)
{
  static const char *const extra[] = {"--totp-required-admins", "off", NULL};
  const char *init[] = {"init", "--db", NULL, NULL};
  json_t *j, *items, *it;
  size_t i;
  int st;
  int64_t ms = 0;
  (void)state;
  memset(&srv, 0, sizeof srv);
  tst_tmpdir(&srv);
  init[2] = srv.db;
  if (tst_run(init, "/dev/null") != 0 ||
      tst_user_add(srv.db, "sys1", PW_ADMIN, "sysadmin", NULL, 0) != 0 ||
      tst_server_start(&srv, extra) != 0 ||
      tst_as(srv.port, "sys1", PW_ADMIN, &sys1) != 200)
    return -1;
  u_a = mk_unit(1, "甲镇");
  u_b = mk_unit(1, "乙镇");
  u_c = mk_unit(u_a, "甲镇民政办");
  u_d = mk_unit(u_a, "甲镇城建办");
  if (!u_a || !u_b || !u_c || !u_d)
    return -1;
  /* built-in role ids: supervisor 4, liaison 6 */
  if (tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER,
                    &sup) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_a", "甲镇联络员", u_a, 0,
                    "[{\"role_id\":6,\"scope\":\"subtree\"}]", PW_USER,
                    &lia_a) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_b", "乙镇联络员", u_b, 0,
                    "[{\"role_id\":6,\"scope\":\"subtree\"}]", PW_USER,
                    &lia_b) <= 0)
    return -1;
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types", &st, NULL);
  items = json_object_get(j, "items");
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), "MS")) ms =
      tst_ji(it, "id");
  json_decref(j);
  item = mk_item(ms, "民政办牵头事项", u_c, 0);
  item2 = mk_item(ms, "乙镇牵头、城建办配合", u_b, u_d);
  return ms && item && item2 ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

/* Does who's item list hold id, and what does GET /items/id answer? */
static int sees(struct tst_who *who, int64_t id, int *get_status)
{
  char path[64];
  int st, found = 0;
  size_t i;
  json_t *j = tst_j(srv.port, who, "GET", "/api/v1/items?limit=200", &st, NULL),
         *it;
  assert_int_equal(st, 200);
  json_array_foreach(json_object_get(j, "items"), i, it) found |=
      tst_ji(it, "id") == id;
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)id);
  j = tst_j(srv.port, who, "GET", path, get_status, NULL);
  json_decref(j);
  return found;
}

static void items_follow_their_unit(void **state)
{
  char path[64];
  int st;
  json_t *j;
  (void)state;
  assert_true(sees(&lia_a, item, &st));
  assert_int_equal(st, 200);
  assert_false(sees(&lia_b, item, &st));
  assert_int_equal(st, 404);
  /* item2 is seen by A's liaison through its co-unit 城建办 */
  assert_true(sees(&lia_a, item2, &st));
  assert_int_equal(st, 200);
  /* move 民政办 and 城建办 from 甲镇 to 乙镇 */
  snprintf(path, sizeof path, "/api/v1/units/%lld/move", (long long)u_c);
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{\"parent_id\":%lld}",
            (long long)u_b);
  assert_int_equal(st, 200);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/units/%lld/move", (long long)u_d);
  j = tst_j(srv.port, &sys1, "POST", path, &st, "{\"parent_id\":%lld}",
            (long long)u_b);
  assert_int_equal(st, 200);
  json_decref(j);
  assert_false(sees(&lia_a, item, &st));
  assert_int_equal(st, 404);
  assert_true(sees(&lia_b, item, &st));
  assert_int_equal(st, 200);
  assert_false(sees(&lia_a, item2, &st));
  assert_int_equal(st, 404);
  assert_true(sees(&lia_b, item2, &st));
  assert_int_equal(st, 200);
}

/* The list row of id as sup sees it: member key's value (copied). */
static void list_value(int64_t id, const char *key, char *out, size_t n)
{
  int st;
  size_t i;
  json_t *j =
             tst_j(srv.port, &sup, "GET", "/api/v1/items?limit=200", &st, NULL),
         *it;
  out[0] = 0;
  json_array_foreach(json_object_get(j, "items"), i,
                     it) if (tst_ji(it, "id") == id)
      snprintf(out, n, "%s", tst_js(it, key) ? tst_js(it, key) : "");
  json_decref(j);
}

static void names_follow_renames(void **state)
{
  char path[96], v[128];
  int st;
  int64_t person, type, it3;
  json_t *j;
  (void)state;
  j = tst_j(srv.port, &sys1, "POST", "/api/v1/people", &st,
            "{\"unit_id\":%lld,\"name\":\"李副镇长\"}", (long long)u_b);
  person = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  j = tst_j(srv.port, &sup, "POST", "/api/v1/ledger-types", &st,
            "{\"code\":\"HB\",\"name\":\"环保督察\"}");
  type = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  assert_true(person > 0 && type > 0);
  j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
            "{\"type_id\":%lld,\"title\":\"河道整治\",\"lead_unit_id\":%lld,"
            "\"lead_leader_person_id\":%lld,\"due_date\":\"2099-12-31\"}",
            (long long)type, (long long)u_b, (long long)person);
  it3 = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  assert_true(it3 > 0);
  list_value(it3, "type_name", v, sizeof v);
  assert_string_equal(v, "环保督察");
  list_value(it3, "lead_unit_name", v, sizeof v);
  assert_string_equal(v, "乙镇");
  list_value(it3, "lead_leader_name", v, sizeof v);
  assert_string_equal(v, "李副镇长");
  snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)u_b);
  j = tst_j(srv.port, &sys1, "PUT", path, &st, "{\"name\":\"乙街道\"}");
  assert_int_equal(st, 200);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)person);
  j = tst_j(srv.port, &sys1, "PUT", path, &st, "{\"name\":\"李主任\"}");
  assert_int_equal(st, 200);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/ledger-types/%lld", (long long)type);
  j = tst_j(srv.port, &sup, "PUT", path, &st, "{\"name\":\"生态环保\"}");
  assert_int_equal(st, 200);
  json_decref(j);
  list_value(it3, "lead_unit_name", v, sizeof v);
  assert_string_equal(v, "乙街道");
  list_value(it3, "lead_leader_name", v, sizeof v);
  assert_string_equal(v, "李主任");
  list_value(it3, "type_name", v, sizeof v);
  assert_string_equal(v, "生态环保");
  /* an item of a unit not renamed keeps its name */
  list_value(item, "lead_unit_name", v, sizeof v);
  assert_string_equal(v, "甲镇民政办");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(items_follow_their_unit),
      cmocka_unit_test(names_follow_renames),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_milestone.c — marking milestones (节点) done over real HTTP: the
 * lead unit's liaison marks one done after signing and opens it again,
 * 督查室 marks the other; refusals: before signing (409), twice (409),
 * another unit's liaison (404, out of scope), a leader without the lead
 * unit (403), a milestone of another item (404), missing/invalid done
 * (400), an overlong comment (400).  The timeline names each change and
 * teardown runs `luoshi audit verify`.
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
#define PW_USER "Milestone#2026x!"

static struct tst_server srv;
static struct tst_who sys1, sup, lia_a, lia_b, lead;
static int64_t u_a, u_b, ms_type, item, other;

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

static int64_t mk_item(const char *title)
{
  int st;
  json_t *j = tst_j(srv.port, &sup, "POST", "/api/v1/items", &st,
                    "{\"type_id\":%lld,\"title\":\"%s\",\"lead_unit_id\":%lld,"
                    "\"start_date\":\"2000-01-01\",\"due_date\":\"2099-12-31\","
                    "\"fields\":{\"category\":\"养老\"},\"milestones\":["
                    "{\"title\":\"完成选址\",\"due_date\":\"2050-06-30\"},"
                    "{\"title\":\"投入运营\",\"due_date\":\"2099-06-30\"}]}",
                    (long long)ms_type, title, (long long)u_a);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  return id;
}

static int move(struct tst_who *w, int64_t id, const char *action)
{
  int st;
  char path[80];
  json_t *j;
  snprintf(path, sizeof path, "/api/v1/items/%lld/transition", (long long)id);
  j = tst_j(srv.port, w, "POST", path, &st, "{\"action\":\"%s\"}", action);
  json_decref(j);
  return st;
}

/* The id of milestone n (0-based) of item id, as sup sees it. */
static int64_t milestone(int64_t id, int n)
{
  char path[64];
  int st;
  int64_t mid = 0;
  json_t *j, *ms;
  snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)id);
  j = tst_j(srv.port, &sup, "GET", path, &st, NULL);
  ms = json_object_get(j, "milestones");
  if (st == 200 && json_array_size(ms) > (size_t)n)
    mid = tst_ji(json_array_get(ms, (size_t)n), "id");
  json_decref(j);
  return mid;
}

static json_t *mark(struct tst_who *w, int64_t id, int64_t mid, int *st,
                    const char *body)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/items/%lld/milestones/%lld/done",
           (long long)id, (long long)mid);
  return tst_j(srv.port, w, "POST", path, st, "%s", body);
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
  u_a = mk_unit("住建局");
  u_b = mk_unit("卫健委");
  if (!u_a || !u_b)
    return -1;
  /* built-in role ids: supervisor 4, leader 5, liaison 6 */
  if (tst_make_user(srv.port, &sys1, "sup1", "督查员", 1, 0,
                    "[{\"role_id\":4,\"scope\":\"all\"}]", PW_USER,
                    &sup) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_a", "住建联络员", u_a, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_a) <= 0 ||
      tst_make_user(srv.port, &sys1, "lia_b", "卫健联络员", u_b, 0,
                    "[{\"role_id\":6,\"scope\":\"unit\"}]", PW_USER,
                    &lia_b) <= 0 ||
      tst_make_user(srv.port, &sys1, "lead1", "区级领导", 1, 0,
                    "[{\"role_id\":5,\"scope\":\"all\"}]", PW_USER, &lead) <= 0)
    return -1;
  j = tst_j(srv.port, &sup, "GET", "/api/v1/ledger-types", &st, NULL);
  items = json_object_get(j, "items");
  json_array_foreach(items, i, it) if (!strcmp(tst_js(it, "code"), "MS"))
      ms_type = tst_ji(it, "id");
  json_decref(j);
  item = mk_item("老旧小区加装电梯");
  other = mk_item("另一事项");
  if (!ms_type || !item || !other || move(&sup, item, "issue") != 200)
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  return tst_admin_teardown(&srv);
}

static void marks_and_refusals(void **state)
{
  int64_t m1 = milestone(item, 0), m2 = milestone(item, 1);
  int64_t o1 = milestone(other, 0);
  char body[2600];
  int st;
  json_t *j;
  (void)state;
  assert_true(m1 > 0 && m2 > 0 && o1 > 0);
  /* issued, not signed yet: 409 */
  j = mark(&lia_a, item, m1, &st, "{\"done\":true}");
  tst_expect_err(j, st, 409, "milestone.bad_state", "state");
  assert_int_equal(move(&lia_a, item, "sign"), 200);
  /* bad bodies */
  j = mark(&lia_a, item, m1, &st, "{}");
  tst_expect_err(j, st, 400, "field.required", "done");
  j = mark(&lia_a, item, m1, &st, "{\"done\":\"yes\"}");
  tst_expect_err(j, st, 400, "field.type", "done");
  memset(body, 0, sizeof body);
  strcpy(body, "{\"done\":true,\"comment\":\"");
  for (int i = 0; i < 501; i++)
    strcat(body, "x");
  strcat(body, "\"}");
  j = mark(&lia_a, item, m1, &st, body);
  tst_expect_err(j, st, 400, "field.too_long", "comment");
  /* someone else's milestone, another unit, a leader */
  j = mark(&lia_a, item, o1, &st, "{\"done\":true}");
  tst_expect_err(j, st, 404, "milestone.not_found", NULL);
  j = mark(&lia_b, item, m1, &st, "{\"done\":true}");
  assert_int_equal(st, 404);
  json_decref(j);
  j = mark(&lead, item, m1, &st, "{\"done\":true}");
  tst_expect_err(j, st, 403, "milestone.forbidden", NULL);
  /* the liaison marks, twice is refused, reopens; 督查室 marks the other */
  j = mark(&lia_a, item, m1, &st, "{\"done\":true,\"comment\":\"选址已定\"}");
  assert_int_equal(st, 200);
  assert_true(json_is_true(json_object_get(j, "done")));
  json_decref(j);
  j = mark(&lia_a, item, m1, &st, "{\"done\":true}");
  tst_expect_err(j, st, 409, "milestone.unchanged", "done");
  j = mark(&lia_a, item, m1, &st, "{\"done\":false}");
  assert_int_equal(st, 200);
  json_decref(j);
  j = mark(&sup, item, m2, &st, "{\"done\":true}");
  assert_int_equal(st, 200);
  json_decref(j);
  /* the item shows it; the timeline names every change */
  {
    char path[64];
    json_t *ms, *ev, *e;
    size_t i;
    int done = 0, reopen = 0;
    snprintf(path, sizeof path, "/api/v1/items/%lld", (long long)item);
    j = tst_j(srv.port, &lia_a, "GET", path, &st, NULL);
    assert_int_equal(st, 200);
    ms = json_object_get(j, "milestones");
    assert_true(
        json_is_null(json_object_get(json_array_get(ms, 0), "done_at")));
    assert_false(
        json_is_null(json_object_get(json_array_get(ms, 1), "done_at")));
    ev = json_object_get(j, "timeline");
    if (!ev)
      ev = json_object_get(j, "events");
    assert_non_null(ev);
    json_array_foreach(ev, i, e)
    {
      const char *a = tst_js(e, "action");
      if (!strcmp(a, "milestone_done"))
        done++;
      if (!strcmp(a, "milestone_reopen")) {
        reopen++;
        assert_non_null(strstr(tst_js(e, "comment"), "完成选址"));
      }
    }
    assert_int_equal(done, 2);
    assert_int_equal(reopen, 1);
    json_decref(j);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(marks_and_refusals),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

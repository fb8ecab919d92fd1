/*
 * test_plan.c — study plans over real HTTP, on the org fixture
 * (org_fixture.h: 第一党支部 with 张伟 and 张卫, 第二党支部 with 王芳).
 * The branch-1 secretary creates a plan for the branch (draft), edits it,
 * publishes it (张伟's account gets a "plan.published" notification in
 * the same job; 王芳's does not), cannot edit, delete or publish it again
 * (409), reads progress by unit and by member (and as Excel), and closes
 * it.  Refusals: bad fields (400 naming the field), a unit outside the
 * secretary's scope and a draft material (400), a member creating or
 * listing plans (403), another branch's secretary reading the plan or its
 * progress (404), a progress unit outside the scope (404).  张伟 sees the
 * plan in /my/plans with his own progress (reading rows written straight
 * into the database), an account without a person gets 409 no_person.
 * Teardown runs `luoshi audit verify`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "org_fixture.h"

#include <stdlib.h>

static struct tst_who mem_b1, secr_b2;
static int64_t m1, m2, m_draft, plan;

/* A material made by the branch-1 secretary through /materials (the
 * search index's triggers need the server's tokenizer), published unless
 * status is "draft". */
static int64_t mk_material(const char *title, const char *status)
{
  int st;
  char path[96];
  json_t *j =
      tst_j(srv.port, &secr_b1, "POST", "/api/v1/materials", &st,
            "{\"title\":\"%s\",\"body\":\"学习正文，原原本本学。\"}", title);
  int64_t id = st == 201 ? tst_ji(j, "id") : 0;
  json_decref(j);
  if (!id) {
    fprintf(stderr, "material %s: %d %s\n", title, st, tst_last.body);
    return 0;
  }
  if (!strcmp(status, "draft"))
    return id;
  snprintf(path, sizeof path, "/api/v1/materials/%lld/publish", (long long)id);
  j = tst_j(srv.port, &secr_b1, "POST", path, &st, NULL);
  json_decref(j);
  if (st != 200) {
    fprintf(stderr, "publish %s: %d %s\n", title, st, tst_last.body);
    return 0;
  }
  return id;
}

static int plan_setup(void **state)
{
  if (setup(state)) {
    fprintf(stderr, "fixture setup failed (%s)\n", srv.dir);
    return -1;
  }
  tst_make_user(srv.port, &sys1, "mem_b1", "张伟", u_b1, p_zhangwei,
                "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER, &mem_b1);
  tst_make_user(srv.port, &sys1, "secr_b2", "二支书", u_b2, 0,
                "[{\"role_id\":7,\"scope\":\"subtree\"}]", PW_USER, &secr_b2);
  m1 = mk_material("学习资料一", "published");
  m2 = mk_material("学习资料二", "published");
  m_draft = mk_material("草稿资料", "draft");
  return m1 > 0 && m2 > 0 && m_draft > 0 ? 0 : -1;
}

static json_t *create(struct tst_who *w, int *st, const char *fields)
{
  return tst_j(srv.port, w, "POST", "/api/v1/plans", st, "{%s}", fields);
}

/* The body of a good plan for unit u with extra overrides appended. */
static const char *body(int64_t unit, const char *title, int64_t mat2)
{
  static char b[600];
  snprintf(b, sizeof b,
           "\"title\":\"%s\",\"description\":\"原原本本学\","
           "\"start_date\":\"2026-01-01\",\"due_date\":\"2099-12-31\","
           "\"min_minutes\":10,\"units\":[{\"unit_id\":%lld,\"subtree\":true}],"
           "\"materials\":[%lld,%lld]",
           title, (long long)unit, (long long)m1, (long long)mat2);
  return b;
}

static void bad_input(void **state)
{
  static const struct {
    const char *what, *json, *code, *field;
  } v[] = {
      {"no title", "\"start_date\":\"2026-01-01\"", "field.required", "title"},
      {"bad date",
       "\"title\":\"x\",\"start_date\":\"2026-13-01\",\"due_date\":"
       "\"2026-12-01\",\"units\":[{\"unit_id\":1}],\"materials\":[1]",
       "field.date", "start_date"},
      {"due before start",
       "\"title\":\"x\",\"start_date\":\"2026-12-02\",\"due_date\":"
       "\"2026-12-01\",\"units\":[{\"unit_id\":1}],\"materials\":[1]",
       "plan.dates", "due_date"},
      {"minutes too many",
       "\"title\":\"x\",\"start_date\":\"2026-12-01\",\"due_date\":"
       "\"2026-12-01\",\"min_minutes\":10001,\"units\":[{\"unit_id\":1}],"
       "\"materials\":[1]",
       NULL, "min_minutes"},
      {"minutes a string",
       "\"title\":\"x\",\"start_date\":\"2026-12-01\",\"due_date\":"
       "\"2026-12-01\",\"min_minutes\":\"10\",\"units\":[{\"unit_id\":1}],"
       "\"materials\":[1]",
       NULL, "min_minutes"},
      {"no units",
       "\"title\":\"x\",\"start_date\":\"2026-12-01\",\"due_date\":"
       "\"2026-12-01\",\"units\":[],\"materials\":[1]",
       "field.required", "units"},
      {"unit not an object",
       "\"title\":\"x\",\"start_date\":\"2026-12-01\",\"due_date\":"
       "\"2026-12-01\",\"units\":[3],\"materials\":[1]",
       "field.type", "units"},
      {"materials not ids",
       "\"title\":\"x\",\"start_date\":\"2026-12-01\",\"due_date\":"
       "\"2026-12-01\",\"units\":[{\"unit_id\":1}],\"materials\":[\"a\"]",
       "field.type", "materials"},
      {"no materials",
       "\"title\":\"x\",\"start_date\":\"2026-12-01\",\"due_date\":"
       "\"2026-12-01\",\"units\":[{\"unit_id\":1}]",
       "field.required", "materials"},
  };
  int st;
  json_t *j;
  char b[700];
  (void)state;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    json_t *e;
    const char *code, *field;
    j = create(&secr_b1, &st, v[i].json);
    e = j ? json_object_get(j, "error") : NULL;
    code = e ? json_string_value(json_object_get(e, "code")) : NULL;
    field = e ? json_string_value(json_object_get(e, "field")) : NULL;
    if (st != 400 || !code || !field ||
        (v[i].code && strcmp(code, v[i].code)) || strcmp(field, v[i].field))
      fail_msg("%s: %d %s", v[i].what, st, tst_last.body);
    json_decref(j);
  }
  /* a unit outside the secretary's scope, a missing unit */
  j = create(&secr_b1, &st, body(u_b2, "越权计划", m2));
  tst_expect_err(j, st, 400, "plan.unit_invalid", "units");
  j = create(&secr_b1, &st, body(99999, "无此单位", m2));
  tst_expect_err(j, st, 400, "plan.unit_invalid", "units");
  /* a draft material, the same material twice */
  j = create(&secr_b1, &st, body(u_b1, "草稿资料", m_draft));
  tst_expect_err(j, st, 400, "plan.material_invalid", "materials");
  j = create(&secr_b1, &st, body(u_b1, "重复资料", m1));
  tst_expect_err(j, st, 400, "plan.material_duplicate", "materials");
  /* 101 characters of title */
  snprintf(b, sizeof b, "%s", body(u_b1, "", m2));
  {
    char t[400] = "";
    for (int k = 0; k < 101; k++)
      strcat(t, "学");
    j = create(&secr_b1, &st, body(u_b1, t, m2));
    tst_expect_err(j, st, 400, "field.too_long", "title");
  }
  /* not JSON */
  j = tst_j(srv.port, &secr_b1, "POST", "/api/v1/plans", &st, "{\"title\":");
  assert_int_equal(st, 400);
  json_decref(j);
  /* nothing was written */
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM study_plan;"), "0");
}

static void roles(void **state)
{
  int st;
  json_t *j;
  (void)state;
  j = create(&mem_b2, &st, body(u_b2, "党员建计划", m2));
  tst_expect_err(j, st, 403, "auth.forbidden", NULL);
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/plans", &st, NULL);
  assert_int_equal(st, 403);
  json_decref(j);
  j = tst_j(srv.port, &orgadm_t, "GET", "/api/v1/my/plans", &st, NULL);
  assert_int_equal(st, 403); /* no study.read */
  json_decref(j);
  /* an account without a person */
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/my/plans", &st, NULL);
  tst_expect_err(j, st, 409, "no_person", NULL);
}

static void lifecycle(void **state)
{
  int st;
  json_t *j, *items;
  char path[96], p2[128];
  (void)state;
  j = create(&secr_b1, &st, body(u_b1, "学习党史第一期", m2));
  assert_int_equal(st, 201);
  plan = tst_ji(j, "id");
  assert_string_equal(tst_js(j, "status"), "draft");
  assert_int_equal(json_array_size(json_object_get(j, "materials")), 2);
  assert_int_equal(json_array_size(json_object_get(j, "units")), 1);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/plans/%lld", (long long)plan);
  /* edit the draft */
  j = tst_j(srv.port, &secr_b1, "PUT", path, &st, "{%s}",
            body(u_b1, "学习党史（第一期）", m2));
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "title"), "学习党史（第一期）");
  json_decref(j);
  /* nobody notified yet */
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/notifications/unread-count", &st,
            NULL);
  assert_int_equal(tst_ji(j, "count"), 0);
  json_decref(j);
  /* publish: 张伟 has an account, 张卫 has none */
  snprintf(p2, sizeof p2, "%s/publish", path);
  j = tst_j(srv.port, &secr_b1, "POST", p2, &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "published");
  assert_int_equal(tst_ji(j, "notified"), 1);
  json_decref(j);
  j = tst_j(srv.port, &secr_b1, "POST", p2, &st, NULL);
  tst_expect_err(j, st, 409, "plan.not_draft", "status");
  j = tst_j(srv.port, &secr_b1, "PUT", path, &st, "{%s}",
            body(u_b1, "改已发布", m2));
  tst_expect_err(j, st, 409, "plan.not_draft", "status");
  j = tst_j(srv.port, &secr_b1, "DELETE", path, &st, NULL);
  tst_expect_err(j, st, 409, "plan.not_draft", "status");
  /* the list, filtered */
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/plans?status=published", &st,
            NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_int_equal(tst_ji(json_array_get(items, 0), "id"), plan);
  json_decref(j);
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/plans?status=bogus", &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "status");
  /* a second draft, deleted */
  j = create(&secr_b1, &st, body(u_b1, "待删除", m2));
  assert_int_equal(st, 201);
  snprintf(p2, sizeof p2, "/api/v1/plans/%lld", (long long)tst_ji(j, "id"));
  json_decref(j);
  j = tst_j(srv.port, &secr_b1, "DELETE", p2, &st, NULL);
  assert_int_equal(st, 204);
  json_decref(j);
  j = tst_j(srv.port, &secr_b1, "GET", p2, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* audited */
  assert_string_equal(tst_sql(srv.db,
                              "SELECT count(*) FROM audit_log WHERE action IN "
                              "('plan.create','plan.update','plan.publish',"
                              "'plan.delete');"),
                      "5");
}

static void scope(void **state)
{
  int st;
  json_t *j;
  char path[128];
  (void)state;
  snprintf(path, sizeof path, "/api/v1/plans/%lld", (long long)plan);
  j = tst_j(srv.port, &secr_b2, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  snprintf(path, sizeof path, "/api/v1/plans/%lld/progress", (long long)plan);
  j = tst_j(srv.port, &secr_b2, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  snprintf(path, sizeof path, "/api/v1/plans/%lld/close", (long long)plan);
  j = tst_j(srv.port, &secr_b2, "POST", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &secr_b2, "GET", "/api/v1/plans", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  /* progress for a unit outside the secretary's scope */
  snprintf(path, sizeof path, "/api/v1/plans/%lld/progress?unit_id=%lld",
           (long long)plan, (long long)u_b2);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
}

static void notifications_on_publish(void **state)
{
  int st;
  json_t *j, *it;
  char path[96];
  int64_t nid;
  (void)state;
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/notifications?unread=1", &st,
            NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  it = json_array_get(json_object_get(j, "items"), 0);
  assert_string_equal(tst_js(it, "kind"), "plan.published");
  assert_string_equal(tst_js(it, "link"), "/study/my-plans");
  assert_string_equal(tst_js(it, "title"), "新的学习计划：学习党史（第一期）");
  assert_int_equal(tst_ji(it, "object_id"), plan);
  nid = tst_ji(it, "id");
  json_decref(j);
  /* 王芳 (branch 2) got nothing */
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/notifications/unread-count", &st,
            NULL);
  assert_int_equal(tst_ji(j, "count"), 0);
  json_decref(j);
  /* and cannot mark 张伟's */
  snprintf(path, sizeof path, "/api/v1/notifications/%lld/read",
           (long long)nid);
  j = tst_j(srv.port, &mem_b2, "POST", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
}

static void my_plans(void **state)
{
  int st;
  json_t *j, *it, *mats;
  char q[400];
  (void)state;
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/my/plans", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  it = json_array_get(json_object_get(j, "items"), 0);
  assert_int_equal(tst_ji(it, "id"), plan);
  assert_string_equal(tst_js(it, "due_date"), "2099-12-31");
  assert_true(tst_ji(it, "days_left") > 20000);
  assert_int_equal(tst_ji(it, "materials_total"), 2);
  assert_int_equal(tst_ji(it, "materials_done"), 0);
  assert_int_equal(tst_ji(it, "min_minutes"), 10);
  assert_true(json_is_false(json_object_get(it, "done")));
  json_decref(j);
  /* 王芳 is not in branch 1 */
  j = tst_j(srv.port, &mem_b2, "GET", "/api/v1/my/plans", &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  /* 张伟 reads both materials: 400 s + 300 s ≥ 10 min */
  snprintf(q, sizeof q,
           "INSERT INTO reading(person_id, material_id, unit_id, seconds, "
           "progress, completed_at, first_at, last_at) VALUES "
           "(%lld, %lld, %lld, 400, 100, 1, 0, 0), "
           "(%lld, %lld, %lld, 300, 100, 1, 0, 0);",
           (long long)p_zhangwei, (long long)m1, (long long)u_b1,
           (long long)p_zhangwei, (long long)m2, (long long)u_b1);
  tst_sql(srv.db, q);
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/my/plans", &st, NULL);
  it = json_array_get(json_object_get(j, "items"), 0);
  assert_int_equal(tst_ji(it, "materials_done"), 2);
  assert_int_equal(tst_ji(it, "minutes"), 11);
  assert_true(json_is_true(json_object_get(it, "done")));
  mats = json_object_get(it, "materials");
  assert_int_equal(json_array_size(mats), 2);
  assert_int_equal(tst_ji(json_array_get(mats, 0), "id"), m1);
  assert_true(json_is_true(json_object_get(json_array_get(mats, 0), "done")));
  json_decref(j);
}

static void progress(void **state)
{
  int st;
  json_t *j, *it, *total;
  char path[128];
  (void)state;
  snprintf(path, sizeof path, "/api/v1/plans/%lld/progress", (long long)plan);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(json_object_get(j, "unit"), "id"), u_b1);
  total = json_object_get(j, "total");
  assert_int_equal(tst_ji(total, "members"), 2);
  assert_int_equal(tst_ji(total, "completed"), 1);
  assert_int_equal(tst_ji(total, "minutes"), 11);
  assert_true(json_number_value(json_object_get(total, "rate")) == 50.0);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  it = json_array_get(json_object_get(j, "items"), 0);
  assert_true(json_is_true(json_object_get(it, "is_self")));
  json_decref(j);
  snprintf(path, sizeof path,
           "/api/v1/plans/%lld/progress?level=member&limit=1", (long long)plan);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  it = json_array_get(json_object_get(j, "items"), 0);
  assert_string_equal(tst_js(it, "name"), "张伟");
  assert_true(json_is_true(json_object_get(it, "done")));
  assert_non_null(tst_js(j, "next_cursor"));
  {
    char next[600];
    snprintf(next, sizeof next,
             "/api/v1/plans/%lld/progress?level=member&limit=1&cursor=%s",
             (long long)plan, tst_url(tst_js(j, "next_cursor")));
    json_decref(j);
    j = tst_j(srv.port, &secr_b1, "GET", next, &st, NULL);
    assert_int_equal(st, 200);
    it = json_array_get(json_object_get(j, "items"), 0);
    assert_string_equal(tst_js(it, "name"), "张卫");
    assert_true(json_is_false(json_object_get(it, "done")));
    assert_true(json_is_null(json_object_get(j, "next_cursor")));
    json_decref(j);
  }
  snprintf(path, sizeof path, "/api/v1/plans/%lld/progress?level=branches",
           (long long)plan);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "level");
  /* per branch */
  snprintf(path, sizeof path, "/api/v1/plans/%lld/progress?level=branch",
           (long long)plan);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  it = json_array_get(json_object_get(j, "items"), 0);
  assert_int_equal(tst_ji(it, "unit_id"), u_b1);
  assert_int_equal(tst_ji(it, "members"), 2);
  assert_int_equal(tst_ji(it, "completed"), 1);
  json_decref(j);
  /* the Excel export, audited */
  snprintf(path, sizeof path,
           "/api/v1/plans/%lld/progress?level=member&format=xlsx",
           (long long)plan);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_null(j);
  assert_true(tst_last.body_len > 100);
  assert_memory_equal(tst_last.body, "PK", 2);
  assert_string_equal(tst_sql(srv.db, "SELECT count(*) FROM audit_log WHERE "
                                      "action = 'plan.export';"),
                      "1");
}

static void close_plan(void **state)
{
  int st;
  json_t *j;
  char path[96];
  (void)state;
  snprintf(path, sizeof path, "/api/v1/plans/%lld/close", (long long)plan);
  j = tst_j(srv.port, &secr_b1, "POST", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_string_equal(tst_js(j, "status"), "closed");
  json_decref(j);
  j = tst_j(srv.port, &secr_b1, "POST", path, &st, NULL);
  tst_expect_err(j, st, 409, "plan.not_published", "status");
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/my/plans", &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/my/plans?all=1", &st, NULL);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(bad_input),
      cmocka_unit_test(roles),
      cmocka_unit_test(lifecycle),
      cmocka_unit_test(scope),
      cmocka_unit_test(notifications_on_publish),
      cmocka_unit_test(my_plans),
      cmocka_unit_test(progress),
      cmocka_unit_test(close_plan),
  };
  return cmocka_run_group_tests(tests, plan_setup, teardown);
}

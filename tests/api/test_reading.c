/*
 * test_reading.c — /api/v1/reading over real HTTP: the heartbeat flow on
 * the server's (test) clock (first beat 0, a steady beat credited, a long
 * gap capped, completion at min_seconds audited once, no audit row per
 * heartbeat), bad input (400), invisible / unpublished / missing
 * materials (404), an account without a person (409), the member's own
 * history, summary and one record, and the unit records: the branch
 * secretary sees the branch, another branch's secretary sees nothing of
 * it and gets 404 for its unit and people, a member gets 403; the Excel
 * export.  Materials are created and published through the materials
 * API by a secretary with scope all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "org_fixture.h"

#include <stdlib.h>

static struct tst_who mem_b1, secr_b2, org_all;
static int64_t m_all, m_b2, m_draft;

static int64_t mk_material(const char *title, const char *units, int publish)
{
  int st;
  json_t *j = tst_j(srv.port, &org_all, "POST", "/api/v1/materials", &st,
                    "{\"title\":\"%s\",\"body\":\"学史明理，学史增信。\","
                    "\"min_seconds\":10%s}",
                    title, units ? units : "");
  int64_t id = tst_ji(j, "id");
  if (st != 201)
    fail_msg("material %s: %d %s", title, st, tst_last.body);
  json_decref(j);
  if (publish) {
    char path[64];
    snprintf(path, sizeof path, "/api/v1/materials/%lld/publish",
             (long long)id);
    json_decref(tst_j(srv.port, &org_all, "POST", path, &st, "{}"));
    if (st != 200)
      fail_msg("publish %s: %d %s", title, st, tst_last.body);
  }
  return id;
}

static int setup_reading(void **state)
{
  char units[64];
  if (setup(state))
    return -1;
  tst_make_user(srv.port, &sys1, "mem_b1", "张伟", u_b1, p_zhangwei,
                "[{\"role_id\":8,\"scope\":\"self\"}]", PW_USER, &mem_b1);
  tst_make_user(srv.port, &sys1, "secr_b2", "二支书", u_b2, 0,
                "[{\"role_id\":7,\"scope\":\"subtree\"}]", PW_USER, &secr_b2);
  tst_make_user(srv.port, &sys1, "org_all", "组织部", 1, p_lina,
                "[{\"role_id\":7,\"scope\":\"all\"}]", PW_USER, &org_all);
  m_all = mk_material("全体可见", NULL, 1);
  snprintf(units, sizeof units, ",\"visible_all\":false,\"unit_ids\":[%lld]",
           (long long)u_b2);
  m_b2 = mk_material("第二支部可见", units, 1);
  m_draft = mk_material("草稿", NULL, 0);
  return 0;
}

static json_t *beat(const struct tst_who *who, int64_t mat, int progress,
                    int *st)
{
  return tst_j(srv.port, who, "POST", "/api/v1/reading/heartbeat", st,
               "{\"material_id\":%lld,\"progress\":%d}", (long long)mat,
               progress);
}

static int count_audit(const char *action)
{
  char q[160];
  const char *v;
  snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE action = '%s';",
           action);
  v = tst_sql(srv.db, q);
  return v ? atoi(v) : -1;
}

static void heartbeat_flow(void **state)
{
  int st;
  json_t *j, *items;
  char path[80];
  int audits = count_audit("reading.complete");
  (void)state;
  tst_clock_set(&srv, 0);
  j = beat(&mem_b1, m_all, 10, &st);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "credited"), 0);
  assert_int_equal(tst_ji(j, "seconds"), 0);
  assert_int_equal(tst_ji(j, "min_seconds"), 10);
  assert_true(json_is_false(json_object_get(j, "completed")));
  json_decref(j);
  /* 15 s later on the server's clock: credited, and complete (≥ 10) */
  tst_clock_set(&srv, 15000);
  j = beat(&mem_b1, m_all, 50, &st);
  assert_int_equal(st, 200);
  assert_true(tst_ji(j, "credited") >= 15 && tst_ji(j, "credited") <= 16);
  assert_true(json_is_true(json_object_get(j, "completed")));
  assert_non_null(tst_js(j, "completed_at"));
  json_decref(j);
  /* an immediate second beat credits nothing more */
  j = beat(&mem_b1, m_all, 40, &st);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "credited"), 0);
  assert_int_equal(tst_ji(j, "progress"), 50); /* the furthest */
  json_decref(j);
  /* a 10-minute gap credits only the cap (30 s) */
  tst_clock_set(&srv, 615000);
  j = beat(&mem_b1, m_all, 100, &st);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "credited"), 30);
  assert_int_equal(tst_ji(j, "progress"), 100);
  json_decref(j);
  /* completion audited once; heartbeats not at all */
  assert_int_equal(count_audit("reading.complete"), audits + 1);
  assert_int_equal(count_audit("reading.heartbeat"), 0);
  /* the own record, history and summary */
  snprintf(path, sizeof path, "/api/v1/reading/materials/%lld",
           (long long)m_all);
  j = tst_j(srv.port, &mem_b1, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_true(tst_ji(j, "seconds") >= 45);
  assert_int_equal(tst_ji(j, "progress"), 100);
  assert_string_equal(tst_js(j, "title"), "全体可见");
  assert_true(json_is_true(json_object_get(j, "completed")));
  json_decref(j);
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/reading/mine", &st, NULL);
  assert_int_equal(st, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_int_equal(tst_ji(json_array_get(items, 0), "material_id"), m_all);
  assert_string_equal(tst_js(json_array_get(items, 0), "title"), "全体可见");
  json_decref(j);
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/reading/mine/summary", &st,
            NULL);
  assert_int_equal(st, 200);
  assert_true(tst_ji(j, "total_seconds") >= 45);
  assert_int_equal(tst_ji(j, "completed"), 1);
  assert_int_equal(tst_ji(j, "materials"), 1);
  assert_int_equal(tst_ji(j, "streak_days"), 1);
  json_decref(j);
  tst_clock_set(&srv, 0);
}

static void bad_input(void **state)
{
  int st;
  json_t *j;
  char path[80];
  (void)state;
  j = beat(&mem_b1, m_all, 101, &st);
  tst_expect_err(j, st, 400, "field.range", "progress");
  j = beat(&mem_b1, m_all, -1, &st);
  tst_expect_err(j, st, 400, "field.range", "progress");
  j = tst_j(srv.port, &mem_b1, "POST", "/api/v1/reading/heartbeat", &st,
            "{\"material_id\":%lld,\"progress\":\"50\"}", (long long)m_all);
  tst_expect_err(j, st, 400, "field.type", "progress");
  j = tst_j(srv.port, &mem_b1, "POST", "/api/v1/reading/heartbeat", &st,
            "{\"progress\":5}");
  tst_expect_err(j, st, 400, "field.required", "material_id");
  j = beat(&mem_b1, 0, 5, &st);
  tst_expect_err(j, st, 400, "field.range", "material_id");
  j = tst_j(srv.port, &mem_b1, "POST", "/api/v1/reading/heartbeat", &st,
            "[1,2]");
  assert_int_equal(st, 400);
  json_decref(j);
  /* invisible to branch 1, unpublished, missing: 404 alike */
  j = beat(&mem_b1, m_b2, 5, &st);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = beat(&mem_b1, m_draft, 5, &st);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = beat(&mem_b1, 999999, 5, &st);
  tst_expect_err(j, st, 404, "not_found", NULL);
  snprintf(path, sizeof path, "/api/v1/reading/materials/%lld",
           (long long)m_b2);
  j = tst_j(srv.port, &mem_b1, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* but visible to branch 2's member, with zeros before reading */
  j = tst_j(srv.port, &mem_b2, "GET", path, &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(tst_ji(j, "seconds"), 0);
  assert_true(json_is_null(json_object_get(j, "last_at")));
  json_decref(j);
  /* an account without a person */
  j = beat(&secr_b1, m_all, 5, &st);
  tst_expect_err(j, st, 409, "no_person", NULL);
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/reading/mine", &st, NULL);
  tst_expect_err(j, st, 409, "no_person", NULL);
  /* a member may not list a unit's records */
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/reading", &st, NULL);
  assert_int_equal(st, 403);
  json_decref(j);
  j = tst_j(srv.port, &mem_b1, "GET", "/api/v1/reading/mine?cursor=abc", &st,
            NULL);
  tst_expect_err(j, st, 400, "page.cursor", "cursor");
}

static int n_items(const struct tst_who *who, const char *path, int want_st)
{
  int st, n;
  json_t *j = tst_j(srv.port, who, "GET", path, &st, NULL);
  if (st != want_st)
    fail_msg("%s: %d %s", path, st, tst_last.body);
  n = (int)json_array_size(json_object_get(j, "items"));
  json_decref(j);
  return n;
}

static void unit_records(void **state)
{
  int st;
  json_t *j, *row;
  char path[160];
  (void)state;
  /* branch 2's member reads the material visible to branch 2 */
  json_decref(beat(&mem_b2, m_b2, 30, &st));
  assert_int_equal(st, 200);
  /* branch 1's secretary: branch 1 only */
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/reading", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  row = json_array_get(json_object_get(j, "items"), 0);
  assert_string_equal(tst_js(row, "person_name"), "张伟");
  assert_string_equal(tst_js(row, "unit_name"), "第一党支部");
  assert_int_equal(tst_ji(row, "material_id"), m_all);
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/reading?unit_id=%lld", (long long)u_b1);
  assert_int_equal(n_items(&secr_b1, path, 200), 1);
  snprintf(path, sizeof path, "/api/v1/reading?person_id=%lld",
           (long long)p_zhangwei);
  assert_int_equal(n_items(&secr_b1, path, 200), 1);
  snprintf(path, sizeof path, "/api/v1/reading?person_id=%lld",
           (long long)p_zhangwei2);
  assert_int_equal(n_items(&secr_b1, path, 200), 0);
  /* out of its scope: 404 */
  snprintf(path, sizeof path, "/api/v1/reading?unit_id=%lld", (long long)u_b2);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  snprintf(path, sizeof path, "/api/v1/reading?person_id=%lld",
           (long long)p_wangfang);
  j = tst_j(srv.port, &secr_b1, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  j = tst_j(srv.port, &secr_b1, "GET", "/api/v1/reading?unit_id=999999", &st,
            NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* branch 2's secretary sees branch 2's reading, not branch 1's */
  j = tst_j(srv.port, &secr_b2, "GET", "/api/v1/reading", &st, NULL);
  assert_int_equal(st, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  row = json_array_get(json_object_get(j, "items"), 0);
  assert_string_equal(tst_js(row, "person_name"), "王芳");
  json_decref(j);
  snprintf(path, sizeof path, "/api/v1/reading?unit_id=%lld", (long long)u_b1);
  j = tst_j(srv.port, &secr_b2, "GET", path, &st, NULL);
  tst_expect_err(j, st, 404, "not_found", NULL);
  /* scope all sees both; a parent unit covers its branches */
  assert_int_equal(n_items(&org_all, "/api/v1/reading", 200), 2);
  snprintf(path, sizeof path, "/api/v1/reading?unit_id=%lld", (long long)u_tp);
  assert_int_equal(n_items(&org_all, path, 200), 2);
  snprintf(path, sizeof path, "/api/v1/reading?unit_id=%lld", (long long)u_a);
  assert_int_equal(n_items(&org_all, path, 200), 0);
  /* pages of one */
  j = tst_j(srv.port, &org_all, "GET", "/api/v1/reading?limit=1", &st, NULL);
  assert_int_equal(st, 200);
  assert_non_null(tst_js(j, "next_cursor"));
  snprintf(path, sizeof path, "/api/v1/reading?limit=1&cursor=%s",
           tst_url(tst_js(j, "next_cursor")));
  json_decref(j);
  assert_int_equal(n_items(&org_all, path, 200), 1);
  /* dates: a window in the past has nothing; bad dates 400 */
  assert_int_equal(
      n_items(&org_all, "/api/v1/reading?from=2020-01-01&to=2020-12-31", 200),
      0);
  assert_int_equal(n_items(&org_all, "/api/v1/reading?from=2020-01-01", 200),
                   2);
  j = tst_j(srv.port, &org_all, "GET", "/api/v1/reading?from=2026-13-01", &st,
            NULL);
  tst_expect_err(j, st, 400, "query.invalid", "from");
  j = tst_j(srv.port, &org_all, "GET",
            "/api/v1/reading?from=2026-02-01&to=2026-01-01", &st, NULL);
  tst_expect_err(j, st, 400, "query.invalid", "to");
  j = tst_j(srv.port, &org_all, "GET", "/api/v1/reading?unit_id=abc", &st,
            NULL);
  tst_expect_err(j, st, 400, "query.invalid", "unit_id");
  /* the member's own history holds only their own */
  assert_int_equal(n_items(&mem_b2, "/api/v1/reading/mine", 200), 1);
}

static void export_xlsx(void **state)
{
  struct tst_resp r;
  char h[128];
  int before = count_audit("reading.export");
  (void)state;
  memset(&r, 0, sizeof r);
  tst_call(srv.port, "GET", "/api/v1/reading?format=xlsx", secr_b1.cookie,
           secr_b1.csrf, NULL, &r);
  assert_int_equal(r.status, 200);
  assert_non_null(tst_header(&r, "Content-Type", h, sizeof h));
  assert_non_null(strstr(h, "spreadsheetml"));
  assert_true(r.body_len > 100 && r.body[0] == 'P' && r.body[1] == 'K');
  tst_resp_free(&r);
  assert_int_equal(count_audit("reading.export"), before + 1);
  memset(&r, 0, sizeof r);
  tst_call(srv.port, "GET", "/api/v1/reading?format=pdf", secr_b1.cookie,
           secr_b1.csrf, NULL, &r);
  assert_int_equal(r.status, 400);
  tst_resp_free(&r);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(heartbeat_flow),
      cmocka_unit_test(bad_input),
      cmocka_unit_test(unit_records),
      cmocka_unit_test(export_xlsx),
  };
  return cmocka_run_group_tests(tests, setup_reading, teardown);
}
